"""Swipes as MagTek- and IDTech-style RS-232 readers send them (ISO/IEC 7813)."""

from __future__ import annotations

import pytest

from drivers.formats import CardFormat
from drivers.framing import ETX, STX
from drivers.magstripe import NOT_OUR_CARD, SWIPE_AGAIN, SwipeAssembler, parse_swipe

from .helpers import CARD, GIFT, iso_lrc

T1 = f"%B{CARD}^DOE/JOHN^2912101000000?"
T2 = f";{CARD}=29121010000000000?"
T3 = ";01" + CARD + "=" + "0" * 60 + "?"


def swiped(frame: bytes | str, **kw: object) -> tuple[str, str | None, str | None]:
    data = frame.encode("latin-1") if isinstance(frame, str) else frame
    event = parse_swipe(data, **kw)  # type: ignore[arg-type]
    assert event.__class__.__name__ == "CardSwiped", event
    return event.number, event.expiry, event.name  # type: ignore[union-attr]


def failed(frame: bytes | str, **kw: object) -> tuple[str, str | None]:
    data = frame.encode("latin-1") if isinstance(frame, str) else frame
    event = parse_swipe(data, **kw)  # type: ignore[arg-type]
    assert event.__class__.__name__ == "ReadFailed", event
    return event.message, event.detail  # type: ignore[union-attr]


@pytest.mark.parametrize("frame", [
    STX + (T1 + T2).encode() + b"\r" + ETX,  # MagTek, envelope not stripped
    (T1 + T2).encode(),  # MagTek as the framer hands it on
    (T1 + "\r" + T2 + "\r\n").encode(),  # IDTech, CR between tracks
    ("\x02" + T1 + T2 + T3 + "\r\x03").encode(),  # with track 3 after track 2
    (T1 + "\r" + T2 + "\r" + T3).encode(),
    b"PRE" + (T1 + T2).encode() + b"POST",  # an unstripped pre/postamble
])
def test_good_swipes(frame: bytes) -> None:
    assert swiped(frame) == (CARD, "2912", "DOE/JOHN")


def test_track_2_alone_is_enough() -> None:
    assert swiped(T2) == (CARD, "2912", None)
    assert swiped("%E?" + T2) == (CARD, "2912", None)
    assert swiped(T2 + T3) == (CARD, "2912", None)


@pytest.mark.parametrize("frame, detail", [
    (T1 + ";E?", "track 2 read error"),
    ("%E?;E?", "track 2 read error"),
    ("%E?;E?;E?", "track 2 read error"),
    (T1, "track 2 missing"),
    (T1 + "\r" + T3, "track 2 missing"),  # only a track 3 among the ';' tracks
    ("", "no track data"),
    ("\r\n", "no track data"),
    ("E", "no track data"),
    (f";{CARD}=2912", "track 2 read error"),  # no end sentinel
    (f";{CARD}{CARD}=2912?", "track 2 is not ISO 7813"),  # 32-digit PAN
    (";6036ABC=2912?", "track 2 is not ISO 7813"),
    (f"%B{CARD}^DOE/JOHN^2912?;6036000000000001=2912?", "track 1 and track 2 disagree"),
    ("x" * 400, "too long for a swipe"),
])
def test_bad_swipes_ask_to_swipe_again(frame: str, detail: str) -> None:
    assert failed(frame) == (SWIPE_AGAIN, detail)


def test_track_1_that_lost_its_end_sentinel_does_not_hide_track_2() -> None:
    assert swiped(f"%B{CARD}^DOE/JOHN^2912{T2}") == (CARD, "2912", None)


@pytest.mark.parametrize("track2, expiry", [
    (f";{CARD}=2913101?", None),  # month 13
    (f";{CARD}==101?", None),  # no expiry
    (f";{CARD}=?", None),
    (f";{CARD}?", None),  # PAN only, as some gift cards are encoded
    (f";{CARD}=0001?", "0001"),
])
def test_expiry(track2: str, expiry: str | None) -> None:
    assert swiped(track2)[1] == expiry


