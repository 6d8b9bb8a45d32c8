"""The bulk path of a sync push (plain offline redemptions written in bulk: COPY
on PostgreSQL, one executemany on SQLite) mixed with entries that take the
full path, on both databases: the same outcomes, journal and acknowledgements
as one entry at a time would give."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.ledger.apply import push_fingerprint
from app.ledger.schema import LedgerException
from app.ops.journal import fingerprint
from app.ops.queries import mismatched_balances
from app.store.schema import Card, Entry
from tests.integration.ledger.support import LedgerEnv, ledger_on


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LedgerEnv]:
    with ledger_on(request.param, tmp_path) as e:
        yield e


def _entry(number: str, type_: str, amount: int, approved: int, *, ref: str | None = None,
           cashier: str | None = "bo") -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": type_, "number": number, "amount": amount,
            "approved_amount": approved, "requested_amount": approved, "balance_after": 0,
            "status_after": "ACTIVE", "terminal": "till-1", "store": "s1", "cashier": cashier,
            "business_date": "2026-11-28", "offline": True, "ref_id": ref,
            "created_at": datetime.now(UTC).isoformat()}


def _issue(env: LedgerEnv, amount: int) -> str:
    with env.client("admin") as c:
        return str(c.post("/v1/cards", json={"amount": amount}).json()["cards"][0]["number"])


def _push(env: LedgerEnv, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with env.client("t1") as c:
        r = c.post("/v1/sync/push", json={"entries": entries})
        assert r.status_code == 200, r.text
        return list(r.json()["results"])


def test_bulk_and_full_path_entries_mixed_in_one_batch(env: LedgerEnv) -> None:
    a, b, c = _issue(env, 10_000), _issue(env, 10_000), _issue(env, 500)
    hold = _entry(b, "hold", -1000, 1000)
    sales = [_entry(a, "redeem", -100, 100) for _ in range(5)]
    # Text COPY must escape: tabs, newlines, backslashes, quotes, non-ASCII.
    odd = _entry(a, "redeem", -7, 7, cashier='tab\there\nnew "line" \\ é')
    batch = [
        sales[0], sales[1], hold, sales[2],
        _entry(b, "capture", 200, 800, ref=hold["id"]),
        sales[3],
        _entry(c, "redeem", -800, 800),             # overspend: full path, flagged, frozen
        _entry(c, "redeem", -50, 50),                # on the frozen card: forced, flagged
        _entry("6000000000000009", "redeem", -1, 1),  # unknown card: rejected and kept
        sales[4], odd,
        sales[0],                                    # the same id again in the batch
    ]
    res = _push(env, batch)
    assert [r["status"] for r in res] == [
        "applied", "applied", "applied", "applied", "applied", "applied", "flagged",
        "flagged", "rejected", "applied", "applied", "duplicate"]
    assert res[8]["key"] == "card_not_found" and "entry" not in res[8]
    # Balances run on in the pushed order, across the two paths.
    assert [res[i]["entry"]["balance_after"] for i in (0, 1, 3, 5, 9, 10)] == [
        9900, 9800, 9700, 9600, 9500, 9493]
    assert res[4]["entry"]["balance_after"] == 9200  # 10,000 - 800 captured
    assert (res[6]["entry"]["balance_after"], res[6]["entry"]["status_after"]) == (
        -300, "FROZEN")
    assert res[7]["entry"]["balance_after"] == -350
    # Journal positions follow the pushed order; a bulk batch shares one post time.
    seqs = [r["entry"]["seq"] for r in res[:8]] + [r["entry"]["seq"] for r in res[9:11]]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert res[11]["entry"] == res[0]["entry"]
    bulk_times = {res[i]["entry"]["posted_at"] for i in (0, 1, 3, 5, 9, 10)}
    assert len(bulk_times) == 1
    with env.store.read() as s:
        assert mismatched_balances(s) == []
        rows = {e.id: e for e in s.scalars(select(Entry).where(
            Entry.id.in_([x["id"] for x in batch])))}
        assert len(rows) == 10 and rows[odd["id"]].cashier == odd["cashier"]
        for pushed, r in zip(batch, res, strict=True):
            e = rows.get(pushed["id"])
            if e is None:
                continue
            assert (e.seq, e.balance_after, e.terminal, e.store, e.offline) == (
                r["entry"]["seq"], r["entry"]["balance_after"], "t1", "s1", True)
        sale = rows[sales[0]["id"]]
        number_a = s.scalars(select(Card.number).where(Card.id == sale.card_id)).one()
        assert sale.fingerprint == fingerprint("push:redeem", number=number_a, amount=100,
                                               ref=None)
        kept = s.scalars(select(LedgerException.entry_id)).all()
        assert kept == [batch[8]["id"]]
    # Pushed again: all duplicates, answered with the same acknowledgements.
    again = _push(env, batch)
    assert [r["status"] for r in again] == ["duplicate"] * 8 + ["rejected"] + [
        "duplicate"] * 3
    for first, second in zip(res, again, strict=True):
        if "entry" in first:
            assert second["entry"] == first["entry"]
    with env.client("admin") as cl:
        assert cl.post("/v1/balance", json={"number": a}).json()["balance"] == 9493


@pytest.mark.parametrize("number,amount,ref", [
    ("6123456789012345", 100, None), ("6123", 0, str(uuid.uuid4())),
    ('we"ird\\num\u00e9\n', 2**40, 'r"ef\u2603'),
])
def test_push_fingerprint_is_the_journal_fingerprint(number: str, amount: int,
                                                     ref: str | None) -> None:
    for t in ("redeem", "capture", "release"):
        assert push_fingerprint(t, number=number, amount=amount, ref=ref) == fingerprint(
            f"push:{t}", number=number, amount=amount, ref=ref)


def test_push_answer_is_json_the_terminal_reads(env: LedgerEnv) -> None:
    number = _issue(env, 1000)
    res = _push(env, [_entry(number, "redeem", -10, 10)])
    assert json.loads(json.dumps(res))[0]["entry"]["posted_at"].endswith("+00:00")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    from tests.integration.ledger.support import migrated_scratch, postgres_url

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'till.db'}"
    else:
        with migrated_scratch(postgres_url()) as url:
            yield url


def test_outbox_rows_read_as_plain_columns_match_the_orm_payload(store_url: str) -> None:
    """The terminal reads its outbox without SQLAlchemy's date parsing: the
    payload is the same as one built from the ORM objects."""
    from app.domain import OpContext
    from app.ops.service import CardService
    from app.store.database import open_store
    from app.wire.entry import entry_columns, entry_payload, payload_of_row

    store = open_store(store_url)
    try:
        svc = CardService(store, context=OpContext(terminal="t1", store="s1"))
        number = svc.issue(amount=5000)[0][0].number
        svc.redeem(number=number, amount=100, ctx=OpContext(
            terminal="t1", store="s1", cashier="bo", offline=True,
            now=datetime(2026, 11, 28, 23, 59, 59, 123456, tzinfo=UTC)))
        svc.redeem(number=number, amount=50, ctx=OpContext(terminal="t1", store="s1"))
        with store.read() as s:
            rows = s.execute(entry_columns().order_by(Entry.seq)).all()
            orm = s.scalars(select(Entry).order_by(Entry.seq)).all()
            card = s.scalars(select(Card)).one()
            assert [payload_of_row(r) for r in rows] == [entry_payload(e, card) for e in orm]
            assert len(rows) == 3 and payload_of_row(rows[1])["created_at"] == (
                "2026-11-28T23:59:59.123456+00:00")
    finally:
        store.close()


def test_pushed_text_fields_must_be_text() -> None:
    """A number where text belongs is a malformed entry (400: the terminal then
    sends its batch one by one and keeps this entry), not a database error."""
    from app.errors import ValidationError
    from app.wire.entry import WireEntry

    good = _entry("6123", "redeem", -1, 1)
    assert WireEntry.parse(good).cashier == "bo"
    for name in ("cashier", "sale_id", "ref_id", "reason"):
        with pytest.raises(ValidationError) as err:
            WireEntry.parse({**good, name: 5})
        assert err.value.key == "invalid_entry" and name in err.value.message


@pytest.mark.postgres
def test_an_id_written_meanwhile_by_another_process_is_answered_duplicate(
        tmp_path: Path) -> None:
    """Two service processes applying the same entry at once (a terminal's
    retry after a timeout reaching another process): the second looked for
    the id before the first committed, so its COPY meets the id and fails;
    its transaction is retried, and the retry answers duplicate with the
    first one's acknowledgement. The first is a real transaction of the
    ledger's push held open until the second is waiting on it."""
    import threading

    from sqlalchemy import text

    from app.domain import Limits
    from app.ledger.apply import apply_batch
    from app.ledger.auth import authenticate
    from app.wire.entry import WireEntry

    with ledger_on("postgresql", tmp_path) as env:
        number = _issue(env, 1000)
        sale = _entry(number, "redeem", -10, 10)
        answers: list[list[dict[str, Any]]] = []
        pushing = threading.Thread(target=lambda: answers.append(_push(env, [sale])))
        with env.store.engine.connect() as watch:
            watch = watch.execution_options(isolation_level="AUTOCOMMIT")
            with env.store.transaction() as first:
                caller = authenticate(first, f"Bearer {env.tokens['t1']}")
                (mine,) = apply_batch(first, [WireEntry.parse(sale)], caller=caller,
                                      limits=Limits())
                assert mine.status == "applied"
                pushing.start()
                assert _until(lambda: watch.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()")).scalar_one() >= 1)
        pushing.join(30)
        assert answers and answers[0][0]["status"] == "duplicate"
        assert answers[0][0]["entry"] == mine.entry
        with env.client("admin") as c:
            assert c.post("/v1/balance", json={"number": number}).json()["balance"] == 990
        with env.store.read() as s:
            assert s.scalar(select(func.count()).select_from(Entry).where(
                Entry.id == sale["id"])) == 1
            assert mismatched_balances(s) == []


def _until(done: Callable[[], object], timeout_s: float = 30.0) -> bool:
    """Poll ``done`` (another process's state has no signal to wait on)."""
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
