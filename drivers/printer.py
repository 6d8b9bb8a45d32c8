"""ESC/POS receipt printers and the cash drawer behind them, on python-escpos.

The app renders its receipts to ESC/POS bytes; this driver only delivers
bytes, kicks the drawer and asks the printer how it is (DLE EOT, where the
printer answers it). Open one with :func:`open_printer`:

- ``serial:///dev/ttyS0?baudrate=19200&bytesize=8&parity=N&stopbits=1&rtscts=1``
- ``tcp://192.168.1.50:9100`` (connects for each job, so terminals can share it)
- ``file:///dev/usb/lp0`` (or any file: the bytes are appended to it)
- ``dummy://`` (records the bytes, for tests; ``dummy://?status=paper_out``
  pretends a status)

Every failure is a :class:`PrinterError` whose message a cashier can act on.
Methods are thread-safe and block (run them off the GUI thread).
"""

from __future__ import annotations

import contextlib
import enum
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

import serial
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Dummy, File, Network
from escpos.printer import Serial as EscposSerial

logger = logging.getLogger(__name__)

ESC = b"\x1b"
DLE_EOT = b"\x10\x04"
STATUS_PRINTER = DLE_EOT + b"\x01"
STATUS_OFFLINE_CAUSE = DLE_EOT + b"\x02"
STATUS_PAPER = DLE_EOT + b"\x04"


class PrinterStatus(enum.StrEnum):
    ONLINE = "online"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    UNKNOWN = "unknown"  # the printer does not report status (or cannot: file, dummy)


MSG_MISSING = ("Printer not found — check it is switched on and connected, "
               "then press Reprint")
MSG_PAPER_OUT = "Printer is out of paper — load a roll and press Reprint"
MSG_OFFLINE = ("Printer is offline — check it is switched on and its cover is closed, "
               "then press Reprint")
MSG_COVER_OPEN = "Printer cover is open — close it and press Reprint"
MSG_STOPPED = ("Printer stopped answering — check its cable and power, "
               "then press Reprint")