def test_name_edge_cases() -> None:
    assert swiped(f"%B{CARD}^ /^2912?" + T2)[2] is None
    assert swiped(f"%B{CARD}^^^?" + T2)[2] is None
    assert swiped(f"%B{CARD}^GIFT CARD          ^2912?" + T2)[2] == "GIFT CARD"


def test_transmitted_lrc_is_passed_over() -> None:
    frame = T1 + iso_lrc(T1) + T2 + iso_lrc(T2) + "\r"
    assert swiped(frame) == (CARD, "2912", "DOE/JOHN")


def _track1_whose_lrc_is(char: str) -> str:
    for i in range(2_000):
        name = f"DOE/J{'A' * (i % 2)}{i}"  # the letter flips bit 5, digits the rest
        track = f"%B{CARD}^{name}^2912101?"
        if iso_lrc(track) == char:
            return track
    raise AssertionError("no such track")  # pragma: no cover


def test_lrc_that_looks_like_a_start_sentinel() -> None:
    t1 = _track1_whose_lrc_is(";")
    # Sent: the ';' after track 1 is its LRC, then track 2 follows.
    assert swiped(t1 + ";" + T2)[0] == CARD
    assert swiped(t1 + ";" + T2)[2] is not None
    # Not sent: the same ';' is track 2's start sentinel and must not be eaten.
    assert swiped(t1 + T2)[0] == CARD
    assert swiped(t1 + T2)[2] is not None


def test_formats_turn_away_other_cards() -> None:
    visa = "4111111111111111"
    message, detail = failed(f";{visa}=2912101?", formats=[GIFT])
    assert message == NOT_OUR_CARD
    assert detail == "not a gift card: prefix is not 6036"
    assert swiped(T2, formats=[GIFT])[0] == CARD
    assert swiped(f";{visa}=2912101?", formats=[CardFormat("4", 16, True)])[0] == visa


def test_events_and_details_carry_no_track_data() -> None:
    for frame in (T1 + T2, T1 + ";E?", f"%B{CARD}^DOE/JOHN^2912?;6036000000000001=2912?"):
        event = parse_swipe(frame.encode())
        assert CARD not in repr(event) and "DOE" not in repr(event)
        assert CARD not in str(getattr(event, "detail", "") or "")


# -- assembling tracks sent on separate lines ---------------------------------

def test_idtech_lines_are_joined_and_track3_dropped() -> None:
    asm = SwipeAssembler(gap_s=0.1)
    assert asm.frame(T1.encode(), 0.0) == []
    [swipe] = asm.frame(T2.encode(), 0.01)
    assert swiped(swipe) == (CARD, "2912", "DOE/JOHN")
    assert asm.frame(T3.encode(), 0.02) == []  # its track 3
    # A track-2-only swipe is a swipe, not a track 3, however soon it comes.
    assert asm.frame(T2.encode(), 0.03) == [T2.encode()]
    assert asm.frame(T3.encode(), 0.04) == []
    assert asm.poll(0.5) == []
    assert asm.frame(T3.encode(), 1.0) == [T3.encode()]  # alone: a (failed) swipe


def test_track1_without_track2_is_given_up_after_a_quiet_gap() -> None:
    asm = SwipeAssembler(gap_s=0.1)
    asm.activity(0.0)
    assert asm.frame(T1.encode(), 0.0) == []
    assert asm.poll_at == pytest.approx(0.1)
    assert asm.poll(0.05) == []
    [alone] = asm.poll(0.1)
    assert failed(alone)[1] == "track 2 missing"


def test_a_full_swipe_goes_at_once() -> None:
    asm = SwipeAssembler(gap_s=0.1)
    assert asm.frame((T1 + T2).encode(), 0.0) == [(T1 + T2).encode()]
    assert asm.frame(T3.encode(), 0.01) == []


def test_untimed_assembly_for_captures() -> None:
    asm = SwipeAssembler(gap_s=None)
    out = asm.frame(T1.encode()) + asm.frame(T2.encode()) + asm.frame(T3.encode())
    out += asm.frame(T2.encode()) + asm.frame(b"%E?") + asm.finish()
    assert [parse_swipe(s).__class__.__name__ for s in out] == \
        ["CardSwiped", "CardSwiped", "ReadFailed"]
