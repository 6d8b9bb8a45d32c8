"""The manager's part of the terminal window: sign-in and the idle lock,
manager approval on the cashier's screen, and the manager console (cards,
reports, audit trail, staff, settings). See docs/manager.md.

:func:`install` adds it to a :class:`ui.main_window.MainWindow`: Ctrl+M opens
the console, Ctrl+L locks the till, and ``window.guard(action, run)`` is the
approval gate the cashier's screens call before a refund or a void.
"""

from __future__ import annotations

from ui.manager.install import Manager, install

__all__ = ["Manager", "install"]
