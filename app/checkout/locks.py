"""One step at a time per sale.

Two taps of "pay" in the window (two worker threads) must not both read the
same amount due and each hold it on a card; so every step that changes a sale
runs under that sale's lock, for as long as the gateway takes to answer.
Sales do not wait on each other.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class SaleLocks:
    """One re-entrant lock per sale. A sale's lock is dropped when a step that
    ends the sale returns, so a till that runs for weeks keeps no lock per sale
    it ever made."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.RLock] = {}

    def lock(self, sale_id: str) -> threading.RLock:
        with self._guard:
            return self._locks.setdefault(str(sale_id), threading.RLock())

    @contextmanager
    def held(self, sale_id: str, *, ends: bool = False) -> Iterator[None]:
        with self.lock(sale_id):
            yield
        if ends:
            with self._guard:
                self._locks.pop(str(sale_id), None)

    def __len__(self) -> int:
        """How many sales have a lock now (none once every sale has ended)."""
        with self._guard:
            return len(self._locks)


class HasSaleLocks(Protocol):
    sale_locks: SaleLocks


def one_at_a_time(*, ends: bool = False) -> Callable[[F], F]:
    """Run a service method ``(self, sale_id, ...)`` under that sale's lock;
    ``ends=True`` for the steps after which the sale is no longer built."""
    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(self: HasSaleLocks, sale_id: str, *args: Any, **kwargs: Any) -> Any:
            with self.sale_locks.held(sale_id, ends=ends):
                return method(self, sale_id, *args, **kwargs)
        return wrapper  # type: ignore[return-value]
    return decorate
