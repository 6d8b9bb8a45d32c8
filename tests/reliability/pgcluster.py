"""A PostgreSQL cluster of the test's own (app/bench/pgcluster.py, shared
with the failover bench): initdb in a temporary folder, its own port on
loopback, stopped (``-m immediate`` when asked) and started again by the
test, removed at the end. Never the shared server.

Without the server binaries (or, as root, without a ``postgres`` OS user
and runuser) the test is skipped with the reason, unless
GIFTPOS_REQUIRE_POSTGRES=1 (CI), where it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import pytest

from app.bench import pgcluster as _pg
from app.bench.pgcluster import ClusterUnavailable, ReplicatedPair, find_bin_dir, quiet_port

__all__ = [
    "REQUIRE",
    "PrivateCluster",
    "ReplicatedPair",
    "find_bin_dir",
    "quiet_port",
    "replicated_pair",
]

REQUIRE = os.environ.get("GIFTPOS_REQUIRE_POSTGRES") == "1"


def _unavailable(reason: str) -> NoReturn:
    if REQUIRE:
        pytest.fail(f"{reason} (GIFTPOS_REQUIRE_POSTGRES=1)")
    pytest.skip(reason)


class PrivateCluster(_pg.PrivateCluster):
    """The shared cluster; a missing PostgreSQL skips the test (or fails it
    under GIFTPOS_REQUIRE_POSTGRES=1)."""

    def __init__(self, **kwargs: Any) -> None:
        try:
            super().__init__(**kwargs)
        except ClusterUnavailable as exc:
            _unavailable(str(exc))

    def start(self) -> PrivateCluster:
        try:
            super().start()
        except ClusterUnavailable as exc:
            self.close()
            _unavailable(str(exc))
        return self


@contextmanager
def replicated_pair(database: str = "giftpos") -> Iterator[ReplicatedPair]:
    try:
        cm = _pg.replicated_pair(database)
        pair = cm.__enter__()
    except ClusterUnavailable as exc:
        _unavailable(str(exc))
    try:
        yield pair
    finally:
        cm.__exit__(None, None, None)
