"""The manager screens' own look, on top of the theme's stylesheet and with
the theme's colours (resources/themes/<name>.toml): tabs, lists, spin boxes,
disabled buttons, the big balance. Applied to the console and to each of its
dialogs, so the cashier's screens are untouched."""

from __future__ import annotations

import re
import tomllib

from PySide6.QtWidgets import QWidget

from ui.theme import RESOURCES, THEMES

QSS = """
#managerConsole, #managerConsole QScrollArea > QWidget > QWidget { background: @bg@; }
#consoleBar { background: transparent; }
#consoleTitle { font-size: @font_l@px; font-weight: 700; }
#consoleWho { color: @muted@; }
QTabWidget::pane { border: none; border-top: 1px solid @border@; }
QTabBar::tab { background: transparent; color: @muted@; padding: 10px 22px; margin-left: 16px;
    border: none; border-bottom: 3px solid transparent; font-weight: 600; }
QTabBar::tab:selected { color: @text@; border-bottom-color: @accent@; }
QTabBar::tab:disabled { color: @border@; }
QListWidget { background: @panel@; border: 1px solid @border@; border-radius: 8px;
    padding: 6px; outline: none; }
QListWidget::item { padding: 10px 10px; border-radius: 6px; }
QListWidget::item:selected { background: @select@; color: @text@; }
QPushButton:disabled { color: @muted@; background: @panel_alt@; border-color: @border@; }
QSpinBox, QDoubleSpinBox { background: @panel@; border: 2px solid @border@; border-radius: 8px;
    padding: 6px 10px; min-height: 24px; }
/* The arrows are hidden (NoButtons); without a size of their own the styled
   box gave its edit field no width at all and the number showed blank. */
QSpinBox::up-button, QSpinBox::down-button, QDoubleSpinBox::up-button,
QDoubleSpinBox::down-button { subcontrol-origin: border; width: 0px; border: none; }
QAbstractSpinBox QLineEdit { padding-left: 10px; }
QCheckBox { spacing: 8px; }
#lookupBalance { font-size: @font_due@px; font-weight: 700; }
#balanceStatus[tone="good"] { color: @good_text@; }
#balanceStatus[tone="bad"] { color: @bad_text@; }
#balanceStatus[tone="warn"] { color: @warn_text@; }
#lookupFlag { background: @bad_bg@; color: @bad_text@; border-radius: 8px; padding: 8px 10px; }
#actionProblem, #pinProblem { color: @bad_text@; font-weight: 600; }
QLabel[amount="true"] { font-weight: 700; }
#pinDialog, #signInDialog, #approvalDialog, #actionDialog, #deviceTestDialog { background: @bg@; }
#deviceEvents { font-family: "@mono_family@"; }
"""


def manager_qss(theme: str = "light", font_size: int = 14) -> str:
    name = theme if theme in THEMES else "light"
    tokens = tomllib.loads((RESOURCES / "themes" / f"{name}.toml").read_text(encoding="utf-8"))
    size = max(10, int(font_size))
    tokens.update(font=str(size), font_s=str(size - 2), font_l=str(size + 4),
                  font_xl=str(size + 10), font_due=str(size * 3), mono_family="DejaVu Sans Mono")
    return re.sub(r"@(\w+)@", lambda m: str(tokens.get(m.group(1), m.group(0))), QSS)


def style(widget: QWidget, theme: str = "light", font_size: int = 14) -> None:
    widget.setStyleSheet(manager_qss(theme, font_size))


def style_for(widget: QWidget, window: object) -> None:
    """Style ``widget`` (a dialog) with the theme of ``window``'s terminal."""
    cfg = getattr(getattr(window, "terminal", None), "config", None)
    style(widget, getattr(cfg, "theme", "light"), getattr(cfg, "font_size", 14))
