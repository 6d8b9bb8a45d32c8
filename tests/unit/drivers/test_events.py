from __future__ import annotations

import dataclasses
import json

import pytest

from drivers.events import (
    CardScanned,
    CardSwiped,
    DeviceConnected,
    DeviceLost,
    DeviceReconnecting,
    ReadFailed,
    UnknownScan,
    last4,
    mask_number,
    to_record,
)

from .helpers import CARD

ALL = [
    CardScanned("scanner", CARD, "code128"),
    UnknownScan("scanner", "not a gift card", "ean13", "****8900 (13 chars)"),
    CardSwiped("msr", CARD, "2912", "DOE/JOHN"),
    ReadFailed("msr", "Swipe again, slowly", "track 2 read error"),
    DeviceConnected("scanner", "/dev/ttyUSB0"),
    DeviceLost("scanner", "/dev/ttyUSB0", "device disconnected"),
    DeviceReconnecting("scanner", "/dev/ttyUSB0", 3, 1.0),
]


def test_mask_shows_only_last_four_and_not_the_length() -> None:
    assert mask_number(CARD) == "****2349"
    assert mask_number("12345678901234567890") == "****7890"
    assert mask_number("1234") == "****"  # the last four would be all of it
    assert last4("1234") == ""
    assert last4(CARD) == "2349"


@pytest.mark.parametrize("event", ALL, ids=lambda e: type(e).__name__)
def test_repr_and_str_never_show_the_number_or_name(event: object) -> None:
    for text in (repr(event), str(event), f"{event}", f"{event!r}"):
        assert CARD not in text
        assert CARD[:12] not in text
        assert "DOE" not in text
    assert type(event).__name__ in repr(event)


def test_masked_property() -> None:
    assert CardScanned("s", CARD).masked == "****2349"
    assert CardSwiped("m", CARD).masked == "****2349"
    assert CardSwiped("m", CARD).last4 == "2349"


def test_events_are_frozen_and_keep_the_number_for_the_app() -> None:
    event = CardScanned("scanner", CARD, None)
    assert event.number == CARD
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.number = "1"  # type: ignore[misc]


@pytest.mark.parametrize("event", ALL, ids=lambda e: type(e).__name__)
def test_records_are_json_and_masked(event: object) -> None:
    rec = to_record(event)  # type: ignore[arg-type]
    text = json.dumps(rec)
    assert CARD not in text and "DOE" not in text
    assert rec["event"] == type(event).__name__
    for key in ("event", "number", "last4", "expiry", "symbology", "reason"):
        assert key in rec


def test_record_fields() -> None:
    assert to_record(CardSwiped("m", CARD, "2912", "X"))["expiry"] == "2912"
    assert to_record(CardSwiped("m", CARD, "2912", "X"))["number"] == "****2349"
    assert to_record(CardScanned("s", CARD, "qr"))["symbology"] == "qr"
    assert to_record(ReadFailed("m", "Swipe again, slowly", "no track data"))["reason"] == \
        "no track data"
    assert to_record(DeviceLost("s", "/dev/x", "gone"))["reason"] == "gone"
