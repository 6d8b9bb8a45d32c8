"""The strip along the bottom that is always visible: the ledger (online,
offline, offline only), entries waiting to sync, last sync time, and each
device's state. Fed only by :class:`ui.bridge.EventBridge` signals."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QWidget

from ui.bridge import DeviceState, EventBridge, SyncStatus
from ui.i18n import QT_TR_NOOP, tr

# The terminal's note when it has no ledger (ui/terminal_parts.py), for lupdate.
QT_TR_NOOP("Offline only (no ledger configured)")

_DEVICE_WORDS = {
    DeviceState.CONNECTED.value: QT_TR_NOOP("connected"),
    DeviceState.LOST.value: QT_TR_NOOP("lost — check the cable"),
    DeviceState.RECONNECTING.value: QT_TR_NOOP("reconnecting…"),
    DeviceState.STARTING.value: QT_TR_NOOP("starting…"),
}


def _chip(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("chip", True)
    return label


class StatusBar(QFrame):
    def __init__(self, bridge: EventBridge, *, ledger_note: str,
                 security_warnings: Sequence[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self._ledger_note = ledger_note
        self.ledger = _chip("ledgerChip")
        self.pending = _chip("pendingChip")
        self.last_sync = _chip("lastSyncChip")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()
        # Issue 15.9: a weakened ledger connection (certificate checks off,
        # plain HTTP insisted on) is said for as long as the till runs.
        self.security = _chip("securityNotice")
        self.show_security(security_warnings)
        # Issue 15.10: the ledger refused this till's audit trail.
        self.audit = _chip("auditNotice")
        self.audit.hide()
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(12, 6, 12, 6)
        self._row.setSpacing(10)
        for w in (self.security, self.audit, self.ledger, self.pending, self.last_sync,
                  self.progress):
            self._row.addWidget(w)
        self._row.addStretch(1)
        self.devices: dict[str, QLabel] = {}
        self._none = _chip("noDevicesChip")
        self._none.setText(tr("No serial devices — type or wedge-scan cards"))
        self._row.addWidget(self._none)
        bridge.sync_changed.connect(self.show_sync)
        bridge.device_state.connect(self.show_device)
        for name, (state, detail) in bridge.devices.items():
            self.show_device(name, state.value, detail)
        self.show_sync(bridge.sync_status)

    def show_sync(self, status: SyncStatus) -> None:
        self.audit.setVisible(status.audit_problem)
        if status.audit_problem:
            self._set(self.audit, tr("⚠ The audit trail differs from the ledger's copy — "
                                     "call a manager"), "bad")
        if not status.configured:
            self._set(self.ledger, tr(self._ledger_note), "neutral")
            self.pending.setVisible(status.pending > 0)
            self.pending.setText(tr('{pending} waiting to sync').format(pending=status.pending))
            self.last_sync.hide()
            self.progress.hide()
            return
        if status.online:
            self._set(self.ledger, tr("● Ledger online"), "good")
        else:
            self._set(self.ledger, tr("● Offline — sales continue, sync later"), "bad")
        self.pending.show()
        self._set(self.pending, tr("{pending} waiting to sync").format(pending=status.pending),
                  "warn" if status.pending else "neutral")
        self.last_sync.show()
        when = (status.last_sync.astimezone().strftime("%H:%M:%S") if status.last_sync
                else tr("never"))
        self._set(self.last_sync, tr("Last sync {when}").format(when=when), "neutral")
        self.progress.setVisible(status.syncing)
        if status.progress is not None:
            self.progress.setValue(int(status.progress * 100))

    def show_security(self, warnings: Sequence[str]) -> None:
        self.security.setVisible(bool(warnings))
        if warnings:
            self._set(self.security, "⚠ Ledger connection not secure: " + "; ".join(warnings),
                      "bad")
            self.security.setToolTip("\n".join(warnings))
            self.security.setWordWrap(True)

    def show_device(self, name: str, state: str, detail: str) -> None:
        chip = self.devices.get(name)
        if chip is None:
            chip = _chip(f"device_{name}")
            self.devices[name] = chip
            self._row.addWidget(chip)
            self._none.hide()
        tone = {"connected": "good", "lost": "bad", "reconnecting": "warn"}.get(state, "neutral")
        self._set(chip, f"{name}: {tr(_DEVICE_WORDS.get(state, state))}", tone)
        chip.setProperty("state", state)
        chip.setToolTip(detail)

    def device_text(self, name: str) -> str:
        chip = self.devices.get(name)
        return chip.text() if chip is not None else ""

    @staticmethod
    def _set(label: QLabel, text: str, tone: str) -> None:
        label.setText(text)
        if label.property("tone") != tone:
            label.setProperty("tone", tone)
            label.style().unpolish(label)
            label.style().polish(label)
