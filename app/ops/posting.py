"""The posting engine: the one writer of journal entries and card state.

Every change of value, on a till or on the ledger (online, a pushed batch,
the replica mirroring the ledger), is a :class:`Posting` written by
:func:`post`: the entry, the card's cached balance, status and flag, and the
outbox row of an entry the ledger has yet to see, in SQLAlchemy Core, in the
caller's transaction. What every entry of a posting shares (who, when, offline,
the ledger's post time) travels in an explicit :class:`PostingContext`.

One posting or a few go in as one INSERT each; a batch (a push of offline
entries) goes in as one binary COPY on PostgreSQL (a thousand rows cost a
tenth of an executemany: COPY formats rows in C) or one executemany elsewhere,
with one UPDATE per card moved. Either way an entry's columns are named once:
:data:`ENTRY_COLUMNS` is read from the table.

A hold is a pending entry: the entry that resolves it (capture, release,
expiry, void) carries its id in ``resolves``, which a unique index holds to
one, so a hold resolves at most once whatever runs beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.clock import utcnow
from app.domain import CardStatus, EntryType, OpContext
from app.rules import Decision
from app.store.schema import Card, Entry, Outbox

_ENTRIES = Entry.metadata.tables["entries"]
_CARDS = Card.metadata.tables["cards"]
_OUTBOX = Outbox.metadata.tables["outbox"]

# The journal's columns, in table order, as the table declares them.
ENTRY_COLUMNS: tuple[str, ...] = tuple(c.key for c in _ENTRIES.columns)
# From this many entries on, a batch goes in by COPY on PostgreSQL.
COPY_FROM = 8


@dataclass(kw_only=True, slots=True)
class PostingContext:
    """What the entries of one posting share: who and when, whether they were
    made offline, the ledger's post time (None on a till: its entries are
    posted when the ledger has them), and whether each is queued in the
    outbox for the ledger."""

    terminal: str
    store: str
    cashier: str | None = None
    sale_id: str | None = None
    business_date: date
    created_at: datetime
    offline: bool = False
    posted_at: datetime | None = None
    outbox: bool = False

    @classmethod
    def of(cls, ctx: OpContext, *, now: datetime, business_date: date) -> PostingContext:
        """An operation's context. On a till, offline work is queued for the
        ledger; on the ledger (``ctx.posts``) entries are posted as they are
        written, and an offline entry (pushed) is only marked so."""
        return cls(terminal=ctx.terminal, store=ctx.store, cashier=ctx.cashier,
                   sale_id=ctx.sale_id, business_date=business_date, created_at=now,
                   offline=ctx.offline, outbox=ctx.offline and not ctx.posts,
                   posted_at=utcnow() if ctx.posts else None)


@dataclass(kw_only=True, slots=True)
class Posting:
    """One entry: the card (by id) at ``balance`` moved by ``decision``.
    ``flagged``: the card's flag afterwards (None: kept, raised if the
    decision flags); ``resolves``: the hold this entry closes."""

    ctx: PostingContext
    card_id: int
    balance: int
    decision: Decision
    entry_id: str
    type: EntryType
    fingerprint: str
    ref_id: str | None = None
    reason: str | None = None
    status_after: CardStatus | None = None
    flagged: bool | None = None
    resolves: str | None = None

    def values(self) -> dict[str, Any]:
        """The entry's columns (all of :data:`ENTRY_COLUMNS` but ``seq``)."""
        d, c = self.decision, self.ctx
        return {
            "id": self.entry_id, "card_id": self.card_id, "type": str(self.type),
            "amount": d.delta, "balance_after": self.balance + d.delta,
            "requested_amount": d.requested, "approved_amount": d.amount,
            "remaining_due": d.remaining_due, "partial": d.partial,
            "status_after": str(self.status_after or d.new_status),
            "terminal": c.terminal, "store": c.store, "cashier": c.cashier,
            "sale_id": c.sale_id, "business_date": c.business_date,
            "created_at": c.created_at, "posted_at": c.posted_at, "ref_id": self.ref_id,
            "reason": self.reason, "offline": c.offline, "flagged": d.flagged,
            "fingerprint": self.fingerprint, "resolves": self.resolves,
        }


@dataclass(frozen=True, slots=True)
class CardMove:
    """A card's state after the postings of one call."""

    balance: int
    status: str
    updated_at: datetime
    flagged: bool | None  # None: unchanged


_INSERT_ENTRY = insert(_ENTRIES)
_INSERT_OUTBOX = insert(_OUTBOX)
_MOVE_CARD = update(_CARDS).where(_CARDS.c.id == bindparam("card_id")).values(
    balance=bindparam("new_balance"), status=bindparam("new_status"),
    updated_at=bindparam("now"),
    flagged=func.coalesce(bindparam("new_flagged", type_=_CARDS.c.flagged.type),
                          _CARDS.c.flagged))
_SEQS = select(_ENTRIES.c.id, _ENTRIES.c.seq)

# Binary COPY needs each column's PostgreSQL type (binary rows cost a third of
# the CPU of text ones); read from the table, as its DDL says them.
_COPY_COLUMNS = ENTRY_COLUMNS
_COPY = f"COPY entries ({', '.join(_COPY_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
_NEXT_SEQS = ("SELECT nextval(pg_get_serial_sequence('entries', 'seq')) "
              "FROM generate_series(1, %s)")


