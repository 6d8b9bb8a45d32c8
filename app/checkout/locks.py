"""One step at a time per sale.

Two taps of "pay" in the window (two worker threads) must not both read the
same amount due and each hold it on a card; so every step that changes a sale
runs under that sale's lock, for as long as the gateway takes to answer.
Sales do not wait on each other.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from app.checkout.service import CheckoutService

F = TypeVar("F", bound=Callable[..., Any])


def sale_lock(svc: CheckoutService, sale_id: str) -> threading.RLock:
    with svc._guard:
        return svc._locks.setdefault(str(sale_id), threading.RLock())


# After these a sale is no longer built, so its lock is dropped: a till that
# runs for weeks keeps no lock per sale it ever made.
ENDS = frozenset({"complete", "cancel", "refund"})


def one_at_a_time(method: F) -> F:
    @functools.wraps(method)
    def wrapper(self: CheckoutService, sale_id: str, *args: Any, **kwargs: Any) -> Any:
        with sale_lock(self, sale_id):
            out = method(self, sale_id, *args, **kwargs)
        if method.__name__ in ENDS:
            with self._guard:
                self._locks.pop(str(sale_id), None)
        return out
    return wrapper  # type: ignore[return-value]
