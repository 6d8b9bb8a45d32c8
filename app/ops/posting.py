"""The posting engine: the one writer of journal entries and card state.

Every change of value, on a till or on the ledger (online, a pushed batch,
the replica mirroring the ledger), is a :class:`Posting` written by
:func:`post`: the entry, the card's cached balance, status and flag, and the
outbox row of an entry the ledger has yet to see, in SQLAlchemy Core, in the
caller's transaction. What every entry of a posting shares (who, when, offline,
the ledger's post time) travels in an explicit :class:`PostingContext`.

One posting or a few go in as one INSERT each; a batch (a push of offline
entries) goes in as one binary COPY on PostgreSQL (a thousand rows cost a
tenth of an executemany: COPY formats rows in C) or one executemany elsewhere,
with one UPDATE per card moved. Either way an entry's columns are named once:
:data:`ENTRY_COLUMNS` is read from the table.

On PostgreSQL the engine has a pipelined mode (:class:`Pipeline`, psycopg's
pipeline mode): a caller reads what it decides on in one round trip (the
ledger's redemption: the id's lock, its checks and the card row), decides in
Python (``app.rules``), and the writes the same functions make (the entry,
the card, the hold, the stored answer) wait and go with the COMMIT in a
second. Same statements, same columns; only when they travel changes.

A hold is a pending entry: the entry that resolves it (capture, release,
expiry, void) carries its id in ``resolves``, which a unique index holds to
one, so a hold resolves at most once whatever runs beside it.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NoReturn

from sqlalchemy import Connection, Engine, bindparam, event, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import Executable

from app.clock import utcnow
from app.domain import CardStatus, EntryType, OpContext
from app.rules import Decision
from app.store.schema import Card, Entry, Outbox

_ENTRIES = Entry.metadata.tables["entries"]
_CARDS = Card.metadata.tables["cards"]
_OUTBOX = Outbox.metadata.tables["outbox"]

# The journal's columns, in table order, as the table declares them.
ENTRY_COLUMNS: tuple[str, ...] = tuple(c.key for c in _ENTRIES.columns)
# From this many entries on, a batch goes in by COPY on PostgreSQL.
COPY_FROM = 8


@dataclass(kw_only=True, slots=True)
class PostingContext:
    """What the entries of one posting share: who and when, whether they were
    made offline, the ledger's post time (None on a till: its entries are
    posted when the ledger has them), and whether each is queued in the
    outbox for the ledger."""

    terminal: str
    store: str
    cashier: str | None = None
    sale_id: str | None = None
    business_date: date
    created_at: datetime
    offline: bool = False
    posted_at: datetime | None = None
    outbox: bool = False

    @classmethod
    def of(cls, ctx: OpContext, *, now: datetime, business_date: date) -> PostingContext:
        """An operation's context. On a till, offline work is queued for the
        ledger; on the ledger (``ctx.posts``) entries are posted as they are
        written, and an offline entry (pushed) is only marked so."""
        return cls(terminal=ctx.terminal, store=ctx.store, cashier=ctx.cashier,
                   sale_id=ctx.sale_id, business_date=business_date, created_at=now,
                   offline=ctx.offline, outbox=ctx.offline and not ctx.posts,
                   posted_at=utcnow() if ctx.posts else None)


@dataclass(kw_only=True, slots=True)
class Posting:
    """One entry: the card (by id) at ``balance`` moved by ``decision``.
    ``flagged``: the card's flag afterwards (None: kept, raised if the
    decision flags); ``resolves``: the hold this entry closes."""

    ctx: PostingContext
    card_id: int
    balance: int
    decision: Decision
    entry_id: str
    type: EntryType
    fingerprint: str
    ref_id: str | None = None
    reason: str | None = None
    status_after: CardStatus | None = None
    flagged: bool | None = None
    resolves: str | None = None

    def values(self) -> dict[str, Any]:
        """The entry's columns (all of :data:`ENTRY_COLUMNS` but ``seq``)."""
        d, c = self.decision, self.ctx
        return {
            "id": self.entry_id, "card_id": self.card_id, "type": str(self.type),
            "amount": d.delta, "balance_after": self.balance + d.delta,
            "requested_amount": d.requested, "approved_amount": d.amount,
            "remaining_due": d.remaining_due, "partial": d.partial,
            "status_after": str(self.status_after or d.new_status),
            "terminal": c.terminal, "store": c.store, "cashier": c.cashier,
            "sale_id": c.sale_id, "business_date": c.business_date,
            "created_at": c.created_at, "posted_at": c.posted_at, "ref_id": self.ref_id,
            "reason": self.reason, "offline": c.offline, "flagged": d.flagged,
            "fingerprint": self.fingerprint, "resolves": self.resolves,
        }


