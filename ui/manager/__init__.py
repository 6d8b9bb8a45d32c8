"""The manager's part of the terminal window: sign-in and the idle lock,
manager approval on the cashier's screen, and the manager console (cards,
reports, audit trail, staff, settings). See docs/manager.md.

ui.composition builds it with the :class:`ui.main_window.MainWindow`: Ctrl+M
opens the console, Ctrl+L locks the till, and the staff session is the
window's approvals gate (``window.guard(action, run)``) the cashier's screens
call before a refund or a void. :func:`install` returns it for a window.
"""

from __future__ import annotations

from ui.manager.install import Manager, header_widgets, install

__all__ = ["Manager", "header_widgets", "install"]
