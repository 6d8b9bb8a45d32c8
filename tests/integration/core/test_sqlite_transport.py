"""On SQLite the posting engine runs its hot statements (a single entry's
INSERT, the card's UPDATE, the outbox and hold rows, the spend's card look-up)
on the sqlite3 connection of the session's transaction instead of through
SQLAlchemy's Connection.execute (app/ops/posting.py, "SQLite"). Only the
transport changes: the same operations on two stores, one each way, leave
the same rows, stored the same (value and SQLite type, column by column) and
read back the same through the ORM."""

from __future__ import annotations

import random
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from app import cardnumbers
from app.domain import CardStatus, EntryType, OpContext
from app.errors import StoreError
from app.ops import journal, posting
from app.ops.posting import Posting, PostingContext
from app.ops.service import CardService
from app.rules import Decision
from app.store.database import Store, open_store
from app.store.schema import Card, Entry, Hold, Outbox

TABLES = {"cards": Card, "entries": Entry, "holds": Hold, "outbox": Outbox}
T0 = datetime(2026, 12, 6, 7, 30, 15, 123456, tzinfo=UTC)


def _ids(tag: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, tag))


def _work(store: Store) -> list[Any]:
    """A till's day in small: cards issued (one with an expiry), spent in
    full and in part, a hold captured and one released, an offline spend
    queued, a refund and a void, a card flagged; answers what card_row reads."""
    ticks = iter(T0 + timedelta(seconds=i, microseconds=i) for i in range(1000))
    ctx = OpContext(terminal="t1", store="s1", cashier="ana")
    svc = CardService(store, context=ctx, clock=lambda: next(ticks))
    (a, _), = svc.issue(count=1, amount=10_000, entry_id=_ids("issue-a"),
                        expires_on=date(2027, 1, 31))
    (b, _), (c, _) = svc.issue(count=2, amount=500, entry_id=_ids("issue-bc"))
    svc.redeem(number=a.number, amount=1_250, entry_id=_ids("r1"))
    svc.redeem(number=b.number, amount=900, partial=True, entry_id=_ids("r2"))
    svc.hold(number=a.number, amount=300, entry_id=_ids("h1"))
    svc.capture(hold_id=_ids("h1"), amount=200, entry_id=_ids("c1"))
    svc.hold(number=c.number, amount=100, entry_id=_ids("h2"))
    svc.release(hold_id=_ids("h2"), entry_id=_ids("rel2"))
    svc.redeem(number=c.number, amount=50, entry_id=_ids("off1"),
               ctx=OpContext(terminal="t1", store="s1", offline=True))
    svc.refund(original_id=_ids("r1"), amount=250, entry_id=_ids("ref1"))
    svc.void(original_id=_ids("off1"), entry_id=_ids("void1"))
    read = []
    with store.transaction() as s:
        posting.mark(s, journal.find_card(s, c.number), flagged=True)
    with store.transaction() as s:
        for card in (a, b, c):
            row = journal.card_row(s, card.number, lock=True)
            read.append([(k, v, type(v)) for k, v in row._asdict().items()])
    return read


def _run(tmp: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Any],
                                                                         list[str]]:
    # The same card numbers in both stores.
    monkeypatch.setattr(cardnumbers.secrets, "choice", random.Random(18).choice)
    path = tmp / f"{name}.db"
    store = open_store(f"sqlite:///{path}")
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: seen.append(sql.split("(")[0].strip()))
    try:
        read = _work(store)
    finally:
        store.close()
    return path, read, seen


