from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.recorder import EventRecorder


@pytest.fixture
def recorder() -> EventRecorder:
    return EventRecorder()


@pytest.fixture
def link(tmp_path: Path) -> Iterator[Path]:
    """Where a virtual device's pty is linked, like /dev/ttyUSB0 would be."""
    yield tmp_path / "ttyVIRT0"
