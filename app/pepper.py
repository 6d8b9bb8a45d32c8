"""The card-key pepper (issue 15.8): the secret under which card keys are
hashed. It comes from configuration, $GIFTPOS_KEY_PEPPER or a secret file
named by $GIFTPOS_KEY_PEPPER_FILE, so a copy of the database alone does not
let anyone test keys. A store made before that kept it in its meta table;
`giftpos ledger pepper export` moves it out (writes it to a file, then, once
the service is configured with it, removes it from the database and leaves a
marker, after which the ledger refuses to start without it)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.orm import Session

from app.errors import StoreError, ValidationError
from app.hashing import new_pepper
from app.store.schema import Meta

ENV, FILE_ENV = "GIFTPOS_KEY_PEPPER", "GIFTPOS_KEY_PEPPER_FILE"
ROW, MOVED = "key_pepper", "key_pepper_moved"


def configured() -> str | None:
    """The pepper the configuration gives, if any."""
    env = os.environ.get(ENV)
    if env:
        return env
    path = os.environ.get(FILE_ENV)
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise StoreError(f"The card-key pepper file {path} cannot be read ({exc.strerror}).",
                         key="pepper_missing") from exc
    if not text:
        raise StoreError(f"The card-key pepper file {path} is empty.", key="pepper_missing")
    return text


def _missing() -> StoreError:
    return StoreError("The card-key pepper has been moved out of this database: set "
                      f"{ENV} or {FILE_ENV} (the file `giftpos ledger pepper export` wrote).",
                      key="pepper_missing")


def pepper(session: Session) -> bytes:
    conf = configured()
    if conf:
        return conf.encode()
    row = session.get(Meta, ROW)
    if row is None:
        if session.get(Meta, MOVED) is not None:
            raise _missing()
        row = Meta(key=ROW, value=new_pepper())
        session.add(row)
        session.flush()
    return row.value.encode()


def require(session: Session) -> None:
    """At the ledger's start: refuse to run when the database no longer
    holds the pepper and the configuration does not give it."""
    if (configured() is None and session.get(Meta, ROW) is None
            and session.get(Meta, MOVED) is not None):
        raise _missing()


def export(session: Session, *, out: Path | None) -> tuple[str, str | None]:
    """Move the pepper out of the database: ("written", value-or-None) when it
    was written to ``out`` (or answered, without ``out``) and is still in the
    database; ("removed", None) once the configuration gives the same pepper
    and the database's copy is gone; ("moved", None) if it already was."""
    row = session.get(Meta, ROW)
    conf = configured()
    if row is None:
        if session.get(Meta, MOVED) is not None:
            return "moved", None
        if conf is None:
            raise ValidationError(f"This database holds no pepper yet: set {ENV} or "
                                  f"{FILE_ENV} before the first card key is made.",
                                  key="pepper_none")
        session.add(Meta(key=MOVED, value="1"))
        return "removed", None
    if conf is None:
        if out is not None:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(row.value + "\n")
            return "written", None
        return "written", row.value
    if conf != row.value:
        raise ValidationError("The configured pepper is not the one in the database: every "
                              "card key would become unfindable. Nothing was removed.",
                              key="pepper_mismatch")
    session.delete(row)
    session.add(Meta(key=MOVED, value="1"))
    return "removed", None
