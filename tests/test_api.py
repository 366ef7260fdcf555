"""The DataFrame API: input shapes, ids, empty and bad input, coverage."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch import ConfigError, InputEncodingError, InputError, SkillMatcher, UnknownSkillError
from skillmatch.api import split_text
from skillmatch.frames import MATCH_COLUMNS

TEXTS = ["Python and Django", "", "Java, Spring Boot and PostgreSQL"]


def test_accepts_one_string(mini_matcher):
    frame = mini_matcher.extract("Python and Django")
    assert list(frame.columns) == list(MATCH_COLUMNS)
    assert list(frame["doc_id"]) == [0, 0]
    assert list(frame["skill"]) == ["Python", "Django"]
    assert list(frame["category"]) == ["languages", "frameworks"]


def test_list_positions_become_ids(mini_matcher):
    frame = mini_matcher.extract(TEXTS)
    assert sorted(set(frame["doc_id"])) == [0, 2]


def test_series_index_becomes_doc_id(mini_matcher):
    series = pd.Series(TEXTS, index=["a", "b", "c"])
    frame = mini_matcher.extract(series)
    assert list(dict.fromkeys(frame["doc_id"])) == ["a", "c"]


def test_dataframe_with_columns(mini_matcher):
    df = pd.DataFrame({"key": [10, 20], "title": ["Java dev", None], "body": ["Spring Boot", "Python"]})
    frame = mini_matcher.extract(df, text_column=["title", "body"], id_column="key")
    assert list(zip(frame["doc_id"], frame["skill_id"], strict=True)) == [
        (10, "java"),
        (10, "spring-boot"),
        (20, "python"),
    ]
    joined = "Java dev\n\nSpring Boot"
    row = frame.iloc[1]
    assert joined[row.start : row.end] == "Spring Boot"


def test_missing_column_names_columns(mini_matcher):
    df = pd.DataFrame({"description": ["x"]})
    with pytest.raises(InputError, match="'text' is not in the DataFrame; its columns are: description"):
        mini_matcher.extract(df, text_column="text")
    with pytest.raises(InputError, match="needs text_column"):
        mini_matcher.extract(df)


@pytest.mark.parametrize("bad", [None, float("nan"), pd.NA, "", "   \n\t"])
def test_missing_and_blank_texts_are_kept(mini_matcher, bad):
    cover = mini_matcher.coverage(pd.Series(["Python", bad, "Java"]))
    assert list(cover["doc_id"]) == [0, 1, 2]
    assert list(cover["empty"]) == [False, True, False]
    assert list(cover["n_matches"]) == [1, 0, 1]


def test_wrong_types_and_encodings(mini_matcher):
    with pytest.raises(InputError, match="document 1 is a int"):
        mini_matcher.extract(["Python", 42])
    with pytest.raises(InputError, match="must be a str"):
        mini_matcher.extract(42)
    assert list(mini_matcher.extract([b"Python"])["skill_id"]) == ["python"]
    with pytest.raises(InputEncodingError, match="not valid utf-8"):
        mini_matcher.extract([b"caf\xe9 Python"])


def test_empty_inputs_give_empty_frames_with_dtypes(mini_matcher):
    full = mini_matcher.extract(["Python"])
    for empty_input in ([], pd.Series([], dtype="string"), [""]):
        frame = mini_matcher.extract(empty_input)
        assert frame.empty
        assert list(frame.columns) == list(full.columns)
        assert list(frame.dtypes)[1:] == list(full.dtypes)[1:]
    cov_full = mini_matcher.coverage(["Python"])
    cov_empty = mini_matcher.coverage([])
    assert cov_empty.empty and list(cov_empty.dtypes) == list(cov_full.dtypes)


def test_huge_document_is_processed_in_pieces_with_exact_offsets(mini_taxonomy):
    m = SkillMatcher(mini_taxonomy, max_piece_length=1000)
    line = "We build Django services in Python and store data in PostgreSQL.\n"
    text = line * 200  # 13 kB, 13 pieces
    frame = m.extract(text)
    assert len(frame) == 600
    assert all(text[r.start : r.end] == r.text for r in frame.itertuples())
    assert frame["start"].is_monotonic_increasing


def test_split_text_reassembles():
    text = "a b c. d e f.\n\nghi jkl " * 50
    pieces = list(split_text(text, 40))
    assert all(len(p) <= 40 for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert "".join(p for _, p in pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )


def test_coverage_formula(mini_matcher, mini_taxonomy):
    cover = mini_matcher.coverage(["Python, Django and PostgreSQL. Python again."])
    row = cover.iloc[0]
    assert row["n_matches"] == 4 and row["n_skills"] == 3
    assert row["coverage"] == pytest.approx(3 / len(mini_taxonomy))
    n_db = len(mini_taxonomy.in_category("databases"))
    assert row["coverage_databases"] == pytest.approx(1 / n_db)
    assert row["n_languages"] == 1


def test_coverage_against_a_skill_list(mini_matcher):
    cover = mini_matcher.coverage(["Python and MySQL"], against=["python", "django", "mysql", "postgresql"])
    row = cover.iloc[0]
    assert row["coverage"] == pytest.approx(0.5)
    assert row["coverage_databases"] == pytest.approx(0.5)
    assert math.isnan(row["coverage_apis"])
    with pytest.raises(UnknownSkillError, match="pyhton"):
        mini_matcher.coverage(["x"], against=["pyhton"])


def test_shortcuts_use_bundled_taxonomy():
    import skillmatch

    assert "python" in list(skillmatch.extract("Python")["skill_id"])
    assert len(skillmatch.coverage(["Python", "Java"])) == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.text(alphabet=st.sampled_from(list("PythonJavaGoRust C#+./-,\n é")), max_size=80), max_size=6)
)
def test_invariants_on_arbitrary_text(mini_matcher, texts):
    frame, cover = mini_matcher.extract_and_cover(texts)
    assert len(cover) == len(texts)
    assert list(cover["doc_id"]) == list(range(len(texts)))
    for row in frame.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
        assert 0.0 <= row.score <= 1.0
        assert row.method in {"exact", "lemma", "pattern", "fuzzy"}
    # entity mentions never overlap within a document
    ents = frame[frame["method"] != "pattern"].sort_values(["doc_id", "start"])
    for _, g in ents.groupby("doc_id"):
        assert (g["start"].to_numpy()[1:] >= g["end"].to_numpy()[:-1]).all()
    assert (cover["n_skills"] <= cover["n_matches"]).all()
    assert np.all((cover["coverage"] >= 0) & (cover["coverage"] <= 1))


def test_module_functions_take_the_matcher_options(mini_taxonomy):
    import skillmatch

    text = "Postgress and Python are required; no Java."
    for options in ({}, {"fuzzy": False}, {"context": False}, {"fuzzy_cutoff": 0.95}):
        direct = SkillMatcher(mini_taxonomy, **options)
        assert skillmatch.extract(text, taxonomy=mini_taxonomy, **options).equals(direct.extract(text))
        assert skillmatch.coverage(text, taxonomy=mini_taxonomy, **options).equals(direct.coverage(text))
    assert "postgresql" not in set(skillmatch.extract(text, taxonomy=mini_taxonomy, fuzzy=False)["skill_id"])
    frame = skillmatch.extract(text, taxonomy=mini_taxonomy, context=False)
    assert not frame["negated"].any() and set(frame["requirement"]) == {"unspecified"}


def test_module_functions_reuse_one_matcher_per_option_set(mini_taxonomy):
    from skillmatch import api

    api.extract("Python", taxonomy=mini_taxonomy)
    first = api._default_matcher(mini_taxonomy)
    api.coverage("Python", taxonomy=mini_taxonomy)
    assert api._default_matcher(mini_taxonomy) is first
    assert api._default_matcher(mini_taxonomy, fuzzy=False) is not first


def test_extend_adds_skills(tmp_path, mini_taxonomy):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "skills:\n  - {id: elixir, name: Elixir, category: languages, source: extended}\n", encoding="utf-8"
    )
    m = SkillMatcher(mini_taxonomy, extend=extra)
    assert list(m.extract("Elixir and Python")["skill_id"]) == ["elixir", "python"]
    import skillmatch

    assert "elixir" in set(skillmatch.extract("Elixir", taxonomy=mini_taxonomy, extend=extra)["skill_id"])


def test_match_methods_take_explicit_keywords(mini_matcher):
    resumes = pd.DataFrame({"cv": ["Python and Django"], "who": ["ann"]})
    jobs = pd.DataFrame({"ad": ["Python required"], "ref": ["j1"]})
    kw = {
        "resume_text_column": "cv",
        "resume_id_column": "who",
        "job_text_column": "ad",
        "job_id_column": "ref",
    }
    pairs = mini_matcher.match(resumes, jobs, **kw)
    assert list(pairs[["resume_id", "job_id"]].itertuples(index=False, name=None)) == [("ann", "j1")]
    assert len(mini_matcher.gap_report(resumes, jobs, **kw)) >= 1
    assert len(mini_matcher.top_resumes(resumes, jobs, 1, **kw)) == 1
    assert len(mini_matcher.top_jobs(resumes, jobs, 1, **kw)) == 1
    with pytest.raises(TypeError, match="text_column"):
        mini_matcher.match(resumes, jobs, text_column="cv")  # not a parameter of match


def test_missing_column_error_names_the_real_parameter(mini_matcher):
    resumes = pd.DataFrame({"cv": ["Python"]})
    jobs = pd.DataFrame({"ad": ["Python"]})
    with pytest.raises(InputError, match="resume_text_column"):
        mini_matcher.match(resumes, jobs, job_text_column="ad")
    with pytest.raises(InputError, match="job_text_column"):
        mini_matcher.match(resumes, jobs, resume_text_column="cv")


@pytest.mark.parametrize(
    ("options", "name"),
    [({"context": "yes"}, "context"), ({"fuzzy": 1}, "fuzzy"), ({"reference_year": 26}, "reference_year")],
)
def test_bad_options_name_the_parameter(mini_taxonomy, options, name):
    with pytest.raises(ConfigError, match=name):
        SkillMatcher(mini_taxonomy, **options)
