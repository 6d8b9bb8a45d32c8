"""A recording event callback for tests (of drivers, the app and the UI):
pass an :class:`EventRecorder` as ``on_event`` and wait for what you expect,
without sleeping."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import UnionType
from typing import Any, TypeVar, overload

from drivers.events import DeviceEvent

E = TypeVar("E")


class EventRecorder:
    """Callable that keeps every event; thread-safe."""

    def __init__(self) -> None:
        self._events: list[DeviceEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self._events.append(event)
            self._cond.notify_all()

    @property
    def events(self) -> list[DeviceEvent]:
        with self._cond:
            return list(self._events)

    def mark(self) -> int:
        """A position: ``wait_for(..., since=mark)`` ignores what came before."""
        with self._cond:
            return len(self._events)

    @overload
    def of(self, kind: type[E], since: int = 0) -> list[E]: ...
    @overload
    def of(self, kind: UnionType | tuple[type[Any], ...], since: int = 0) -> list[Any]: ...

    def of(self, kind: Any, since: int = 0) -> list[Any]:
        """The events of ``kind`` (a class, a union or a tuple) since ``since``."""
        with self._cond:
            return [e for e in self._events[since:] if isinstance(e, kind)]

    def wait_for(self, kind: type[E], *, since: int = 0, timeout: float = 2.0,
                 where: Callable[[E], bool] | None = None) -> E:
        """The first event of ``kind`` at or after ``since`` (matching
        ``where``); TimeoutError listing what did come."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self._events[since:]:
                    if isinstance(event, kind) and (where is None or where(event)):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {kind.__name__} within {timeout} s; got "
                                       f"{self._events[since:]!r}")
                self._cond.wait(left)
