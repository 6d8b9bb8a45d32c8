"""The demo's embedded ledger. Until app/ledger and app/sync exist, the demo
runs offline only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.config import TerminalConfig
from ui.bridge import EventBridge
from ui.composition import Terminal

log = logging.getLogger(__name__)


def wiring(folder: Path, cfg: TerminalConfig,
           extras: list[Any]) -> Callable[[Terminal, EventBridge], None] | None:
    """A hook for :func:`ui.app.open_window` that connects the terminal to an
    embedded ledger; None when there is none to start."""
    return None
