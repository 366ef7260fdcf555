"""Matches on postings outside software: how many, and how many a reader calls the wrong sense.

    python benchmarks/nontech.py --data ../shared/data [--sample 20] [--seed 1] [--show]

A back-end detector should find few skills in a sales, care, lab or trade posting, and the ones it finds
should mean what they mean in software: "testing" of water samples, "monitoring" of patients or a
"database" of contacts are the wrong sense. Three sets of such text:

* ``google``: Google's postings outside engineering (Sales, Marketing, Finance, People Operations, Legal,
  Administrative, Real Estate, Business Strategy, Partnerships): title, responsibilities and qualifications;
* ``house``: SkillSpan's in-house postings (train and dev) that are not software jobs: those whose first
  300 characters name no software role (``SOFTWARE_JOB`` below; the postings it sets aside are printed);
* ``green``: the sentences of Green et al.'s UK job-ad test set (no posting boundaries: counted per
  sentence).

For each set the script prints the postings, the non-trait matches per posting (traits such as
"teamwork" are real in any job) and the postings with at least one. ``--sample N --seed S`` draws N
postings of each set (``random.Random(S).sample``) and, with ``--show``, prints every non-trait match of the
sample with the words around it, for reading.

Verdicts: ``benchmarks/nontech_labels.csv`` holds a reader's verdict on matches of the samples read so far
(corpus, document number, character offsets, skill id, ``wrong`` or ``right``; no text). The script
reports, per sample, the wrong-sense matches per ten postings among the labelled ones, and lists the matches
that have no verdict yet (marked ``?``), so a change of the rules or the taxonomy shows what it adds, and
the matches read as right that it no longer gives ("right ones lost", marked ``-``), so it shows what it
removes. A match read as right by an earlier version and no longer given counts as lost from then on.

``--held-out S`` adds a line per set for the texts that the given seeds from ``S`` on drew and no seed from 1
to ``S - 1`` drew (each text once): with verdicts written before any rule was changed for them, it is the rate
on text nobody had tuned on, beside the pooled rate of text that was read and tuned on.

A verdict holds for the verbatim copies of its text (some postings repeat a text under another number).
``--all`` adds a line per set that scores every document once, copies included: once every text of a set has
verdicts, it is the set's rate, not a sample's.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import NON_ENGINEERING
from datasets import google_postings, green_sentences, skillspan
from skillmatch import SkillMatcher

LABELS = Path(__file__).resolve().parent / "nontech_labels.csv"
# a SkillSpan house posting whose opening names one of these is a software job, not part of the set
SOFTWARE_JOB = re.compile(
    r"(?i)\b(?:software|programmer|devops|full[- ]?stack|machine\s+learning|"
    r"data\s+(?:engineer|scientist|office)|"
    r"(?:integration|web|app|mobile|front[- ]?end|back[- ]?end|embedded|cloud)\s+(?:developer|engineer)|"
    r"mobile\s+services)\b"
)


def corpora(data: Path) -> dict[str, list[str]]:
    google = [r["text"] for r in google_postings(data) if r["Category"] in NON_ENGINEERING]
    house = [p.text for p in skillspan(data, ("train", "dev"), "house")]
    kept = [t for t in house if not SOFTWARE_JOB.search(t[:300])]
    return {"google": google, "house": kept, "green": [t for t, _ in green_sentences(data)]}


def read_labels(path: Path) -> dict[tuple[str, int, int, int, str], str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            (r["corpus"], int(r["doc"]), int(r["start"]), int(r["end"]), r["skill_id"]): r["verdict"]
            for r in csv.DictReader(fh)
        }


def verdicts_by_text(
    labels: dict[tuple[str, int, int, int, str], str], name: str, texts: list[str]
) -> dict[tuple[str, int, int, str], str]:
    """The verdicts of set ``name`` keyed by the document's text instead of its number: a verdict on a
    text holds for its verbatim copies (some postings repeat a text under another number)."""
    out: dict[tuple[str, int, int, str], str] = {}
    for (corpus, doc, start, end, skill_id), verdict in labels.items():
        if corpus == name and doc < len(texts):
            out.setdefault((texts[doc], start, end, skill_id), verdict)
    return out


def sample(n: int, seed: int, size: int) -> list[int]:
    """The document numbers of sample ``seed``: ``size`` of ``n`` documents, sorted."""
    return sorted(random.Random(seed).sample(range(n), min(size, n)))


def held_out(texts: list[str], seeds: list[int], first: int, size: int) -> list[int]:
    """The documents of the samples ``seeds`` (those from ``first`` on) whose text no sample below ``first``
    (seeds 1 to ``first`` - 1) holds: text nobody had read when those samples were drawn. Each text once (its
    first document): some postings repeat a text."""
    earlier = {texts[d] for seed in range(1, first) for d in sample(len(texts), seed, size)}
    docs: dict[str, int] = {}
    for seed in sorted(s for s in seeds if s >= first):
        for d in sample(len(texts), seed, size):
            if texts[d] not in earlier:
                docs.setdefault(texts[d], d)
    return sorted(docs.values())


def _around(text: str, start: int, end: int) -> str:
    """The match in brackets with the words around it, on one line."""
    return " ".join(f"{text[max(0, start - 70) : start]}[{text[start:end]}]{text[end : end + 50]}".split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sample", type=int, default=20, help="postings drawn from each set (0: none)")
    parser.add_argument("--seed", type=int, action="append", help="sample seed (repeatable; default 1)")
    parser.add_argument("--show", action="store_true", help="print the sample's non-trait matches")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument(
        "--all",
        action="store_true",
        help="also score every document of each set (each posting, copies included)",
    )
    parser.add_argument(
        "--held-out",
        type=int,
        metavar="SEED",
        help="also pool the texts first drawn by the given seeds from SEED on (none by seeds 1 to SEED - 1)",
    )
    args = parser.parse_args(argv)
    matcher = SkillMatcher()
    labels = read_labels(args.labels)
    seeds = args.seed or [1]
    for name, texts in corpora(args.data).items():
        frame = matcher.extract(texts)
        frame = frame[~frame["negated"] & (frame["category"] != "traits")]
        unit = "sentences" if name == "green" else "postings"
        per_doc = frame.groupby("doc_id").size()
        print(
            f"## {name}: {len(texts)} {unit}, {len(frame)} non-trait matches "
            f"({len(frame) / max(1, len(texts)):.2f} per {unit[:-1]}), "
            f"{len(per_doc)} {unit} with one ({len(per_doc) / max(1, len(texts)):.3f})"
        )
        by_text = verdicts_by_text(labels, name, texts)

        def verdict(key: tuple[str, int, int, int, str], texts=texts, by_text=by_text) -> str | None:
            _, doc, start, end, skill_id = key
            return labels.get(key) or by_text.get((texts[doc], start, end, skill_id))

        def keys_of(docs, frame=frame, name=name) -> list[tuple[str, int, int, int, str]]:
            rows = frame[frame["doc_id"].isin(docs)]
            return [(name, int(r.doc_id), int(r.start), int(r.end), r.skill_id) for r in rows.itertuples()]

        if args.all:
            keys = keys_of(range(len(texts)))
            wrong = sum(verdict(k) == "wrong" for k in keys)
            print(
                f"  every {unit[:-1]}: {len(texts)} {unit}, wrong sense {wrong} "
                f"({10 * wrong / max(1, len(texts)):.2f} per 10 {unit}), "
                f"no verdict {sum(verdict(k) is None for k in keys)}"
            )
        if not args.sample:
            continue
        pooled: set[int] = set()
        for seed in seeds:
            docs = sample(len(texts), seed, args.sample)
            pooled.update(docs)
            rows = frame[frame["doc_id"].isin(docs)].sort_values(["doc_id", "start"])
            verdicts = [
                verdict((name, int(r.doc_id), int(r.start), int(r.end), r.skill_id))
                for r in rows.itertuples()
            ]
            wrong = sum(v == "wrong" for v in verdicts)
            unread = sum(v is None for v in verdicts)
            found = {(name, int(r.doc_id), int(r.start), int(r.end), r.skill_id) for r in rows.itertuples()}
            in_sample = set(docs)
            # matches read as right on this sample that the rules no longer give
            lost = sorted(
                key
                for key, v in labels.items()
                if key[0] == name and key[1] in in_sample and key not in found and v == "right"
            )
            print(
                f"  sample seed {seed}: {len(docs)} {unit}, {len(rows)} non-trait matches, "
                f"wrong sense {wrong} ({10 * wrong / max(1, len(docs)):.2f} per 10 {unit}), "
                f"right {len(rows) - wrong - unread}, no verdict {unread}, right ones lost {len(lost)}"
            )
            if args.show:
                for r, v in zip(rows.itertuples(), verdicts, strict=True):
                    mark = {"wrong": "x", "right": " ", None: "?"}.get(v, "?")
                    where = f"{name},{r.doc_id},{r.start},{r.end},{r.skill_id}"
                    print(f"    {mark} {where}  ...{_around(texts[r.doc_id], r.start, r.end)}...")
                for corpus, doc, start, end, skill_id in lost:
                    where = f"{corpus},{doc},{start},{end},{skill_id}"
                    print(f"    - {where}  ...{_around(texts[doc], start, end)}...")
        if len(seeds) > 1:
            # the samples overlap: each posting once, and each text once (some postings repeat a text)
            keys = keys_of(pooled)
            wrong_keys = [k for k in keys if verdict(k) == "wrong"]
            distinct = {texts[d] for d in pooled}
            wrong_texts = {(texts[k[1]], k[2], k[3], k[4]) for k in wrong_keys}
            print(
                f"  all {len(seeds)} samples: {len(pooled)} {unit}, wrong sense {len(wrong_keys)} "
                f"({10 * len(wrong_keys) / max(1, len(pooled)):.2f} per 10 {unit}); "
                f"{len(distinct)} distinct texts, wrong sense {len(wrong_texts)} "
                f"({10 * len(wrong_texts) / max(1, len(distinct)):.2f} per 10), "
                f"no verdict {sum(verdict(k) is None for k in keys)}"
            )
        if args.held_out is not None:
            docs = held_out(texts, seeds, args.held_out, args.sample)
            keys = keys_of(docs)
            wrong = sum(verdict(k) == "wrong" for k in keys)
            print(
                f"  held out (texts first drawn at seed {args.held_out} or later): {len(docs)} texts, "
                f"{len(keys)} non-trait matches, wrong sense {wrong} ({10 * wrong / max(1, len(docs)):.2f} "
                f"per 10), no verdict {sum(verdict(k) is None for k in keys)}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
