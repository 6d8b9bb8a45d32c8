"""Printers on a real pty (serial) and a real TCP socket, answering DLE EOT
like an Epson-compatible printer."""

from __future__ import annotations

import os
import select
import socket
import threading
import tty
from collections.abc import Callable, Iterator

import pytest

from drivers.printer import (
    MSG_COVER_OPEN,
    MSG_PAPER_OUT,
    PrinterError,
    PrinterStatus,
    open_printer,
)

ONLINE, OFFLINE = 0x12, 0x1A
PAPER_OK, PAPER_END = 0x12, 0x72
CAUSE_NONE, CAUSE_COVER, CAUSE_PAPER = 0x12, 0x16, 0x32


class FakePrinter:
    """Reads what the driver sends, answers DLE EOT n from ``replies``, keeps
    everything else as printed bytes."""

    def __init__(self, read: Callable[[], bytes | None],
                 write: Callable[[bytes], object]) -> None:
        self.replies: dict[int, int | None] = {1: ONLINE, 2: CAUSE_NONE, 4: PAPER_OK}
        self.printed = bytearray()
        self.queries: list[int] = []
        self._read, self._write = read, write
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pending = b""
        while True:
            data = self._read()
            if data is None:
                continue  # nothing yet
            if not data:
                return  # the line is gone
            pending += data
            while pending:
                i = pending.find(b"\x10\x04")
                if i < 0 or len(pending) < i + 3:
                    keep = pending if i >= 0 else b""
                    self._print(pending[: i] if i >= 0 else pending)
                    pending = keep[i:] if i >= 0 else b""
                    break
                self._print(pending[:i])
                n = pending[i + 2]
                pending = pending[i + 3:]
                with self._cond:
                    self.queries.append(n)
                reply = self.replies.get(n)
                if reply is not None:
                    self._write(bytes([reply]))

    def join(self, timeout: float = 2.0) -> None:
        self._thread.join(timeout)
        assert not self._thread.is_alive()

    def _print(self, data: bytes) -> None:
        if data:
            with self._cond:
                self.printed += data
                self._cond.notify_all()

    def wait_printed(self, size: int, timeout: float = 2.0) -> bytes:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.printed) >= size, timeout)
            return bytes(self.printed)


@pytest.fixture
def pty_printer() -> Iterator[tuple[str, FakePrinter]]:
    master, slave = os.openpty()
    tty.setraw(slave)
    name = os.ttyname(slave)

    def read() -> bytes | None:
        if not select.select([master], [], [], 0.2)[0]:
            return None
        try:
            return os.read(master, 4096)
        except OSError:  # EIO: nobody has the slave open any more
            return b""

    fake = FakePrinter(read, lambda b: os.write(master, b))
    yield name, fake
    # Stop the fake before its fd number can be reused by the next test's pty.
    os.close(slave)
    fake.join()
    os.close(master)


def test_serial_printer_prints_and_reports_status(pty_printer: tuple[str, FakePrinter]) -> None:
    path, fake = pty_printer
    printer = open_printer(f"serial://{path}?baudrate=19200", status_timeout_s=0.5)
    try:
        assert printer.status() is PrinterStatus.ONLINE
        printer.send(b"\x1b@RECEIPT\n")
        printer.kick_drawer()
        assert fake.wait_printed(15) == b"\x1b@RECEIPT\n\x1bp\x00\x32\x32"

        fake.replies.update({1: OFFLINE, 4: PAPER_END, 2: CAUSE_PAPER})
        assert printer.status() is PrinterStatus.PAPER_OUT
        with pytest.raises(PrinterError) as err:
            printer.send(b"never printed")
        assert err.value.message == MSG_PAPER_OUT

        fake.replies.update({1: OFFLINE, 4: PAPER_OK, 2: CAUSE_COVER})
        assert printer.status() is PrinterStatus.OFFLINE
        with pytest.raises(PrinterError) as err:
            printer.ensure_ready()
        assert err.value.message == MSG_COVER_OPEN

        fake.replies.update({1: None})  # it used to answer: now it is off
        assert printer.status() is PrinterStatus.OFFLINE
        assert b"never printed" not in fake.printed
    finally:
        printer.close()


def test_printer_that_never_answers_status_is_unknown(
        pty_printer: tuple[str, FakePrinter]) -> None:
    path, fake = pty_printer
    fake.replies = {}
    printer = open_printer(f"serial://{path}", status_timeout_s=0.1)
    try:
        assert printer.status() is PrinterStatus.UNKNOWN
        printer.send(b"still prints")  # unknown is not a reason to refuse
        printed = fake.wait_printed(12)
        assert printed.endswith(b"still prints")
        asked = len(fake.queries)
        printer.send(b"!")
        assert fake.wait_printed(len(printed) + 1).endswith(b"still prints!")
        assert len(fake.queries) == asked  # and it is not asked again each time
    finally:
        printer.close()


def _reader(conn: socket.socket) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return conn.recv(4096)
        except OSError:
            return b""
    return read


def test_network_printer_connects_per_job() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    fakes: list[FakePrinter] = []
    accepted = threading.Condition()

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with accepted:
                fakes.append(FakePrinter(_reader(conn), conn.sendall))
                accepted.notify_all()

    threading.Thread(target=serve, daemon=True).start()
    try:
        printer = open_printer(f"tcp://127.0.0.1:{port}", timeout_s=2, status_timeout_s=1)
        printer.send(b"job one")
        printer.send(b"job two")
        with accepted:
            assert accepted.wait_for(lambda: len(fakes) >= 3, 2)  # open check + 2 jobs
        assert fakes[1].wait_printed(7) == b"job one"
        assert fakes[2].wait_printed(7) == b"job two"
        assert fakes[1].queries[:2] == [1, 4]  # status checked before printing
        assert printer.status() is PrinterStatus.ONLINE
        server.shutdown(socket.SHUT_RDWR)  # wakes the accept() and refuses new connections
        server.close()
        with pytest.raises(PrinterError) as err:
            printer.send(b"job three")
        assert err.value.key == "printer_missing"
        assert printer.status() is PrinterStatus.OFFLINE
    finally:
        server.close()
        for fake in fakes:
            fake.join()
