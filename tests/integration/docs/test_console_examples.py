"""Every console example in README.md and docs/ runs as written and prints
what the doc says, ids aside (tests/integration/docs/console.py says how).
Each doc runs in a fresh environment: its own empty store, home and folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.docs.console import compare, examples, has_examples, substitute

REPO = Path(__file__).resolve().parents[3]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("**/*.md"))]
# Docs whose examples do not run as written yet: findings.md names what to fix.
NOT_YET: dict[str, str] = {}
WITH_EXAMPLES = [
    pytest.param(d, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[rel]))
    if (rel := str(d.relative_to(REPO))) in NOT_YET else d
    for d in DOCS if has_examples(d)]
pytestmark = pytest.mark.timeout(600)


def test_the_readme_and_several_docs_have_console_examples() -> None:
    names = {d.name for d in DOCS if has_examples(d)}
    assert "README.md" in names and len(names) >= 3, names


@pytest.mark.parametrize("doc", WITH_EXAMPLES, ids=lambda d: str(d.relative_to(REPO)))
def test_console_examples_run_as_written(doc: Path, tmp_path: Path) -> None:
    bindir = str(Path(sys.executable).parent)  # this tree's giftpos
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIFTPOS_", "QT_", "PYTHON"))}
    env.update(PATH=f"{bindir}:{env.get('PATH', '/usr/bin:/bin')}", HOME=str(tmp_path / "home"),
               XDG_DATA_HOME=str(tmp_path / "home/data"),
               XDG_CONFIG_HOME=str(tmp_path / "home/config"), TZ="UTC", LC_ALL="C.UTF-8",
               COLUMNS="100", QT_QPA_PLATFORM="offscreen")
    work = tmp_path / "work"
    work.mkdir()
    mapping: dict[str, str] = {}
    for ex in examples(doc):
        command = substitute(ex.command, mapping)
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                              cwd=work, env=env, timeout=120)
        where = f"{doc.relative_to(REPO)}:{ex.line}: $ {ex.command}"
        output = done.stdout + done.stderr
        if "Traceback (most recent call last)" in output or done.returncode not in (0, 3):
            pytest.fail(f"{where}\nexit {done.returncode}\n{output}")
        try:
            compare(ex.expected, output, mapping)
        except AssertionError as exc:
            pytest.fail(f"{where}\n{exc}")
