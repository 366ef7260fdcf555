"""Résumé-to-job matching: weights, hierarchy credit, negation, years, alternatives, specificity, core
skills, the lexical part, gap reports and ranking."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch import ConfigError, InputError, MatchCorpus, MatchWeights, reasons, top_k
from skillmatch.scoring import score_pairs, specificity_weight

#: plain weighted coverage: every knob that is not about coverage turned off
COVERAGE = MatchWeights(lexical=0.0, evidence_prior=0.0, specificity=0.0, core=1.0)

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
    return mini_matcher.match_with_report(
        RESUMES, JOBS, job_text_column="text", job_id_column="id", weights=COVERAGE
    )


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
    pairs = mini_matcher.match(
        ["We run PostgreSQL."], ["Experience with a relational database."], weights=COVERAGE
    )
    assert pairs.iloc[0]["score"] == pytest.approx(1.0)


def test_unrelated_skill_earns_nothing(mini_matcher):
    pairs = mini_matcher.match(["MongoDB"], ["PostgreSQL"], weights=COVERAGE)
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
    pairs = mini_matcher.match(["Python"], ["Python services. We don't use Java."], weights=COVERAGE)
    row = pairs.iloc[0]
    assert "java" not in row["missing"] and row["score"] == pytest.approx(1.0)


def test_negated_resume_skill_is_not_evidence(mini_matcher):
    pairs = mini_matcher.match(["No Java experience, but Python."], ["Java"], weights=COVERAGE)
    assert pairs.iloc[0]["score"] == 0.0


def test_fewer_years_give_partial_credit(mini_matcher):
    pairs, report = mini_matcher.match_with_report(
        ["Python (2 years)", "Python (6 years)"], ["Requirements: 4+ years of Python"], weights=COVERAGE
    )
    low, high = pairs["score"].tolist()
    assert high == pytest.approx(1.0)
    assert low == pytest.approx(0.5)
    assert report.iloc[0]["status"] == "partial"


def test_weights_are_configurable(mini_matcher):
    weights = MatchWeights(sibling=0.0, lexical=0.0)
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
    assert ranked[ranked["job_id"] == "java"]["resume_id"].iloc[0] == "javadev"
    jobs = mini_matcher.top_jobs(RESUMES, JOBS, k=1, job_text_column="text", job_id_column="id")
    assert dict(zip(jobs["resume_id"], jobs["job_id"], strict=True))["javadev"] == "java"
    assert jobs["reasons"].str.contains("matched: ").any()


def test_empty_inputs(mini_matcher):
    pairs, report = mini_matcher.match_with_report([], ["Python"])
    assert pairs.empty and report.empty
    assert "score" in pairs.columns and "status" in report.columns


# -- the ranking model ----
WORDS = ["Python", "Django", "MySQL", "PostgreSQL", "Java", "Spring Boot", "RDBMS", "Go services", "no Java"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    resumes=st.lists(st.lists(st.sampled_from(WORDS), max_size=5), min_size=1, max_size=3),
    jobs=st.lists(
        st.lists(st.sampled_from([*WORDS, "one of Go or Rust", "Java/C#"]), max_size=5), max_size=3
    ),
    lexical=st.sampled_from([0.0, 0.3, 0.7, 1.0]),
    prior=st.sampled_from([0.0, 5.0, 20.0]),
    specificity=st.sampled_from([0.0, 1.0, 2.0]),
    core=st.sampled_from([1.0, 3.0]),
)
def test_report_decomposes_every_score(mini_matcher, resumes, jobs, lexical, prior, specificity, core):
    weights = MatchWeights(lexical=lexical, evidence_prior=prior, specificity=specificity, core=core)
    resume_texts = [", ".join(words) for words in resumes]
    job_texts = ["Requirements: " + ", ".join(words) for words in jobs]
    pairs, report = mini_matcher.match_with_report(resume_texts, job_texts, weights=weights)
    assert len(pairs) == len(resume_texts) * len(job_texts)
    sums = report.groupby(["resume_id", "job_id"])["contribution"].sum()
    for row in pairs.itertuples():
        if pd.isna(row.score):
            assert row.n_job_skills == 0 or lexical == 0
            continue
        assert 0.0 <= row.score <= 1.0 + 1e-9
        assert sums.get((row.resume_id, row.job_id), 0.0) == pytest.approx(row.score, abs=1e-9)
        # every row's contribution is its weight times its credit, and the weights share out at most 1
        rows = report[(report["resume_id"] == row.resume_id) & (report["job_id"] == row.job_id)]
        assert (rows["contribution"] - rows["weight"] * rows["credit"]).abs().max() < 1e-9
        assert rows["weight"].sum() == pytest.approx(1.0)


def test_alternatives_are_met_by_any_member(mini_matcher):
    job = "Requirements: strong experience in at least one of Go, Rust, C++ or Java, and SQL."
    pairs, report = mini_matcher.match_with_report(["Java and SQL"], [job], weights=COVERAGE)
    row = pairs.iloc[0]
    assert row["score"] == pytest.approx(1.0)
    assert row["n_job_skills"] == 2  # the group and SQL
    assert row["missing"] == [] and "go" not in row["extra"]
    rows = report.set_index("skill_id")
    assert rows.loc["java", "status"] == "met"
    assert set(rows.loc[["go", "rust", "cpp"], "status"]) == {"alternative"}
    assert (rows.loc[["go", "rust", "cpp"], "contribution"] == 0).all()
    assert rows.loc["java", "alternatives"] == rows.loc["go", "alternatives"]


def test_unmet_alternatives_are_one_missing_requirement(mini_matcher):
    pairs = mini_matcher.match(["SQL"], ["Requirements: Go or Rust, and SQL."], weights=COVERAGE)
    row = pairs.iloc[0]
    assert row["missing"] == ["go|rust"]
    assert row["score"] == pytest.approx(0.5)


def test_specificity_favours_rare_skills():
    corpus = MatchCorpus(n_documents=100, skill_documents={"sql": 90, "kafka": 3})
    from skillmatch import load_taxonomy

    tax = load_taxonomy()
    assert specificity_weight("kafka", corpus, tax) > 2 * specificity_weight("sql", corpus, tax)
    assert specificity_weight("kafka", corpus, tax, MatchWeights(specificity=0)) == 1.0
    # without a corpus the taxonomy decides: a deep skill outweighs the umbrella above it
    empty = MatchCorpus(n_documents=0, skill_documents={})
    assert specificity_weight("kafka", empty, tax) > specificity_weight("message-queues", empty, tax)
    expected = 1 + math.log(1 / 0.5 ** (1 + 0))
    assert specificity_weight("apis", empty, tax) == pytest.approx(expected)


def test_specificity_comes_from_the_jobs(mini_matcher):
    jobs = ["Python and MongoDB"] + ["Python services"] * 9
    weights = MatchWeights(lexical=0.0, evidence_prior=0.0, core=1.0)
    _, report = mini_matcher.match_with_report(["Python"], jobs, weights=weights)
    first = report[report["job_id"] == 0].set_index("skill_id")
    assert first.loc["mongodb", "weight"] > first.loc["python", "weight"]
    assert first.loc["mongodb", "specificity"] > first.loc["python", "specificity"]


def test_core_skills_weigh_more(mini_matcher):
    job = (
        "Java Developer\n\nYou will build services." + " Our team is friendly." * 20 + " We also use Python."
    )
    weights = MatchWeights(lexical=0.0, evidence_prior=0.0, specificity=0.0, core=2.0)
    _, report = mini_matcher.match_with_report(["Java"], [job], weights=weights)
    rows = report.set_index("skill_id")
    assert bool(rows.loc["java", "core"]) and not bool(rows.loc["python", "core"])
    assert rows.loc["java", "weight"] == pytest.approx(2 * rows.loc["python", "weight"])


def test_heading_lines_are_core(mini_matcher):
    job = "About us\n" + "We are a company. " * 30 + "\n## Kubernetes platform\nWe run things. Python too."
    weights = MatchWeights(lexical=0.0, evidence_prior=0.0, specificity=0.0)
    _, report = mini_matcher.match_with_report(["x"], [job], weights=weights)
    rows = report.set_index("skill_id")
    assert bool(rows.loc["kubernetes", "core"]) and not bool(rows.loc["python", "core"])


def test_traits_do_not_dilute(matcher):
    weights = MatchWeights(lexical=0.0, evidence_prior=0.0)
    plain = matcher.match(["Kafka"], ["Requirements: Kafka and PostgreSQL."], weights=weights)
    chatty = matcher.match(
        ["Kafka"],
        ["Requirements: Kafka and PostgreSQL. Excellent communication and teamwork."],
        weights=weights,
    )
    assert chatty.iloc[0]["score"] == pytest.approx(plain.iloc[0]["score"])


def test_evidence_prior_shrinks_jobs_that_name_little(mini_matcher):
    weights = MatchWeights(lexical=0.0, specificity=0.0, core=1.0, evidence_prior=2.0)
    pairs, report = mini_matcher.match_with_report(
        ["Python, Django, PostgreSQL, MongoDB"],
        ["Requirements: Python", "Requirements: Python, Django, PostgreSQL, MongoDB"],
        weights=weights,
    )
    few, many = pairs["score"].tolist()
    assert few == pytest.approx(1 / 3) and many == pytest.approx(4 / 6)
    unnamed = report[report["status"] == "unnamed"]
    assert len(unnamed) == 2 and (unnamed["contribution"] == 0).all()


def test_lexical_part_is_one_visible_row(mini_matcher):
    texts = ["Python services for payments and ledgers", "Python tools for gardening and plants"]
    pairs, report = mini_matcher.match_with_report(["Python payments ledgers"], texts)
    lexical = report[report["status"] == "lexical"]
    assert len(lexical) == 2
    assert lexical["weight"].tolist() == pytest.approx([MatchWeights().lexical] * 2)
    payments, gardening = pairs["lexical_score"].tolist()
    assert payments > gardening
    assert pairs.iloc[0]["score"] > pairs.iloc[1]["score"]


def test_lexical_part_needs_both_texts(mini_matcher):
    resumes = mini_matcher.extract(["Python"])
    jobs = mini_matcher.extract(["Python and Django"])
    ids = pd.RangeIndex(1)
    pairs, report = score_pairs(resumes, jobs, ids, ids, mini_matcher.taxonomy, resume_texts={0: "Python"})
    assert pd.isna(pairs.iloc[0]["lexical_score"])
    assert "lexical" not in set(report["status"])


def test_score_of_a_pair_does_not_depend_on_other_resumes(mini_matcher):
    alone = mini_matcher.match(pd.Series(["Python and Django"], index=["a"]), JOBS, job_text_column="text")
    crowd = mini_matcher.match(
        pd.Series(["Python and Django", "Java", "Go and Rust"], index=["a", "b", "c"]),
        JOBS,
        job_text_column="text",
    )
    assert crowd[crowd["resume_id"] == "a"]["score"].tolist() == pytest.approx(alone["score"].tolist())


def test_corpus_can_be_passed(mini_matcher):
    background = ["Python and MongoDB"] + ["MongoDB"] * 20
    corpus = MatchCorpus.from_matches(mini_matcher.extract(background), background)
    weights = MatchWeights(lexical=0.0, evidence_prior=0.0, core=1.0)
    _, report = mini_matcher.match_with_report(["x"], ["Python and MongoDB"], weights=weights, corpus=corpus)
    rows = report.set_index("skill_id")
    assert rows.loc["python", "specificity"] > rows.loc["mongodb", "specificity"]


def test_top_k_ties_are_stable_and_explained(mini_matcher):
    resumes = pd.Series(["Java", "Java", "Python"], index=["second", "first", "other"])
    pairs = mini_matcher.match(resumes, ["Requirements: Java and Kubernetes"], weights=COVERAGE)
    ranked = top_k(pairs, 3)
    assert ranked["resume_id"].tolist() == ["second", "first", "other"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert ranked["reasons"].iloc[0] == "matched: java; missing: kubernetes"
    shuffled = top_k(pairs.iloc[[1, 0, 2]], 3)
    assert shuffled["resume_id"].tolist() == ["first", "second", "other"]


def test_reasons_name_the_heaviest_requirements(mini_matcher):
    job = "Requirements: Java, Kubernetes, PostgreSQL, MongoDB, Python and Django."
    pairs = mini_matcher.match(["Java"], [job], weights=MatchWeights(lexical=0.0))
    row = pairs.iloc[0]
    assert row["decisive_matched"] == ["java"]
    assert len(row["decisive_missing"]) == 3
    assert set(row["decisive_missing"]) <= set(row["missing"])
    assert reasons(pairs).iloc[0].startswith("matched: java; missing: ")


@pytest.mark.parametrize(
    ("knob", "value", "message"),
    [
        ("lexical", 1.5, "lexical must be between 0 and 1"),
        ("evidence_prior", -1.0, "evidence_prior must not be negative"),
        ("specificity", -0.5, "specificity must not be negative"),
    ],
)
def test_new_knobs_are_validated(knob, value, message):
    with pytest.raises(ConfigError, match=message):
        MatchWeights(**{knob: value})


def test_cli_explain_adds_reasons(tmp_path):
    from click.testing import CliRunner

    from skillmatch.cli import cli

    jobs = tmp_path / "jobs.csv"
    pd.DataFrame({"id": ["j1"], "text": ["Java Developer. Must have: Java, Kafka and PostgreSQL."]}).to_csv(
        jobs, index=False
    )
    resumes = tmp_path / "cvs.csv"
    pd.DataFrame({"name": ["ann", "ben"], "text": ["Java and Kafka.", "Python."]}).to_csv(
        resumes, index=False
    )
    out = tmp_path / "pairs.csv"
    args = ["match", "--resumes", str(resumes), "--jobs", str(jobs), "-t", "text", "--id-column", "name"]
    result = CliRunner().invoke(cli, [*args, "--jobs-id-column", "id", "--explain", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    pairs = pd.read_csv(out).set_index("resume_id")
    # the heaviest first: Kafka sits deeper in the hierarchy than Java, so it is the more specific ask
    assert pairs.loc["ann", "reasons"].startswith(
        "matched: kafka, java; missing: postgresql; text similarity"
    )
    missing = pairs.loc["ben", "reasons"].split(";")[0]
    assert missing.startswith("missing: ") and set(missing[9:].split(", ")) == {"java", "kafka", "postgresql"}
    assert pairs.loc["ann", "score"] > pairs.loc["ben", "score"]


@settings(max_examples=40, deadline=None)
@given(
    shown=st.lists(
        st.sampled_from(["python", "django", "mysql", "postgresql", "relational-databases", "java"])
    ),
    years=st.lists(st.sampled_from([None, 1.0, 6.0]), min_size=6, max_size=6),
    sibling=st.sampled_from([0.0, 0.5, 0.9]),
    broader=st.sampled_from([0.0, 0.4, 0.95]),
)
def test_credit_map_chooses_as_the_rule_does(mini_taxonomy, shown, years, sibling, broader):
    from skillmatch.scoring import _credit, _credit_map, _Evidence, _Hierarchy, _JobSkill

    w = MatchWeights(sibling=sibling, broader=broader)
    h = _Hierarchy(mini_taxonomy)
    evidence = {sid: _Evidence(sid, sid, 0, 1, years[k]) for k, sid in enumerate(dict.fromkeys(shown))}
    cmap = _credit_map(evidence, h, w)
    for skill in mini_taxonomy:
        js = _JobSkill(skill.id, "required", None)
        credit, via, ev = _credit(js, evidence, h, w)
        got = cmap.get(skill.id, (0.0, "", None, False))
        assert (got[0], got[1], got[2]) == (credit, via, ev)


def test_lexical_part_without_scikit_learn_says_what_to_do(mini_matcher, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "sklearn.feature_extraction.text", None)
    with pytest.raises(ImportError, match=r"pip install scikit-learn.*MatchWeights\(lexical=0\)"):
        mini_matcher.match(["Python"], ["Python"])
    assert mini_matcher.match(["Python"], ["Python"], weights=MatchWeights(lexical=0.0)).iloc[0]["score"] > 0
