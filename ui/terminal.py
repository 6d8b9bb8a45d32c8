"""`giftpos terminal [--config PATH]`: the real till, from its config file;
on first run (no file yet) the setup dialog writes one."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QDialog

from app.config import load_config, save_config
from ui.app import open_window, qt_app
from ui.run_loop import exec_app
from ui.setup_dialog import SetupDialog
from ui.theme import apply_theme

log = logging.getLogger(__name__)


def run_terminal(path: Path) -> int:
    app = qt_app()
    cfg = load_config(path)
    if cfg is None:
        apply_theme(app)
        dialog = SetupDialog(config_path=str(path))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_config is None:
            print("Setup cancelled; nothing saved.")
            return 1
        cfg = dialog.result_config
        save_config(cfg, path)
        print(f"Configuration saved to {path}")
    window = open_window(cfg)
    window.setProperty("config_path", str(path))  # where the manager's settings save
    window.resize(1366, 768)
    window.showMaximized()
    return exec_app(app)
