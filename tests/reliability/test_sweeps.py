"""The timed rules run by themselves (issue 13, item 6): `giftpos ledger
serve` sweeps expired holds and cards every GIFTPOS_SWEEP_S seconds, one
process at a time on PostgreSQL; `giftpos ledger sweep` and `giftpos card
sweep` run one sweep and say what they did; a second sweep changes nothing;
the liability report counts held money."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, update

from app.cli.main import main
from app.domain import Limits, OpContext
from app.ledger import feed
from app.ledger.auth import admin_token, enroll
from app.ledger.service import SWEEP_LOCK, Ledger
from app.ops.service import CardService
from app.ops.sweep import Sweeper, sweep
from app.store.database import open_store
from app.store.schema import Card, Entry, Hold
from tests.integration.ledger.support import migrated_scratch, postgres_url
from tests.reliability.ledger_proc import LedgerProcess


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest) -> Iterator[str]:
    base = postgres_url() if request.param == "postgresql" else None
    with migrated_scratch(base) as url:
        open_store(url).close()
        yield url


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def _until(cond: object, timeout: float = 30.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_ledger_serve_sweeps_by_itself(ledger_url: str) -> None:
    store = open_store(ledger_url)
    admin = admin_token(store)
    token = enroll(store, store_id="s1", name="t1")
    env = {"GIFTPOS_SWEEP_S": "0.5", "GIFTPOS_HOLD_TTL_S": "1"}
    try:
        with LedgerProcess(ledger_url, env=env) as led:
            head = {"Authorization": f"Bearer {admin}"}
            cards = [c["number"] for c in httpx.post(
                f"{led.url}/v1/cards", json={"count": 2, "amount": 5_000}, headers=head,
                timeout=30).json()["cards"]]
            with store.transaction() as s:  # the second card's date has passed
                s.execute(update(Card).where(Card.number == cards[1])
                          .values(expires_on=date.today() - timedelta(days=2)))
            r = httpx.post(f"{led.url}/v1/cards/redemptions",
                           json={"number": cards[0], "amount": 1_200, "capture": False},
                           headers={"Authorization": f"Bearer {token}",
                                    "Idempotency-Key": str(uuid.uuid4())}, timeout=30)
            assert r.status_code == 200 and r.json()["status"] == "HELD"

            def swept() -> bool:
                with store.read() as s:
                    states = list(s.scalars(select(Hold.state)))
                    status = s.scalar(select(Card.status).where(Card.number == cards[1]))
                return states == ["EXPIRED"] and status == "EXPIRED"

            assert _until(swept), "the ledger did not sweep by itself"
    finally:
        with store.read() as s:
            balances = dict(s.execute(select(Card.number, Card.balance)).all())
            expiries = s.scalar(select(func.count()).select_from(Entry).where(
                Entry.type == "expire"))
        store.close()
    assert balances == {cards[0]: 5_000, cards[1]: 0} and expiries == 1


def test_ledger_sweep_and_card_sweep_say_what_they_did_and_change_nothing_twice(
        ledger_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for where, args in (("ledger", ("ledger", "sweep", "--db", ledger_url)),
                        ("till", ("card", "sweep"))):
        url = ledger_url if where == "ledger" else f"sqlite:///{tmp_path / 'till.db'}"
        monkeypatch.setenv("GIFTPOS_DB", url)
        store = open_store(url)
        svc = CardService(store, limits=Limits(hold_ttl_s=60))
        (a, _), (b, _) = svc.issue(count=2, amount=5_000,
                                   expires_on=date.today() + timedelta(days=400))
        svc.hold(number=a.number, amount=700)
        with store.transaction() as s:
            s.execute(update(Card).where(Card.number == b.number)
                      .values(expires_on=date.today() - timedelta(days=1)))
            s.execute(update(Hold).values(expires_at=time_now() - timedelta(minutes=5)))
        if where == "ledger":
            with store.read() as s:
                row, = feed.liability(s)["rows"]
            assert (row["outstanding"], row["held"], row["owed"]) == (9_300, 700, 10_000)
        store.close()
        first = _run(capsys, *args)
        second = _run(capsys, *args)
        assert first == {"holds_released": 1, "cards_expired": 1, "skipped": False}, where
        assert second == {"holds_released": 0, "cards_expired": 0, "skipped": False}, where
        store = open_store(url)
        with store.read() as s:
            assert dict(s.execute(select(Card.number, Card.balance)).all()) == {
                a.number: 5_000, b.number: 0}
        store.close()


def test_one_ledger_process_sweeps_at_a_time() -> None:
    with migrated_scratch(postgres_url()) as url:
        store = open_store(url)
        try:
            ledger = Ledger(store)
            with store.engine.connect() as other:  # another process is sweeping
                assert other.execute(select(func.pg_try_advisory_lock(SWEEP_LOCK))).scalar()
                assert ledger.sweep().skipped
                other.execute(select(func.pg_advisory_unlock(SWEEP_LOCK)))
                other.commit()
            assert not ledger.sweep().skipped
        finally:
            store.close()


def test_a_sweeper_thread_sweeps_the_till_store(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'till.db'}")
    svc = CardService(store, limits=Limits(hold_ttl_s=60),
                      context=OpContext(terminal="t1", store="s1"))
    (a, _), = svc.issue(amount=5_000)
    svc.hold(number=a.number, amount=700)
    with store.transaction() as s:
        s.execute(update(Hold).values(expires_at=time_now() - timedelta(minutes=5)))
    sweeper = Sweeper(lambda: sweep(svc), interval_s=0.2).start()
    try:
        assert _until(lambda: svc.balance(number=a.number).balance == 5_000
                      and sweeper.last is not None)
    finally:
        sweeper.stop()
        store.close()
    assert sweeper.rounds >= 1


def time_now():  # type: ignore[no-untyped-def]
    from app.clock import utcnow

    return utcnow()


def test_the_running_terminal_sweeps_its_own_store(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminal as the window builds it (ui.terminal_parts.build_terminal,
    no Qt): once started, it releases an expired hold by itself, off any
    thread of the caller's."""
    from app.config import load_config
    from ui.terminal_parts import build_terminal

    monkeypatch.setenv("GIFTPOS_SWEEP_S", "0.2")
    path = tmp_path / "terminal.toml"
    path.write_text(f'terminal_id = "till-9"\ndb_url = "sqlite:///{tmp_path / "till.db"}"\n',
                    encoding="utf-8")
    cfg = load_config(path)
    assert cfg is not None
    terminal = build_terminal(cfg, on_device_event=lambda _e: None)
    try:
        (a, _), = terminal.cards.issue(amount=5_000)
        terminal.cards.hold(number=a.number, amount=700)
        with terminal.store.transaction() as s:
            s.execute(update(Hold).values(expires_at=time_now() - timedelta(minutes=5)))
        terminal.start_sync()
        sweeper = terminal.sweeper
        assert sweeper is not None
        assert _until(lambda: terminal.cards.balance(number=a.number).balance == 5_000
                      and sweeper.rounds >= 1)
    finally:
        terminal.close()
