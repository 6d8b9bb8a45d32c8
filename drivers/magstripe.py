"""Magstripe readers (ISO/IEC 7813 tracks over RS-232).

:func:`parse_swipe` turns one swipe's bytes into CardSwiped or ReadFailed;
:class:`SwipeAssembler` joins tracks that a reader sends as separate lines;
:class:`MagstripeReader` reads a port and hands events to a callback on its
reader thread.

Track data is parsed and dropped: it is never logged, and events keep only the
number, expiry and name.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from drivers.events import CardSwiped, ReadFailed
from drivers.formats import CardFormat, check_number
from drivers.framing import CR, LF
from drivers.serial_device import EventCallback, SerialConfig, SerialDevice

logger = logging.getLogger(__name__)

SWIPE_AGAIN = "Swipe again, slowly"
NOT_OUR_CARD = "This card can't be used here"
#: Longest frame taken as a swipe: three full tracks and some framing.
MAX_SWIPE = 320
#: Longest track 2 body (between the sentinels): 40 characters with sentinels
#: and LRC by the standard, one spare for lenient readers. Longer is track 3.
TRACK2_MAX_BODY = 38

_TRACK1 = re.compile(r"B(\d{1,19})\^([^^]{0,26})\^(\d{4})?")
_TRACK2 = re.compile(r"(\d{1,19})(?:=(\d{4})?|\Z)")
_TRACK1_CHARS = re.compile(r"[\x20-\x5f]*\Z")
_TRACK2_CHARS = re.compile(r"[0-9:;<=>]*\Z")


def magstripe_config(url: str, **overrides: object) -> SerialConfig:
    """SerialConfig with reader defaults: 9600 8N1, CR or LF ends a swipe, an
    STX ... ETX envelope honoured when the reader sends one."""
    options: dict[str, object] = {"terminators": (CR, LF), "stx_etx": True,
                                  "inter_char_timeout_s": 0.25}
    options.update(overrides)
    return SerialConfig(url, **options)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Track:
    sentinel: str  # "%" or ";"
    body: str | None  # None: the end sentinel never came

    @property
    def failed(self) -> bool:
        return self.body is None or self.body == "E"


def _lrc(sentinel: str, body: str) -> str | None:
    """The LRC character a reader would append to this track, if it sends one."""
    base, mask = (0x20, 0x3F) if sentinel == "%" else (0x30, 0x0F)
    acc = 0
    for ch in sentinel + body + "?":
        acc ^= (ord(ch) - base) & mask
    return chr(acc + base)


def _starts_track(text: str, i: int) -> bool:
    """Does a plausible track start at ``text[i]`` (a sentinel, then data)?"""
    return (i + 1 < len(text) and text[i] in "%;" and text[i + 1] not in "%;?"
            and text.find("?", i + 1) > 0)


def _tracks(text: str) -> list[_Track]:
    """Split a swipe into tracks by their sentinels. Bytes between tracks (CR,
    LF, STX, ETX, a preamble, a transmitted LRC) are passed over."""
    tracks: list[_Track] = []
    i, n = 0, len(text)
    while i < n:
        start = text[i]
        if start not in "%;":
            i += 1
            continue
        end = text.find("?", i + 1)
        # A start sentinel before the end sentinel: this track lost its end.
        cut = min((j for j in (text.find("%", i + 1), text.find(";", i + 1)) if j >= 0),
                  default=-1)
        if end < 0 or 0 <= cut < end:
            tracks.append(_Track(start, None))
            if cut < 0:
                break
            i = cut
            continue
        body = text[i + 1 : end]
        tracks.append(_Track(start, body))
        i = end + 1
        # Skip a transmitted LRC. It can equal a start sentinel, so a sentinel
        # is only taken for the LRC when no track follows it.
        if i < n and text[i] == _lrc(start, body) and not _starts_track(text, i):
            i += 1
    return tracks


@dataclass(frozen=True, slots=True)
class _Fields:
    number: str
    expiry: str | None
    name: str | None = None


def _expiry(yymm: str | None) -> str | None:
    if yymm is None or len(yymm) != 4 or not yymm.isdigit():
        return None
    return yymm if 1 <= int(yymm[2:]) <= 12 else None


def _track1(body: str) -> _Fields | None:
    if not _TRACK1_CHARS.match(body):
        return None
    m = _TRACK1.match(body)
    if m is None:
        return None
    name = m.group(2).strip()
    return _Fields(m.group(1), _expiry(m.group(3)), name if name and name != "/" else None)


def _track2(body: str) -> _Fields | None:
    if not _TRACK2_CHARS.match(body):
        return None
    m = _TRACK2.match(body)
    if m is None:
        return None
    return _Fields(m.group(1), _expiry(m.group(2)))


def _failed(device: str, detail: str, message: str = SWIPE_AGAIN) -> ReadFailed:
    logger.info("%s: swipe not used: %s", device, detail)
    return ReadFailed(device, message, detail)


def parse_swipe(frame: bytes, *, device: str = "magstripe",
                formats: Iterable[CardFormat] = ()) -> CardSwiped | ReadFailed:
    """What one swipe is. Never raises: any bytes give an event.

    Track 2 (``;PAN=YYMM...?``) is required and enough; track 1
    (``%BPAN^NAME^YYMM...?``) adds the name (and must agree with track 2 when
    both read); track 3 is passed over. A track read as ``E`` or missing,
    or garbage, gives ReadFailed("Swipe again, slowly"). The LRC may be
    sent or not. With ``formats``, a card number matching none of them gives
    ReadFailed("This card can't be used here").
    """
    if len(frame) > MAX_SWIPE:
        return _failed(device, "too long for a swipe")
    tracks = _tracks(frame.decode("latin-1"))
    if not tracks:
        return _failed(device, "no track data")
    t1 = next((t for t in tracks if t.sentinel == "%"), None)
    t2 = next((t for t in tracks if t.sentinel == ";"), None)
    if t2 is not None and t2.body is not None and len(t2.body) > TRACK2_MAX_BODY:
        t2 = None  # the first ";" track is track 3: track 2 was not sent
    if t2 is None:
        return _failed(device, "track 2 missing")
    if t2.failed:
        return _failed(device, "track 2 read error")
    assert t2.body is not None
    f2 = _track2(t2.body)
    if f2 is None:
        return _failed(device, "track 2 is not ISO 7813")
    f1 = _track1(t1.body) if t1 is not None and t1.body is not None and not t1.failed else None
    name = None
    if f1 is not None:
        if f1.number != f2.number:
            return _failed(device, "track 1 and track 2 disagree")
        name = f1.name
    why = check_number(f2.number, formats) if formats else None
    if why is not None:
        return _failed(device, f"not a gift card: {why}", NOT_OUR_CARD)
    return CardSwiped(device, f2.number, f2.expiry, name)


def _kind(frame: bytes) -> str:
    """"t1" (only track 1), "t23" (only ';' tracks), "full" (both), "other"."""
    has1, has2 = b"%" in frame, b";" in frame
    if has1 and has2:
        return "full" if frame.find(b"%") < frame.find(b";") else "other"
    if has1:
        return "t1"
    if has2:
        return "t23"
    return "other"


def _looks_like_track3(frame: bytes) -> bool:
    start = frame.find(b";")
    end = frame.find(b"?", start + 1)
    body_len = (end if end > 0 else len(frame)) - start - 1
    return body_len > TRACK2_MAX_BODY


class SwipeAssembler:
    """Joins the tracks of one swipe when a reader sends each on its own line
    (IDTech-style, CR between tracks and CR as terminator).

    A line with only track 1 is held until the next line: a track 2 line joins
    it; anything else, or ``gap_s`` of silence on the line (``poll``), sends it
    on alone. A ';' line right after a swipe that is too long to be a track 2
    is that swipe's track 3 and is dropped (an ISO 4909 track 3 is always
    longer than any track 2). ``gap_s=None`` (decoding a capture) never times
    out: :meth:`finish` sends what is held.
    """

    def __init__(self, gap_s: float | None = 0.1) -> None:
        self.gap_s = gap_s
        self._pending: bytes | None = None
        self._swipe_open = False
        self._last_activity: float | None = None

    @property
    def poll_at(self) -> float | None:
        if self.gap_s is None or self._last_activity is None:
            return None
        if self._pending is None and not self._swipe_open:
            return None
        return self._last_activity + self.gap_s

    def activity(self, now: float) -> None:
        """Bytes arrived on the line at ``now``."""
        self._last_activity = now

    def poll(self, now: float) -> list[bytes]:
        """Swipes whose line has gone quiet."""
        at = self.poll_at
        if at is None or now < at:
            return []
        self._swipe_open = False
        return self.finish()

    def finish(self) -> list[bytes]:
        """Whatever is held, as a swipe of its own (end of input)."""
        out = [self._pending] if self._pending is not None else []
        self._pending = None
        return out

    def frame(self, frame: bytes, now: float | None = None) -> list[bytes]:
        """Feed one framed line; return the swipes it completes."""
        out: list[bytes] = []
        if now is not None:
            out = self.poll(now)
            self._last_activity = now
        kind = _kind(frame)
        if kind == "t1":
            out += self.finish()
            self._pending = frame
            self._swipe_open = False
            return out
        if kind == "t23":
            if self._pending is not None:
                out.append(self._pending + b"\r" + frame)
                self._pending = None
                self._swipe_open = True
                return out
            if self._swipe_open and _looks_like_track3(frame):
                logger.debug("track 3 passed over")
                return out
            out.append(frame)
            self._swipe_open = True
            return out
        out += self.finish()
        out.append(frame)
        self._swipe_open = kind == "full"
        return out


class MagstripeReader(SerialDevice):
    """A serial magstripe reader. ``on_event`` gets CardSwiped / ReadFailed and
    the status events, on the reader thread. ``track_gap_s`` is how long the
    line must be quiet before a swipe whose track 2 never came is given up."""

    def __init__(self, name: str, config: SerialConfig, on_event: EventCallback, *,
                 formats: Iterable[CardFormat] = (), track_gap_s: float = 0.1) -> None:
        super().__init__(name, config, on_event)
        self.formats = tuple(formats)
        self._assembler = SwipeAssembler(track_gap_s)
        self._track_gap_s = track_gap_s

    def _on_connect(self) -> None:
        self._assembler = SwipeAssembler(self._track_gap_s)

    def _activity(self, now: float) -> None:
        self._assembler.activity(now)

    def _tick(self, now: float) -> None:
        # A line still being received (say, track 2 waiting for the
        # inter-character timeout) is part of the same swipe: wait for it.
        if self._framer.pending:
            return
        for swipe in self._assembler.poll(now):
            self._emit(parse_swipe(swipe, device=self.name, formats=self.formats))

    def _handle_frame(self, frame: bytes, now: float) -> None:
        # No time here: _tick() has already polled, and a frame ended by the
        # inter-character timeout must not count that wait as a pause.
        for swipe in self._assembler.frame(frame):
            self._emit(parse_swipe(swipe, device=self.name, formats=self.formats))
