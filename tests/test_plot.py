"""Charts: each returns its Axes, draws what the data says, and names the extra when matplotlib is missing."""

from __future__ import annotations

import builtins

import pandas as pd
import pytest

from skillmatch import plot
from skillmatch.errors import ConfigError, InputError

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.axes import Axes  # noqa: E402

POSTINGS = pd.DataFrame(
    {
        "description": [
            "Requirements: Python and PostgreSQL. Nice to have: Django.",
            "Must have Python. Django is a plus. We don't use Java.",
            "Java and Spring Boot required; PostgreSQL preferred.",
        ]
    },
    index=["a", "b", "c"],
)


@pytest.fixture(scope="module")
def matches(mini_matcher):
    return mini_matcher.extract(POSTINGS, text_column="description")


@pytest.fixture(autouse=True)
def _close():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_demand_table_counts_documents_at_their_firmest_level(matches):
    table = plot.demand_table(matches)
    assert table.loc["Python", ["required", "preferred", "documents"]].tolist() == [2, 0, 2]
    assert table.loc["Django", ["required", "preferred", "documents"]].tolist() == [0, 2, 2]
    # the negated Java of posting b does not count
    assert table.loc["Java", "documents"] == 1
    assert table["documents"].is_monotonic_decreasing


def test_demand_by_category(matches):
    table = plot.demand_table(matches, by="category")
    assert table.loc["languages", "documents"] == 3
    with pytest.raises(ConfigError, match="'skill' or 'category'"):
        plot.demand_table(matches, by="colour")


def test_demand_chart(matches):
    ax = plot.demand(matches, top=3)
    assert isinstance(ax, Axes)
    assert [t.get_text() for t in ax.get_yticklabels()] == plot.demand_table(matches).head(3).index.tolist()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["required", "preferred", "unspecified"]


def test_cooccurrence(matches):
    table = plot.cooccurrence_table(matches)
    assert table.loc["Python", "Django"] == 2
    assert table.loc["Python", "Python"] == 2
    assert (table.to_numpy() == table.to_numpy().T).all()
    ax = plot.cooccurrence(matches)
    assert isinstance(ax, Axes)
    assert len(ax.images) == 1


def test_coverage_chart(mini_matcher):
    cover = mini_matcher.coverage(POSTINGS, text_column="description")
    ax = plot.coverage(cover, docs=["a", "c"])
    assert isinstance(ax, Axes)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "c"]
    with pytest.raises(InputError, match="'zzz'"):
        plot.coverage(cover, docs=["zzz"])


def test_gap_chart_draws_weights_and_earned_parts(mini_matcher):
    resumes = pd.Series(["Python and MySQL for 3 years."], index=["r1"])
    report = mini_matcher.gap_report(resumes, POSTINGS, job_text_column="description")
    ax = plot.gap(report, resume_id="r1", job_id="a")
    assert isinstance(ax, Axes)
    skills = ["met", "partial", "missing", "alternative"]
    rows = report[(report["job_id"] == "a") & report["status"].isin(skills)]
    assert len(rows) < len(report[(report["job_id"] == "a") & (report["status"] != "extra")])
    bars = ax.patches
    # one outline bar (the weight) and one filled bar (the earned part) per job skill; the score's
    # text-similarity and unnamed-skill rows are not skills and get no bar
    assert len(bars) == 2 * len(rows)
    widths = sorted(round(b.get_width(), 6) for b in bars[: len(rows)])
    assert widths == sorted(round(w, 6) for w in rows["weight"])
    with pytest.raises(InputError, match="no pair"):
        plot.gap(report, resume_id="r1", job_id="nope")


def test_an_axes_can_be_given(matches):
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(1, 2)
    assert plot.demand(matches, ax=axes[1]) is axes[1]


def test_missing_columns_are_named():
    with pytest.raises(InputError, match="'doc_id'"):
        plot.demand_table(pd.DataFrame({"skill": ["x"]}))


def test_without_matplotlib_the_error_names_the_extra(monkeypatch, matches):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError("no matplotlib")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match=r"skillmatch\[plot\]"):
        plot.demand(matches)


def test_no_mentions_give_empty_tables_and_charts(mini_matcher):
    empty = mini_matcher.extract(["", "nothing to see", "We don't use Java."])
    assert plot.demand_table(empty).empty
    assert plot.cooccurrence_table(empty).empty
    assert isinstance(plot.demand(empty), Axes)
    assert isinstance(plot.cooccurrence(empty), Axes)
