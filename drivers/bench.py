"""``giftpos bench drivers``: how fast frames are parsed, and how long an
event takes from the terminator byte written to a pty until the callback has it.

Shape (shared by every giftpos bench): one key per scenario, each with
``ops_per_s``, ``p50_ms``, ``p99_ms``; where a baseline ran, ``baseline`` (same
fields) and ``ratio`` = ops_per_s / baseline ops_per_s (1.0: as fast as the
baseline). ``target`` says what a scenario must reach, ``ok`` whether it did.
"""

from __future__ import annotations

import os
import queue
import select
import time
import tty
from collections.abc import Callable, Iterable

from drivers.checksums import luhn_digit
from drivers.events import DeviceConnected, DeviceEvent
from drivers.formats import CardFormat
from drivers.magstripe import parse_swipe
from drivers.scanner import BarcodeScanner, parse_scan, scanner_config
from drivers.virtual import VirtualScanner, scanner_frame, swipe_frame

PARSE_N = 20_000
PTY_N = 1_000
PTY_TARGET_P99_MS = 5.0


def _card(i: int) -> str:
    body = f"6036{i:011d}"
    return body + luhn_digit(body)


def _summary(samples_s: list[float], total_s: float) -> dict[str, float]:
    ordered = sorted(samples_s)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {
        "ops_per_s": round(len(ordered) / total_s, 1) if total_s > 0 else 0.0,
        "p50_ms": round(pct(0.50), 4),
        "p99_ms": round(pct(0.99), 4),
        "n": len(ordered),
    }


def _time_each(items: Iterable[bytes], fn: Callable[[bytes], object]) -> dict[str, float]:
    samples: list[float] = []
    clock = time.perf_counter
    start = clock()
    for item in items:
        t0 = clock()
        fn(item)
        samples.append(clock() - t0)
    return _summary(samples, clock() - start)


def bench_parse_scanner(n: int) -> dict[str, float]:
    formats = [CardFormat("6036", 16, True)]
    frames = [scanner_frame(_card(i), "code128", suffix=b"") for i in range(n)]
    return _time_each(frames, lambda f: parse_scan(f, formats))


def bench_parse_magstripe(n: int) -> dict[str, float]:
    frames = [swipe_frame(_card(i), "2912", "GIFT/CARD", track3=i % 2 == 0) for i in range(n)]
    return _time_each(frames, parse_swipe)


def bench_pty_raw(n: int) -> dict[str, float]:
    """Baseline: the same bytes through a bare pty, read with select + os.read."""
    master, slave = os.openpty()
    tty.setraw(slave)
    try:
        samples: list[float] = []
        start = time.perf_counter()
        for i in range(n):
            os.write(master, _card(i).encode())
            t0 = time.perf_counter()
            os.write(master, b"\r")
            got = b""
            while not got.endswith(b"\r"):
                select.select([slave], [], [], 1.0)
                got += os.read(slave, 4096)
            samples.append(time.perf_counter() - t0)
        return _summary(samples, time.perf_counter() - start)
    finally:
        os.close(master)
        os.close(slave)


def bench_pty_latency(n: int) -> dict[str, float]:
    """Terminator byte written to the pty master -> CardScanned delivered."""
    arrivals: queue.Queue[tuple[float, DeviceEvent]] = queue.Queue()

    def on_event(event: DeviceEvent) -> None:
        arrivals.put((time.perf_counter(), event))

    with VirtualScanner(aim=False, suffix=b"") as port:
        config = scanner_config(port.port, inter_char_timeout_s=5.0)
        scanner = BarcodeScanner("bench", config, [CardFormat("6036", 16, True)], on_event)
        scanner.start()
        try:
            while not isinstance(arrivals.get(timeout=5)[1], DeviceConnected):
                pass
            samples: list[float] = []
            start = time.perf_counter()
            for i in range(n):
                port.write(_card(i).encode())
                t0 = time.perf_counter()
                port.write(b"\r")
                t1, _ = arrivals.get(timeout=5)
                samples.append(t1 - t0)
            return _summary(samples, time.perf_counter() - start)
        finally:
            scanner.close()


def run(n: int | None = None) -> dict[str, dict]:
    """Every drivers scenario; ``n`` iterations each (None: defaults)."""
    parse_n = n or PARSE_N
    pty_n = n or PTY_N
    results: dict[str, dict] = {
        "parse_scanner": bench_parse_scanner(parse_n),
        "parse_magstripe": bench_parse_magstripe(parse_n),
    }
    latency: dict = bench_pty_latency(pty_n)
    baseline = bench_pty_raw(pty_n)
    latency["baseline"] = baseline
    latency["ratio"] = round(latency["ops_per_s"] / baseline["ops_per_s"], 3)
    latency["target"] = {"p99_ms": PTY_TARGET_P99_MS}
    latency["ok"] = latency["p99_ms"] < PTY_TARGET_P99_MS
    results["pty_latency"] = latency
    return results


def format_table(results: dict[str, dict]) -> str:
    lines = [f"{'scenario':<18}{'ops/s':>12}{'p50 ms':>10}{'p99 ms':>10}  target / baseline"]
    for name, r in results.items():
        extra = ""
        if "target" in r:
            extra += f"p99 < {r['target']['p99_ms']} ms {'ok' if r.get('ok') else 'MISSED'}"
        if "baseline" in r:
            b = r["baseline"]
            extra += f"; raw pty p50 {b['p50_ms']} ms, p99 {b['p99_ms']} ms"
        lines.append(f"{name:<18}{r['ops_per_s']:>12,.0f}{r['p50_ms']:>10.4f}"
                     f"{r['p99_ms']:>10.4f}  {extra}")
    return "\n".join(lines)

