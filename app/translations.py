"""The sentences of app/ in a person's language, without Qt: the errors a
cashier or a manager meets (their English text, or the template of their key
in :data:`app.messages.CATALOG`) translated through gettext catalogs read
with babel, ``resources/translations/messages_<lang>.po`` (German and
Spanish). The till's window and the CLI both word an error through
:func:`app.messages.words`, so a de_DE till and ``giftpos --locale de_DE``
say the same German sentence; the English text is the fallback.

The msgid is the English sentence (a template keeps its ``{placeholders}``);
app/sentences.py gathers them and refreshes the .po files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

APP = Path(__file__).resolve().parent
CATALOGS = APP.parent / "resources" / "translations"
LANGUAGES = ("de", "es")


def language(locale: str) -> str:
    """``de_DE`` -> ``de``."""
    return locale.replace("-", "_").split("_")[0].lower()


def po_path(lang: str) -> Path:
    return CATALOGS / f"messages_{lang}.po"


@cache
def _catalog(lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    try:
        with po_path(lang).open("rb") as f:
            catalog = read_po(f, locale=lang)
    except OSError:
        return {}
    return {str(m.id): str(m.string) for m in catalog
            if m.id and isinstance(m.string, str) and m.string and not m.fuzzy}


def translate(text: str, locale: str) -> str:
    """``text`` (an English sentence or template) in the language of
    ``locale``; itself when it has no translation."""
    lang = language(locale)
    if lang == "en" or not text:
        return text
    return _catalog(lang).get(text, text)