@dataclass(frozen=True, slots=True)
class CardMove:
    """A card's state after the postings of one call."""

    balance: int
    status: str
    updated_at: datetime
    flagged: bool | None  # None: unchanged


_INSERT_ENTRY = insert(_ENTRIES)
_INSERT_OUTBOX = insert(_OUTBOX)
_MOVE_CARD = update(_CARDS).where(_CARDS.c.id == bindparam("card_id")).values(
    balance=bindparam("new_balance"), status=bindparam("new_status"),
    updated_at=bindparam("now"),
    flagged=func.coalesce(bindparam("new_flagged", type_=_CARDS.c.flagged.type),
                          _CARDS.c.flagged))
_SEQS = select(_ENTRIES.c.id, _ENTRIES.c.seq)

# Binary COPY needs each column's PostgreSQL type (binary rows cost a third of
# the CPU of text ones); read from the table, as its DDL says them.
_COPY_COLUMNS = ENTRY_COLUMNS
_COPY = f"COPY entries ({', '.join(_COPY_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
_NEXT_SEQS = ("SELECT nextval(pg_get_serial_sequence('entries', 'seq')) "
              "FROM generate_series(1, %s)")


def _pg_type(column: Any) -> str:
    """The column's PostgreSQL type name as psycopg's COPY takes it."""
    from sqlalchemy.dialects import postgresql

    ddl = column.type.compile(dialect=postgresql.dialect()).split("(")[0].lower()
    return {"bigint": "int8", "integer": "int4", "boolean": "bool",
            "timestamp with time zone": "timestamptz",
            "timestamp without time zone": "timestamp"}.get(ddl, ddl)


_COPY_TYPES = [_pg_type(c) for c in _ENTRIES.columns]


def post(session: Session, postings: Sequence[Posting]) -> list[Entry]:
    """Write ``postings`` in order: their entries, each card's balance, status
    and flag (one UPDATE per card, its last state), and an outbox row for each
    entry whose context queues it. Returns the entries as written (objects
    outside the session, for answers); a card the session holds is kept in
    step, so code that still reads ORM cards reads the truth.

    Card balances in ``postings`` chain: a second posting on a card carries
    the balance the first one leaves."""
    return [Entry(**r) for r in post_rows(session, postings)]


