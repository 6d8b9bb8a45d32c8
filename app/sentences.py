"""Every sentence app/ may show a person, gathered for the translators:
the templates of :data:`app.messages.CATALOG`, the staff actions they name,
and the literal messages of the errors raised in app/ (found in the source,
as lupdate does for ui/). ``python -m app.sentences`` (run by ``make
translations``) adds the new ones to ``resources/translations/messages_<lang>.po``
and drops the ones no longer used, keeping what is translated;
tests/integration/core/test_error_words.py fails while one is untranslated."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

from app.translations import APP, LANGUAGES, _catalog, po_path

# The error classes of app.errors; a literal first argument of one of these,
# raised in app/, is a sentence.
ERRORS = frozenset({"GiftposError", "ValidationError", "InvalidAmount", "NotFound",
                    "CardNotFound", "Conflict", "Decline", "AuthError", "Forbidden",
                    "RateLimited", "SyncError", "StoreError"})
LEDGER_ACTIONS = frozenset({"require_manager", "require_admin"})
SKIP = ("bench",)  # the benchmarks speak to whoever runs them, in English
STAMP = datetime(2026, 12, 1, tzinfo=UTC)  # fixed: a refresh changes only what changed


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def raised_sentences(root: Path = APP, names: frozenset[str] = ERRORS) -> list[str]:
    """The literal first arguments of the calls of ``names`` in app/ (the
    messages of the errors made there), in source order."""
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] in SKIP:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(
                f, ast.Attribute) else ""
            text = _literal(node.args[0])
            if name in names and text:
                out.append(text)
    return out


def sentences() -> list[str]:
    """Every sentence app/ may show a person, each once."""
    from app.messages import CATALOG
    from app.staff.permissions import ACTIONS

    seen: dict[str, None] = {}
    actions = [words for _, words in ACTIONS.values()]  # "Only a manager can {what}"
    # What the ledger says only a manager or the back office may do
    # (Caller.require_manager("read reports")): the {what} of its refusals.
    ledger_actions = raised_sentences(names=LEDGER_ACTIONS)
    for text in [*CATALOG.values(), *actions, *ledger_actions, *raised_sentences()]:
        seen.setdefault(text, None)
    return list(seen)


def update() -> dict[str, int]:
    """Add the sentences the .po files lack (and drop the ones no longer
    used); answers how many are untranslated per language."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    todo: dict[str, int] = {}
    wanted = sentences()
    for lang in LANGUAGES:
        old: dict[str, str] = {}
        if po_path(lang).exists():
            with po_path(lang).open("rb") as f:
                old = {str(m.id): str(m.string or "") for m in read_po(f, locale=lang) if m.id}
        new = Catalog(locale=lang, project="giftpos", charset="utf-8", fuzzy=False,
                      creation_date=STAMP, revision_date=STAMP)
        for text in wanted:
            new.add(text, old.get(text, ""))
        with po_path(lang).open("wb") as f:
            write_po(f, new, width=0, omit_header=False, no_location=True)
        todo[lang] = sum(not old.get(t) for t in wanted)
    _catalog.cache_clear()
    return todo


if __name__ == "__main__":
    for lang, n in update().items():
        print(f"{po_path(lang).name}: {n} sentence(s) to translate")
