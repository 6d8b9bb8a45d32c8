"""`giftpos demo`, `giftpos terminal` and `giftpos screenshots`: the commands
of ui/, plugged into the one CLI through the ``giftpos.commands`` entry point
(app/ never imports Qt)."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from app.config import default_config_path

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = sub.add_parser(
        "demo", help="the cashier terminal with demo cards, an embedded ledger and a "
                     "virtual scanner (what `make run` starts)",
        description="Start the cashier window on a demo shop: demo cards, an embedded "
                    "ledger (the side panel takes it down and brings it back) and a "
                    "virtual scanner and magstripe reader (click Scan or Swipe). Its data "
                    "and its settings are kept between starts, in "
                    f"{_demo_dir()} unless --data-dir says otherwise; --fresh starts over.")
    demo.add_argument("--data-dir", type=Path,
                      help="keep the demo's store, settings and ledger here")
    demo.add_argument("--fresh", action="store_true",
                      help="delete the demo's data (sales, cards, settings) and start over")
    demo.add_argument("--theme", choices=["light", "dark", "high-contrast"], default=None,
                      help="this theme (saved in the demo's settings)")
    demo.add_argument("--currency", default=None,
                      help="the demo's currency (on a new or --fresh demo only; default USD)")
    demo.add_argument("--offline", action="store_true",
                      help="no embedded ledger: the terminal runs offline only")
    demo.add_argument("--shell-scanner", action="store_true",
                      help="also open a scanner port that `giftpos devices simulate` drives")
    demo.set_defaults(func=_demo)

    term = sub.add_parser(
        "terminal", help="the cashier terminal, from its configuration file",
        description="Start the cashier window. On first run (no configuration file) a short "
                    "setup asks for the ledger, the devices and the currency, and saves it.")
    term.add_argument("--config", type=Path, default=None,
                      help=f"configuration file (default: {default_config_path()})")
    term.set_defaults(func=_terminal)

    shots = sub.add_parser(
        "screenshots", help="render every main screen with demo data to PNG files",
        description="Render the main screens offscreen with demo data to DIR/NN-name.png.")
    shots.add_argument("dir", type=Path)
    shots.add_argument("--theme", choices=["light", "dark", "high-contrast"], default="light")
    shots.set_defaults(func=_screenshots)


def _demo_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("giftpos", appauthor=False)) / "demo"


def _demo(args: argparse.Namespace) -> int:
    from ui.system_packages import check_display

    if not check_display():
        return 1
    from ui.demo import run_demo

    return run_demo(data_dir=args.data_dir, theme=args.theme, currency=args.currency,
                    locale=getattr(args, "locale", None), offline=args.offline,
                    fresh=args.fresh, shell_scanner=args.shell_scanner)


def _terminal(args: argparse.Namespace) -> int:
    from ui.terminal import run_terminal

    return run_terminal(args.config or default_config_path(),
                        locale=getattr(args, "locale", None))


def _screenshots(args: argparse.Namespace) -> int:
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if platform == "offscreen":
        # A 1366x768 screen, not the offscreen plugin's 800x600: the window
        # fits itself to its screen, and the pictures show a till's screen.
        import json
        import tempfile

        screen = {"name": "giftpos", "x": 0, "y": 0, "width": 1366, "height": 768,
                  "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
        with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="giftpos-screen-",
                                         delete=False) as fh:
            json.dump({"screens": [screen]}, fh)
        platform = f"offscreen:configfile={fh.name}"
        made = Path(fh.name)
    else:
        made = None
    os.environ["QT_QPA_PLATFORM"] = platform
    from ui.screenshots import render_all

    try:
        for path in render_all(args.dir, theme=args.theme,
                               locale=getattr(args, "locale", None)):
            print(path)
    finally:
        if made is not None:
            made.unlink(missing_ok=True)
    return 0
