"""The two PIN prompts: signing in (also the idle lock's way back in) and a
manager's approval on the cashier's screen. They only collect a name and a
PIN; :class:`ui.manager.session.StaffSession` checks them off the GUI
thread and says what went wrong through the banner."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.staff import StaffView
from ui.i18n import tr
from ui.manager.common import button, hint, title


class _PinDialog(QDialog):
    """``submitted(name, pin)`` when the person presses Enter or the button."""

    submitted = Signal(str, str)

    def __init__(self, heading: str, explain: str, people: Sequence[StaffView], *,
                 action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setModal(True)
        self.setWindowTitle(heading)
        self.setMinimumWidth(460)
        self.names = QComboBox()
        self.names.setObjectName("pinName")
        self.names.setMinimumHeight(44)
        for p in people:
            self.names.addItem(f"{p.name}  ·  {p.role}", p.name)
        self.pin = QLineEdit()
        self.pin.setObjectName("pinEntry")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QIntValidator(0, 99_999_999, self))
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(tr("PIN"))
        self.pin.returnPressed.connect(self.submit)
        self.problem = QLabel("")
        self.problem.setObjectName("pinProblem")
        self.problem.setWordWrap(True)
        self.ok = button(action, self.submit, tone="primary", name="pinSubmit", height=52)
        self.cancel_btn = button(tr("Esc  Cancel"), self.reject, name="pinCancel", height=52)
        form = QFormLayout()
        form.addRow(tr("Name"), self.names)
        form.addRow(tr("PIN"), self.pin)
        row = QHBoxLayout()
        row.addWidget(self.cancel_btn)
        row.addWidget(self.ok, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 24)
        outer.setSpacing(14)
        outer.addWidget(title(heading))
        self.explain = hint(explain)
        outer.addWidget(self.explain)
        outer.addLayout(form)
        outer.addWidget(self.problem)
        outer.addLayout(row)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, name: str) -> None:
        i = self.names.findData(name)
        if i >= 0:
            self.names.setCurrentIndex(i)

    def submit(self) -> None:
        name = self.names.currentData()
        if name is None or not self.pin.text():
            self.problem.setText(tr("Choose a name and type the PIN."))
            return
        self.ok.setEnabled(False)
        self.submitted.emit(str(name), self.pin.text())

    def refused(self, text: str) -> None:
        """The PIN was wrong (or locked): clear it and let them try again."""
        self.problem.setText(text)
        self.pin.clear()
        self.ok.setEnabled(True)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)


class SignInDialog(_PinDialog):
    """Sign in. ``required``: the till is locked, so it cannot be dismissed."""

    def __init__(self, people: Sequence[StaffView], *, required: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("Sign in"), tr("Choose your name and type your PIN.")
                         + (" " + tr("The till is locked until someone signs in.")
                            if required else ""),
                         people, action=tr("Enter  Sign in"), parent=parent)
        self.setObjectName("signInDialog")
        self.required = required
        self.cancel_btn.setVisible(not required)

    def reject(self) -> None:
        if not self.required:
            super().reject()


class ApprovalDialog(_PinDialog):
    """A manager approves ``what`` for ``asked_by`` on the cashier's screen."""

    def __init__(self, what: str, asked_by: str | None, managers: Sequence[StaffView], *,
                 parent: QWidget | None = None) -> None:
        who = (tr("{who} asks to {what}.").format(who=asked_by, what=tr(what)) if asked_by
               else tr("Approval to {what}.").format(what=tr(what)))
        super().__init__(tr("Manager approval"),
                         who + " " + tr("A manager types their PIN to approve."),
                         managers, action=tr("Enter  Approve"), parent=parent)
        self.setObjectName("approvalDialog")
