"""The ledger's operations, framework-free: authentication, idempotent
mutation, and each endpoint's work. The HTTP layer (app.ledger.api) only
parses and routes. Card operations go through the same CardService and rules
as the terminal's store; nothing lives only in a process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.clock import Clock, as_aware, utcnow
from app.domain import Limits, OpContext, OpResult
from app.errors import GiftposError, NotFound, ValidationError
from app.ids import check_id
from app.ledger import feed, guards
from app.ledger.apply import apply_batch
from app.ledger.auth import Caller, authenticate_digest, digest_of
from app.ledger.schema import SyncState
from app.ledger.tokencache import TokenCache
from app.ops.journal import WRITTEN, card_by_id, card_query, read_ahead
from app.ops.posting import Pipeline
from app.ops.service import CardService
from app.store.database import Store
from app.store.schema import Entry
from app.wire.entry import WireEntry, card_payload, entry_payload

if TYPE_CHECKING:
    from app.ops.sweep import SweepReport

log = logging.getLogger(__name__)

Op = Callable[[Session, str, OpContext], dict[str, Any]]
# The advisory lock that lets one ledger process sweep at a time.
SWEEP_LOCK = 0x6766_7377_6565_70  # "gfsweep"


@dataclass(frozen=True, kw_only=True)
class LedgerSettings:
    key_lookups_per_minute: int = 30
    # How long a journal position must have been posted before the pull cursor
    # moves past it (PostgreSQL only; SQLite commits in sequence order).
    settle_s: float | None = None
    max_push: int = 1000


@dataclass(frozen=True, kw_only=True)
class Till:
    """Who and when, as the request says: the terminal's clock and day."""

    cashier: str | None = None
    sale_id: str | None = None
    business_date: date | None = None
    terminal_time: datetime | None = None


