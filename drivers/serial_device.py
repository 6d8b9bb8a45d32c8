"""A serial device read by its own thread: port opened from a URL (so a real
``/dev/ttyUSB0``, ``COM3``, a pty, ``socket://``, ``rfc2217://`` or
``loop://`` all work), framing, and reconnection with backoff when the port
goes away.

Threads: :meth:`SerialDevice.start` starts one reader thread per device. Every
callback (``on_event``) runs on that reader thread; a GUI must hand events to
its own thread (the adapter in ui/ does). A callback that raises is logged and
the driver carries on.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from typing import Any, Self

import serial

from drivers.events import DeviceConnected, DeviceEvent, DeviceLost, DeviceReconnecting
from drivers.framing import CR, LF, Framer

logger = logging.getLogger(__name__)

EventCallback = Callable[[DeviceEvent], None]

#: How long one blocking read waits. It bounds how late ``close()`` is noticed
#: and how late an inter-character timeout fires; a byte that arrives ends the
#: wait at once, so it does not add latency.
POLL_S = 0.05
#: How often an idle driver checks that a port given by path still exists.
LIVENESS_S = 0.5

_PARITIES = {"N", "E", "O", "M", "S"}


@dataclass(frozen=True)
class SerialConfig:
    """How to open and frame one device. Only ``url`` is positional.

    ``url`` is anything ``serial.serial_for_url`` opens. ``terminators`` end a
    frame; ``stx_etx`` honours an STX ... ETX envelope; ``strip_prefix`` and
    ``strip_suffix`` remove a configured preamble/postamble;
    ``inter_char_timeout_s`` turns a frame that never got its terminator into a
    frame anyway (None: never). After the port goes away the driver retries
    after ``reconnect_min_s``, doubling up to ``reconnect_max_s``.
    """

    url: str
    _: KW_ONLY
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    rtscts: bool = False
    xonxoff: bool = False
    terminators: tuple[bytes, ...] = (CR, LF)
    stx_etx: bool = False
    strip_prefix: bytes = b""
    strip_suffix: bytes = b""
    inter_char_timeout_s: float | None = 0.2
    reconnect_min_s: float = 0.25
    reconnect_max_s: float = 5.0
    max_frame: int = 1024

    def __post_init__(self) -> None:
        if not self.url:
            raise ValueError("a port URL is needed")
        if self.baudrate <= 0:
            raise ValueError("baudrate must be positive")
        if self.bytesize not in (5, 6, 7, 8):
            raise ValueError("bytesize must be 5, 6, 7 or 8")
        if self.parity not in _PARITIES:
            raise ValueError("parity must be one of N, E, O, M, S")
        if self.stopbits not in (1, 1.5, 2):
            raise ValueError("stopbits must be 1, 1.5 or 2")
        if not 0 < self.reconnect_min_s <= self.reconnect_max_s:
            raise ValueError("need 0 < reconnect_min_s <= reconnect_max_s")
        # Building a framer validates the framing options.
        self.framer()

    def framer(self) -> Framer:
        return Framer(
            terminators=self.terminators,
            stx_etx=self.stx_etx,
            strip_prefix=self.strip_prefix,
            strip_suffix=self.strip_suffix,
            inter_char_timeout_s=self.inter_char_timeout_s,
            max_frame=self.max_frame,
        )

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before reconnect ``attempt`` (1, 2, ...)."""
        return min(self.reconnect_max_s, self.reconnect_min_s * 2 ** max(0, attempt - 1))

    def open_port(self, *, timeout: float = POLL_S) -> serial.SerialBase:
        """Open the port. ValueError for a URL that can never work,
        serial.SerialException / OSError for one that does not work now."""
        return serial.serial_for_url(
            self.url,
            baudrate=self.baudrate,
            bytesize=self.bytesize,
            parity=self.parity,
            stopbits=self.stopbits,
            rtscts=self.rtscts,
            xonxoff=self.xonxoff,
            timeout=timeout,
            write_timeout=0.5,
        )


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if "returned no data" in text:
        # pyserial's wording when the other end of the line has gone
        return "device disconnected"
    return text.splitlines()[0][:200]


def _local_path(url: str) -> str | None:
    """The filesystem path of a port given as one (not a ``scheme://`` URL)."""
    return url if "://" not in url and url.startswith("/") else None


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_rdev, st.st_ino)


