"""A plug-in command that cannot be imported says so instead of vanishing."""

from __future__ import annotations

import argparse
import logging
from importlib.metadata import EntryPoint

import pytest

from app.cli.main import load_plugins
from app.cli.output import EXIT_UNAVAILABLE


def test_a_broken_plugin_is_listed_and_says_why(caplog, capsys) -> None:
    parser = argparse.ArgumentParser(prog="giftpos")
    sub = parser.add_subparsers(dest="command", required=True)
    broken = EntryPoint(name="terminal", value="giftpos_no_such_module:register",
                        group="giftpos.commands")
    with caplog.at_level(logging.WARNING, logger="giftpos"):
        load_plugins(sub, [broken])
    assert "'terminal' commands are unavailable" in caplog.text
    assert "giftpos_no_such_module" in caplog.text

    args = parser.parse_args(["terminal", "--config", "x.toml"])
    assert args.func(args) == EXIT_UNAVAILABLE
    err = capsys.readouterr().err
    assert "'giftpos terminal' cannot start" in err and "giftpos_no_such_module" in err


def test_a_working_plugin_registers_its_commands() -> None:
    parser = argparse.ArgumentParser(prog="giftpos")
    sub = parser.add_subparsers(dest="command", required=True)
    load_plugins(sub, [EntryPoint(name="devices", value="drivers.cli:register",
                                  group="giftpos.commands")])
    with pytest.raises(SystemExit):
        parser.parse_args(["devices", "--help"])
