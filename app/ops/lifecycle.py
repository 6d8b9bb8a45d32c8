"""A card's life: issue (bulk, from a code configuration), activate, load,
manager adjustments, status changes, expiry, balance transfer and combine."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import rules
from app.cardnumbers import CodeConfig, generate_key
from app.clock import Clock
from app.domain import CardStatus, CardView, EntryType, Limits, OpContext, OpResult, mask
from app.errors import Decline, ValidationError
from app.hashing import key_digest
from app.ids import check_id, child_id
from app.money import currency_code
from app.ops.journal import (
    append,
    card_by_id,
    clean_number,
    find_card,
    fingerprint,
    pepper,
    replay,
    result_of,
    state_of,
    view_of,
    when,
)
from app.ops.posting import Posting, PostingContext, post_rows
from app.store.schema import Card, Entry

MAX_BULK = 10_000


_CHUNK = 500  # values per IN (...) look-up


def _unused(session: Session, column: Any, values: list[str]) -> set[str]:
    """Those of ``values`` that no card has in ``column`` yet (one query per
    chunk, not one per card)."""
    used: set[str] = set()
    with session.no_autoflush:
        for k in range(0, len(values), _CHUNK):
            part = values[k:k + _CHUNK]
            used.update(session.scalars(select(column).where(column.in_(part))))
    return set(values) - used


def _draw(session: Session, column: Any, count: int, make: Any,
          digest: Any = None) -> list[tuple[str, str]]:
    """``count`` new values, pairwise different and unused by any card:
    (value, what is stored). A clash (in the batch, or with a card already
    issued) is drawn again, never an error: keys of 16 digits and card
    numbers of 10+ random digits clash rarely, but a bulk issue must not fail
    when they do."""
    out: dict[str, str] = {}
    kept: set[str] = set()
    for _ in range(20):
        need = count - len(out)
        if need == 0:
            break
        drawn = {}
        for _ in range(need):
            value = make()
            stored = digest(value) if digest is not None else value
            if stored not in kept and stored not in drawn:
                drawn[stored] = value
        free = _unused(session, column, list(drawn))
        for stored in free:
            out[drawn[stored]] = stored
            kept.add(stored)
    if len(out) < count:  # pragma: no cover - the space is (nearly) full
        raise ValidationError("Could not find free card numbers or keys; use longer ones.",
                              key="number_space_exhausted")
    return list(out.items())


def _new_card(session: Session, *, config: CodeConfig, currency: str, status: CardStatus,
              expires_on: date | None, program: str | None, now: object,
              number: str | None = None, key_hash: str | None = None) -> Card:
    if number is None:
        ((number, _),) = _draw(session, Card.number, 1, config.generate)
    card = Card(number=number, currency=currency, status=str(status), balance=0,
                expires_on=expires_on, program=program, flagged=False, created_at=now,
                updated_at=now, key_hash=key_hash)
    session.add(card)
    session.flush()
    return card


def issue(session: Session, *, count: int = 1, amount: int = 0, currency: str = "USD",
          config: CodeConfig | None = None, inactive: bool = False,
          expires_on: date | None = None, with_key: bool = False, program: str | None = None,
          entry_id: str | None = None, ctx: OpContext, limits: Limits,
          clock: Clock) -> list[tuple[CardView, str | None]]:
    """Issue ``count`` new cards. Answers each card with its key (keys exist in
    clear only in this answer). A replay answers the same cards without keys."""
    config = config or CodeConfig()
    config.validate()
    currency = currency_code(currency)
    if not 1 <= count <= MAX_BULK:
        raise ValidationError(key="invalid_count", params={"most": MAX_BULK})
    eid = check_id(entry_id)
    fp = fingerprint("issue", count=count, amount=amount, currency=currency,
                     config=repr(config), inactive=inactive, expires_on=expires_on,
                     with_key=with_key, program=program)
    ids = [eid if i == 0 else child_id(eid, f"issue:{i}") for i in range(count)]
    if replay(session, eid, fp) is not None:
        rows = session.scalars(select(Entry).where(Entry.id.in_(ids))).all()
        return [(view_of(card_by_id(session, e.card_id)), None)
                for e in sorted(rows, key=lambda e: e.seq)]
    now, bday = when(ctx, clock)
    rules.issue_terms(amount=amount, currency=currency, expires_on=expires_on, today=bday,
                      cap=limits.cap(currency))
    status = CardStatus.INACTIVE if inactive else CardStatus.ACTIVE
    out: list[tuple[CardView, str | None]] = []
    numbers = [n for n, _ in _draw(session, Card.number, count, config.generate)]
    keys: list[tuple[str | None, str | None]] = [(None, None)] * count
    if with_key:
        secret = pepper(session)
        keys = list(_draw(session, Card.key_hash, count, generate_key,
                          digest=lambda k: key_digest(secret, k)))
    at = PostingContext.of(ctx, now=now, business_date=bday)
    decision = rules.Decision(amount=amount, delta=amount, new_balance=amount,
                              new_status=status, requested=amount)
    made: list[Card] = []
    for i in range(count):
        made.append(_new_card(session, config=config, currency=currency, status=status,
                              expires_on=expires_on, program=program, now=now,
                              number=numbers[i], key_hash=keys[i][1]))
    # One posting for them all: the engine's batch mode (COPY on PostgreSQL).
    post_rows(session, [Posting(ctx=at, card_id=card.id, balance=card.balance, decision=decision,
                                entry_id=ids[i], type=EntryType.ISSUE, fingerprint=fp)
                        for i, card in enumerate(made)])
    for card, (key, _hash) in zip(made, keys, strict=True):
        out.append((view_of(card), key))
    return out


def activate(session: Session, *, number: str, amount: int = 0, entry_id: str | None = None,
             ctx: OpContext, limits: Limits, clock: Clock) -> OpResult:
    """Sell a printed card: INACTIVE -> ACTIVE with an optional initial value.
    An EXPIRED card comes back (with what expired on it, unless an amount is
    given) where the program allows."""
    eid = check_id(entry_id)
    fp = fingerprint("activate", number=clean_number(number), amount=amount)
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    card = find_card(session, number, lock=True)
    if card.status == CardStatus.EXPIRED and amount == 0:
        last = session.scalars(select(Entry).where(
            Entry.card_id == card.id, Entry.type == str(EntryType.EXPIRE))
            .order_by(Entry.seq.desc())).first()
        amount = last.approved_amount if last is not None else 0
    decision = rules.activate(state_of(card), amount=amount,
                              max_balance=limits.cap(card.currency),
                              reactivate_expired=limits.allow_reactivate_expired)
    entry = append(session, card, decision, entry_id=eid, type_=EntryType.ACTIVATE, ctx=ctx,
                   now=now, business_date=bday, fp=fp,
                   status_after=CardStatus.ACTIVE if decision.new_balance > 0
                   else decision.new_status)
    return result_of(entry, card)


def load(session: Session, *, number: str, amount: int, currency: str | None = None,
         entry_id: str | None = None, ctx: OpContext, limits: Limits,
         clock: Clock) -> OpResult:
    eid = check_id(entry_id)
    fp = fingerprint("load", number=clean_number(number), amount=amount)
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    card = find_card(session, number, lock=True)
    decision = rules.load(state_of(card), amount, max_balance=limits.cap(card.currency),
                          today=bday,
                          currency=currency)
    entry = append(session, card, decision, entry_id=eid, type_=EntryType.LOAD, ctx=ctx,
                   now=now, business_date=bday, fp=fp)
    return result_of(entry, card)


def adjust(session: Session, *, number: str, amount: int, reason: str,
           entry_id: str | None = None, ctx: OpContext, limits: Limits,
           clock: Clock) -> OpResult:
    """A manager's correction, signed, with a reason that stays in the journal."""
    eid = check_id(entry_id)
    fp = fingerprint("adjust", number=clean_number(number), amount=amount, reason=reason)
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    card = find_card(session, number, lock=True)
    decision = rules.adjust(state_of(card), amount, reason=reason,
                            max_balance=limits.cap(card.currency))
    entry = append(session, card, decision, entry_id=eid, type_=EntryType.ADJUST, ctx=ctx,
                   now=now, business_date=bday, fp=fp, reason=reason.strip())
    return result_of(entry, card)


