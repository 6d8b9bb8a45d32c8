"""The till's configuration file is read by type: a wrong key or a wrong type
is refused with the setting's name, and a good file round-trips."""

from __future__ import annotations

import pytest

from app.config import TerminalConfig, load_config, save_config
from app.errors import ValidationError


def test_a_saved_configuration_reads_back_the_same(tmp_path) -> None:
    cfg = TerminalConfig(terminal_id="till-7", font_size=18)
    cfg.ledger.url = "https://ledger.example:8443"
    cfg.offline.per_card = 5_000
    path = save_config(cfg, tmp_path / "terminal.toml")
    assert path.stat().st_mode & 0o777 == 0o600
    back = load_config(path)
    assert back == cfg


@pytest.mark.parametrize(("text", "words"), [
    ('font_size = "large"\n', "font_size"),
    ('[ledger]\ntimeout_s = "soon"\n', "ledger.timeout_s"),
    ('[offline]\nper_card = 1.5\n', "offline.per_card"),
    ('[ledger]\nurll = "http://x"\n', "ledger.urll is not a setting"),
    ('[[devices]]\nname = "s"\nbaudrate = "fast"\n', "devices.0.baudrate"),
])
def test_a_wrong_setting_is_named(tmp_path, text: str, words: str) -> None:
    path = tmp_path / "terminal.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        load_config(path)
    assert exc.value.key == "invalid_config"
    assert words in str(exc.value)


def test_a_screen_cannot_store_a_wrong_type() -> None:
    cfg = TerminalConfig()
    with pytest.raises(Exception, match="idle_lock_s"):
        cfg.idle_lock_s = "never"  # type: ignore[assignment]
