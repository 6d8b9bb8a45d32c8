"""SyncEngine: store-and-forward between the terminal's store and the ledger.

One round: (1) reverse on the ledger every request left in doubt by a
timeout; (2) push the outbox in batches, oldest first, until it is empty; an
outbox row is deleted only in the local transaction that records the ledger's
acknowledgement; (3) pull the ledger's changes after the cursor and mirror
those of cards this terminal knows, then correct any quiet card whose balance
differs from the ledger's; (4) send the audit trail's new rows
(app/sync/trail.py). Runs on `giftpos sync`, and in a background thread
every ``interval_s`` and as soon as connectivity returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from app.clock import as_aware, utcnow
from app.domain import OpContext
from app.errors import GiftposError, ValidationError
from app.ids import child_id
from app.ops.service import CardService
from app.store.schema import Entry, Meta, Outbox
from app.sync import replica, trail
from app.sync.client import LedgerClient, LedgerUnavailable, push_body
from app.sync.monitor import ConnectivityMonitor
from app.sync.schema import InDoubt, ReplicaCard
from app.wire.answers import NothingVoided, OpAnswer, PullAnswer, PushResult
from app.wire.entry import entry_columns, payload_of_row

log = logging.getLogger(__name__)

CURSOR_KEY = "sync.cursor"
LAST_SYNC_KEY = "sync.last_sync_at"

_ENTRIES = Entry.metadata.tables["entries"]
# A batch of the outbox: after a journal position, oldest first.
_OUTBOX_BATCH = (entry_columns().join(Outbox, Outbox.entry_id == Entry.id)
                 .where(Entry.seq > bindparam("after")).order_by(Entry.seq)
                 .limit(bindparam("n")))
# Where the outbox starts in the journal: a till with a long history and a
# short outbox does not walk its whole journal to find it.
_OUTBOX_START = select(func.min(Entry.seq)).join(Outbox, Outbox.entry_id == Entry.id)


@dataclass
class SyncProgress:
    phase: str  # reversing | pushing | pulling | done | failed
    pushed: int = 0
    pending: int = 0
    pulled: int = 0
    error: str | None = None


@dataclass
class SyncReport:
    reversed: int = 0
    pushed: int = 0
    duplicates: int = 0
    flagged: int = 0
    rejected: int = 0
    pulled: int = 0
    corrected: int = 0
    pending: int = 0
    cursor: int = 0
    last_sync_at: str | None = None
    stuck: int = 0  # outbox entries the ledger refused to read; kept for a manager
    audit_pushed: int = 0  # audit trail rows the ledger took this round
    audit_status: str | None = None  # app.sync.trail.TrailState.status
    audit_problem: str | None = None  # the trail's tail cut or its history rewritten
    error: str | None = None
    rejections: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SyncEngine:
    def __init__(self, cards: CardService, client: LedgerClient, *,
                 monitor: ConnectivityMonitor | None = None, batch_size: int = 500,
                 pull_limit: int = 500, interval_s: float = 15.0,
                 push_timeout_s: float = 30.0) -> None:
        self.cards = cards
        self.client = client
        self.monitor = monitor
        self.batch_size = batch_size
        self.pull_limit = pull_limit
        self.interval_s = interval_s
        self.push_timeout_s = push_timeout_s
        self._lock = threading.Lock()  # one round at a time
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._progress: list[Callable[[SyncProgress], None]] = []
        self._done: list[Callable[[SyncReport], None]] = []
        self.last_report: SyncReport | None = None
        if monitor is not None:
            monitor.subscribe(lambda online: self.request() if online else None)

    # -- what the UI reads -----------------------------------------------------
    def on_progress(self, cb: Callable[[SyncProgress], None]) -> None:
        self._progress.append(cb)

    def on_done(self, cb: Callable[[SyncReport], None]) -> None:
        self._done.append(cb)

    def pending(self) -> int:
        with self.cards.store.read() as s:
            return int(s.scalar(select(func.count()).select_from(Outbox)) or 0)

    def last_sync_at(self) -> datetime | None:
        with self.cards.store.read() as s:
            row = s.get(Meta, LAST_SYNC_KEY)
            return datetime.fromisoformat(row.value) if row else None

    def _emit(self, p: SyncProgress) -> None:
        for cb in list(self._progress):
            try:
                cb(p)
            except Exception:
                log.exception("sync progress listener failed")

    # -- one round ---------------------------------------------------------------
    def sync_once(self) -> SyncReport:
        """Reverse, push until empty, pull. Raises LedgerUnavailable if the
        ledger stops answering (what was acknowledged stays acknowledged)."""
        with self._lock:
            report = SyncReport()
            try:
                self._reverse_in_doubt(report)
                self._push_all(report)
                self._pull_all(report)
                self._push_trail(report)
            except LedgerUnavailable as exc:
                report.error = exc.message
                report.pending = self.pending()
                if self.monitor is not None:
                    self.monitor.report_failure(exc.message)
                self._emit(SyncProgress(phase="failed", pushed=report.pushed,
                                        pending=report.pending, error=exc.message))
                self.last_report = report
                raise
            if self.monitor is not None:
                self.monitor.report_success()
            now = utcnow().isoformat()
            self.cards.run(lambda s: _set_meta(s, LAST_SYNC_KEY, now))
            report.last_sync_at = now
            report.pending = self.pending()
            self._emit(SyncProgress(phase="done", pushed=report.pushed, pending=report.pending,
                                    pulled=report.pulled))
            self.last_report = report
            for cb in list(self._done):
                try:
                    cb(report)
                except Exception:
                    log.exception("sync done listener failed")
            return report

    def _reverse_in_doubt(self, report: SyncReport) -> None:
        with self.cards.store.read() as s:
            ids = list(s.scalars(select(InDoubt.entry_id).where(InDoubt.resolved_at.is_(None))
                                 .order_by(InDoubt.created_at)))
        if ids:
            self._emit(SyncProgress(phase="reversing", pending=len(ids)))
        for eid in ids:
            try:
                answer = self.client.void_in_doubt(
                    original_id=eid, entry_id=child_id(eid, "reversal"), ctx=OpContext(),
                    reason="no answer from the ledger in time")
                outcome = answer.outcome or "voided"
                self._mirror_reversal(answer)
            except LedgerUnavailable:
                raise
            except GiftposError as exc:  # an answer, not an outage: never retry forever
                outcome = f"refused: {exc.key}"
                log.warning("in-doubt %s: the ledger refused the reversal (%s)", eid, exc.key)
            log.info("in-doubt %s reversed on the ledger: %s", eid, outcome)

            def resolve(s: Session, eid: str = eid, outcome: str = outcome) -> None:
                row = s.get(InDoubt, eid)
                if row is not None:
                    row.resolved_at, row.outcome = utcnow(), outcome

            self.cards.run(resolve)
            report.reversed += 1

    def _mirror_reversal(self, answer: OpAnswer | NothingVoided) -> None:
        def run(s: Session) -> None:
            replica.record_reversal(s, answer, limits=self.cards.limits)

        self.cards.run(run)

    def _batch(self, after: int) -> tuple[list[dict[str, Any]], int]:
        """The next outbox entries after journal position ``after``, oldest
        first, and the position of the last. Each round walks the outbox once:
        what a batch leaves behind (refused, stuck) waits for the next round."""
        with self.cards.store.read() as s:
            rows = s.execute(_OUTBOX_BATCH, {"after": after, "n": self.batch_size}).all()
        if not rows:
            return [], after
        return [payload_of_row(r) for r in rows], int(rows[-1].seq)

    def _push_all(self, report: SyncReport) -> None:
        """Push batch after batch, each sent only once the ledger answered the
        one before (it applies them in order). The request runs on a helper
        thread so that while the ledger works on a batch this thread records
        the answer to the previous one and reads the next: the terminal's own
        work (reading, encoding, recording) no longer adds to the ledger's."""
        stuck: set[str] = set()  # refused as malformed this round: kept, reported
        unrecorded: list[PushResult] = []  # answered, not yet acknowledged here
        with self.cards.store.read() as s:
            first = s.scalar(_OUTBOX_START)
        batch, after = self._batch(first - 1) if first is not None else ([], 0)
        body = push_body(batch)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger-push") as http:
            while batch:
                sent = http.submit(self.client.push, body, timeout=self.push_timeout_s)
                self._record(unrecorded, report)
                self._emit(SyncProgress(phase="pushing", pushed=report.pushed,
                                        pending=self.pending()))
                following, after = self._batch(after)
                following_body = push_body(following) if following else b""
                try:
                    unrecorded = sent.result().results
                except ValidationError:
                    # One bad entry must not hold the rest back: one by one.
                    unrecorded = self._push_singly(batch, stuck)
                if not unrecorded and not stuck:
                    raise LedgerUnavailable("The ledger acknowledged nothing.", in_doubt=False)
                batch, body = following, following_body
        self._record(unrecorded, report)
        report.stuck = len(stuck)

    def _record(self, results: list[PushResult], report: SyncReport) -> None:
        if results:
            self.cards.run(lambda s: self._acknowledge(s, results, report))

    def _push_singly(self, batch: list[dict[str, Any]], stuck: set[str]) -> list[PushResult]:
        results: list[PushResult] = []
        for entry in batch:
            try:
                results += self.client.push([entry], timeout=self.push_timeout_s).results
            except ValidationError as exc:
                stuck.add(entry["id"])
                log.error("outbox entry %s refused by the ledger: %s", entry["id"], exc.message)

                def note(s: Session, eid: str = entry["id"], msg: str = exc.message) -> None:
                    row = s.get(Outbox, eid)
                    if row is not None:
                        row.attempts, row.last_error = (row.attempts or 0) + 1, msg

                self.cards.run(note)
        return results

    def _acknowledge(self, s: Session, results: list[PushResult],
                     report: SyncReport) -> None:
        """Delete acknowledged outbox rows and note the ledger's post time, in
        one local transaction (a few statements for the whole batch)."""
        # One UPDATE per post time, not per entry: the ledger stamps a whole
        # batch with one time.
        posted: dict[datetime, list[str]] = {}
        for r in results:
            status = r.status
            if status == "rejected":
                report.rejected += 1
                report.rejections.append({"id": r.id, "key": r.key, "message": r.message})
            elif status == "duplicate":
                report.duplicates += 1
            elif status == "flagged":
                report.flagged += 1
            report.pushed += 1
            when = r.entry.posted_at if r.entry is not None else None
            if when is not None:
                posted.setdefault(as_aware(when), []).append(r.id)
        conn = s.connection()
        for when, ids in posted.items():
            conn.execute(update(_ENTRIES).where(_ENTRIES.c.id.in_(ids)).values(posted_at=when))
        conn.execute(delete(Outbox).where(Outbox.entry_id.in_([r.id for r in results])))

    def _push_trail(self, report: SyncReport) -> None:
        """The audit trail's new rows to the ledger (app/sync/trail.py). A
        trail the ledger refuses is reported; one not sent (the ledger gone
        meanwhile) goes at the next round: either way the round's money work,
        done by then, stands."""
        try:
            state = trail.push(self.cards.store, self.client, timeout=self.push_timeout_s)
        except GiftposError as exc:
            log.warning("audit trail not sent: %s (%s)", exc.message, exc.key)
            report.audit_status = "not_sent"
            return
        report.audit_pushed, report.audit_status = state.appended, state.status
        if state.tampered:
            report.audit_problem = state.message

    def _start_cursor(self, s: Session) -> int | str:
        row = s.get(Meta, CURSOR_KEY)
        if row is not None:
            return int(row.value)
        opened = s.scalar(select(func.min(ReplicaCard.opened_seq)))
        return int(opened) if opened is not None else "head"

    def _pull_all(self, report: SyncReport) -> None:
        with self.cards.store.read() as s:
            cursor = self._start_cursor(s)
            since = replica.local_head(s)
        latest: dict[str, replica.Latest] = {}
        mirrored: set[str] = set()
        while True:
            self._emit(SyncProgress(phase="pulling", pushed=report.pushed, pulled=report.pulled,
                                    pending=self.pending()))
            page = self.client.pull(cursor=cursor, limit=self.pull_limit,
                                    timeout=self.push_timeout_s)

            def apply(s: Session, page: PullAnswer = page) -> int:
                n = replica.apply_pull(s, page, latest, self.cards.limits)
                _set_meta(s, CURSOR_KEY, str(page.next_cursor))
                return n

            report.pulled += self.cards.run(apply)
            mirrored.update(e.id for e in page.entries)
            cursor = page.next_cursor
            if not page.more:
                break
        report.cursor = cursor
        report.corrected = self.cards.run(lambda s: replica.reconcile(
            s, latest, since_seq=since, mirrored=mirrored))

    # -- background ------------------------------------------------------------
    def request(self) -> None:
        """Sync soon (on the background thread)."""
        self._wake.set()

    def start(self) -> SyncEngine:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ledger-sync", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval_s)
            self._wake.clear()
            if self._stop.is_set():
                return
            if self.monitor is not None and not self.monitor.online:
                continue
            try:
                self.sync_once()
            except LedgerUnavailable as exc:
                log.info("sync stopped: %s", exc.message)
            except Exception:
                log.exception("sync round failed")


def _set_meta(s: Session, key: str, value: str) -> None:
    row = s.get(Meta, key)
    if row is None:
        s.add(Meta(key=key, value=value))
    else:
        row.value = value
