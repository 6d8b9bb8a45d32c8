"""CPU time of the processes behind a figure, read from /proc (Linux).

A redemption's cost is not its latency on a shared box but the CPU it takes
from the service's processes and from PostgreSQL's backends; ``Meter``
reads their utime + stime before and after a scenario. Processes that end
in between are lost (their time is not counted), so the service's processes
and the database's connections must outlive the scenario: the bench warms
them up first. Elsewhere than Linux nothing is measured (``None``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

PROC = Path("/proc")
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def available() -> bool:
    return (PROC / "self" / "stat").exists()


def _stat(pid: int) -> list[str] | None:
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:  # ended, or not ours to read
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    return raw[raw.rindex(")") + 2:].split()


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (all its threads), 0 when it is gone."""
    f = _stat(pid)
    if f is None:
        return 0.0
    # After the name: state(0) ppid(1) ... utime(11) stime(12).
    return (int(f[11]) + int(f[12])) / _TICK


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for d in PROC.iterdir():
        if d.name.isdigit():
            f = _stat(int(d.name))
            if f is not None:
                children.setdefault(int(f[1]), []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, ()))
    return out


class Meter:
    """CPU seconds taken by named groups of processes between ``start()`` and
    ``stop()``. Each group is a function giving its pids, asked at both ends
    (a process seen only at one end counts from 0 or to its last reading)."""

    def __init__(self, **groups: Callable[[], Iterable[int]]) -> None:
        self.groups = groups
        self._before: dict[str, dict[int, float]] = {}

    def _read(self) -> dict[str, dict[int, float]]:
        return {name: {p: cpu_seconds(p) for p in pids()} for name, pids in self.groups.items()}

    def start(self) -> None:
        self._before = self._read()

    def stop(self) -> dict[str, float]:
        """CPU seconds per group since ``start()``."""
        after = self._read()
        out = {}
        for name, now in after.items():
            was = self._before.get(name, {})
            out[name] = sum(now.get(p, was.get(p, 0.0)) - was.get(p, 0.0)
                            for p in set(now) | set(was))
        return out