class PrinterError(Exception):
    """A printer problem, with a message for the cashier. ``key`` is stable
    (``printer_missing``, ``printer_paper_out``, ``printer_offline``,
    ``printer_failed``, ``printer_config``) for the app's error tree;
    ``detail`` is for the log."""

    def __init__(self, message: str, *, key: str = "printer_failed",
                 detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.detail = detail

    def __str__(self) -> str:
        return self.message


def drawer_kick(pin: int = 0, *, on_ms: int = 100, off_ms: int = 100) -> bytes:
    """``ESC p m t1 t2``: pulse drawer connector pin 2 (``pin=0``) or pin 5
    (``pin=1``) for ``on_ms``, then rest ``off_ms`` (units of 2 ms, at most 510)."""
    if pin not in (0, 1):
        raise ValueError("pin is 0 (connector pin 2) or 1 (connector pin 5)")
    t1 = max(0, min(255, on_ms // 2))
    t2 = max(0, min(255, off_ms // 2))
    return ESC + b"p" + bytes((pin, t1, t2))


def _valid_status(byte: int) -> bool:
    # Every DLE EOT reply has bit 1 and bit 4 set, bit 0 and bit 7 clear.
    return byte & 0x93 == 0x12


def _flag(query: dict[str, list[str]], name: str, default: bool) -> bool:
    values = query.get(name)
    if not values:
        return default
    return values[-1].strip().lower() in ("1", "true", "yes", "on")


class Printer:
    """One receipt printer. Made by :func:`open_printer`."""

    def __init__(self, url: str, kind: str, device: Any, *, status_timeout_s: float = 0.5,
                 write_timeout_s: float = 5.0, check_before_send: bool = True,
                 rtscts: bool = False, simulated: PrinterStatus | None = None) -> None:
        self.url = url
        self.kind = kind
        self._dev = device
        self._status_timeout_s = status_timeout_s
        self._write_timeout_s = write_timeout_s
        self._check_before_send = check_before_send
        self._rtscts = rtscts
        self._simulated = simulated
        self._lock = threading.RLock()
        self._is_open = kind == "dummy"
        self._ever_answered = False
        self._never_answers = False

    # -- public --------------------------------------------------------------

    def send(self, data: bytes | bytearray | memoryview) -> None:
        """Print ``data`` (ESC/POS bytes). Checks the printer first when it
        reports status: PrinterError if it is out of paper or offline."""
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError("send() takes bytes")
        with self._lock, self._session():
            if self._check_before_send:
                self._raise_unless_ready()
            self._write(bytes(data))

    def kick_drawer(self, pin: int = 0, *, on_ms: int = 100, off_ms: int = 100) -> None:
        """Open the cash drawer (see :func:`drawer_kick`). Not held back by a
        paper-out printer: the drawer must open for a cash sale anyway."""
        data = drawer_kick(pin, on_ms=on_ms, off_ms=off_ms)
        with self._lock, self._session():
            self._write(data)

    def status(self) -> PrinterStatus:
        """What the printer says (DLE EOT). UNKNOWN for printers that do not
        answer; OFFLINE for one that used to answer and has gone quiet."""
        with self._lock:
            try:
                with self._session():
                    return self._query_status()[0]
            except PrinterError:
                return PrinterStatus.OFFLINE

    def ensure_ready(self) -> None:
        """PrinterError (with what to do) unless the printer can print now,
        as far as it tells."""
        with self._lock, self._session():
            self._raise_unless_ready()

    @property
    def output(self) -> bytes:
        """The bytes a ``dummy://`` printer received."""
        if not isinstance(self._dev, Dummy):
            raise TypeError("only a dummy:// printer records its output")
        return bytes(self._dev.output)

    def clear(self) -> None:
        """Forget what a ``dummy://`` printer received."""
        if isinstance(self._dev, Dummy):
            self._dev.clear()

    def simulate_status(self, status: PrinterStatus | None) -> None:
        """Make a ``dummy://`` printer report ``status`` (None: unknown)."""
        if not isinstance(self._dev, Dummy):
            raise TypeError("only a dummy:// printer can pretend")
        self._simulated = status

    def close(self) -> None:
        with self._lock:
            self._close_device()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Printer({self.url!r})"

    # -- internals (hold self._lock) -----------------------------------------

    @contextlib.contextmanager
    def _session(self) -> Iterator[None]:
        """The device is open inside; tcp connects here and hangs up after."""
        if not self._is_open:
            self._open_device()
        try:
            yield
        finally:
            if self.kind == "tcp":
                self._close_device()

    def _open_device(self) -> None:
        try:
            self._dev.open()
        except (DeviceNotFoundError, OSError, serial.SerialException, ValueError) as exc:
            logger.warning("printer %s cannot be opened: %s", self.url, exc)
            raise PrinterError(MSG_MISSING, key="printer_missing", detail=str(exc)) from exc
        if self.kind == "serial":
            port = self._dev.device
            port.write_timeout = self._write_timeout_s
            port.rtscts = self._rtscts
        self._is_open = True

    def _close_device(self) -> None:
        if not self._is_open:
            return
        self._is_open = False
        try:
            self._dev.close()
        except Exception:  # closing a port that is already gone
            logger.debug("printer %s: error on close", self.url, exc_info=True)

    def _write(self, data: bytes) -> None:
        try:
            self._dev._raw(data)
        except (OSError, serial.SerialException) as exc:
            logger.warning("printer %s: write failed: %s", self.url, exc)
            self._close_device()
            raise PrinterError(MSG_STOPPED, key="printer_failed", detail=str(exc)) from exc

    def _raise_unless_ready(self) -> None:
        status, cause = self._query_status()
        if status is PrinterStatus.PAPER_OUT:
            raise PrinterError(MSG_PAPER_OUT, key="printer_paper_out")
        if status is PrinterStatus.OFFLINE:
            msg = MSG_COVER_OPEN if cause == "cover_open" else MSG_OFFLINE
            raise PrinterError(msg, key="printer_offline", detail=cause)

    def _query_status(self) -> tuple[PrinterStatus, str | None]:
        if isinstance(self._dev, Dummy):
            return (self._simulated or PrinterStatus.UNKNOWN), None
        if self.kind not in ("serial", "tcp") or self._never_answers:
            return PrinterStatus.UNKNOWN, None
        printer = self._ask(STATUS_PRINTER)
        if printer is None:
            if self._ever_answered:
                return PrinterStatus.OFFLINE, "no answer"
            # It never answered: it does not do DLE EOT. Do not ask again.
            self._never_answers = True
            logger.info("printer %s does not report status", self.url)
            return PrinterStatus.UNKNOWN, None
        self._ever_answered = True
        paper = self._ask(STATUS_PAPER)
        if paper is not None and paper & 0x60 == 0x60:
            return PrinterStatus.PAPER_OUT, "paper end"
        if printer & 0x08:
            cause = self._ask(STATUS_OFFLINE_CAUSE)
            if cause is not None and cause & 0x20:
                return PrinterStatus.PAPER_OUT, "paper end"
            if cause is not None and cause & 0x04:
                return PrinterStatus.OFFLINE, "cover_open"
            return PrinterStatus.OFFLINE, "offline"
        return PrinterStatus.ONLINE, None

    def _ask(self, query: bytes) -> int | None:
        """Send a DLE EOT query; the valid status byte, or None if none came."""
        try:
            if self.kind == "serial":
                port = self._dev.device
                port.reset_input_buffer()
                port.write(query)
                port.timeout = self._status_timeout_s
                reply = port.read(1)
            else:
                sock: socket.socket = self._dev.device
                sock.sendall(query)
                sock.settimeout(self._status_timeout_s)
                try:
                    reply = sock.recv(1)
                except TimeoutError:
                    reply = b""
        except (OSError, serial.SerialException) as exc:
            logger.warning("printer %s: status query failed: %s", self.url, exc)
            self._close_device()
            raise PrinterError(MSG_STOPPED, key="printer_failed", detail=str(exc)) from exc
        if not reply or not _valid_status(reply[0]):
            return None
        return reply[0]


class _AppendFile(File):
    """python-escpos' File, appending instead of truncating, so a plain file
    collects every receipt (a device node such as /dev/usb/lp0 is the same)."""

    def open(self, raise_not_found: bool = True) -> None:
        try:
            handle = open(self.devfile, "ab")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise DeviceNotFoundError(f"Could not open {self.devfile}: {exc}") from exc
        self.device = handle


def open_printer(url: str, *, timeout_s: float = 5.0, status_timeout_s: float = 0.5,
                 check_before_send: bool = True) -> Printer:
    """Open the printer at ``url`` (see the module docstring). Raises
    PrinterError when it is not there (``printer_missing``) or the URL is not
    understood (``printer_config``). ``timeout_s`` bounds connecting and
    writing; ``status_timeout_s`` how long to wait for a status reply."""
    try:
        printer = _make_printer(url, timeout_s=timeout_s, status_timeout_s=status_timeout_s,
                                check_before_send=check_before_send)
    except ValueError as exc:
        raise PrinterError(f"Printer settings are wrong — ask a manager to check them ({exc})",
                           key="printer_config", detail=str(exc)) from exc
    # Open (tcp: connect once) now, so a wrong address shows at start, not at a sale.
    with printer._lock, printer._session():
        pass
    return printer


def _make_printer(url: str, *, timeout_s: float, status_timeout_s: float,
                  check_before_send: bool) -> Printer:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    scheme = parts.scheme.lower()
    common: dict[str, Any] = {"status_timeout_s": status_timeout_s,
                              "write_timeout_s": timeout_s,
                              "check_before_send": check_before_send}
    if scheme == "dummy":
        wanted = query.get("status", [""])[-1]
        return Printer(url, "dummy", Dummy(), simulated=PrinterStatus(wanted) if wanted else None,
                       **common)
    if scheme == "file":
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise ValueError("file:// needs a path")
        return Printer(url, "file", _AppendFile(devfile=path), **common)
    if scheme == "tcp":
        if not parts.hostname:
            raise ValueError("tcp:// needs a host")
        device = Network(host=parts.hostname, port=parts.port or 9100, timeout=timeout_s)
        return Printer(url, "tcp", device, **common)
    if scheme == "serial":
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise ValueError("serial:// needs a device path")

        def opt(name: str, default: str) -> str:
            return query.get(name, [default])[-1]

        device = EscposSerial(
            devfile=path,
            baudrate=int(opt("baudrate", "9600")),
            bytesize=int(opt("bytesize", "8")),
            parity=opt("parity", "N").upper(),
            stopbits=float(opt("stopbits", "1")),
            xonxoff=_flag(query, "xonxoff", False),
            dsrdtr=_flag(query, "dsrdtr", False),
            timeout=status_timeout_s,
        )
        return Printer(url, "serial", device, rtscts=_flag(query, "rtscts", False), **common)
    raise ValueError(f"unknown printer URL scheme {scheme!r}; use serial://, tcp://, "
                     "file:// or dummy://")
