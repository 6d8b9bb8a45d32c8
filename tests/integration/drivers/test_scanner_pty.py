"""A barcode scanner driver on a real pty."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.events import (
    CardScanned,
    CodeScanned,
    DeviceConnected,
    DeviceEvent,
    DeviceLost,
    DeviceReconnecting,
    UnknownScan,
)
from drivers.recorder import EventRecorder
from drivers.scanner import ACK, NAK, BarcodeScanner, scanner_config
from drivers.virtual import VirtualScanner
from tests.unit.drivers.helpers import CARD, GIFT, card


@pytest.fixture
def vscan(link: Path) -> Iterator[VirtualScanner]:
    with VirtualScanner(link=link) as device:
        yield device


def start(vscan: VirtualScanner, recorder: EventRecorder, **options: object) -> BarcodeScanner:
    ack_nak = bool(options.pop("ack_nak", False))
    config = scanner_config(vscan.port, reconnect_min_s=0.02, reconnect_max_s=0.1,
                            **options)
    scanner = BarcodeScanner("scanner", config, [GIFT], recorder, ack_nak=ack_nak)
    scanner.start()
    recorder.wait_for(DeviceConnected)
    assert scanner.is_connected
    return scanner


def test_a_scan_arrives_as_one_event(vscan: VirtualScanner, recorder: EventRecorder) -> None:
    scanner = start(vscan, recorder)
    try:
        mark = recorder.mark()
        vscan.scan(CARD, "code128")
        event = recorder.wait_for(CardScanned, since=mark)
        assert (event.number, event.symbology, event.device) == (CARD, "code128", "scanner")
        # Exactly one: a second scan is the next event, nothing in between.
        vscan.scan(card(2))
        second = recorder.wait_for(CardScanned, since=mark, where=lambda e: e.number != CARD)
        assert recorder.of(CardScanned | UnknownScan, since=mark) == [event, second]
    finally:
        scanner.close()


def test_product_barcode_is_passed_on_whole(vscan: VirtualScanner,
                                           recorder: EventRecorder) -> None:
    """A product's barcode cannot be a card number: the till gets it whole
    (to add the item), never as a card."""
    scanner = start(vscan, recorder)
    try:
        vscan.scan("5012345678900", "ean13")
        event = recorder.wait_for(CodeScanned)
        assert (event.data, event.symbology) == ("5012345678900", "ean13")
        assert not any(isinstance(e, CardScanned) for e in recorder.events)
    finally:
        scanner.close()


def test_bytes_split_at_every_position_give_one_frame(vscan: VirtualScanner,
                                                      recorder: EventRecorder) -> None:
    scanner = start(vscan, recorder, inter_char_timeout_s=None)
    frame = vscan.frame(CARD, "code128")
    try:
        for cut in range(1, len(frame)):
            mark = recorder.mark()
            vscan.write(frame[:cut])
            vscan.write(frame[cut:])
            recorder.wait_for(CardScanned, since=mark)
        events = recorder.of(CardScanned | UnknownScan)
        assert len(events) == len(frame) - 1
        assert all(isinstance(e, CardScanned) and e.number == CARD for e in events)
    finally:
        scanner.close()


def test_inter_char_timeout_flushes_a_scan_without_terminator(
        vscan: VirtualScanner, recorder: EventRecorder) -> None:
    scanner = start(vscan, recorder, inter_char_timeout_s=0.05)
    try:
        sent = time.monotonic()
        vscan.write(b"]C1" + CARD.encode())  # the scanner lost its CR
        event = recorder.wait_for(CardScanned)
        assert event.number == CARD
        assert time.monotonic() - sent >= 0.05
    finally:
        scanner.close()


def test_ack_and_nak(vscan: VirtualScanner, recorder: EventRecorder) -> None:
    scanner = start(vscan, recorder, ack_nak=True)
    try:
        vscan.scan(CARD)
        assert vscan.read_reply(2.0) == ACK
        vscan.write(b"]E05012345678901\r")  # wrong check digit: garbled, resend
        assert vscan.read_reply(2.0) == NAK
        vscan.scan("5012345678900", "ean13")  # read fine, just not a card
        assert vscan.read_reply(2.0) == ACK
    finally:
        scanner.close()


def test_unplug_gives_lost_and_replug_gives_connected(vscan: VirtualScanner,
                                                      recorder: EventRecorder) -> None:
    scanner = start(vscan, recorder)
    try:
        mark = recorder.mark()
        vscan.unplug()
        lost = recorder.wait_for(DeviceLost, since=mark)
        assert lost.port == vscan.port and lost.reason == "device disconnected"
        assert not scanner.is_connected
        retry = recorder.wait_for(DeviceReconnecting, since=mark)
        assert retry.attempt == 1 and retry.delay_s == 0.02
        second = recorder.wait_for(DeviceReconnecting, since=mark, where=lambda e: e.attempt == 2)
        assert second.delay_s == 0.04  # backing off
        mark = recorder.mark()
        vscan.replug()  # a new pty at the same link
        recorder.wait_for(DeviceConnected, since=mark)
        vscan.scan(CARD)
        assert recorder.wait_for(CardScanned, since=mark).number == CARD
        kinds = [type(e).__name__ for e in recorder.events]
        assert kinds.count("DeviceLost") == 1  # not repeated while it retries
    finally:
        scanner.close()


def test_a_quick_replug_reconnects_at_once(vscan: VirtualScanner,
                                           recorder: EventRecorder) -> None:
    scanner = start(vscan, recorder)
    try:
        mark = recorder.mark()
        vscan.replug()
        recorder.wait_for(DeviceConnected, since=mark)
        vscan.scan(CARD)
        assert recorder.wait_for(CardScanned, since=mark).number == CARD
    finally:
        scanner.close()


def test_removing_the_link_alone_is_noticed(vscan: VirtualScanner,
                                           recorder: EventRecorder, link: Path) -> None:
    scanner = start(vscan, recorder)
    try:
        link.unlink()  # the pty is still there; the port's path is not
        assert recorder.wait_for(DeviceLost).reason == "port disappeared"
    finally:
        scanner.close()


def test_missing_port_at_start_then_plugged_in(link: Path, recorder: EventRecorder) -> None:
    config = scanner_config(str(link), reconnect_min_s=0.02, reconnect_max_s=0.05)
    scanner = BarcodeScanner("scanner", config, [GIFT], recorder)
    scanner.start()
    try:
        recorder.wait_for(DeviceLost)
        with VirtualScanner(link=link) as device:
            recorder.wait_for(DeviceConnected)
            device.scan(CARD)
            assert recorder.wait_for(CardScanned).number == CARD
    finally:
        scanner.close()


def test_close_is_prompt_when_connected_and_when_waiting(vscan: VirtualScanner,
                                                         recorder: EventRecorder,
                                                         link: Path) -> None:
    scanner = start(vscan, recorder)
    t0 = time.monotonic()
    scanner.close()
    assert time.monotonic() - t0 < 0.5
    assert scanner.wait_ended()

    waiting = BarcodeScanner("scanner", scanner_config(str(link) + "-absent",
                                                       reconnect_min_s=30, reconnect_max_s=30),
                             [GIFT], recorder)
    waiting.start()
    recorder.wait_for(DeviceLost, where=lambda e: e.port.endswith("-absent"))
    t0 = time.monotonic()
    waiting.close()
    assert time.monotonic() - t0 < 0.5
    assert waiting.wait_ended()


def test_no_events_after_close(vscan: VirtualScanner, recorder: EventRecorder) -> None:
    scanner = start(vscan, recorder)
    scanner.close()
    mark = recorder.mark()
    vscan.unplug()
    vscan.replug()
    vscan.scan(CARD)
    # Prove the line works (a second driver gets the scan) while the closed one stays quiet.
    other = EventRecorder()
    second = start(vscan, other)
    try:
        vscan.scan(CARD)
        other.wait_for(CardScanned)
        assert recorder.events[mark:] == []
    finally:
        second.close()


def test_a_failing_callback_does_not_stop_the_driver(vscan: VirtualScanner) -> None:
    seen = EventRecorder()
    calls = 0

    def flaky(event: DeviceEvent) -> None:
        nonlocal calls
        calls += 1
        seen(event)
        if isinstance(event, CardScanned) and calls < 4:
            raise RuntimeError("the app fell over")

    config = scanner_config(vscan.port)
    scanner = BarcodeScanner("scanner", config, [GIFT], flaky)
    scanner.start()
    try:
        seen.wait_for(DeviceConnected)
        vscan.scan(CARD)
        vscan.scan(card(7))
        seen.wait_for(CardScanned, where=lambda e: e.number == card(7))
        assert scanner.is_connected
    finally:
        scanner.close()


def test_bad_port_url_is_reported_once_and_the_thread_ends(recorder: EventRecorder) -> None:
    scanner = BarcodeScanner("scanner", scanner_config("nosuchscheme://x"), [GIFT], recorder)
    scanner.start()
    lost = recorder.wait_for(DeviceLost)
    assert lost.reason.startswith("bad port settings")
    assert scanner.wait_ended(1.0)
    scanner.close()


def test_close_from_inside_the_callback(vscan: VirtualScanner) -> None:
    box: list[BarcodeScanner] = []
    rec = EventRecorder()

    def on_event(event: DeviceEvent) -> None:
        rec(event)
        if isinstance(event, CardScanned):
            box[0].close()

    scanner = BarcodeScanner("scanner", scanner_config(vscan.port), [GIFT], on_event)
    box.append(scanner)
    scanner.start()
    rec.wait_for(DeviceConnected)
    vscan.scan(CARD)
    rec.wait_for(CardScanned)
    assert scanner.wait_ended(1.0)


def test_a_bug_in_frame_handling_is_logged_without_data(vscan: VirtualScanner,
                                                         recorder: EventRecorder,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    class Buggy(BarcodeScanner):
        failed = False

        def _handle_frame(self, frame: bytes, now: float) -> None:
            if not self.failed:
                self.failed = True
                raise ValueError(f"cannot handle {frame!r}")  # quotes the card number
            super()._handle_frame(frame, now)

    scanner = Buggy("scanner", scanner_config(vscan.port), [GIFT], recorder)
    scanner.start()
    try:
        recorder.wait_for(DeviceConnected)
        vscan.scan(CARD)
        vscan.scan(card(5))
        assert recorder.wait_for(CardScanned).number == card(5)
        assert "dropped input after ValueError" in caplog.text
        assert CARD not in caplog.text
    finally:
        scanner.close()
