"""US federal expiry law on a load a till made offline and pushed later
(issue 17): the ledger extends the card's expiry to five years from the day
of the load (the CARD Act: from issue or the last load), as it does for a load
made online; a card whose expiry is already later, or a card of a store
without the rule, keeps its terms; nothing else changes. A real ledger
(uvicorn on loopback) and a real till store, over SQLite."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.designs.programs import add_months
from app.ops.service import CardService
from app.shop import settings as shop_settings
from app.store.schema import Card, Entry
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal


def _ledger_cards(env: LedgerEnv) -> dict[str, tuple[int, str, date | None, str | None]]:
    with env.store.read() as s:
        return {c.number: (c.balance, c.status, c.expires_on, c.program)
                for c in s.scalars(select(Card))}


def test_an_offline_load_pushed_later_extends_a_federal_expiry(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    with ledger.store.transaction() as s:  # store s1 (till t1) follows the CARD Act
        shop_settings.save(s, shop_settings.with_value(
            shop_settings.load(s), "stores.s1.expiry_law", "us_federal"), now=datetime.now(UTC))
    today = date.today()
    on_ledger = CardService(ledger.store)  # cards sold before the store opted in
    soon, late = today + timedelta(days=400), add_months(today, 72)
    short = on_ledger.issue(amount=1000, expires_on=soon)[0][0].number
    long = on_ledger.issue(amount=1000, expires_on=late)[0][0].number
    never = on_ledger.issue(amount=1000)[0][0].number
    untouched = on_ledger.issue(amount=1000, expires_on=soon)[0][0].number

    till = make_terminal("t1", timeout_s=10.0)  # a loaded machine: no false offline
    for n in (short, long, never):
        till.gateway.balance(number=n)  # seen at this till: in its replica
    till.go_offline()
    # Loaded offline three days ago (a till's offline entry keeps its own
    # time), pushed today: five years count from the load, not the push.
    loaded = datetime.now(UTC) - timedelta(days=3)
    octx = replace(till.ctx(), offline=True, now=loaded, business_date=loaded.date())
    for n in (short, long, never):
        till.cards.load(number=n, amount=500, entry_id=str(uuid.uuid4()), ctx=octx)
    assert till.engine.pending() == 3

    before = _ledger_cards(ledger)
    with ledger.store.read() as s:
        entries = int(s.scalar(select(func.count()).select_from(Entry)) or 0)
    till.monitor.report_success()
    report = till.engine.sync_once()
    assert (report.pushed, report.rejected, report.pending) == (3, 0, 0), report

    after = _ledger_cards(ledger)
    assert after[short] == (1500, "ACTIVE", add_months(loaded.date(), 60), None)
    assert after[long] == (1500, "ACTIVE", late, None)  # already later: kept
    assert after[never] == (1500, "ACTIVE", None, None)  # no expiry: none given
    # Nothing else changed: the other cards as they were, three entries more.
    assert {n: v for n, v in after.items() if n not in (short, long, never)} == {
        n: v for n, v in before.items() if n not in (short, long, never)}
    assert after[untouched] == (1000, "ACTIVE", soon, None)
    with ledger.store.read() as s:
        assert int(s.scalar(select(func.count()).select_from(Entry)) or 0) == entries + 3
    # The till's replica takes the ledger's date at its next look-up, so its
    # offline decisions use it too.
    assert till.gateway.balance(number=short).expires_on == add_months(loaded.date(), 60)
    assert till.cards.balance(number=short).expires_on == add_months(loaded.date(), 60)


def test_a_pushed_load_of_a_store_without_the_rule_keeps_the_terms(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    with ledger.store.transaction() as s:  # only store s2 follows it
        shop_settings.save(s, shop_settings.with_value(
            shop_settings.load(s), "stores.s2.expiry_law", "us_federal"), now=datetime.now(UTC))
    soon = date.today() + timedelta(days=400)
    number = CardService(ledger.store).issue(amount=1000, expires_on=soon)[0][0].number
    till = make_terminal("t1", timeout_s=10.0)  # store s1
    till.gateway.balance(number=number)
    till.go_offline()
    till.cards.load(number=number, amount=500, entry_id=str(uuid.uuid4()),
                    ctx=replace(till.ctx(), offline=True))
    till.monitor.report_success()
    assert till.engine.sync_once().pushed == 1
    assert _ledger_cards(ledger)[number] == (1500, "ACTIVE", soon, None)
