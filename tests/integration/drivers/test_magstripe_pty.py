"""A magstripe reader driver on a real pty, MagTek- and IDTech-style."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.events import CardSwiped, DeviceConnected, DeviceLost, ReadFailed
from drivers.magstripe import NOT_OUR_CARD, SWIPE_AGAIN, MagstripeReader, magstripe_config
from drivers.recorder import EventRecorder
from drivers.virtual import VirtualMagstripe
from tests.unit.drivers.helpers import CARD, GIFT


@pytest.fixture(params=["magtek", "idtech"])
def vmsr(request: pytest.FixtureRequest, link: Path) -> Iterator[VirtualMagstripe]:
    with VirtualMagstripe(link=link, style=request.param) as device:
        yield device


@pytest.fixture
def reader(vmsr: VirtualMagstripe, recorder: EventRecorder) -> Iterator[MagstripeReader]:
    config = magstripe_config(vmsr.port, reconnect_min_s=0.02, reconnect_max_s=0.1)
    device = MagstripeReader("msr", config, recorder, formats=[GIFT], track_gap_s=0.05)
    device.start()
    recorder.wait_for(DeviceConnected)
    yield device
    device.close()


def test_a_swipe_arrives_as_one_event(vmsr: VirtualMagstripe, reader: MagstripeReader,
                                      recorder: EventRecorder) -> None:
    vmsr.swipe(CARD, "2912", "DOE/JOHN", track3=True)
    event = recorder.wait_for(CardSwiped)
    assert (event.number, event.expiry, event.name, event.device) == \
        (CARD, "2912", "DOE/JOHN", "msr")
    mark = recorder.mark()
    vmsr.swipe(CARD, None, None, bad_track1=True)  # a second swipe: blank track 1
    second = recorder.wait_for(CardSwiped, since=mark)
    assert (second.number, second.expiry, second.name) == (CARD, None, None)
    # Track 3 of the first swipe did not turn into an event of its own.
    assert recorder.of(CardSwiped | ReadFailed) == [event, second]


def test_track2_only_reader(link: Path, recorder: EventRecorder) -> None:
    with VirtualMagstripe(link=link, style="magtek") as device:
        reader = MagstripeReader("msr", magstripe_config(device.port), recorder)
        reader.start()
        try:
            recorder.wait_for(DeviceConnected)
            for _ in range(3):
                device.swipe(CARD, "2912", None, track1=False)
            recorder.wait_for(CardSwiped, where=lambda e: len(recorder.of(CardSwiped)) == 3)
            assert all(e.number == CARD for e in recorder.of(CardSwiped))
        finally:
            reader.close()


def test_idtech_without_terminator_is_one_swipe(link: Path, recorder: EventRecorder) -> None:
    """Tracks separated by CR and no terminator at all: the inter-character
    timeout ends track 2, after the track gap has passed."""
    with VirtualMagstripe(link=link) as device:
        config = magstripe_config(device.port, inter_char_timeout_s=0.15)
        reader = MagstripeReader("msr", config, recorder, track_gap_s=0.05)
        reader.start()
        try:
            recorder.wait_for(DeviceConnected)
            device.write(b"%B" + CARD.encode() + b"^DOE/JOHN^2912?\r;" + CARD.encode()
                         + b"=2912?")
            swiped = recorder.wait_for(CardSwiped)
            assert swiped.name == "DOE/JOHN"
            assert recorder.of(ReadFailed) == []
        finally:
            reader.close()


def test_bad_reads(vmsr: VirtualMagstripe, reader: MagstripeReader,
                   recorder: EventRecorder) -> None:
    vmsr.swipe(CARD, bad_track2=True)
    assert recorder.wait_for(ReadFailed).message == SWIPE_AGAIN
    mark = recorder.mark()
    vmsr.swipe(CARD, "2912", "DOE/JOHN", bad_track1=True)  # track 2 alone is enough
    assert recorder.wait_for(CardSwiped, since=mark).name is None


def test_track1_alone_is_given_up_after_the_gap(vmsr: VirtualMagstripe,
                                                reader: MagstripeReader,
                                                recorder: EventRecorder) -> None:
    vmsr.write(b"%B" + CARD.encode() + b"^DOE/JOHN^2912?\r\n")
    failed = recorder.wait_for(ReadFailed)
    assert failed.detail == "track 2 missing"


def test_not_one_of_our_cards(vmsr: VirtualMagstripe, reader: MagstripeReader,
                              recorder: EventRecorder) -> None:
    vmsr.swipe("4111111111111111", "2912", "VISA/HOLDER")
    assert recorder.wait_for(ReadFailed).message == NOT_OUR_CARD


def test_unplug_and_replug(vmsr: VirtualMagstripe, reader: MagstripeReader,
                           recorder: EventRecorder) -> None:
    vmsr.unplug()
    recorder.wait_for(DeviceLost)
    mark = recorder.mark()
    vmsr.replug()
    recorder.wait_for(DeviceConnected, since=mark)
    vmsr.swipe(CARD)
    assert recorder.wait_for(CardSwiped, since=mark).number == CARD
