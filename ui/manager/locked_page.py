"""What the till shows while it is locked: nothing of the sale or the
console, a way back in, and a sink for cards scanned meanwhile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.i18n import tr
from ui.manager.common import button, hint, title


class LockedPage(QWidget):
    def __init__(self, sign_in: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockedPage")
        self.ignored = 0
        head = title(tr("The till is locked"))
        head.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = hint(tr("Sign in with your name and PIN to carry on."))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        go = button(tr("Ctrl+L  Sign in"), sign_in, tone="primary", name="lockedSignIn", height=56)
        go.setFixedWidth(280)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(head)
        outer.addWidget(text)
        outer.addSpacing(16)
        outer.addWidget(go, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def take_card(self, _number: str) -> None:
        """A scan while locked: not a payment, not a lookup."""
        self.ignored += 1
