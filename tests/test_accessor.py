"""The ``df.skills`` accessor gives exactly what the library gives, with the frame's ids."""

from __future__ import annotations

import pandas as pd
import pytest

from skillmatch.errors import InputError

POSTS = pd.DataFrame(
    {"ref": ["p1", "p2"], "description": ["Python and Django; PostgreSQL is a plus.", "Java, no PHP."]},
    index=[10, 20],
)
CVS = pd.DataFrame({"text": ["Python, Django and MySQL", "Java and Spring Boot"]}, index=["ana", "ben"])


def test_extract_and_coverage_equal_the_library(mini_matcher):
    got = POSTS.skills.extract("description", matcher=mini_matcher)
    assert got.equals(mini_matcher.extract(POSTS, text_column="description"))
    assert list(got["doc_id"].unique()) == [10, 20]
    by_id = POSTS.skills.extract("description", id_column="ref", matcher=mini_matcher)
    assert set(by_id["doc_id"]) == {"p1", "p2"}
    cover = POSTS.skills.coverage("description", against=["python", "java"], matcher=mini_matcher)
    assert cover.equals(mini_matcher.coverage(POSTS, text_column="description", against=["python", "java"]))


def test_match_takes_the_frame_as_resumes(mini_matcher):
    got = CVS.skills.match(
        POSTS, "text", job_text_column="description", job_id_column="ref", matcher=mini_matcher
    )
    want = mini_matcher.match(
        CVS, POSTS, resume_text_column="text", job_text_column="description", job_id_column="ref"
    )
    assert got.equals(want)
    assert set(got["resume_id"]) == {"ana", "ben"} and set(got["job_id"]) == {"p1", "p2"}


def test_a_missing_column_is_named(mini_matcher):
    with pytest.raises(InputError, match=r"'body'.*description"):
        POSTS.skills.extract("body", matcher=mini_matcher)


def test_matcher_and_taxonomy_display_as_html(mini_matcher, mini_taxonomy):
    assert "<table" in mini_taxonomy._repr_html_() and "Taxonomy mini" in mini_taxonomy._repr_html_()
    html = mini_matcher._repr_html_()
    assert "SkillMatcher" in html and "skillmatch" in html and "Taxonomy mini" in html
    assert "object at 0x" not in html
