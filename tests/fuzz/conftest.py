"""Hypothesis budgets: bounded for CI, long under GIFTPOS_SOAK=1."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SOAK = os.environ.get("GIFTPOS_SOAK") == "1"


def budget(ci: int, soak: int | None = None) -> settings:
    return settings(max_examples=(soak or ci * 20) if SOAK else ci, deadline=None,
                    database=None, suppress_health_check=list(HealthCheck))
