"""Manager-approved card jobs at a till with a ledger (issue 17): a printed
serial range is activated on the ledger, where the printed cards are (all or
nothing, every card once), and a lost card is cancelled and its balance moved
to a new card there, each after the till's manager approval; the till's own
store is not where they happen. A real ledger (uvicorn on loopback) over
SQLite, and PostgreSQL where GIFTPOS_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from app.errors import GiftposError
from app.shop import manager_ops
from app.staff import StaffService
from app.staff.repairs import CardRepairs
from app.staff.schema import AuditRow
from app.store.schema import Card
from app.sync.client import LedgerClient
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal

_cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash


@pytest.fixture
def manager_client(ledger: LedgerEnv) -> Iterator[LedgerClient]:
    """What ledger_for_repairs gives a till with a manager token configured."""
    with LedgerClient(ledger.url, ledger.manager("mona", "s1"), timeout_s=5.0) as client:
        yield client


def _ledger_cards(env: LedgerEnv, numbers: list[str]) -> list[tuple[str, int]]:
    with env.store.read() as s:
        rows = {c.number: (str(c.status), c.balance) for c in s.scalars(
            select(Card).where(Card.number.in_(numbers)))}
    return [rows[n] for n in numbers]


def _staff(till: Terminal) -> StaffService:
    staff = StaffService(till.cards.store, terminal=till.name, pin_hasher=_cheap)
    staff.add(name="Mona", role="manager", pin="4821")
    return staff


@pytest.mark.parametrize("ledger", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgres)],
                         indirect=True)
def test_a_printed_range_is_activated_on_the_ledger(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal],
        manager_client: LedgerClient) -> None:
    with ledger.client("admin") as api:  # printed at head office
        r = api.post("/v1/cards", json={"count": 6, "inactive": True, "prefix": "990"})
        assert r.status_code == 200, r.text
        printed = sorted(c["number"] for c in r.json()["cards"])
    till = make_terminal("t1", timeout_s=10.0)  # a loaded machine: no false offline
    staff = _staff(till)
    first, last = printed[1], printed[4]
    rid = str(uuid.uuid4())
    done = manager_ops.activate_range(till.cards, staff, first=first, last=last,
                                      amount=2500, manager="Mona", pin="4821",
                                      request_id=rid, ledger=manager_client)
    assert (done.count, done.amount_each, done.approved_by) == (4, 2500, "Mona")
    assert _ledger_cards(ledger, printed) == (
        [("INACTIVE", 0)] + [("ACTIVE", 2500)] * 4 + [("INACTIVE", 0)])
    again = manager_ops.activate_range(till.cards, staff, first=first, last=last,
                                       amount=2500, manager="Mona", pin="4821",
                                       request_id=rid, ledger=manager_client)
    assert again.count == 4
    assert _ledger_cards(ledger, printed)[1:5] == [("ACTIVE", 2500)] * 4  # once
    # A range with a sold card in it: nothing is activated.
    with pytest.raises(GiftposError) as refused:
        manager_ops.activate_range(till.cards, staff, first=printed[0], last=printed[5],
                                   amount=1000, manager="Mona", pin="4821",
                                   ledger=manager_client)
    assert refused.value.key == "range_not_inactive"
    assert _ledger_cards(ledger, [printed[0], printed[5]]) == [("INACTIVE", 0)] * 2
    with till.cards.store.read() as s:  # approved here, one audit entry a request
        audits = s.scalars(select(AuditRow).where(AuditRow.action == "bulk_activate")).all()
    assert len(audits) == 3 and all(a.approver == "Mona" for a in audits)


def test_a_lost_card_is_replaced_on_the_ledger(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal],
        manager_client: LedgerClient) -> None:
    till = make_terminal("t1", timeout_s=10.0)  # a loaded machine: no false offline
    number = till.gateway.issue(amount=6000, currency="USD", entry_id=str(uuid.uuid4()),
                                ctx=till.ctx())[0][0].number
    out = manager_ops.replace_card(till.cards, _staff(till), number=number, reason="lost",
                                   manager="Mona", pin="4821",
                                   repairs=CardRepairs(till.cards, ledger=manager_client))
    new = out["new_card"]["number"]
    assert (out["moved"], out["approved_by"]) == (6000, "Mona")
    assert _ledger_cards(ledger, [number, new]) == [("CANCELLED", 0), ("ACTIVE", 6000)]
    # The lost card spends nowhere now; the new one does, at any till.
    with pytest.raises(GiftposError):
        till.gateway.redeem(number=number, amount=100, partial=False,
                            entry_id=str(uuid.uuid4()), ctx=till.ctx())
    paid = till.gateway.redeem(number=new, amount=1000, partial=False,
                               entry_id=str(uuid.uuid4()), ctx=till.ctx())
    assert paid.new_balance == 5000 and not paid.offline
