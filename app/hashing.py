"""Hashing of secrets: card keys (keyed, so they can be looked up), tokens
(random and long, so a digest suffices) and PINs (short, so argon2)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_pin_hasher = PasswordHasher()


def key_digest(pepper: bytes, key: str) -> str:
    """HMAC-SHA256 of a card key under the store's secret pepper."""
    return hmac.new(pepper, key.strip().encode(), hashlib.sha256).hexdigest()


def new_pepper() -> str:
    return secrets.token_hex(32)


def new_token() -> str:
    """A bearer token. The prefix names what it is (in a config file or a leak
    scan) and keeps it from starting with '-', which a command line would take
    for an option (`giftpos sync --token -x...` failed one run in 64)."""
    return "gpt_" + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_pin(pin: str) -> str:
    return _pin_hasher.hash(pin)


def verify_pin(pin_hash: str, pin: str) -> bool:
    try:
        return _pin_hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
