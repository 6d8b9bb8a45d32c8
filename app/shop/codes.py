"""Security codes: 4-8 digits a card program can require for balance
look-ups and for spends without the card present (a web or phone order) --
Fiserv's ``securityCode``, Clover's SCV. Stored as an HMAC under the store's
pepper bound to the card (hashed like card keys), checked under a throttle:
three wrong codes free, then a lock-out that doubles up to 15 minutes
(the policy of staff PINs), counted per card, so guessing one card's
code from many places is as slow as from one."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.clock import as_aware
from app.domain import mask
from app.errors import Decline, ValidationError
from app.hashing import key_digest
from app.ops.journal import find_card, pepper
from app.shop import settings as shop_settings
from app.shop.schema import CardCodeRow, CodeAttemptRow
from app.store.database import Store
from app.store.schema import Card

_CODE = re.compile(r"^\d{4,8}$")
FREE_ATTEMPTS, BASE_LOCK_S, MAX_LOCK_S = 3, 30, 15 * 60


def locked_until(failures: int, now: datetime) -> datetime | None:
    """The lock after ``failures`` wrong codes in a row (none for the first few)."""
    if failures < FREE_ATTEMPTS:
        return None
    return now + timedelta(seconds=min(BASE_LOCK_S * 2 ** (failures - FREE_ATTEMPTS),
                                       MAX_LOCK_S))


def wait_seconds(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() + 0.999))


def check_format(code: str) -> str:
    c = (code or "").strip()
    if not _CODE.match(c):
        raise ValidationError("A security code is 4 to 8 digits.", key="invalid_security_code")
    return c


def new_code(length: int = 4) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(length))


def _digest(session: Session, card: Card, code: str) -> str:
    return key_digest(pepper(session), f"{card.id}:{code}")


def _throttle_key(session: Session, card: Card) -> str:
    return hmac.new(pepper(session), f"code-throttle:{card.number}".encode(),
                    hashlib.sha256).hexdigest()


def set_code(session: Session, *, number: str, code: str | None, now: datetime) -> str:
    """Give the card a code (a new random one when none is given). Answers
    the code: the only time it is seen in clear."""
    card = find_card(session, number, lock=True)
    c = check_format(code) if code is not None else new_code()
    row = session.get(CardCodeRow, card.id)
    if row is None:
        session.add(CardCodeRow(card_id=card.id, code_hash=_digest(session, card, c),
                                set_at=now))
    else:
        row.code_hash, row.set_at = _digest(session, card, c), now
    session.flush()
    return c


def has_code(session: Session, card: Card) -> bool:
    return session.get(CardCodeRow, card.id) is not None


def required(session: Session, card: Card) -> bool:
    """Whether a look-up or card-not-present spend of this card needs its
    code: when its program says so, or when the card has one."""
    return has_code(session, card) or shop_settings.load(session).program(
        card.program).require_code


def verify(session: Session, *, card: Card, code: str | None, now: datetime) -> None:
    """Pass, or a Decline (wrong, missing, locked). Counts in the caller's
    transaction: commit it even when this declines (``verify_and_commit``)."""
    if not required(session, card):
        return
    row = session.get(CardCodeRow, card.id)
    tkey = _throttle_key(session, card)
    tries = session.get(CodeAttemptRow, tkey)
    if tries is not None and tries.locked_until is not None and as_aware(
            tries.locked_until) > now:
        raise Decline(key="security_code_locked", details=mask(card.number),
                      params={"wait_s": wait_seconds(as_aware(tries.locked_until), now)})
    if row is None:
        raise Decline("This card's program needs a security code and the card has none; "
                      "the store can set one.", key="security_code_not_set",
                      details=mask(card.number))
    given = (code or "").strip()
    if not given:
        raise Decline("Enter the card's security code.", key="security_code_required",
                      details=mask(card.number))
    ok = hmac.compare_digest(row.code_hash, _digest(session, card, given))
    if tries is None:
        tries = CodeAttemptRow(card_digest=tkey, failures=0, locked_until=None)
        session.add(tries)
    if ok:
        tries.failures, tries.locked_until = 0, None
        session.flush()
        return
    tries.failures += 1
    tries.locked_until = locked_until(tries.failures, now)
    session.flush()
    raise Decline("That security code is not right.", key="security_code_wrong",
                  details=mask(card.number))


def check(store: Store, *, number: str, code: str | None, now: datetime) -> Card:
    """Verify in a transaction of its own that is kept even when the code is
    wrong (so the throttle counts), and answer the card."""
    failure: Decline | None = None
    with store.transaction() as s:
        card = find_card(s, number)
        try:
            verify(s, card=card, code=code, now=now)
        except Decline as exc:
            failure = exc
    if failure is not None:
        raise failure
    return card
