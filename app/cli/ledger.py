"""`giftpos ledger <verb>`: run and administer the central ledger.

Every verb takes ``--db URL`` (SQLAlchemy: ``sqlite:///path`` or
``postgresql+psycopg://user@host:5432/db``); without it, $GIFTPOS_LEDGER_DB,
else a SQLite file ``ledger.db`` in the user data directory.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import platformdirs

from app.cli.output import emit, json_flag
from app.errors import NotFound, ValidationError
from app.store.database import Store, open_store


def ledger_db_url(args: argparse.Namespace) -> str:
    url = getattr(args, "db", None) or os.environ.get("GIFTPOS_LEDGER_DB")
    if url:
        return str(url)
    folder = Path(platformdirs.user_data_dir("giftpos", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'ledger.db'}"


def _open(args: argparse.Namespace) -> Store:
    return open_store(ledger_db_url(args))


def _serve(args: argparse.Namespace) -> int:
    from app.ledger.runner import default_workers, serve

    url = ledger_db_url(args)
    workers = default_workers(url) if args.workers is None else args.workers
    if workers < 1:
        raise ValidationError("--workers is at least 1.", key="invalid_request")
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise ValidationError("TLS needs both --ssl-certfile and --ssl-keyfile.",
                              key="invalid_tls")
    scheme = "https" if args.ssl_certfile else "http"
    print(f"giftpos ledger on {scheme}://{args.host}:{args.port} ({workers} process(es))",
          flush=True)
    serve(url, host=args.host, port=args.port, workers=workers,
          log_level="debug" if args.verbose else "warning",
          ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile)
    return 0


def _pepper(args: argparse.Namespace) -> int:
    from app import pepper

    store = _open(args)
    try:
        with store.transaction() as s:
            state, value = pepper.export(s, out=Path(args.out) if args.out else None)
    finally:
        store.close()
    words = {
        "written": (f"The pepper is written to {args.out} (mode 0600)." if args.out else
                    f"The pepper: {value}") + f" Configure the ledger with {pepper.FILE_ENV}"
                   f" (or {pepper.ENV}), then run this again to remove it from the database.",
        "removed": "The pepper is removed from the database; the ledger now needs "
                   f"{pepper.ENV} or {pepper.FILE_ENV} to start.",
        "moved": "The pepper was already moved out of the database.",
    }
    return emit(args, {"state": state, "file": args.out, "pepper": value},
                lambda: [words[state]])


def _admin_token(args: argparse.Namespace) -> int:
    from app.ledger.auth import admin_token

    store = _open(args)
    try:
        token = admin_token(store, revoke_others=args.revoke_others)
    finally:
        store.close()
    return emit(args, {"token": token, "role": "admin"},
                lambda: [token, "(shown once: keep it safe; run again for another)"])


def _enroll(args: argparse.Namespace) -> int:
    from app.ledger.auth import enroll

    store = _open(args)
    try:
        token = enroll(store, store_id=args.store, name=args.name)
    finally:
        store.close()
    return emit(args, {"token": token, "name": args.name, "store": args.store},
                lambda: [f"Terminal {args.name} of store {args.store} enrolled. Its token "
                         "(shown once; put it in the terminal's configuration):", token])


def _token_add(args: argparse.Namespace) -> int:
    from app.ledger.auth import add_token

    store = _open(args)
    try:
        token = add_token(store, role=args.role, name=args.name, store_id=args.store)
    finally:
        store.close()
    return emit(args, {"token": token, "name": args.name, "store": args.store,
                       "role": args.role},
                lambda: [f"A {args.role} token for {args.name} (store {args.store}). Shown "
                         "once; it is this person's own: never copy it to every till.",
                         token])


def _terminals(args: argparse.Namespace) -> int:
    from app.ledger.auth import principals

    store = _open(args)
    try:
        rows = principals(store)
    finally:
        store.close()
    return emit(args, {"principals": rows}, lambda: [
        f"{r['name']:<20} {r['store']:<12} {r['role']:<9}"
        + ("  revoked" if r["revoked"] else "") for r in rows] or ["(none)"])


def _revoke(args: argparse.Namespace) -> int:
    from app.ledger.auth import revoke

    store = _open(args)
    try:
        if not revoke(store, name=args.name):
            raise NotFound(f"No active terminal or token named '{args.name}'.",
                           key="terminal_not_found")
    finally:
        store.close()
    return emit(args, {"revoked": args.name}, lambda: [f"{args.name}: token revoked"])


def _exceptions(args: argparse.Namespace) -> int:
    from app.ledger.feed import exceptions

    store = _open(args)
    try:
        with store.read() as s:
            report = exceptions(s)
    finally:
        store.close()

    def text() -> list[str]:
        out = [f"{len(report['flagged_cards'])} flagged card(s), "
               f"{len(report['rejected'])} rejected entr(ies)"]
        for c in report["flagged_cards"]:
            out.append(f"  {c['card']}  {c['status']}  balance {c['balance']} {c['currency']}")
        for r in report["rejected"]:
            out.append(f"  audit trail of {r['terminal']}: {r['message']}" if r["kind"] == "audit"
                       else f"  rejected {r['id']} from {r['terminal']}: {r['message']}")
        return out

    return emit(args, report, text)


def _audit(args: argparse.Namespace) -> int:
    """A till's audit trail as the ledger holds it (issue 15.10); whoever
    runs this has the ledger's database, so reads as the back office."""
    from app.clock import utcnow
    from app.ledger import trail
    from app.ledger.auth import ADMIN, Caller

    office = Caller(id=0, name="cli", store="*", role=ADMIN)
    store = _open(args)
    try:
        if args.restart:
            with store.transaction() as s:
                trail.restart(s, office, terminal=args.terminal, now=utcnow())
        with store.read() as s:
            view = trail.trail(s, office, terminal=args.terminal, limit=args.limit,
                               epoch=args.epoch)
    finally:
        store.close()

    def text() -> list[str]:
        out = [f"Terminal {view['terminal']} (store {view['store']}): {view['position']} "
               f"audit rows on the ledger" + (f", epoch {view['epoch']}" if view["epoch"]
                                              else "")]
        for p in view["exceptions"]:
            out.append(f"  ! {p['created_at'][:19]} {p['message']}")
        for r in view["rows"]:
            who = r["actor"] or "-"
            if r["approver"] and r["approver"] != r["actor"]:
                who += f" (approved by {r['approver']})"
            out.append(" ".join(str(x) for x in (
                f"  {r['position']:>6}", r["at"][:19], r["terminal"], r["action"],
                r["outcome"].upper(), who, r["card"] or "",
                f"{r['amount']} {r['currency']}" if r["amount"] is not None else "",
                r["detail"] or "") if x))
        if view["next_before"] is not None:
            out.append(f"  (older rows: --limit {args.limit * 2})")
        return out

    return emit(args, view, text)


