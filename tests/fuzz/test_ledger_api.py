"""The ledger API under schemathesis, on a real uvicorn: every operation of
/openapi.json gets generated requests, valid (positive) and invalid
(negative), with the back office's token, a terminal's and none. No answer
is a 500; every refusal is a 4xx with the API's error shape (code, key,
message); without a token every route but health answers 401; and at the
end the books balance (every card's balance is the sum of its journal).
Bounded in `make test`; GIFTPOS_SOAK=1 runs 25 examples per operation."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis.errors import Unsatisfiable

from app.ops.queries import mismatched_balances
from tests.fuzz.conftest import SOAK, budget
from tests.integration.ledger.support import LedgerEnv, running_ledger
from tests.reliability.conftest import record

OPEN = {"/v1/health", "/balance"}
schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        yield env


def test_no_generated_request_gets_a_500(ledger: LedgerEnv) -> None:
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_url(f"{ledger.url}/openapi.json")
    ops = [r.ok() for r in schema.get_all_operations()]
    assert len(ops) >= 25
    with ledger.client("admin") as c:  # so that some paths name a real card
        number = c.post("/v1/cards", json={"amount": 50_000}).json()["cards"][0]["number"]
    seen: collections.Counter[int] = collections.Counter()
    bad: list[str] = []
    unsatisfiable: list[str] = []
    per_op = 25 if SOAK else 3
    for op in ops:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            params = {"number": number} if "{number}" in op.path and mode == \
                GenerationMode.POSITIVE else None
            try:
                strategy = op.as_strategy(generation_mode=mode, path_parameters=params)
            except Exception:  # an operation with nothing negative to make
                continue

            @budget(per_op, per_op)
            @given(case=strategy)
            def run(case: object) -> None:
                for who in ("admin", "t1", None):
                    token = {"admin": ledger.admin, "t1": ledger.tokens["t1"]}.get(who or "")
                    headers = {"Authorization": f"Bearer {token}"} if token else {}
                    r = case.call(base_url=ledger.url,  # type: ignore[attr-defined]
                                  headers=headers, timeout=30)
                    seen[r.status_code] += 1
                    if (who is None and r.status_code != 401
                            and case.path not in OPEN):  # type: ignore[attr-defined]
                        bad.append(f"{case.method} {case.formatted_path}: "  # type: ignore[attr-defined]
                                   f"answered {r.status_code} without a token")
                    if r.status_code >= 500:
                        bad.append(f"{case.method} {case.formatted_path}: "  # type: ignore[attr-defined]
                                   f"{r.status_code} {r.text[:200]}")
                    elif r.status_code >= 400:
                        body = r.json()
                        if not (body.get("key") and body.get("message")
                                and body.get("code") == r.status_code):
                            bad.append(f"{case.method} {case.formatted_path}: "  # type: ignore[attr-defined]
                                       f"unclear {r.status_code} {r.text[:200]}")

            try:
                run()
            except Unsatisfiable:  # e.g. nothing invalid can be made for this operation
                unsatisfiable.append(f"{mode.value} {op.method.upper()} {op.path}")
    record("ledger_api_fuzz", operations=len(ops), requests=sum(seen.values()),
           by_status=dict(sorted(seen.items())), nothing_to_generate=unsatisfiable)
    assert not bad, "\n".join(bad[:20])
    assert sum(seen.values()) > 100 and any(400 <= s < 500 for s in seen)
    with ledger.store.read() as s:
        assert mismatched_balances(s) == []


def test_a_body_that_is_not_json_is_a_clear_400(ledger: LedgerEnv) -> None:
    with ledger.client("t1") as c:
        r = c.post("/v1/cards/loads", content=b"{number: 6011000990139424, amount: 5",
                   headers={"Content-Type": "application/json"})
        assert r.status_code == 400
        assert r.json()["key"] == "invalid_request" and r.json()["code"] == 400
        assert r.json()["message"]
        lost = c.get("/v1/no-such-thing")
        assert (lost.status_code, lost.json()["code"]) == (404, 404) and lost.json()["key"]
