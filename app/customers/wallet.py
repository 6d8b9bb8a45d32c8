"""Cards saved to customers' accounts: save, list with balances, preferred,
share with another customer, revoke a share, and the hand-over a gift of an
existing card makes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.customers import idem, people
from app.customers.models import SavedCardView, ShareView
from app.customers.schema import OWNER, SHARED, CustomerRow, SavedCardRow
from app.domain import CardStatus, mask
from app.errors import Decline, NotFound, ValidationError
from app.ids import new_id
from app.ops.journal import clean_number, find_card
from app.store.schema import Card

# A card may be saved while it can still hold value for its owner.
SAVABLE = frozenset({CardStatus.ACTIVE, CardStatus.REDEEMED, CardStatus.FROZEN})


def _active_rows(session: Session, customer_id: str) -> list[SavedCardRow]:
    return list(session.scalars(select(SavedCardRow).where(
        SavedCardRow.customer_id == customer_id, SavedCardRow.revoked_at.is_(None))
        .order_by(SavedCardRow.created_at, SavedCardRow.id)))


def _shares_of(session: Session, owner_row_id: str) -> list[tuple[SavedCardRow, CustomerRow]]:
    return [(r, c) for r, c in session.execute(
        select(SavedCardRow, CustomerRow).join(CustomerRow,
                                               CustomerRow.id == SavedCardRow.customer_id)
        .where(SavedCardRow.shared_from == owner_row_id, SavedCardRow.role == SHARED,
               SavedCardRow.revoked_at.is_(None))
        .order_by(SavedCardRow.created_at)).all()]


def view(session: Session, row: SavedCardRow) -> SavedCardView:
    card = session.scalars(select(Card).where(Card.number == row.card_number)).first()
    owner_id = owner_name = None
    shared: tuple[ShareView, ...] = ()
    if row.role == SHARED and row.shared_from:
        src = session.get(SavedCardRow, row.shared_from)
        if src is not None:
            owner = session.get(CustomerRow, src.customer_id)
            owner_id, owner_name = src.customer_id, owner.name if owner else None
    elif row.role == OWNER:
        owner_id = row.customer_id
        if row.revoked_at is None:
            shared = tuple(ShareView(share_id=r.id, customer_id=c.id, name=c.name)
                           for r, c in _shares_of(session, row.id))
    return SavedCardView(
        id=row.id, customer_id=row.customer_id, role=row.role, preferred=row.preferred,
        card=mask(row.card_number), status=card.status if card else "UNKNOWN",
        balance=card.balance if card else 0, currency=card.currency if card else "",
        expires_on=card.expires_on if card else None, program=card.program if card else None,
        owner_id=owner_id, owner_name=owner_name, shared_with=shared,
        revoked=row.revoked_at is not None, number=row.card_number)


def saved_cards(session: Session, *, customer_id: str) -> list[SavedCardView]:
    """Owned and shared cards, the preferred one first."""
    people.customer_row(session, customer_id)
    rows = _active_rows(session, customer_id)
    rows.sort(key=lambda r: (not r.preferred, r.created_at))
    return [view(session, r) for r in rows]


def saved_row(session: Session, *, customer_id: str, saved_id: str) -> SavedCardRow:
    row = session.get(SavedCardRow, (saved_id or "").strip())
    if row is None or row.customer_id != customer_id or row.revoked_at is not None:
        raise NotFound("That card is not saved to this customer's account.",
                       key="saved_card_not_found", details=saved_id)
    return row


def _ensure_preferred(session: Session, customer_id: str) -> None:
    """A customer with saved cards always has one preferred: the oldest left."""
    rows = _active_rows(session, customer_id)
    if rows and not any(r.preferred for r in rows):
        rows[0].preferred = True
        session.flush()


def _make_preferred(session: Session, customer_id: str, row: SavedCardRow) -> None:
    for other in _active_rows(session, customer_id):
        if other.preferred and other.id != row.id:
            other.preferred = False
    session.flush()  # the one-preferred index must see the old one go first
    row.preferred = True
    session.flush()


def _revoke(session: Session, row: SavedCardRow, why: str, now: datetime) -> None:
    row.revoked_at, row.revoked_why, row.preferred = now, why, False
    session.flush()


def save_card(session: Session, *, customer_id: str, number: str, preferred: bool,
              op_id: str, now: datetime) -> SavedCardView:
    n = clean_number(number)
    done = idem.seen(session, op_id, "save", customer=customer_id, number=n,
                     preferred=preferred)
    if done is not None:
        return view(session, session.get(SavedCardRow, done))  # type: ignore[arg-type]
    people.customer_row(session, customer_id)
    card = find_card(session, n)
    if CardStatus(card.status) not in SAVABLE:
        raise Decline(key=f"card_{card.status.lower()}", details=mask(n),
                      params={"why": "save", "status": str(card.status)})
    mine = next((r for r in _active_rows(session, customer_id) if r.card_number == n), None)
    if mine is not None and mine.role == SHARED:
        raise Decline("This card is already shared with this customer by its owner.",
                      key="card_shared_with_you", details=mask(n))
    if mine is None:
        owner = session.scalars(select(SavedCardRow).where(
            SavedCardRow.card_number == n, SavedCardRow.role == OWNER,
            SavedCardRow.revoked_at.is_(None))).first()
        if owner is not None:
            raise Decline("This card is saved to another customer's account. Its owner can "
                          "share it or gift it.", key="card_saved_elsewhere", details=mask(n))
        mine = SavedCardRow(id=new_id(), customer_id=customer_id, card_number=n, role=OWNER,
                            shared_from=None, preferred=False, created_at=now)
        session.add(mine)
        session.flush()
    if preferred:
        _make_preferred(session, customer_id, mine)
    _ensure_preferred(session, customer_id)
    idem.record(session, op_id, "save", mine.id, now, customer=customer_id, number=n,
                preferred=preferred)
    return view(session, mine)


def prefer(session: Session, *, customer_id: str, saved_id: str) -> SavedCardView:
    """Setting the same preferred card twice changes nothing: idempotent as is."""
    row = saved_row(session, customer_id=customer_id, saved_id=saved_id)
    _make_preferred(session, customer_id, row)
    return view(session, row)


def owner_row(session: Session, *, owner_id: str, saved_id: str) -> SavedCardRow:
    row = saved_row(session, customer_id=owner_id, saved_id=saved_id)
    if row.role != OWNER:
        raise Decline("Only the card's owner can share it, revoke a share or gift it.",
                      key="not_card_owner", details=mask(row.card_number))
    return row


def share(session: Session, *, owner_id: str, saved_id: str, with_customer: str,
          op_id: str, now: datetime) -> SavedCardView:
    """Give another customer equal use of the same card (redeem, reload,
    balance). Answers the other customer's saved card."""
    done = idem.seen(session, op_id, "share", owner=owner_id, saved=saved_id,
                     to=with_customer)
    if done is not None:
        return view(session, session.get(SavedCardRow, done))  # type: ignore[arg-type]
    src = owner_row(session, owner_id=owner_id, saved_id=saved_id)
    people.customer_row(session, with_customer)
    if with_customer == owner_id:
        raise ValidationError("A card cannot be shared with its own owner.",
                              key="share_with_self")
    theirs = next((r for r in _active_rows(session, with_customer)
                   if r.card_number == src.card_number), None)
    if theirs is None:
        theirs = SavedCardRow(id=new_id(), customer_id=with_customer,
                              card_number=src.card_number, role=SHARED, shared_from=src.id,
                              preferred=False, created_at=now)
        session.add(theirs)
        session.flush()
        _ensure_preferred(session, with_customer)
    idem.record(session, op_id, "share", theirs.id, now, owner=owner_id, saved=saved_id,
                to=with_customer)
    return view(session, theirs)


