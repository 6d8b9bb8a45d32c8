"""drivers/ stands alone (no app/, ui/ or Qt), and its bench runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from drivers.bench import run

ROOT = Path(__file__).resolve().parents[3]


def test_drivers_import_no_app_ui_or_qt() -> None:
    code = (
        "import sys, drivers.cli, drivers.bench, drivers.printer, drivers.wedge, "
        "drivers.recorder\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('app', 'ui', 'PySide6', 'PyQt5', 'PyQt6', 'shiboken6'))\n"
        "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


IMPORT = re.compile(r"^\s*(?:from|import)\s+(app|ui|PySide6|PyQt\d|shiboken6)\b", re.M)


def test_no_source_file_imports_app_ui_or_qt() -> None:
    files = list((ROOT / "drivers").glob("*.py"))
    assert len(files) > 10
    for path in files:
        assert IMPORT.search(path.read_text()) is None, path.name


def test_bench_shape_and_target() -> None:
    results = run(60)
    assert set(results) >= {"parse_scanner", "parse_magstripe", "pty_latency"}
    for name, r in results.items():
        for key in ("ops_per_s", "p50_ms", "p99_ms"):
            assert isinstance(r[key], float) and r[key] >= 0, (name, key)
        assert r["p50_ms"] <= r["p99_ms"]
    lat = results["pty_latency"]
    assert set(lat["baseline"]) >= {"ops_per_s", "p50_ms", "p99_ms"}
    assert lat["ratio"] > 0
    assert lat["p99_ms"] < 50  # the 5 ms target is for `giftpos bench`, on a quiet machine
