"""The docs' output comparison: ids aside, nothing else."""

from __future__ import annotations

import pytest

from tests.integration.docs.console import Mismatch, compare, substitute


def test_ids_are_learned_and_amounts_must_match() -> None:
    mapping: dict[str, str] = {}
    compare(["Issued 1 card(s):", "  6049555237366839  ACTIVE  $40.00"],
            "Issued 1 card(s):\n  6111222233334444  ACTIVE   $40.00\n", mapping)
    assert mapping["6049555237366839"] == "6111222233334444"
    assert mapping["6839"] == "4444"
    assert substitute("giftpos card redeem 6049555237366839 --card 6839",
                      mapping) == "giftpos card redeem 6111222233334444 --card 4444"
    with pytest.raises(Mismatch):
        compare(["  6049555237366839  ACTIVE  $40.00"], "  6111222233334444  ACTIVE  $41.00",
                mapping)
    with pytest.raises(Mismatch):  # the same doc number, another card
        compare(["  6049555237366839  ACTIVE  $40.00"], "  6999222233334444  ACTIVE  $40.00",
                mapping)


def test_ellipsis_and_dates() -> None:
    compare(["Z report  2026-11-29  till ...", "...", "  journal  agrees"],
            "Z report  2031-01-02  till cli\n  a\n  b\n  journal                agrees", {})
    with pytest.raises(Mismatch):
        compare(["Z report  2026-11-29  till ...", "...", "  journal  agrees"],
                "Z report  2031-01-02  till cli\n  journal                differs", {})
