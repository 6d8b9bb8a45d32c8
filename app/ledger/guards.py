"""Request guards kept in the database (so every service process agrees):
idempotency keys with their first answer, rate counters, and tombstones."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, exists, func, insert, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.errors import Conflict, Forbidden, RateLimited
from app.ledger.auth import Caller, invalid_token
from app.ledger.schema import IdempotencyKey, Principal, RateCounter, Tombstone
from app.ops import posting
from app.ops.journal import mark_new
from app.store.schema import Entry

# uuid5 namespace for idempotency keys that are not UUIDs themselves.
KEY_NAMESPACE = uuid.UUID("6f1c3d3e-5a0e-4a55-9d0b-6c1f2d1a7e11")


def entry_id_for(caller_id: int, key: str) -> str:
    """The journal id an idempotency key stands for: the key itself when it is a
    UUID (terminals send their entry ids), else one derived from it."""
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return str(uuid.uuid5(KEY_NAMESPACE, f"{caller_id}:{key}"))


def request_hash(route: str, body: dict[str, Any]) -> str:
    blob = json.dumps({"route": route, "body": body}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def recall(session: Session, *, caller_id: int, key: str,
           rhash: str) -> tuple[int, dict[str, Any]] | None:
    row = session.get(IdempotencyKey, (caller_id, key))
    if row is None:
        return None
    if row.request_hash != rhash:
        raise Conflict("This Idempotency-Key was already used for a different request.",
                       details=key)
    return row.status_code, json.loads(row.response)


# Built once, reused compiled: these run on every mutating request.
_DEAD = exists().where(Tombstone.entry_id == bindparam("eid"))
_KNOWN = exists().where(Entry.id == bindparam("eid"))
# The caller's token still good, read in the mutation's own transaction: a
# token revoked a moment ago (and still in a process's cache) moves nothing.
_GOOD = exists().where(Principal.id == bindparam("pid"), Principal.token_hash == bindparam("h"),
                       Principal.revoked_at.is_(None))
_DEAD_ONLY = select(_DEAD.label("dead"), _KNOWN.label("known"), _GOOD.label("good"))
_RECALL = (select(literal(1), _DEAD.label("dead"), _KNOWN.label("known"), _GOOD.label("good"),
                  IdempotencyKey.request_hash,
                  IdempotencyKey.status_code, IdempotencyKey.response)
           .outerjoin_from(select(literal(1)).subquery(), IdempotencyKey,
                           (IdempotencyKey.principal_id == bindparam("pid"))
                           & (IdempotencyKey.key == bindparam("key"))))
_REMEMBER = insert(IdempotencyKey.metadata.tables["ledger_idempotency"])


def checks(*, caller_id: int, key: str | None, entry_id: str,
           token: str = "") -> tuple[Any, dict[str, Any]]:
    """The statement :func:`recall_or_tombstone` runs, for a caller that
    sends it in a round trip of its own (posting.Pipeline) and hands the row
    to :func:`judge`."""
    if key is None:
        return _DEAD_ONLY, {"eid": entry_id, "pid": caller_id, "h": token}
    return _RECALL, {"eid": entry_id, "pid": caller_id, "key": key, "h": token}


def recall_or_tombstone(session: Session, *, caller_id: int, key: str | None, rhash: str,
                        entry_id: str, token: str = ""
                        ) -> tuple[tuple[int, dict[str, Any]] | None, bool]:
    """One round trip for the checks every mutation makes first: the stored
    answer under this key (if any), whether the id was given up, whether an
    entry has it already (if not, the operation need not look again), and,
    given the caller's ``token`` digest, that the token is still good
    (AuthError ``token_invalid`` if not)."""
    stmt, params = checks(caller_id=caller_id, key=key, entry_id=entry_id, token=token)
    row = session.connection().execute(stmt, params).one()
    return judge(session, row, key=key, rhash=rhash, entry_id=entry_id, token=token)


def judge(session: Session, row: Any, *, key: str | None, rhash: str, entry_id: str,
          token: str = "") -> tuple[tuple[int, dict[str, Any]] | None, bool]:
    """What the row of :func:`checks` says: (the stored answer or None,
    whether the id is tombstoned)."""
    if token and not row.good:
        raise invalid_token()
    if not row.known:
        mark_new(session, entry_id)
    if key is None or row.request_hash is None:
        return None, bool(row.dead)
    if row.request_hash != rhash:
        raise Conflict("This Idempotency-Key was already used for a different request.",
                       details=key)
    return (row.status_code, json.loads(row.response)), bool(row.dead)


def remember(session: Session, *, caller_id: int, key: str, rhash: str, status: int,
             response: dict[str, Any], now: datetime) -> None:
    posting.write(session, _REMEMBER, {
        "principal_id": caller_id, "key": key, "request_hash": rhash, "status_code": status,
        "response": json.dumps(response, default=str), "created_at": now})


def hit_rate(session: Session, *, caller_id: int, kind: str, now: datetime, limit: int,
             window_s: int = 60) -> int:
    """Count one request; refuse past ``limit`` in any sliding ``window_s``.

    A sliding window (issue 15.8), estimated from two fixed buckets as
    Cloudflare and the `limits` library do: this window's count plus the
    previous one's weighted by how much of it still overlaps. Fixed windows
    let a caller spend two allowances in two seconds across a boundary. The
    count is one atomic upsert, so concurrent processes cannot both slip
    under the limit."""
    ts = now.timestamp()
    index = int(ts) // window_s
    bucket, previous = f"{kind}:{index}", f"{kind}:{index - 1}"
    ins = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    base = ins(RateCounter).values(principal_id=caller_id, bucket=bucket, count=1)
    stmt = base.on_conflict_do_update(
        index_elements=[RateCounter.principal_id, RateCounter.bucket],
        set_={"count": RateCounter.count + 1}).returning(RateCounter.count)
    count = int(session.execute(stmt).scalar_one())
    if count == 1:  # a new window: forget all but the one before
        session.execute(delete(RateCounter).where(
            RateCounter.principal_id == caller_id, RateCounter.bucket.like(f"{kind}:%"),
            RateCounter.bucket.not_in((bucket, previous))))
    before = session.scalar(select(RateCounter.count).where(
        RateCounter.principal_id == caller_id, RateCounter.bucket == previous)) or 0
    overlap = 1.0 - (ts - index * window_s) / window_s
    if count + before * overlap > limit:
        raise RateLimited("Too many look-ups from this terminal; wait a minute and try "
                          "again.", key="rate_limited")
    return count


def lock_id(session: Session, entry_id: str) -> None:
    """Serialise everything decided about one entry id until the transaction
    ends: a PostgreSQL advisory lock keyed by the id (SQLite's write
    transactions, BEGIN IMMEDIATE, are serialised already)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.connection().execute(*lock_query(entry_id))


