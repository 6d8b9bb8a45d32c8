"""The sentences of app/messages.py, for lupdate (generated from its CATALOG;
tests/ui/test_german_till.py checks it is complete). ui/wording.py has
app.messages.render translate each through tr()."""

from __future__ import annotations

from ui.i18n import QT_TR_NOOP

MESSAGES = (
    QT_TR_NOOP('This card is not active yet. Sell or activate it first.'),
    QT_TR_NOOP('This card is frozen. Ask a manager.'),
    QT_TR_NOOP('This card has expired. Ask a manager.'),
    QT_TR_NOOP("This card's program does not allow re-activation."),
    QT_TR_NOOP('This card was cancelled. Take another payment.'),
    QT_TR_NOOP("This card's balance was moved to another card. Use that card."),
    QT_TR_NOOP('This card cannot be used.'),
    QT_TR_NOOP('This card is already active.'),
    QT_TR_NOOP('A {status} card cannot be frozen here.'),
    QT_TR_NOOP('A {status} card cannot be unfrozen here.'),
    QT_TR_NOOP('A {status} card cannot be cancelled here.'),
    QT_TR_NOOP('A {status} card cannot be expired here.'),
    QT_TR_NOOP('This card holds {card_currency}, not {asked_currency}.'),
    QT_TR_NOOP('The amount must be more than zero.'),
    QT_TR_NOOP('The amount cannot be negative.'),
    QT_TR_NOOP('That amount is too large.'),
    QT_TR_NOOP('The adjustment must be a non-zero amount.'),
    QT_TR_NOOP('The initial amount {asked} is over the card limit of {cap}.'),
    QT_TR_NOOP('Card has {have}, less than {asked}. Take another payment.'),
    QT_TR_NOOP('Card has {have}, less than {asked}. Take it and collect the rest another way.'),
    QT_TR_NOOP('A card may hold at most {cap}; this one can take {room} more.'),
    QT_TR_NOOP('At most {refundable} can still be refunded to this card.'),
    QT_TR_NOOP('Only {held} was held on this card.'),
    QT_TR_NOOP('The money has already been spent from this card, so it cannot be voided.'),
    QT_TR_NOOP('A manager adjustment needs a reason.'),
    QT_TR_NOOP('An adjustment cannot take the card below zero.'),
    QT_TR_NOOP('This card has nothing to transfer.'),
    QT_TR_NOOP('This card was issued with {value} on it; sell it for {value}, not {asked}.'),
    QT_TR_NOOP("'{currency}' is not a currency this system knows. Use an ISO 4217 code such as USD or EUR."),  # noqa: E501
    QT_TR_NOOP('The expiry date {expires_on} has already passed (today is {today}).'),
    QT_TR_NOOP('Offline, this card can take at most {limit} more; take another payment or wait for the ledger.'),  # noqa: E501
    QT_TR_NOOP('Gift cards cannot be taken while the ledger is unreachable.'),
    QT_TR_NOOP('Approved: {approved}.'),
    QT_TR_NOOP('Approved {approved} of {asked}; {due} is still due.'),
    QT_TR_NOOP('Offline: the card can give {approved} of {asked}; {due} is still due.'),
    QT_TR_NOOP('Activated with {value}.'),
    QT_TR_NOOP('Taken offline for more than the card had: frozen for a manager.'),
    QT_TR_NOOP('Taken offline while the card was {status}: flagged for a manager.'),
)
