"""The bad-input corpus of the text and API layer (docs/reliability.md): each text or value a user may hand
to extract/coverage, with the outcome the table states."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from skillmatch import InputError, SkillMatcher


def _exact(texts: list[str], frame: pd.DataFrame) -> None:
    for row in frame.itertuples():
        text = texts[row.doc_id]
        assert text[row.start : row.end] == row.text


def _skills(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["skill_id"])


def test_empty_and_whitespace_texts_give_no_rows_and_empty_coverage(mini_matcher):
    texts = ["", "   \n\t\u00a0 ", "\u200b"]
    assert mini_matcher.extract(texts).empty
    cover = mini_matcher.coverage(texts)
    assert cover["empty"].tolist() == [True, True, False]
    assert cover["n_skills"].tolist() == [0, 0, 0]


def test_a_megabyte_without_spaces_is_one_long_token(mini_matcher):
    texts = ["Python " + "x" * 1_000_000 + " Java", "=" * 1_000_000]
    frame = mini_matcher.extract(texts)
    _exact(texts, frame)
    assert _skills(frame) == ["java", "python"]


@pytest.mark.slow
def test_ten_megabytes_of_one_word(mini_matcher):
    n = 10_000_000 // len("python ")
    text = "python " * n
    frame = mini_matcher.extract([text])
    assert len(frame) == n and set(frame["skill_id"]) == {"python"}
    assert frame["start"].is_monotonic_increasing and frame["end"].iloc[-1] == len(text) - 1


def test_200_kilobytes_of_one_word_is_every_mention(mini_matcher):
    n = 200_000 // len("Java ")
    frame = mini_matcher.extract(["Java " * n])
    assert len(frame) == n and set(frame["skill_id"]) == {"java"}


def test_mixed_scripts(mini_matcher):
    texts = ["Python и Java , 以及 PostgreSQL مع Django ، Ελληνικά MongoDB 🚀"]
    frame = mini_matcher.extract(texts)
    _exact(texts, frame)
    assert _skills(frame) == ["django", "java", "mongodb", "postgresql", "python"]


def test_invalid_surrogates_keep_the_other_skills_and_offsets(mini_matcher):
    texts = ["Python \ud800 Java", "\udfff\ud83dDjango\udc00 and MySQL"]
    frame = mini_matcher.extract(texts)
    _exact(texts, frame)
    assert _skills(frame) == ["django", "java", "mysql", "python"]


def test_html_and_markdown(mini_matcher):
    texts = [
        "<p>Python and Django in production</p><script>alert('x')</script>Java<br>MongoDB",
        "## Skills\n- **Python**\n- `Django`\n- [PostgreSQL](https://www.postgresql.org)\n> Java",
    ]
    frame = mini_matcher.extract(texts)
    _exact(texts, frame)
    assert {"python", "django", "mongodb"} <= set(frame.loc[frame["doc_id"] == 0, "skill_id"])
    assert {"python", "django", "java"} <= set(frame.loc[frame["doc_id"] == 1, "skill_id"])


def test_names_glued_to_markup_or_full_width_punctuation_are_found(mini_matcher):
    texts = [
        "<ul><li>Python</li><li>MySQL</li></ul>",
        "[PostgreSQL](https://www.postgresql.org)",
        "Java，Django",
    ]
    frame = mini_matcher.extract(texts)
    _exact(texts, frame)
    assert frame[["doc_id", "skill_id"]].values.tolist() == [
        [0, "python"],
        [0, "mysql"],
        [1, "postgresql"],
        [2, "java"],
        [2, "django"],
    ]


def test_a_list_of_urls_names_no_skill(mini_matcher):
    texts = ["https://www.python.org\nhttps://github.com/django/django\nhttp://example.com/java?x=go#mysql"]
    frame = mini_matcher.extract(texts)
    _exact(texts, frame)
    assert frame.empty


def test_missing_values_bytes_and_categoricals_are_texts(mini_matcher):
    values = pd.Series([None, np.nan, pd.NA, b"Python", "Java"], dtype=object)
    frame = mini_matcher.extract(values)
    assert frame[["doc_id", "skill_id"]].values.tolist() == [[3, "python"], [4, "java"]]
    cover = mini_matcher.coverage(values)
    assert cover["empty"].tolist() == [True, True, True, False, False]
    cats = pd.Series(["Python", "Java", "Python", None], dtype="category")
    assert mini_matcher.extract(cats)["skill_id"].tolist() == ["python", "java", "python"]


@pytest.mark.parametrize("value", [5, 1.5, True, ["Python"]])
def test_numbers_and_other_values_are_an_input_error_naming_the_document(mini_matcher, value):
    with pytest.raises(InputError) as info:
        mini_matcher.extract(pd.Series(["Python", value], dtype=object))
    message = str(info.value)
    assert "document 1" in message and "str, bytes or a missing value" in message


def test_duplicate_and_multiindex_indexes_keep_their_ids(mini_matcher):
    dup = pd.Series(["Python", "Java"], index=["a", "a"])
    frame = mini_matcher.extract(dup)
    assert frame[["doc_id", "skill_id"]].values.tolist() == [["a", "python"], ["a", "java"]]
    assert mini_matcher.coverage(dup)["doc_id"].tolist() == ["a", "a"]
    multi = pd.Series(["Python", "Java"], index=pd.MultiIndex.from_tuples([("a", 1), ("a", 2)]))
    frame = mini_matcher.extract(multi)
    assert frame["doc_id"].tolist() == [("a", 1), ("a", 2)]
    assert mini_matcher.coverage(multi)["doc_id"].tolist() == [("a", 1), ("a", 2)]


@pytest.mark.parametrize("limit", [1000, 1001, 1002, 1003, 1004, 1005, 1006])
def test_a_long_text_without_breaks_loses_no_word_between_its_pieces(mini_taxonomy, limit):
    matcher = SkillMatcher(mini_taxonomy, max_piece_length=limit)
    text = "python " * 3000
    frame = matcher.extract(text)
    assert frame["start"].tolist() == list(range(0, len(text), 7))
