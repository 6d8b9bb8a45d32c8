"""The till's audit trail, anchored on the ledger (issue 15.10).

The trail is a hash chain in the till's own SQLite file (app/audit_chain.py),
so whoever holds that file can cut its newest rows, or rewrite rows and chain
them again, and the till alone cannot tell. Each sync sends the ledger the
rows it does not have yet, with the till's head (how many rows, the newest
link); the ledger keeps them per till, append-only, and refuses a trail that
does not extend its copy (app/ledger/trail.py). ``compare`` is what
`giftpos audit --verify` asks on a till with a ledger.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from typing import Any

from app.errors import Conflict, GiftposError, NotFound
from app.staff import audit
from app.store.database import Store
from app.sync.client import LedgerClient

log = logging.getLogger(__name__)

REFUSALS = ("audit_chain_truncated", "audit_chain_rewritten")
# A push stays well under the ledger's cap for it (app/ledger/gate.py).
MAX_ROWS = 500
MAX_BYTES = 512 * 1024


@dataclass
class TrailState:
    """How the till's trail stands against the ledger's copy.

    ``status``: ``same`` (the ledger holds every row), ``behind`` (the till
    has rows it has not sent yet), ``truncated`` (the till's newest rows were
    deleted after the ledger had them), ``rewritten`` (the till's history
    differs from the ledger's copy), ``unsupported`` (a ledger without
    audit trails)."""

    status: str
    till_rows: int
    ledger_rows: int
    appended: int = 0
    from_position: int | None = None
    message: str | None = None

    @property
    def tampered(self) -> bool:
        return self.status in ("truncated", "rewritten")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _head(store: Store) -> tuple[int, str]:
    with store.read() as s:
        return audit.head(s)


def _refused(exc: GiftposError, till_rows: int) -> TrailState | None:
    if exc.key not in REFUSALS:
        return None
    p = exc.params
    return TrailState(status=str(exc.key).removeprefix("audit_chain_"), till_rows=till_rows,
                      ledger_rows=int(p.get("ledger_position", 0)),
                      from_position=p.get("from_position"), message=exc.message)


def push(store: Store, client: LedgerClient, *, timeout: float | None = None) -> TrailState:
    """Send the ledger the rows of this till's trail it does not have. Raises
    LedgerUnavailable when the ledger does not answer."""
    try:
        ledger = client.audit_head(timeout=timeout)
    except NotFound:  # a ledger from before audit trails
        return TrailState(status="unsupported", till_rows=_head(store)[0], ledger_rows=0)
    ledger_rows, appended = ledger.position, 0
    while True:
        with store.read() as s:
            n, link = audit.head(s)
            if appended == 0 and n == ledger_rows and link == ledger.link:
                return TrailState(status="same", till_rows=n, ledger_rows=n)  # nothing to say
            rows = _batch(audit.wire_rows(s, after=ledger_rows, limit=MAX_ROWS))
        try:
            answer = client.audit_push(position=n, link=link, rows=rows, timeout=timeout)
        except Conflict as exc:
            refused = _refused(exc, n)
            if refused is None:  # a gap: someone else pushed meanwhile; next round
                raise
            log.error("audit trail: %s", exc.message)
            refused.appended = appended
            return refused
        appended += answer.appended
        ledger_rows = answer.position
        if not rows or ledger_rows >= n:
            return TrailState(status="same" if ledger_rows >= n else "behind", till_rows=n,
                              ledger_rows=ledger_rows, appended=appended)


def _batch(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """As many rows as fit the body's budget (at least one)."""
    size = 0
    for i, row in enumerate(rows):
        size += len(json.dumps(row, ensure_ascii=False).encode())
        if size > MAX_BYTES and i > 0:
            return rows[:i]
    return rows


def compare(store: Store, client: LedgerClient) -> TrailState:
    """The till's head against the ledger's copy, without sending rows: the
    ledger answers whether the till's trail still extends what it holds (and
    records a finding for a manager when it does not)."""
    n, link = _head(store)
    try:
        answer = client.audit_push(position=n, link=link, rows=[])
    except NotFound:
        return TrailState(status="unsupported", till_rows=n, ledger_rows=0)
    except Conflict as exc:
        refused = _refused(exc, n)
        if refused is None:
            raise
        return refused
    ledger_rows = answer.position
    with store.read() as s:
        ours = audit.link_at(s, ledger_rows)
    if ledger_rows < n and ours != answer.link:
        # The till has rows the ledger has not seen, and the one the ledger
        # has last is not the till's: the history before it was rewritten
        # (the ledger finds it too at the next push).
        return TrailState(status="rewritten", till_rows=n, ledger_rows=ledger_rows,
                          from_position=max(ledger_rows, 1),
                          message=f"The till's row {ledger_rows} differs from the ledger's "
                                  "copy: the trail was rewritten.")
    return TrailState(status="same" if ledger_rows == n else "behind", till_rows=n,
                      ledger_rows=ledger_rows)
