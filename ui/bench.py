"""`giftpos bench ui [--json] [--n N]`: figures of the cashier window, offscreen.

- ``scan_to_screen``: a card number with its terminator written to the
  virtual scanner's pty, until the balance is on the balance screen (the
  driver's reader thread, the bridge, the worker, the gateway, the label).
- ``cold_start``: a fresh Python process until the checkout screen is ready
  (imports, store migration, window, devices), median of a few runs.
- ``memory``: resident memory after 1,000 complete sales (item, cash, receipt)
  in a fresh process, and its growth between the 500th and the 1,000th sale.

Measured, never asserted by tests. Runs with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.bench.common import summarize

SCANS = 200
SALES = 1000
COLD_RUNS = 5


def run(n: int | None = None) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scans = n or SCANS
    sales = SALES if n is None else max(100, n)
    return {
        "scan_to_screen": _in_child("scan", scans),
        "cold_start": _cold_start(COLD_RUNS),
        "memory": _in_child("memory", sales),
    }


# -- children: each scenario in a fresh process -------------------------------
def _in_child(what: str, n: int) -> dict[str, Any]:
    code = f"from ui.bench import _child; _child({what!r}, {n})"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=600,
                         check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _child(what: str, n: int) -> None:
    result = _scan_to_screen(n) if what == "scan" else _memory(n)
    print(json.dumps(result))


def _pump_until(done: Any, timeout_s: float = 10.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_s
    while not done():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not answer in time")


def _scan_to_screen(n: int) -> dict[str, Any]:
    from ui.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="giftpos-bench-") as tmp:
        session = build_demo(data_dir=Path(tmp), offline=True, shell_scanner=False,
                             panel=False)
        window = session.window
        window.show()
        scanner = session.scanner
        assert scanner is not None
        _pump_until(lambda: window.status.device_text("scanner").endswith("connected"))
        numbers = [c.number for c in session.cards if not c.inactive]
        shown: list[float] = []
        # Connected after the screen's own slot: when this runs, the label is set.
        window.controller.balance_ready.connect(lambda _card: shown.append(time.perf_counter()))
        latencies: list[float] = []
        start = time.perf_counter()
        for i in range(n):
            before = len(shown)
            t0 = time.perf_counter()
            scanner.scan(numbers[i % len(numbers)])
            _pump_until(lambda before=before: len(shown) > before)
            latencies.append(shown[-1] - t0)
        wall = time.perf_counter() - start
        session.close()
    return {**summarize(latencies, wall), "n": n}


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _memory(n: int) -> dict[str, Any]:
    from ui.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="giftpos-bench-") as tmp:
        session = build_demo(data_dir=Path(tmp), offline=True, virtual_scanner=False,
                             shell_scanner=False, panel=False)
        window = session.window
        window.show()
        ctl = window.controller
        finished: list[float] = []
        ctl.sale_finished.connect(lambda _done: finished.append(time.perf_counter()))
        half = n // 2
        rss_half = 0.0
        latencies: list[float] = []
        start = time.perf_counter()
        for i in range(n):
            t0 = time.perf_counter()
            ctl.add_item(100 + i % 900)
            ctl.pay_cash(None)  # exactly what is due: the sale finishes itself
            _pump_until(lambda i=i: len(finished) > i)
            latencies.append(finished[-1] - t0)
            if i + 1 == half:
                rss_half = _rss_mb()
        wall = time.perf_counter() - start
        rss = _rss_mb()
        session.close()
    return {**summarize(latencies, wall), "sales": n, "rss_mb": rss,
            "rss_mb_at_half": rss_half, "growth_mb": round(rss - rss_half, 1)}


# -- cold start -------------------------------------------------------------------
# A till starts on the store it already has, without the demo panel: the data
# directory is prepared once (schema, demo cards), then each run is a fresh
# Python process that imports everything, opens the store, builds the window
# and the devices, and stops the clock when the checkout screen has answered
# its first call.
_COLD = """
import sys, time
t0 = float(sys.argv[1])
from pathlib import Path
from ui.demo import build_demo
from ui.settling import settle
s = build_demo(data_dir=Path(sys.argv[2]), offline=True, shell_scanner=False, panel=False)
s.window.show()
settle(s.window)
print(time.time() - t0)
s.close()
"""


def _cold_start(runs: int) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times: list[float] = []
    cpu: list[float] = []
    with tempfile.TemporaryDirectory(prefix="giftpos-bench-") as tmp:
        for i in range(runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run([sys.executable, "-c", _COLD, repr(time.time()), tmp],
                                 capture_output=True, text=True, timeout=120, check=True,
                                 env=env)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i > 0:  # the first run prepared the store
                times.append(float(out.stdout.strip().splitlines()[-1]))
                # CPU time of the whole child (start to exit): on a busy shared
                # machine it says what the wall time would be on an idle one.
                cpu.append(after.ru_utime + after.ru_stime
                           - before.ru_utime - before.ru_stime)
    fig = summarize(times, sum(times))
    return {**fig, "cold_start_s": round(statistics.median(times), 3),
            "cpu_s": round(statistics.median(cpu), 3), "runs": runs}
