"""`giftpos bench {store,drivers,ledger,checkout,ui,all} [--json] [--n N] [--db URL]`;
`giftpos bench ledger --failover [--n TRIALS]` (app/bench/failover.py).

`all` runs every benchmark of the product and prints one table: each figure,
its target and its ratio to the baseline measured beside it. The ledger's
scenarios include the sync engine's push (`sync_push`), shown as `sync`.
`--db` names the database the ledger bench runs against (a scratch database
is made beside it and dropped); without it $GIFTPOS_TEST_POSTGRES_URL, else a
scratch SQLite file.
"""

from __future__ import annotations

import argparse
import importlib
import json
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from app.bench.common import machine

# Benchmarks of app/ by module; drivers/ and ui/ plug in by entry point.
APP_BENCHES = {"store": "app.bench.store", "ledger": "app.bench.ledger",
               "checkout": "app.checkout.bench"}
ORDER = ("store", "drivers", "ledger", "checkout", "ui")
# Fields shown in their own columns (or not at all) rather than as extras.
_COLUMNS = {"ops_per_s", "p50_ms", "p99_ms", "baseline", "ratio", "target", "ok", "cpu",
            "cpu_ms"}
# Figures measured beside a scenario, shown as rows of their own under it.
_BESIDE = {"baseline": "baseline", "health_floor": "health"}

TARGETS: dict[str, dict[str, str]] = {
    "store": {"redeem": "ratio >= 0.5, p99 < 5 ms"},
    "drivers": {"pty_latency": "p99 < 5 ms"},
    "ledger": {"online_8": "ratio >= 0.5, p99 < 20 ms, cpu <= 2 ms",
               "online_32": "not below online_8",
               "sync_push": "ratio >= 0.6 at 100,000 entries"},
    "ui": {"scan_to_screen": "p99 < 50 ms", "cold_start": "< 1.5 s",
           "memory": "< 200 MB, not growing"},
    "checkout": {"sale_split": "(none set)", "card_tender": "(none set)",
                 "receipt": "(none set)"},
}


def available() -> dict[str, Callable[..., dict[str, Any]]]:
    found: dict[str, Callable[..., dict[str, Any]]] = {}
    for name, module in APP_BENCHES.items():
        try:
            found[name] = importlib.import_module(module).run
        except ModuleNotFoundError:
            continue
    for ep in entry_points(group="giftpos.benches"):
        try:
            found[ep.name] = ep.load()
        except ImportError:
            continue
    return found


def table(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"machine: {machine()}",
             f"{'bench':<8} {'scenario':<16} {'ops/s':>10} {'p50 ms':>9} {'p99 ms':>9} "
             f"{'ratio':>6}  target"]
    for bench, scenarios in results.items():
        for name, fig in scenarios.items():
            if not isinstance(fig, dict):  # e.g. the ledger's database
                lines.append(f"{bench:<8} {name}: {fig}")
                continue
            extra = "  ".join(f"{k}={v}" for k, v in fig.items()
                              if k not in _COLUMNS and k not in _BESIDE)
            shown = "sync" if name.startswith("sync") else bench
            lines.append(
                f"{shown:<8} {name:<16} {fig.get('ops_per_s', 0):>10} {fig.get('p50_ms', 0):>9} "
                f"{fig.get('p99_ms', 0):>9} {fig.get('ratio', ''):>6}  "
                f"{TARGETS.get(bench, {}).get(name, '')}  {extra}  {_cpu(fig)}".rstrip())
            for key, label in _BESIDE.items():
                if key in fig:
                    b = fig[key]
                    lines.append(f"{'':<8} {'  ' + label:<16} {b['ops_per_s']:>10} "
                                 f"{b['p50_ms']:>9} {b['p99_ms']:>9}  {'':>6}  {_cpu(b)}"
                                 .rstrip())
    return lines


def _cpu(fig: dict[str, Any]) -> str:
    """CPU per operation, where the bench measured it (app/bench/cpu.py)."""
    if "cpu" not in fig:
        return ""
    parts = ", ".join(f"{g} {ms}" for g, ms in fig["cpu"].items())
    return f"cpu {fig['cpu_ms']} ms/op ({parts})"


def _handler(args: argparse.Namespace) -> int:
    benches = available()
    names = [n for n in ORDER if n in benches] if args.which == "all" else [args.which]
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        if name not in benches:
            print(f"bench '{name}' is not available on this install")
            return 2
        kwargs: dict[str, Any] = {}
        if name == "ledger" and getattr(args, "failover", False):
            from app.bench import failover

            results[name] = failover.run(args.n)
            continue
        if name == "ledger" and getattr(args, "db", None):
            kwargs["db"] = args.db
        results[name] = benches[name](args.n, **kwargs)
    if args.json:
        out: dict[str, Any] = results[names[0]] if len(names) == 1 else results
        print(json.dumps(out))
    else:
        print("\n".join(table(results)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("bench",
                       help="measure speed (store, drivers, ledger, checkout, ui, all)")
    p.add_argument("which", choices=[*ORDER, "all"])
    p.add_argument("--json", action="store_true")
    p.add_argument("--n", type=int, help="operations per scenario (--failover: trials)")
    p.add_argument("--failover", action="store_true",
                   help="ledger: time from the database primary's loss to the first "
                        "authorization answered again (builds its own primary and "
                        "synchronous standby)")
    # SUPPRESS: `giftpos --db URL bench ledger` keeps working too.
    p.add_argument("--db", default=argparse.SUPPRESS,
                   help="database URL for the ledger bench (scratch database beside it)")
    p.set_defaults(func=_handler)
