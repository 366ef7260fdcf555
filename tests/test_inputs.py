"""What users pass as texts, and process-wide state left as it was."""

from __future__ import annotations

import csv
import enum
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from skillmatch import InputError, SkillMatcher, TaxonomyError
from skillmatch.cli import EXIT_USAGE, cli
from skillmatch.errors import TaxonomyProblem
from skillmatch.inputs import as_texts
from skillmatch.io import TableSpec, iter_chunks, read_table


class Label(enum.StrEnum):
    BACKEND = "Python and Django"


def test_numpy_strings_are_texts(mini_matcher: SkillMatcher) -> None:
    frame = pd.DataFrame({"text": ["Python and Java", "Django"]})
    expected = mini_matcher.extract(frame["text"].tolist())
    got = mini_matcher.extract(frame["text"].to_numpy().astype(str))  # numpy.str_ cells
    pd.testing.assert_frame_equal(got, expected)
    series = pd.Series(np.array(["Python and Java", "Django"]), dtype=object)
    pd.testing.assert_frame_equal(mini_matcher.extract(series), expected)


def test_every_str_subclass_is_a_text(mini_matcher: SkillMatcher) -> None:
    got = mini_matcher.extract([Label.BACKEND])
    assert got["skill_id"].tolist() == ["python", "django"]
    assert as_texts([np.str_("x")]).texts[0].__class__ is str


def test_a_dict_is_read_as_ids_and_texts(mini_matcher: SkillMatcher) -> None:
    got = mini_matcher.extract({"a": "Python", "b": None, "c": "Java"})
    assert list(zip(got["doc_id"], got["skill_id"], strict=True)) == [("a", "python"), ("c", "java")]
    cover = mini_matcher.coverage({"a": "Python", "b": None})
    assert cover["doc_id"].tolist() == ["a", "b"] and cover["empty"].tolist() == [False, True]
    with pytest.raises(InputError, match=r"'text'.*list"):
        mini_matcher.extract({"text": ["Python"]})  # a column-shaped dict is not silently misread


def test_reading_leaves_the_csv_field_size_limit_alone(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    pd.DataFrame({"text": ["Python " * 30_000]}).to_csv(path, index=False)
    before = csv.field_size_limit()
    chunks = list(iter_chunks(TableSpec(str(path), ("text",)), 10))
    assert len(chunks[0].frame["text"].iloc[0]) == 210_000
    assert csv.field_size_limit() == before


def test_read_table_parquet_on_stdin_is_a_config_error() -> None:
    with pytest.raises(ValueError, match="standard input"):
        read_table("-", fmt="parquet")


def test_problem_without_a_file_prints_no_empty_name() -> None:
    assert str(TaxonomyProblem("", None, "no skills")) == "no skills"
    assert str(TaxonomyProblem("", "go", "bad")) == "skill 'go': bad"
    assert str(TaxonomyProblem("a.yaml", "go", "bad")) == "a.yaml: skill 'go': bad"
    assert "  - : " not in str(TaxonomyError("the taxonomy is empty"))


def test_taxonomy_show_unknown_category_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["taxonomy", "show", "--category", "foo"], catch_exceptions=False)
    assert result.exit_code == EXIT_USAGE
    assert "'foo'" in result.output and "languages" in result.output
