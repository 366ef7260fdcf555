"""Résumé-to-job matching: weights, hierarchy credit, negation, years, gap reports and ranking."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch import ConfigError, InputError, MatchWeights, top_k

JOBS = pd.DataFrame(
    {
        "id": ["backend", "java"],
        "text": [
            "Requirements:\n- Python and Django\n- PostgreSQL\n\nNice to have:\n- Go services",
            "Must have: Java and Spring Boot.",
        ],
    }
)
RESUMES = pd.Series(
    [
        "Python, Django, PostgreSQL and Go services.",
        "Python and MySQL.",
        "Java and Spring Boot with PostgreSQL.",
        "",
    ],
    index=["full", "partial", "javadev", "blank"],
)


@pytest.fixture(scope="module")
def result(mini_matcher):
    return mini_matcher.match_with_report(RESUMES, JOBS, job_text_column="text", job_id_column="id")


def pair(pairs, resume, job):
    return pairs[(pairs["resume_id"] == resume) & (pairs["job_id"] == job)].iloc[0]


def test_one_row_per_pair_with_ids(result):
    pairs, _ = result
    assert len(pairs) == len(RESUMES) * len(JOBS)
    assert set(pairs["resume_id"]) == set(RESUMES.index)
    assert set(pairs["job_id"]) == {"backend", "java"}


def test_full_match_scores_one(result):
    pairs, _ = result
    row = pair(pairs, "full", "backend")
    assert row["score"] == pytest.approx(1.0)
    assert row["required_coverage"] == pytest.approx(1.0)
    assert row["preferred_coverage"] == pytest.approx(1.0)
    assert row["missing"] == []


def test_requirement_levels_weigh_differently(result):
    _, report = result
    rows = report[(report["resume_id"] == "partial") & (report["job_id"] == "backend")].set_index("skill_id")
    assert rows.loc["python", "requirement"] == "required"
    assert rows.loc["go", "requirement"] == "preferred"
    assert rows.loc["python", "weight"] > rows.loc["go", "weight"]


def test_hierarchy_partial_credit(result):
    _, report = result
    rows = report[(report["resume_id"] == "partial") & (report["job_id"] == "backend")].set_index("skill_id")
    # PostgreSQL asked, MySQL shown: a sibling under relational databases
    assert rows.loc["postgresql", "status"] == "partial"
    assert rows.loc["postgresql", "evidence_skill_id"] == "mysql"
    assert rows.loc["postgresql", "credit"] == pytest.approx(MatchWeights().sibling)
    # Django asked, only Python shown: the broader skill
    assert rows.loc["django", "status"] == "partial"
    assert rows.loc["django", "via"] == "broader"
    assert rows.loc["go", "status"] == "missing"


def test_broader_requirement_met_by_narrower(mini_matcher):
    pairs = mini_matcher.match(["We run PostgreSQL."], ["Experience with a relational database."])
    assert pairs.iloc[0]["score"] == pytest.approx(1.0)


def test_unrelated_skill_earns_nothing(mini_matcher):
    pairs = mini_matcher.match(["MongoDB"], ["PostgreSQL"])
    assert pairs.iloc[0]["score"] == 0.0


def test_score_decomposes_into_report(result):
    pairs, report = result
    sums = report.groupby(["resume_id", "job_id"])["contribution"].sum()
    for row in pairs.itertuples():
        assert sums[(row.resume_id, row.job_id)] == pytest.approx(row.score)


def test_report_evidence_points_into_resume(result):
    _, report = result
    shown = report.dropna(subset=["evidence_start"])
    for row in shown.itertuples():
        text = RESUMES[row.resume_id]
        assert text[int(row.evidence_start) : int(row.evidence_end)] == row.evidence
        assert row.evidence in row.snippet


def test_extra_skills_are_listed(result):
    pairs, report = result
    row = pair(pairs, "javadev", "backend")
    assert "java" in row["extra"]
    extra = report[
        (report["status"] == "extra") & (report["resume_id"] == "javadev") & (report["job_id"] == "backend")
    ]
    assert "java" in set(extra["skill_id"])
    assert (extra["contribution"] == 0).all()


def test_blank_resume_scores_zero_and_is_kept(result):
    pairs, _ = result
    rows = pairs[pairs["resume_id"] == "blank"]
    assert len(rows) == 2 and (rows["score"] == 0).all()


def test_negated_job_skill_is_not_a_requirement(mini_matcher):
    pairs = mini_matcher.match(["Python"], ["Python services. We don't use Java."])
    row = pairs.iloc[0]
    assert "java" not in row["missing"] and row["score"] == pytest.approx(1.0)


def test_negated_resume_skill_is_not_evidence(mini_matcher):
    pairs = mini_matcher.match(["No Java experience, but Python."], ["Java"])
    assert pairs.iloc[0]["score"] == 0.0


def test_fewer_years_give_partial_credit(mini_matcher):
    pairs, report = mini_matcher.match_with_report(
        ["Python (2 years)", "Python (6 years)"], ["Requirements: 4+ years of Python"]
    )
    low, high = pairs["score"].tolist()
    assert high == pytest.approx(1.0)
    assert low == pytest.approx(0.5)
    assert report.iloc[0]["status"] == "partial"


def test_weights_are_configurable(mini_matcher):
    weights = MatchWeights(sibling=0.0)
    pairs = mini_matcher.match(["MySQL"], ["PostgreSQL"], weights=weights)
    assert pairs.iloc[0]["score"] == 0.0
    with pytest.raises(ConfigError, match="sibling must be between 0 and 1"):
        MatchWeights(sibling=2)
    with pytest.raises(ConfigError, match="valid levels"):
        MatchWeights(requirement={"required": 1.0})


def test_duplicate_ids_are_rejected(mini_matcher):
    with pytest.raises(InputError, match="résumé ids must be unique; 'a'"):
        mini_matcher.match(pd.Series(["x", "y"], index=["a", "a"]), ["Python"])


def test_top_k_both_ways(result):
    pairs, _ = result
    best = top_k(pairs, 1)
    assert dict(zip(best["job_id"], best["resume_id"], strict=True)) == {"backend": "full", "java": "javadev"}
    per_resume = top_k(pairs, 2, per="resume_id")
    assert per_resume.groupby("resume_id").size().max() == 2
    assert list(per_resume["rank"].unique()) == [1, 2]
    with pytest.raises(ConfigError):
        top_k(pairs, 0)


def test_ranking_helpers(mini_matcher):
    ranked = mini_matcher.top_resumes(RESUMES, JOBS, k=2, job_text_column="text", job_id_column="id")
    assert ranked[ranked["job_id"] == "backend"]["resume_id"].iloc[0] == "full"


def test_empty_inputs(mini_matcher):
    pairs, report = mini_matcher.match_with_report([], ["Python"])
    assert pairs.empty and report.empty
    assert "score" in pairs.columns and "status" in report.columns


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["Python", "Django", "MySQL", "PostgreSQL", "Java", "Go services", "no Java"]),
        max_size=5,
    ),
    st.lists(
        st.sampled_from(["Python", "Django", "MySQL", "PostgreSQL", "Java", "Spring Boot", "RDBMS"]),
        max_size=5,
    ),
)
def test_score_bounds_and_decomposition(mini_matcher, resume_words, job_words):
    pairs, report = mini_matcher.match_with_report([", ".join(resume_words)], [", ".join(job_words)])
    score = pairs.iloc[0]["score"]
    if pairs.iloc[0]["n_job_skills"] == 0:
        assert pd.isna(score)
    else:
        assert 0.0 <= score <= 1.0
        assert report["contribution"].sum() == pytest.approx(score)
