"""A ledger that stops answering: the screen keeps working and the sale goes
offline within the client's timeout. Real ledger (uvicorn on loopback), real
fault proxy between it and the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import card, press, type_text
from tests.ui.hangproxy import HangProxy
from tests.ui.windows import show_for_typing
from ui.demo import DemoSession, build_demo

TIMEOUT_S = 0.5


@pytest.fixture
def online_demo(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[DemoSession, HangProxy]]:
    proxies: list[HangProxy] = []

    def through_proxy(url: str) -> str:
        parts = urlsplit(url)
        proxy = HangProxy((parts.hostname or "127.0.0.1", parts.port or 80))
        proxies.append(proxy)
        return proxy.url

    session = build_demo(data_dir=tmp_path, shell_scanner=False, ledger_url=through_proxy,
                         ledger_timeout_s=TIMEOUT_S)
    window = session.window
    show_for_typing(qtbot, window, (1366, 768))
    try:
        yield session, proxies[0]
    finally:
        session.close()
        for p in proxies:
            p.close()


def test_hanging_ledger_sale_goes_offline_screen_stays_live(
        qtbot: QtBot, online_demo: tuple[DemoSession, HangProxy]) -> None:
    demo, proxy = online_demo
    window, ctl = demo.window, demo.window.controller
    assert window.terminal.sync is not None
    qtbot.waitUntil(lambda: window.bridge.sync_status.online, timeout=10000)
    assert "Ledger online" in window.status.ledger.text()
    birthday = card(demo, "Birthday gift")
    # Seen online once, the card is in the terminal's replica for offline use.
    with qtbot.waitSignal(ctl.balance_ready, timeout=5000):
        window.check_balance(birthday.number)
    window.show_checkout()
    type_text(window, "10.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)

    said: list[str] = []
    window.banner.shown.connect(lambda _level, text: said.append(text))
    proxy.hang()  # requests arrive, answers never come
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    try:
        with qtbot.waitSignal(ctl.sale_finished, timeout=10_000) as done:
            window.checkout.card_input(birthday.number)
            # While the call waits on the ledger, the GUI keeps going.
            qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=2000)
            QTest.keyClicks(window.checkout.entry, "42")
            assert window.checkout.entry.text() == "42"
    finally:
        timer.stop()
    sale = done.args[0].sale
    [tender] = [t for t in sale.tenders if t.counts]
    assert tender.offline
    qtbot.waitUntil(lambda: not window.bridge.sync_status.online, timeout=5000)
    assert "Offline" in window.status.ledger.text()
    assert any("working offline" in text for text in said)
    qtbot.waitUntil(lambda: window.bridge.sync_status.pending >= 1, timeout=5000)
    assert "waiting to sync" in window.status.pending.text()
