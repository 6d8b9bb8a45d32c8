"""A PostgreSQL cluster of the test's own: initdb in a temporary folder, its
own port on loopback, stopped (``-m immediate`` when asked) and started again
by the test, removed at the end. Never the shared server.

The binaries are found on PATH or under /usr/lib/postgresql/*/bin (the
highest version), or in GIFTPOS_PG_BIN. initdb refuses to run as root: as
root the cluster runs as the ``postgres`` OS user (``runuser -u postgres``).
Without the binaries the test is skipped with the reason, unless
GIFTPOS_REQUIRE_POSTGRES=1 (CI), where it fails.
"""

from __future__ import annotations

import glob
import os
import pwd
import random
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

REQUIRE = os.environ.get("GIFTPOS_REQUIRE_POSTGRES") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"{reason} (GIFTPOS_REQUIRE_POSTGRES=1)")
    pytest.skip(reason)


def quiet_port() -> int:
    """A free loopback port below Linux's ephemeral range (32768-60999), so
    that no outgoing connection of another process can take it between the
    choice and a restart of the server."""
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(20_000, 32_000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port found for PostgreSQL")


def find_bin_dir() -> Path | None:
    explicit = os.environ.get("GIFTPOS_PG_BIN")
    if explicit:
        return Path(explicit) if (Path(explicit) / "initdb").exists() else None
    on_path = shutil.which("initdb")
    if on_path:
        d = Path(on_path).resolve().parent
        if (d / "pg_ctl").exists():
            return d

    def version(p: str) -> float:
        try:
            return float(Path(p).parts[-2])
        except ValueError:
            return 0.0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version)
    found = [d for d in found if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists()]
    return Path(found[-1]) if found else None


class PrivateCluster:
    """``start()`` (initdb the first time), ``stop(mode)``, ``close()``."""

    def __init__(self, *, port: int | None = None) -> None:
        bindir = find_bin_dir()
        if bindir is None:
            _unavailable("PostgreSQL's initdb/pg_ctl were not found (PATH, "
                         "/usr/lib/postgresql/*/bin, GIFTPOS_PG_BIN)")
        assert bindir is not None
        self.bin = bindir
        self.prefix: list[str] = []
        self.user = pwd.getpwuid(os.getuid()).pw_name
        if os.getuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                _unavailable("running as root and there is no `postgres` OS user to run "
                             "initdb as")
            runuser = shutil.which("runuser")
            if runuser is None:
                _unavailable("running as root and `runuser` is missing")
            self.prefix = [str(runuser), "-u", "postgres", "--"]
            self.user = "postgres"
        self.fixed_port = port is not None
        self.port = port or quiet_port()
        self.root = Path(tempfile.mkdtemp(prefix="giftpos-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        if self.prefix:
            shutil.chown(self.root, user="postgres", group=None)
            self.root.chmod(0o700)
        self.initialised = False
        self.started_once = False
        self.port_changes = 0

    @property
    def base_url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.prefix, *args], capture_output=True, text=True,
                              timeout=timeout, check=False, cwd=self.root)

    def _port_taken(self) -> bool:
        return self.log.exists() and "Address already in use" in self.log.read_text(
            errors="replace")

    def start(self) -> PrivateCluster:
        first = not self.started_once
        if not self.initialised:
            r = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.user,
                          "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
            if r.returncode != 0:
                _unavailable(f"initdb failed: {r.stderr[-1500:]}")
            self.initialised = True
        # fsync off: a kill or an immediate stop ends processes, not the
        # machine, so what was written is in the page cache either way; WAL
        # recovery at the next start is what is exercised.
        opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
                "-c fsync=off -c full_page_writes=off -c max_connections=200 "
                "-c shared_buffers=32MB")
        r = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                      "-o", opts, "-w", "-t", "120", "start")
        if r.returncode != 0 and first and not self.fixed_port and self._port_taken() \
                and self.port_changes < 5:
            self.port = quiet_port()  # taken meanwhile by someone else: another one
            self.port_changes += 1
            self.log.unlink()
            return self.start()
        if r.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {r.stdout}{r.stderr}\n{log}")
        self.started_once = True
        return self

    def stop(self, mode: str = "fast") -> None:
        """``immediate``: no shutdown checkpoint, as after a crash."""
        if not self.initialised:
            return
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w",
                  "-t", "120", "stop")

    def create_database(self, name: str) -> str:
        import sqlalchemy

        engine = sqlalchemy.create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PrivateCluster:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *_exc: object) -> None:
        self.close()
