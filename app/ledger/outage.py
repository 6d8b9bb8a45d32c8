"""A lost database, said as such: the ledger answers 503 (the till treats the
request as in doubt and retries under the same id) instead of a 500, whether
the connection died in a route or in the token check at the door."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError

DATABASE_UNAVAILABLE = {"code": 503, "key": "database_unavailable",
                        "message": "The ledger lost its database for a moment; try again."}


def database_unavailable(err: BaseException) -> bool:
    """A lost or refused database connection (not a bad statement)."""
    return isinstance(err, OperationalError) or bool(
        isinstance(err, DBAPIError) and err.connection_invalidated)
