"""The progress bar moves record by record (in slices) within a chunk, and -q silences all but errors."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest
import tqdm.auto
from click.testing import CliRunner

from skillmatch.batch import PROGRESS_STEP, BatchOptions, MatcherConfig, run_batch, score_chunk
from skillmatch.cli import EXIT_INPUT, cli
from skillmatch.io import TableSpec

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini_taxonomy.yaml")
WORDS = ["Python and Django", "", "Java, Spring Boot", "no skills", "Postgres and MongoDB", "Go services"]


def _frame(n: int) -> pd.DataFrame:
    return pd.DataFrame({"text": [WORDS[i % len(WORDS)] for i in range(n)]}, index=pd.RangeIndex(n))


@pytest.mark.parametrize("kind", ["extract", "coverage"])
def test_slices_give_the_same_result_and_report_each(kind, mini_matcher):
    n = 2 * PROGRESS_STEP + 7
    frame, spec = _frame(n), TableSpec("unused.csv", ("text",))
    calls: list[int] = []
    sliced = score_chunk(kind, frame, spec, mini_matcher, progress=calls.append)["out"]
    whole = score_chunk(kind, frame, spec, mini_matcher)["out"]
    pd.testing.assert_frame_equal(sliced, whole)
    assert calls == [PROGRESS_STEP, PROGRESS_STEP, 7]


class _Recorder(tqdm.auto.tqdm):
    updates: ClassVar[list[int]] = []
    totals: ClassVar[list[int | None]] = []

    def __init__(self, *args, **kwargs):
        kwargs["disable"] = False
        super().__init__(*args, **kwargs)
        _Recorder.totals.append(self.total)

    def update(self, n=1):
        _Recorder.updates.append(n)
        return super().update(n)


def test_the_bar_moves_within_a_chunk_and_ends_at_the_total(tmp_path, monkeypatch, capsys):
    n = 3 * PROGRESS_STEP
    path = tmp_path / "in.csv"
    _frame(n).to_csv(path, index=False)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[11] = "Java,extra"  # one rejected record still counts
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _Recorder.updates, _Recorder.totals = [], []
    monkeypatch.setattr(tqdm.auto, "tqdm", _Recorder)
    summary = run_batch(
        "extract",
        TableSpec(str(path), ("text",)),
        str(tmp_path / "out.csv"),
        config=MatcherConfig(MINI),
        options=BatchOptions(chunk_size=1000, on_error="skip", progress=True),
    )
    capsys.readouterr()
    assert summary.rows_read == n and summary.rows_rejected == 1
    assert _Recorder.totals == [n]
    moves = [u for u in _Recorder.updates if u]
    assert len(moves) >= 3, "one chunk of 150 records moves the bar more than once"
    assert sum(_Recorder.updates) == n


def test_quiet_silences_summaries_rejects_and_resume_notes(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("text\nPython\nJava,extra\nGo\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    base = ["extract", str(path), "-t", "text", "-o", str(out), "--taxonomy", MINI, "-q"]
    for extra in (["--on-error", "skip"], ["--on-error", "skip", "--resume"]):
        result = CliRunner().invoke(cli, [*base, *extra], catch_exceptions=False)
        assert result.exit_code == 0 and result.stderr == "", result.stderr
    loud = CliRunner().invoke(cli, [*base[:-1], "--on-error", "skip"], catch_exceptions=False)
    assert "rejected" in loud.stderr  # the same run without -q does report
    failed = CliRunner().invoke(cli, base, catch_exceptions=False)
    assert failed.exit_code == EXIT_INPUT and "line 3" in failed.stderr
