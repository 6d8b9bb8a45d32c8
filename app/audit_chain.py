"""The audit trail as a hash chain (issue 15.10): each row's ``link`` is
sha256 over the previous row's link and the row's canonical content, so
editing, deleting or inserting a row in the database breaks the chain from
that row on; ``verify`` names the first broken link.

Anyone holding the till's database can delete the newest rows, or rewrite
rows and compute the links again: the chain proves nothing until it is
anchored elsewhere. So the till pushes it to the ledger (app/sync/trail.py),
which keeps a copy per till and recomputes every link (app/ledger/trail.py);
both sides use this one definition of a link."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.clock import as_aware

FIELDS = ("id", "at", "terminal", "action", "outcome", "actor", "approver", "card", "amount",
          "currency", "entry_id", "detail")


def canonical(row: Mapping[str, Any]) -> str:
    """The row's content as one stable text: every field but the link, in a
    fixed order, times in UTC to the microsecond."""
    values: list[Any] = []
    for f in FIELDS:
        v = row[f]
        if isinstance(v, datetime):
            v = time_text(v)
        values.append(v)
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def time_text(at: datetime) -> str:
    """A time as the chain hashes it (and as a till sends it to the ledger)."""
    return as_aware(at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def link_of(prev: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev + "\n" + canonical(row)).encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    broken_at: int | None  # id of the first row whose link does not hold
    why: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(rows: Iterable[Mapping[str, Any]]) -> ChainCheck:
    """Walk the rows in id order; the first whose link is not what its
    content and the previous link give is where the trail was changed."""
    prev, n = "", 0
    for row in rows:
        n += 1
        want = link_of(prev, row)
        if row["link"] != want:
            why = "no link" if not row["link"] else "content or order changed"
            return ChainCheck(rows=n, broken_at=int(row["id"]), why=why)
        prev = want
    return ChainCheck(rows=n, broken_at=None, why=None)
