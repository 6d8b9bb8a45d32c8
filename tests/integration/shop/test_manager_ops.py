"""Bulk activation of a printed serial range and replacing a lost card, each
with a manager's approval: one action, one audit entry, every card once."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from app.domain import OpContext
from app.errors import GiftposError
from app.ops.service import CardService
from app.shop import manager_ops
from app.staff import StaffService
from app.staff.schema import AuditRow
from app.store.database import open_store
from app.store.schema import Entry
from tests.clock import ManualClock

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)
_cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash


@pytest.fixture
def parts(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'mgr.db'}")
    clock = ManualClock(NOW)
    cards = CardService(store, clock=clock, context=OpContext(terminal="t1", store="s1"))
    staff = StaffService(store, terminal="t1", clock=clock, pin_hasher=_cheap)
    staff.add(name="Mona", role="manager", pin="4821")
    staff.add(name="Cal", role="cashier", pin="1357")
    yield cards, staff
    store.close()


def _audits(cards: CardService, action: str) -> list[AuditRow]:
    with cards.store.read() as s:
        return list(s.scalars(select(AuditRow).where(AuditRow.action == action)))


def _entries(cards: CardService) -> int:
    with cards.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Entry)) or 0)


def test_a_printed_range_is_activated_once_with_one_approval(parts) -> None:
    cards, staff = parts
    printed = sorted(v.number for v, _ in cards.issue(count=12, inactive=True))
    first, last = printed[2], printed[9]
    cal = staff.sign_in(name="Cal", pin="1357")
    with pytest.raises(GiftposError) as e:
        manager_ops.activate_range(cards, staff, first=first, last=last, amount=2500,
                                   manager=None, pin=None, actor=cal)
    assert e.value.key == "approval_required"
    with pytest.raises(GiftposError) as e:
        manager_ops.activate_range(cards, staff, first=first, last=last, amount=2500,
                                   manager="Mona", pin="0000", actor=cal)
    assert e.value.key == "wrong_pin"
    before = _entries(cards)
    rid = str(uuid.uuid4())
    r = manager_ops.activate_range(cards, staff, first=first, last=last, amount=2500,
                                   manager="Mona", pin="4821", actor=cal, request_id=rid)
    assert (r.count, r.approved_by, r.currency) == (8, "Mona", "USD")
    assert _entries(cards) == before + 8
    statuses = {n: cards.balance(number=n) for n in printed}
    assert all(statuses[n].balance == 2500 and statuses[n].status == "ACTIVE"
               for n in printed[2:10])
    assert all(statuses[n].status == "INACTIVE" for n in printed[:2] + printed[10:])
    approved = [a for a in _audits(cards, "bulk_activate") if a.outcome == "approved"]
    assert len(approved) == 1 and approved[0].approver == "Mona" and approved[0].actor == "Cal"
    assert approved[0].amount == 8 * 2500
    again = manager_ops.activate_range(cards, staff, first=first, last=last, amount=2500,
                                       manager="Mona", pin="4821", actor=cal, request_id=rid)
    assert again.replayed and _entries(cards) == before + 8
    # A range overlapping cards already sold is refused whole: nothing moves.
    with pytest.raises(GiftposError) as e:
        manager_ops.activate_range(cards, staff, first=printed[0], last=printed[11],
                                   amount=2500, manager="Mona", pin="4821", actor=cal)
    assert e.value.key == "range_not_inactive"
    assert _entries(cards) == before + 8
    assert len([a for a in _audits(cards, "bulk_activate") if a.outcome == "approved"]) == 1


def test_a_lost_card_is_replaced_in_one_step(parts, monkeypatch, capsys) -> None:
    cards, staff = parts
    lost = cards.issue(amount=3750)[0][0].number
    cards.redeem(number=lost, amount=750)
    cal = staff.sign_in(name="Cal", pin="1357")
    rid = str(uuid.uuid4())
    out = manager_ops.replace_card(cards, staff, number=lost, reason="lost", manager="Mona",
                                   pin="4821", actor=cal, request_id=rid)
    new = out["new_card"]["number"]
    assert out["moved"] == 3000 and out["old_card"] == "•••• " + lost[-4:]
    old = cards.balance(number=lost)
    assert (old.status, old.balance) == ("CANCELLED", 0)
    assert cards.balance(number=new).balance == 3000
    with pytest.raises(GiftposError):
        cards.redeem(number=lost, amount=100)
    again = manager_ops.replace_card(cards, staff, number=lost, reason="lost", manager="Mona",
                                     pin="4821", actor=cal, request_id=rid)
    assert again["replayed"] and again["new_card"]["number"] == new
    assert len([a for a in _audits(cards, "replace_card") if a.outcome == "approved"]) == 1
    from app.cli.main import main

    monkeypatch.setenv("GIFTPOS_DB", cards.store.url)
    other = cards.issue(amount=1000)[0][0].number
    assert main(["card", "replace", other, "--reason", "damaged", "--manager", "Mona",
                 "--pin", "9999", "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "wrong_pin"
    assert cards.balance(number=other).status == "ACTIVE"


def test_cli_activate_range(parts, monkeypatch, capsys) -> None:
    from app.cli.main import main

    cards, _ = parts
    printed = sorted(v.number for v, _ in cards.issue(count=3, inactive=True))
    monkeypatch.setenv("GIFTPOS_DB", cards.store.url)
    assert main(["card", "activate-range", printed[0], printed[-1], "--amount", "20.00",
                 "--manager", "Mona", "--pin", "4821", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["count"], out["total"], out["approved_by"]) == (3, 6000, "Mona")
    assert printed[0] not in json.dumps(out)
    assert main(["card", "activate-range", printed[-1], printed[0], "--manager", "Mona",
                 "--pin", "4821", "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "invalid_range"