def change_status(session: Session, *, number: str, action: str, reason: str | None = None,
                  entry_id: str | None = None, ctx: OpContext, clock: Clock) -> OpResult:
    """freeze, unfreeze, cancel or expire."""
    if action not in ("freeze", "unfreeze", "cancel", "expire"):
        raise ValidationError(key="invalid_action", params={"action": action})
    eid = check_id(entry_id)
    fp = fingerprint(action, number=clean_number(number))
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    card = find_card(session, number, lock=True)
    decision = rules.change_status(state_of(card), action)
    type_ = EntryType.EXPIRE if action == "expire" else EntryType.STATUS
    entry = append(session, card, decision, entry_id=eid, type_=type_, ctx=ctx, now=now,
                   business_date=bday, fp=fp, reason=reason or action,
                   flagged=False if action == "unfreeze" else None)
    return result_of(entry, card)


def expire_due(session: Session, *, today: date, ctx: OpContext, clock: Clock,
               limit: int = 1000) -> int:
    """Expire the cards whose expiry date has passed. Each gets an entry whose
    id is derived from the card and the date, so running twice is harmless."""
    rows = session.scalars(select(Card).where(
        Card.expires_on.is_not(None), Card.expires_on < today,
        Card.status.in_([str(CardStatus.ACTIVE), str(CardStatus.REDEEMED),
                         str(CardStatus.INACTIVE), str(CardStatus.FROZEN)]))
        .limit(limit)).all()
    for card in rows:
        eid = child_id("00000000-0000-0000-0000-000000000000",
                       f"expire:{card.number}:{card.expires_on}")
        change_status(session, number=card.number, action="expire", reason="expiry date passed",
                      entry_id=eid, ctx=ctx, clock=clock)
    return len(rows)


