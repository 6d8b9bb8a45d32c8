from __future__ import annotations

import socket
from pathlib import Path

import pytest

from drivers.printer import (
    MSG_PAPER_OUT,
    PrinterError,
    PrinterStatus,
    drawer_kick,
    open_printer,
)

RECEIPT = b"\x1b@GIFT CARD\n****2349\nBalance 25.00\n\x1dV\x00"


def test_dummy_records_exact_bytes() -> None:
    printer = open_printer("dummy://")
    printer.send(RECEIPT)
    printer.send(bytearray(b"second"))
    assert printer.output == RECEIPT + b"second"
    printer.clear()
    assert printer.output == b""


def test_drawer_kick_is_esc_p_m_t1_t2() -> None:
    printer = open_printer("dummy://")
    printer.kick_drawer()
    assert printer.output == b"\x1bp\x00\x32\x32"  # pin 2, 100 ms on, 100 ms off
    printer.clear()
    printer.kick_drawer(1, on_ms=50, off_ms=500)
    assert printer.output == bytes([0x1B, 0x70, 0x01, 25, 250])
    assert drawer_kick(0, on_ms=10_000, off_ms=0) == b"\x1bp\x00\xff\x00"


@pytest.mark.parametrize("pin", [2, 5, -1])
def test_drawer_pin_is_0_or_1(pin: int) -> None:
    with pytest.raises(ValueError):
        drawer_kick(pin)


def test_dummy_status_is_unknown_unless_told() -> None:
    printer = open_printer("dummy://")
    assert printer.status() is PrinterStatus.UNKNOWN
    printer.ensure_ready()
    printer.simulate_status(PrinterStatus.ONLINE)
    assert printer.status() is PrinterStatus.ONLINE


def test_paper_out_refuses_receipts_but_still_opens_the_drawer() -> None:
    printer = open_printer("dummy://?status=paper_out")
    assert printer.status() is PrinterStatus.PAPER_OUT
    with pytest.raises(PrinterError) as err:
        printer.send(RECEIPT)
    assert err.value.message == MSG_PAPER_OUT
    assert str(err.value) == "Printer is out of paper — load a roll and press Reprint"
    assert err.value.key == "printer_paper_out"
    assert printer.output == b""
    printer.kick_drawer()
    assert printer.output == b"\x1bp\x00\x32\x32"


def test_offline_dummy() -> None:
    printer = open_printer("dummy://?status=offline")
    with pytest.raises(PrinterError) as err:
        printer.ensure_ready()
    assert err.value.key == "printer_offline"
    assert "offline" in err.value.message and "Reprint" in err.value.message


def test_send_needs_bytes() -> None:
    with pytest.raises(TypeError):
        open_printer("dummy://").send("text")  # type: ignore[arg-type]


def test_only_dummy_records() -> None:
    with pytest.raises(TypeError):
        _ = open_printer("file:///dev/null").output


def test_file_printer_writes_real_bytes(tmp_path: Path) -> None:
    spool = tmp_path / "receipts.bin"
    with open_printer(f"file://{spool}") as printer:
        printer.send(RECEIPT)
        printer.kick_drawer()
        assert printer.status() is PrinterStatus.UNKNOWN
    assert spool.read_bytes() == RECEIPT + b"\x1bp\x00\x32\x32"
    with open_printer(f"file://{spool}") as printer:  # appends, never truncates
        printer.send(b"more")
    assert spool.read_bytes() == RECEIPT + b"\x1bp\x00\x32\x32more"


def test_missing_file_printer(tmp_path: Path) -> None:
    with pytest.raises(PrinterError) as err:
        open_printer(f"file://{tmp_path}/no/such/dir/lp0")
    assert err.value.key == "printer_missing"
    assert err.value.message.startswith("Printer not found")


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_missing_network_printer_is_a_clean_error() -> None:
    with pytest.raises(PrinterError) as err:
        open_printer(f"tcp://127.0.0.1:{_closed_port()}", timeout_s=1)
    assert err.value.key == "printer_missing"
    assert "switched on" in err.value.message


def test_missing_serial_printer_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(PrinterError) as err:
        open_printer(f"serial://{tmp_path}/ttyUSB9?baudrate=19200")
    assert err.value.key == "printer_missing"


@pytest.mark.parametrize("url", ["lpt://x", "tcp://", "file://", "serial://",
                                 "serial:///dev/x?baudrate=fast", "dummy://?status=melted"])
def test_bad_printer_urls(url: str) -> None:
    with pytest.raises(PrinterError) as err:
        open_printer(url)
    assert err.value.key == "printer_config"
