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


def _bio_spans(tags: list[str], starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    spans = []
    cur: list[int] | None = None
    for tag, s, e in zip(tags, starts, ends, strict=True):
        if tag.startswith("B") or (tag.startswith("I") and cur is None):
            if cur:
                spans.append((cur[0], cur[1]))
            cur = [s, e]
        elif tag.startswith("I") and cur is not None:
            cur[1] = e
        else:
            if cur:
                spans.append((cur[0], cur[1]))
            cur = None
    if cur:
        spans.append((cur[0], cur[1]))
    return spans


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
