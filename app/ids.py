"""Entry ids: UUIDs, made new, derived from a parent, or checked as given."""

from __future__ import annotations

import uuid

from app.errors import ValidationError


def new_id() -> str:
    return str(uuid.uuid4())


def child_id(parent: str, part: str) -> str:
    """A derived entry id for the second, third... entry of one operation, so a
    replay of the parent id finds all of them."""
    return str(uuid.uuid5(uuid.UUID(parent), part))


def check_id(entry_id: str | None) -> str:
    """The id as given (in its canonical form), or a new one when none is."""
    if entry_id is None:
        return new_id()
    try:
        return str(uuid.UUID(str(entry_id)))
    except ValueError as exc:
        raise ValidationError(f"'{entry_id}' is not a UUID.", key="invalid_id") from exc
