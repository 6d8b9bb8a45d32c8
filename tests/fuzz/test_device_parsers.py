"""The scanner and magstripe parsers behind their framer, fed arbitrary bytes
in arbitrary chunks: never an exception, only events; a real card's frame,
wherever the serial line splits it and whatever noise came before, gives
that card; a swipe that names a different number in track 1 and track 2 is
refused. (The drivers' own tests fuzz the parsers frame by frame; these go
through the framer and split the bytes the way a serial line does.)"""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from drivers.checksums import luhn_digit
from drivers.events import CardScanned, CardSwiped, ReadFailed, UnknownScan
from drivers.formats import CardFormat
from drivers.framing import Framer
from drivers.magstripe import SwipeAssembler, magstripe_config, parse_swipe
from drivers.scanner import parse_scan, scanner_config
from drivers.virtual import scanner_frame, swipe_frame
from tests.fuzz.conftest import budget

GIFT = CardFormat("6", 16, luhn=True)
numbers = st.from_regex(r"6[0-9]{14}", fullmatch=True).map(lambda p: p + luhn_digit(p))
names = st.from_regex(r"[A-Z]{1,10}/[A-Z]{1,10}", fullmatch=True)
noise = st.binary(max_size=64)


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges) if b > a]


def _framer(kind: str) -> Framer:
    cfg = scanner_config("loop://") if kind == "scanner" else magstripe_config("loop://")
    return cfg.framer()


@budget(500)
@given(data=st.binary(max_size=400), cuts=st.lists(st.integers(0, 400), max_size=8))
def test_any_bytes_through_the_framers_give_events_only(data: bytes, cuts: list[int]) -> None:
    for kind in ("scanner", "magstripe"):
        framer = _framer(kind)
        frames: list[bytes] = []
        for i, chunk in enumerate(_chunks(data, cuts)):
            frames += framer.data_received(chunk, now=float(i))
        stale = framer.flush_if_stale(1e9)
        frames += [stale] if stale else []
        for frame in frames:
            if kind == "scanner":
                assert isinstance(parse_scan(frame, [GIFT]), CardScanned | UnknownScan)
            else:
                ev = parse_swipe(frame, formats=[GIFT])
                assert isinstance(ev, CardSwiped | ReadFailed)
                if isinstance(ev, CardSwiped):
                    assert GIFT.matches(ev.number) is None


@budget(300)
@given(number=numbers, name=names, style=st.sampled_from(["magtek", "idtech"]),
       cuts=st.lists(st.integers(0, 200), max_size=10))
def test_a_swipe_split_anywhere_is_its_card(number: str, name: str, style: str,
                                            cuts: list[int]) -> None:
    framer, assembler = _framer("magstripe"), SwipeAssembler(None)
    frames: list[bytes] = []
    for chunk in _chunks(swipe_frame(number, "2912", name, style=style), cuts):
        frames += framer.data_received(chunk, now=0.0)
    stale = framer.flush_if_stale(1e9)
    frames += [stale] if stale else []
    swipes: list[bytes] = []
    for frame in frames:
        swipes += assembler.frame(frame, now=0.0)
    swipes += assembler.finish()
    events = [parse_swipe(s, formats=[GIFT]) for s in swipes]
    got = [e for e in events if isinstance(e, CardSwiped)]
    assert [(e.number, e.name) for e in got][:1] == [(number, name)], events
    assert number not in repr(got[0])


@budget(300)
@given(number=numbers, prefix=noise.filter(lambda b: b"\r" not in b and b"\n" not in b
                                           and b"\t" not in b),
       symbology=st.sampled_from([None, "code128", "code39"]),
       cuts=st.lists(st.integers(0, 100), max_size=6))
def test_a_scan_after_line_noise_is_its_card(number: str, prefix: bytes, symbology: str | None,
                                             cuts: list[int]) -> None:
    framer = _framer("scanner")
    data = prefix + b"\r" + scanner_frame(number, symbology)
    frames: list[bytes] = []
    for chunk in _chunks(data, cuts):
        frames += framer.data_received(chunk, now=0.0)
    events = [parse_scan(f, [GIFT]) for f in frames]
    assert isinstance(events[-1], CardScanned) and events[-1].number == number, events


@budget(200)
@given(a=numbers, b=numbers)
def test_tracks_that_disagree_are_refused(a: str, b: str) -> None:
    frame = f"%B{a}^DOE/JANE^2912101?;{b}=29121010000000000?\r".encode()
    ev = parse_swipe(frame, formats=[GIFT])
    if a == b:
        assert isinstance(ev, CardSwiped) and ev.number == a
    else:
        assert isinstance(ev, ReadFailed)
