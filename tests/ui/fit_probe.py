"""Run as a program on an offscreen screen of a given size (the test below
starts it: one QApplication per screen size): opens `giftpos demo`'s window
as the demo does (1366x768, side panel), then shows a banner, a prompt, the
manager's Reports and Cards tabs, and prints, as JSON, the window's frame and
the keypad's place on screen after each step."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from ui.banner import Level
from ui.demo import build_demo
from ui.wording import Message


def main(folder: str, locale: str | None = None) -> None:
    session = build_demo(data_dir=Path(folder), offline=True, shell_scanner=False,
                         locale=locale)
    window = session.window
    app = QApplication.instance()
    assert app is not None

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    def state(step: str) -> dict[str, object]:
        settle()
        frame = window.frameGeometry()
        keypad = window.checkout.keypad
        pos = keypad.mapToGlobal(QPoint(0, 0)) if keypad.isVisible() else None
        return {"step": step, "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "keypad": [pos.x(), pos.y()] if pos is not None else None,
                "status_visible": window.status.isVisible()}

    window.resize(1366, 768)
    window.show()
    screen = window.screen().availableGeometry()
    steps = [state("shown")]
    window.banner.show_message(Message("The ledger is not answering: this terminal is working "
                                       "offline.", "Carry on selling: gift cards are taken "
                                       "within the offline limits and sent to the ledger when "
                                       "it is back."), Level.WARNING)
    steps.append(state("banner"))
    window.banner.dismiss()
    steps.append(state("banner gone"))
    window.checkout.set_mode("sell", 2500)
    steps.append(state("two-line prompt"))
    window.checkout.set_mode("")
    manager = window.approvals.manager
    console = manager.open_console("reports")
    steps.append(state("reports"))
    console.show_tab("cards")
    window.banner.error(Message("This card is frozen.", "Ask a manager."))
    steps.append(state("cards + banner"))
    window.show_checkout()
    steps.append(state("back to sale"))
    print(json.dumps({"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
                      "steps": steps}))
    session.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