_LOCK_ID = select(func.pg_advisory_xact_lock(bindparam("k")))


def lock_query(entry_id: str) -> tuple[Any, dict[str, Any]]:
    """The statement :func:`lock_id` runs (PostgreSQL)."""
    return _LOCK_ID, {"k": int.from_bytes(uuid.UUID(entry_id).bytes[:8], "big", signed=True)}


def flag_reversal(session: Session, answer: dict[str, Any], now: datetime) -> None:
    """A reversal after a timeout left the card below zero with nothing to come
    back: flag the card and keep the case for a manager."""
    from app.ledger.schema import LedgerException
    from app.store.schema import Card

    card = session.scalars(select(Card).where(
        Card.number == answer["card_state"]["number"])).one()
    posting.mark(session, card, flagged=True)
    session.add(LedgerException(
        kind="in_doubt", entry_id=answer["id"], card_id=card.id, terminal="ledger",
        store="ledger", key="reversal_overdrew",
        message="A load or sale reversed after its answer was lost had been spent; "
                "the card is below zero.", payload=json.dumps(answer, default=str),
        created_at=now))
    session.flush()


def is_tombstoned(session: Session, entry_id: str) -> bool:
    return session.get(Tombstone, entry_id) is not None


def tombstone(session: Session, entry_id: str, now: datetime) -> None:
    if session.get(Tombstone, entry_id) is None:
        session.add(Tombstone(entry_id=entry_id, created_at=now))
        session.flush()


