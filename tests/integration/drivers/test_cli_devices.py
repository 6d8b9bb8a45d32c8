"""``devices listen`` and ``devices simulate`` against real ptys."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from pathlib import Path

from drivers.cli import build_parser, cmd_listen, cmd_simulate
from drivers.events import CardScanned, CardSwiped, ReadFailed, UnknownScan
from drivers.magstripe import MagstripeReader, magstripe_config
from drivers.recorder import EventRecorder
from drivers.scanner import BarcodeScanner, scanner_config
from drivers.virtual import VirtualScanner
from tests.unit.drivers.helpers import CARD, GIFT

ROOT = Path(__file__).resolve().parents[3]


class SignallingOutput(io.StringIO):
    """Lets the test act once listen has printed 'connected'."""

    def __init__(self) -> None:
        super().__init__()
        self.connected = threading.Event()

    def write(self, text: str) -> int:
        if "DeviceConnected" in text:
            self.connected.set()
        return super().write(text)


def test_listen_prints_masked_json_until_count(link: Path) -> None:
    with VirtualScanner(link=link) as device:
        args = build_parser().parse_args(
            ["devices", "listen", "--port", str(link), "--kind", "scanner", "--json",
             "--prefix", "6036", "--length", "16", "--luhn", "--count", "2",
             "--seconds", "10"])
        out = SignallingOutput()
        result: list[int] = []
        worker = threading.Thread(target=lambda: result.append(cmd_listen(args, stdout=out)))
        worker.start()
        assert out.connected.wait(5)
        device.scan(CARD, "code128")
        device.scan("5012345678900", "ean13")
        worker.join(10)
        assert result == [0]
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["event"] for r in records] == ["DeviceConnected", "CardScanned", "CodeScanned"]
    assert records[1]["number"] == "****2349" and records[1]["symbology"] == "code128"
    assert CARD not in out.getvalue()


def test_listen_times_out_without_enough_events(link: Path) -> None:
    with VirtualScanner(link=link):
        args = build_parser().parse_args(
            ["devices", "listen", "--port", str(link), "--kind", "magstripe", "--count", "1",
             "--seconds", "0.3"])
        assert cmd_listen(args, stdout=io.StringIO()) == 1


def test_listen_bad_url_exits_2() -> None:
    args = build_parser().parse_args(
        ["devices", "listen", "--port", "nosuchscheme://x", "--kind", "scanner",
         "--seconds", "5"])
    assert cmd_listen(args, stdout=io.StringIO()) == 2


def _simulate(kind: str, link: Path, script: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "drivers", "devices", "simulate", kind, "--link", str(link),
         "--script", str(script), "--wait", "10", "--linger", "0.2", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_simulate_scanner_script_reaches_a_driver(tmp_path: Path, recorder: EventRecorder,
                                                  link: Path) -> None:
    script = tmp_path / "scans.txt"
    script.write_text(f"# a demo\n{CARD} code128\n\nunplug\nreplug\n{CARD}\n")
    proc = _simulate("scanner", link, script)
    config = scanner_config(str(link), reconnect_min_s=0.02, reconnect_max_s=0.05)
    scanner = BarcodeScanner("scanner", config, [GIFT], recorder)
    scanner.start()
    try:
        first = recorder.wait_for(CardScanned, timeout=10)
        assert first.symbology == "code128"
        second = recorder.wait_for(CardScanned, timeout=10, where=lambda e: e is not first)
        assert second.number == CARD and second.symbology is None
        kinds = [type(e).__name__ for e in recorder.events]
        # The scan after the replug came over a new connection.
        assert kinds.index("DeviceLost") < len(kinds) - 1 - kinds[::-1].index("DeviceConnected")
        assert proc.wait(10) == 0
    finally:
        scanner.close()
        proc.kill()
        proc.communicate()


def test_simulate_magstripe_script(tmp_path: Path, recorder: EventRecorder,
                                   link: Path) -> None:
    script = tmp_path / "swipes.txt"
    script.write_text(f"{CARD} 2912 DOE/JOHN\nmisread\nraw ;{CARD}=2912?\\r\n")
    proc = _simulate("magstripe", link, script, "--style", "idtech")
    config = magstripe_config(str(link), reconnect_min_s=0.02, reconnect_max_s=0.05)
    reader = MagstripeReader("msr", config, recorder, track_gap_s=0.05)
    reader.start()
    try:
        swiped = recorder.wait_for(CardSwiped, timeout=10)
        assert (swiped.number, swiped.expiry, swiped.name) == (CARD, "2912", "DOE/JOHN")
        recorder.wait_for(ReadFailed, timeout=5)
        recorder.wait_for(CardSwiped, timeout=5, where=lambda e: e.name is None)
        assert proc.wait(10) == 0
    finally:
        reader.close()
        proc.kill()
        proc.communicate()


def test_simulate_waits_for_a_driver_before_sending_typed_lines(
        recorder: EventRecorder, link: Path) -> None:
    args = build_parser().parse_args(["devices", "simulate", "scanner", "--link", str(link),
                                      "--wait", "10", "--linger", "0.1"])
    result: list[int] = []
    typed = [f"{CARD} ean13\n", f"{CARD}\n"]  # typed before anybody listens
    worker = threading.Thread(target=lambda: result.append(cmd_simulate(args, lines=typed)))
    worker.start()
    config = scanner_config(str(link), reconnect_min_s=0.02, reconnect_max_s=0.05)
    scanner = BarcodeScanner("scanner", config, [GIFT], recorder)
    scanner.start()
    try:
        unknown = recorder.wait_for(UnknownScan, timeout=10)  # 16 digits are no EAN-13
        assert unknown.reason == "not a valid EAN-13 code"
        assert recorder.wait_for(CardScanned, timeout=10).number == CARD
        worker.join(10)
        assert result == [0]
    finally:
        scanner.close()
