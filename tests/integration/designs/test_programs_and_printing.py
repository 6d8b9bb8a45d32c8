"""Card programs on a real SQLite store: issuing from a program, and printing
a card through the CLI (PNG, PDF, ESC/POS) that scans back to its number."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from app.cli.main import main
from app.designs.programs import add_months
from app.designs.service import DesignService
from app.errors import NotFound, ValidationError
from app.ops.service import CardService
from app.store.database import Store

zxingcpp = pytest.importorskip("zxingcpp")


def _cli(capsys: pytest.CaptureFixture[str], db_url: str, *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    rc = main(["--db", db_url, *argv, "--json"])
    out = capsys.readouterr().out
    return rc, json.loads(out)


def test_issue_from_a_program(store: Store) -> None:
    cards = CardService(store)
    designs = DesignService(store, cards)
    with pytest.raises(NotFound):
        designs.add_program(code="x", title="X", template="no-such-cover")
    prog = designs.add_program(code="holiday-2026", title="Holiday Gift Card",
                               currency="EUR", default_amount=2500, expiry_months=12,
                               template="aurora")
    # The same terms again answer the same; other terms under the code are refused.
    assert designs.add_program(code="holiday-2026", title="Holiday Gift Card",
                               currency="EUR", default_amount=2500, expiry_months=12,
                               template="aurora") == prog
    with pytest.raises(ValidationError) as e:
        designs.add_program(code="holiday-2026", title="Other", template="aurora")
    assert e.value.key == "program_exists"
    assert [p.code for p in designs.programs()] == ["holiday-2026"]
    op = str(uuid.uuid4())
    (card, _), = designs.issue(program="holiday-2026", entry_id=op)
    today = cards.clock().astimezone().date()
    assert (card.currency, card.balance, card.program) == ("EUR", 2500, "holiday-2026")
    assert card.expires_on == add_months(today, 12)
    (again, _), = designs.issue(program="holiday-2026", entry_id=op)
    assert again.number == card.number  # a retry issues nothing new
    made = designs.issue(program="holiday-2026", amount=10_000, count=3, inactive=True)
    assert [(c.balance, c.status) for c, _ in made] == [(10_000, "INACTIVE")] * 3
    fixed = designs.add_program(code="spring", title="Spring", expires_on=date(2027, 5, 31),
                                template="confetti")
    (s, _), = designs.issue(program=fixed.code)
    assert s.expires_on == date(2027, 5, 31) and s.balance == 0


def test_print_a_card_from_the_cli(capsys: pytest.CaptureFixture[str], db_url: str,
                                   tmp_path: Path) -> None:
    rc, out = _cli(capsys, db_url, "program", "add", "holiday", "--title",
                   "Holiday Gift Card", "--amount", "25.00", "--months", "12",
                   "--template", "classic")
    assert rc == 0 and out["program"]["expiry_rule"] == "12 months from issue"
    rc, out = _cli(capsys, db_url, "program", "issue", "holiday", "--show-numbers")
    assert rc == 0
    number = out["cards"][0]["number"]
    rc, out = _cli(capsys, db_url, "program", "issue", "holiday")
    assert out["cards"][0]["number"].startswith("••••")  # masked unless asked
    rc, out = _cli(capsys, db_url, "program", "templates")
    assert {"aurora", "classic", "confetti"} <= {t["id"] for t in out["templates"]}

    png, pdf, esc = tmp_path / "c.png", tmp_path / "c.pdf", tmp_path / "c.bin"
    rc, out = _cli(capsys, db_url, "card", "print", number, "--png", str(png), "--pdf",
                   str(pdf), "--escpos", str(esc))
    assert rc == 0 and out["template"] == "classic" and out["amount"] == 2500
    assert number not in json.dumps(out)  # masked in the answer
    img = Image.open(io.BytesIO(png.read_bytes()))
    assert [r.text for r in zxingcpp.read_barcodes(img.convert("RGB"))] == [number]
    assert pdf.read_bytes().startswith(b"%PDF")
    assert b"{B" + number.encode() in esc.read_bytes()

    rc, out = _cli(capsys, db_url, "card", "print", number)
    assert rc == 3 and out["key"] == "invalid_request"
    rc, out = _cli(capsys, db_url, "card", "print", number, "--program", "nope", "--png",
                   str(png))
    assert rc == 3 and out["key"] == "program_not_found"


def test_a_manager_adds_a_cover(capsys: pytest.CaptureFixture[str], db_url: str,
                                tmp_path: Path) -> None:
    cover, layout = tmp_path / "brand.png", tmp_path / "brand.json"
    Image.new("RGB", (1012, 638), "#0b6e4f").save(cover)
    layout.write_text(json.dumps({"ink": "#ffffff", "title": {"x": 40, "y": 40, "size": 44}}))
    rc, out = _cli(capsys, db_url, "program", "add-template", "brand", "--image", str(cover),
                   "--layout", str(layout), "--name", "Our brand")
    assert rc == 0 and out["template"]["source"] == "manager"
    rc, out = _cli(capsys, db_url, "program", "add-template", "classic", "--image",
                   str(cover))
    assert rc == 3 and out["key"] == "template_exists"
    (tmp_path / "bad.png").write_bytes(b"not an image")
    rc, out = _cli(capsys, db_url, "program", "add-template", "bad", "--image",
                   str(tmp_path / "bad.png"))
    assert rc == 3 and out["key"] == "invalid_image"
    rc, out = _cli(capsys, db_url, "program", "add", "green", "--title", "Green",
                   "--template", "brand", "--amount", "10")
    assert rc == 0
    rc, out = _cli(capsys, db_url, "program", "issue", "green", "--png",
                   str(tmp_path / "g.png"), "--full-number", "--show-numbers")
    number = out["cards"][0]["number"]
    img = Image.open(tmp_path / "g.png")
    assert [r.text for r in zxingcpp.read_barcodes(img.convert("RGB"))] == [number]
