"""The choices of the set-up dialog and the Settings tab, shown in the
till's language while the configuration keeps their codes: themes by a
translated name, currencies as "EUR — Euro" (babel's name in the locale)."""

from __future__ import annotations

from collections.abc import Iterable

from babel.numbers import get_currency_name
from PySide6.QtWidgets import QComboBox

from app.money import currency_code
from ui.i18n import QT_TR_NOOP, tr
from ui.theme import THEMES

THEME_NAMES = {"light": QT_TR_NOOP("light"), "dark": QT_TR_NOOP("dark"),
               "high-contrast": QT_TR_NOOP("high-contrast")}


def theme_box(current: str) -> QComboBox:
    box = QComboBox()
    for theme in THEMES:
        box.addItem(tr(THEME_NAMES.get(theme, theme)), theme)
    box.setCurrentIndex(max(box.findData(current), 0))
    return box


def chosen_theme(box: QComboBox) -> str:
    return str(box.currentData() or box.currentText())


def currency_name(code: str, locale: str) -> str:
    try:
        return str(get_currency_name(code, locale=locale))
    except Exception:  # an unknown locale: the code says it
        return code


def currency_box(codes: Iterable[str], current: str, locale: str) -> QComboBox:
    """Editable: another ISO code may be typed."""
    box = QComboBox()
    box.setEditable(True)
    for code in codes:
        box.addItem(f"{code} — {currency_name(code, locale)}", code)
    i = box.findData(current)
    if i >= 0:
        box.setCurrentIndex(i)
    else:
        box.setCurrentText(current)
    return box


def chosen_currency(box: QComboBox) -> str:
    """The code picked or typed (raises ValidationError for a wrong one)."""
    i = box.currentIndex()
    if i >= 0 and box.currentText() == box.itemText(i):
        return str(box.itemData(i))
    text = box.currentText().strip()
    return currency_code(text.split()[0] if text else "")
