"""Shared by the staff and manager tests."""

from __future__ import annotations

from argon2 import PasswordHasher

# Real argon2, with costs low enough for a test suite (production uses
# app.hashing's defaults; verification reads the costs from each hash).
_cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def cheap_pin_hash(pin: str) -> str:
    return _cheap.hash(pin)