class Ledger:
    def __init__(self, store: Store, *, limits: Limits | None = None,
                 settings: LedgerSettings | None = None, clock: Clock = utcnow) -> None:
        self.store = store
        self.clock = clock
        # Everything the ledger writes is posted as it is written (its post
        # time), whoever asks: OpContext.posts, here and in ctx() below.
        self.cards = CardService(store, limits=limits or Limits(), clock=clock,
                                 context=OpContext(posts=True))
        self.settings = settings or LedgerSettings()
        settle = self.settings.settle_s
        self.settle_s = settle if settle is not None else (
            2.0 if store.dialect == "postgresql" else 0.0)
        # Callers by token, kept while its listener runs (app.ledger.api
        # starts it in a serving process; elsewhere it stays empty).
        self.tokens = TokenCache()

    # -- requests ----------------------------------------------------------
    def known_caller(self, authorization: str | None) -> Caller | None:
        """The caller if this process knows the token already; no I/O (the
        gate calls it on the event loop). AuthError without a token."""
        return self.tokens.get(digest_of(authorization))

    def authenticate(self, authorization: str | None) -> Caller:
        digest = digest_of(authorization)
        known = self.tokens.get(digest)
        if known is not None:
            return known
        generation = self.tokens.generation()
        if self.store.dialect == "postgresql":
            # One statement, no transaction around it: saves two round trips.
            with self.store.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as conn:
                caller = authenticate_digest(conn, digest)
        else:
            with self.store.read() as s:
                caller = authenticate_digest(s, digest)
        self.tokens.put(digest, caller, generation)
        return caller

    def health(self) -> dict[str, Any]:
        with self.store.read() as s:
            s.execute(text("SELECT 1"))
        return {"status": "ok", "database": self.store.dialect,
                "time": self.clock().isoformat(), "pid": os.getpid()}

    def ctx(self, caller: Caller, till: Till) -> OpContext:
        return OpContext(terminal=caller.name, store=caller.store, cashier=till.cashier,
                         sale_id=till.sale_id, business_date=till.business_date,
                         now=till.terminal_time, posts=True)

    def mutate(self, caller: Caller, *, route: str, body: dict[str, Any], key: str | None,
               till: Till, op: Op, redact: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
               card: str | None = None) -> tuple[int, dict[str, Any]]:
        """Run ``op`` once per idempotency key. The first answer (success or a
        decline) is stored with a hash of the request: a retry gets it back, a
        different request under the same key gets 409. A success and its
        stored answer commit together.

        ``card``: the one card ``op`` locks first (a redemption's). On
        PostgreSQL the id's lock, its checks and that card's row then go in
        one round trip, and what ``op`` and the stored answer write goes with
        the COMMIT in a second (the posting engine's pipelined mode,
        app/ops/posting.py); the decision between them is ``op``'s, as on
        every other path."""
        idem_key = key or (str(body["id"]) if body.get("id") else None)
        entry_id = (str(body["id"]) if body.get("id") else
                    guards.entry_id_for(caller.id, idem_key) if idem_key else None)
        entry_id = check_id(entry_id)  # None: a new id
        rhash = guards.request_hash(route, body)
        ctx = self.ctx(caller, till)

        def run(session: Session) -> tuple[int, dict[str, Any]]:
            pipe = Pipeline.open(session) if card is not None else None
            try:
                return decide(session, pipe)
            finally:
                if pipe is not None:
                    pipe.close()

        def decide(session: Session, pipe: Pipeline | None) -> tuple[int, dict[str, Any]]:
            # One fate per id: the reversal of an id in doubt takes this lock
            # too, so it waits for this transaction or this one for it.
            checks = guards.checks(caller_id=caller.id, key=idem_key, entry_id=entry_id,
                                   token=caller.digest)
            if pipe is not None and card is not None:
                # The lock first: the checks and the card row are read under it.
                _, (row,), card_rows = pipe.read(
                    [guards.lock_query(entry_id), checks, card_query(card, lock=True)],
                    positions=1)
                read_ahead(session, card, card_rows)
            else:
                guards.lock_id(session, entry_id)
                row = session.connection().execute(*checks).one()
            seen, dead = guards.judge(session, row, key=idem_key, rhash=rhash,
                                      entry_id=entry_id, token=caller.digest)
            if dead:
                # Checked before the stored answer: an id reversed after its
                # answer was lost is reversed for every retry too.
                raise GiftposError("This operation was reversed after its answer was lost; "
                                   "start it again with a new id.", key="operation_cancelled",
                                   code=409, details=entry_id)
            if seen is not None:
                return seen
            payload = op(session, entry_id, ctx)
            if idem_key is not None:
                stored = redact(payload) if redact else payload
                guards.remember(session, caller_id=caller.id, key=idem_key, rhash=rhash,
                                status=200, response=stored, now=self.clock())
            if pipe is not None:
                pipe.commit()
            return 200, payload

        try:
            return self.cards.run(run)
        except GiftposError as err:
            if idem_key is not None and err.code < 500 and err.code != 409:
                self._remember_error(caller, idem_key, rhash, err)
            raise

    def _remember_error(self, caller: Caller, key: str, rhash: str, err: GiftposError) -> None:
        from sqlalchemy.exc import IntegrityError

        try:
            with self.store.transaction() as s:
                guards.remember(s, caller_id=caller.id, key=key, rhash=rhash, status=err.code,
                                response=err.to_dict(), now=self.clock())
        except IntegrityError:  # a concurrent retry stored its answer first
            pass

    def void_in_doubt(self, session: Session, original: str, entry_id: str, ctx: OpContext,
                      reason: str | None) -> dict[str, Any]:
        """Reverse an entry whose answer the terminal never got: void it if it
        is here, else tombstone its id so it is refused should it arrive. The
        id's lock is taken first, so a late original still in its transaction
        is waited for (and then voided), never overtaken.

        The terminal went on without the original (under an offline stand-in,
        or not at all), so the reversal is that id's fate whatever the card
        did since: a credit the card has spent meanwhile is reversed anyway,
        leaving the card below zero until the stand-in's credit arrives (and
        flagged for a manager when no stand-in comes: a load or a sale of the
        card, which need the ledger and have none)."""
        from app.ops import payments

        original = check_id(original)
        guards.lock_id(session, original)
        now = self.clock()
        try:
            with session.begin_nested():
                res = payments.void(session, original_id=original, entry_id=entry_id, ctx=ctx,
                                    clock=self.cards.clock, in_doubt=True,
                                    reason=reason or "reversal after a timeout")
            guards.tombstone(session, original, now)
            answer = {**Ledger.answer(session, res), "outcome": "voided"}
            # The original too: a terminal that never recorded it mirrors both.
            first = session.scalars(select(Entry).where(Entry.id == original)).one()
            answer["original"] = entry_payload(first, card_by_id(session, first.card_id))
            if res.new_balance < 0 and first.type in ("load", "activate"):
                guards.flag_reversal(session, answer, now)
            return answer
        except NotFound:
            guards.tombstone(session, original, now)
            return {"id": entry_id, "status": "NOTHING_TO_VOID", "outcome": "not_applied"}
        except GiftposError as exc:
            if exc.key in ("already_voided", "void_not_possible"):
                guards.tombstone(session, original, now)
                return {"id": entry_id, "status": "NOTHING_TO_VOID", "outcome": exc.key}
            raise

    # -- the timed rules ----------------------------------------------------
    def sweep(self) -> SweepReport:
        """Release expired holds and expire cards past their date, once. On
        PostgreSQL one process at a time sweeps (a session advisory lock;
        another one finds it taken and skips); SQLite has one writer anyway."""
        from app.ops.sweep import SweepReport, sweep

        ctx = OpContext(terminal="ledger", store="ledger", posts=True)
        if self.store.dialect != "postgresql":
            return sweep(self.cards, ctx=ctx)
        with self.store.engine.connect() as conn:
            got = conn.execute(select(func.pg_try_advisory_lock(SWEEP_LOCK))).scalar()
            conn.commit()
            if not got:
                return SweepReport(skipped=True)
            try:
                return sweep(self.cards, ctx=ctx)
            finally:
                conn.execute(select(func.pg_advisory_unlock(SWEEP_LOCK)))
                conn.commit()

    # -- answers -----------------------------------------------------------
    @staticmethod
    def answer(session: Session, res: OpResult) -> dict[str, Any]:
        """An operation's result, plus the entry and card as the ledger has them
        (the terminal mirrors these into its replica)."""
        # Both were usually just written in this session: no query needed.
        written = session.info.get(WRITTEN, {})
        entry = written.get(res.id)
        if entry is None:
            entry = session.scalars(select(Entry).where(Entry.id == res.id)).one()
        card = written.get(("card", entry.card_id)) or card_by_id(session, entry.card_id)
        d = res.to_dict()
        d["seq"] = entry.seq
        d["entry"] = entry_payload(entry, card)
        d["card_state"] = card_payload(card)
        return d

    # -- reading -----------------------------------------------------------
    def balance(self, caller: Caller, *, number: str | None, key: str | None) -> dict[str, Any]:
        """By number, or by number and key (issue 15.8): a key is the card's
        security code, never a way to find a card, so a key alone is refused
        and a key that is not that card's answers as an unknown card."""
        if number is None:
            raise ValidationError(
                "Give the card number (with its key, if the card has one): a key alone "
                "finds no card." if key is not None else "Give the card number.",
                key="number_required" if key is not None else "number_or_key")
        from app.ops import queries
        from app.ops.journal import find_card

        if key is not None:
            with self.store.transaction() as s:
                guards.hit_rate(s, caller_id=caller.id, kind="key", now=self.clock(),
                                limit=self.settings.key_lookups_per_minute)
        with self.store.read() as s:
            view = queries.balance(s, number=number, key=key)
            card = find_card(s, view.number)
            d = card_payload(card)
            d.update(masked=view.masked, seq=feed.card_seq(s, card.id))
            return d

    def details(self, *, number: str, limit: int, after: int | None) -> dict[str, Any]:
        card, entries, cursor = self.cards.history(number=number, limit=limit, after=after)
        return {**card.to_dict(full_number=True),
                "history": [e.to_dict() for e in entries], "next": cursor}

    # -- sync --------------------------------------------------------------
    def push(self, caller: Caller, entries: list[dict[str, Any]]) -> dict[str, Any]:
        if len(entries) > self.settings.max_push:
            raise ValidationError(f"Push at most {self.settings.max_push} entries at a time.",
                                  key="batch_too_large")
        parsed = [WireEntry.parse(e) for e in entries]

        def run(session: Session) -> dict[str, Any]:
            outcomes = apply_batch(session, parsed, caller=caller, limits=self.cards.limits)
            self._note_sync(session, caller, pushed=len(parsed))
            return {"results": [o.to_dict() for o in outcomes]}

        return self.cards.run(run)

    def pull(self, caller: Caller, *, cursor: int | str, limit: int) -> dict[str, Any]:
        def run(session: Session) -> dict[str, Any]:
            if cursor == "head":
                h = feed.head(session)
                page: dict[str, Any] = {"entries": [], "cards": [], "cursor": h,
                                        "next_cursor": h, "more": False}
            else:
                page = feed.pull(session, cursor=int(cursor), limit=limit, now=self.clock(),
                                 settle_s=self.settle_s)
            self._note_sync(session, caller, cursor=page["next_cursor"])
            return page

        return self.cards.run(run)

    def _note_sync(self, session: Session, caller: Caller, *, pushed: int = 0,
                   cursor: int | None = None) -> None:
        row = session.get(SyncState, caller.id)
        if row is None:
            row = SyncState(principal_id=caller.id, last_cursor=0, pushed=0)
            session.add(row)
        now = self.clock()
        if cursor is None:
            row.last_push_at = now
            row.pushed = (row.pushed or 0) + pushed
        else:
            row.last_pull_at = now
            row.last_cursor = cursor
        session.flush()

    def sync_status(self) -> list[dict[str, Any]]:
        from app.ledger.schema import Principal

        with self.store.read() as s:
            rows = s.execute(select(Principal.name, SyncState).join(
                SyncState, SyncState.principal_id == Principal.id)).all()
            return [{"terminal": name, "pushed": st.pushed, "cursor": st.last_cursor,
                     "last_push_at": as_aware(st.last_push_at).isoformat()
                     if st.last_push_at else None,
                     "last_pull_at": as_aware(st.last_pull_at).isoformat()
                     if st.last_pull_at else None} for name, st in rows]
