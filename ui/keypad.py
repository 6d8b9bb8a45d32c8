"""Touch widgets: the numeric keypad and the row of function-key buttons.
Neither takes focus, so tapping them never moves the cursor away from the
entry field where the next input goes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from ui.i18n import tr


@dataclass(frozen=True)
class FunctionKey:
    key: Qt.Key
    label: str
    name: str  # method of the screen it calls; also the button's object name
    tone: str = "normal"  # normal | primary | danger

    @property
    def caption(self) -> str:
        return f"{self.key.name.removeprefix('Key_')}\n{tr(self.label)}"


def _button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    b.setMinimumHeight(40)
    return b


class Keypad(QWidget):
    """``pressed(text)``: a digit, the locale's decimal separator, "00",
    "back", "clear" or "enter"."""

    pressed = Signal(str)

    def __init__(self, decimal_sep: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        rows = [["7", "8", "9", "back"], ["4", "5", "6", "clear"],
                ["1", "2", "3", "enter"], ["0", "00", decimal_sep]]
        captions = {"back": "⌫", "clear": "C", "enter": "Enter"}
        for r, row in enumerate(rows):
            for c, key in enumerate(row):
                b = _button(captions.get(key, key), f"key_{key}")
                b.setProperty("keypad", True)
                # Four rows of 36 fit what a 768 px screen leaves the keypad
                # (173 px); at 40 the bottom row was cut off.
                b.setMinimumHeight(36)
                b.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
                if key == "enter":
                    b.setProperty("tone", "primary")
                    grid.addWidget(b, r, c, 2, 1)
                else:
                    grid.addWidget(b, r, c)


class FunctionBar(QWidget):
    """Big buttons for the function keys, in ``columns`` columns."""

    def __init__(self, keys: Sequence[FunctionKey], on_press: Callable[[FunctionKey], None],
                 *, columns: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("functionBar")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        for i, fk in enumerate(keys):
            b = _button(fk.caption, f"fn_{fk.name}")
            b.setProperty("fkey", True)
            b.setProperty("tone", fk.tone)
            b.setMinimumHeight(48)
            b.clicked.connect(lambda _=False, k=fk: on_press(k))
            grid.addWidget(b, i // columns, i % columns)
            self.buttons[fk.name] = b

    # A caption wider than its key ("F6 Karte verkaufen" at 1024x768 beside the
    # demo's panel) gets a smaller font, down to 65% of the theme's, instead
    # of being cut short at both ends. 26: the theme's padding and border.
    _SIDES = 26

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for b in self.buttons.values():
            if b.styleSheet():
                b.setStyleSheet("")
                b.style().unpolish(b)
                b.style().polish(b)
            b.ensurePolished()
            base = b.font().pixelSize()
            if base <= 0:
                continue
            room = b.width() - self._SIDES
            px = base
            font = QFont(b.font())
            while px > base * 0.65:
                font.setPixelSize(px)
                fm = QFontMetrics(font)
                if max(fm.horizontalAdvance(line) for line in b.text().split("\n")) <= room:
                    break
                px -= 1
            if px < base:
                b.setStyleSheet(f"font-size: {px}px;")
