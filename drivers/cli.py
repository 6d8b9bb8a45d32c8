"""``giftpos devices ...``: see what a device sends, and simulate one.

- ``devices simulate {scanner|magstripe} --link PATH [--script FILE]``
- ``devices listen --port URL --kind {scanner|magstripe} [--json] [--count N]``
- ``devices decode {scanner|magstripe} [--json]`` (raw bytes on stdin)

Registered into the app's CLI through the ``giftpos.commands`` entry point
(:func:`register`); ``python -m drivers devices ...`` runs it without the app.
Card numbers are always printed masked.
"""

from __future__ import annotations

import argparse
import codecs
import json
import logging
import queue
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TextIO

from drivers.events import (
    CardEvent,
    CardScanned,
    CardSwiped,
    CodeScanned,
    DeviceConnected,
    DeviceEvent,
    DeviceLost,
    DeviceReconnecting,
    ReadFailed,
    UnknownScan,
    to_record,
)
from drivers.formats import CardFormat, parse_length
from drivers.framing import TERMINATOR_NAMES, terminators_from_names
from drivers.magstripe import MagstripeReader, SwipeAssembler, magstripe_config, parse_swipe
from drivers.scanner import BarcodeScanner, parse_scan, scanner_config
from drivers.serial_device import SerialConfig, SerialDevice
from drivers.virtual import VirtualMagstripe, VirtualPort, VirtualScanner

logger = logging.getLogger(__name__)

KINDS = ("scanner", "magstripe")
_DEFAULT_TERMINATORS = {"scanner": ["cr", "lf", "tab"], "magstripe": ["cr", "lf"]}
_SUFFIXES = {"cr": b"\r", "crlf": b"\r\n", "lf": b"\n", "tab": b"\t", "none": b""}

Handler = Callable[[argparse.Namespace], int]


# -- registration ------------------------------------------------------------

def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``devices`` and its commands to the app's sub-parsers."""
    devices = subparsers.add_parser(
        "devices", help="check, decode and simulate scanners and card readers",
        description="Check, decode and simulate serial barcode scanners and magstripe "
                    "readers. Card numbers are printed masked.")
    sub = devices.add_subparsers(dest="devices_command", metavar="COMMAND", required=True)

    sim = sub.add_parser(
        "simulate", help="a virtual device on a pty, linked at PATH",
        description="Create a pty, link it at PATH so a driver can open it like a real "
                    "port, and send each line of stdin (or of --script) as the device "
                    "would. A line is a card number (scanner: optionally followed by a "
                    "symbology such as code128; magstripe: optionally followed by YYMM "
                    "and a name), or one of: 'pause SECONDS', 'unplug' (0.2 s after "
                    "the line before), 'replug', "
                    "'misread' (magstripe), 'raw TEXT' (bytes with \\r, \\x02 escapes).")
    sim.add_argument("kind", choices=KINDS)
    sim.add_argument("--link", required=True, metavar="PATH", help="symlink to create")
    sim.add_argument("--script", metavar="FILE", help="send these lines instead of stdin")
    sim.add_argument("--suffix", choices=sorted(_SUFFIXES), default="cr",
                     help="scanner suffix (default cr)")
    sim.add_argument("--no-aim", dest="aim", action="store_false",
                     help="scanner: send no AIM symbology identifiers")
    sim.add_argument("--style", choices=("magtek", "idtech"), default="magtek",
                     help="magstripe framing (default magtek: STX, tracks, CR, ETX)")
    sim.add_argument("--wait", type=float, default=30.0, metavar="S",
                     help="wait up to S seconds for a driver to open the port before "
                          "sending (default 30)")
    sim.add_argument("--linger", type=float, default=1.0, metavar="S",
                     help="keep the port S seconds after the last line (default 1)")
    sim.set_defaults(func=cmd_simulate)

    listen = sub.add_parser(
        "listen", help="print each event from a real port",
        description="Open a port and print each event as it happens, for checking a "
                    "device at installation. Ctrl-C stops.")
    listen.add_argument("--port", required=True, metavar="URL",
                        help="/dev/ttyUSB0, COM3, socket://host:port, rfc2217://..., loop://")
    listen.add_argument("--kind", required=True, choices=KINDS)
    listen.add_argument("--json", action="store_true", help="one JSON object a line")
    listen.add_argument("--count", type=int, metavar="N",
                        help="stop after N scans or swipes (good or not)")
    listen.add_argument("--seconds", type=float, metavar="S",
                        help="stop after S seconds (exit 1 if --count was not reached)")
    listen.add_argument("--baudrate", type=int, default=9600)
    listen.add_argument("--bytesize", type=int, default=8, choices=(5, 6, 7, 8))
    listen.add_argument("--parity", default="N", choices=("N", "E", "O", "M", "S"))
    listen.add_argument("--stopbits", type=float, default=1, choices=(1, 1.5, 2))
    listen.add_argument("--rtscts", action="store_true", help="RTS/CTS flow control")
    listen.add_argument("--xonxoff", action="store_true", help="XON/XOFF flow control")
    listen.add_argument("--ack-nak", action="store_true",
                        help="scanner: answer ACK/NAK after each scan")
    _add_framing(listen)
    _add_format(listen)
    listen.set_defaults(func=cmd_listen)

    decode = sub.add_parser(
        "decode", help="decode raw bytes from stdin",
        description="Read raw bytes from stdin (a capture of what a device sent) and "
                    "print one event per frame. Exit 0 if every frame was a card.")
    decode.add_argument("kind", choices=KINDS)
    decode.add_argument("--json", action="store_true", help="one JSON object a line")
    _add_framing(decode)
    _add_format(decode)
    decode.set_defaults(func=cmd_decode)


