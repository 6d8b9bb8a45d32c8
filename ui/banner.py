"""The one place the terminal shows people what went wrong (or right) and
what to do next. Every screen reports through :class:`MessageBanner`; nothing
else pops up error text.

A banner may carry one action with a key ("Enter: take it"): the decline
prompts use it so the cashier answers with a single key press.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.fit_text import fit, theme_px
from ui.i18n import tr
from ui.wording import Message

log = logging.getLogger(__name__)


class Level(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


class MessageBanner(QFrame):
    """A strip across the top of the work area. ``shown(level, text)`` fires for
    every message (tests wait on it); ``accepted``/``dismissed`` when the
    cashier answers a prompt."""

    shown = Signal(str, str)
    accepted = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("level", Level.INFO.value)
        self._title = QLabel()
        self._title.setObjectName("bannerTitle")
        self._title.setWordWrap(True)
        self._hint = QLabel()
        self._hint.setObjectName("bannerHint")
        self._hint.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._title)
        text.addWidget(self._hint)
        self._accept_btn = QPushButton()
        self._accept_btn.setObjectName("bannerAccept")
        self._accept_btn.clicked.connect(self._on_accept)
        self._close_btn = QPushButton(tr("Esc  Dismiss"))
        self._close_btn.setObjectName("bannerClose")
        self._close_btn.clicked.connect(self.dismiss)
        for b in (self._accept_btn, self._close_btn):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(44)
        row = self._row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 12, 10)
        row.addLayout(text, 1)
        row.addWidget(self._accept_btn)
        row.addWidget(self._close_btn)
        self._on_accept_cb: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        for label in (self._title, self._hint):
            # A long message is cut rather than growing the strip (BannerSlot).
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.hide()

    def reserved_height(self) -> int:
        """What a message of a title and two hint lines needs (BannerSlot
        keeps this much room whether a message shows or not)."""
        self.ensurePolished()
        self._title.ensurePolished()
        self._hint.ensurePolished()
        margins = self._row.contentsMargins()
        text = (self._title.fontMetrics().lineSpacing() + 2
                + 2 * self._hint.fontMetrics().lineSpacing())
        return margins.top() + margins.bottom() + max(text, self._close_btn.minimumHeight()) + 4

    # -- showing -----------------------------------------------------------
    def show_message(self, message: Message, level: Level = Level.ERROR, *,
                     action: str | None = None, on_accept: Callable[[], None] | None = None,
                     timeout_ms: int = 0) -> None:
        """Show ``message``. With ``on_accept``, ``action`` is the label of the
        one-key answer (Enter). ``timeout_ms`` > 0 hides it by itself."""
        self.setProperty("level", level.value)
        self.style().unpolish(self)
        self.style().polish(self)
        self._title.setText(message.text)
        self._hint.setText(message.next_step)
        self._hint.setVisible(bool(message.next_step))
        self._on_accept_cb = on_accept
        self._accept_btn.setVisible(on_accept is not None)
        self._accept_btn.setText(tr('Enter  {value}').format(value=action or 'OK'))
        self._close_btn.setText(tr("Esc  No") if on_accept is not None else tr("Esc  Dismiss"))
        self.show()
        self._fit()
        if timeout_ms > 0 and on_accept is None:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()
        log.info("banner %s: %s", level.value, message.text)
        self.shown.emit(level.value, message.text)

    def _fit(self) -> None:
        """The message in the strip's fixed room: a long one (or a narrow
        screen) gets smaller type rather than lines cut off."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        sizes = [(self._title, theme_px(self._title)), (self._hint, theme_px(self._hint))]
        margins = self._row.contentsMargins()
        fit(sizes, self._title.width(), self.height() - margins.top() - margins.bottom(),
            spacing=2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self._fit()

    def error(self, message: Message, **kw: object) -> None:
        self.show_message(message, Level.ERROR, **kw)  # type: ignore[arg-type]

    def info(self, text: str, next_step: str = "", *, timeout_ms: int = 4000) -> None:
        self.show_message(Message(text, next_step), Level.INFO, timeout_ms=timeout_ms)

    def success(self, text: str, next_step: str = "", *, timeout_ms: int = 4000) -> None:
        self.show_message(Message(text, next_step), Level.SUCCESS, timeout_ms=timeout_ms)

    # -- answering ---------------------------------------------------------
    @property
    def text(self) -> str:
        return self._title.text() if self.isVisible() else ""

    @property
    def has_prompt(self) -> bool:
        return self.isVisible() and self._on_accept_cb is not None

    def handle_key(self, key: int) -> bool:
        """Enter accepts a prompt, Esc dismisses; called by the main window
        before the screens see the key. True if the key was used."""
        if not self.isVisible():
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._on_accept_cb is not None:
            self._on_accept()
            return True
        if key == Qt.Key.Key_Escape:
            self.dismiss()
            return True
        return False

    def _on_accept(self) -> None:
        cb = self._on_accept_cb
        self._on_accept_cb = None
        self.hide()
        self.accepted.emit()
        if cb is not None:
            cb()

    def dismiss(self) -> None:
        if self.isVisible():
            self._on_accept_cb = None
            self.hide()
            self.dismissed.emit()

    def _expire(self) -> None:
        if self._on_accept_cb is None:
            self.hide()



class BannerSlot(QWidget):
    """The room the banner lives in: always the same height, shown or not,
    so a message never moves the screen below it (a touch screen would
    mis-tap the keypad)."""

    def __init__(self, banner: MessageBanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerSlot")
        self.banner = banner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(banner)
        self.refit()

    def refit(self) -> None:
        self.setFixedHeight(self.banner.reserved_height())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.refit()  # a new font size (Settings) needs a new height
        super().changeEvent(event)
