"""`giftpos bench ledger` runs end to end (a real `giftpos ledger serve`) and
prints every scenario with what it is measured beside. The figures
themselves are the bench's business, not a test's: nothing here is timed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.cli.bench import table

ROOT = Path(__file__).resolve().parents[3]


def _bench(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GIFTPOS_BENCH_PUSH_N": "300"}
    return subprocess.run([sys.executable, "-m", "app", "bench", "ledger", "--n", "24",
                           "--db", f"sqlite:///{tmp_path / 'bench.db'}", *extra], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def test_bench_ledger_runs_and_prints_what_each_figure_is_beside(tmp_path: Path) -> None:
    proc = _bench(tmp_path, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)  # one bench: its scenarios at the top
    assert out["database"] == "sqlite"
    for k in (1, 8, 32):
        fig = out[f"online_{k}"]
        assert fig["clients"] == k and fig["n"] == 24
        for part in (fig, fig["baseline"], fig["health_floor"]):
            assert part["ops_per_s"] > 0 and 0 < part["p50_ms"] <= part["p99_ms"]
        # CPU per redemption, read from /proc: the service's processes did the work.
        assert fig["cpu"]["service"] > 0 and fig["cpu_ms"] >= fig["cpu"]["service"]
    push = out["sync_push"]
    assert push["n"] == 300 and push["unit"] == "entries" and push["ops_per_s"] > 0

    lines = table({"ledger": out})
    at = next(i for i, ln in enumerate(lines) if "online_8" in ln)
    assert "p99 < 20 ms" in lines[at] and "health_floor" not in lines[at]
    assert "cpu " in lines[at] and "ms/op (service " in lines[at]
    assert lines[at + 1].split()[0] == "baseline" and lines[at + 2].split()[0] == "health"
    assert any("sync_push" in ln and "ratio >= 0.6" in ln for ln in lines)
