"""Cutting a byte stream into frames, the way serial scanners and readers
delimit what they send: a terminator (CR, LF, CR LF, Tab, ETX...), an optional
STX ... ETX envelope, an optional configured prefix/suffix, and an
inter-character timeout for a frame whose terminator never came.

:class:`Framer` is a plain object fed with bytes; it does no I/O and keeps no
clock of its own, so it is tested byte by byte.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

STX = b"\x02"
ETX = b"\x03"
CR = b"\r"
LF = b"\n"
TAB = b"\t"

#: Names a technician can use for terminators (CLI, config files).
TERMINATOR_NAMES: dict[str, bytes] = {
    "cr": CR,
    "lf": LF,
    "crlf": CR + LF,
    "tab": TAB,
    "etx": ETX,
}

# Stripped from both ends of every frame: line ends, a trailing space some
# scanners add, and the NULs some adapters send when they power up.
_BLANK = b" \t\r\n\x00"


def terminators_from_names(names: Iterable[str]) -> tuple[bytes, ...]:
    """``["cr", "lf"]`` -> ``(b"\\r", b"\\n")``; ValueError for an unknown name."""
    out: list[bytes] = []
    for name in names:
        try:
            out.append(TERMINATOR_NAMES[name.strip().lower()])
        except KeyError:
            raise ValueError(f"unknown terminator {name!r}; use one of "
                             f"{', '.join(TERMINATOR_NAMES)}") from None
    return tuple(out)


class Framer:
    """Turns received bytes into frames.

    ``data_received(bytes) -> list[bytes]`` returns every frame completed by
    those bytes (possibly none); ``flush_if_stale(now)`` hands back a frame that
    has waited ``inter_char_timeout_s`` without its terminator. Empty frames
    (a CR LF read as CR then LF) are dropped. With ``stx_etx`` on, STX opens an
    envelope that only ETX closes (terminators inside it are data), and bytes
    outside any envelope are still framed by terminators, so a device that
    sends the envelope only sometimes still works.

    A frame longer than ``max_frame`` is cut there and the rest of it, up to its
    terminator, discarded: line noise cannot grow memory. How the bytes are
    split into calls never changes the frames.
    """

    TERMINATORS: tuple[bytes, ...] = (CR, LF)

    def __init__(
        self,
        *,
        terminators: Iterable[bytes] | None = None,
        stx_etx: bool = False,
        strip_prefix: bytes = b"",
        strip_suffix: bytes = b"",
        inter_char_timeout_s: float | None = 0.2,
        max_frame: int = 1024,
    ) -> None:
        terms = tuple(self.TERMINATORS if terminators is None else terminators)
        if not terms or any(not isinstance(t, bytes) or not t for t in terms):
            raise ValueError("terminators must be non-empty bytes")
        if inter_char_timeout_s is not None and inter_char_timeout_s <= 0:
            raise ValueError("inter_char_timeout_s must be positive or None")
        if max_frame < 1:
            raise ValueError("max_frame must be positive")
        # Longest first, so CR LF wins over CR when both start at one index.
        self.terminators = tuple(sorted(set(terms), key=len, reverse=True))
        self.stx_etx = stx_etx
        self.strip_prefix = strip_prefix
        self.strip_suffix = strip_suffix
        self.inter_char_timeout_s = inter_char_timeout_s
        self.max_frame = max_frame
        self._buf = bytearray()
        self._in_envelope = False
        self._discarding = False
        self._last_rx: float | None = None

    # -- state ---------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """True while part of a frame is waiting for its terminator."""
        return bool(self._buf) or self._in_envelope or self._discarding

    @property
    def stale_at(self) -> float | None:
        """When the pending bytes become a frame by timeout (None if never)."""
        if not self.pending or self.inter_char_timeout_s is None or self._last_rx is None:
            return None
        return self._last_rx + self.inter_char_timeout_s

    def reset(self) -> None:
        """Forget any partial frame (after a reconnect)."""
        self._wipe()
        self._in_envelope = False
        self._discarding = False
        self._last_rx = None

    def _wipe(self) -> None:
        del self._buf[:]

    # -- feeding -------------------------------------------------------------

    def data_received(self, data: bytes, now: float | None = None) -> list[bytes]:
        """Feed bytes; return the frames they complete, in order."""
        self._last_rx = time.monotonic() if now is None else now
        if not data:
            return []
        self._buf += data
        frames: list[bytes] = []
        while self._buf:
            if not self._step(frames):
                break
        if len(self._buf) > self.max_frame and not self._discarding:
            self._emit(frames, self._buf)
            self._wipe()
            self._discarding = True
        elif self._discarding:
            self._wipe()
        return frames

    def flush_if_stale(self, now: float) -> bytes | None:
        """The pending frame if it has waited ``inter_char_timeout_s`` for more
        bytes, else None. A device that lost its terminator still gets read."""
        at = self.stale_at
        if at is None or now < at:
            return None
        out: list[bytes] = []
        if not self._discarding:
            self._emit(out, self._buf)
        self.reset()
        return out[0] if out else None

    # -- internals -----------------------------------------------------------

    def _find_terminator(self) -> tuple[int, int]:
        best, size = -1, 0
        for term in self.terminators:
            i = self._buf.find(term)
            if i >= 0 and (best < 0 or i < best):
                best, size = i, len(term)
        return best, size

    def _step(self, frames: list[bytes]) -> bool:
        """Cut one frame off the buffer if one is complete; False if not."""
        buf = self._buf
        if self._in_envelope:
            end = buf.find(ETX)
            restart = buf.find(STX)
            if restart >= 0 and (end < 0 or restart < end):
                # A new envelope before this one closed: the ETX was lost.
                self._take(frames, restart, 1)
                return True
            if end < 0:
                return False
            self._in_envelope = False
            self._take(frames, end, 1)
            return True
        cut, size = self._find_terminator()
        start = buf.find(STX) if self.stx_etx else -1
        if start >= 0 and (cut < 0 or start < cut):
            self._take(frames, start, 1)
            self._in_envelope = True
            self._discarding = False
            return True
        if cut < 0:
            return False
        self._take(frames, cut, size)
        return True

    def _take(self, frames: list[bytes], end: int, skip: int) -> None:
        if self._discarding:
            self._discarding = False
        else:
            self._emit(frames, self._buf[:end])
        del self._buf[: end + skip]

    def _emit(self, frames: list[bytes], raw: bytes | bytearray) -> None:
        # Cut here too, so how the bytes were chunked never changes the frames.
        frame = bytes(raw[: self.max_frame]).strip(_BLANK)
        if self.strip_prefix and frame.startswith(self.strip_prefix):
            frame = frame[len(self.strip_prefix):].strip(_BLANK)
        if self.strip_suffix and frame.endswith(self.strip_suffix):
            frame = frame[: len(frame) - len(self.strip_suffix)].strip(_BLANK)
        if frame:
            frames.append(frame)
