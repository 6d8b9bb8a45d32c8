"""PostgreSQL clusters of our own, for the tests and the failover bench:
initdb in a temporary folder, its own port on loopback, stopped (``-m
immediate`` when asked) and started again, removed at the end. Never the
shared server. ``replicated_pair()`` makes a primary with a synchronous
streaming standby (pg_basebackup -R) and the multi-host URL that finds
whichever of the two takes writes.

The binaries are found on PATH or under /usr/lib/postgresql/*/bin (the
highest version), or in GIFTPOS_PG_BIN. initdb refuses to run as root: as
root the cluster runs as the ``postgres`` OS user (``runuser -u postgres``).
Without them ``ClusterUnavailable`` says why (the tests skip on it, or fail
under GIFTPOS_REQUIRE_POSTGRES=1).
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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries (or no way to run them) on this machine."""


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
    """``start()`` (initdb the first time, or a base backup of ``standby_of``),
    ``stop(mode)``, ``promote()``, ``close()``. ``settings``: more ``-c``
    server settings."""

    def __init__(self, *, port: int | None = None, settings: dict[str, str] | None = None,
                 standby_of: PrivateCluster | None = None) -> None:
        bindir = find_bin_dir()
        if bindir is None:
            raise ClusterUnavailable("PostgreSQL's initdb/pg_ctl were not found (PATH, "
                                     "/usr/lib/postgresql/*/bin, GIFTPOS_PG_BIN)")
        self.bin = bindir
        self.prefix: list[str] = []
        self.user = pwd.getpwuid(os.getuid()).pw_name
        if os.getuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError as exc:
                raise ClusterUnavailable("running as root and there is no `postgres` OS "
                                         "user to run initdb as") from exc
            runuser = shutil.which("runuser")
            if runuser is None:
                raise ClusterUnavailable("running as root and `runuser` is missing")
            self.prefix = [str(runuser), "-u", "postgres", "--"]
            self.user = "postgres"
        self.settings = dict(settings or {})
        self.standby_of = standby_of
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

    def _initialise(self) -> None:
        if self.standby_of is None:
            r = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.user,
                          "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
            if r.returncode != 0:
                raise ClusterUnavailable(f"initdb failed: {r.stderr[-1500:]}")
        else:
            # -R: standby.signal and primary_conninfo, so it starts streaming.
            src = self.standby_of
            r = self._run(str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p",
                          str(src.port), "-U", src.user, "-D", str(self.data), "-R",
                          "-X", "stream", "--no-sync", "-c", "fast")
            if r.returncode != 0:
                raise RuntimeError(f"pg_basebackup failed: {r.stderr[-1500:]}")
        self.initialised = True

    def start(self) -> PrivateCluster:
        first = not self.started_once
        if not self.initialised:
            self._initialise()
        # fsync off: a kill or an immediate stop ends processes, not the
        # machine, so what was written is in the page cache either way; WAL
        # recovery at the next start is what is exercised.
        extra = "".join(f" -c {k}={v}" for k, v in self.settings.items())
        opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
                "-c fsync=off -c full_page_writes=off -c max_connections=200 "
                f"-c shared_buffers=32MB{extra}")
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

    def promote(self) -> None:
        """A standby becomes a primary (``pg_ctl promote``, waiting for it)."""
        r = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-t", "120",
                      "promote")
        if r.returncode != 0:
            raise RuntimeError(f"pg_ctl promote failed: {r.stdout}{r.stderr}")

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


STANDBY_NAME = "giftpos_standby"


def multi_host_url(user: str, database: str, *ports: int, host: str = "127.0.0.1") -> str:
    """The ledger's URL over several servers: libpq tries them in order and
    keeps the one that takes writes (``target_session_attrs=read-write``)."""
    hosts = "&".join(f"host={host}:{p}" for p in ports)
    return (f"postgresql+psycopg://{user}@/{database}?{hosts}"
            "&target_session_attrs=read-write&connect_timeout=2")


class ReplicatedPair:
    """A primary and its synchronous standby; ``url`` names both."""

    def __init__(self, database: str = "giftpos") -> None:
        # synchronous_commit=on with a named synchronous standby: a commit
        # returns once the standby has the WAL on disk, so nothing a client
        # was told is lost when the primary is.
        # (synchronous_standby_names is set once the standby streams: before
        # that, every commit, CREATE DATABASE too, would wait for it.)
        self.primary = PrivateCluster(settings={
            "wal_level": "replica", "max_wal_senders": "5", "synchronous_commit": "on"})
        self.standby: PrivateCluster | None = None
        self.database = database

    def start(self, timeout_s: float = 60.0) -> ReplicatedPair:
        self.primary.start()
        self.primary.create_database(self.database)
        # The standby names itself (cluster_name is its application_name);
        # it has no synchronous standby of its own, so once promoted it
        # commits alone.
        self.standby = PrivateCluster(standby_of=self.primary,
                                      settings={"cluster_name": STANDBY_NAME,
                                                "hot_standby": "on"})
        self.standby.start()
        self.wait_synchronous(timeout_s)
        return self

    def wait_synchronous(self, timeout_s: float) -> None:
        import sqlalchemy

        engine = sqlalchemy.create_engine(self.primary.base_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(sqlalchemy.text(
                    f"ALTER SYSTEM SET synchronous_standby_names = '{STANDBY_NAME}'"))
                conn.execute(sqlalchemy.text("SELECT pg_reload_conf()"))
            deadline = time.monotonic() + timeout_s
            while True:
                with engine.connect() as conn:
                    state = conn.execute(sqlalchemy.text(
                        "SELECT sync_state FROM pg_stat_replication "
                        "WHERE application_name = :n"), {"n": STANDBY_NAME}).scalar()
                if state == "sync":
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the standby did not become synchronous ({state})")
                time.sleep(0.05)
        finally:
            engine.dispose()

    @property
    def url(self) -> str:
        assert self.standby is not None
        return multi_host_url(self.primary.user, self.database, self.primary.port,
                              self.standby.port)

    def new_primary_url(self) -> str:
        assert self.standby is not None
        return (f"postgresql+psycopg://{self.standby.user}@127.0.0.1:{self.standby.port}"
                f"/{self.database}")

    def close(self) -> None:
        try:
            if self.standby is not None:
                self.standby.close()
        finally:
            self.primary.close()


@contextmanager
def replicated_pair(database: str = "giftpos") -> Iterator[ReplicatedPair]:
    """A primary with a synchronous streaming standby, both removed after."""
    pair = ReplicatedPair(database)
    try:
        yield pair.start()
    finally:
        pair.close()
