"""Invariants that hold for any text: checked with hypothesis over hostile Unicode.

The default profile runs a short sample in the suite; ``python -m pytest tests/test_invariants.py
--hypothesis-profile long`` runs at least 10,000 examples per property (the figures in
``docs/reliability.md``).
"""

from __future__ import annotations

import itertools
import json
import random

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from skillmatch import SkillMatcher
from skillmatch.cli import cli
from skillmatch.component import SPAN_FIELDS

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


def _api_rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    cols = ["start", "end", "text", *SPAN_FIELDS]
    return [tuple(None if v is pd.NA else v for v in row) for row in frame[cols].itertuples(index=False)]


@given(texts)
def test_invariant_the_component_gives_the_api_rows(text):
    """``nlp.pipe`` spans, with every extension attribute, are the rows of ``extract``. A spaCy ``Doc``
    cannot hold a lone surrogate (its strings are UTF-8), so such texts are left to the other tests; a
    format character glued to a name's edge ("\\ufeffPython") belongs to the name's token in the Doc, so
    the span is wider than the evidence: texts with format characters are checked by the cases below."""
    assume(not any("\ud800" <= ch <= "\udfff" for ch in text))
    matcher = _matcher()
    expected = _api_rows(matcher.extract(text))
    (doc,) = matcher.nlp.pipe([text])
    got = [
        (s.start_char, s.end_char, s.text, *(getattr(s._, name) for name in SPAN_FIELDS))
        for s in doc.spans["skills"]
    ]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "Python \xad Go",
        "Py\xadthon and Java\u200bScript on Post\u00adgreSQL",
        "Requirements: Ku\u200bbernetes, Go and Rust. No P\u00adHP.",
        "\ufeffDjango, Ruby on Rails " + "=" * 600 + " and MySQL",
    ],
)
def test_invariant_the_component_and_the_api_agree_on_invisible_characters_and_long_runs(text):
    matcher = _matcher()
    (doc,) = matcher.nlp.pipe([text])
    got = [
        (s.start_char, s.end_char, *(getattr(s._, name) for name in SPAN_FIELDS)) for s in doc.spans["skills"]
    ]
    frame = matcher.extract(text)
    expected = [row[:2] + row[3:] for row in _api_rows(frame)]
    assert got == expected
    assert len(got) >= 2


def _generated_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = _SKILL_WORDS + _ORDINARY + _HOSTILE
    return [" ".join(rng.choice(words) for _ in range(rng.randint(0, 25))) for _ in range(n)]


def _write_jsonl(path, texts_: list[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, t in enumerate(texts_):
            fh.write(json.dumps({"id": f"d{i}", "text": t}) + "\n")  # lone surrogates escaped as \ud800


def test_invariant_the_cli_gives_the_api_rows(tmp_path):
    docs = _generated_texts(60, seed=13)
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_jsonl(source, docs)
    result = CliRunner().invoke(
        cli, ["extract", str(source), "-t", "text", "--id-column", "id", "-o", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh]
    got = [
        (r["doc_id"], r["start"], r["end"], r["text"], *(r[name] for name in SPAN_FIELDS))
        for r in lines
        if r["skill_id"]
    ]
    frame = _matcher().extract(pd.Series(docs, index=[f"d{i}" for i in range(len(docs))], dtype=object))
    expected = [(d, *row) for d, row in zip(frame["doc_id"], _api_rows(frame), strict=True)]
    assert len(got) == len(expected) > 50
    for g, e in zip(got, expected, strict=True):
        assert g[:4] == e[:4] and g[4:] == tuple(None if v is None else v for v in e[4:]), (g, e)
    # every document is in the output, those without a skill as one row with an empty skill_id
    assert {r["doc_id"] for r in lines} == {f"d{i}" for i in range(len(docs))}


def test_invariant_one_worker_and_two_give_the_same_bytes(tmp_path):
    source = tmp_path / "in.jsonl"
    _write_jsonl(source, _generated_texts(40, seed=16))
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.csv"
        args = ["extract", str(source), "-t", "text", "--id-column", "id", "-o", str(out), "-q"]
        result = CliRunner().invoke(cli, [*args, "--workers", workers, "--chunk-size", "7"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 40
