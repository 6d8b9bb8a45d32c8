"""A work-around for PySide6 6.12 on Python 3.11: ``SignalInstance.emit``
returns ``True`` without taking a reference, so every emit from Python
steals one reference to ``True`` and, after enough of them, the interpreter
aborts ("bool_dealloc: deallocating True or False"). Python 3.12+ has
immortal booleans and is unaffected; PySide6 6.11 is unaffected.

Every emit in ui/ goes through :func:`emit`, which measures the leak once at
import and gives the reference back. On versions without the bug the measured
leak is 0 and it does nothing.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal(int)


def _measure() -> int:
    if sys.version_info >= (3, 12):
        return 0
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit(1)
    return max(0, before - sys.getrefcount(True))


_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None
LEAK = _measure()
for _ in range(LEAK):  # the probe's own emit
    _incref(True)


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, giving back the reference PySide6 6.12 steals."""
    signal.emit(*args)
    for _ in range(LEAK):
        _incref(True)
