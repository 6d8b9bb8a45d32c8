"""Three ways of running the same card operations, for the differential test.

``Standalone``: a till's own store (CardService, LocalGateway's path).
``Online``: a till with an OnlineGateway to a real ledger (uvicorn on
loopback); what the gateway does not carry (issue, transfer, combine, status)
goes to the ledger's HTTP API, as a back office would.
``Offline``: the same till, but spends and their follow-ups (hold, redeem,
capture, release, refund, void) are made offline and pushed later; before
anything only the ledger can do, the till syncs (push, then pull), so the
ledger sees the operations in the order they were made.

Every world answers each operation with an :class:`Outcome`, and at the end
describes its books (each logical card's balance and status, every entry by a
canonical id) so the test can compare them.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.config import OfflineLimits
from app.domain import Limits, OpContext, OpResult
from app.errors import GiftposError
from app.ids import child_id
from app.ops.queries import mismatched_balances
from app.ops.service import CardService
from app.ops.sweep import sweep
from app.store.database import Store, open_store
from app.store.schema import Card, Entry
from app.sync.client import LedgerClient, LedgerUnavailable
from app.sync.engine import SyncEngine
from app.sync.gateway import OnlineGateway, result_from
from app.sync.monitor import ConnectivityMonitor
from app.wire.answers import OpAnswer
from tests.integration.ledger.support import LedgerEnv, running_ledger

BIG = Limits(max_balance=10**9)
WIDE = OfflineLimits(per_transaction=10**9, per_card=10**10, per_terminal=10**11)
START = datetime(2026, 3, 2, 10, 0, tzinfo=datetime.now().astimezone().tzinfo)
ZERO = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Outcome:
    """What the cashier was told: a result, or a decline's key."""

    ok: bool
    key: str = ""  # the decline's key
    amount: int = 0
    balance: int = 0  # the card's balance after
    status: str = ""

    @staticmethod
    def of(res: OpResult) -> Outcome:
        return Outcome(True, amount=res.amount, balance=res.new_balance,
                       status=str(res.card_status))

    def __str__(self) -> str:
        return (f"ok {self.amount} -> {self.balance} {self.status}" if self.ok
                else f"declined {self.key}")


@dataclass
class Books:
    cards: dict[str, tuple[int, str]]  # logical name -> (balance, status)
    entries: dict[str, tuple[str, str, int]]  # canonical id -> (type, card, amount)
    by_type: dict[str, int]  # entry type -> sum of amounts
    mismatched: list[Any]


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def ctx(self, terminal: str = "t1") -> OpContext:
        return OpContext(terminal=terminal, store="s1", now=self.now,
                         business_date=self.now.date())


@dataclass
class World:
    """The parts every world shares: a clock, logical card names, and a
    translation of entry ids derived from card numbers (which differ from
    world to world) into canonical ones."""

    clock: Clock = field(default_factory=Clock)
    numbers: dict[str, str] = field(default_factory=dict)  # logical -> number
    combines: list[tuple[str, str]] = field(default_factory=list)  # (op id, source logical)

    def name_of(self, number: str) -> str:
        for name, n in self.numbers.items():
            if n == number:
                return name
        return f"?{number[-4:]}"

    def canonical(self, expiry: dict[str, date]) -> dict[str, str]:
        """Entry ids derived from a card number -> an id that names the card
        logically. ``expiry``: each card number's expiry date."""
        out: dict[str, str] = {}
        for name, number in self.numbers.items():
            if number in expiry:  # expire_due: one id per card and expiry date
                out[child_id(ZERO, f"expire:{number}:{expiry[number]}")] = f"expire:{name}"
        for op, source in self.combines:
            found = self.numbers.get(source)
            if found is not None:
                out[child_id(op, f"combine_out:{found}")] = f"{op}/combine_out:{source}"
        return out

    def books_of(self, store: Store) -> Books:
        names = {n: name for name, n in self.numbers.items()}
        with store.read() as s:
            by_id = {c.id: c for c in s.scalars(select(Card))}
            canon = self.canonical({c.number: c.expires_on for c in by_id.values()
                                    if c.expires_on is not None})
            cards = {names[c.number]: (c.balance, str(c.status)) for c in by_id.values()
                     if c.number in names}
            entries: dict[str, tuple[str, str, int]] = {}
            by_type: dict[str, int] = {}
            for e in s.scalars(select(Entry)):
                number = by_id[e.card_id].number
                entries[canon.get(e.id, e.id)] = (str(e.type), names.get(number, "?"), e.amount)
                by_type[str(e.type)] = by_type.get(str(e.type), 0) + e.amount
            return Books(cards, entries, by_type, mismatched_balances(s))