def _stored(path: Path) -> dict[str, list[Any]]:
    """Every row as SQLite holds it: each value with its storage class."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for table in TABLES:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            typed = ", ".join(f"{c}, typeof({c})" for c in cols)
            out[table] = con.execute(f"SELECT {typed} FROM {table} ORDER BY rowid").fetchall()
        return out
    finally:
        con.close()


def _orm(path: Path) -> dict[str, list[Any]]:
    """Every row read back through the ORM: each column's value and type."""
    store = open_store(f"sqlite:///{path}")
    try:
        with store.read() as s:
            out = {}
            for table, model in TABLES.items():
                keys = [c.key for c in model.__table__.columns]
                rows = s.scalars(select(model).order_by(*model.__table__.primary_key))
                out[table] = [[(k, getattr(o, k), type(getattr(o, k))) for k in keys]
                              for o in rows]
            return out
    finally:
        store.close()


def test_the_driver_path_stores_what_sqlalchemy_stores(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    direct, direct_read, direct_seen = _run(tmp_path, "direct", monkeypatch)
    monkeypatch.setattr(posting, "_sqlite", lambda _conn: None)  # every statement via SQLAlchemy
    ordinary, ordinary_read, ordinary_seen = _run(tmp_path, "ordinary", monkeypatch)

    # The transports did differ: the single INSERTs and the card UPDATEs went
    # past SQLAlchemy's cursor events only on the driver path.
    assert "INSERT INTO entries" in ordinary_seen and "UPDATE cards SET status=?" in " ".join(
        ordinary_seen)
    assert ordinary_seen.count("INSERT INTO entries") > direct_seen.count("INSERT INTO entries")
    assert not any(s.startswith("UPDATE cards SET status=") for s in direct_seen)

    stored, orm = _stored(direct), _orm(direct)
    assert all(stored[t] for t in TABLES), "every table has rows to compare"
    assert stored == _stored(ordinary)
    assert orm == _orm(ordinary)
    assert direct_read == ordinary_read
    kinds = {k: t for k, _v, t in direct_read[0]}
    assert kinds["expires_on"] is date and kinds["flagged"] is bool
    assert [v for k, v, _t in direct_read[2] if k == "flagged"] == [True]


def test_a_driver_error_is_raised_as_sqlalchemys(tmp_path: Path) -> None:
    """An entry id written twice fails as SQLAlchemy's IntegrityError, which
    CardService answers by retrying (the winner's entry), and the transaction
    rolls back whole."""
    store = open_store(f"sqlite:///{tmp_path / 'till.db'}")
    try:
        svc = CardService(store, context=OpContext(terminal="t1", store="s1"))
        (card, _), = svc.issue(count=1, amount=1_000)
        done = svc.redeem(number=card.number, amount=100)
        at = PostingContext(terminal="t1", store="s1", business_date=T0.date(), created_at=T0)
        with pytest.raises(IntegrityError), store.transaction() as s:
            row = journal.card_row(s, card.number, lock=True)
            posting.post_rows(s, [Posting(
                ctx=at, card_id=row.id, balance=row.balance, entry_id=done.id,
                type=EntryType.REDEEM, fingerprint="x",
                decision=Decision(amount=1, delta=-1, new_balance=row.balance - 1,
                                  requested=1, new_status=CardStatus.ACTIVE))])
        assert svc.balance(number=card.number).balance == 900
    finally:
        store.close()


def test_a_store_busy_at_begin_is_a_store_error_and_the_next_call_works(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE (app/store/database.py, on the driver's connection)
    failing because another writer holds the store is SQLAlchemy's
    OperationalError, which a cashier sees as StoreError; the connection is
    fine for the next call."""
    path = tmp_path / "till.db"
    store = open_store(f"sqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        svc = CardService(store, context=OpContext(terminal="t1", store="s1"))
        (card, _), = svc.issue(count=1, amount=1_000)
        with store.engine.connect() as conn:  # the pool's one connection: give up at once
            conn.connection.driver_connection.execute("PRAGMA busy_timeout=0")
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError):
            svc.redeem(number=card.number, amount=100)
        other.execute("ROLLBACK")
        assert svc.redeem(number=card.number, amount=100).new_balance == 900
    finally:
        other.close()
        store.close()
