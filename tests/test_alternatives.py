"""Alternative groups: choices in a list ("one of Go, Rust or Java") share a group id in ``extract``."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from skillmatch.alternatives import alternative_groups

NAMES = ["Go", "Rust", "Java", "Kotlin", "Python", "Django", "MySQL", "PostgreSQL", "Redis", "Docker", "AWS"]
CATEGORY = {"Django": "frameworks", "MySQL": "databases", "PostgreSQL": "databases", "Redis": "databases"}


def groups_of(text: str, names: list[str] | None = None) -> dict[str, int | None]:
    """Group ids by name, the spans found by a plain word search (each name once)."""
    names = names or [n for n in NAMES if re.search(rf"\b{re.escape(n)}\b", text)]
    spans = [re.search(rf"\b{re.escape(n)}\b", text).span() for n in names]  # type: ignore[union-attr]
    cats = [CATEGORY.get(n, "languages") for n in names]
    return dict(zip(names, alternative_groups(text, spans, cats), strict=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Go, Rust or Java", {"Go": 0, "Rust": 0, "Java": 0}),
        ("Go, Rust, or Java.", {"Go": 0, "Rust": 0, "Java": 0}),
        ("Go and Rust", {"Go": None, "Rust": None}),
        ("Go, Rust, Java", {"Go": None, "Rust": None, "Java": None}),
        ("Python and Django or Go", {"Python": None, "Django": 0, "Go": 0}),
        ("either Go or Rust", {"Go": 0, "Rust": 0}),
        ("Go and/or Rust", {"Go": 0, "Rust": 0}),
        ("one of Java, Kotlin and Go", {"Java": 0, "Kotlin": 0, "Go": 0}),
        ("any of the following: Java, Kotlin and Go", {"Java": 0, "Kotlin": 0, "Go": 0}),
        ("at least one of Go or Rust, and Docker", {"Go": 0, "Rust": 0, "Docker": None}),
        ("MySQL/PostgreSQL", {"MySQL": 0, "PostgreSQL": 0}),
        ("Python/Django", {"Python": None, "Django": None}),
        ("Go. Rust or Java", {"Go": None, "Rust": 0, "Java": 0}),
        ("Go or we use Rust", {"Go": None, "Rust": None}),
        ("Go; or Rust", {"Go": None, "Rust": None}),
        ("Redis or Docker; MySQL or PostgreSQL", {"Redis": 0, "Docker": 0, "MySQL": 1, "PostgreSQL": 1}),
    ],
)
def test_groups_follow_list_structure_and_cues(text, expected):
    assert groups_of(text) == expected


def test_cue_line_groups_the_bullets_under_it():
    text = "Experience with at least one of the following:\n- Java or Kotlin\n* Go\n1. Rust\n\nAlso Docker."
    assert groups_of(text) == {"Java": 0, "Kotlin": 0, "Go": 0, "Rust": 0, "Docker": None}


def test_bullets_without_a_cue_are_separate_requirements():
    text = "Requirements:\n- Java\n- Go\n- Rust"
    assert set(groups_of(text).values()) == {None}


def test_overlapping_mentions_share_the_group():
    text = "Java or Go"
    spans = [(0, 4), (0, 4), (8, 10)]
    assert alternative_groups(text, spans) == [0, 0, 0]


def test_categories_must_match_spans():
    with pytest.raises(ValueError, match="categories has 1 items, spans has 2"):
        alternative_groups("Go or Rust", [(0, 2), (6, 10)], ["languages"])


@given(
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True),
    st.lists(
        st.sampled_from([", ", " or ", " and ", "/", ". ", "; ", " with ", ", or "]), min_size=6, max_size=6
    ),
    st.sampled_from(["", "one of ", "Experience with ", "either "]),
    st.randoms(use_true_random=False),
)
def test_group_ids_are_well_formed_and_order_free(names, links, lead, rnd: random.Random):
    text = lead
    spans = []
    for k, name in enumerate(names):
        if k:
            text += links[k - 1]
        spans.append((len(text), len(text) + len(name)))
        text += name
    labels = alternative_groups(text, spans)
    ids = [g for g in labels if g is not None]
    # numbered 0.. in order of first mention, every group with at least two members
    firsts = list(dict.fromkeys(ids))
    assert firsts == list(range(len(firsts)))
    assert all(ids.count(g) >= 2 for g in firsts)
    # the order the spans are given in does not matter
    order = list(range(len(spans)))
    rnd.shuffle(order)
    shuffled = alternative_groups(text, [spans[i] for i in order])
    assert [shuffled[order.index(i)] for i in range(len(spans))] == labels


def test_extract_exposes_the_groups(mini_matcher):
    frame = mini_matcher.extract(["Requirements: one of Go, Rust or Java, and PostgreSQL.", "Java"])
    assert str(frame["alternatives"].dtype) == "Int64"
    first = frame[frame["doc_id"] == 0].set_index("skill_id")["alternatives"]
    assert first["go"] == first["rust"] == first["java"] == 0
    assert first.isna()["postgresql"]
    assert frame[frame["doc_id"] == 1]["alternatives"].isna().all()


def test_empty_extract_has_the_column(mini_matcher):
    frame = mini_matcher.extract([""])
    assert "alternatives" in frame.columns and str(frame["alternatives"].dtype) == "Int64"


# -- the scans that keep grouping linear give what a scan of the whole text gives ----
_PIECES = st.sampled_from(
    ["one", "of", "at", "least", "any", "either", "the", "following", "Go", "Rust", " ", "  ", "\n", ":", ".",
     ",", ";", "- ", "1. ", "ONE OF", "x", "\t"]
)  # fmt: skip


def _colon_cues_by_whole_scan(text: str) -> list[tuple[int, int]]:
    from skillmatch.alternatives import _CUE_RE

    out = []
    for cue in _CUE_RE.finditer(text):
        line_end = text.find("\n", cue.end())
        if line_end >= 0 and text[cue.end() : line_end].rstrip().endswith(":"):
            out.append((cue.end(), line_end))
    return out


@example("one\nof Go:\n")  # a cue across a line break
@example("Go: x\nany\n\nof the following:\n- Go\n")
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_colon_cues_are_those_of_a_whole_text_scan(text: str) -> None:
    from skillmatch.alternatives import _colon_cues

    assert list(_colon_cues(text)) == _colon_cues_by_whole_scan(text)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), min_size=1, max_size=12))
def test_overlapping_mentions_are_those_sharing_a_character_with_another(
    spans_at: list[tuple[int, int]],
) -> None:
    from skillmatch.alternatives import _overlapping

    spans = [(start, start + length) for start, length in spans_at]
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    expected = [
        i
        for i in order
        if any(j != i and spans[j][0] < spans[i][1] and spans[i][0] < spans[j][1] for j in range(len(spans)))
    ]
    assert _overlapping(spans, order) == expected