_TEMPLATE: list[Path] = []


def fresh_store_url(path: Path) -> str:
    """A migrated, empty SQLite store at ``path``: a copy of one migrated
    once per process (migrating costs ~0.5 s, a copy ~1 ms)."""
    if not _TEMPLATE:
        d = Path(tempfile.mkdtemp(prefix="giftpos-template-"))
        atexit.register(shutil.rmtree, d, True)
        open_store(f"sqlite:///{d / 'template.db'}").close()
        _TEMPLATE.append(d / "template.db")
    shutil.copyfile(_TEMPLATE[0], path)
    return f"sqlite:///{path}"


class Standalone(World):
    def __init__(self, tmp: Path) -> None:
        super().__init__()
        self.store = open_store(fresh_store_url(tmp / "standalone.db"))
        self.cards = CardService(self.store, limits=BIG, clock=self.clock)

    def close(self) -> None:
        self.store.close()

    def books(self) -> Books:
        return self.books_of(self.store)

    def replicas(self) -> list[Books]:
        return []

    # -- operations ----------------------------------------------------------
    def issue(self, eid: str, amount: int, inactive: bool, expires_on: date | None) -> str:
        [(view, _)] = self.cards.issue(amount=amount, inactive=inactive, expires_on=expires_on,
                                       entry_id=eid, ctx=self.clock.ctx())
        return view.number

    def activate(self, eid: str, number: str, amount: int) -> OpResult:
        return self.cards.activate(number=number, amount=amount, entry_id=eid,
                                   ctx=self.clock.ctx())

    def load(self, eid: str, number: str, amount: int) -> OpResult:
        return self.cards.load(number=number, amount=amount, entry_id=eid, ctx=self.clock.ctx())

    def spend(self, eid: str, number: str, amount: int, partial: bool, capture: bool) -> OpResult:
        fn = self.cards.redeem if capture else self.cards.hold
        return fn(number=number, amount=amount, partial=partial, entry_id=eid,
                  ctx=self.clock.ctx())

    def capture(self, eid: str, hold: str, amount: int | None) -> OpResult:
        return self.cards.capture(hold_id=hold, amount=amount, entry_id=eid, ctx=self.clock.ctx())

    def release(self, eid: str, hold: str) -> OpResult:
        return self.cards.release(hold_id=hold, entry_id=eid, ctx=self.clock.ctx())

    def refund(self, eid: str, original: str, amount: int | None) -> OpResult:
        return self.cards.refund(original_id=original, amount=amount, entry_id=eid,
                                 ctx=self.clock.ctx())

    def void(self, eid: str, original: str) -> OpResult:
        return self.cards.void(original_id=original, entry_id=eid, ctx=self.clock.ctx())

    def transfer(self, eid: str, number: str, amount: int | None,
                 deactivate: bool) -> tuple[OpResult, str]:
        res = self.cards.transfer(number=number, amount=amount, deactivate_source=deactivate,
                                  entry_id=eid, ctx=self.clock.ctx())
        return res, str(res.related["new_card"]["number"])

    def combine(self, eid: str, source: str, target: str) -> OpResult:
        return self.cards.combine(sources=[source], target=target, entry_id=eid,
                                  ctx=self.clock.ctx())

    def status(self, eid: str, number: str, action: str) -> OpResult:
        return self.cards.change_status(number=number, action=action, entry_id=eid,
                                        ctx=self.clock.ctx())

    def sweep(self) -> None:
        """The timed rules, run once after time passed."""
        self.cards.release_expired_holds(ctx=self.clock.ctx())
        self.cards.expire_due(today=self.clock.now.date(), ctx=self.clock.ctx())


