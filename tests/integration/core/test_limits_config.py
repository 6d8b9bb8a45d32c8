"""Issue 14: one typed Limits model, per currency, read the same way by the
till (its terminal.toml's [limits], over the environment) and the ledger (the
environment); the till's services use the file's limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import TerminalConfig, load_config, save_config
from app.errors import Decline, ValidationError
from app.limits import Limits, limits_from_env
from drivers.events import DeviceEvent
from ui.terminal_parts import build_terminal


@pytest.mark.parametrize(("currency", "cap"), [
    ("USD", 200_000), ("EUR", 200_000), ("JPY", 200_000), ("KRW", 2_000_000),
    ("KWD", 2_000_000), ("BHD", 2_000_000),
])
def test_default_caps_follow_the_currency(currency: str, cap: int) -> None:
    assert Limits().cap(currency) == cap


def test_the_environment_sets_the_same_limits_for_till_and_ledger(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIFTPOS_MAX_BALANCE_MAJOR", "500")
    monkeypatch.setenv("GIFTPOS_MAX_BALANCE_BY_CURRENCY", '{"jpy": "50000"}')
    monkeypatch.setenv("GIFTPOS_HOLD_TTL_S", "120")
    ledger = limits_from_env()  # what `giftpos ledger serve` builds its app with
    till = TerminalConfig.from_dict({}).limits
    assert ledger == till
    assert (till.cap("USD"), till.cap("JPY"), till.cap("KWD"), till.hold_ttl_s) == (
        50_000, 50_000, 500_000, 120)
    monkeypatch.setenv("GIFTPOS_HOLD_TTL_S", "soon")
    with pytest.raises(ValidationError) as err:
        limits_from_env()
    assert err.value.key == "invalid_config"


def test_a_till_reads_its_limits_from_terminal_toml(tmp_path: Path) -> None:
    path = tmp_path / "terminal.toml"
    path.write_text('terminal_id = "till-9"\n'
                    f'db_url = "sqlite:///{tmp_path / "till.db"}"\n'
                    "[limits]\n"
                    'max_balance_major = "300"\n'
                    "hold_ttl_s = 600\n"
                    "[limits.max_balance_by_currency]\n"
                    'JPY = "30000"\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg is not None
    assert (cfg.limits.cap("USD"), cfg.limits.cap("JPY"), cfg.limits.hold_ttl_s) == (
        30_000, 30_000, 600)
    save_config(cfg, path)  # written back as TOML (decimals as strings) and read again
    again = load_config(path)
    assert again is not None and again.limits == cfg.limits

    events: list[DeviceEvent] = []
    terminal = build_terminal(cfg, on_device_event=events.append)
    try:
        (card, _), = terminal.cards.issue(amount=29_000)
        with pytest.raises(Decline) as err:
            terminal.cards.load(number=card.number, amount=2_000)
        assert err.value.key == "balance_limit_exceeded"
        assert err.value.params["cap"] == 30_000
    finally:
        terminal.close()


def test_bad_limits_in_the_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "terminal.toml"
    path.write_text('[limits]\nmax_balance_major = "lots"\n', encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_config(path)
    assert err.value.key == "invalid_config"
    path.write_text('[limits]\nmax_balance_by_currency = { XX1 = "5" }\n', encoding="utf-8")
    with pytest.raises(ValidationError):
        load_config(path)
