"""`giftpos ledger serve` as a real child process (its own uvicorn, its own
workers), for the tests that kill it, load it or talk TLS to it."""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import httpx

from app.ledger.runner import free_socket

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    sock = free_socket()
    port = int(sock.getsockname()[1])
    sock.close()
    return port


class LedgerProcess:
    def __init__(self, db_url: str, *, port: int | None = None, workers: int = 1,
                 extra: tuple[str, ...] = (), scheme: str = "http",
                 verify: bool | str = True, env: dict[str, str] | None = None) -> None:
        self.db_url, self.workers, self.extra = db_url, workers, extra
        self.port = port or free_port()
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        # A CA bundle as an SSLContext: httpx deprecates verify=<path>.
        self.verify: bool | ssl.SSLContext = (ssl.create_default_context(cafile=verify)
                                              if isinstance(verify, str) else verify)
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 60.0) -> LedgerProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", "ledger", "serve", "--db", self.db_url,
             "--port", str(self.port), "--workers", str(self.workers), *self.extra],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env=self.env, start_new_session=True)
        steps = int(timeout_s / 0.05)
        # One client for every poll: httpx.get makes a client, and so an SSL
        # context, each time (30 ms of CPU, 20 times a second, taken from the
        # service's own start on a 2-core box); a kept one costs 0.3 ms a poll.
        with httpx.Client(timeout=1, verify=self.verify) as poll:
            for _ in range(steps):
                try:
                    if poll.get(f"{self.url}/v1/health").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                try:  # wait on the process itself: it may have died
                    self.proc.wait(timeout=0.05)
                except subprocess.TimeoutExpired:
                    continue
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"the ledger service exited at start: {err[-2000:]}")
        raise RuntimeError("the ledger service did not answer in time")

    def kill9(self) -> None:
        """SIGKILL the whole process group (the server and its workers)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()

    def __enter__(self) -> LedgerProcess:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
