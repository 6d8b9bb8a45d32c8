"""The words on screen in the till's language, with Qt's own translation
tools: every string a cashier or a manager sees is wrapped in :func:`tr`
(``QCoreApplication.translate`` with the empty context, which
``pyside6-lupdate`` extracts), the sources are
``resources/translations/giftpos_<lang>.ts`` (German and Spanish), and
``make translations`` runs lupdate and lrelease to refresh them and build the
``.qm`` files, which are committed (a fresh clone and the wheel have them).

:func:`install` loads the catalog of a locale (``de_DE`` -> giftpos_de.qm)
and Qt's own (its dialogs' buttons); amounts and dates are babel's, in the
same locale (ui/money.py, app/messages.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = ("de", "es")  # beside the English source strings
_installed: list[QTranslator] = []
_catalogs: list[bytes] = []  # what our translator reads: it must outlive it
_current = "en"


def tr(text: str) -> str:
    """``text`` in the installed language (the English source when none is)."""
    return QCoreApplication.translate("", text)


def language(locale: str) -> str:
    """``de_DE`` -> ``de``; ``es-ES`` -> ``es``."""
    return locale.replace("-", "_").split("_")[0].lower()


def current() -> str:
    return _current


def install(locale: str) -> str:
    """Use the translations of ``locale`` from now on (GUI thread; the
    QCoreApplication must exist). Answers the language taken: ``en`` when
    there is no catalog for it (the English sources are shown)."""
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("i18n.install needs the QApplication")
    lang = language(locale)
    if lang == _current:
        return lang
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current = "en"
    QLocale.setDefault(QLocale(locale.replace("-", "_")))
    if lang not in LANGUAGES:
        return _current
    # Loaded from bytes, not mapped from the file: a .qm rewritten while the
    # till runs (an upgrade, `make translations`) cannot pull memory from under it.
    try:
        data = (TRANSLATIONS / f"giftpos_{lang}.qm").read_bytes()
    except OSError:
        data = b""
    ours = QTranslator(app)
    if not data or not ours.load(data):
        log.warning("no translations for %s in %s", lang, TRANSLATIONS)
        return _current
    _catalogs[:] = [data]
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    _current = lang
    return lang


def QT_TR_NOOP(text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for translation where it is defined (module level,
    before a language is installed); show it with ``tr(text)``."""
    return text
