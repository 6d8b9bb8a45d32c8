"""The online gateway against a real ledger: online answers mirrored locally,
offline decisions within limits, and what is declined offline."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from app.config import OfflineLimits
from app.errors import CardNotFound, Decline, GiftposError
from app.ops.queries import mismatched_balances
from app.store.schema import Entry, Outbox
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, issue, ledger_balance


def _id() -> str:
    return str(uuid.uuid4())


def _outbox(t: Terminal) -> int:
    with t.cards.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Outbox)) or 0)


def test_online_hold_capture_is_decided_by_the_ledger_and_mirrored(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1")
    number = issue(ledger, 5000)
    hold_id = _id()
    held = t.gateway.hold(number=number, amount=3000, partial=False, entry_id=hold_id,
                          ctx=t.ctx(cashier="ann"))
    assert (held.id, held.status, held.new_balance, held.offline) == (hold_id, "HELD", 2000,
                                                                     False)
    cap = t.gateway.capture(hold_id=hold_id, amount=2500, entry_id=_id(), ctx=t.ctx())
    assert cap.new_balance == 2500 and ledger_balance(ledger, number) == 2500
    # The local replica has the card, the same entries, and nothing to send.
    assert t.cards.balance(number=number).balance == 2500
    with t.cards.store.read() as s:
        assert s.scalar(select(Entry.posted_at).where(Entry.id == hold_id)) is not None
        assert mismatched_balances(s) == []
    assert _outbox(t) == 0
    # A retry of the same id answers the same without moving money again.
    again = t.gateway.hold(number=number, amount=3000, partial=False, entry_id=hold_id,
                           ctx=t.ctx())
    assert again.id == hold_id and ledger_balance(ledger, number) == 2500
    # A decline from the ledger is an answer, not a reason to go offline.
    with pytest.raises(Decline) as err:
        t.gateway.redeem(number=number, amount=9000, partial=False, entry_id=_id(),
                         ctx=t.ctx())
    assert err.value.key == "gift_amount_exceeded" and t.monitor.online


def test_offline_spends_within_limits_and_declines_outside(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    limits = OfflineLimits(per_transaction=3000, per_card=4000, per_terminal=6000)
    t = make_terminal("t1", offline=limits)
    a, b, c, never = (issue(ledger, 10_000) for _ in range(4))
    for n in (a, b, c):
        assert t.gateway.balance(number=n).balance == 10_000  # seen online once
    t.go_offline()
    r = t.gateway.redeem(number=a, amount=2500, partial=False, entry_id=_id(), ctx=t.ctx())
    assert r.offline and r.new_balance == 7500 and _outbox(t) == 1
    with pytest.raises(Decline) as e1:  # over the per-transaction limit
        t.gateway.redeem(number=b, amount=3500, partial=False, entry_id=_id(), ctx=t.ctx())
    assert e1.value.key == "offline_limit_exceeded"
    with pytest.raises(Decline) as e2:  # card a has 1500 of its 4000 left
        t.gateway.hold(number=a, amount=2000, partial=False, entry_id=_id(), ctx=t.ctx())
    assert e2.value.key == "offline_limit_exceeded" and "15.00" in e2.value.message
    t.gateway.hold(number=b, amount=3000, partial=False, entry_id=_id(), ctx=t.ctx())
    with pytest.raises(Decline) as e3:  # the till has 500 of its 6000 left
        t.gateway.redeem(number=c, amount=1000, partial=False, entry_id=_id(), ctx=t.ctx())
    assert e3.value.key == "offline_limit_exceeded"
    with pytest.raises(CardNotFound) as e4:
        t.gateway.redeem(number=never, amount=100, partial=False, entry_id=_id(), ctx=t.ctx())
    assert e4.value.key == "card_unknown_offline" and "never" in e4.value.message
    with pytest.raises(GiftposError) as e5:
        t.gateway.load(number=a, amount=100, entry_id=_id(), ctx=t.ctx())
    assert e5.value.key == "ledger_required"
    # Nothing reached the ledger while offline.
    assert ledger_balance(ledger, a) == 10_000


def test_gift_cards_can_be_forbidden_offline(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1", offline=OfflineLimits(allow_gift_cards=False))
    number = issue(ledger, 5000)
    t.gateway.balance(number=number)
    t.go_offline()
    with pytest.raises(Decline) as err:
        t.gateway.hold(number=number, amount=100, partial=False, entry_id=_id(), ctx=t.ctx())
    assert err.value.key == "offline_not_allowed"
    assert t.gateway.balance(number=number).balance == 5000  # still answers from the replica


def test_unreachable_ledger_falls_back_offline_and_flips_the_monitor(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    from app.ledger.runner import free_socket

    number = issue(ledger, 5000)
    online = make_terminal("t1")
    online.gateway.balance(number=number)
    dead = free_socket()  # bound, not listening: connections are refused
    t = make_terminal("t2", url=f"http://127.0.0.1:{dead.getsockname()[1]}")
    t.cards.store.close()
    t.cards.store = online.cards.store  # same till database, unreachable ledger
    r = t.gateway.redeem(number=number, amount=1000, partial=False, entry_id=_id(),
                         ctx=t.ctx())
    assert r.offline and not t.monitor.online
    with t.cards.store.read() as s:  # refused before sending: nothing is in doubt
        from app.sync.schema import InDoubt

        assert s.scalar(select(func.count()).select_from(InDoubt)) == 0
    dead.close()
