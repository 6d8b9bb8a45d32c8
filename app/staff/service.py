"""StaffService: accounts, PIN checks with throttling, approvals and the
audit trail. Every call commits before it returns; PINs are checked with
argon2 outside any write transaction (it is slow on purpose). Runs on
whatever thread calls it (the window calls it off the GUI thread)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app import audit_chain as chain
from app.clock import as_aware, utcnow
from app.errors import AuthError, Forbidden, RateLimited, StoreError, ValidationError
from app.hashing import hash_pin, verify_pin
from app.staff import audit
from app.staff.models import Approval, AuditRecord, StaffView
from app.staff.permissions import Role, allowed_alone, approvable, describe
from app.staff.schema import StaffRow
from app.staff.throttle import ThrottlePolicy, wait_seconds
from app.store.database import Store

log = logging.getLogger(__name__)



def check_pin(pin: str) -> str:
    pin = (pin or "").strip()
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError("A PIN is 4 to 8 digits.", key="invalid_pin")
    return pin


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= 64:
        raise ValidationError("Give a name of 1 to 64 characters.", key="invalid_name")
    return name


def view_of(row: StaffRow) -> StaffView:
    return StaffView(id=row.id, name=row.name, role=Role(row.role), active=row.active,
                     locked_until=as_aware(row.locked_until) if row.locked_until else None,
                     last_sign_in=as_aware(row.last_sign_in) if row.last_sign_in else None)


class StaffService:
    def __init__(self, store: Store, *, terminal: str = "local",
                 clock: Callable[[], datetime] = utcnow,
                 policy: ThrottlePolicy | None = None,
                 pin_hasher: Callable[[str], str] = hash_pin) -> None:
        # pin_hasher: argon2 with production costs; tests pass cheaper ones
        # (verification reads the costs from each hash, so both verify alike).
        self.store = store
        self.pin_hasher = pin_hasher
        self.terminal = terminal
        self.clock = clock
        self.policy = policy or ThrottlePolicy()
        self._locks_guard = threading.Lock()
        self._name_locks: dict[str, threading.Lock] = {}
        self._dummy_hash: str | None = None

    def _tx(self, fn: Callable[[Session], Any]) -> Any:
        try:
            with self.store.transaction() as s:
                return fn(s)
        except OperationalError as exc:
            raise StoreError("The local database is busy or unavailable. Try again; if it "
                             "keeps happening, restart the terminal.") from exc

    # -- accounts ------------------------------------------------------------
    def add(self, *, name: str, role: Role | str, pin: str,
            by: str | None = None) -> StaffView:
        name, pin = check_name(name), check_pin(pin)
        try:
            role = Role(str(role).lower())
        except ValueError as exc:
            raise ValidationError("A role is 'cashier' or 'manager'.",
                                  key="invalid_role") from exc
        digest = self.pin_hasher(pin)

        def step(s: Session) -> StaffView:
            if _find(s, name) is not None:
                raise ValidationError(key="staff_exists", params={"name": name})
            now = self.clock()
            row = StaffRow(name=name, role=str(role), pin_hash=digest, active=True,
                           failed_attempts=0, created_at=now)
            s.add(row)
            s.flush()
            audit.write(s, at=now, terminal=self.terminal, action="staff_add", outcome="ok",
                        actor=by, detail=f"{name} ({role})")
            return view_of(row)
        try:
            return self._tx(step)  # type: ignore[no-any-return]
        except IntegrityError as exc:
            raise ValidationError(key="staff_exists", params={"name": name}) from exc

    def set_pin(self, *, name: str, pin: str, by: str | None = None) -> StaffView:
        digest = self.pin_hasher(check_pin(pin))

        def step(s: Session) -> StaffView:
            row = _need(s, name)
            row.pin_hash, row.failed_attempts, row.locked_until = digest, 0, None
            audit.write(s, at=self.clock(), terminal=self.terminal, action="staff_pin",
                        outcome="ok", actor=by, detail=row.name)
            return view_of(row)
        return self._tx(step)  # type: ignore[no-any-return]

    def set_active(self, *, name: str, active: bool, by: str | None = None) -> StaffView:
        def step(s: Session) -> StaffView:
            row = _need(s, name)
            if not active and row.role == Role.MANAGER and _managers(s) <= 1 and row.active:
                raise ValidationError("This is the last manager; add another one first.",
                                      key="last_manager")
            row.active = active
            row.failed_attempts, row.locked_until = 0, None
            audit.write(s, at=self.clock(), terminal=self.terminal,
                        action="staff_enable" if active else "staff_disable",
                        outcome="ok", actor=by, detail=row.name)
            return view_of(row)
        return self._tx(step)  # type: ignore[no-any-return]

    def members(self, *, include_inactive: bool = False) -> list[StaffView]:
        with self.store.read() as s:
            stmt = select(StaffRow).order_by(StaffRow.role.desc(), StaffRow.name)
            if not include_inactive:
                stmt = stmt.where(StaffRow.active.is_(True))
            return [view_of(r) for r in s.scalars(stmt).all()]

    def has_staff(self) -> bool:
        with self.store.read() as s:
            return bool(s.scalar(select(func.count(StaffRow.id))
                                 .where(StaffRow.active.is_(True))))

    # -- PINs ------------------------------------------------------------------
    def verify(self, *, name: str, pin: str, purpose: str = "sign_in") -> StaffView:
        """The person if ``pin`` is theirs. Wrong PINs count; past the free
        tries the account is locked for a time that doubles each time. Every
        refusal is in the audit trail. Raises AuthError or RateLimited.

        Checks of one name run one at a time (issue 15.10: twelve wrong PINs
        sent at once were all checked before the lock-out), and an unknown
        name costs one argon2 verification like a known one, so answer times
        do not tell which names exist."""
        with self._lock_for(name):
            return self._verify(name=name, pin=pin, purpose=purpose)

    def _lock_for(self, name: str) -> threading.Lock:
        key = " ".join((name or "").split()).casefold()
        with self._locks_guard:
            return self._name_locks.setdefault(key, threading.Lock())

    def _dummy_verify(self, pin: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self.pin_hasher("00000000")
        verify_pin(self._dummy_hash, (pin or "").strip())

    def _verify(self, *, name: str, pin: str, purpose: str) -> StaffView:
        now = self.clock()
        with self.store.read() as s:
            row = _find(s, name)
            snapshot = (row.id, row.pin_hash, row.active,
                        as_aware(row.locked_until) if row.locked_until else None,
                        row.name) if row is not None else None
        if snapshot is None or not snapshot[2]:
            self._dummy_verify(pin)
            self.record(action=purpose, outcome="refused", actor=check_name(name) or None,
                        detail="unknown or disabled name")
            raise AuthError(key="wrong_pin", params={"why": "again"})
        sid, pin_hash, _active, locked, real_name = snapshot
        if locked is not None and locked > now:
            self.record(action=purpose, outcome="locked", actor=real_name,
                        detail="PIN tried while locked")
            raise RateLimited(key="pin_locked",
                              params={"name": real_name, "wait_s": wait_seconds(locked, now)})
        ok = verify_pin(pin_hash, (pin or "").strip())

        def step(s: Session) -> tuple[StaffView, int, datetime | None]:
            r = s.get(StaffRow, sid)
            assert r is not None
            if ok:
                r.failed_attempts, r.locked_until = 0, None
                if purpose == "sign_in":
                    r.last_sign_in = now
                audit.write(s, at=now, terminal=self.terminal, action=purpose, outcome="ok",
                            actor=r.name)
            else:
                r.failed_attempts += 1
                r.locked_until = self.policy.locked_until(r.failed_attempts, now)
                audit.write(s, at=now, terminal=self.terminal, action=purpose,
                            outcome="refused", actor=r.name,
                            detail=f"wrong PIN ({r.failed_attempts} in a row)")
            return view_of(r), r.failed_attempts, r.locked_until

        person, failures, until = self._tx(step)
        if ok:
            return person  # type: ignore[no-any-return]
        if until is not None:
            raise RateLimited(key="pin_locked", params={"why": "now", "name": person.name,
                                                       "wait_s": wait_seconds(until, now)})
        left = self.policy.free_attempts - failures
        raise AuthError(key="wrong_pin",
                        params={"why": "one_left" if left == 1 else "left", "left": left})

    def sign_in(self, *, name: str, pin: str) -> StaffView:
        return self.verify(name=name, pin=pin, purpose="sign_in")

    # -- approvals -------------------------------------------------------------
    def authorize(self, *, action: str, actor: StaffView | None,
                  manager: str | None = None, pin: str | None = None,
                  card: str | None = None, amount: int | None = None,
                  currency: str | None = None, detail: str | None = None) -> Approval:
        """May ``actor`` do ``action`` now? A manager (or an action anyone
        may do) passes alone; a cashier passes an approvable action with a
        manager's name and PIN; anything else is refused. Every answer is
        audited with who asked and who approved."""
        who = actor.name if actor is not None else None

        def note(outcome: str, approver: str | None, why: str | None) -> AuditRecord:
            return self.record(action=action, outcome=outcome, actor=who, approver=approver,
                               card=card, amount=amount, currency=currency, detail=why)
        if actor is not None and allowed_alone(actor.role, action):
            rec = note("ok", who, detail)
            return Approval(action=action, asked_by=who, approved_by=actor.name,
                            audit_id=rec.id)
        if not approvable(action) or manager is None:
            note("refused", None, "needs a manager")
            raise Forbidden(key="manager_only" if not approvable(action) else "approval_required",
                            params={"what": describe(action)})
        boss = self.verify(name=manager, pin=pin or "", purpose="approval")
        if not boss.is_manager:
            note("refused", boss.name, "approver is not a manager")
            raise Forbidden(key="approver_not_manager", params={"name": boss.name})
        if actor is not None and boss.name == actor.name:  # pragma: no cover - managers pass alone
            raise Forbidden("Someone else must approve this.", key="self_approval")
        rec = note("approved", boss.name, detail)
        return Approval(action=action, asked_by=who, approved_by=boss.name, audit_id=rec.id)

    # -- the audit trail ---------------------------------------------------------
    def record(self, *, action: str, outcome: str, actor: str | None = None,
               approver: str | None = None, card: str | None = None,
               amount: int | None = None, currency: str | None = None,
               entry_id: str | None = None, detail: str | None = None) -> AuditRecord:
        return self._tx(lambda s: audit.write(  # type: ignore[no-any-return]
            s, at=self.clock(), terminal=self.terminal, action=action, outcome=outcome,
            actor=actor, approver=approver, card=card, amount=amount, currency=currency,
            entry_id=entry_id, detail=detail))

    def verify_audit(self) -> chain.ChainCheck:
        with self.store.read() as s:
            return audit.verify(s)

    def manager_says_so(self, *, action: str, manager: str | None, pin: str | None,
                        role: Role | str | None = None) -> str | None:
        """Accounts from the command line (issue 15.10): a manager's name
        and PIN, except for the very first account, which must be a manager.
        Answers the manager's name (None for the first account)."""
        if not self.has_staff():
            if role is not None and str(role).lower() != Role.MANAGER:
                raise ValidationError("The first account must be a manager: "
                                      "add one with --role manager.", key="first_is_manager")
            return None
        if not manager:
            self.record(action=action, outcome="refused", detail="no manager named")
            raise Forbidden("A manager must approve this: give --manager NAME (the PIN is "
                            "asked for, or --manager-pin).", key="approval_required")
        boss = self.verify(name=manager, pin=pin or "", purpose="approval")
        if not boss.is_manager:
            self.record(action=action, outcome="refused", actor=boss.name,
                        detail="approver is not a manager")
            raise Forbidden(key="approver_not_manager", params={"name": boss.name})
        return boss.name

    def audit(self, *, limit: int = 50, before: int | None = None, action: str | None = None,
              person: str | None = None) -> tuple[list[AuditRecord], int | None]:
        with self.store.read() as s:
            return audit.page(s, limit=limit, before=before, action=action, person=person)


def _find(s: Session, name: str) -> StaffRow | None:
    clean = " ".join((name or "").split()).lower()
    return s.scalars(select(StaffRow).where(func.lower(StaffRow.name) == clean)).first()


def _need(s: Session, name: str) -> StaffRow:
    row = _find(s, name)
    if row is None:
        raise ValidationError(key="staff_not_found", params={"name": name})
    return row


def _managers(s: Session) -> int:
    return int(s.scalar(select(func.count(StaffRow.id)).where(
        StaffRow.role == str(Role.MANAGER), StaffRow.active.is_(True))) or 0)
