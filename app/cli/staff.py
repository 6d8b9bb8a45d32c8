"""`giftpos staff add|list|pin|disable|enable` and `giftpos audit`: staff
accounts and the audit trail of the terminal's store, from the till's shell.

`staff add` and `staff pin` need a manager's name and PIN (issue 15.10), except
the very first account, which must be a manager. `audit --verify` checks the
trail's hash chain and names the first broken link, and on a till with a
ledger compares the till's trail with the ledger's copy of it."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.context import open_local
from app.cli.output import emit, json_flag, money
from app.cli.till import identity_of
from app.config import load_config
from app.errors import ValidationError
from app.staff import StaffService
from app.store.database import Store, open_store

if TYPE_CHECKING:
    from app.sync.trail import TrailState


def staff_service(args: argparse.Namespace) -> StaffService:
    return StaffService(open_local(args), terminal=os.environ.get("GIFTPOS_TERMINAL", "cli"))


def _pin(args: argparse.Namespace) -> str:
    if args.pin:
        return str(args.pin)
    first = getpass.getpass("PIN (4 to 8 digits): ")
    if getpass.getpass("Same PIN again: ") != first:
        raise ValidationError("The two PINs differ; nothing was changed.", key="pin_mismatch")
    return first


def _approver(args: argparse.Namespace, staff: StaffService, action: str,
              role: str | None = None) -> str:
    pin = args.manager_pin
    if args.manager and pin is None and staff.has_staff():
        pin = getpass.getpass(f"{args.manager}'s PIN: ")
    return staff.manager_says_so(action=action, manager=args.manager, pin=pin,
                                 role=role) or "cli"


def _add(args: argparse.Namespace) -> int:
    staff = staff_service(args)
    by = _approver(args, staff, "staff_add", role=args.role)
    person = staff.add(name=args.name, role=args.role, pin=_pin(args), by=by)
    return emit(args, person.to_dict(), lambda: [f"Added {person.name} ({person.role})."])


def _list(args: argparse.Namespace) -> int:
    people = staff_service(args).members(include_inactive=True)
    return emit(args, {"staff": [p.to_dict() for p in people]}, lambda: [
        f"{p.name:<24} {p.role:<8} {'active' if p.active else 'disabled'}"
        + (f"  locked until {p.locked_until:%H:%M:%S}" if p.locked_until else "")
        for p in people] or ["No staff yet: giftpos staff add --name NAME --role manager"])


def _set_pin(args: argparse.Namespace) -> int:
    staff = staff_service(args)
    by = _approver(args, staff, "staff_pin")
    person = staff.set_pin(name=args.name, pin=_pin(args), by=by)
    return emit(args, person.to_dict(), lambda: [f"New PIN set for {person.name}."])


def _active(args: argparse.Namespace, active: bool) -> int:
    person = staff_service(args).set_active(name=args.name, active=active, by="cli")
    return emit(args, person.to_dict(),
                lambda: [f"{person.name} is {'active' if active else 'disabled'}."])


def _verify(args: argparse.Namespace) -> int:
    """The local chain, then, on a till with a ledger, the till's head against
    the ledger's copy: a cut tail or a rewritten and re-chained history
    passes the local check but not this one (issue 15.10)."""
    ident = identity_of(args)
    store = open_store(ident.db_url)
    try:
        check = StaffService(store, terminal=ident.terminal).verify_audit()
        ledger, unreachable = _against_ledger(store, ident.config)
    finally:
        store.close()
    ok = check.ok and not (ledger is not None and ledger.tampered)

    def text() -> list[str]:
        lines = [f"The audit trail holds: {check.rows} records, every link intact."
                 if check.ok else
                 f"The audit trail was changed: the first broken link is #{check.broken_at} "
                 f"({check.why})."]
        if unreachable:
            lines.append(f"The ledger could not be reached ({unreachable}): only this till's "
                         "copy was checked.")
        elif ledger is not None and ledger.tampered:
            lines.append(f"The ledger's copy disagrees: {ledger.message}")
        elif ledger is not None and ledger.status in ("same", "behind"):
            lines.append(f"The ledger's copy holds {ledger.ledger_rows} of them and agrees"
                         + (" (the rest goes with the next sync)." if ledger.status == "behind"
                            else "."))
        return lines

    emit(args, {"ok": ok, "rows": check.rows, "broken_at": check.broken_at, "why": check.why,
                "ledger": ledger.to_dict() if ledger is not None else None,
                "ledger_unreachable": unreachable}, text)
    return 0 if ok else 3


def _against_ledger(store: Store, config: Path | None) -> tuple[TrailState | None, str | None]:
    cfg = load_config(config) if config is not None else None
    if cfg is None or not cfg.ledger.url or not cfg.ledger.token:
        return None, None
    from app.sync import trail
    from app.sync.client import LedgerUnavailable
    from app.sync.setup import client_from

    try:
        with client_from(cfg) as client:
            return trail.compare(store, client), None
    except LedgerUnavailable as exc:
        return None, exc.message


def _audit(args: argparse.Namespace) -> int:
    if args.verify:
        return _verify(args)
    records, cursor = staff_service(args).audit(limit=args.limit, before=args.before,
                                                action=args.action, person=args.person)

    def text() -> list[str]:
        out = []
        for r in records:
            amount = money(args, r.amount, r.currency) if r.amount is not None and r.currency \
                else ""
            who = r.actor or "-"
            if r.approver and r.approver != r.actor:
                who += f" (approved by {r.approver})"
            out.append(" ".join(x for x in (
                f"#{r.id}", r.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), r.terminal,
                r.action, r.outcome.upper(), who, r.card or "", amount, r.detail or "") if x))
        if cursor is not None:
            out.append(f"(more: --before {cursor})")
        return out or ["The audit trail is empty."]
    return emit(args, {"records": [r.to_dict() for r in records], "next_cursor": cursor}, text)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("staff", help="cashier and manager accounts (PINs)")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    a = verbs.add_parser("add", help="add a cashier or a manager")
    a.add_argument("--name", required=True)
    a.add_argument("--role", choices=["cashier", "manager"], default="cashier")
    a.add_argument("--pin", help="4 to 8 digits (asked for when left out)")
    a.set_defaults(func=_add)
    ls = verbs.add_parser("list", help="everyone, with role and state")
    ls.set_defaults(func=_list)
    pn = verbs.add_parser("pin", help="set someone's PIN (also lifts a lock-out)")
    pn.add_argument("--name", required=True)
    pn.add_argument("--pin", help="4 to 8 digits (asked for when left out)")
    pn.set_defaults(func=_set_pin)
    for q in (a, pn):
        q.add_argument("--manager", help="the approving manager's name (not for the first "
                       "account, which must be a manager)")
        q.add_argument("--manager-pin", help="the manager's PIN (asked for when left out)")
    for verb, active in (("disable", False), ("enable", True)):
        v = verbs.add_parser(verb, help=f"{verb} an account")
        v.add_argument("--name", required=True)
        v.set_defaults(func=lambda args, on=active: _active(args, on))
    for q in (a, ls, pn, *[verbs.choices[n] for n in ("disable", "enable")]):
        json_flag(q)

    au = sub.add_parser("audit", help="the audit trail: manager actions and approvals",
                        description="Newest first: who asked, who approved, what happened.")
    au.add_argument("--limit", type=int, default=50)
    au.add_argument("--before", type=int, help="the cursor a previous page printed")
    au.add_argument("--action", help="only this action (refund, adjust, freeze, sign_in...)")
    au.add_argument("--person", help="only what this person asked for or approved")
    au.add_argument("--verify", action="store_true",
                    help="check the trail's hash chain; name the first broken link; on a till "
                         "with a ledger (giftpos --config), also against the ledger's copy")
    json_flag(au)
    au.set_defaults(func=_audit)
