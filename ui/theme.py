"""Themes: resources/themes/base.qss with the colours of light.toml,
dark.toml or high-contrast.toml, and the font size from the config."""

from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
THEMES = ("light", "dark", "high-contrast")


def stylesheet(name: str = "light", font_size: int = 14) -> str:
    """The QSS text of theme ``name`` (light if unknown)."""
    folder = RESOURCES / "themes"
    if name not in THEMES:
        log.warning("unknown theme %r, using light", name)
        name = "light"
    tokens = tomllib.loads((folder / f"{name}.toml").read_text(encoding="utf-8"))
    size = max(10, int(font_size))
    tokens.update(font=str(size), font_s=str(size - 2), font_l=str(size + 4),
                  font_xl=str(size + 10), font_due=str(size * 4),
                  font_family=_family(), mono_family=_mono_family())
    text = (folder / "base.qss").read_text(encoding="utf-8")
    return re.sub(r"@(\w+)@", lambda m: str(tokens.get(m.group(1), m.group(0))), text)


def apply_theme(app: QApplication, name: str = "light", font_size: int = 14) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(stylesheet(name, font_size))


def _family() -> str:
    families = set(QFontDatabase.families())
    for wanted in ("Inter", "Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"):
        if wanted in families:
            return wanted
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


def _mono_family() -> str:
    families = set(QFontDatabase.families())
    for wanted in ("DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono"):
        if wanted in families:
            return wanted
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