def post_rows(session: Session, postings: Sequence[Posting]) -> list[dict[str, Any]]:
    """:func:`post`, answering the entries' columns as plain rows (a batch of
    a thousand need not build a thousand ORM objects). Under a
    :class:`Pipeline` with positions taken, the writes wait for its commit."""
    if not postings:
        return []
    if session.new or session.deleted or session.dirty:
        session.flush()  # e.g. a card made just now, that these entries name
    conn = session.connection()
    rows = [p.values() for p in postings]
    pipe = Pipeline.on(conn)
    if pipe is not None and pipe.place(rows):
        pipe.write(_INSERT_ENTRY, rows)
    elif len(rows) == 1:
        lite = _sqlite(conn)
        if lite is not None:
            rows[0]["seq"] = _run(conn, lite, _INSERT_ENTRY, rows[0]).lastrowid
        else:
            rows[0]["seq"] = conn.execute(_INSERT_ENTRY, rows[0]).inserted_primary_key[0]  # type: ignore[index]
    elif conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy(conn, rows)
    else:
        conn.execute(_INSERT_ENTRY, rows)
        seqs = dict(conn.execute(_SEQS.where(_ENTRIES.c.id.in_([r["id"] for r in rows]))).all())
        for r in rows:
            r["seq"] = seqs[r["id"]]
    # Each card moves once, to the state its last posting leaves.
    last: dict[int, dict[str, Any]] = {}
    flags: dict[int, bool] = {}
    queued = []
    for p, r in zip(postings, rows, strict=True):
        last[p.card_id] = r
        if p.flagged is not None:
            flags[p.card_id] = p.flagged
        elif p.decision.flagged:
            flags[p.card_id] = True
        if p.ctx.outbox:
            queued.append({"entry_id": r["id"], "queued_at": r["created_at"], "attempts": 0})
    moves = {cid: CardMove(r["balance_after"], r["status_after"], r["created_at"],
                           flags.get(cid)) for cid, r in last.items()}
    cards = [{"card_id": cid, "new_balance": m.balance, "new_status": m.status,
              "now": m.updated_at, "new_flagged": m.flagged} for cid, m in moves.items()]
    write(session, _MOVE_CARD, cards[0] if len(cards) == 1 else cards)
    if queued:
        write(session, _INSERT_OUTBOX, queued)
    _keep_in_step(session, moves)
    return rows


