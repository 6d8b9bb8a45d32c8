"""What a till loads to open its checkout: python-escpos parses a large
capabilities YAML when imported (0.3-0.6 s here), so it must wait until
ESC/POS bytes are made. The customers' panel and the manager console brought
it back into every start once; this keeps it out. So do httpx (a till with no
ledger never speaks HTTP; the reports' and customers' clients brought it in),
python-barcode and Pillow (card designs, through the gift step) and
pydantic-settings (the limits' environment reader): 0.4 s of CPU together
(`giftpos bench ui`, cold start, docs/terminal.md)."""

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
late = ('escpos', 'httpx', 'barcode', 'PIL', 'pydantic_settings')
print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in late}))
s.close()
"""


def test_opening_the_checkout_imports_no_late_libraries(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", _START, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "[]"
