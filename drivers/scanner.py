"""Serial barcode scanners: [prefix][AIM symbology id][data][suffix].

:func:`parse_scan` decides what one frame is (a gift card, or an UnknownScan
with a reason); :class:`BarcodeScanner` reads a port and hands events to a
callback on its reader thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from drivers.checksums import gtin_ok
from drivers.events import CardScanned, CodeScanned, UnknownScan, mask_number
from drivers.formats import CardFormat, check_number
from drivers.framing import CR, LF, TAB
from drivers.serial_device import EventCallback, SerialConfig, SerialDevice

logger = logging.getLogger(__name__)

ACK = b"\x06"
NAK = b"\x15"
#: Longest barcode text taken as a scan; longer frames are noise.
MAX_SCAN = 128

# AIM identifiers: "]" + symbology letter + modifier. The letter decides the
# name; a few letter+modifier pairs are more precise.
_AIM_BY_LETTER = {
    "A": "code39",
    "C": "code128",
    "E": "ean-upc",
    "F": "codabar",
    "G": "code93",
    "H": "code11",
    "I": "itf",
    "L": "pdf417",
    "M": "msi",
    "Q": "qr",
    "X": "other",
    "d": "datamatrix",
    "e": "databar",
    "z": "aztec",
}
_AIM_EXACT = {"E0": "ean13", "E4": "ean8"}

#: What a (virtual) scanner sends for a symbology, as in vendors' manuals.
AIM_IDS = {
    "code128": "]C1",
    "ean13": "]E0",
    "upca": "]E0",
    "ean8": "]E4",
    "code39": "]A0",
    "qr": "]Q1",
    "datamatrix": "]d2",
    "databar": "]e0",
    "itf": "]I0",
    "pdf417": "]L0",
}

_GTIN_LENGTHS = {"ean13": 13, "upca": 12, "ean8": 8}
_GTIN_LABEL = {"ean13": "EAN-13", "upca": "UPC-A", "ean8": "EAN-8"}


def scanner_config(url: str, **overrides: object) -> SerialConfig:
    """SerialConfig with scanner defaults: 9600 8N1, CR, LF or Tab ends a scan."""
    options: dict[str, object] = {"terminators": (CR, LF, TAB), "inter_char_timeout_s": 0.2}
    options.update(overrides)
    return SerialConfig(url, **options)  # type: ignore[arg-type]


def split_aim(text: str) -> tuple[str | None, str]:
    """``"]E05012345678900"`` -> ``("ean13", "5012345678900")``; text without
    an AIM identifier comes back unchanged with None."""
    if len(text) < 3 or text[0] != "]" or not text[1].isascii() or not text[1].isalpha():
        return None, text
    code = text[1:3]
    name = _AIM_EXACT.get(code) or _AIM_BY_LETTER.get(code[0]) or f"aim-{code}"
    return name, text[3:]


def _classify(frame: bytes, formats: Iterable[CardFormat],
              device: str) -> tuple[CardScanned | UnknownScan | CodeScanned, bool]:
    """The event for ``frame`` and whether the frame looked garbled in transit
    (worth a NAK so the scanner sends it again)."""
    raw = frame.strip(b" \t\r\n\x00")
    if not raw:
        return UnknownScan(device, "empty scan"), True
    if len(raw) > MAX_SCAN:
        return UnknownScan(device, f"too long for a barcode ({len(raw)} bytes)"), True
    if any(b < 0x20 or b > 0x7E for b in raw):
        return UnknownScan(device, "unreadable characters in the scan"), True
    symbology, data = split_aim(raw.decode("ascii"))
    hint = f"{mask_number(data)} ({len(data)} chars)" if data else None
    if not data:
        return UnknownScan(device, "no data after the symbology identifier", symbology), True
    if symbology == "ean13" and len(data) == 12:
        symbology = "upca"
    if symbology in _GTIN_LENGTHS:
        label = _GTIN_LABEL[symbology]
        if len(data) != _GTIN_LENGTHS[symbology] or not (data.isascii() and data.isdigit()):
            return UnknownScan(device, f"not a valid {label} code", symbology, hint), True
        if not gtin_ok(data):
            return UnknownScan(device, f"{label} check digit is wrong", symbology, hint), True
    why = check_number(data, formats)
    if why is not None:
        if is_plain_code(data):
            return CodeScanned(device, data, symbology), False
        return UnknownScan(device, f"not a gift card: {why}", symbology, hint), False
    return CardScanned(device, data, symbology), False


def is_plain_code(data: str) -> bool:
    """A code that cannot be a (misread) card number, so it may travel whole:
    a GTIN (8, 12, 13 or 14 digits) whose check digit is right, or 4 to 64
    letters and digits with both in it (a receipt's ``S000042``)."""
    if not data.isascii() or not data.isalnum() or not 4 <= len(data) <= 64:
        return False
    if data.isdigit():
        return len(data) in (8, 12, 13, 14) and gtin_ok(data)
    return any(ch.isalpha() for ch in data) and any(ch.isdigit() for ch in data)


def parse_scan(frame: bytes, formats: Iterable[CardFormat] = (), *,
               device: str = "scanner") -> CardScanned | UnknownScan | CodeScanned:
    """What one framed scan is. Never raises: any bytes give an event.

    AIM identifiers are stripped and reported as ``symbology``; EAN-13, UPC-A
    and EAN-8 check digits are verified; the rest must match one of
    ``formats`` (any 1-64 letters and digits when none are given) to be a
    CardScanned.
    """
    return _classify(frame, formats, device)[0]


class BarcodeScanner(SerialDevice):
    """A serial barcode scanner. ``on_event`` gets CardScanned / UnknownScan
    and the status events, on the reader thread.

    With ``ack_nak`` the scanner is answered ACK after every frame received
    intact and NAK after one that arrived garbled (characters a barcode
    cannot hold, a wrong EAN/UPC check digit), so scanners configured for it
    resend.
    """

    def __init__(self, name: str, config: SerialConfig, formats: Iterable[CardFormat],
                 on_event: EventCallback, *, ack_nak: bool = False) -> None:
        super().__init__(name, config, on_event)
        self.formats = tuple(formats)
        self.ack_nak = ack_nak

    def _handle_frame(self, frame: bytes, now: float) -> None:
        event, garbled = _classify(frame, self.formats, self.name)
        if self.ack_nak:
            self._write(NAK if garbled else ACK)
        if isinstance(event, UnknownScan):
            logger.info("%s: unknown scan: %s", self.name, event.reason)
        self._emit(event)
