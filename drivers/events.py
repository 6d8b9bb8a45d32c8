"""What drivers tell the rest of giftpos: small frozen dataclasses handed to a
callback. They carry the card number because the app needs it, but their
``repr``/``str`` show only the last four characters, so a log line or a
traceback that prints an event never leaks a card number.

``dataclasses.asdict(event)`` would expose the number: use :func:`to_record`
for anything written out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

MASK = "****"


def last4(number: str) -> str:
    """The last four characters, or "" when the number is so short that they
    would be all of it."""
    return number[-4:] if len(number) > 4 else ""


def mask_number(number: str) -> str:
    """``****1234``: never more than the last four characters, never the length."""
    return MASK + last4(number)


def _mask_name(name: str | None) -> str:
    return "None" if name is None else "'***'"


@dataclass(frozen=True, slots=True, repr=False)
class CardScanned:
    """A barcode that matches a configured gift card format."""

    device: str
    number: str
    symbology: str | None = None

    @property
    def masked(self) -> str:
        return mask_number(self.number)

    @property
    def last4(self) -> str:
        return last4(self.number)

    def __repr__(self) -> str:
        return (f"CardScanned(device={self.device!r}, number={self.masked!r}, "
                f"symbology={self.symbology!r})")


@dataclass(frozen=True, slots=True, repr=False)
class UnknownScan:
    """A scan that is not a gift card (a product barcode, a damaged label, line
    noise). ``reason`` says why in words; ``hint`` is at most a masked
    ``****1234 (13 chars)`` so a technician can tell scans apart."""

    device: str
    reason: str
    symbology: str | None = None
    hint: str | None = None

    @property
    def masked(self) -> str:
        return self.hint or MASK

    def __repr__(self) -> str:
        return (f"UnknownScan(device={self.device!r}, reason={self.reason!r}, "
                f"symbology={self.symbology!r}, hint={self.hint!r})")


@dataclass(frozen=True, slots=True)
class CodeScanned:
    """A scan that is not a gift card but a code the till may know: a product
    barcode (a GTIN with a right check digit) or a code with letters in it (a
    receipt's ``S42``). It cannot be a card number, so it is carried whole."""

    device: str
    data: str
    symbology: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class CardSwiped:
    """A magstripe swipe with a readable track 2. ``expiry`` is ``YYMM``."""

    device: str
    number: str
    expiry: str | None = None
    name: str | None = None

    @property
    def masked(self) -> str:
        return mask_number(self.number)

    @property
    def last4(self) -> str:
        return last4(self.number)

    def __repr__(self) -> str:
        return (f"CardSwiped(device={self.device!r}, number={self.masked!r}, "
                f"expiry={self.expiry!r}, name={_mask_name(self.name)})")


@dataclass(frozen=True, slots=True)
class ReadFailed:
    """A swipe that could not be used. ``message`` is for the cashier ("Swipe
    again, slowly"); ``detail`` says what went wrong for a technician, never
    with track data in it."""

    device: str
    message: str
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class DeviceConnected:
    device: str
    port: str


@dataclass(frozen=True, slots=True)
class DeviceLost:
    """The port went away (unplugged, closed, failed to open). The driver keeps
    retrying until it is closed."""

    device: str
    port: str
    reason: str


@dataclass(frozen=True, slots=True)
class DeviceReconnecting:
    """The driver will try to open the port again in ``delay_s`` seconds."""

    device: str
    port: str
    attempt: int
    delay_s: float


CardEvent: TypeAlias = CardScanned | UnknownScan | CodeScanned | CardSwiped | ReadFailed
StatusEvent: TypeAlias = DeviceConnected | DeviceLost | DeviceReconnecting
DeviceEvent: TypeAlias = CardEvent | StatusEvent


def to_record(event: DeviceEvent) -> dict[str, object]:
    """A JSON-ready dict of ``event`` with the number masked: ``event``,
    ``device``, ``number`` (masked), ``last4``, ``expiry``, ``symbology``,
    ``reason`` and, where they apply, ``message``, ``port``, ``attempt``,
    ``delay_s``, ``has_name``. Keys that do not apply are None."""
    rec: dict[str, object] = {
        "event": type(event).__name__,
        "device": event.device,
        "number": None,
        "last4": None,
        "expiry": None,
        "symbology": None,
        "reason": None,
    }
    match event:
        case CardScanned():
            rec.update(number=event.masked, last4=event.last4, symbology=event.symbology)
        case UnknownScan():
            rec.update(symbology=event.symbology, reason=event.reason, hint=event.hint)
        case CodeScanned():  # not a card number (drivers.scanner.is_plain_code): whole
            rec.update(symbology=event.symbology, code=event.data)
        case CardSwiped():
            rec.update(number=event.masked, last4=event.last4, expiry=event.expiry,
                       has_name=event.name is not None)
        case ReadFailed():
            rec.update(reason=event.detail or event.message, message=event.message)
        case DeviceConnected():
            rec.update(port=event.port)
        case DeviceLost():
            rec.update(port=event.port, reason=event.reason)
        case DeviceReconnecting():
            rec.update(port=event.port, attempt=event.attempt, delay_s=event.delay_s)
    return rec
