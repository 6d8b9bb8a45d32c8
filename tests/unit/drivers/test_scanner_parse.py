"""Frames as serial scanners send them: [prefix][AIM id][data][suffix]."""

from __future__ import annotations

import pytest

from drivers.checksums import gtin_digit
from drivers.events import UnknownScan
from drivers.formats import CardFormat
from drivers.framing import Framer
from drivers.scanner import _classify, parse_scan, split_aim

from .helpers import CARD, GIFT

BAD_LUHN = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)


def framed(raw: bytes) -> bytes:
    """What the driver's framer makes of raw scanner output (CR/LF/Tab suffix)."""
    [frame] = Framer(terminators=(b"\r", b"\n", b"\t")).data_received(raw)
    return frame


@pytest.mark.parametrize("raw, symbology", [
    (b"]C1" + CARD.encode() + b"\r", "code128"),
    (b"]C0" + CARD.encode() + b"\r\n", "code128"),
    (b"]Q1" + CARD.encode() + b"\t", "qr"),
    (b"]d2" + CARD.encode() + b"\r", "datamatrix"),
    (b"]e0" + CARD.encode() + b"\r", "databar"),
    (b"]A0" + CARD.encode() + b"\r", "code39"),
    (b"]I0" + CARD.encode() + b"\r", "itf"),
    (b"]Z9" + CARD.encode() + b"\r", "aim-Z9"),
    (CARD.encode() + b"\r", None),
    (CARD.encode() + b" \r", None),  # some scanners add a space
])
def test_gift_card_scans(raw: bytes, symbology: str | None) -> None:
    event = parse_scan(framed(raw), [GIFT], device="till-1")
    assert event.__class__.__name__ == "CardScanned"
    assert event.device == "till-1"
    assert event.number == CARD  # type: ignore[union-attr]
    assert event.symbology == symbology


def test_product_barcode_is_not_a_card() -> None:
    # A GTIN with a right check digit cannot be a misread card: it travels
    # whole, for the till's item list (issue 16, item 10).
    event = parse_scan(framed(b"]E05012345678900\r"), [GIFT])
    assert event.__class__.__name__ == "CodeScanned"
    assert event.symbology == "ean13"
    assert event.data == "5012345678900"  # type: ignore[union-attr]
    # Digits that are neither a card nor a GTIN stay masked.
    other = parse_scan(framed(b"5012345678901234\r"), [GIFT])
    assert other.__class__.__name__ == "UnknownScan"
    assert other.reason == "not a gift card: prefix is not 6036"  # type: ignore[union-attr]
    assert other.hint == "****1234 (16 chars)"  # type: ignore[union-attr]


def test_ean13_with_a_wrong_check_digit() -> None:
    event = parse_scan(b"]E05012345678901", [GIFT])
    assert event.__class__.__name__ == "UnknownScan"
    assert event.reason == "EAN-13 check digit is wrong"  # type: ignore[union-attr]


def reason(frame: bytes) -> str:
    event = parse_scan(frame, [GIFT])
    assert isinstance(event, UnknownScan), event
    return event.reason


def test_upca_under_e0_and_ean8() -> None:
    assert parse_scan(b"]E0036000291452", [GIFT]).symbology == "upca"
    assert reason(b"]E0036000291453") == "UPC-A check digit is wrong"
    assert parse_scan(b"]E496385074", [GIFT]).symbology == "ean8"
    assert reason(b"]E496385075") == "EAN-8 check digit is wrong"
    assert reason(b"]E41234") == "not a valid EAN-8 code"


def test_in_store_ean13_can_be_a_gift_card() -> None:
    code = "290000000001" + gtin_digit("290000000001")
    event = parse_scan(b"]E0" + code.encode(), [CardFormat("29", 13)])
    assert event.__class__.__name__ == "CardScanned"
    assert event.symbology == "ean13"


def test_luhn_failure_is_an_unknown_scan_with_a_masked_hint() -> None:
    event = parse_scan(b"]C1" + BAD_LUHN.encode(), [GIFT])
    assert event.__class__.__name__ == "UnknownScan"
    assert event.reason == "not a gift card: check digit is wrong"  # type: ignore[union-attr]
    assert BAD_LUHN not in repr(event) and BAD_LUHN not in str(event.reason)  # type: ignore
    assert event.hint == f"****{BAD_LUHN[-4:]} (16 chars)"  # type: ignore[union-attr]


@pytest.mark.parametrize("frame, reason", [
    (b"", "empty scan"),
    (b"  \r\n", "empty scan"),
    (b"]C1", "no data after the symbology identifier"),
    (b"6036\x00000012349", "unreadable characters in the scan"),
    (b"\xff\xfe\xfd", "unreadable characters in the scan"),
    (b"6036" + bytes([0x1b]) + b"[A", "unreadable characters in the scan"),
    (b"9" * 200, "too long for a barcode (200 bytes)"),
])
def test_noise_is_an_unknown_scan(frame: bytes, reason: str) -> None:
    event = parse_scan(frame, [GIFT])
    assert event.__class__.__name__ == "UnknownScan"
    assert event.reason == reason  # type: ignore[union-attr]


def test_garbled_frames_ask_for_a_resend_but_foreign_barcodes_do_not() -> None:
    assert _classify(b"\xff\xfe", [GIFT], "s")[1] is True
    assert _classify(b"]E05012345678901", [GIFT], "s")[1] is True
    assert _classify(b"]E05012345678900", [GIFT], "s")[1] is False
    assert _classify(CARD.encode(), [GIFT], "s")[1] is False


def test_without_formats_any_letters_and_digits_are_a_card() -> None:
    assert parse_scan(b"]C1ABC123").__class__.__name__ == "CardScanned"
    assert parse_scan(b"]C1ABC-123").__class__.__name__ == "UnknownScan"


def test_split_aim() -> None:
    assert split_aim("]E05012345678900") == ("ean13", "5012345678900")
    assert split_aim("no-aim") == (None, "no-aim")
    assert split_aim("]1x") == (None, "]1x")  # not an AIM id: the data keeps its ]
