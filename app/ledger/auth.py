"""Who is calling: enrolled terminals and admins, by bearer token.

Tokens are random and long, so their sha256 is all the ledger keeps; a token is
shown once, when it is made. Every call of `giftpos ledger admin-token` makes a
new admin token for that reason (an old one cannot be shown again).

Every change of a token here also tells the service processes to forget the
tokens they know (``NOTIFY``, delivered at commit: app/ledger/tokencache.py).
A token changed by hand in SQL must be followed by ``NOTIFY giftpos_tokens``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select, text, update
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.errors import AuthError, Forbidden, ValidationError
from app.hashing import new_token, token_digest
from app.ledger.schema import Principal
from app.store.database import Store

log = logging.getLogger(__name__)

# Every service process LISTENs here and forgets the tokens it knows when a
# transaction that changed one commits (app/ledger/tokencache.py).
CHANNEL = "giftpos_tokens"
NOTIFY = f"NOTIFY {CHANNEL}"

ADMIN = "admin"  # the chain's back office: every store, every report
MANAGER = "manager"  # one person, one store (or "*"): repairs and others' entries
TERMINAL = "terminal"  # one till: its own sales, cards spendable anywhere
ROLES = (ADMIN, MANAGER, TERMINAL)


@dataclass(frozen=True, kw_only=True)
class Caller:
    id: int
    name: str
    store: str
    role: str
    # The token's digest: a mutation checks it is still good in its own
    # transaction (guards.recall_or_tombstone), whatever a cache said.
    digest: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role in (ADMIN, MANAGER)

    def manages(self, store: str | None) -> bool:
        """A manager of this store (or of every store)."""
        return self.is_admin or (self.role == MANAGER and self.store in ("*", store))

    def require_admin(self, what: str) -> None:
        if not self.is_admin:
            raise Forbidden(key="admin_only", params={"what": what})

    def require_manager(self, what: str) -> None:
        """The ledger checks the approval itself: a manager's own token
        (`giftpos ledger token add --role manager`), never a till's."""
        if not self.is_manager:
            raise Forbidden(key="manager_only", params={"what": what, "why": "token"})


def _changed(session: Session) -> None:
    """Every service process forgets the tokens it knows once this commits."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(NOTIFY))


def _make(session: Session, *, name: str, store: str, role: str) -> str:
    # A new token needs no NOTIFY: no process has it (unknown ones are not kept).
    token = new_token()
    session.add(Principal(name=name, store=store, role=role, token_hash=token_digest(token),
                          created_at=utcnow()))
    session.flush()
    return token


def admin_token(store: Store, *, revoke_others: bool = False) -> str:
    """A new admin token (the first one creates the admin role)."""
    with store.transaction() as s:
        if revoke_others:
            _changed(s)
            s.execute(update(Principal).where(Principal.role == ADMIN,
                                              Principal.revoked_at.is_(None))
                      .values(revoked_at=utcnow()))
        n = len(s.scalars(select(Principal.id).where(Principal.role == ADMIN)).all())
        return _make(s, name=f"admin-{n + 1}", store="*", role=ADMIN)


def add_token(store: Store, *, role: str, name: str, store_id: str) -> str:
    """A named token for one person: a manager of one store (``store_id``) or of
    every store (``*``), or a back-office admin. Shown once."""
    name, store_id = (name or "").strip(), (store_id or "").strip()
    if role not in (ADMIN, MANAGER):
        raise ValidationError("A token's role is manager or admin (enroll terminals with "
                              "`giftpos ledger enroll`).", key="invalid_request")
    if not name or not store_id or len(name) > 64 or len(store_id) > 64:
        raise ValidationError("Give the person's name and a store (or *), up to 64 "
                              "characters.", key="invalid_request")
    with store.transaction() as s:
        old = s.scalars(select(Principal).where(Principal.name == name)).first()
        if old is not None and old.revoked_at is None:
            raise ValidationError(f"'{name}' already has a token; revoke it first.",
                                  key="already_enrolled", code=409)
        if old is not None:  # a revoked name: same identity, new token
            _changed(s)
            token = new_token()
            old.token_hash, old.store, old.role, old.revoked_at = (
                token_digest(token), store_id, role, None)
            return token
        return _make(s, name=name, store=store_id, role=role)


def enroll(store: Store, *, store_id: str, name: str) -> str:
    """Enroll a terminal; its token is answered once."""
    name, store_id = (name or "").strip(), (store_id or "").strip()
    if not name or not store_id or len(name) > 64 or len(store_id) > 64:
        raise ValidationError("Give the terminal a name and a store (up to 64 characters).",
                              key="invalid_request")
    with store.transaction() as s:
        old = s.scalars(select(Principal).where(Principal.name == name)).first()
        if old is not None and (old.revoked_at is None or old.role != TERMINAL):
            raise ValidationError(f"A terminal named '{name}' is already enrolled; revoke it "
                                  "first or pick another name.", key="already_enrolled",
                                  code=409)
        if old is not None:  # re-enrolling a revoked terminal: same identity, new token
            _changed(s)
            token = new_token()
            old.token_hash, old.store, old.revoked_at = token_digest(token), store_id, None
            return token
        return _make(s, name=name, store=store_id, role=TERMINAL)


def revoke(store: Store, *, name: str) -> bool:
    with store.transaction() as s:
        _changed(s)
        res = s.execute(update(Principal).where(Principal.name == name,
                                                Principal.revoked_at.is_(None))
                        .values(revoked_at=utcnow()))
        return bool(res.rowcount)  # type: ignore[attr-defined]


def principals(store: Store) -> list[dict[str, object]]:
    with store.read() as s:
        rows = s.scalars(select(Principal).order_by(Principal.id)).all()
        return [{"name": p.name, "store": p.store, "role": p.role,
                 "created_at": p.created_at.isoformat(),
                 "revoked": p.revoked_at is not None} for p in rows]


def digest_of(authorization: str | None) -> str:
    """The digest of a bearer token, or AuthError when there is none."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("This request needs a bearer token (Authorization: Bearer ...).",
                        key="token_missing")
    return token_digest(token.strip())


def invalid_token() -> AuthError:
    return AuthError("This token is not valid here. Enroll the terminal again.",
                     key="token_invalid")


def authenticate(session: Session | Connection, authorization: str | None) -> Caller:
    return authenticate_digest(session, digest_of(authorization))


def authenticate_digest(session: Session | Connection, digest: str) -> Caller:
    p = session.execute(_BY_TOKEN, {"h": digest}).first()
    if p is None or p.revoked_at is not None:
        raise invalid_token()
    return Caller(id=p.id, name=p.name, store=p.store, role=p.role, digest=digest)


# Built once: every request runs it.
_BY_TOKEN = select(Principal.id, Principal.name, Principal.store, Principal.role,
                   Principal.revoked_at).where(Principal.token_hash == bindparam("h"))
