"""Starting the cashier window: see :mod:`ui.composition`, the one place it is
wired (these names stay here for the callers that import them from ui.app)."""

from __future__ import annotations

from ui.composition import close_window, open_window, qt_app

__all__ = ["close_window", "open_window", "qt_app"]
