"""What the reliability suite shares: the soak switch, a fork server that has
imported the terminal's code (a kill point costs a fork), and a place where
each test writes the figures docs/reliability.md quotes."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

import pytest

SOAK = os.environ.get("GIFTPOS_SOAK") == "1"
# pytest-timeout for the long tests: generous, because a shared 2-core machine
# can be many times slower than an idle one; a hang still ends.
LONG = 7200 if SOAK else 900
# Where each test appends its figures (one JSON object a line), for the docs.
FIGURES = Path(os.environ.get("GIFTPOS_RELIABILITY_FIGURES", "/tmp/giftpos-reliability.jsonl"))


def scaled(ci: int, soak: int) -> int:
    """A count: ``ci`` by default, ``soak`` under GIFTPOS_SOAK=1; an explicit
    GIFTPOS_KILL_SCALE multiplies the CI figure (e.g. for a quick local run)."""
    if SOAK:
        return soak
    return max(1, int(ci * float(os.environ.get("GIFTPOS_KILL_SCALE", "1"))))


def record(name: str, **figures: Any) -> None:
    """Print the figures (visible with -s) and append them for the docs."""
    line = json.dumps({"test": name, "soak": SOAK, **figures}, sort_keys=True)
    print(line)
    try:
        with FIGURES.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError:
        pass


@pytest.fixture(scope="session")
def forkserver() -> Iterator[ForkServerContext]:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.reliability._preload"])
    yield ctx


@pytest.fixture
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory in memory (/dev/shm) when there is one, else tmp_path.

    kill -9 ends a process, not the machine: what SQLite wrote is in the page
    cache either way, so an fsync that costs tens of milliseconds on a busy
    disk adds time and no proof here (power cuts are not simulated)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    import shutil
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="giftpos-rel-", dir=shm))
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)
