"""One exception tree for giftpos.

Every error meant for a person carries a stable ``key`` (snake_case, the same in
the CLI, the ledger API and the UI), an HTTP-like ``code`` and a ``message`` a
cashier understands, saying what to do next where there is something to do.
A decline is a :class:`Decline`: an answer to show, not a crash.
"""

from __future__ import annotations

from typing import Any


class GiftposError(Exception):
    """Base of every error giftpos raises on purpose.

    ``key`` and ``params`` are the error itself (``params`` are plain values:
    amounts in minor units beside a ``currency``); ``message`` is their
    rendering in en_US, for logs and the ledger's JSON. A person is shown the
    rendering in their own locale (``app.messages.render``), which ui/wording.py
    and the CLI's output do in one place each."""

    code: int = 400
    key: str = "error"

    def __init__(
        self,
        message: str | None = None,
        *,
        key: str | None = None,
        code: int | None = None,
        details: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        if key is not None:
            self.key = key
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = dict(params or {})
        if message is None:
            from app.messages import render  # the catalog imports this module

            message = render(self.key, self.params)
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "key": self.key, "message": self.message}
        if self.details is not None:
            out["details"] = self.details
        if self.params:
            out["params"] = self.params
        return out

    def __str__(self) -> str:
        return self.message


class ValidationError(GiftposError):
    """Bad input: nothing was changed."""

    code = 400
    key = "invalid_request"


class InvalidAmount(ValidationError):
    key = "invalid_amount"


class NotFound(GiftposError):
    code = 404
    key = "not_found"


class CardNotFound(NotFound):
    key = "card_not_found"


class Conflict(GiftposError):
    """The same id was used for a different request."""

    code = 409
    key = "idempotency_conflict"


class Decline(GiftposError):
    """The card or the rules said no. Nothing moved."""

    code = 400
    key = "declined"


class AuthError(GiftposError):
    code = 401
    key = "unauthorized"


class Forbidden(GiftposError):
    code = 403
    key = "forbidden"


class RateLimited(GiftposError):
    code = 429
    key = "rate_limited"


class SyncError(GiftposError):
    """The ledger could not be reached or answered something unusable."""

    code = 503
    key = "ledger_unavailable"


class StoreError(GiftposError):
    code = 500
    key = "store_error"
