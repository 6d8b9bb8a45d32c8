"""Staff accounts: who works here, their role, lock state; add someone, set
a new PIN (which also lifts a lock-out), disable an account."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.staff import StaffService, StaffView
from ui.i18n import tr
from ui.manager.common import button, fill, heading, hint, table, title
from ui.manager.session import StaffSession
from ui.wording import explain
from ui.worker import Worker


class StaffScreen(QWidget):
    """``changed()`` after the list reloads."""

    changed = Signal()

    def __init__(self, staff: StaffService, *, session: StaffSession, worker: Worker,
                 banner: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffScreen")
        self.staff = staff
        self.session = session
        self.worker = worker
        self.banner = banner
        self.people: list[StaffView] = []
        self.view = table((tr("Name"), tr("Role"), tr("State"), tr("Last sign-in")), "staffTable",
                          stretch=0)
        self.name = QLineEdit()
        self.name.setObjectName("staffName")
        self.role = QComboBox()
        self.role.setObjectName("staffRole")
        self.role.addItem(tr("Cashier"), "cashier")
        self.role.addItem(tr("Manager"), "manager")
        self.role_note = QLabel("")
        self.role_note.setObjectName("staffRoleNote")
        self.role_note.setWordWrap(True)
        self._first_manager(True)  # until the list says otherwise
        self.pin = QLineEdit()
        self.pin.setObjectName("staffPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QIntValidator(0, 99_999_999, self))
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(tr("4 to 8 digits"))
        form_box = QFrame()
        form_box.setObjectName("balancePanel")
        form = QFormLayout(form_box)
        form.setContentsMargins(20, 16, 20, 16)
        form.addRow(heading(tr("Add someone or set a PIN")))
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Role"), self.role)
        form.addRow("", self.role_note)
        form.addRow(tr("PIN"), self.pin)
        row = QHBoxLayout()
        row.addWidget(button(tr("Add"), self.add, tone="primary", name="staffAdd"))
        row.addWidget(button(tr("Set PIN"), self.set_pin, name="staffSetPin"))
        row.addWidget(button(tr("Disable"), self.disable, tone="danger", name="staffDisable"))
        form.addRow(row)
        form_box.setFixedWidth(420)
        self.view.itemSelectionChanged.connect(self._picked)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(form_box)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addWidget(title(tr("Staff")))
        outer.addWidget(hint(tr("Cashiers sell and look cards up; refunds, voids, adjustments "
                             "and freezing need a manager's PIN; the rest of this console is "
                             "for managers. Three wrong PINs in a row lock an account for a "
                             "while, longer each time.")))
        outer.addLayout(body, 1)

    def _fail(self, exc: BaseException) -> None:
        self.banner.error(explain(exc))  # type: ignore[attr-defined]

    def reload(self) -> None:
        self.worker.submit(lambda: self.staff.members(include_inactive=True),
                           on_ok=self._show, on_err=self._fail, label="staff_members")

    def _show(self, people: list[StaffView]) -> None:
        self.people = people
        rows = []
        for p in people:
            state = tr("active") if p.active else tr("disabled")
            if p.locked_until is not None:
                state += ", " + tr("locked until {time}").format(
                    time=f"{p.locked_until.astimezone():%H:%M:%S}")
            rows.append([p.name, tr(str(p.role).capitalize()), state,
                         f"{p.last_sign_in.astimezone():%Y-%m-%d %H:%M}" if p.last_sign_in
                         else ""])
        fill(self.view, rows)
        self._first_manager(not any(p.is_manager and p.active for p in people))
        self.changed.emit()

    def _first_manager(self, needed: bool) -> None:
        """With no manager yet, the account added must be one: a cashier alone
        would lock the till with nobody able to open Staff, Settings or refunds."""
        if needed:
            self.role.setCurrentIndex(self.role.findData("manager"))
            self.role_note.setText(tr("The first account is a manager's: someone must be able "
                                   "to approve refunds and open Staff and Settings."))
        self.role.setEnabled(not needed)
        self.role_note.setVisible(needed)

    def _picked(self) -> None:
        rows = {i.row() for i in self.view.selectedIndexes()}
        if rows:
            p = self.people[min(rows)]
            self.name.setText(p.name)
            self.role.setCurrentIndex(max(0, self.role.findData(str(p.role))))

    def _guarded(self, what: str, job: object) -> None:
        def done(person: StaffView) -> None:
            self.pin.clear()
            self.banner.success(f"{person.name}: {what}.", "")  # type: ignore[attr-defined]
            self.reload()
            self.session.refresh(lock_if_needed=False)
        self.session.request("staff", detail=what, run=lambda _a: self.worker.submit(
            job, on_ok=done, on_err=self._fail, label="staff_change"))  # type: ignore[arg-type]

    def add(self) -> None:
        name, role, pin = self.name.text(), str(self.role.currentData()), self.pin.text()
        if not self.role.isEnabled():
            role = "manager"  # no manager yet (see _first_manager)
        by = self.session.person.name if self.session.person else None
        self._guarded(tr('added as {role}').format(role=role),
                      lambda: self.staff.add(name=name, role=role, pin=pin, by=by))

    def set_pin(self) -> None:
        name, pin = self.name.text(), self.pin.text()
        by = self.session.person.name if self.session.person else None
        self._guarded(tr("new PIN set"), lambda: self.staff.set_pin(name=name, pin=pin, by=by))

    def disable(self) -> None:
        name = self.name.text()
        by = self.session.person.name if self.session.person else None
        self._guarded("disabled", lambda: self.staff.set_active(name=name, active=False, by=by))
