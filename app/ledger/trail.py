"""The tills' audit trails on the ledger (issue 15.10): each till pushes the
rows of its hash-chained audit trail (app/audit_chain.py) with its sync, and
the ledger keeps them per terminal, append-only.

A till's chain is anchored here: once a row is on the ledger, deleting the
till's newest rows (cutting the chain's tail) or rewriting its history and
chaining it again, which anyone holding the till's SQLite file can do, no
longer matches. A push that does not extend what the ledger has is refused
whole (nothing is stored) and kept as an exception a manager sees; the till
is told, and so is `giftpos audit --verify` on the till. A manager who knows
why (a till replaced, its store restored from a backup) starts the till's
trail afresh (``restart``): the rows of the earlier epoch stay.

The ledger recomputes every pushed row's link from the link before it, so a
till cannot make the ledger store a chain that does not hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit_chain import FIELDS, link_of
from app.clock import as_aware
from app.errors import Conflict, GiftposError, NotFound, ValidationError
from app.ledger.auth import TERMINAL, Caller
from app.ledger.schema import AuditCopy, AuditHead, LedgerException, Principal

# A PostgreSQL advisory lock per till's trail (two-key form: its own space).
_LOCK_CLASS = 0x61756474  # "audt"
KIND = "audit"  # LedgerException.kind of a trail that does not extend the ledger's
TRUNCATED = "audit_chain_truncated"
REWRITTEN = "audit_chain_rewritten"


class ChainRefused(GiftposError):
    """The till's trail does not extend the ledger's copy of it."""

    code = 409
    key = REWRITTEN


@dataclass(frozen=True)
class Head:
    epoch: int
    position: int
    link: str

    def to_dict(self) -> dict[str, Any]:
        return {"epoch": self.epoch, "position": self.position, "link": self.link}


def head(session: Session, principal_id: int) -> Head:
    row = session.get(AuditHead, principal_id)
    return Head(row.epoch, row.position, row.link) if row else Head(0, 0, "")


def _lock(session: Session, principal_id: int) -> AuditHead | None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_LOCK_CLASS, principal_id)))
    return session.get(AuditHead, principal_id, populate_existing=True)


def _link_at(session: Session, principal_id: int, epoch: int, position: int) -> str | None:
    if position == 0:
        return ""
    return session.scalar(select(AuditCopy.link).where(
        AuditCopy.principal_id == principal_id, AuditCopy.epoch == epoch,
        AuditCopy.position == position))


def push(session: Session, who: Caller, *, till_head: dict[str, Any],
         rows: list[dict[str, Any]], now: datetime) -> dict[str, Any] | ChainRefused:
    """Append ``rows`` (positions after the ledger's head, oldest first) to
    this till's copy, if they and the till's own head (``till_head``:
    position, link) extend it. If they do not, nothing is appended, the
    finding is recorded for a manager and returned (the caller commits, then
    raises it)."""
    state = _lock(session, who.id)
    mine = Head(state.epoch, state.position, state.link) if state else Head(0, 0, "")
    n, till_link = int(till_head["position"]), str(till_head["link"])
    try:
        fresh = _extension(session, who, mine, n, till_link, rows)
    except ChainRefused as refused:
        _record(session, who, refused, now)
        return refused
    if not fresh:
        return {"status": "same" if n == mine.position else "behind",
                "appended": 0, **mine.to_dict()}
    last, link = fresh[-1]["position"], fresh[-1]["link"]
    session.add_all(AuditCopy(principal_id=who.id, epoch=mine.epoch, position=r["position"],
                              row_id=r["id"], **{f: r[f] for f in FIELDS if f != "id"},
                              link=r["link"], received_at=now) for r in fresh)
    if state is None:
        session.add(AuditHead(principal_id=who.id, epoch=0, position=last, link=link,
                              updated_at=now))
    else:
        state.position, state.link, state.updated_at = last, link, now
    session.flush()
    return {"status": "appended", "appended": len(fresh), "epoch": mine.epoch,
            "position": last, "link": link}


def _extension(session: Session, who: Caller, mine: Head, n: int, till_link: str,
               rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows that extend the ledger's copy, checked link by link; raises
    ChainRefused where the till's trail stops matching."""
    fresh = []
    for row in rows:  # rows the ledger has already (an answer lost): the same, or refused
        if row["position"] <= mine.position:
            if _link_at(session, who.id, mine.epoch, row["position"]) != row["link"]:
                raise _refusal(who, mine, n, till_link, REWRITTEN, at=row["position"])
        else:
            fresh.append(row)
    if n < mine.position:
        cut = _link_at(session, who.id, mine.epoch, n) == till_link
        raise _refusal(who, mine, n, till_link, TRUNCATED if cut else REWRITTEN,
                       at=n + 1 if cut else max(n, 1))
    if n == mine.position and till_link != mine.link:
        raise _refusal(who, mine, n, till_link, REWRITTEN, at=max(n, 1))
    prev, expected = mine.link, mine.position + 1
    for row in fresh:
        if row["position"] != expected:
            raise ValidationError(
                f"Audit rows must follow the ledger's position {expected - 1} without a gap "
                f"(got position {row['position']}); ask for the head again.",
                key="audit_chain_gap", code=409,
                params={"ledger_position": mine.position})
        if link_of(prev, row) != row["link"]:
            # Its link is not what the ledger's last link and its content
            # give: the till's history before it, or the row, was changed.
            raise _refusal(who, mine, n, till_link, REWRITTEN, at=row["position"])
        prev, expected = row["link"], expected + 1
    if fresh and (expected - 1 > n or (expected - 1 == n and prev != till_link)):
        raise ValidationError("The till's head does not match the rows it pushed.",
                              key="invalid_request")
    return fresh


def _refusal(who: Caller, mine: Head, n: int, till_link: str, key: str, *,
             at: int) -> ChainRefused:
    if key == TRUNCATED:
        message = (f"Terminal {who.name}'s audit trail was cut: the ledger holds "
                   f"{mine.position} rows from it, the till now has {n}; the newest "
                   f"{mine.position - n} were deleted on the till.")
    else:
        message = (f"Terminal {who.name}'s audit trail was rewritten: at row {at} (or "
                   f"before) the till's history differs from the {mine.position} rows the "
                   "ledger holds.")
    return ChainRefused(message + " The ledger kept its copy; a manager has the exception.",
                        key=key, params={
                            "ledger_epoch": mine.epoch, "ledger_position": mine.position,
                            "ledger_link": mine.link, "till_position": n,
                            "till_link": till_link, "from_position": at})


def _record(session: Session, who: Caller, refused: ChainRefused, now: datetime) -> None:
    payload = json.dumps(refused.params, sort_keys=True)
    known = session.scalar(select(LedgerException.id).where(
        LedgerException.kind == KIND, LedgerException.terminal == who.name,
        LedgerException.resolved_at.is_(None), LedgerException.payload == payload))
    if known is None:  # the same finding at every sync: kept once
        session.add(LedgerException(kind=KIND, entry_id=None, card_id=None, terminal=who.name,
                                    store=who.store, key=refused.key,
                                    message=refused.message, payload=payload,
                                    created_at=now))
        session.flush()


def _terminal(session: Session, manager: Caller, terminal: str) -> Principal:
    till = session.scalars(select(Principal).where(Principal.name == terminal,
                                                   Principal.role == TERMINAL)).first()
    if till is None or not manager.manages(till.store):
        # A store's manager does not learn of other stores' tills either.
        raise NotFound(f"No terminal named '{terminal}' that you manage.",
                       key="terminal_not_found")
    return till


def trail(session: Session, manager: Caller, *, terminal: str, limit: int = 100,
          before: int | None = None, epoch: int | None = None) -> dict[str, Any]:
    """A manager's view of one till's trail: newest first, with where it
    stands and the open exceptions about it."""
    manager.require_manager("read a till's audit trail")
    if not 1 <= limit <= 10_000:
        raise ValidationError("Ask for between 1 and 10,000 rows.", key="invalid_limit")
    till = _terminal(session, manager, terminal)
    now_at = head(session, till.id)
    ep = now_at.epoch if epoch is None else epoch
    stmt = select(AuditCopy).where(AuditCopy.principal_id == till.id, AuditCopy.epoch == ep)
    if before is not None:
        stmt = stmt.where(AuditCopy.position < before)
    rows = session.scalars(stmt.order_by(AuditCopy.position.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    problems = session.scalars(select(LedgerException).where(
        LedgerException.kind == KIND, LedgerException.terminal == till.name,
        LedgerException.resolved_at.is_(None)).order_by(LedgerException.id)).all()
    return {"terminal": till.name, "store": till.store, **now_at.to_dict(),
            "shown_epoch": ep,
            "rows": [_row(r) for r in rows],
            "next_before": rows[-1].position if more and rows else None,
            "exceptions": [{"id": p.id, "key": p.key, "message": p.message,
                            "created_at": as_aware(p.created_at).isoformat(),
                            "details": json.loads(p.payload or "{}")} for p in problems]}


def _row(r: AuditCopy) -> dict[str, Any]:
    return {"position": r.position, "id": r.row_id, "at": as_aware(r.at).isoformat(),
            "terminal": r.terminal, "action": r.action, "outcome": r.outcome,
            "actor": r.actor, "approver": r.approver, "card": r.card, "amount": r.amount,
            "currency": r.currency, "entry_id": r.entry_id, "detail": r.detail,
            "link": r.link, "received_at": as_aware(r.received_at).isoformat()}


def restart(session: Session, manager: Caller, *, terminal: str,
            now: datetime) -> dict[str, Any]:
    """A manager accepts a new start of a till's trail: a new epoch from
    position 0 (the till pushes its whole trail again); the earlier epoch's
    rows stay, and its open exceptions are marked resolved."""
    manager.require_manager("restart a till's audit trail")
    till = _terminal(session, manager, terminal)
    state = _lock(session, till.id)
    if state is None:
        raise Conflict(f"Terminal {terminal} has pushed no audit trail yet.",
                       key="nothing_to_restart")
    state.epoch, state.position, state.link, state.updated_at = state.epoch + 1, 0, "", now
    for p in session.scalars(select(LedgerException).where(
            LedgerException.kind == KIND, LedgerException.terminal == till.name,
            LedgerException.resolved_at.is_(None))):
        p.resolved_at = now
    session.flush()
    return {"terminal": till.name, "store": till.store, **head(session, till.id).to_dict()}
