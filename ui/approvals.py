"""The gate the cashier's screens go through before a guarded action (a
refund, a void). Until ui.composition plugs the staff session in, the till
runs unattended and the action simply goes ahead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Gate(Protocol):
    def guard(self, action: str, run: Callable[[], object]) -> None: ...


class Approvals:
    """``manager`` is the manager's part of the till (ui.manager.Manager) once
    the composition root has built it; ``gate`` answers each request."""

    def __init__(self) -> None:
        self.gate: Gate | None = None
        self.manager: Any = None

    def guard(self, action: str, run: Callable[[], object]) -> None:
        if self.gate is None:
            run()
        else:
            self.gate.guard(action, run)
