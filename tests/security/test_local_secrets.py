"""Finding 15.10 (the till's own secrets): terminal.toml, which holds the
ledger tokens, is written 0600 even where an old temporary file of another
mode lies about; and `giftpos sync` takes its token from a file, standard
input or the environment, so it need not appear in `ps`."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from app.config import LedgerConfig, TerminalConfig, load_config, save_config


def test_the_configuration_is_written_0600_whatever_lies_about(tmp_path: Path) -> None:
    path = tmp_path / "terminal.toml"
    # What an earlier crash (or someone else) left: world-readable leftovers.
    for leftover in (path.with_suffix(".tmp"), tmp_path / ".terminal.toml.tmp"):
        leftover.write_text("old")
        leftover.chmod(0o644)
    save_config(TerminalConfig(ledger=LedgerConfig(url="https://l:8700", token="gpt_secret",
                                                   manager_token="gpt_manager")), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_config(path)
    assert loaded is not None and loaded.ledger.token == "gpt_secret"
    # No other new file holds the tokens.
    for other in tmp_path.iterdir():
        if other != path:
            assert "gpt_secret" not in other.read_text(), other


def test_sync_takes_its_token_without_the_command_line(tmp_path: Path) -> None:
    """Nothing listens on the port: the run gets as far as the ledger, which
    it only does with a token in hand (without one: ledger_not_configured)."""
    base = [sys.executable, "-m", "app", "--db", f"sqlite:///{tmp_path / 'till.db'}", "sync",
            "--config", str(tmp_path / "none.toml"), "--ledger-url", "http://127.0.0.1:9",
            "--timeout", "1"]
    env = {**os.environ, "GIFTPOS_LEDGER_TOKEN": "gpt_from_env"}
    by_env = subprocess.run(base, capture_output=True, text=True, env=env, timeout=120)
    token_file = tmp_path / "token"
    token_file.write_text("gpt_from_file\n")
    by_file = subprocess.run([*base, "--token-file", str(token_file)], capture_output=True,
                             text=True, timeout=120)
    by_stdin = subprocess.run([*base, "--token-file", "-"], input="gpt_from_stdin\n",
                              capture_output=True, text=True, timeout=120)
    no_token = subprocess.run(base, capture_output=True, text=True, timeout=120,
                              env={k: v for k, v in os.environ.items()
                                   if k != "GIFTPOS_LEDGER_TOKEN"})
    for run in (by_env, by_file, by_stdin):
        out = run.stdout + run.stderr
        assert run.returncode == 3 and "ledger_not_configured" not in out, out
        assert "gpt_from" not in out
    assert "ledger_not_configured" in no_token.stdout + no_token.stderr
    visible = subprocess.run([*base, "--token", "gpt_visible"], capture_output=True,
                             text=True, timeout=120)
    assert "visible to other users" in visible.stderr
