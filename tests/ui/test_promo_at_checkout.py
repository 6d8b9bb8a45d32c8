"""Promotional value at the till's checkout (issue 17): a card with a
promotional companion (app/shop/promo.py) pays drawing on both in the
configured order, each part an ordinary card tender: held when scanned,
captured at F12, every hold released by F8. The real window offscreen on a
real SQLite store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.checkout.models import SaleView, TenderKind
from app.shop import promo
from app.shop import settings as shop_settings
from app.store.schema import Hold
from tests.ui.conftest import card, press, type_text
from ui.demo import DemoSession


def _give_promo(demo: DemoSession, number: str, amount: int) -> str:
    cards = demo.window.terminal.cards
    cards.run(lambda s: promo.grant(s, number=number, amount=amount,
                                    expires_on=date.today() + timedelta(days=30),
                                    ctx=cards.context, limits=cards.limits, clock=cards.clock))
    return cards.run(lambda s: promo.companions(
        s, promo.find_card(s, number), today=date.today())[0].number)


def _order(demo: DemoSession, order: str) -> None:
    demo.window.terminal.cards.run(lambda s: shop_settings.save(
        s, shop_settings.with_value(shop_settings.load(s), "promo_spend_order", order),
        now=datetime.now(UTC)))


def _card_tenders(sale: SaleView | None) -> list[tuple[str, int]]:
    assert sale is not None
    return [((t.card or "")[-4:], t.amount) for t in sale.tenders
            if t.counts and t.kind == TenderKind.GIFT_CARD]


def _open_holds(demo: DemoSession) -> int:
    with demo.window.terminal.store.read() as s:
        return len([h for h in s.scalars(select(Hold)) if h.state == "OPEN"])


def _item(qtbot: QtBot, demo: DemoSession, price: str) -> None:
    window, ctl = demo.window, demo.window.controller
    type_text(window, price)
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)


def test_promo_first_then_the_card_captured_at_finish(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    cards = window.terminal.cards
    mine = card(demo, "Birthday gift").number  # $50.00
    bonus = _give_promo(demo, mine, 1000)
    _item(qtbot, demo, "30.00")
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        window.card_read("scanner", mine)  # covers the sale: it completes
    done = finished.args[0].sale
    assert _card_tenders(done) == [(bonus[-4:], 1000), (mine[-4:], 2000)]
    assert cards.balance(number=bonus).balance == 0  # captured
    assert cards.balance(number=mine).balance == 3000
    assert _open_holds(demo) == 0


def test_purchased_first_and_cancel_releases_every_hold(qtbot: QtBot,
                                                        demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    cards = window.terminal.cards
    mine = card(demo, "Small balance").number  # $12.40
    bonus = _give_promo(demo, mine, 1000)
    _order(demo, "purchased_first")
    _item(qtbot, demo, "30.00")
    type_text(window, "20.00")  # this card pays $20.00 of it
    window.card_read("scanner", mine)
    qtbot.waitUntil(lambda: not ctl.busy, timeout=5000)
    assert _card_tenders(ctl.sale) == [(mine[-4:], 1240), (bonus[-4:], 760)], \
        window.banner.text
    assert ctl.sale is not None and ctl.sale.remaining_due == 1000
    assert _open_holds(demo) == 2
    press(window, Qt.Key.Key_F8)  # asks first: cards hold money for this sale
    qtbot.waitUntil(lambda: window.banner.has_prompt, timeout=5000)
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ctl.busy and ctl.sale is None, timeout=5000)
    assert _open_holds(demo) == 0
    assert cards.balance(number=mine).balance == 1240
    assert cards.balance(number=bonus).balance == 1000
