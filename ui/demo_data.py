"""Demo cards for `giftpos demo` and the screenshots: seeded once per data
directory from resources/demo/cards.toml, remembered in demo_cards.json so a
second start shows the same cards."""

from __future__ import annotations

import json
import logging
import tomllib
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

from app.money import decimal_to_minor
from app.ops.service import CardService
from ui.theme import RESOURCES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoCard:
    label: str
    number: str
    balance: int
    inactive: bool = False


def seed_cards(cards: CardService, folder: Path, *, currency: str) -> list[DemoCard]:
    """The demo cards of ``folder``, issuing them on first use."""
    remembered = folder / "demo_cards.json"
    if remembered.exists():
        return [DemoCard(**d) for d in json.loads(remembered.read_text(encoding="utf-8"))]
    spec = tomllib.loads((RESOURCES / "demo" / "cards.toml").read_text(encoding="utf-8"))
    out: list[DemoCard] = []
    for entry in spec["card"]:
        amount = decimal_to_minor(Decimal(str(entry["amount"])), currency)
        inactive = bool(entry.get("inactive", False))
        [(view, _key)] = cards.issue(count=1, amount=amount, currency=currency,
                                     inactive=inactive, program="demo")
        out.append(DemoCard(entry["label"], view.number, view.balance, inactive))
    folder.mkdir(parents=True, exist_ok=True)
    remembered.write_text(json.dumps([asdict(c) for c in out], indent=2), encoding="utf-8")
    return out
