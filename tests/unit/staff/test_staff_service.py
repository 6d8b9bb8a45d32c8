"""Staff accounts, PIN checks with throttling, approvals and the audit trail,
on a real SQLite store with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import AuthError, Forbidden, RateLimited, ValidationError
from app.staff import Role, StaffService, ThrottlePolicy
from app.staff.schema import StaffRow
from app.store.database import Store
from tests.clock import ManualClock
from tests.unit.staff.helpers import cheap_pin_hash


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 29, 9, 0, tzinfo=UTC))


@pytest.fixture
def staff(store: Store, clock: ManualClock) -> StaffService:
    svc = StaffService(store, terminal="till-9", clock=clock,
                       policy=ThrottlePolicy(free_attempts=3, base_lock_s=30, max_lock_s=600),
                       pin_hasher=cheap_pin_hash)
    svc.add(name="Morgan", role="manager", pin="2468")
    svc.add(name="Casey", role=Role.CASHIER, pin="1357")
    return svc


def test_pins_are_hashed_and_names_unique(staff: StaffService, store: Store) -> None:
    with store.read() as s:
        hashes = [r.pin_hash for r in s.query(StaffRow).all()]
    assert all(h.startswith("$argon2") for h in hashes)
    assert not any("2468" in h or "1357" in h for h in hashes)
    with pytest.raises(ValidationError):
        staff.add(name="morgan", role="cashier", pin="1111")
    with pytest.raises(ValidationError):
        staff.add(name="Robin", role="cashier", pin="12")
    assert [p.name for p in staff.members()] == ["Morgan", "Casey"]


def test_wrong_pins_lock_out_with_backoff(staff: StaffService, clock: ManualClock) -> None:
    assert staff.sign_in(name="casey", pin="1357").name == "Casey"
    for left in (2, 1):
        with pytest.raises(AuthError, match=f"{left} more tr"):
            staff.sign_in(name="Casey", pin="0000")
    with pytest.raises(RateLimited, match="locked for 30 seconds"):
        staff.sign_in(name="Casey", pin="0000")
    # While locked even the right PIN is refused.
    with pytest.raises(RateLimited):
        staff.sign_in(name="Casey", pin="1357")
    clock.now += timedelta(seconds=31)
    with pytest.raises(RateLimited, match="locked for 60 seconds"):
        staff.sign_in(name="Casey", pin="9999")  # the lock doubles
    clock.now += timedelta(seconds=61)
    assert staff.sign_in(name="Casey", pin="1357").name == "Casey"
    # A good PIN resets the count: three more free tries.
    for _ in range(2):
        with pytest.raises(AuthError):
            staff.sign_in(name="Casey", pin="0000")


def test_unknown_name_answers_like_a_wrong_pin(staff: StaffService) -> None:
    with pytest.raises(AuthError) as err:
        staff.sign_in(name="Nobody", pin="1234")
    assert "do not match" in err.value.message


def test_approvals_and_audit_trail(staff: StaffService) -> None:
    casey = staff.sign_in(name="Casey", pin="1357")
    morgan = staff.sign_in(name="Morgan", pin="2468")
    # A cashier alone is refused; with the manager's PIN it is approved.
    with pytest.raises(Forbidden) as refused:
        staff.authorize(action="refund", actor=casey)
    assert refused.value.key == "approval_required"
    ok = staff.authorize(action="refund", actor=casey, manager="Morgan", pin="2468",
                         card="6000000000001234", amount=1250, currency="USD")
    assert (ok.asked_by, ok.approved_by) == ("Casey", "Morgan")
    # A manager-only action cannot be approved for a cashier at all.
    with pytest.raises(Forbidden) as only:
        staff.authorize(action="cancel", actor=casey, manager="Morgan", pin="2468")
    assert only.value.key == "manager_only"
    # A cashier cannot approve another cashier; a wrong manager PIN is refused.
    staff.add(name="Robin", role="cashier", pin="8642")
    with pytest.raises(Forbidden):
        staff.authorize(action="adjust", actor=casey, manager="Robin", pin="8642")
    with pytest.raises(AuthError):
        staff.authorize(action="adjust", actor=casey, manager="Morgan", pin="0000")
    assert staff.authorize(action="cancel", actor=morgan).approved_by == "Morgan"

    records, cursor = staff.audit(limit=100)
    assert cursor is None
    kinds = [(r.action, r.outcome, r.actor, r.approver) for r in records]
    assert ("refund", "approved", "Casey", "Morgan") in kinds
    assert ("refund", "refused", "Casey", None) in kinds
    assert ("cancel", "refused", "Casey", None) in kinds
    assert ("adjust", "refused", "Casey", "Robin") in kinds
    assert ("approval", "refused", "Morgan", None) in kinds  # the wrong PIN
    assert ("cancel", "ok", "Morgan", "Morgan") in kinds
    refund = next(r for r in records if r.outcome == "approved")
    assert refund.card == "•••• 1234" and refund.amount == 1250  # masked in the trail
    assert all(r.terminal == "till-9" for r in records)
    # Paging and filters.
    first, nxt = staff.audit(limit=3)
    assert len(first) == 3 and nxt is not None
    rest, _ = staff.audit(limit=100, before=nxt)
    assert [r.id for r in first + rest] == [r.id for r in records]
    mine, _ = staff.audit(person="Robin")
    assert {r.approver for r in mine} | {r.actor for r in mine} >= {"Robin"}


def test_last_manager_cannot_be_disabled(staff: StaffService) -> None:
    with pytest.raises(ValidationError, match="last manager"):
        staff.set_active(name="Morgan", active=False)
    staff.set_active(name="Casey", active=False)
    with pytest.raises(AuthError):
        staff.sign_in(name="Casey", pin="1357")
    staff.set_pin(name="Morgan", pin="97531")
    assert staff.sign_in(name="Morgan", pin="97531").is_manager
