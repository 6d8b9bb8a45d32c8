"""The same driver over socket:// (a terminal server / ser2net) and loop://."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from drivers.events import CardScanned, DeviceConnected, DeviceLost
from drivers.recorder import EventRecorder
from drivers.scanner import ACK, BarcodeScanner, scanner_config
from tests.unit.drivers.helpers import CARD, GIFT


class OneClientServer:
    """A TCP server that accepts one driver at a time, like ser2net."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._accepted: list[socket.socket] = []
        self._ready = threading.Condition()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self._ready:
                self._accepted.append(conn)
                self._ready.notify_all()

    def client(self, n: int, timeout: float = 2.0) -> socket.socket:
        with self._ready:
            assert self._ready.wait_for(lambda: len(self._accepted) >= n, timeout)
            return self._accepted[n - 1]

    def close(self) -> None:
        self.sock.close()
        for conn in self._accepted:
            conn.close()


@pytest.fixture
def server() -> Iterator[OneClientServer]:
    srv = OneClientServer()
    yield srv
    srv.close()


def test_socket_url_scans_acks_and_reconnects(server: OneClientServer,
                                              recorder: EventRecorder) -> None:
    config = scanner_config(f"socket://127.0.0.1:{server.port}", reconnect_min_s=0.02,
                            reconnect_max_s=0.05)
    scanner = BarcodeScanner("scanner", config, [GIFT], recorder, ack_nak=True)
    scanner.start()
    try:
        recorder.wait_for(DeviceConnected)
        conn = server.client(1)
        conn.sendall(b"]C1" + CARD.encode() + b"\r")
        assert recorder.wait_for(CardScanned).number == CARD
        conn.settimeout(2.0)
        assert conn.recv(1) == ACK
        mark = recorder.mark()
        conn.close()  # the terminal server drops the line
        recorder.wait_for(DeviceLost, since=mark)
        recorder.wait_for(DeviceConnected, since=mark)
        server.client(2).sendall(CARD.encode() + b"\r")
        assert recorder.wait_for(CardScanned, since=mark).number == CARD
    finally:
        scanner.close()


def test_loop_url_opens(recorder: EventRecorder) -> None:
    scanner = BarcodeScanner("scanner", scanner_config("loop://"), [GIFT], recorder)
    scanner.start()
    try:
        assert recorder.wait_for(DeviceConnected).port == "loop://"
    finally:
        scanner.close()
