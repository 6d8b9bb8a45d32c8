"""A fault-injecting TCP proxy on loopback, between a terminal and the ledger.

Each accepted connection takes the next mode from a script (then the default):
  pass   forward both ways
  drop   close at once, before reading anything (request never arrives)
  reset  send a TCP reset at once
  cut    forward the request, then only half of the answer's first bytes
  delay  forward the request, hold the answer ``delay_s`` (past the client's
         timeout), then close
  hang   read the request, never forward it, close after ``delay_s``
Clients should not keep connections alive, so each request is one connection.
"""

from __future__ import annotations

import collections
import contextlib
import socket
import struct
import threading


class FaultProxy:
    def __init__(self, target: tuple[str, int], *, delay_s: float = 3.0) -> None:
        self.target = target
        self.delay_s = delay_s
        self.default = "pass"
        self._script: collections.deque[str] = collections.deque()
        self._lock = threading.Lock()
        self.seen: list[str] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True, name="faultproxy")
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def script(self, *modes: str) -> None:
        with self._lock:
            self._script.extend(modes)

    def _next(self) -> str:
        with self._lock:
            mode = self._script.popleft() if self._script else self.default
            self.seen.append(mode)
            return mode

    def close(self) -> None:
        self._closed.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn, self._next()),
                             daemon=True).start()

    def _serve(self, conn: socket.socket, mode: str) -> None:
        try:
            if mode == "drop":
                conn.close()
                return
            if mode == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
                return
            if mode == "hang":
                conn.recv(65536)
                self._closed.wait(self.delay_s)
                conn.close()
                return
            up = socket.create_connection(self.target)
            if mode == "pass":
                self._pump_both(conn, up)
                return
            request = self._read_request(conn)
            up.sendall(request)
            answer = up.recv(65536)
            if mode == "cut":
                conn.sendall(answer[: max(1, len(answer) // 2)])
            elif mode == "delay":
                self._closed.wait(self.delay_s)
                with contextlib.suppress(OSError):
                    conn.sendall(answer)
            up.close()
            conn.close()
        except OSError:
            conn.close()

    @staticmethod
    def _read_request(conn: socket.socket) -> bytes:
        """One HTTP request: headers, then Content-Length bytes of body."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        return head + b"\r\n\r\n" + body

    @staticmethod
    def _pump_both(a: socket.socket, b: socket.socket) -> None:
        def pump(src: socket.socket, dst: socket.socket) -> None:
            try:
                while True:
                    chunk = src.recv(65536)
                    if not chunk:
                        break
                    dst.sendall(chunk)
            except OSError:
                pass
            finally:
                for s in (src, dst):
                    with contextlib.suppress(OSError):
                        s.shutdown(socket.SHUT_RDWR)

        t = threading.Thread(target=pump, args=(b, a), daemon=True)
        t.start()
        pump(a, b)
        t.join()
        a.close()
        b.close()
