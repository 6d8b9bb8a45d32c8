"""What a till loads to open its checkout: python-escpos parses a large
capabilities YAML when imported (0.3-0.6 s here), so it must wait until
ESC/POS bytes are made. The customers' panel and the manager console brought
it back into every start once; this keeps it out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_START = """
import sys
from pathlib import Path
from ui.demo import build_demo
from ui.settling import settle
s = build_demo(data_dir=Path(sys.argv[1]), offline=True, shell_scanner=False, panel=False)
s.window.show()
settle(s.window)
print(sorted(m for m in sys.modules if m.split('.')[0] == 'escpos'))
s.close()
"""


def test_opening_the_checkout_does_not_import_python_escpos(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", _START, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "[]"
