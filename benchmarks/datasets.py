"""Loaders for the public evaluation data (never bundled; pass ``--data PATH``).

Expected layout under the data folder (see its README): ``skillspan/json/{train,dev}.json``,
``linkedin_backend_jobs_2025/backend_jobs_dedup.jsonl``, ``google_job_skills/job_skills.csv``,
``dice_tech_jobs_sample/dice_com-job_us_sample.csv``, ``resume_ner_ucsd_dsc180/resume_chunks_spans.jsonl``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_ESCAPED = re.compile(r"\\+([^\w\s])")


def require(path: Path, what: str) -> Path:
    if not path.exists():
        sys.exit(f"error: {what} not found at {path}; pass --data pointing at the shared data folder")
    return path


def clean_linkedin(text: str) -> str:
    """LinkedIn descriptions are Markdown with backslash-escaped punctuation."""
    return _ESCAPED.sub(r"\1", text).replace("**", "")


def linkedin_texts(data: Path, limit: int | None = None) -> list[str]:
    path = require(data / "linkedin_backend_jobs_2025" / "backend_jobs_dedup.jsonl", "LinkedIn corpus")
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            out.append(clean_linkedin(json.loads(line)["description"]))
            if limit and len(out) >= limit:
                break
    return out


def dice_texts(data: Path) -> list[str]:
    """The Dice.com postings' descriptions (2017, US technology jobs)."""
    path = require(data / "dice_tech_jobs_sample" / "dice_com-job_us_sample.csv", "Dice sample")
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["jobdescription"] or "" for row in csv.DictReader(fh)]


def google_postings(data: Path) -> list[dict[str, str]]:
    path = require(data / "google_job_skills" / "job_skills.csv", "Google job skills")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    for row in rows:
        row["text"] = "\n".join(
            row.get(k) or ""
            for k in ("Title", "Responsibilities", "Minimum Qualifications", "Preferred Qualifications")
        )
    return rows


@dataclass
class Posting:
    """A SkillSpan posting: sentences joined by newlines, gold spans as character ranges."""

    split: str
    idx: int
    text: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)  # char range of each sentence
    knowledge: list[tuple[int, int]] = field(default_factory=list)
    skill: list[tuple[int, int]] = field(default_factory=list)


def _bio_labelled(tags: list[str], starts: list[int], ends: list[int]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each span of BIO tags ("B", "I", "O", or with a type: "B-Skill"); an I tag
    of another type, or with no span open, starts a new span."""
    spans: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for tag, s, e in zip(tags, starts, ends, strict=True):
        label = tag[2:]
        if tag.startswith("B") or (tag.startswith("I") and (cur is None or cur[2] != label)):
            if cur:
                spans.append((cur[0], cur[1], cur[2]))
            cur = [s, e, label]
        elif tag.startswith("I") and cur is not None:
            cur[1] = e
        else:
            if cur:
                spans.append((cur[0], cur[1], cur[2]))
            cur = None
    if cur:
        spans.append((cur[0], cur[1], cur[2]))
    return spans


def _bio_spans(tags: list[str], starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _ in _bio_labelled(tags, starts, ends)]


def bio_sentences(path: Path, sep: str, tag_col: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start, end, label)]) per sentence of a token-per-line BIO file (blank line between
    sentences), tokens joined by single spaces."""
    sentences: list[tuple[str, list[tuple[int, int, str]]]] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            starts, ends, pos = [], [], 0
            for tok in tokens:
                starts.append(pos)
                ends.append(pos + len(tok))
                pos += len(tok) + 1
            sentences.append((" ".join(tokens), _bio_labelled(tags, starts, ends)))
        tokens.clear()
        tags.clear()

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split(sep)
            if not line.strip() or len(parts) <= tag_col:
                flush()
                continue
            tokens.append(parts[0].strip())
            tags.append(parts[tag_col].strip())
    flush()
    return sentences


Sentence = tuple[str, list[tuple[int, int, str]]]


def stackoverflow_sentences(data: Path, split: str = "dev") -> list[Sentence]:
    """StackOverflow NER sentences of prose (code blocks and question/answer headers left out)."""
    name = f"StackOverflow NER {split}"
    path = require(data / "stackoverflow_ner" / "StackOverflow" / f"{split}.txt", name)
    skip = ("CODE_BLOCK", "OUTPUT_BLOCK", "Question_", "Answer_")
    return [(t, s) for t, s in bio_sentences(path, "\t", 1) if t and not t.startswith(skip)]


def green_sentences(data: Path) -> list[Sentence]:
    """Green et al. 2022 job-ad test sentences with Skill, Qualification, Domain ... spans."""
    path = require(data / "green2022_jobner" / "testset.txt", "Green et al. job NER test set")
    return [(t, s) for t, s in bio_sentences(path, " ", 1) if t]


def resume_chunks(data: Path) -> list[dict[str, Any]]:
    """Résumé chunks: ``text`` and ``spans`` (``start``, ``end``, ``label``: SKILLS, DESIGNATION ...)."""
    path = require(data / "resume_ner_ucsd_dsc180" / "resume_chunks_spans.jsonl", "résumé NER chunks")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def skillspan(data: Path, splits: tuple[str, ...] = ("dev",), source: str = "tech") -> list[Posting]:
    postings: dict[tuple[str, int], Posting] = {}
    for split in splits:
        path = require(data / "skillspan" / "json" / f"{split}.json", f"SkillSpan {split}")
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row["source"] != source:
                    continue
                post = postings.setdefault((split, row["idx"]), Posting(split, row["idx"]))
                base = len(post.text) + (1 if post.text else 0)
                starts, ends, pos = [], [], base
                for tok in row["tokens"]:
                    starts.append(pos)
                    ends.append(pos + len(tok))
                    pos += len(tok) + 1
                sentence = " ".join(row["tokens"])
                post.text = f"{post.text}\n{sentence}" if post.text else sentence
                post.sentences.append((base, base + len(sentence)))
                post.knowledge += _bio_spans(row["tags_knowledge"], starts, ends)
                post.skill += _bio_spans(row["tags_skill"], starts, ends)
    return list(postings.values())
