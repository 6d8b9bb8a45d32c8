"""An id has one fate everywhere (issue 13, item 4): each seam where a lost
answer or a crash made or lost money, reproduced step by step the way a till
meets it (the checkout service over the OnlineGateway, a real ledger on
loopback, a fault proxy that loses the answer after the ledger committed, a
kill modelled as an exception the till's code cannot catch), on SQLite and on
PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.checkout import SaleStatus
from app.checkout import settle as settle_mod
from app.errors import GiftposError
from app.ledger.schema import Tombstone
from app.store.schema import Entry
from app.sync import replica
from tests.integration.ledger.support import LedgerEnv, ledger_on
from tests.reliability.fate_rig import Died, Rig, die
from tests.reliability.workload import BIG

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def led(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LedgerEnv]:
    with ledger_on(request.param, tmp_path, limits=BIG) as env:
        yield env


@pytest.fixture
def rig(led: LedgerEnv, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(led, tmp_path)
    try:
        yield r
    finally:
        r.close()


def test_a_retry_under_an_id_reversed_after_its_lost_answer_is_refused(led: LedgerEnv) -> None:
    """The ledger replayed its stored success without looking at the tombstone."""
    with led.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 1_000}).json()["cards"][0]["number"]
    load_id = str(uuid.uuid4())
    with led.client("t1") as c:
        first = c.post("/v1/cards/loads", json={"number": number, "amount": 500},
                       headers={"Idempotency-Key": load_id})
        assert first.status_code == 200  # ... and the till never sees this answer
        rev = c.post(f"/v1/entries/{load_id}/void", json={"in_doubt": True},
                     headers={"Idempotency-Key": str(uuid.uuid4())})
        assert rev.json()["outcome"] == "voided"
        again = c.post("/v1/cards/loads", json={"number": number, "amount": 500},
                       headers={"Idempotency-Key": load_id})
        pushed = c.post("/v1/sync/push", json={"entries": [
            {**first.json()["entry"], "id": str(uuid.uuid4()), "offline": True},
            {**first.json()["entry"], "id": str(uuid.uuid5(uuid.UUID(load_id), "x"))}]})
        balance = c.post("/v1/balance", json={"number": number}).json()["balance"]
    assert again.status_code == 409 and again.json()["key"] == "operation_cancelled"
    assert pushed.status_code == 200
    assert balance == 1_000 + 500 + 500  # the two pushed loads; never the reversed one


def test_a_tombstoned_id_pushed_later_is_refused(led: LedgerEnv) -> None:
    with led.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 1_000}).json()["cards"][0]["number"]
    eid = str(uuid.uuid4())
    with led.client("t1") as c:
        rev = c.post(f"/v1/entries/{eid}/void", json={"in_doubt": True},
                     headers={"Idempotency-Key": str(uuid.uuid4())})
        assert rev.json()["outcome"] == "not_applied"
        pushed = c.post("/v1/sync/push", json={"entries": [{
            "id": eid, "type": "redeem", "number": number, "amount": -300,
            "approved_amount": 300, "requested_amount": 300, "balance_after": 700,
            "status_after": "ACTIVE", "created_at": "2026-12-01T10:00:00+00:00",
            "offline": True}]}).json()
        balance = c.post("/v1/balance", json={"number": number}).json()["balance"]
    assert pushed["results"][0]["status"] == "rejected"
    assert pushed["results"][0]["key"] == "operation_cancelled"
    assert balance == 1_000


def test_a_reload_whose_answer_was_lost_is_not_counted_when_completed_again(rig: Rig) -> None:
    number = rig.issue(5_000)
    till = rig.till()
    try:
        co = till.checkout
        sale = co.open_sale()
        co.add_card_reload(sale.id, number=number, amount=2_000)
        co.pay_cash(sale.id, amount=2_000)
        rig.proxy.script("cut")  # the ledger loads the card; the answer is lost
        with pytest.raises(GiftposError):
            co.complete(sale.id)
        assert rig.card(number)["balance"] == 7_000
        rig.reconnect(till)
        till.engine.sync_once()  # reverses the load on the ledger
        assert rig.card(number)["balance"] == 5_000
        with pytest.raises(GiftposError) as err:
            co.complete(sale.id)  # the cashier tries again: same line, same id
        assert err.value.key == "operation_cancelled"
        assert co.cancel(sale.id).status == SaleStatus.CANCELLED
        till.engine.sync_once()
        assert rig.card(number)["balance"] == till.balance(number) == 5_000
        assert till.consistent()
    finally:
        till.close()


def test_a_lost_refund_on_a_card_spent_meanwhile_is_credited_once(rig: Rig) -> None:
    number = rig.issue(5_000)
    till = rig.till()
    try:
        co = till.checkout
        sale = co.add_item(co.open_sale().id, description="Lamp", amount=3_000)
        co.pay_with_card(sale.id, number=number)
        co.complete(sale.id)
        rig.proxy.script("pass", "cut")  # the card's status; then the refund's answer lost
        refund = co.refund(sale.id)
        assert refund.refunds[0].amount == 3_000  # the till goes on with a stand-in
        assert rig.card(number)["balance"] == 5_000
        with rig.led.client("t2") as c:  # the customer spends it all at another till
            r = c.post("/v1/cards/redemptions",
                       json={"number": number, "amount": 5_000, "capture": True})
            assert r.status_code == 200, r.text
        rig.reconnect(till)
        report = till.engine.sync_once()
        assert report.reversed == 1 and report.rejected == 0
        card = rig.card(number)
        # 5,000 - 3,000 (sale) + 3,000 (refund, once) - 5,000 (other till) = 0
        assert card["balance"] == 0 and not card["flagged"]
        assert till.balance(number) == 0 and till.consistent()
    finally:
        till.close()


def test_a_hold_never_recorded_is_released_after_an_offline_restart(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    number = rig.issue(5_000)
    till = rig.till()
    till.gateway.balance(number=number)
    sale = till.checkout.add_item(till.checkout.open_sale().id, description="Lamp",
                                  amount=1_000)
    with monkeypatch.context() as m:
        m.setattr(replica, "record_answer", die)  # killed before recording the hold
        with pytest.raises(Died):
            till.checkout.pay_with_card(sale.id, number=number)
    till.close()
    assert rig.card(number)["balance"] == 4_000 and rig.ledger_holds() == ["OPEN"]

    till = rig.till(online=False)  # the restart, without the ledger
    try:
        assert till.checkout.cancel(sale.id).status == SaleStatus.CANCELLED
        rig.reconnect(till)
        till.engine.sync_once()
        assert rig.ledger_holds() == ["RELEASED"]
        assert rig.card(number)["balance"] == till.balance(number) == 5_000
        assert till.open_holds() == 0 and till.consistent()
    finally:
        till.close()


@pytest.mark.parametrize("killed_in", ["record_answer", "line_done"])
def test_a_reload_applied_before_a_crash_is_reversed_when_the_sale_is_cancelled(
        rig: Rig, monkeypatch: pytest.MonkeyPatch, killed_in: str) -> None:
    number = rig.issue(5_000)
    till = rig.till()
    sale = till.checkout.open_sale()
    till.checkout.add_card_reload(sale.id, number=number, amount=2_000)
    till.checkout.pay_cash(sale.id, amount=2_000)
    with monkeypatch.context() as m:
        if killed_in == "record_answer":  # the ledger loaded; the till wrote nothing
            m.setattr(replica, "record_answer", die)
        else:  # the load is in the till's journal, the sale line not marked done
            m.setattr(settle_mod, "_line_done", die)
        with pytest.raises(Died):
            till.checkout.complete(sale.id)
    till.close()
    assert rig.card(number)["balance"] == 7_000

    till = rig.till(online=False)
    try:
        assert till.checkout.cancel(sale.id).status == SaleStatus.CANCELLED  # cash back
        rig.reconnect(till)
        till.engine.sync_once()
        assert rig.card(number)["balance"] == till.balance(number) == 5_000
        assert till.consistent()
    finally:
        till.close()


def test_a_capture_before_a_kill_inside_complete_does_not_stand_when_cancelled_offline(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    number = rig.issue(5_000)
    till = rig.till()
    sale = till.checkout.add_item(till.checkout.open_sale().id, description="Lamp",
                                  amount=1_000)
    till.checkout.pay_with_card(sale.id, number=number)
    with monkeypatch.context() as m:
        m.setattr(replica, "record_answer", die)  # the ledger captured; the till died
        with pytest.raises(Died):
            till.checkout.complete(sale.id)
    till.close()
    assert rig.card(number)["balance"] == 4_000 and rig.ledger_holds() == ["CAPTURED"]

    till = rig.till(online=False)
    try:
        assert till.checkout.cancel(sale.id).status == SaleStatus.CANCELLED
        rig.reconnect(till)
        till.engine.sync_once()
        till.engine.sync_once()
        assert rig.card(number)["balance"] == till.balance(number) == 5_000
        assert till.open_holds() == 0 and till.consistent()
    finally:
        till.close()


def test_a_capture_made_offline_before_a_kill_does_not_stand_when_cancelled_online(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/reliability.md finding 5 (the fault run, seed 621575413). The hold
    made online; the ledger lost before complete(), so the capture is made
    offline (written here, queued for the push); the till killed before the
    tender is marked CAPTURED; restarted online, the sale cancelled. The
    release reached the ledger first (its hold still open there, the capture
    not yet pushed), the tender said RELEASED, and the pushed capture was
    forced through: a cancelled sale charged. A follow-up on an id with
    changes still waiting to be pushed queues behind them instead."""
    number = rig.issue(5_000)
    till = rig.till()
    sale = till.checkout.add_item(till.checkout.open_sale().id, description="Lamp",
                                  amount=1_000)
    till.checkout.pay_with_card(sale.id, number=number)
    rig.proxy.default = "drop"  # the ledger out of reach ...
    till.monitor.report_failure("gone")  # ... and the till knows it
    with monkeypatch.context() as m:
        m.setattr(settle_mod, "_captured", die)  # captured offline, then killed
        with pytest.raises(Died):
            till.checkout.complete(sale.id)
    till.close()
    assert rig.ledger_holds() == ["OPEN"]

    till = rig.till()  # the restart, online, the capture still in the outbox
    try:
        assert till.checkout.cancel(sale.id).status == SaleStatus.CANCELLED
        till.engine.sync_once()
        till.engine.sync_once()
        assert rig.card(number)["balance"] == till.balance(number) == 5_000, \
            "the cancelled sale's capture stands"
        assert till.open_holds() == 0 and till.consistent()
        assert [t.status for t in till.checkout.get(sale.id).tenders] == ["VOIDED"]
    finally:
        till.close()


