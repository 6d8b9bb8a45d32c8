"""The ledger's published contract: /openapi.json describes every answer (a
response schema on every route), card numbers travel in bodies (no route
puts one in a path or query; the old v1 path routes are gone), and the answers of real
requests are what the response models say."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, TypeAdapter

from app.wire import answers
from tests.integration.ledger.support import LedgerEnv, running_ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        yield env


def _spec(env: LedgerEnv) -> dict[str, Any]:
    return dict(httpx.get(f"{env.url}/openapi.json", timeout=30).json())


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        return dict(spec["components"]["schemas"][ref.rsplit("/", 1)[1]])
    return schema


def test_every_route_publishes_a_response_schema(ledger: LedgerEnv) -> None:
    spec = _spec(ledger)
    ops = [(m, p, op) for p, item in spec["paths"].items() for m, op in item.items()]
    assert len(ops) >= 30
    for method, path, op in ops:
        ok = op["responses"].get("200")
        assert ok, (method, path)
        schema = ok["content"]["application/json"]["schema"]
        resolved = _resolve(spec, schema)
        # Not the empty schema FastAPI writes for an untyped dict answer.
        assert resolved.get("properties") or resolved.get("anyOf"), (method, path, schema)
        if path != "/v1/health":  # every other route documents its refusals
            err = op["responses"]["401"]["content"]["application/json"]["schema"]
            assert _resolve(spec, err)["title"] == "ErrorAnswer", (method, path)


def test_card_numbers_travel_in_bodies(ledger: LedgerEnv) -> None:
    spec = _spec(ledger)
    in_path = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            names = {p["name"] for p in op.get("parameters", [])}
            if "{number}" in path or names & {"cardNumber", "key", "number"}:
                in_path.append((method, path))
    assert in_path == []
    assert "/v1/cards/lookup" in spec["paths"]  # the spec read is the ledger's


def test_the_old_path_routes_answer_404_and_echo_no_number(ledger: LedgerEnv) -> None:
    """Issue 14: the deprecated v1 routes with the number in the path or
    query are removed; nothing reaches a handler, and the card is untouched."""
    with ledger.client("admin") as admin:
        number = admin.post("/v1/cards", json={"amount": 1_000}).json()["cards"][0]["number"]
    with ledger.client("t1") as t1:
        for op in ("activate", "loads", "redemptions", "adjustments", "transfer", "status"):
            r = t1.post(f"/v1/cards/{number}/{op}", json={"amount": 100, "capture": True})
            assert r.status_code == 404 and number not in r.text, (op, r.text)
        looked = t1.get(f"/v1/cards/{number}")
        assert looked.status_code in (404, 405) and number not in looked.text
        queried = t1.get("/v1/balance", params={"cardNumber": number})
        assert queried.status_code == 405 and number not in queried.text
        left = t1.post("/v1/balance", json={"number": number}).json()
        assert (left["balance"], left["status"]) == (1_000, "ACTIVE")


def _check(model: type[BaseModel] | Any, answer: dict[str, Any]) -> None:
    TypeAdapter(model).validate_python(answer)


def test_real_answers_match_their_models(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as admin, ledger.client("t1") as t1:
        r = admin.post("/v1/cards", json={"amount": 5_000, "with_key": True, "count": 2})
        _check(answers.IssueAnswer, r.json())
        first, second = (c["number"] for c in r.json()["cards"])
        _check(answers.BalanceAnswer, t1.post("/v1/balance", json={"number": first}).json())
        hold = t1.post("/v1/cards/redemptions", json={"number": first, "amount": 700},
                       headers={"Idempotency-Key": str(uuid.uuid4())}).json()
        _check(answers.OpAnswer, hold)
        assert hold["entry"]["number"] == first and hold["card_state"]["balance"] == 4_300
        cap = t1.post(f"/v1/holds/{hold['id']}/capture", json={"amount": 500}).json()
        _check(answers.OpAnswer, cap)
        _check(answers.OpAnswer, t1.post(f"/v1/entries/{cap['id']}/refund",
                                         json={"amount": 100}).json())
        _check(answers.OpAnswer | answers.NothingVoided,
               t1.post(f"/v1/entries/{uuid.uuid4()}/void", json={"in_doubt": True}).json())
        _check(answers.OpAnswer, t1.post("/v1/cards/loads",
                                         json={"number": first, "amount": 100}).json())
        _check(answers.CardDetails, t1.post("/v1/cards/lookup",
                                            json={"number": first, "limit": 2}).json())
        _check(answers.OpAnswer, admin.post("/v1/cards/adjustments", json={
            "number": second, "amount": -100, "reason": "count"}).json())
        _check(answers.OpAnswer, admin.post("/v1/cards/transfer", json={
            "number": second, "amount": 100}).json())
        _check(answers.PullAnswer, t1.get("/v1/sync/pull", params={"cursor": 0}).json())
        _check(answers.PushAnswer, t1.post("/v1/sync/push", json={"entries": []}).json())
        for name, model in (("liability", answers.LiabilityAnswer),
                            ("exceptions", answers.ExceptionsAnswer),
                            ("sync", answers.SyncReport)):
            _check(model, admin.get(f"/v1/reports/{name}").json())
        _check(answers.HealthAnswer, httpx.get(f"{ledger.url}/v1/health", timeout=30).json())
        refused = t1.post("/v1/cards/adjustments", json={"number": first, "amount": 1,
                                                         "reason": "x"})
        assert refused.status_code == 403
        _check(answers.ErrorAnswer, refused.json())


def test_the_ledger_does_not_import_the_command_line() -> None:
    import subprocess
    import sys

    code = ("import sys, app.ledger.api, app.ledger.runner; "
            "print(sorted(m for m in sys.modules if m.startswith('app.cli')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stdout
