from __future__ import annotations

import argparse
import io
import json

import pytest

from drivers.cli import build_parser, cmd_decode, register

from .helpers import CARD

MAGTEK = b"\x02%B" + CARD.encode() + b"^DOE/JOHN^2912101?;" + CARD.encode() + b"=2912101?\r\x03"


def parse(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def decode(argv: list[str], data: bytes) -> tuple[int, str]:
    out = io.StringIO()
    args = parse(["devices", "decode", *argv])
    code = cmd_decode(args, stdin=io.BytesIO(data), stdout=out)
    return code, out.getvalue()


def test_register_adds_devices_with_handlers() -> None:
    parser = argparse.ArgumentParser(prog="giftpos")
    parser.add_argument("--db")  # the app's global option
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(["--db", "x.db", "devices", "listen", "--port", "loop://",
                              "--kind", "scanner", "--json", "--prefix", "6036",
                              "--length", "16", "--luhn", "--count", "2"])
    assert callable(args.func) and args.func.__name__ == "cmd_listen"
    assert (args.port, args.kind, args.json, args.count) == ("loop://", "scanner", True, 2)
    assert (args.prefix, args.length, args.luhn) == ("6036", 16, True)
    args = parser.parse_args(["devices", "simulate", "magstripe", "--link", "/tmp/x"])
    assert args.func.__name__ == "cmd_simulate" and args.script is None
    args = parser.parse_args(["devices", "decode", "scanner"])
    assert args.func.__name__ == "cmd_decode"


def test_decode_scanner_json_lines() -> None:
    data = b"]C1" + CARD.encode() + b"\r\n]E05012345678901\r\xff\xfe\r"
    code, out = decode(["scanner", "--json", "--prefix", "6036", "--length", "16", "--luhn"],
                       data)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["event"] for r in lines] == ["CardScanned", "UnknownScan", "UnknownScan"]
    assert lines[0]["number"] == "****2349" and lines[0]["last4"] == "2349"
    assert lines[0]["symbology"] == "code128"
    assert lines[1]["reason"] == "EAN-13 check digit is wrong"
    assert lines[2]["reason"] == "unreadable characters in the scan"
    assert CARD not in out
    assert code == 1  # not every frame was a card


def test_decode_last_frame_without_terminator() -> None:
    code, out = decode(["scanner", "--json"], CARD.encode())
    assert json.loads(out)["event"] == "CardScanned"
    assert code == 0


def test_decode_magstripe_magtek_and_idtech() -> None:
    idtech = (b"%B" + CARD.encode() + b"^DOE/JOHN^2912101?\r;" + CARD.encode()
              + b"=2912101?\r;01" + CARD.encode() + b"=" + b"0" * 60 + b"?\r\n")
    code, out = decode(["magstripe", "--json"], MAGTEK + idtech + b"%E?;E?\r\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["event"] for r in lines] == ["CardSwiped", "CardSwiped", "ReadFailed"]
    assert lines[0]["expiry"] == "2912" and lines[0]["number"] == "****2349"
    assert lines[2]["reason"] == "track 2 read error"
    assert CARD not in out and "DOE" not in out
    assert code == 1


def test_decode_human_output() -> None:
    code, out = decode(["magstripe"], MAGTEK)
    assert code == 0
    assert "card swiped    ****2349  expires 12/29  name on card" in out


def test_decode_with_preamble_stripped() -> None:
    code, out = decode(["scanner", "--json", "--strip-prefix", "\\x1bS", "--terminator",
                        "tab"], b"\x1bS" + CARD.encode() + b"\t")
    assert code == 0 and json.loads(out)["number"] == "****2349"


def test_decode_empty_input() -> None:
    assert decode(["scanner"], b"") == (1, "")


def test_unknown_terminator_is_refused() -> None:
    with pytest.raises(SystemExit):
        parse(["devices", "decode", "scanner", "--terminator", "semicolon"])