@pytest.mark.parametrize("lost", ["drop", "reset", "hang"])
@pytest.mark.parametrize("killed", ["before_the_capture_is_recorded",
                                    "before_the_tender_is_marked"])
def test_a_capture_before_a_kill_does_not_stand_when_its_void_never_reaches_the_ledger(
        rig: Rig, monkeypatch: pytest.MonkeyPatch, lost: str, killed: str) -> None:
    """Issue 13's finding 4 (the fault run: 1 short run in ~17, 5 sales in the
    soak). Killed inside complete() after the ledger captured; restarted
    online, the sale cancelled: the release reaches the ledger (``hold_not_open``,
    the hold is captured there), then the void of the capture does not (its
    connection dropped, reset, or swallowed). The void, gone offline, found no
    capture in the till's store (its answer was never written down) and the
    tender was marked RELEASED with nothing written or queued: the capture
    stood, on both sides after the next pull. Killed one step later (the
    capture written down in the till's store, the tender not yet marked
    CAPTURED: two transactions), the offline void finds the capture and is
    pushed."""
    number = rig.issue(5_000)
    till = rig.till()
    sale = till.checkout.add_item(till.checkout.open_sale().id, description="Lamp",
                                  amount=1_000)
    till.checkout.pay_with_card(sale.id, number=number)
    with monkeypatch.context() as m:
        if killed == "before_the_capture_is_recorded":
            m.setattr(replica, "record_answer", die)
        else:
            m.setattr(settle_mod, "_captured", die)
        with pytest.raises(Died):
            till.checkout.complete(sale.id)
    till.close()
    assert rig.card(number)["balance"] == 4_000 and rig.ledger_holds() == ["CAPTURED"]

    till = rig.till()  # the restart, online
    try:
        before = len(rig.proxy.seen)
        rig.proxy.script("pass", lost)  # the release answered, the void lost on its way
        rig.proxy.default = "drop"  # ... and the ledger out of reach from then on
        cancelled = till.checkout.cancel(sale.id)
        assert cancelled.status == SaleStatus.CANCELLED
        assert rig.proxy.seen[before:before + 2] == ["pass", lost]
        rig.reconnect(till)
        till.engine.sync_once()
        till.engine.sync_once()
        assert rig.card(number)["balance"] == till.balance(number) == 5_000, \
            "the cancelled sale's capture stands"
        assert till.open_holds() == 0 and till.consistent()
        assert [t.status for t in till.checkout.get(sale.id).tenders] != ["RELEASED"]
    finally:
        till.close()