def transfer(session: Session, *, number: str, amount: int | None = None,
             deactivate_source: bool = False, config: CodeConfig | None = None,
             entry_id: str | None = None, ctx: OpContext, limits: Limits,
             clock: Clock) -> OpResult:
    """Move the balance (or part of it) to a newly issued card; optionally
    cancel the source. The answer names the new card (in full: it is new, and
    the customer needs it)."""
    eid = check_id(entry_id)
    fp = fingerprint("transfer", number=clean_number(number), amount=amount,
                     deactivate=deactivate_source)
    in_id = child_id(eid, "transfer_in")
    done = replay(session, eid, fp)
    if done is not None:
        new_entry = session.scalars(select(Entry).where(Entry.id == in_id)).one()
        new_card = card_by_id(session, new_entry.card_id)
        return result_of(done, card_by_id(session, done.card_id),
                         new_card=view_of(new_card).to_dict())
    now, bday = when(ctx, clock)
    source = find_card(session, number, lock=True)
    out = rules.move_out(state_of(source), amount, today=bday)
    if out.amount <= 0:
        raise ValidationError("This card has nothing to transfer.", key="nothing_to_transfer")
    if deactivate_source and out.new_balance != 0:
        # Cancelling the source would strand the rest on a CANCELLED card.
        raise ValidationError("Cancelling the source moves its whole balance: leave out the "
                              "amount, or keep the source active.",
                              key="partial_transfer_deactivates")
    target = _new_card(session, config=config or CodeConfig(), currency=source.currency,
                       status=CardStatus.ACTIVE, expires_on=source.expires_on,
                       program=source.program, now=now)
    status_after = CardStatus.CANCELLED if deactivate_source else None
    entry = append(session, source, out, entry_id=eid, type_=EntryType.TRANSFER_OUT, ctx=ctx,
                   now=now, business_date=bday, fp=fp, status_after=status_after,
                   reason=f"to {mask(target.number)}")
    # A flag goes with the value: moving it to a new card must not wash it
    # (issue 15.1); the new card and its entry show in the exceptions report.
    into = rules.Decision(amount=out.amount, delta=out.amount, new_balance=out.amount,
                          new_status=CardStatus.ACTIVE, requested=out.amount,
                          flagged=bool(source.flagged))
    append(session, target, into, entry_id=in_id, type_=EntryType.TRANSFER_IN, ctx=ctx, now=now,
           business_date=bday, fp=fp, ref_id=eid, reason=f"from {mask(source.number)}")
    return result_of(entry, source, new_card=view_of(target).to_dict())


def combine(session: Session, *, sources: list[str], target: str,
            entry_id: str | None = None, ctx: OpContext, limits: Limits,
            clock: Clock) -> OpResult:
    """Merge the balances of ``sources`` into ``target``; the sources become
    COMBINED. The answer is the target's entry."""
    if not sources:
        raise ValidationError("Name at least one card to combine.", key="invalid_request")
    tnum = clean_number(target)
    snums = [clean_number(s) for s in sources]
    if tnum in snums or len(set(snums)) != len(snums):
        raise ValidationError("Each card may appear once, and not as its own target.",
                              key="invalid_request")
    eid = check_id(entry_id)
    fp = fingerprint("combine", sources=snums, target=tnum)
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id), sources=len(snums))
    now, bday = when(ctx, clock)
    # Lock in one order (by number) so two combines cannot deadlock each other.
    locked = {n: find_card(session, n, lock=True) for n in sorted([tnum, *snums])}
    tcard = locked[tnum]
    rules.check_usable(state_of(tcard), bday)
    total = 0
    for n in snums:
        src = locked[n]
        rules.check_currency(state_of(src), tcard.currency)
        out = rules.move_out(state_of(src), None, today=bday, allow_frozen=False)
        total += out.amount
        append(session, src, out, entry_id=child_id(eid, f"combine_out:{n}"),
               type_=EntryType.COMBINE_OUT, ctx=ctx, now=now, business_date=bday, fp=fp,
               ref_id=eid, reason=f"into {mask(tnum)}", status_after=CardStatus.COMBINED)
    cap = limits.cap(tcard.currency)
    if tcard.balance + total > cap:
        raise Decline(key="balance_limit_exceeded", details=mask(tnum), params={
            "cap": cap, "room": max(cap - tcard.balance, 0), "currency": tcard.currency})
    into = rules.Decision(amount=total, delta=total, new_balance=tcard.balance + total,
                          new_status=rules.status_for_balance(tcard.balance + total),
                          requested=total,
                          flagged=any(locked[n].flagged for n in snums))  # never washed
    entry = append(session, tcard, into, entry_id=eid, type_=EntryType.COMBINE_IN, ctx=ctx,
                   now=now, business_date=bday, fp=fp,
                   reason=f"from {len(snums)} card(s)")
    return result_of(entry, tcard, sources=len(snums))
