"""The "Card jobs" tab in the real manager console (offscreen): a printed
range activated, a lost card replaced, a small balance paid out, each with
one audit entry."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.cardnumbers import CodeConfig
from app.shop import settings as shop_settings
from app.staff.schema import AuditRow
from ui.demo import build_demo
from ui.manager import Manager, install
from ui.manager.card_jobs_tab import CardJobsTab


def test_range_replace_and_cashout_from_the_console(qtbot: QtBot, tmp_path: Path) -> None:
    demo = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False,
                      shell_scanner=False, panel=False)
    try:
        window = demo.window
        window.show()
        qtbot.waitExposed(window)
        existing = getattr(window, "manager", None)
        manager = existing if isinstance(existing, Manager) else install(
            window, config_path=tmp_path / "terminal.toml")
        console = manager.open_console()  # no staff yet: an unattended till
        tab = console.card_jobs
        assert isinstance(tab, CardJobsTab)
        cards = window.terminal.cards
        # A printed batch: its own prefix, so no demo card falls inside the range.
        batch = CodeConfig(prefix="99", length=16)
        printed = sorted(v.number for v, _ in cards.issue(count=4, inactive=True, config=batch))
        console.show_tab("card_jobs")
        tab.first.setText(printed[0])
        tab.last.setText(printed[2])
        tab.amount.setText("15.00")
        tab.activate_btn.click()
        qtbot.waitUntil(lambda: tab.result.text() != "", timeout=10_000)
        assert tab.result.text().startswith("Activated"), tab.result.text()
        assert "3 cards" in tab.result.text()
        assert [cards.balance(number=n).balance for n in printed] == [1500, 1500, 1500, 0]

        tab.lost.setText(printed[0])
        tab.reason.setCurrentText("damaged")
        tab.replace_btn.click()
        qtbot.waitUntil(lambda: "moved to the new card" in tab.result.text(), timeout=10_000)
        assert cards.balance(number=printed[0]).status == "CANCELLED"

        with cards.store.transaction() as s:
            cfg = shop_settings.with_value(shop_settings.load(s), "default_store.cashout_threshold",
                                           "2000")
            shop_settings.save(s, cfg, now=cards.clock())
        tab.payout.setText(printed[1])
        tab.cashout_btn.click()
        qtbot.waitUntil(lambda: tab.result.text().startswith("Pay out $15.00"), timeout=10_000)
        assert cards.balance(number=printed[1]).balance == 0
        with cards.store.read() as s:
            actions = [a.action for a in s.scalars(select(AuditRow).where(AuditRow.action.in_(
                ["bulk_activate", "replace_card", "cashout"])))]
        assert sorted(actions) == ["bulk_activate", "cashout", "replace_card"]
    finally:
        demo.close()