def _pg_type(column: Any) -> str:
    """The column's PostgreSQL type name as psycopg's COPY takes it."""
    from sqlalchemy.dialects import postgresql

    ddl = column.type.compile(dialect=postgresql.dialect()).split("(")[0].lower()
    return {"bigint": "int8", "integer": "int4", "boolean": "bool",
            "timestamp with time zone": "timestamptz",
            "timestamp without time zone": "timestamp"}.get(ddl, ddl)


_COPY_TYPES = [_pg_type(c) for c in _ENTRIES.columns]


def post(session: Session, postings: Sequence[Posting]) -> list[Entry]:
    """Write ``postings`` in order: their entries, each card's balance, status
    and flag (one UPDATE per card, its last state), and an outbox row for each
    entry whose context queues it. Returns the entries as written (objects
    outside the session, for answers); a card the session holds is kept in
    step, so code that still reads ORM cards reads the truth.

    Card balances in ``postings`` chain: a second posting on a card carries
    the balance the first one leaves."""
    return [Entry(**r) for r in post_rows(session, postings)]


def post_rows(session: Session, postings: Sequence[Posting]) -> list[dict[str, Any]]:
    """:func:`post`, answering the entries' columns as plain rows (a batch of
    a thousand need not build a thousand ORM objects)."""
    if not postings:
        return []
    if session.new or session.deleted or session.dirty:
        session.flush()  # e.g. a card made just now, that these entries name
    conn = session.connection()
    rows = [p.values() for p in postings]
    if len(rows) == 1:
        rows[0]["seq"] = conn.execute(_INSERT_ENTRY, rows[0]).inserted_primary_key[0]  # type: ignore[index]
    elif conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy(conn, rows)
    else:
        conn.execute(_INSERT_ENTRY, rows)
        seqs = dict(conn.execute(_SEQS.where(_ENTRIES.c.id.in_([r["id"] for r in rows]))).all())
        for r in rows:
            r["seq"] = seqs[r["id"]]
    # Each card moves once, to the state its last posting leaves.
    last: dict[int, dict[str, Any]] = {}
    flags: dict[int, bool] = {}
    queued = []
    for p, r in zip(postings, rows, strict=True):
        last[p.card_id] = r
        if p.flagged is not None:
            flags[p.card_id] = p.flagged
        elif p.decision.flagged:
            flags[p.card_id] = True
        if p.ctx.outbox:
            queued.append({"entry_id": r["id"], "queued_at": r["created_at"], "attempts": 0})
    moves = {cid: CardMove(r["balance_after"], r["status_after"], r["created_at"],
                           flags.get(cid)) for cid, r in last.items()}
    cards = [{"card_id": cid, "new_balance": m.balance, "new_status": m.status,
              "now": m.updated_at, "new_flagged": m.flagged} for cid, m in moves.items()]
    conn.execute(_MOVE_CARD, cards[0] if len(cards) == 1 else cards)
    if queued:
        conn.execute(_INSERT_OUTBOX, queued)
    _keep_in_step(session, moves)
    return rows


def _copy(conn: Any, rows: list[dict[str, Any]]) -> None:
    """Positions from the sequence in one query, then one binary COPY."""
    dbapi = conn.connection.driver_connection
    try:
        with dbapi.cursor() as cur:
            cur.execute(_NEXT_SEQS, (len(rows),))
            for row, (seq,) in zip(rows, cur.fetchall(), strict=True):
                row["seq"] = seq
            with cur.copy(_COPY) as copy:
                copy.set_types(_COPY_TYPES)
                for row in rows:
                    copy.write_row([row[c] for c in _COPY_COLUMNS])
    except conn.dialect.loaded_dbapi.IntegrityError as exc:
        # An id written at once by another transaction (a retry reaching
        # another service process): raised as SQLAlchemy's, as an INSERT
        # would, so the caller's retry finds the entry and answers from it.
        raise IntegrityError(_COPY, None, exc) from exc


def _keep_in_step(session: Session, moves: dict[int, CardMove]) -> None:
    for card_id, m in moves.items():
        card = session.identity_map.get(session.identity_key(Card, card_id))
        if card is None:
            continue
        set_committed_value(card, "balance", m.balance)
        set_committed_value(card, "status", m.status)
        set_committed_value(card, "updated_at", m.updated_at)
        if m.flagged is not None:
            set_committed_value(card, "flagged", m.flagged)


def mark(session: Session, card: Card, *, flagged: bool | None = None,
         status: str | None = None) -> None:
    """Move a card's flag (a case for a manager) or status (the replica
    mirroring the ledger's) without an entry: the one other write of card
    state."""
    values: dict[str, Any] = {}
    if flagged is not None and bool(card.flagged) != flagged:
        values["flagged"] = flagged
    if status is not None and card.status != status:
        values["status"] = status
    if not values:
        return
    session.flush()
    session.connection().execute(update(_CARDS).where(_CARDS.c.id == card.id).values(**values))
    for k, v in values.items():
        set_committed_value(card, k, v)