def write(session: Session, stmt: Executable,
          params: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> None:
    """A write whose result nobody reads (no row count, no RETURNING): under a
    :class:`Pipeline` it waits for the pipeline's commit, else it runs now.
    ``stmt`` is a module constant: the pipeline compiles it once and keeps it."""
    conn = session.connection()
    pipe = Pipeline.on(conn)
    if pipe is not None:
        pipe.write(stmt, params)
    elif (lite := _sqlite(conn)) is not None:
        _run(conn, lite, stmt, params)
    else:
        conn.execute(stmt, params)


def read(session: Session, stmt: Executable, params: Mapping[str, Any]) -> list[Any]:
    """The rows of a read on the hot path (a module constant, as for
    :func:`write`), as named tuples of its columns: on SQLite straight on the
    driver's connection (each column converted as SQLAlchemy reads it), else
    through the session's connection (under a :class:`Pipeline`, after the
    writes waiting)."""
    conn = session.connection()
    lite = _sqlite(conn)
    if lite is None:
        return list(conn.execute(stmt, params).all())
    c = _compiled(stmt, conn, params)
    assert c.row is not None, "read() takes a SELECT"
    make = c.row
    return [make(r) for r in _run(conn, lite, stmt, params, compiled=c).fetchall()]


def _copy(conn: Any, rows: list[dict[str, Any]]) -> None:
    """Positions from the sequence in one query, then one binary COPY."""
    dbapi = conn.connection.driver_connection
    try:
        with dbapi.cursor() as cur:
            cur.execute(_NEXT_SEQS, (len(rows),))
            for row, (seq,) in zip(rows, cur.fetchall(), strict=True):
                row["seq"] = seq
            with cur.copy(_COPY) as copy:
                copy.set_types(_COPY_TYPES)
                for row in rows:
                    copy.write_row([row[c] for c in _COPY_COLUMNS])
    except conn.dialect.loaded_dbapi.IntegrityError as exc:
        # An id written at once by another transaction (a retry reaching
        # another service process): raised as SQLAlchemy's, as an INSERT
        # would, so the caller's retry finds the entry and answers from it.
        raise IntegrityError(_COPY, None, exc) from exc


def _keep_in_step(session: Session, moves: dict[int, CardMove]) -> None:
    for card_id, m in moves.items():
        card = session.identity_map.get(session.identity_key(Card, card_id))
        if card is None:
            continue
        set_committed_value(card, "balance", m.balance)
        set_committed_value(card, "status", m.status)
        set_committed_value(card, "updated_at", m.updated_at)
        if m.flagged is not None:
            set_committed_value(card, "flagged", m.flagged)


def mark(session: Session, card: Card, *, flagged: bool | None = None,
         status: str | None = None) -> None:
    """Move a card's flag (a case for a manager) or status (the replica
    mirroring the ledger's) without an entry: the one other write of card
    state."""
    values: dict[str, Any] = {}
    if flagged is not None and bool(card.flagged) != flagged:
        values["flagged"] = flagged
    if status is not None and card.status != status:
        values["status"] = status
    if not values:
        return
    session.flush()
    session.connection().execute(update(_CARDS).where(_CARDS.c.id == card.id).values(**values))
    for k, v in values.items():
        set_committed_value(card, k, v)


# -- SQLite: the engine's statements on the driver's connection ---------------
# A till's redemption is four statements and a COMMIT; SQLAlchemy's work per
# statement (Connection.execute: the compiled cache's look-up, its parameters,
# the result's set-up) cost more CPU than SQLite's own (docs/core.md, "Where a
# redemption's time goes"). The engine's hot statements (post_rows' single
# INSERT, write, read) therefore run on the sqlite3 connection of the
# session's transaction: the same Core statements compiled once, their
# parameters converted by the compiled statement's own processors (a datetime
# or a boolean is stored exactly as SQLAlchemy stores it) and its rows by the
# columns' own result processors. Only the transport changes: the statements
# are inside the session's transaction (SQLAlchemy began it, BEGIN IMMEDIATE,
# and commits it) and an error is raised as SQLAlchemy's. They do not pass
# through the engine's cursor events (nor its echo).


def _sqlite(conn: Connection) -> Any | None:
    """The sqlite3 connection under ``conn``, or None on another database or
    driver (the statements then go through SQLAlchemy)."""
    if conn.dialect.name != "sqlite" or conn.dialect.driver != "pysqlite":
        return None
    return conn.connection.driver_connection


def _run(conn: Connection, lite: Any, stmt: Executable,
         params: Mapping[str, Any] | Sequence[Mapping[str, Any]], *,
         compiled: _Compiled | None = None) -> Any:
    """``stmt`` with ``params`` (a sequence of them: executemany) on the
    sqlite3 connection ``lite``; its cursor."""
    one = isinstance(params, Mapping)
    many: list[Mapping[str, Any]] = [params] if isinstance(params, Mapping) else list(params)
    c = compiled or _compiled(stmt, conn, many[0])
    try:
        if one:
            return lite.execute(c.sql, c.params(many[0]))
        return lite.executemany(c.sql, [c.params(p) for p in many])
    except conn.dialect.loaded_dbapi.Error as exc:
        _raise_as_sqlalchemy(conn, lite, c.sql, params, exc)


def _raise_as_sqlalchemy(conn: Connection, dbapi: Any, sql: str, params: Any,
                         exc: Exception) -> NoReturn:
    """A driver's error as SQLAlchemy would raise it (an IntegrityError is an
    entry id race the caller retries; an OperationalError a busy or broken
    store); a lost connection is not reused."""
    lost = conn.dialect.is_disconnect(exc, dbapi, None)  # type: ignore[arg-type]
    if lost:
        conn.invalidate(exc)
    raise DBAPIError.instance(sql, params, exc, conn.dialect.loaded_dbapi.Error,
                              connection_invalidated=lost, dialect=conn.dialect) from exc


# -- PostgreSQL: two round trips a decision (psycopg's pipeline mode) ----------

_PIPELINE = "giftpos_pipeline"  # Connection.info key while a pipeline is open
_NEXT_SEQ = select(func.nextval(func.pg_get_serial_sequence("entries", "seq")))


class Pipeline:
    """Statements sent to PostgreSQL together, in psycopg's pipeline mode, on
    the session's own connection and transaction.

    :meth:`read` sends the statements a decision needs in one round trip (and
    takes positions in the journal for the entries to come: ``nextval``);
    after it, the engine's writes (:func:`post_rows`, :func:`write`) wait in
    order, and :meth:`commit` sends them and the COMMIT in one more round
    trip. Any other statement run on the connection meanwhile sends the
    waiting writes first (an engine event), so the order the code wrote them
    in is the order the database sees.

    The statements are the same Core statements as on the ordinary path,
    compiled once for the connection's dialect and run on the driver's
    connection: SQLAlchemy's per-statement work (about three fifths of a
    statement's CPU, docs/ledger.md) is what this mode leaves out along with
    the round trips."""

    def __init__(self, session: Session, conn: Connection) -> None:
        self.session = session
        self.conn = conn
        self.waiting: list[tuple[_Compiled, list[dict[str, Any]]]] = []
        self.seqs: list[int] = []

    @classmethod
    def open(cls, session: Session) -> Pipeline | None:
        """A pipeline on the session's connection, or None where there is
        none (SQLite, another driver): the caller takes the ordinary path."""
        conn = session.connection()
        if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
            return None
        pipe = cls(session, conn)
        conn.info[_PIPELINE] = pipe
        return pipe

    @staticmethod
    def on(conn: Connection) -> Pipeline | None:
        pipe: Pipeline | None = conn.info.get(_PIPELINE)
        return pipe

    def close(self) -> None:
        """Forget the pipeline (writes still waiting are dropped: the caller's
        transaction is ending without them, by an exception)."""
        self.waiting.clear()
        if self.conn.info.get(_PIPELINE) is self:
            del self.conn.info[_PIPELINE]

    def read(self, statements: Sequence[tuple[Executable, Mapping[str, Any]]], *,
             positions: int = 0) -> list[list[Any]]:
        """Run ``statements`` in one round trip (after any waiting writes) and
        answer each one's rows (named tuples); take ``positions`` journal
        positions for the entries the decision will write."""
        stmts = [(_compiled(s, self.conn, p), [dict(p)]) for s, p in statements]
        stmts += [(_compiled(_NEXT_SEQ, self.conn, {}), [{}])] * positions
        results = self._send(self.waiting + stmts, commit=False, keep=len(stmts))
        self.waiting = []
        if positions:
            self.seqs += [rows[0][0] for rows in results[-positions:]]
            results = results[:-positions]
        return results

    def place(self, rows: list[dict[str, Any]]) -> bool:
        """Give ``rows`` the positions :meth:`read` took, if there are enough
        (else the engine inserts them the ordinary way)."""
        if len(rows) > len(self.seqs):
            return False
        for r in rows:
            r["seq"] = self.seqs.pop(0)
        return True

    def write(self, stmt: Executable,
              params: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> None:
        many = [dict(p) for p in params] if isinstance(params, Sequence) else [dict(params)]
        self.waiting.append((_compiled(stmt, self.conn, many[0]), many))

    def flush(self) -> None:
        """Send the waiting writes now (one round trip)."""
        if self.waiting:
            waiting, self.waiting = self.waiting, []
            self._send(waiting, commit=False, keep=0)

    def commit(self) -> None:
        """The waiting writes and the COMMIT, in one round trip. The session's
        own commit that follows finds the transaction ended and sends nothing."""
        self.session.flush()  # ORM changes, if any, go first (and the writes before them)
        waiting, self.waiting = self.waiting, []
        self._send(waiting, commit=True, keep=0)
        self.close()

    def _send(self, stmts: list[tuple[_Compiled, list[dict[str, Any]]]], *, commit: bool,
              keep: int) -> list[list[Any]]:
        """One round trip; the rows of the last ``keep`` statements."""
        from psycopg.rows import namedtuple_row

        dbapi = self.conn.connection.driver_connection
        assert dbapi is not None
        cursors = []
        sql: str = ""
        params: list[dict[str, Any]] = []
        try:
            with dbapi.pipeline():
                for c, many in stmts:
                    sql, params = c.sql, [c.params(p) for p in many]
                    cur = dbapi.cursor(row_factory=namedtuple_row)
                    cursors.append(cur)
                    if len(params) == 1:
                        cur.execute(sql, params[0])
                    else:
                        cur.executemany(sql, params)
                if commit:
                    dbapi.commit()
            return [cur.fetchall() for cur in cursors[len(cursors) - keep:]] if keep else []
        except self.conn.dialect.loaded_dbapi.Error as exc:
            _raise_as_sqlalchemy(self.conn, dbapi, sql, params, exc)
        finally:
            for cur in cursors:
                cur.close()


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    defaults: dict[str, Any]
    processors: dict[str, Any]
    # A positional paramstyle (SQLite's qmark): the parameters' names in order.
    positions: tuple[str, ...] | None = None
    # A SELECT: a row of the driver's values, converted as SQLAlchemy reads them.
    row: Callable[[Sequence[Any]], Any] | None = None

    def params(self, given: Mapping[str, Any]) -> Any:
        out = {**self.defaults, **given}
        for name, proc in self.processors.items():
            if name in out:
                out[name] = proc(out[name])
        if self.positions is None:
            return out
        return tuple(out[name] for name in self.positions)


def _row_maker(stmt: Executable, dialect: Any) -> Callable[[Sequence[Any]], Any] | None:
    """A SELECT's rows as named tuples of its columns, each value converted by
    the column type's result processor for ``dialect`` (SQLite keeps dates as
    text and booleans as integers)."""
    columns = getattr(stmt, "selected_columns", None)
    if columns is None or not getattr(stmt, "is_select", False):
        return None
    cols = list(columns)
    shape = namedtuple("Row", [c.key for c in cols], rename=True)  # type: ignore[misc]
    procs = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in cols]
    if not any(procs):
        return shape._make  # type: ignore[no-any-return]
    pairs = list(enumerate(procs))

    def make(raw: Sequence[Any]) -> Any:
        return shape._make([p(raw[i]) if p is not None else raw[i] for i, p in pairs])
    return make


_COMPILED: dict[tuple[int, str, tuple[str, ...] | None], tuple[Executable, _Compiled]] = {}


def _compiled(stmt: Executable, conn: Connection, params: Mapping[str, Any]) -> _Compiled:
    """``stmt`` as the driver takes it, compiled once per statement (module
    constants here) and, for an INSERT, per set of columns given, as
    SQLAlchemy compiles it; a column's scalar default fills a value not given."""
    keys = tuple(params) if getattr(stmt, "is_insert", False) else None
    key = (id(stmt), conn.dialect.name, keys)
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is stmt:
        return hit[1]
    c = stmt.compile(dialect=conn.dialect,  # type: ignore[attr-defined]
                     column_keys=list(keys) if keys is not None else None)
    positions = tuple(c.positiontup or ()) if c.positional else None
    used = set(positions) if positions is not None else {
        name for name in c.binds if f"%({name})s" in c.string}
    binds = {name: b for name, b in c.binds.items() if name in used}
    if any(b.expanding or b.literal_execute for b in binds.values()):
        raise ValueError("an IN list or a literal parameter has no fixed compiled form")
    defaults = {name: b.value for name, b in binds.items()
                if not b.required and b.value is not None}
    table = getattr(stmt, "table", None)
    if keys is not None and table is not None:
        for col in table.columns:
            if col.key in binds and col.key not in keys:
                default = col.default
                if default is None or not default.is_scalar:
                    raise ValueError(f"{col.key} has no scalar default to insert")
                defaults[col.key] = default.arg
    # The type as this dialect stores it (dialect_impl): on SQLite a datetime
    # or a date is text in SQLAlchemy's own format, a boolean an integer.
    processors = {name: p for name, b in binds.items()
                  if (p := b.type.dialect_impl(conn.dialect).bind_processor(conn.dialect))
                  is not None}
    made = _Compiled(sql=c.string, defaults=defaults, processors=processors,
                     positions=positions, row=_row_maker(stmt, conn.dialect))
    _COMPILED[key] = (stmt, made)
    return made


@event.listens_for(Engine, "before_cursor_execute")
def _writes_first(conn: Connection, *_args: Any) -> None:
    """A statement run the ordinary way while a pipeline holds writes: the
    writes go first, so the database sees them in the order they were made."""
    pipe = conn.info.get(_PIPELINE)
    if pipe is not None and pipe.waiting:
        pipe.flush()
