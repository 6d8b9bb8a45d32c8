"""`giftpos terminal [--config PATH]`: the real till, from its config file;
on first run (no file yet) the setup dialog writes one."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox

from app.config import load_config, save_config
from app.errors import GiftposError
from ui.app import open_window, qt_app
from ui.i18n import tr
from ui.run_loop import exec_app
from ui.setup_dialog import SetupDialog
from ui.theme import apply_theme

log = logging.getLogger(__name__)


def start_problem(exc: GiftposError) -> QMessageBox:
    """What stops the till from starting (its configuration), in words."""
    box = QMessageBox(QMessageBox.Icon.Critical, tr("The till cannot start"),
                      tr(exc.message) + "\n\n"
                      + tr("Fix the configuration file and start again."))
    box.setObjectName("startProblem")
    return box


def run_terminal(path: Path, *, locale: str | None = None) -> int:
    """``locale`` (``giftpos --locale de_DE terminal``) overrides the
    configuration's for this run."""
    app = qt_app()
    cfg = load_config(path)
    if locale:
        from ui import i18n

        i18n.install(locale)  # the first-run setup speaks it too
    if cfg is None:
        apply_theme(app)
        dialog = SetupDialog(config_path=str(path))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_config is None:
            print("Setup cancelled; nothing saved.")
            return 1
        cfg = dialog.result_config
        save_config(cfg, path)
        print(f"Configuration saved to {path}")
    if locale:
        cfg.locale = locale
    try:
        window = open_window(cfg)
    except GiftposError as exc:  # e.g. plain_http_refused: said, not a traceback
        log.error("the terminal cannot start: %s", exc.message)
        start_problem(exc).exec()
        return 2
    window.setProperty("config_path", str(path))  # where the manager's settings save
    window.resize(1366, 768)
    window.showMaximized()
    return exec_app(app)
