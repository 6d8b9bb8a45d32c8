"""`giftpos sync [--json]`: push this terminal's outbox to the ledger until it
is empty, then pull card changes. The ledger URL and token come from the
terminal's configuration file (``--config PATH``) or ``--ledger-url/--token``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli.output import EXIT_DECLINED, emit, json_flag
from app.config import TerminalConfig, default_config_path, load_config
from app.domain import OpContext
from app.errors import ValidationError
from app.ops.service import CardService
from app.store.database import default_db_url, open_store
from app.sync.client import LedgerUnavailable
from app.sync.engine import SyncProgress, SyncReport
from app.sync.setup import build


def _token(args: argparse.Namespace) -> str:
    """The token from --token-file (``-``: standard input) or $GIFTPOS_LEDGER_TOKEN,
    which ``ps`` does not show; ``--token T`` still works but is visible to
    every user of the machine, so it is warned about (issue 15.10)."""
    if args.token_file:
        text = sys.stdin.read() if args.token_file == "-" else Path(
            args.token_file).read_text(encoding="utf-8")
        return text.strip()
    if args.token:
        print("warning: --token is visible to other users in `ps`; use --token-file or "
              "GIFTPOS_LEDGER_TOKEN", file=sys.stderr)
        return str(args.token)
    return os.environ.get("GIFTPOS_LEDGER_TOKEN", "").strip()


def _handler(args: argparse.Namespace) -> int:
    path = Path(args.config) if args.config else default_config_path()
    cfg = load_config(path) or TerminalConfig()
    url = args.ledger_url or cfg.ledger.url
    token = _token(args) or cfg.ledger.token
    if not url or not token:
        raise ValidationError(f"No ledger is configured (looked in {path}). Set [ledger] url "
                              "and token there, or pass --ledger-url and --token.",
                              key="ledger_not_configured")
    if args.timeout is not None:
        cfg.ledger.timeout_s = args.timeout
    db = getattr(args, "db", None) or cfg.db_url or default_db_url()
    cards = CardService(open_store(db), limits=cfg.limits,
                        context=OpContext(terminal=cfg.terminal_id, store=cfg.store_id))
    parts = build(cfg, cards, url=url, token=token)
    if not args.json:
        def show(p: SyncProgress) -> None:
            if p.phase in ("pushing", "pulling", "reversing"):
                print(f"  {p.phase}: {p.pushed} pushed, {p.pending} pending, "
                      f"{p.pulled} pulled", file=sys.stderr)

        parts.engine.on_progress(show)
    failed = False
    try:
        report = parts.engine.sync_once()
    except LedgerUnavailable:
        failed = True
        report = parts.engine.last_report or SyncReport(error="ledger unavailable")
    finally:
        parts.client.close()
        cards.store.close()

    def text() -> list[str]:
        lines = [f"Synced with {url}: {report.pushed} pushed ({report.duplicates} already "
                 f"there, {report.flagged} flagged, {report.rejected} rejected), "
                 f"{report.pulled} pulled, {report.pending} pending"]
        if report.reversed:
            lines.append(f"  {report.reversed} timed-out request(s) reversed on the ledger")
        if report.corrected:
            lines.append(f"  {report.corrected} card(s) corrected to the ledger's balance")
        if report.stuck:
            lines.append(f"  {report.stuck} entr(ies) the ledger could not read stay queued; "
                         "ask a manager (see the outbox's last_error)")
        if report.audit_problem:
            lines.append(f"  AUDIT TRAIL: {report.audit_problem}")
        for r in report.rejections:
            lines.append(f"  rejected {r['id']}: {r['message']}")
        if report.error:
            lines.append(f"  stopped: {report.error} The rest is sent at the next sync.")
        else:
            lines.append(f"  last sync {report.last_sync_at}")
        return lines

    emit(args, report.to_dict(), text)
    return EXIT_DECLINED if failed else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sync", help="push the outbox to the ledger and pull card changes")
    p.add_argument("--config", help="terminal configuration file (TOML)")
    p.add_argument("--ledger-url", help="the ledger's URL (overrides the configuration)")
    p.add_argument("--token", help="this terminal's token (visible in `ps`: prefer "
                   "--token-file or $GIFTPOS_LEDGER_TOKEN)")
    p.add_argument("--token-file", help="read the token from this file ('-': standard input)")
    p.add_argument("--timeout", type=float, help="seconds to wait for the ledger")
    json_flag(p)
    p.set_defaults(func=_handler)
