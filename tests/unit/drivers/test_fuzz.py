"""Any bytes in: an event or a clean rejection out, never an exception, never a
card number that fails the card format, never a number in a repr."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from drivers.events import CardScanned, CardSwiped, CodeScanned, ReadFailed, UnknownScan
from drivers.formats import CardFormat
from drivers.framing import Framer
from drivers.magstripe import SwipeAssembler, parse_swipe
from drivers.scanner import is_plain_code, parse_scan

from .helpers import CARD, GIFT

FORMATS = [GIFT, CardFormat("29", 13), CardFormat("GC", (6, 12), digits_only=False)]
# Sized for CI (a few seconds in all); issue 8's fuzzing runs longer.
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WIDE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that matter to the parsers, so examples reach past the first check.
scanner_bytes = st.lists(
    st.sampled_from([b"]", b"C", b"E", b"0", b"1", b"4", b"6", b"3", b"9", b"G", b"\x00",
                     b"\r", b" ", b"\xff", b"]C1", b"]E0", b"]E4", b"6036", CARD.encode()]),
    max_size=12).map(b"".join)
track_bytes = st.lists(
    st.sampled_from([b"%", b";", b"?", b"=", b"^", b"B", b"E", b"0", b"9", b"1", b"2",
                     b"\r", b"\n", b"\x02", b"\x03", b"DOE/JOHN", CARD.encode(), b"2912",
                     b"\xff"]),
    max_size=24).map(b"".join)


def _check_scan(event: object, formats: list[CardFormat]) -> None:
    assert isinstance(event, CardScanned | UnknownScan | CodeScanned)
    if isinstance(event, CodeScanned):
        # Carried whole only when it cannot be a card: never a card's digits.
        assert is_plain_code(event.data)
        assert not any(f.matches(event.data) is None for f in formats)
    elif isinstance(event, CardScanned):
        assert any(f.matches(event.number) is None for f in formats)
        assert event.number not in repr(event) or len(event.number) <= 4
    else:
        assert isinstance(event.reason, str) and event.reason


@WIDE
@given(st.binary(max_size=300))
@example(b"]")
@example(b"]C")
@example(b"]E0")
def test_parse_scan_any_bytes(frame: bytes) -> None:
    _check_scan(parse_scan(frame, FORMATS), FORMATS)


@FAST
@given(scanner_bytes)
def test_parse_scan_near_misses(frame: bytes) -> None:
    _check_scan(parse_scan(frame, FORMATS), FORMATS)
    _check_scan(parse_scan(frame, [GIFT]), [GIFT])


def _check_swipe(event: object, formats: list[CardFormat] | None = None) -> None:
    assert isinstance(event, CardSwiped | ReadFailed)
    if isinstance(event, CardSwiped):
        assert event.number.isascii() and event.number.isdigit()
        assert 1 <= len(event.number) <= 19
        assert event.expiry is None or (len(event.expiry) == 4 and event.expiry.isdigit()
                                        and 1 <= int(event.expiry[2:]) <= 12)
        if formats:
            assert any(f.matches(event.number) is None for f in formats)
        if len(event.number) > 4:
            assert event.number not in repr(event)
    else:
        assert event.message


@WIDE
@given(st.binary(max_size=400))
def test_parse_swipe_any_bytes(frame: bytes) -> None:
    _check_swipe(parse_swipe(frame))
    _check_swipe(parse_swipe(frame, formats=[GIFT]), [GIFT])


@FAST
@given(track_bytes)
@example(b"%B^^?;=?")
@example(b";?;?")
@example(b"?%;")
def test_parse_swipe_near_misses(frame: bytes) -> None:
    _check_swipe(parse_swipe(frame))
    _check_swipe(parse_swipe(frame, formats=[GIFT]), [GIFT])


@FAST
@given(st.lists(track_bytes, max_size=6), st.floats(0, 1))
def test_assembler_never_loses_its_footing(lines: list[bytes], step: float) -> None:
    asm = SwipeAssembler(gap_s=0.1)
    now = 0.0
    for line in lines:
        now += step
        for swipe in asm.frame(line, now):
            _check_swipe(parse_swipe(swipe))
    for swipe in asm.poll(now + 1) + asm.finish():
        _check_swipe(parse_swipe(swipe))


framing_bytes = st.lists(st.sampled_from([b"a", b"b", b"\r", b"\n", b"\t", b"\x02", b"\x03",
                                          b" ", b"\x00", b"P", b"S"]),
                         max_size=80).map(b"".join)
framer_configs = st.fixed_dictionaries({
    "terminators": st.sampled_from([(b"\r",), (b"\r", b"\n"), (b"\r\n",), (b"\t", b"\r\n"),
                                    (b"\x03",)]),
    "stx_etx": st.booleans(),
    "strip_prefix": st.sampled_from([b"", b"P"]),
    "strip_suffix": st.sampled_from([b"", b"S"]),
    "max_frame": st.sampled_from([4, 16, 1024]),
})


@FAST
@given(framing_bytes, framer_configs, st.lists(st.integers(0, 80), max_size=6))
def test_framer_chunking_never_changes_frames(data: bytes, config: dict,
                                              cuts: list[int]) -> None:
    whole = Framer(**config).data_received(data, 0.0)
    framer = Framer(**config)
    pieces: list[bytes] = []
    points = sorted({0, len(data), *(c for c in cuts if c <= len(data))})
    for a, b in itertools.pairwise(points):
        pieces += framer.data_received(data[a:b], 0.0)
    assert pieces == whole
    assert all(0 < len(f) <= config["max_frame"] for f in whole)
