"""Card operations against a real SQLite file."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain import CardStatus, Limits, OpContext
from app.errors import CardNotFound, Conflict, Decline, ValidationError
from app.ops import queries
from app.ops.service import CardService
from app.store.database import Store
from tests.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 29, 12, 0, tzinfo=UTC))


@pytest.fixture
def svc(store: Store, clock: ManualClock) -> CardService:
    return CardService(store, limits=Limits(max_balance=50_000, hold_ttl_s=600), clock=clock)


def card(svc: CardService, amount: int = 5000, **kw: object) -> str:
    (view, _), = svc.issue(amount=amount, **kw)  # type: ignore[arg-type]
    return view.number


def assert_books(svc: CardService) -> None:
    with svc.store.read() as s:
        assert queries.mismatched_balances(s) == []


def test_redeem_exact_and_partial(svc: CardService) -> None:
    n = card(svc, 5000)
    r = svc.redeem(number=n, amount=2000)
    assert (r.amount, r.previous_balance, r.new_balance, r.partial) == (2000, 5000, 3000, False)
    p = svc.redeem(number=n, amount=4500, partial=True)
    assert (p.amount, p.remaining_due, p.partial, p.new_balance) == (3000, 1500, True, 0)
    assert p.card_status == CardStatus.REDEEMED
    # A card spent to zero can be reloaded and is active again.
    load = svc.load(number=n, amount=1000)
    assert load.card_status == CardStatus.ACTIVE and load.new_balance == 1000
    assert_books(svc)


def test_partial_off_declines_and_changes_nothing(svc: CardService) -> None:
    n = card(svc, 1000)
    with pytest.raises(Decline) as exc:
        svc.redeem(number=n, amount=1500, partial=False)
    assert exc.value.key == "gift_amount_exceeded"
    assert n not in exc.value.message and n[-4:] in (exc.value.details or "")
    assert svc.balance(number=n).balance == 1000
    _, entries, _ = svc.history(number=n)
    assert [e.type for e in entries] == ["issue"]


def test_replaying_an_id_changes_nothing_and_answers_the_same(svc: CardService) -> None:
    n = card(svc, 5000)
    eid = str(uuid.uuid4())
    first = svc.redeem(number=n, amount=700, entry_id=eid)
    again = svc.redeem(number=n, amount=700, entry_id=eid)
    assert again == first
    assert svc.balance(number=n).balance == 4300
    with pytest.raises(Conflict):
        svc.redeem(number=n, amount=800, entry_id=eid)


def test_hold_capture_release(svc: CardService) -> None:
    n = card(svc, 5000)
    h = svc.hold(number=n, amount=3000)
    assert h.status == "HELD" and svc.balance(number=n).balance == 2000
    c = svc.capture(hold_id=h.id, amount=2500)
    assert c.amount == 2500 and c.new_balance == 2500
    with pytest.raises(Decline) as exc:
        svc.capture(hold_id=h.id)
    assert exc.value.key == "hold_not_open"
    h2 = svc.hold(number=n, amount=1000)
    with pytest.raises(Decline) as exc:
        svc.capture(hold_id=h2.id, amount=1001)
    assert exc.value.key == "capture_exceeds_hold"
    rel = svc.release(hold_id=h2.id)
    assert rel.new_balance == 2500
    assert_books(svc)


def test_expired_holds_free_their_funds(svc: CardService, clock: ManualClock) -> None:
    n = card(svc, 1000)
    svc.hold(number=n, amount=1000)
    with pytest.raises(Decline):
        svc.redeem(number=n, amount=500)
    clock.now += timedelta(seconds=601)
    # The hold ran out: the redemption finds the funds free again.
    assert svc.redeem(number=n, amount=500).new_balance == 500
    h = svc.hold(number=n, amount=200)
    clock.now += timedelta(seconds=601)
    assert svc.release_expired_holds() == 1
    with pytest.raises(Decline):
        svc.capture(hold_id=h.id)
    assert svc.balance(number=n).balance == 500
    assert_books(svc)


def test_refund_never_more_than_taken(svc: CardService) -> None:
    n = card(svc, 5000)
    r = svc.redeem(number=n, amount=3000)
    svc.refund(original_id=r.id, amount=1000)
    with pytest.raises(Decline) as exc:
        svc.refund(original_id=r.id, amount=2001)
    assert exc.value.key == "refund_exceeds_original"
    rest = svc.refund(original_id=r.id)
    assert rest.amount == 2000 and rest.new_balance == 5000
    with pytest.raises(Decline):
        svc.refund(original_id=r.id, amount=1)
    assert_books(svc)


def test_void_once(svc: CardService) -> None:
    n = card(svc, 5000)
    r = svc.redeem(number=n, amount=1200)
    v = svc.void(original_id=r.id)
    assert v.new_balance == 5000
    with pytest.raises(Decline) as exc:
        svc.void(original_id=r.id)
    assert exc.value.key == "already_voided"
    # A voided redemption cannot also be refunded.
    with pytest.raises(Decline):
        svc.refund(original_id=r.id, amount=1)
    load = svc.load(number=n, amount=1000)
    svc.redeem(number=n, amount=5500)
    with pytest.raises(Decline) as exc:
        svc.void(original_id=load.id)  # the loaded money is spent already
    assert exc.value.key == "void_not_possible"
    assert_books(svc)


def test_statuses(svc: CardService) -> None:
    n = card(svc, 5000)
    svc.change_status(number=n, action="freeze", reason="lost")
    with pytest.raises(Decline) as exc:
        svc.redeem(number=n, amount=100)
    assert exc.value.key == "card_frozen"
    svc.change_status(number=n, action="unfreeze")
    assert svc.redeem(number=n, amount=100).new_balance == 4900
    svc.change_status(number=n, action="cancel")
    with pytest.raises(Decline) as exc:
        svc.load(number=n, amount=100)
    assert exc.value.key == "card_cancelled"
    inactive = card(svc, 2500, inactive=True)
    with pytest.raises(Decline) as exc:
        svc.redeem(number=inactive, amount=100)
    assert exc.value.key == "card_inactive"
    a = svc.activate(number=inactive)
    assert a.card_status == CardStatus.ACTIVE and a.new_balance == 2500


def test_expiry_and_reactivation(svc: CardService, clock: ManualClock) -> None:
    n = card(svc, 3000, expires_on=date(2026, 11, 29))
    clock.now += timedelta(days=1)
    with pytest.raises(Decline) as exc:
        svc.redeem(number=n, amount=100)
    assert exc.value.key == "card_expired"
    assert svc.expire_due() == 1
    assert svc.expire_due() == 0
    view = svc.balance(number=n)
    assert view.status == CardStatus.EXPIRED and view.balance == 0
    back = svc.activate(number=n)
    assert back.new_balance == 3000
    assert_books(svc)


def test_load_limit_and_currency(svc: CardService) -> None:
    n = card(svc, 49_000)
    with pytest.raises(Decline) as exc:
        svc.load(number=n, amount=2000)
    assert exc.value.key == "balance_limit_exceeded"
    with pytest.raises(Decline) as exc:
        svc.redeem(number=n, amount=100, currency="EUR")
    assert exc.value.key == "currency_mismatch"


def test_adjust_needs_reason_and_stays_above_zero(svc: CardService) -> None:
    n = card(svc, 1000)
    with pytest.raises(ValidationError):
        svc.adjust(number=n, amount=-100, reason=" ")
    with pytest.raises(Decline):
        svc.adjust(number=n, amount=-1001, reason="miscount")
    r = svc.adjust(number=n, amount=-250, reason="miscount")
    assert r.new_balance == 750
    _, entries, _ = svc.history(number=n)
    assert entries[0].reason == "miscount"


def test_transfer_and_combine(svc: CardService) -> None:
    a, b, c = card(svc, 1000), card(svc, 2000), card(svc, 300)
    t = svc.transfer(number=a, deactivate_source=True)
    new = t.related["new_card"]
    assert new["balance"] == 1000 and t.card_status == CardStatus.CANCELLED
    assert svc.balance(number=new["number"]).balance == 1000
    eid = str(uuid.uuid4())
    comb = svc.combine(sources=[c, new["number"]], target=b, entry_id=eid)
    assert comb.new_balance == 3300
    assert svc.combine(sources=[c, new["number"]], target=b, entry_id=eid) == comb
    assert svc.balance(number=c).status == CardStatus.COMBINED
    with pytest.raises(Decline) as exc:
        svc.redeem(number=c, amount=1)
    assert exc.value.key == "card_combined"
    assert_books(svc)


def test_balance_by_key_exactly_one(svc: CardService) -> None:
    (view, key), = svc.issue(amount=1500, with_key=True)
    assert key is not None
    assert svc.balance(key=key).number == view.number
    assert svc.balance(number=view.number, key=key).balance == 1500
    with pytest.raises(ValidationError) as exc:
        svc.balance()
    assert exc.value.key == "number_or_key"
    with pytest.raises(CardNotFound):
        svc.balance(key="00000000")
    with pytest.raises(CardNotFound):  # a key is checked against its card
        svc.balance(number=view.number, key="00000000")
    # The key is stored only as a keyed hash.
    with svc.store.read() as s:
        from sqlalchemy import text
        stored = s.execute(text("SELECT key_hash FROM cards")).scalar_one()
    assert key not in stored and len(stored) == 64


def test_history_pages(svc: CardService) -> None:
    n = card(svc, 10_000)
    for _ in range(7):
        svc.redeem(number=n, amount=100)
    _, page1, cursor = svc.history(number=n, limit=5)
    assert len(page1) == 5 and cursor is not None
    _, page2, cursor2 = svc.history(number=n, limit=5, after=cursor)
    assert len(page2) == 3 and cursor2 is None
    assert {e.id for e in page1}.isdisjoint({e.id for e in page2})


def test_bulk_issue_unique_and_inactive(svc: CardService) -> None:
    cards = svc.issue(count=200, amount=500, inactive=True)
    numbers = {v.number for v, _ in cards}
    assert len(numbers) == 200
    assert all(v.status == CardStatus.INACTIVE for v, _ in cards)


def test_entries_record_who_and_when(svc: CardService) -> None:
    n = card(svc, 1000)
    ctx = OpContext(terminal="till-9", store="s-2", cashier="ana", sale_id=str(uuid.uuid4()),
                    business_date=date(2026, 11, 28))
    r = svc.redeem(number=n, amount=100, ctx=ctx)
    _, entries, _ = svc.history(number=n)
    e = next(e for e in entries if e.id == r.id)
    assert (e.terminal, e.store, e.cashier, e.sale_id, e.business_date) == (
        "till-9", "s-2", "ana", ctx.sale_id, date(2026, 11, 28))