def test_a_reversal_that_gives_money_back_is_allowed_on_an_overdrawn_card(
        led: LedgerEnv) -> None:
    with led.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 1_000}).json()["cards"][0]["number"]

    def offline(amount: int) -> dict[str, object]:
        return {"id": str(uuid.uuid4()), "type": "redeem", "number": number,
                "amount": -amount, "approved_amount": amount, "requested_amount": amount,
                "balance_after": 0, "status_after": "ACTIVE",
                "created_at": "2026-12-01T10:00:00+00:00", "offline": True}

    small = offline(300)
    with led.client("t1") as c:
        c.post("/v1/sync/push", json={"entries": [offline(800)]})
    with led.client("t2") as c:
        c.post("/v1/sync/push", json={"entries": [offline(800), small]})
        assert c.post("/v1/balance", json={"number": number}).json()["balance"] == -900
        r = c.post(f"/v1/entries/{small['id']}/void", json={},
                   headers={"Idempotency-Key": str(uuid.uuid4())})
        assert r.status_code == 200, r.text
        assert r.json()["new_balance"] == -600


def test_a_late_original_waits_for_its_reversal_or_is_reversed(led: LedgerEnv) -> None:
    """The original's transaction is held open (its card row locked by
    another session) while the reversal of its id arrives: the reversal must
    wait for it and void it, never tombstone the id beside an entry that then
    commits."""
    if led.store.dialect != "postgresql":
        pytest.skip("SQLite's BEGIN IMMEDIATE serialises the two already")
    import threading

    from sqlalchemy import text

    with led.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 1_000}).json()["cards"][0]["number"]
    eid = str(uuid.uuid4())
    answers: dict[str, object] = {}

    def send(name: str, path: str, body: dict[str, object], key: str) -> None:
        with led.client("t1") as c:
            answers[name] = c.post(path, json=body, headers={"Idempotency-Key": key}).json()

    def waiting(conn: object) -> int:
        return int(conn.execute(text(  # type: ignore[attr-defined]
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()")).scalar_one())

    with led.store.engine.connect() as blocker, led.store.engine.connect() as watch:
        watch = watch.execution_options(isolation_level="AUTOCOMMIT")
        tx = blocker.begin()
        blocker.execute(text("SELECT 1 FROM cards WHERE number = :n FOR UPDATE"),
                        {"n": number})
        original = threading.Thread(target=send, args=(
            "original", "/v1/cards/loads", {"number": number, "amount": 500}, eid))
        original.start()
        assert _until(lambda: waiting(watch) >= 1)
        reversal = threading.Thread(target=send, args=(
            "reversal", f"/v1/entries/{eid}/void", {"in_doubt": True}, str(uuid.uuid4())))
        reversal.start()
        # With the id's lock the reversal waits too; without it, it finishes.
        assert _until(lambda: waiting(watch) >= 2 or "reversal" in answers)
        tx.rollback()
        original.join(30)
        reversal.join(30)
    with led.store.read() as s:
        applied = s.scalar(select(Entry.seq).where(Entry.id == eid)) is not None
        dead = s.get(Tombstone, eid) is not None
    with led.client("t1") as c:
        balance = c.post("/v1/balance", json={"number": number}).json()["balance"]
    assert dead
    assert answers["reversal"]["outcome"] == "voided"  # type: ignore[index]
    assert applied and balance == 1_000  # applied, then voided: one fate


def _until(cond: object, timeout: float = 20.0) -> bool:
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False
