"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import platform
import statistics
from collections.abc import Callable
from time import perf_counter
from typing import Any


def summarize(latencies_s: list[float], wall_s: float) -> dict[str, float]:
    """ops/s over the wall time, and p50/p99 of the per-operation latencies."""
    n = len(latencies_s)
    if n == 0:
        return {"ops_per_s": 0.0, "p50_ms": 0.0, "p99_ms": 0.0}
    ordered = sorted(latencies_s)
    if n >= 2:
        qs = statistics.quantiles(ordered, n=100, method="inclusive")
        p50, p99 = qs[49], qs[98]
    else:
        p50 = p99 = ordered[0]
    return {"ops_per_s": round(n / wall_s, 1) if wall_s > 0 else 0.0,
            "p50_ms": round(p50 * 1000, 3), "p99_ms": round(p99 * 1000, 3)}


def timed(n: int, op: Callable[[int], Any]) -> dict[str, float]:
    """Run ``op(i)`` n times, one after another."""
    lat: list[float] = []
    start = perf_counter()
    for i in range(n):
        t0 = perf_counter()
        op(i)
        lat.append(perf_counter() - t0)
    return summarize(lat, perf_counter() - start)


def with_baseline(ours: dict[str, float], baseline: dict[str, float],
                  **extra: Any) -> dict[str, Any]:
    ratio = ours["ops_per_s"] / baseline["ops_per_s"] if baseline["ops_per_s"] else 0.0
    return {**ours, "baseline": baseline, "ratio": round(ratio, 3), **extra}


def machine() -> str:
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, " \
           f"Python {platform.python_version()}"