_STATUS = {"freeze": "FROZEN", "unfreeze": "ACTIVE", "cancel": "CANCELLED"}


class Online(Standalone):
    """A till online to a real ledger."""

    offline_spends = False
    stale = False

    def __init__(self, tmp: Path, ledger: LedgerEnv) -> None:
        World.__init__(self)
        self.ledger = ledger
        self.store = open_store(fresh_store_url(tmp / "till.db"))
        self.cards = CardService(self.store, limits=BIG, clock=self.clock,
                                 context=OpContext(terminal="t1", store="s1"))
        self.client = LedgerClient(ledger.url, ledger.tokens["t1"], timeout_s=30)
        self.admin = LedgerClient(ledger.url, ledger.admin, timeout_s=30)
        self.monitor = ConnectivityMonitor(lambda: self.client.health(), online=True)
        self.gw = OnlineGateway(self.cards, self.client, self.monitor, offline=WIDE)
        self.engine = SyncEngine(self.cards, self.client, monitor=self.monitor,
                                 interval_s=3600)
        # The ledger's own sweep (what `giftpos ledger sweep` runs), on its store.
        self.ledger_cards = CardService(ledger.store, limits=BIG, clock=self.clock)
        self.unavailable: list[str] = []  # back-office calls asked again

    def close(self) -> None:
        self.engine.stop()
        self.monitor.stop()
        self.client.close()
        self.admin.close()
        self.store.close()

    def books(self) -> Books:
        return self.books_of(self.ledger.store)

    def replicas(self) -> list[Books]:
        return [self.books_of(self.store)]

    def settle(self) -> None:
        """Back online for good: push what is queued and pull the rest."""
        self.monitor.report_success()
        for _ in range(5):
            report = self.engine.sync_once()
            if not report.pending:
                break
        self.engine.sync_once()  # a quiet round: the pull brings back what was pushed

    def _online(self) -> None:
        """Before an operation only the ledger can do: push what was made
        offline, so the ledger sees everything in the order it was made."""
        if self.offline_spends:
            self.settle()
            self.stale = True

    def _spending(self) -> None:
        if self.offline_spends:
            if self.stale:  # pull what the ledger-only operation changed first
                self.settle()
                self.stale = False
            self.monitor.report_failure("test: offline")

    def _call(self, client: LedgerClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A back-office call to the ledger. Asked again under the same id if
        no answer came (once in a few hundred examples a request was answered
        ``ledger_unavailable`` on a loaded machine; the id makes a retry safe)."""
        for _ in range(3):
            try:
                return client.call("POST", path, body=body)
            except LedgerUnavailable as exc:
                self.unavailable.append(exc.message)
        return client.call("POST", path, body=body)

    def _body(self, eid: str, **more: Any) -> dict[str, Any]:
        return {"id": eid, "terminal_time": self.clock.now.isoformat(),
                "business_date": self.clock.now.date().isoformat(), **more}

    def _see(self, number: str) -> None:
        """The till meets the card (offline it only takes cards it knows)."""
        self.gw.balance(number=number)

    # -- operations ----------------------------------------------------------
    def issue(self, eid: str, amount: int, inactive: bool, expires_on: date | None) -> str:
        self._online()
        a = self._call(self.client, "/v1/cards", self._body(
            eid, amount=amount, inactive=inactive,
            expires_on=expires_on.isoformat() if expires_on else None))
        number = str(a["cards"][0]["number"])
        self._see(number)
        return number

    def activate(self, eid: str, number: str, amount: int) -> OpResult:
        self._online()
        return self.gw.activate(number=number, amount=amount, entry_id=eid,
                                ctx=self.clock.ctx())

    def load(self, eid: str, number: str, amount: int) -> OpResult:
        self._online()
        return self.gw.load(number=number, amount=amount, entry_id=eid, ctx=self.clock.ctx())

    def spend(self, eid: str, number: str, amount: int, partial: bool, capture: bool) -> OpResult:
        self._spending()
        fn = self.gw.redeem if capture else self.gw.hold
        return fn(number=number, amount=amount, partial=partial, entry_id=eid,
                  ctx=self.clock.ctx())

    def capture(self, eid: str, hold: str, amount: int | None) -> OpResult:
        self._spending()
        return self.gw.capture(hold_id=hold, amount=amount, entry_id=eid, ctx=self.clock.ctx())

    def release(self, eid: str, hold: str) -> OpResult:
        self._spending()
        return self.gw.release(hold_id=hold, entry_id=eid, ctx=self.clock.ctx())

    def refund(self, eid: str, original: str, amount: int | None) -> OpResult:
        self._spending()
        return self.gw.refund(original_id=original, amount=amount, entry_id=eid,
                              ctx=self.clock.ctx())

    def void(self, eid: str, original: str) -> OpResult:
        self._spending()
        return self.gw.void(original_id=original, entry_id=eid, ctx=self.clock.ctx())

    def _result(self, a: dict[str, Any]) -> OpResult:
        return result_from(OpAnswer.model_validate(a))

    def transfer(self, eid: str, number: str, amount: int | None,
                 deactivate: bool) -> tuple[OpResult, str]:
        self._online()
        a = self._call(self.admin, "/v1/cards/transfer", self._body(
            eid, number=number, amount=amount, deactivate_source=deactivate))
        new = str(a["related"]["new_card"]["number"])
        self._see(new)
        return self._result(a), new

    def combine(self, eid: str, source: str, target: str) -> OpResult:
        self._online()
        return self._result(self._call(self.admin, "/v1/cards/combine", self._body(
            eid, sources=[source], target=target)))

    def status(self, eid: str, number: str, action: str) -> OpResult:
        self._online()
        return self._result(self._call(self.admin, "/v1/cards/status",
                                       self._body(eid, number=number, status=_STATUS[action])))

    def sweep(self) -> None:
        self._online()
        self.ledger_cards.release_expired_holds(ctx=self.clock.ctx("ledger"))
        self.ledger_cards.expire_due(today=self.clock.now.date(), ctx=self.clock.ctx("ledger"))
        self.engine.sync_once()  # the till learns what the sweep did


class Offline(Online):
    """Spends made offline, pushed before the next thing only the ledger can
    do. When time passes the till sweeps its own store first, still offline
    (as its Sweeper does while the terminal runs), then pushes, then the
    ledger sweeps: both sweeps write the same derived ids."""

    offline_spends = True

    def sweep(self) -> None:
        sweep(self.cards, ctx=self.clock.ctx())
        super().sweep()


@contextlib.contextmanager
def ledger_world(kind: type[Online], tmp: Path) -> Iterator[Online]:
    # The ledger's clock decides online operations (issue 15.5): it reads the
    # world's simulated clock, as the till's own store does.
    worlds: list[Online] = []

    def clock() -> datetime:
        return worlds[0].clock.now if worlds else datetime.now(START.tzinfo)

    with running_ledger(fresh_store_url(tmp / "ledger.db"), limits=BIG, clock=clock) as env:
        w = kind(tmp, env)
        worlds.append(w)
        try:
            yield w
        finally:
            w.close()


def declined(exc: GiftposError) -> Outcome:
    return Outcome(False, key=exc.key or type(exc).__name__)

