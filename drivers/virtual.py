"""Virtual devices on real ptys, for tests and the demo.

A virtual device opens a pty pair; a driver opens the slave side (its path, or
a symlink to it) exactly like a real serial port, and the virtual device writes
to the master what a real scanner or reader would send. :meth:`unplug` closes
the master and removes the link, which a driver sees as a lost port;
:meth:`replug` makes a new pty at the same link.

Linux/macOS only (``os.openpty``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
import tty
from pathlib import Path
from typing import Self

from drivers.framing import CR, ETX, STX
from drivers.scanner import AIM_IDS

logger = logging.getLogger(__name__)


class VirtualPort:
    """A pty whose slave is the port a driver opens. Thread-safe writes."""

    def __init__(self, *, link: str | os.PathLike[str] | None = None) -> None:
        self.link = Path(link) if link is not None else None
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave_name = ""
        self._open()

    # -- the pty -------------------------------------------------------------

    def _open(self) -> None:
        master, slave = os.openpty()
        # Raw, no echo, until the driver sets its own modes.
        tty.setraw(slave)
        self._slave_name = os.ttyname(slave)
        # Not keeping the slave open lets wait_for_reader() see the driver open it.
        os.close(slave)
        self._master = master
        if self.link is not None:
            tmp = self.link.with_name(f".{self.link.name}.{os.getpid()}.tmp")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(self._slave_name)
            os.replace(tmp, self.link)

    @property
    def port(self) -> str:
        """What a driver opens: the link if there is one, else the pty's path."""
        return str(self.link) if self.link is not None else self._slave_name

    @property
    def slave_name(self) -> str:
        return self._slave_name

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def write(self, data: bytes) -> None:
        """Send bytes as the device would. Raises OSError when unplugged."""
        with self._lock:
            if self._master is None:
                raise OSError("virtual device is unplugged")
            view = memoryview(data)
            while view:
                written = os.write(self._master, view)
                view = view[written:]

    def read_reply(self, timeout_s: float = 1.0) -> bytes:
        """Bytes the driver wrote back (ACK/NAK), waiting up to ``timeout_s``
        for the first; b"" if none came."""
        master = self._master
        if master is None:
            return b""
        ready, _, _ = select.select([master], [], [], timeout_s)
        if not ready:
            return b""
        try:
            return os.read(master, 4096)
        except OSError:  # EIO: nobody has the slave open
            return b""

    def reader_attached(self) -> bool:
        """True while some process has the slave open (Linux: the master
        reports POLLHUP while nobody does)."""
        master = self._master
        if master is None:
            return False
        poller = select.poll()
        poller.register(master, select.POLLHUP)
        return not any(ev & select.POLLHUP for _, ev in poller.poll(0))

    def wait_for_reader(self, timeout_s: float, *, settle_s: float = 0.2) -> bool:
        """Block until a driver has opened the port (for the CLI, which cannot
        see the driver's events). ``settle_s`` more lets the driver finish
        configuring the port, which discards what arrived before."""
        deadline = time.monotonic() + timeout_s
        while not self.reader_attached():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        time.sleep(settle_s)
        return True

    def unplug(self) -> None:
        """Pull the cable: close the master and remove the link."""
        with self._lock:
            if self._master is not None:
                os.close(self._master)
                self._master = None
            if self.link is not None:
                with contextlib.suppress(FileNotFoundError):
                    self.link.unlink()

    def replug(self) -> None:
        """Plug a (new) device in at the same link."""
        self.unplug()
        with self._lock:
            self._open()

    def close(self) -> None:
        self.unplug()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def scanner_frame(data: str, symbology: str | None = None, *, prefix: bytes = b"",
                  suffix: bytes = CR, aim: bool = True) -> bytes:
    """What a serial scanner sends for ``data``: [prefix][AIM id][data][suffix].
    ``symbology`` is a name such as ``"code128"`` or an AIM id such as ``"]C1"``."""
    ident = ""
    if aim and symbology:
        ident = symbology if symbology.startswith("]") else AIM_IDS.get(symbology, "")
    return prefix + (ident + data).encode("ascii") + suffix


def swipe_frame(number: str, expiry: str | None = "2912", name: str | None = "GIFT/CARD", *,
                style: str = "magtek", track1: bool = True, track3: bool = False,
                bad_track1: bool = False, bad_track2: bool = False) -> bytes:
    """What a reader sends for a swipe of this card. ``style="magtek"``: STX,
    tracks back to back, CR, ETX; ``"idtech"``: tracks separated by CR, then
    CR LF. ``bad_trackN`` sends the track as ``E`` (a read error);
    ``track1=False`` leaves it out; ``track3`` adds a track 3."""
    if style not in ("magtek", "idtech"):
        raise ValueError("style is 'magtek' or 'idtech'")
    exp = expiry or ""
    t2 = ";E?" if bad_track2 else f";{number}={exp or '='}1010000000000?"
    t1 = ""
    if track1:
        t1 = "%E?" if bad_track1 else f"%B{number}^{(name or ' ')[:26]}^{exp or '^'}101?"
    tracks = [t for t in (t1, t2) if t]
    if track3:
        tracks.append(";01" + number + "=" + "0" * 60 + "?")
    if style == "magtek":
        return STX + "".join(tracks).encode("ascii") + CR + ETX
    return "\r".join(tracks).encode("ascii") + b"\r\n"


class VirtualScanner(VirtualPort):
    """Sends [prefix][AIM id][data][suffix] like a serial barcode scanner."""

    def __init__(self, *, link: str | os.PathLike[str] | None = None, prefix: bytes = b"",
                 suffix: bytes = CR, aim: bool = True) -> None:
        super().__init__(link=link)
        self.prefix = prefix
        self.suffix = suffix
        self.aim = aim

    def frame(self, data: str, symbology: str | None = None) -> bytes:
        return scanner_frame(data, symbology, prefix=self.prefix, suffix=self.suffix,
                             aim=self.aim)

    def scan(self, number: str, symbology: str | None = None) -> None:
        """Scan ``number`` (see :func:`scanner_frame`)."""
        self.write(self.frame(number, symbology))


class VirtualMagstripe(VirtualPort):
    """Sends swipes like a MagTek-style or IDTech-style RS-232 reader (see
    :func:`swipe_frame`)."""

    def __init__(self, *, link: str | os.PathLike[str] | None = None,
                 style: str = "magtek") -> None:
        if style not in ("magtek", "idtech"):
            raise ValueError("style is 'magtek' or 'idtech'")
        super().__init__(link=link)
        self.style = style

    def frame(self, number: str, expiry: str | None = "2912", name: str | None = "GIFT/CARD",
              **options: bool) -> bytes:
        return swipe_frame(number, expiry, name, style=self.style, **options)

    def swipe(self, number: str, expiry: str | None = "2912", name: str | None = "GIFT/CARD",
              **options: bool) -> None:
        """Swipe a card (options as :func:`swipe_frame`)."""
        self.write(self.frame(number, expiry, name, **options))
