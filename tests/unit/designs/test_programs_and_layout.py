from __future__ import annotations

from datetime import date

import pytest

from app.designs.programs import Program, add_months
from app.designs.templates import Layout, builtin_templates
from app.errors import ValidationError


def test_months_from_issue_stay_inside_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 29), 12) == date(2027, 11, 29)
    assert add_months(date(2026, 12, 15), 2) == date(2027, 2, 15)


def test_expiry_rules() -> None:
    base = {"code": "p", "title": "P", "currency": "USD", "default_amount": 0,
            "template": "classic"}
    assert Program(**base).expiry_for(date(2026, 1, 1)) is None  # type: ignore[arg-type]
    months = Program(**base, expiry_months=6)  # type: ignore[arg-type]
    assert months.expiry_for(date(2026, 3, 31)) == date(2026, 9, 30)
    fixed = Program(**base, expires_on=date(2027, 1, 31))  # type: ignore[arg-type]
    assert fixed.expiry_for(date(2026, 3, 31)) == date(2027, 1, 31)
    assert "6 months" in months.expiry_rule()


def test_layout_defaults_and_refusals() -> None:
    lay = Layout.from_dict({"title": {"size": 40}, "barcode": [1, 2, 300, 120]})
    assert lay.title.size == 40 and lay.title.x == Layout().title.x
    assert lay.barcode == (1, 2, 300, 120)
    with pytest.raises(ValidationError):
        Layout.from_dict({"barcode": [1, 2, 3]})
    with pytest.raises(ValidationError):
        Layout.from_dict({"title": {"size": "big"}})


def test_builtin_templates_ship_with_their_images() -> None:
    found = {t.id: t for t in builtin_templates()}
    assert {"aurora", "classic", "confetti"} <= set(found)
    for t in found.values():
        assert t.image().size == t.layout.size == (1012, 638)
