"""`make run`'s check of the system libraries Qt's xcb plugin needs."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from ui import system_packages as sp

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_ldd_output_names_the_missing_libraries_and_their_packages() -> None:
    missing = sp.not_found(LDD)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert sp.packages_for([*missing, "libxcb-cursor.so.0", "libweird.so.9"]) == (
        ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"], ["libweird.so.9"])


def test_missing_libraries_are_named_with_the_exact_apt_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sp, "missing_libraries",
                        lambda plugin=None: ["libxcb-cursor.so.0", "libxcb-icccm.so.4"])
    out = io.StringIO()
    assert not sp.check(install=False, out=out)
    text = out.getvalue()
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in text
    assert "apt-get install -y libxcb-cursor0 libxcb-icccm4" in text


def test_this_machine_is_checked_for_real() -> None:
    """The real plugin, the real ldd: exit 0 exactly when nothing is missing."""
    plugin = sp.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    done = subprocess.run([sys.executable, "-m", "ui.system_packages"], capture_output=True,
                          text=True, check=False, env={**os.environ, "PYTHONPATH": "."})
    missing = sp.missing_libraries()
    assert done.returncode == (1 if missing else 0), done.stderr
    for soname in missing:
        assert soname in done.stderr
