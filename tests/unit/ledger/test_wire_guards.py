"""Pure parts of the ledger: the wire format of entries, idempotency ids and
request hashes."""

from __future__ import annotations

import uuid

import pytest

from app.domain import EntryType
from app.errors import ValidationError
from app.ledger.guards import entry_id_for, request_hash
from app.wire.entry import WireEntry


def test_idempotency_keys_become_entry_ids() -> None:
    u = str(uuid.uuid4())
    assert entry_id_for(1, u) == u
    derived = entry_id_for(1, "sale-42/tender-1")
    assert uuid.UUID(derived) and derived == entry_id_for(1, "sale-42/tender-1")
    assert derived != entry_id_for(2, "sale-42/tender-1")  # per caller


def test_request_hash_ignores_key_order_but_not_values() -> None:
    assert request_hash("r", {"a": 1, "b": 2}) == request_hash("r", {"b": 2, "a": 1})
    assert request_hash("r", {"a": 1}) != request_hash("r", {"a": 2})
    assert request_hash("r", {"a": 1}) != request_hash("s", {"a": 1})


def test_wire_entry_parses_and_refuses_bad_input() -> None:
    w = WireEntry.parse({"id": "x", "type": "hold", "number": "123", "amount": -5,
                         "approved_amount": 5, "created_at": "2026-11-28T10:00:00",
                         "business_date": "2026-11-28"})
    assert w.type == EntryType.HOLD and w.created_at.tzinfo is not None
    for bad in ({"id": "x"}, {"id": "x", "type": "nope", "number": "1",
                              "created_at": "2026-11-28T10:00:00"},
                {"id": "x", "type": "hold", "number": "1", "amount": "5",
                 "created_at": "2026-11-28T10:00:00"},
                {"id": "x", "type": "hold", "number": "1", "amount": 1.5,
                 "created_at": "2026-11-28T10:00:00"}):
        with pytest.raises(ValidationError) as err:
            WireEntry.parse(bad)
        assert err.value.key == "invalid_entry"
