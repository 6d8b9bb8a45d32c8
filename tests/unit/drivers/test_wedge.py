"""Keyboard-wedge detection: a scanner types fast and ends with Enter; a person
does not (fast typists included), and a person's keys come back as typing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.events import CardScanned, CardSwiped, ReadFailed
from drivers.wedge import WedgeDetector, WedgeResult, keystrokes

from .helpers import CARD, GIFT

T1 = f"%B{CARD}^DOE/JOHN^2912101?"
T2 = f";{CARD}=2912101?"


def run(detector: WedgeDetector, keys: list[tuple[str, float]],
        end_ms: float | None = None) -> list[WedgeResult]:
    """Feed keys like the UI does, polling whenever a deadline passes before
    the next key, and at ``end_ms``."""
    results: list[WedgeResult] = []

    def poll_until(t: float) -> None:
        while detector.deadline_ms is not None and detector.deadline_ms <= t:
            r = detector.poll(detector.deadline_ms)
            if r is not None:
                results.append(r)

    for ch, t in keys:
        poll_until(t)
        r = detector.feed(ch, t)
        if r is not None:
            results.append(r)
    if end_ms is not None:
        poll_until(end_ms)
    return results


def typed(results: list[WedgeResult]) -> str:
    return "".join(r.typed + r.typed_after for r in results)


def scans(results: list[WedgeResult]) -> list[str]:
    return [r.scan for r in results if r.scan is not None]


def test_scanner_speed_with_enter_is_a_scan() -> None:
    results = run(WedgeDetector(), keystrokes(CARD + "\r", gap_ms=8))
    assert scans(results) == [CARD]
    assert typed(results) == ""
    event = results[-1].event(formats=[GIFT])
    assert isinstance(event, CardScanned) and event.number == CARD
    assert event.device == "wedge"


def test_tab_terminator_too() -> None:
    assert scans(run(WedgeDetector(), keystrokes(CARD + "\t", gap_ms=20))) == [CARD]


def test_slow_typing_is_typing() -> None:
    results = run(WedgeDetector(), keystrokes(CARD + "\r", gap_ms=180), end_ms=10_000)
    assert scans(results) == []
    assert typed(results) == CARD + "\r"


def test_a_fast_typist_is_not_a_scanner() -> None:
    # 60-90 ms between keys is very fast for a person and still too slow for a scan.
    keys, t = [], 0.0
    for i, ch in enumerate("hello world 12345\r"):
        t += 60 + (i % 4) * 10
        keys.append((ch, t))
    results = run(WedgeDetector(), keys, end_ms=t + 1000)
    assert scans(results) == []
    assert typed(results) == "hello world 12345\r"


def test_a_short_fast_burst_is_typing() -> None:
    results = run(WedgeDetector(min_length=6), keystrokes("ok\r", gap_ms=10))
    assert scans(results) == []
    assert typed(results) == "ok\r"


def test_one_slow_key_inside_breaks_the_scan() -> None:
    keys = keystrokes(CARD[:8], gap_ms=10) + keystrokes(CARD[8:] + "\r", start_ms=300,
                                                         gap_ms=10)
    results = run(WedgeDetector(), keys, end_ms=1000)
    assert scans(results) == [CARD[8:]]  # eight fast keys after the pause do make a scan
    assert typed(results) == CARD[:8]


def test_typing_then_a_scan_keeps_the_order() -> None:
    keys = keystrokes("note", gap_ms=200) + keystrokes(CARD + "\r", start_ms=1000, gap_ms=5)
    results = run(WedgeDetector(), keys)
    assert typed(results) == "note"
    assert scans(results) == [CARD]
    assert results[-1].scan == CARD


def test_magstripe_wedge_with_enter() -> None:
    results = run(WedgeDetector(), keystrokes(T1 + T2 + "\r", gap_ms=3), end_ms=5000)
    [result] = [r for r in results if r.scan]
    assert result.swipe and result.scan == T1 + T2
    event = result.event(device="counter", formats=[GIFT])
    assert isinstance(event, CardSwiped)
    assert (event.number, event.expiry, event.name, event.device) == \
        (CARD, "2912", "DOE/JOHN", "counter")


def test_magstripe_wedge_with_enter_between_tracks_and_none_at_the_end() -> None:
    results = run(WedgeDetector(), keystrokes(T1 + "\r" + T2, gap_ms=3), end_ms=5000)
    [result] = results
    assert result.swipe and typed(results) == ""
    assert isinstance(result.event(), CardSwiped)


def test_magstripe_wedge_bad_read() -> None:
    results = run(WedgeDetector(min_length=6), keystrokes("%E?;E?\r", gap_ms=3), end_ms=5000)
    [result] = results
    assert result.swipe
    assert isinstance(result.event(), ReadFailed)


def test_key_held_down_is_typing_and_passes_through() -> None:
    detector = WedgeDetector(max_total_ms=1500)
    keys = keystrokes("a" * 80, gap_ms=30)  # autorepeat for 2.4 s
    results = run(detector, [*keys, ("\r", 80 * 30)], end_ms=10_000)
    assert scans(results) == []
    assert typed(results) == "a" * 80 + "\r"
    # After the run the detector is back to normal.
    assert scans(run(detector, keystrokes(CARD + "\r", start_ms=20_000, gap_ms=5))) == [CARD]


def test_flush_hands_back_held_keys() -> None:
    detector = WedgeDetector()
    assert detector.feed("4", 0) is None
    assert detector.feed("2", 5) is None
    assert detector.pending and detector.deadline_ms == 55
    result = detector.flush()
    assert result is not None and result.typed == "42" and result.scan is None
    assert not detector.pending and detector.flush() is None


def test_lone_terminator_and_composed_text_pass_through() -> None:
    detector = WedgeDetector()
    r = detector.feed("\r", 0)
    assert r is not None and r.typed == "\r"
    detector.feed("a", 100)
    r = detector.feed("éè", 101)
    assert r is not None and r.typed == "aéè"
    assert detector.feed("", 102) is None


def test_result_repr_is_masked() -> None:
    result = WedgeResult(typed="abc", scan=CARD)
    assert CARD not in repr(result) and "abc" not in repr(result)
    assert WedgeResult(typed="x").event() is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list("0123456789ab%;?\r\t")),
                          st.sampled_from([0, 2, 10, 49, 50, 51, 120, 2000])),
                max_size=60))
def test_every_key_comes_back_once_in_order(keys: list[tuple[str, int]]) -> None:
    """Conservation: apart from the terminators that ended scans, what comes
    back (typing and scans, in order) is exactly what was typed."""
    detector = WedgeDetector()
    stamped, t = [], 0.0
    for ch, gap in keys:
        t += gap
        stamped.append((ch, t))
    results = run(detector, stamped, end_ms=t + 10_000)
    tail = detector.flush()
    if tail is not None:
        results.append(tail)
    out = "".join(r.typed + (r.scan or "") + r.typed_after for r in results)
    strip = str.maketrans("", "", "\r\t")
    assert out.translate(strip) == "".join(ch for ch, _ in keys).translate(strip)
    assert not detector.pending
    for r in results:
        if r.scan is not None and not r.swipe:
            assert len(r.scan) >= detector.min_length
