"""Every example of the user guide (docs/guide.md) runs as written, in order, in an empty folder: the
Python blocks in one namespace, each ``$ skillmatch ...`` line of the console blocks in-process."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillmatch.cli import cli

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide.md"
BLOCK = re.compile(r"```(python|console)\n(.*?)```", flags=re.S)


def _blocks():
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_has_examples_of_each_kind():
    kinds = [kind for kind, _ in _blocks()]
    assert kinds.count("python") >= 10 and kinds.count("console") >= 1


def test_every_example_runs(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    pytest.importorskip("dask")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "guide"}
    commands = 0
    for number, (kind, code) in enumerate(_blocks(), start=1):
        if kind == "python":
            exec(compile(code, f"{GUIDE.name} block {number}", "exec"), namespace)
            continue
        for line in code.splitlines():
            if not line.startswith("$ skillmatch "):
                continue
            result = CliRunner().invoke(cli, shlex.split(line)[2:])
            assert result.exit_code == 0, f"{line}\n{result.output}"
            commands += 1
    assert commands >= 5
    # what the examples say they write is there
    for name in ("job.html", "gap.png", "pairs.html", "market.html", "matches.csv", "gaps.csv", "pairs.csv"):
        assert (tmp_path / name).stat().st_size > 0, name