def revoke(session: Session, *, owner_id: str, share_id: str, now: datetime) -> SavedCardView:
    """The owner takes a share back. Revoking twice answers the same."""
    row = session.get(SavedCardRow, (share_id or "").strip())
    src = session.get(SavedCardRow, row.shared_from) if row and row.shared_from else None
    if row is None or row.role != SHARED or src is None or src.customer_id != owner_id:
        raise NotFound("That share is not one of this customer's.", key="share_not_found",
                       details=share_id)
    if row.revoked_at is None:
        _revoke(session, row, "revoked", now)
        _ensure_preferred(session, row.customer_id)
    return view(session, row)


def hand_over(session: Session, *, src: SavedCardRow, recipient_id: str,
              now: datetime) -> SavedCardRow:
    """Ownership moves to the recipient: the giver's row and every share made
    from it end (the new owner decides whom to share with)."""
    for r, _c in _shares_of(session, src.id):
        _revoke(session, r, "owner_changed", now)
        if r.customer_id != recipient_id:
            _ensure_preferred(session, r.customer_id)
    _revoke(session, src, "gifted", now)
    _ensure_preferred(session, src.customer_id)
    return give(session, number=src.card_number, recipient_id=recipient_id, now=now)


def give(session: Session, *, number: str, recipient_id: str, now: datetime) -> SavedCardRow:
    """Save ``number`` to the recipient as its owner (a gift's last step)."""
    existing = next((r for r in _active_rows(session, recipient_id)
                     if r.card_number == number), None)
    if existing is not None and existing.role == OWNER:
        return existing
    if existing is not None:  # it was shared with them; now it is theirs
        _revoke(session, existing, "now_owner", now)
    row = SavedCardRow(id=new_id(), customer_id=recipient_id, card_number=number, role=OWNER,
                       shared_from=None, preferred=False, created_at=now)
    session.add(row)
    session.flush()
    _ensure_preferred(session, recipient_id)
    return row


def card_for_payment(session: Session, *, customer_id: str,
                     saved_id: str | None = None) -> SavedCardView:
    """The saved card to pay with: the one chosen, else the preferred one."""
    if saved_id:
        return view(session, saved_row(session, customer_id=customer_id, saved_id=saved_id))
    rows = _active_rows(session, customer_id)
    people.customer_row(session, customer_id)
    chosen = next((r for r in rows if r.preferred), None)
    if chosen is None:
        raise NotFound("This customer has no saved card. Scan a card instead, or save one "
                       "first.", key="no_saved_card", details=customer_id)
    return view(session, chosen)