class SerialDevice:
    """Base of the serial drivers: owns the port, the reader thread, the framer
    and reconnection. Subclasses turn frames into events in
    :meth:`_handle_frame` (called on the reader thread).

    Status events: DeviceConnected when the port opens; DeviceLost when it
    fails or disappears (or cannot be opened at start); then
    DeviceReconnecting before each wait, until it opens again. A port URL that
    can never be opened (unknown scheme, bad settings) gives one DeviceLost and
    the thread ends.
    """

    def __init__(self, name: str, config: SerialConfig, on_event: EventCallback) -> None:
        self.name = name
        self.config = config
        self._on_event = on_event
        self._framer = config.framer()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: serial.SerialBase | None = None
        self._connected = False

    # -- public --------------------------------------------------------------

    @property
    def port(self) -> str:
        return self.config.url

    @property
    def is_connected(self) -> bool:
        return self._connected

    def start(self) -> None:
        """Start the reader thread (returns at once; watch for DeviceConnected)."""
        if self._thread is not None:
            raise RuntimeError(f"{self.name} was already started")
        self._thread = threading.Thread(target=self._run, name=f"giftpos-{self.name}",
                                        daemon=True)
        self._thread.start()

    def close(self, timeout_s: float = 0.5) -> None:
        """Stop the reader thread and close the port. No event is delivered
        after this returns (unless the callback itself is slower than
        ``timeout_s``). Safe to call twice, or from the callback."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
            if thread.is_alive():
                logger.warning("%s: reader thread still busy after %.1f s", self.name, timeout_s)

    def wait_ended(self, timeout_s: float = 0.0) -> bool:
        """True once the reader thread has ended (waiting up to ``timeout_s``
        for it): after ``close()``, or when the port's settings are unusable."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout_s)
        return not thread.is_alive()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- for subclasses (reader thread) --------------------------------------

    def _handle_frame(self, frame: bytes, now: float) -> None:
        raise NotImplementedError

    def _tick(self, now: float) -> None:
        """Called on every wake-up of the reader loop, before new frames."""

    def _activity(self, now: float) -> None:
        """Called whenever bytes arrive."""

    def _on_connect(self) -> None:
        """Called when the port has opened, before DeviceConnected."""

    def _emit(self, event: DeviceEvent) -> None:
        if self._stop.is_set():
            return
        try:
            self._on_event(event)
        except Exception:
            logger.exception("%s: on_event failed for a %s", self.name, type(event).__name__)

    def _write(self, data: bytes) -> None:
        """Reply to the device (ACK/NAK); failures are logged, not raised."""
        port = self._port
        if port is None:
            return
        try:
            port.write(data)
        except (serial.SerialException, OSError) as exc:
            logger.warning("%s: could not reply to the device: %s", self.name, _describe(exc))

    # -- the reader thread ---------------------------------------------------

    def _run(self) -> None:
        attempt = 0
        lost_reported = False
        while not self._stop.is_set():
            try:
                port = self.config.open_port()
            except ValueError as exc:
                logger.error("%s: port %s cannot be used: %s", self.name, self.port,
                             _describe(exc))
                self._emit(DeviceLost(self.name, self.port, f"bad port settings: {_describe(exc)}"))
                return
            except (serial.SerialException, OSError) as exc:
                if not lost_reported:
                    lost_reported = True
                    logger.warning("%s: cannot open %s: %s", self.name, self.port, _describe(exc))
                    self._emit(DeviceLost(self.name, self.port, _describe(exc)))
                attempt += 1
                delay = self.config.backoff(attempt)
                self._emit(DeviceReconnecting(self.name, self.port, attempt, delay))
                self._stop.wait(delay)
                continue
            attempt = 0
            lost_reported = False
            # Before DeviceConnected: whoever hears it may pull the port at once.
            path = _local_path(self.port)
            identity = _identity(path) if path else None
            self._port = port
            self._framer.reset()
            self._on_connect()
            self._connected = True
            logger.info("%s: connected on %s", self.name, self.port)
            self._emit(DeviceConnected(self.name, self.port))
            try:
                reason = self._pump(port, path if identity else None, identity)
            finally:
                self._connected = False
                self._port = None
                try:
                    port.close()
                except Exception:  # the port is gone anyway
                    logger.debug("%s: error closing port", self.name, exc_info=True)
            if reason is not None:
                lost_reported = True
                logger.warning("%s: lost %s: %s", self.name, self.port, reason)
                self._emit(DeviceLost(self.name, self.port, reason))

    def _guarded(self, step: Callable[..., None], *args: Any) -> None:
        """Run one step; a bug in it must not stop the till's device."""
        try:
            step(*args)
        except Exception as exc:
            # Type and place only: the message of an exception may quote the data.
            where = traceback.extract_tb(exc.__traceback__)[-1]
            logger.error("%s: dropped input after %s at %s:%s", self.name,
                         type(exc).__name__, os.path.basename(where.filename), where.lineno)

    def _pump(self, port: serial.SerialBase, path: str | None,
              identity: tuple[int, int] | None) -> str | None:
        """Read until stopped (None) or the port fails (the reason). ``path``
        (if given) must keep resolving to the device ``identity``."""
        next_check = time.monotonic() + LIVENESS_S
        framer = self._framer
        while not self._stop.is_set():
            try:
                data = port.read(1)
                if data:
                    waiting = port.in_waiting
                    if waiting:
                        data += port.read(waiting)
            except (serial.SerialException, OSError) as exc:
                return _describe(exc)
            now = time.monotonic()
            self._guarded(self._tick, now)
            if data:
                self._activity(now)
                for frame in framer.data_received(data, now):
                    self._guarded(self._handle_frame, frame, now)
            else:
                stale = framer.flush_if_stale(now)
                if stale is not None:
                    logger.debug("%s: frame ended by inter-character timeout", self.name)
                    self._guarded(self._handle_frame, stale, now)
            if not data and path and now >= next_check:
                next_check = now + LIVENESS_S
                if _identity(path) != identity:
                    return "port disappeared"
        return None


