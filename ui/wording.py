"""Errors in the cashier's words, each with what to do next.

Services raise :class:`app.errors.GiftposError` carrying a key and its
params; this is the one place in ui/ that words them for the cashier, in the
till's locale (``app.messages.render``: a de_DE till says "Card has 12,50 €"),
adds the next step for the keys a till sees every day, and turns anything
unexpected into a calm sentence instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import GiftposError, SyncError, ValidationError
from app.messages import words as app_words
from ui.i18n import QT_TR_NOOP, tr


@dataclass(frozen=True)
class Message:
    text: str
    next_step: str = ""


# key -> what to do next, for the answers a cashier meets at the till.
NEXT_STEPS: dict[str, str] = {
    "card_not_found": QT_TR_NOOP("Check the number and scan or type it again."),
    "invalid_card_number": QT_TR_NOOP("Scan the card again or type its number."),
    "card_inactive": QT_TR_NOOP("Sell it first (F6), or take another payment."),
    "card_frozen": QT_TR_NOOP("Take another payment and call a manager."),
    "card_expired": QT_TR_NOOP("Take another payment and call a manager."),
    "card_cancelled": QT_TR_NOOP("Take another payment."),
    "card_combined": QT_TR_NOOP("Ask the customer for the card it was combined into."),
    "card_already_active": QT_TR_NOOP("Use Reload (F7) to add value instead."),
    "balance_limit_exceeded": QT_TR_NOOP("Load a smaller amount."),
    "gift_amount_exceeded": QT_TR_NOOP("Take what the card has and collect the rest."),
    "currency_mismatch": QT_TR_NOOP("Take another payment."),
    "invalid_amount": QT_TR_NOOP("Type the amount again."),
    "ledger_unavailable": QT_TR_NOOP("Carry on: the terminal works offline and syncs later."),
    "store_error": QT_TR_NOOP("Try again; if it keeps happening, restart the terminal."),
    "printer_error": QT_TR_NOOP("Check the printer's paper and cable, then reprint (F10)."),
    "cashout_above_threshold": QT_TR_NOOP("The card keeps its balance: it can pay for a sale."),
    "cashout_not_offered": QT_TR_NOOP("The card keeps its balance: it can pay for a sale."),
    "cashout_nothing": QT_TR_NOOP("Nothing to pay out: check the card."),
    "offline_limit_exceeded": QT_TR_NOOP("Take another payment or wait for the ledger to be back."),
}


# Validation errors about something missing (not something mistyped): their
# message already says what to do, and "check what was typed" would be wrong.
NOTHING_TYPED = frozenset({"amount_needed", "search_required", "nothing_selected",
                           "no_open_sale", "no_card_chosen", "no_receipt", "sale_not_found",
                           "not_covered", "nothing_due", "empty_sale", "sale_not_open",
                           "sale_open", "open_sales"})


def words(exc: GiftposError, locale: str = "en_US") -> str:
    """What ``exc`` says, in ``locale``: app's words for it (its key and
    params, or its sentence, translated by app/translations.py), else a
    sentence of ui/ in Qt's catalog (errors the window raises itself)."""
    text = app_words(exc, locale)
    return tr(text) if text == exc.message else text


def explain(exc: BaseException, locale: str = "en_US") -> Message:
    """The message and next step for ``exc`` in ``locale``, never a traceback."""
    if isinstance(exc, GiftposError):
        text = words(exc, locale)
        step = tr(NEXT_STEPS.get(exc.key, ""))
        if not step and isinstance(exc, ValidationError) and exc.key not in NOTHING_TYPED:
            step = tr("Check what was typed and try again.")
        if not step and isinstance(exc, SyncError):
            step = tr(NEXT_STEPS["ledger_unavailable"])
        if step and step in text:
            step = ""
        return Message(text, step)
    if type(exc).__name__ == "PrinterError":  # drivers.printer, not imported here (escpos)
        text = str(getattr(exc, "message", exc))
        return Message(tr(text),
                       "" if "Reprint" in text else tr(NEXT_STEPS["printer_error"]))
    if isinstance(exc, TimeoutError):
        return Message(tr("That took too long."), tr("Try again; the terminal is still working."))
    if isinstance(exc, OSError):
        return Message(tr("A device or file could not be used."),
                       tr("Check the cables and try again; call support if it keeps happening."))
    return Message(tr("Something went wrong on this terminal."),
                   tr("Try again; if it keeps happening, restart the terminal and call support."))
