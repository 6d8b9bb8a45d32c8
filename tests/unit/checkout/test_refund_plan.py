"""A refund's plan is read back typed, from what the column has always held
(plans written before it was typed included), and written back the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert, select, text

from app.checkout.refund_plan import PartKind, PlanColumn, RefundPart, RefundPlan

# As app/checkout/returns.py wrote plans with json.dumps before they were typed.
OLD = json.dumps({"lines": ["l1", "l2"], "parts": [
    {"kind": "GIFT_CARD", "tender": "t1", "amount": 700},
    {"kind": "STORE_CREDIT", "amount": 300, "instead_of": "t2", "declined": "card_frozen",
     "id": "c0ffee00-0000-4000-8000-000000000000"},
    {"kind": "CASH", "tender": "t3", "amount": 250}]})


def test_a_plan_reads_typed_from_its_json_column(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'plans.db'}")
    table = Table("plans", MetaData(), Column("id", String, primary_key=True),
                  Column("plan", PlanColumn))
    table.create(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO plans VALUES ('old', :p)"), {"p": OLD})
        plan = conn.execute(select(table.c.plan).where(table.c.id == "old")).scalar_one()
        assert plan.lines == ("l1", "l2")
        assert [p.kind for p in plan.parts] == [PartKind.GIFT_CARD, PartKind.STORE_CREDIT,
                                                PartKind.CASH]
        assert plan.amount_of(PartKind.STORE_CREDIT) == 300
        again = plan.with_part(0, RefundPart(kind=PartKind.STORE_CREDIT, amount=700))
        assert plan.parts[0].kind == PartKind.GIFT_CARD  # replaced, not edited
        conn.execute(insert(table).values(id="new", plan=again))
        stored = conn.execute(text("SELECT plan FROM plans WHERE id = 'new'")).scalar_one()
    assert json.loads(stored)["parts"][0] == {"kind": "STORE_CREDIT", "amount": 700}
    engine.dispose()


def test_a_part_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationError):
        RefundPlan.model_validate_json('{"lines": [], "parts": [{"kind": "GOLD", "amount": 1}]}')
