"""Installable at a shop: the wheel built from this tree, installed in a fresh
virtual environment outside the repository, runs `giftpos screenshots` and
`giftpos demo` (offscreen) from its own files: themes, demo cards, designs,
translations and migrations come from the wheel.

The fresh environment gets the wheel with pip and borrows the third-party
packages (PySide6, SQLAlchemy, ...) from the test's own environment through a
path file, so the test needs no network; giftpos itself (``app``, ``ui``,
``drivers``, ``resources``) is imported from the wheel, which the test checks."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from typing import IO

import pytest

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("install")
    # Built from a copy: setuptools writes build/ and egg-info beside the sources.
    source = where / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "*.db*"))
    dist = where / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(dist), str(source)], check=True, cwd=where)
    [wheel] = dist.glob("giftpos-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("resources/themes/base.qss", "resources/demo/cards.toml",
                   "resources/systemd/giftpos-ledger.service",
                   "resources/translations/giftpos_de.qm", "resources/translations/giftpos_es.qm",
                   "app/store/migrations/env.py"):
        assert needed in names, f"{needed} is not in the wheel"
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q",
                    "--no-deps", str(wheel)], check=True, cwd=where)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True,
                          text=True).stdout.strip()
    # Third-party packages only: this environment's site-packages, appended
    # after the fresh one's (so giftpos resolves to the wheel).
    Path(site, "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GIFTPOS"))}
    env.update(HOME=str(tmp / "home"), QT_QPA_PLATFORM="offscreen",
               XDG_DATA_HOME=str(tmp / "home" / "data"),
               XDG_CONFIG_HOME=str(tmp / "home" / "config"))
    return env


def test_the_wheel_imports_giftpos_from_itself(installed: Path, tmp_path: Path) -> None:
    out = subprocess.run([str(installed / "bin" / "python"), "-c",
                          "import app, ui, drivers, resources; "
                          "print(app.__file__, ui.__file__, drivers.__file__, resources.__file__)"],
                         check=True, capture_output=True, text=True, cwd=tmp_path,
                         env=_env(tmp_path)).stdout.split()
    assert len(out) == 4
    for path in out:
        assert Path(path).is_relative_to(installed), path
        assert not Path(path).is_relative_to(REPO), path


def test_installed_giftpos_renders_the_screenshots(installed: Path, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    done = subprocess.run([str(installed / "bin" / "giftpos"), "screenshots", str(shots)],
                          capture_output=True, text=True, cwd=tmp_path, env=_env(tmp_path),
                          timeout=400)
    assert done.returncode == 0, done.stderr[-3000:]
    pngs = sorted(shots.glob("*.png"))
    assert [p.name for p in pngs] == sorted(Path(line).name for line in done.stdout.split())
    assert len(pngs) >= 13 and all(p.stat().st_size > 10_000 for p in pngs)
    # Every picture the docs show is one the command makes (14 and 15 were
    # once made by hand).
    shown = {p.name for p in (REPO / "docs" / "screenshots").glob("*.png")}
    assert shown <= {p.name for p in pngs}, shown - {p.name for p in pngs}


def test_installed_giftpos_demo_starts_and_quits(installed: Path, tmp_path: Path) -> None:
    data = tmp_path / "demo"
    err = (tmp_path / "demo.err").open("w+")  # a file: a full pipe would stall the demo
    proc = subprocess.Popen([str(installed / "bin" / "giftpos"), "demo", "--data-dir", str(data)],
                            stdout=subprocess.PIPE, stderr=err, text=True,
                            cwd=tmp_path, env=_env(tmp_path))
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:  # blocks on the demo's own output, no sleeping
            lines.append(line)
            if line.startswith("ready:"):
                break
        assert lines and lines[-1].startswith("ready:"), "".join(lines) + _tail(err)
        proc.send_signal(signal.SIGINT)  # Ctrl+C: the demo quits cleanly
        proc.stdout.close()
        assert proc.wait(timeout=60) == 0, _tail(err)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err.close()
    text = "".join(lines)
    assert f"data in {data}" in text and "ledger: http://127.0.0.1:" in text
    assert "Birthday gift" in text
    assert (data / "terminal.db").exists() and (data / "ledger.db").exists()
    assert (data / "terminal.toml").stat().st_mode & 0o077 == 0


def _tail(err: IO[str]) -> str:
    err.seek(0)
    return err.read()[-4000:]
