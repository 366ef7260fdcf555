"""Invariants that hold for any text: checked with hypothesis over hostile Unicode.

The default profile runs a short sample in the suite; ``python -m pytest tests/test_invariants.py
--hypothesis-profile long`` runs at least 10,000 examples per property (the figures in
``docs/reliability.md``).
"""

from __future__ import annotations

import itertools

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from skillmatch import SkillMatcher

# Pieces a real text is made of, plus the characters that break naive text handling.
_SKILL_WORDS = [
    "Python",
    "python3",
    "Java",
    "JavaScript",
    "Go",
    "Rust",
    "C++",
    "C#",
    ".NET",
    "Node.js",
    "PostgreSQL",
    "Postgres",
    "Kubernetes",
    "Spring Boot",
    "REST APIs",
    "Docker",
    "AWS",
    "R",
    "SQL",
    "Ruby on Rails",
    "React",
]
_ORDINARY = ["and", "or", "with", "5+ years of", "experience", "no", "not", "Requirements:", "Nice to have:"]
_HOSTILE = [
    "\ud800",  # a lone surrogate, as left by a lossy decode
    "\udfff",
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u200d",
    "\ufeff",
    "\u202e",  # right-to-left override
    "\u0301",  # combining acute accent
    "\x00",
    "\x1b",
    "\r",
    "\r\n",
    "\t",
    "é",
    "日本語",
    "مرحبا",
    "🙂",
    "👩‍💻",
    "=" * 50,
    "1" * 40,
    "x" * 200,
    "<script>alert(1)</script>",
    "**bold**",
    "- ",
    "\n\n",
    "(",
    ")",
    "/",
    ",",
    ".",
]

pieces = st.one_of(
    st.sampled_from(_SKILL_WORDS),
    st.sampled_from(_ORDINARY),
    st.sampled_from(_HOSTILE),
    st.text(max_size=12),
    st.characters(codec=None),
)
texts = st.lists(pieces, max_size=30).map(" ".join)


_MATCHER: SkillMatcher | None = None


def _matcher() -> SkillMatcher:
    global _MATCHER
    if _MATCHER is None:
        _MATCHER = SkillMatcher()
    return _MATCHER


def _rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    cols = [c for c in frame.columns if c != "doc_id"]
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame[cols].itertuples(index=False)]


@given(texts)
def test_any_text_gives_exact_evidence_and_no_overlap(text):
    frame = _matcher().extract(text)
    for row in frame.itertuples(index=False):
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start : row.end] == row.text
    for _, group in frame.groupby("skill_id"):
        spans = sorted(zip(group["start"], group["end"], strict=True))
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, spans


@given(texts)
def test_deterministic_and_alone_equals_in_batch(text):
    matcher = _matcher()
    alone = _rows(matcher.extract(text))
    again = _rows(matcher.extract(text))
    assert alone == again
    batch = matcher.extract(
        pd.Series(["Python and Kubernetes", text, "no text here"], index=[0, 1, 2], dtype=object)
    )
    assert _rows(batch[batch["doc_id"] == 1]) == alone


@given(texts, st.sampled_from(["We use PostgreSQL.", "Experience with Kubernetes.", "Python and Django."]))
def test_adding_a_sentence_with_a_skill_never_lowers_coverage(text, sentence):
    matcher = _matcher()
    before = matcher.coverage([text])
    after = matcher.coverage([text + "\n\n" + sentence])
    assert after.loc[0, "coverage"] >= before.loc[0, "coverage"]
    assert after.loc[0, "n_skills"] >= before.loc[0, "n_skills"]