def tombstoned_ids(session: Session, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    return set(session.scalars(select(Tombstone.entry_id).where(Tombstone.entry_id.in_(ids))))


# -- who may resolve an entry (issue 15.4) -------------------------------------
# Cards are spendable anywhere; an entry is the business of the till that made
# it. A void, capture or release is the making terminal's (or a manager's of
# that store); a refund is its store's (a customer brings goods back to the
# shop, not always to the same till) or a manager's.
SAME_TERMINAL = frozenset({"void", "capture", "release"})
SAME_STORE = frozenset({"refund"})


def may_resolve(caller: Caller, *, action: str, terminal: str, store: str) -> bool:
    """Whether ``caller`` may void/capture/release/refund an entry made by
    ``terminal`` of ``store``. Pure: the push path (apply.py) calls it too."""
    if caller.manages(store):
        return True
    if action in SAME_STORE:
        return caller.store == store
    return caller.name == terminal


def require_owner(session: Session, caller: Caller, *, entry_id: str, action: str) -> None:
    """Refuse (403 ``not_your_entry``) to resolve another till's entry. An id
    the ledger does not have passes: the operation answers its own not-found."""
    try:
        eid = str(uuid.UUID(entry_id))
    except ValueError:
        return
    row = session.execute(select(Entry.terminal, Entry.store).where(Entry.id == eid)).first()
    if row is None or may_resolve(caller, action=action, terminal=row.terminal,
                                  store=row.store):
        return
    raise Forbidden(key="not_your_entry", details=eid,
                    params={"terminal": row.terminal, "store": row.store, "what": action})


# -- offline credits (issue 15.1) ----------------------------------------------
def offline_credit_refusal(session: Session, caller: Caller, *, ref_id: str | None,
                           card_id: int, amount: int, action: str) -> tuple[str, str] | None:
    """Why a pushed offline refund or void (a credit of ``amount`` > 0 minor
    units to card ``card_id``) may NOT be applied by force, or None when it
    may. The push path forces a credit the rules refuse (a frozen card: the
    customer already has the value); it must never force one that names no
    real original on this card, another till's entry, or more than is still
    refundable: that is money from nothing. Reject those (they are kept for a
    manager in ledger_exceptions)."""
    if not ref_id:
        return "original_required", "An offline refund or void must name its original."
    try:
        ref = str(uuid.UUID(ref_id))
    except ValueError:
        return "original_required", "An offline refund or void must name its original."
    from app.ops import payments

    original = session.scalars(select(Entry).where(Entry.id == ref)).first()
    if original is None or original.card_id != card_id:
        return "original_unknown", "The ledger has no such original on this card."
    if str(original.type) not in ("redeem", "capture", "hold"):
        return "original_not_a_spend", "Only a spend can be refunded or voided to a credit."
    if not may_resolve(caller, action=action, terminal=original.terminal,
                       store=original.store):
        return "not_your_entry", "The original was made by another till."
    if str(original.type) in ("redeem", "capture"):
        room = payments.refundable(session, original)
    else:  # a hold
        already = int(session.scalar(
            select(func.coalesce(func.sum(Entry.amount), 0)).where(
                Entry.ref_id == ref, Entry.amount > 0)) or 0)
        room = -original.amount - already
    if amount > room:
        return "refund_exceeds_original", (f"Only {max(room, 0)} of the original is still "
                                           "refundable.")
    return None


def require_own_id(session: Session, caller: Caller, entry_id: str) -> None:
    """An id this caller did not make is not its to replay (issue 15.10):
    reusing another till's entry id answered that till's stored result, its
    cashier and sale. 409 ``id_in_use``."""
    made_by = session.scalar(select(Entry.terminal).where(Entry.id == entry_id))
    if made_by is not None and made_by != caller.name:
        raise Conflict("This operation id belongs to another till's operation; use a new id.",
                       key="id_in_use", details=entry_id)


def require_repairer(session: Session, caller: Caller, numbers: list[str], *,
                     action: str) -> None:
    """Issue 15.4: a store's manager repairs (adjust, transfer, combine,
    status) only cards of their store: a card belongs to the store of its
    first entry (where it was issued or sold). A chain-wide manager or the
    back office repairs any card; a card the back office issued ('*') may be
    repaired by any store's manager."""
    if caller.is_admin or caller.store == "*":
        return
    from app.ops.journal import find_card

    for number in numbers:
        card = find_card(session, number)
        home = session.scalar(select(Entry.store).where(Entry.card_id == card.id)
                              .order_by(Entry.seq).limit(1))
        if home not in (None, "*", caller.store):
            raise Forbidden(key="not_your_store",
                            params={"store": caller.store, "home": home, "what": action})
