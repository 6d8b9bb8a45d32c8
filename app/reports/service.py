"""ReportService: every report a manager reads, as tables. Liability,
exceptions and terminals come from the central ledger when it is configured,
reachable and answers this token; otherwise from the terminal's own store,
and the table says which (``source``) and why (``note``). Runs on whatever
thread calls it (the window: off the GUI thread)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from app.checkout.service import CheckoutService
from app.errors import GiftposError
from app.reports import local
from app.reports.remote import LedgerReports
from app.reports.table import Amount, Table
from app.reports.zreport import ZReport, close_day, z_report
from app.store.database import Store

log = logging.getLogger(__name__)


class ReportService:
    def __init__(self, store: Store, checkout: CheckoutService, *,
                 ledger: LedgerReports | None = None) -> None:
        self.store = store
        self.checkout = checkout
        self.ledger = ledger

    @property
    def terminal(self) -> str:
        return self.checkout.settings.terminal

    @property
    def currency(self) -> str:
        return self.checkout.settings.currency

    def _from_ledger(self, name: str) -> tuple[dict[str, Any] | None, str]:
        if self.ledger is None:
            return None, "No ledger is configured."
        try:
            return self.ledger.get(name), ""
        except GiftposError as exc:
            log.info("ledger report %s unavailable: %s", name, exc)
            return None, exc.message

    # -- the day ---------------------------------------------------------------
    def z_report(self, business_date: date | None = None) -> ZReport:
        return z_report(self.checkout, business_date)

    def close_day(self, business_date: date | None = None) -> ZReport:
        return close_day(self.checkout, business_date)

    # -- liability ---------------------------------------------------------------
    def liability(self) -> Table:
        body, note = self._from_ledger("liability")
        source = "ledger" if body is not None else "local"
        if body is None:
            with self.store.read() as s:
                body = local.liability(s)
        with self.store.read() as s:
            history = local.liability_history(s, self.currency)
        rows = tuple((r["program"] or "(no program)", r["currency"], int(r["cards"]),
                      Amount(int(r["outstanding"]), r["currency"]),
                      Amount(int(r["overdrawn"]), r["currency"]))
                     for r in body.get("rows", []))
        return Table(title="Outstanding liability",
                     headers=("Program", "Currency", "Cards", "Outstanding", "Overdrawn"),
                     rows=rows, source=source, note=note,
                     chart={d.strftime("%m-%d"): v for d, v in history.items()},
                     chart_title=f"Liability over time ({self.currency}, this terminal's "
                                 "journal)")

    # -- exceptions --------------------------------------------------------------
    def exceptions(self) -> Table:
        body, note = self._from_ledger("exceptions")
        source = "ledger" if body is not None else "local"
        if body is None:
            with self.store.read() as s:
                body = local.exceptions(s)
        rows: list[tuple[Any, ...]] = []
        for c in body.get("flagged_cards", []):
            what = "Overspent" if int(c["balance"]) < 0 else "Flagged"
            last = c["entries"][-1] if c.get("entries") else {}
            rows.append((what, c["card"], c["status"], Amount(int(c["balance"]), c["currency"]),
                         last.get("terminal", ""), _when(last.get("created_at")),
                         last.get("reason") or "Check the card and unfreeze or adjust it."))
        for r in body.get("rejected", []):
            rows.append(("Rejected by ledger", "", r.get("kind", ""), None, r.get("terminal", ""),
                         _when(r.get("created_at")), r.get("message", "")))
        for kind, label in (("pending_reversals", "Reversal pending"),
                            ("pending_offline", "Offline, not synced")):
            for e in body.get(kind, []):
                rows.append((label, e["card"], e["type"], Amount(int(e["amount"]), e["currency"]),
                             e["terminal"], _when(e["created_at"]),
                             "Waits for the ledger to be back."))
        counts: dict[str, int] = {}
        for row in rows:
            counts[str(row[0])] = counts.get(str(row[0]), 0) + 1
        return Table(title="Offline exceptions",
                     headers=("Kind", "Card", "Status", "Amount", "Terminal", "When", "Note"),
                     rows=tuple(rows), source=source, note=note, chart=counts,
                     chart_title="Exceptions by kind", chart_unit="count")

    # -- terminals ---------------------------------------------------------------
    def terminals(self) -> Table:
        body, note = self._from_ledger("sync")
        if body is not None:
            rows = tuple((t["terminal"], int(t.get("pushed", 0)), t.get("cursor", ""),
                          _when(t.get("last_push_at")), _when(t.get("last_pull_at")))
                         for t in body.get("terminals", []))
            return Table(title="Terminals", headers=("Terminal", "Entries pushed", "Cursor",
                                                     "Last push", "Last pull"),
                         rows=rows, source="ledger", note=note)
        with self.store.read() as s:
            mine = local.own_sync(s, self.terminal)
        return Table(title="Terminals",
                     headers=("Terminal", "Waiting to sync", "Oldest waiting", "Attempts"),
                     rows=((mine["terminal"], mine["pending"], _when(mine["oldest_pending"]),
                            mine["attempts"]),),
                     source="local", note=note + " Only this terminal is known here.")

    def table(self, name: str) -> Table:
        fn: dict[str, Callable[[], Table]] = {"liability": self.liability,
                                              "exceptions": self.exceptions,
                                              "terminals": self.terminals}
        return fn[name]()


def _when(iso: str | None) -> str:
    """ISO time as the terminal's local 'YYYY-MM-DD HH:MM'."""
    if not iso:
        return ""
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