def _add_framing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--terminator", action="append", metavar="NAME",
                        choices=sorted(TERMINATOR_NAMES),
                        help="frame terminator, repeatable: cr, lf, crlf, tab, etx "
                             "(default scanner: cr lf tab; magstripe: cr lf)")
    parser.add_argument("--stx-etx", action=argparse.BooleanOptionalAction, default=None,
                        help="honour an STX ... ETX envelope (default: magstripe yes)")
    parser.add_argument("--strip-prefix", default="", metavar="TEXT",
                        help="remove this preamble from each frame (\\x escapes allowed)")
    parser.add_argument("--strip-suffix", default="", metavar="TEXT",
                        help="remove this postamble from each frame")
    parser.add_argument("--inter-char-timeout", type=float, default=0.2, metavar="S",
                        help="end a frame after S seconds without its terminator")


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--prefix", default="", help="card number prefix, e.g. 6036")
    parser.add_argument("--length", type=parse_length, metavar="L",
                        help="card number length: 16 or 16-19")
    parser.add_argument("--luhn", action="store_true", help="card numbers carry a Luhn digit")
    parser.add_argument("--letters", action="store_true",
                        help="card numbers may contain letters")


# -- helpers -----------------------------------------------------------------

def _unescape(text: str) -> bytes:
    return codecs.decode(text, "unicode_escape").encode("latin-1")


def _formats(args: argparse.Namespace) -> list[CardFormat]:
    if not (args.prefix or args.length or args.luhn or args.letters):
        return []
    return [CardFormat(args.prefix, args.length, args.luhn, digits_only=not args.letters)]


def _config(args: argparse.Namespace, url: str) -> SerialConfig:
    names = args.terminator or _DEFAULT_TERMINATORS[args.kind]
    options: dict[str, object] = {
        "terminators": terminators_from_names(names),
        "strip_prefix": _unescape(args.strip_prefix),
        "strip_suffix": _unescape(args.strip_suffix),
        "inter_char_timeout_s": args.inter_char_timeout,
    }
    if args.stx_etx is not None:
        options["stx_etx"] = args.stx_etx
    for name in ("baudrate", "bytesize", "parity", "stopbits", "rtscts", "xonxoff"):
        if hasattr(args, name):
            options[name] = getattr(args, name)
    make = scanner_config if args.kind == "scanner" else magstripe_config
    return make(url, **options)


