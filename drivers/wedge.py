"""Keyboard-wedge scanners and readers type what they read, fast, and end with
Enter (or Tab). :class:`WedgeDetector` tells that from a person typing, from
keystrokes and their times alone. Pure: no Qt, no clock, no threads.

How the UI uses it: hand every text keystroke to :meth:`WedgeDetector.feed`
and do not deliver it yourself; deliver what comes back in
``WedgeResult.typed`` (then handle ``scan``, then deliver ``typed_after``).
While :attr:`WedgeDetector.deadline_ms` is set, arm a timer for it and call
:meth:`WedgeDetector.poll` when it fires; call :meth:`WedgeDetector.flush`
before handling a non-text key or a focus change. Keys held back wait at most
``max_gap_ms``, which nobody notices.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from drivers.events import CardEvent, mask_number
from drivers.formats import CardFormat
from drivers.magstripe import parse_swipe
from drivers.scanner import parse_scan

logger = logging.getLogger(__name__)

_SENTINELS = "%;"


@dataclass(frozen=True, slots=True, repr=False)
class WedgeResult:
    """What the held keystrokes turned out to be, in order: ``typed`` (a
    person's typing, to deliver as keys, Enter/Tab included), then ``scan``
    (the scanned text, terminator removed; None if none), then
    ``typed_after``. ``swipe`` is True when the scan carried magstripe
    sentinels (``%...?`` / ``;...?``)."""

    typed: str = ""
    scan: str | None = None
    swipe: bool = False
    typed_after: str = ""

    def event(self, *, device: str = "wedge",
              formats: Iterable[CardFormat] = ()) -> CardEvent | None:
        """The scan as a driver event (CardScanned / UnknownScan, or
        CardSwiped / ReadFailed for a swipe); None when nothing was scanned."""
        if self.scan is None:
            return None
        if self.swipe:
            return parse_swipe(self.scan.encode("latin-1", "replace"), device=device,
                               formats=formats)
        return parse_scan(self.scan.encode("ascii", "replace"), formats, device=device)

    def __repr__(self) -> str:
        scan = None if self.scan is None else mask_number(self.scan)
        return (f"WedgeResult(typed=<{len(self.typed)} keys>, scan={scan!r}, "
                f"swipe={self.swipe}, typed_after=<{len(self.typed_after)} keys>)")


def _combine(first: WedgeResult | None, typed: str = "", scan: str | None = None,
             swipe: bool = False) -> WedgeResult | None:
    """``first`` followed by more keys and/or a scan."""
    if first is None:
        if not typed and scan is None:
            return None
        return WedgeResult(typed=typed, scan=scan, swipe=swipe)
    if first.scan is None:
        return WedgeResult(typed=first.typed + typed, scan=scan, swipe=swipe)
    # Two scans cannot both come back from one keystroke: ``scan`` is only
    # set by a terminator, which needs a burst of its own after ``first``.
    return WedgeResult(typed=first.typed, scan=first.scan, swipe=first.swipe,
                       typed_after=first.typed_after + typed)


class WedgeDetector:
    """Recognises a scan typed by a wedge device.

    A scan is at least ``min_length`` characters, each at most ``max_gap_ms``
    after the one before, all within ``max_total_ms``, ended by one of
    ``terminators``. A magstripe wedge's ``%...?;...?`` is recognised by its
    sentinels too, with or without a terminator after it (and with Enter
    between tracks). Anything else is typing and comes back in
    ``WedgeResult.typed``. A fast burst that runs past ``max_total_ms`` (a key
    held down) is typing, and keys pass straight through until a pause.
    """

    def __init__(self, max_gap_ms: float = 50, min_length: int = 6,
                 terminators: Sequence[str] = ("\r", "\t"), *,
                 max_total_ms: float = 1500, max_length: int = 256) -> None:
        if max_gap_ms <= 0 or max_total_ms <= 0:
            raise ValueError("max_gap_ms and max_total_ms must be positive")
        if min_length < 1 or max_length < min_length:
            raise ValueError("need 1 <= min_length <= max_length")
        if not terminators or any(len(t) != 1 for t in terminators):
            raise ValueError("terminators are single characters")
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.terminators = frozenset(terminators)
        self.max_total_ms = max_total_ms
        self.max_length = max_length
        self._buf: list[str] = []
        self._first_t = 0.0
        self._last_t = 0.0
        self._passthrough = False

    @property
    def pending(self) -> bool:
        """True while keystrokes are held back."""
        return bool(self._buf)

    @property
    def deadline_ms(self) -> float | None:
        """When :meth:`poll` should be called (None: nothing held)."""
        if not self._buf:
            return None
        return min(self._last_t + self.max_gap_ms, self._first_t + self.max_total_ms)

    # -- feeding -------------------------------------------------------------

    def feed(self, char: str, t_ms: float) -> WedgeResult | None:
        """One keystroke's text at ``t_ms`` (any monotonic milliseconds).
        Returns what can be decided now; None while keys are held."""
        before = self._expire(t_ms)
        if not char:
            return before
        if len(char) > 1:
            # Composed text (an input method): a person, not a scanner.
            return _combine(before, typed=self._take() + char)
        if self._passthrough:
            if t_ms - self._last_t <= self.max_gap_ms:
                self._last_t = t_ms
                return _combine(before, typed=char)
            self._passthrough = False
        if not self._buf:
            if char in self.terminators:
                return _combine(before, typed=char)
            self._buf.append(char)
            self._first_t = self._last_t = t_ms
            return before
        self._buf.append(char)
        self._last_t = t_ms
        if char in self.terminators:
            text = "".join(self._buf[:-1])
            if self._is_swipe(text):
                return before  # another track may follow; poll() decides
            if len(text) >= self.min_length:
                self._clear()
                return _combine(before, scan=text)
            return _combine(before, typed=self._take())
        if t_ms - self._first_t > self.max_total_ms or len(self._buf) > self.max_length:
            self._passthrough = True
            return _combine(before, typed=self._take())
        return before

    def poll(self, t_ms: float) -> WedgeResult | None:
        """Decide held keys whose time is up (call at :attr:`deadline_ms`)."""
        if self._buf and t_ms - self._first_t >= self.max_total_ms:
            self._passthrough = True
            return _combine(None, typed=self._take())
        if self._buf and t_ms - self._last_t >= self.max_gap_ms:
            return self._decide()
        return None

    def flush(self) -> WedgeResult | None:
        """Decide everything held now (before a non-text key, on focus loss)."""
        self._passthrough = False
        return self._decide() if self._buf else None

    # -- internals -----------------------------------------------------------

    def _expire(self, t_ms: float) -> WedgeResult | None:
        if self._buf and t_ms - self._last_t > self.max_gap_ms:
            return self._decide()
        return None

    def _is_swipe(self, text: str) -> bool:
        body = text.rstrip("".join(self.terminators))
        return (len(body) >= self.min_length and body[0] in _SENTINELS
                and body.endswith("?"))

    def _decide(self) -> WedgeResult | None:
        text = "".join(self._buf)
        body = text.rstrip("".join(self.terminators))
        if self._is_swipe(text):
            self._clear()
            return _combine(None, scan=body, swipe=True)
        return _combine(None, typed=self._take())

    def _take(self) -> str:
        text = "".join(self._buf)
        self._clear()
        return text

    def _clear(self) -> None:
        self._buf.clear()


def keystrokes(text: str, *, start_ms: float = 0.0,
               gap_ms: float = 10.0) -> list[tuple[str, float]]:
    """``text`` as (char, t_ms) keystrokes ``gap_ms`` apart: what a wedge
    device (small gap) or a person (large gap) would produce, for tests and
    the demo."""
    return [(ch, start_ms + i * gap_ms) for i, ch in enumerate(text)]
