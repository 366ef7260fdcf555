"""Tokenising only the regions that can hold a skill gives what tokenising the whole text gives."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch import SkillMatcher
from skillmatch.scan import CHUNK, LONG_PIECE, SEPARATOR


def _rows(hits):
    return [(h.start_char, h.end_char, h.skill_id, h.method, h.score) for h in hits]


def _both(matcher, text):
    index = matcher.component.index
    make = matcher.nlp.make_doc
    return _rows(index.find(make(text))), _rows(index.find_text(text, make))


# words that make mentions, ambiguity, lists, titles, patterns, typos, versions and exclusions, mixed with
# filler and punctuation
_WORDS = [
    "Python", "python3", "Java", "Go", "go", "Rust", "R", "C", "C#", "C++", ".NET", "Node.js", "node", "js",
    "Spring", "Boot", "Spring Boot", "Ruby on Rails", "Postgress", "PostgreSQL", "Kubernets", "Mongo DB",
    "REST", "APIs", "API", "document", "documenting", "endpoints", "design", "scalable", "services", "CI/CD",
    "developer", "Developer", "engineer", "team", "our", "the", "DevOps", "such", "as", "e.g.", "or", "and",
    "other", "programming", "languages", "experience", "with", "in", "security", "clearance", "go-to",
    "no", "not", "required", "a", "plus", "years", "5+", "we", "use", "build", "Oracle", "Express", "express",
    "Django", "AWS", "Azure", "SQL", "NoSQL", "Kafka", "Apache", "Apache Kafka", "microservices", "data",
]  # fmt: skip
_GLUE = [" ", " ", " ", ", ", "/", " / ", "\n", "\n\n", ". ", " - ", "(", ") ", ": ", "  ", "; ", "•"]


@st.composite
def _texts(draw):
    n = draw(st.integers(0, 60))
    parts = []
    for _ in range(n):
        parts.append(draw(st.sampled_from(_WORDS)))
        parts.append(draw(st.sampled_from(_GLUE)))
        if draw(st.integers(0, 9)) == 0:
            parts.append(" ".join(["filler"] * draw(st.integers(1, 30))) + " ")
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_texts())
def test_regions_give_the_mentions_of_the_whole_text(matcher, text):
    full, regions = _both(matcher, text)
    assert regions == full


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("PythonJavaGoRust C#+./-,\n éİ")), max_size=120))
def test_regions_on_arbitrary_characters(mini_matcher, text):
    full, regions = _both(mini_matcher, text)
    assert regions == full


def test_text_without_any_form_is_not_tokenised(matcher):
    scanner = matcher.component.index._scanner
    assert scanner.regions("The weather was lovely on Sunday afternoon by the river.") is None


def test_regions_keep_offsets_into_the_original_text(matcher):
    filler = "lorem ipsum " * 40
    text = f"{filler}We need Python and Kafka.\n{filler}Nice to have: Django. {filler}"
    frame = matcher.extract(text)
    assert list(frame["skill_id"]) == ["python", "kafka", "django"]
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text
    regions = matcher.component.index._scanner.regions(text)
    assert regions is not None and SEPARATOR in regions.text and len(regions.text) < len(text) / 2


def test_long_runs_are_cut_and_offsets_stay_exact(matcher):
    run = "=" * (LONG_PIECE * 4)
    text = f"We use Python, {run}Java and Go developers {run}"
    regions = matcher.component.index._scanner.regions(text)
    assert regions is not None
    assert max(len(p) for p in regions.text.split()) <= max(CHUNK, len("Python") + CHUNK)
    frame = matcher.extract(text)
    assert "python" in set(frame["skill_id"])
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("Python \ud800 Java", ["python", "java"]),  # a lone surrogate
        ("Py\u00adthon and Java\u200bScript", ["python", "javascript"]),  # soft hyphen, zero-width space
        ("İstanbul team uses Python", ["python"]),  # lower-casing changes the length
    ],
)
def test_unusual_characters_keep_offsets(matcher, text, skills):
    frame = matcher.extract(text)
    assert list(frame["skill_id"]) == skills
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text


def test_matcher_without_fuzzy_scans_no_typos():
    m = SkillMatcher(fuzzy=False)
    assert list(m.extract("Postgress and Python")["skill_id"]) == ["python"]