def describe(event: DeviceEvent) -> str:
    """One line for a person, number masked."""
    match event:
        case CardScanned():
            return f"card scanned   {event.masked}  {event.symbology or ''}".rstrip()
        case CodeScanned():
            return f"code scanned   {event.data}  {event.symbology or ''}".rstrip()
        case UnknownScan():
            extra = " ".join(x for x in (event.hint, event.symbology) if x)
            return f"not a card     {event.reason}  {extra}".rstrip()
        case CardSwiped():
            exp = f"expires {event.expiry[2:]}/{event.expiry[:2]}" if event.expiry else "no expiry"
            who = "name on card" if event.name else "no name"
            return f"card swiped    {event.masked}  {exp}  {who}"
        case ReadFailed():
            return f"read failed    {event.message}  ({event.detail or 'no detail'})"
        case DeviceConnected():
            return f"connected      {event.port}"
        case DeviceLost():
            return f"lost           {event.port}: {event.reason}"
        case DeviceReconnecting():
            return f"reconnecting   attempt {event.attempt} in {event.delay_s:.2f} s"
    return repr(event)  # pragma: no cover - every event is matched above


def _print_event(event: DeviceEvent, as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(json.dumps(to_record(event), ensure_ascii=False) + "\n")
    else:
        out.write(f"{time.strftime('%H:%M:%S')}  {describe(event)}\n")
    out.flush()


_CARD_EVENTS = (CardScanned, CodeScanned, UnknownScan, CardSwiped, ReadFailed)


# -- decode ------------------------------------------------------------------

def decode_stream(data: bytes, kind: str, config: SerialConfig,
                  formats: Sequence[CardFormat] = ()) -> list[CardEvent]:
    """The events a capture of raw bytes holds (the end of input ends the last frame)."""
    framer = config.framer()
    frames = framer.data_received(data, 0.0)
    tail = framer.flush_if_stale(float("inf"))
    if tail is not None:
        frames.append(tail)
    if kind == "scanner":
        return [parse_scan(f, formats, device="scanner") for f in frames]
    assembler = SwipeAssembler(gap_s=None)
    swipes: list[bytes] = []
    for frame in frames:
        swipes += assembler.frame(frame)
    swipes += assembler.finish()
    return [parse_swipe(s, device="magstripe", formats=formats) for s in swipes]


def cmd_decode(args: argparse.Namespace, stdin: IO[bytes] | None = None,
               stdout: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    data = (stdin or sys.stdin.buffer).read()
    config = _config(args, "decode://stdin")
    events = decode_stream(data, args.kind, config, _formats(args))
    for event in events:
        _print_event(event, args.json, out)
    good = all(isinstance(e, CardScanned | CardSwiped) for e in events)
    return 0 if events and good else 1


# -- listen ------------------------------------------------------------------

def cmd_listen(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    try:
        config = _config(args, args.port)
    except ValueError as exc:
        print(f"devices listen: {exc}", file=sys.stderr)
        return 2
    events: queue.Queue[DeviceEvent] = queue.Queue()
    device: SerialDevice
    if args.kind == "scanner":
        device = BarcodeScanner("scanner", config, _formats(args), events.put,
                                ack_nak=args.ack_nak)
    else:
        device = MagstripeReader("magstripe", config, events.put, formats=_formats(args))
    deadline = None if args.seconds is None else time.monotonic() + args.seconds
    seen = 0
    device.start()
    try:
        while args.count is None or seen < args.count:
            wait = 0.5 if deadline is None else deadline - time.monotonic()
            if wait <= 0:
                return 1 if args.count is not None else 0
            try:
                event = events.get(timeout=min(wait, 0.5))
            except queue.Empty:
                continue
            _print_event(event, args.json, out)
            if isinstance(event, _CARD_EVENTS):
                seen += 1
            if isinstance(event, DeviceLost) and event.reason.startswith("bad port settings"):
                return 2
    except KeyboardInterrupt:
        pass
    finally:
        device.close()
    return 0


# -- simulate ----------------------------------------------------------------

def _simulate_line(device: VirtualPort, line: str, wait_s: float | None = None) -> None:
    """Send one line. ``wait_s``: after ``replug``, wait that long for a driver
    to reopen the port (script mode), since what is sent before is lost."""
    text = line.strip()
    if not text or text.startswith("#"):
        return
    words = text.split()
    head = words[0].lower()
    if head == "pause" and len(words) == 2:
        time.sleep(float(words[1]))
    elif head == "unplug":
        # A hangup throws away what the driver has not read yet: give it time.
        time.sleep(0.2)
        device.unplug()
    elif head == "replug":
        device.replug()
        if wait_s is not None:
            device.wait_for_reader(wait_s)
    elif head == "raw":
        device.write(_unescape(text[3:].strip()))
    elif isinstance(device, VirtualScanner):
        device.scan(words[0], words[1] if len(words) > 1 else None)
    elif isinstance(device, VirtualMagstripe):
        if head == "misread":
            device.swipe("0", None, None, bad_track1=True, bad_track2=True)
            return
        expiry = words[1] if len(words) > 1 else None
        name = " ".join(words[2:]) or None
        device.swipe(words[0], expiry, name)


def cmd_simulate(args: argparse.Namespace, lines: Iterable[str] | None = None) -> int:
    link = Path(args.link)
    device: VirtualPort
    if args.kind == "scanner":
        device = VirtualScanner(link=link, suffix=_SUFFIXES[args.suffix], aim=args.aim)
    else:
        device = VirtualMagstripe(link=link, style=args.style)
    err = sys.stderr
    print(f"virtual {args.kind} at {link} (pty {device.slave_name})", file=err, flush=True)
    try:
        if args.script:
            source: Iterable[str] = Path(args.script).read_text(encoding="utf-8").splitlines()
            if not device.wait_for_reader(args.wait):
                print(f"no driver opened {link} within {args.wait:g} s", file=err)
                return 1
        else:
            source = sys.stdin if lines is None else lines
            print("type a card number and Enter; Ctrl-D stops", file=err, flush=True)
        for line in source:
            if not args.script and device.plugged and not device.reader_attached():
                print(f"waiting up to {args.wait:g} s for a driver to open {link}...",
                      file=err, flush=True)
                if not device.wait_for_reader(args.wait):
                    print("nobody opened it: line not sent", file=err, flush=True)
                    continue
            try:
                _simulate_line(device, line, args.wait if args.script else None)
            except (ValueError, OSError) as exc:
                print(f"cannot send {line.strip()!r}: {exc}", file=err, flush=True)
        time.sleep(max(0.0, args.linger))
    except KeyboardInterrupt:
        pass
    finally:
        device.close()
    return 0


# -- standalone --------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    """A parser with ``devices`` and ``bench``, as ``python -m drivers`` uses it."""
    parser = argparse.ArgumentParser(prog="python -m drivers",
                                     description="giftpos device drivers")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register(sub)
    bench = sub.add_parser("bench", help="measure the drivers")
    bench.add_argument("-n", type=int, default=None, help="iterations per scenario")
    bench.add_argument("--json", action="store_true")
    bench.set_defaults(func=_cmd_bench)
    return parser


def _cmd_bench(args: argparse.Namespace) -> int:
    from drivers.bench import format_table, run

    results = run(args.n)
    print(json.dumps(results, indent=2) if args.json else format_table(results))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.ERROR, format="%(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    handler: Handler = args.func
    return handler(args)
