"""Card designs for managers: programs, covers, issuing from a program, and
the print-card dialog (PNG, PDF, receipt printer)."""

from __future__ import annotations

from typing import Any

from app.designs.service import DesignService
from ui.designs.print_dialog import PrintCardDialog
from ui.designs.screen import DesignsScreen

__all__ = ["DesignsScreen", "PrintCardDialog", "screen_for"]

TAB = "designs"


def screen_for(window: Any) -> DesignsScreen:
    """The screen for a cashier window: services from its terminal, calls on
    its worker, problems and notices in its banner."""
    terminal = window.terminal
    from ui.money import MoneyFormat

    money = MoneyFormat(terminal.config.currency, terminal.config.locale)
    # A ledger-backed till lists the ledger's programs and issues on the ledger.
    gateway = terminal.gateway if terminal.sync is not None else None
    screen = DesignsScreen(DesignService(terminal.store, terminal.cards, gateway=gateway),
                           window.worker, money, printer=lambda: terminal.printer)
    screen.problem.connect(window.show_problem)
    screen.notice.connect(lambda text, step: window.banner.success(text, step))
    return screen
