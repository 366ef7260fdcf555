"""Unusual text: long runs without white space, invisible characters, lone surrogates."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch.scan import CHUNK, LONG_PIECE, guard


def _rows(hits):
    return [(h.start_char, h.end_char, h.skill_id, h.method, h.score) for h in hits]


def test_ordinary_text_is_not_copied():
    assert guard("We use Python and Kafka. " * 100) is None


def test_long_runs_are_cut_and_offsets_map_back():
    run = "=" * (LONG_PIECE * 4) + "abc" * 200
    text = f"We use Python, {run} and Go {run}"
    cut = guard(text)
    assert cut is not None
    assert max(len(p) for p in cut.text.split()) <= CHUNK
    # every character of the cut text that is not an added space is the original character
    pos = [cut.to_original(i) for i in range(len(cut.text))]
    assert all(text[p] == c for p, c in zip(pos, cut.text, strict=True) if c != " " or text[p] == " ")


def test_long_runs_keep_mentions_and_offsets(matcher):
    run = "=" * (LONG_PIECE * 4)
    text = f"We use Python, {run} Java and Go developers {run}"
    frame = matcher.extract(text)
    assert {"python", "java"} <= set(frame["skill_id"])
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("PythonJavaGoRust C#+./-,\n é")), max_size=200))
def test_text_without_long_runs_gives_what_the_doc_gives(mini_matcher, text):
    index = mini_matcher.component.index
    make = mini_matcher.nlp.make_doc
    if guard(text) is None and text.isascii():
        assert _rows(index.find_text(text, make)) == _rows(index.find(make(text)))


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


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 600), st.integers(LONG_PIECE + 1, 900), st.integers(0, 600))
def test_every_long_run_is_cut_wherever_it_lies(before, length, after):
    text = "ab " * (before // 3) + "x" * length + " cd" * (after // 3)
    cut = guard(text)
    assert cut is not None and max(len(p) for p in cut.text.split()) <= CHUNK