def _sweep(args: argparse.Namespace) -> int:
    from app.ledger.service import Ledger
    from app.limits import limits_from_env

    store = _open(args)
    try:
        report = Ledger(store, limits=limits_from_env()).sweep()
    finally:
        store.close()
    return emit(args, report.to_dict(), report.lines)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ledger", help="run and administer the central ledger service")
    verbs = p.add_subparsers(dest="ledger_command", required=True, metavar="VERB")

    def verb(name: str, help_: str) -> argparse.ArgumentParser:
        v = verbs.add_parser(name, help=help_)
        # SUPPRESS: `giftpos --db URL ledger ...` keeps working too.
        v.add_argument("--db", default=argparse.SUPPRESS,
                       help="SQLAlchemy URL of the ledger database")
        json_flag(v)
        return v

    v = verb("serve", "serve the ledger API over HTTP")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8700)
    v.add_argument("--workers", type=int,
                   help="service processes (default: two per core on PostgreSQL, one on "
                        "SQLite)")
    v.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    v.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")
    v.set_defaults(func=_serve)

    v = verb("pepper", "`pepper export [--out FILE]`: move the card-key pepper out of the "
                       "database (run again once configured to remove it)")
    v.add_argument("action", choices=["export"])
    v.add_argument("--out", help="write it to this new file (0600) instead of printing it")
    v.set_defaults(func=_pepper)

    v = verb("admin-token", "print a new admin token (the first creates the admin role)")
    v.add_argument("--revoke-others", action="store_true",
                   help="revoke every earlier admin token")
    v.set_defaults(func=_admin_token)

    v = verb("enroll", "enroll a terminal and print its token once")
    v.add_argument("--store", required=True, help="the store the terminal belongs to")
    v.add_argument("--name", required=True, help="the terminal's name (unique)")
    v.set_defaults(func=_enroll)

    v = verb("token", "named tokens for people: `token add --role manager --name N --store S`")
    v.add_argument("action", choices=["add"])
    v.add_argument("--role", choices=["manager", "admin"], default="manager")
    v.add_argument("--name", required=True, help="the person's name (unique)")
    v.add_argument("--store", default="*", help="the store they manage (default: every store)")
    v.set_defaults(func=_token_add)

    v = verb("terminals", "list enrolled terminals and admin tokens")
    v.set_defaults(func=_terminals)

    v = verb("revoke", "revoke a terminal's (or admin token's) access")
    v.add_argument("name")
    v.set_defaults(func=_revoke)

    v = verb("exceptions", "cards overspent offline and entries needing a manager")
    v.set_defaults(func=_exceptions)

    v = verb("audit", "a till's audit trail as the ledger keeps it, newest first, and "
                      "whether its tail was cut or its history rewritten")
    v.add_argument("--terminal", required=True, help="the till's enrolled name")
    v.add_argument("--limit", type=int, default=50)
    v.add_argument("--epoch", type=int, help="an earlier epoch (before a --restart)")
    v.add_argument("--restart", action="store_true",
                   help="accept a new start of this till's trail (a replaced till, a store "
                        "restored from a backup): a new epoch; the old rows stay")
    v.set_defaults(func=_audit)

    v = verb("sweep", "release expired holds and expire cards past their date, once "
                      "(`serve` does it every $GIFTPOS_SWEEP_S seconds)")
    v.set_defaults(func=_sweep)
