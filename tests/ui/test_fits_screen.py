"""The window fits a 1024x768 and a 1366x768 screen and never jumps: a
banner or the manager's tabs do not grow it, and the keypad stays where a
finger expects it (run on offscreen screens of those sizes, one process each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("size", "locale"), [((1024, 768), "en_US"), ((1366, 768), "en_US"),
                                             ((1024, 768), "de_DE")])
def test_window_fits_the_screen_and_the_keypad_stays(tmp_path: Path, size: tuple[int, int],
                                                     locale: str) -> None:
    width, height = size
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "till", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96,
                                               "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    data = tmp_path / "demo"
    run = subprocess.run([sys.executable, "-m", "tests.ui.fit_probe", str(data), locale], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["screen"] == [0, 0, width, height]
    keypads = set()
    for step in report["steps"]:
        x, y, w, h = step["frame"]
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, step
        assert step["status_visible"], step
        if step["keypad"] is not None:
            keypads.add(tuple(step["keypad"]))
    assert len(keypads) == 1, report["steps"]  # the keypad never moved
