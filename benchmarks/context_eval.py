"""Requirement level and negation of skill mentions, against hand labels.

    python benchmarks/context_eval.py --data ../shared/data [--show-errors 20]

``benchmarks/context_labels.csv`` holds hand-labelled skill mentions in real postings: dataset, doc_id,
character offsets into the cleaned text (see ``document_text``), the surface (a check that the offsets still
point at the same word), the requirement level (required / preferred / unspecified) and whether the mention
is negated ("not required", "we don't use ..."; a negated mention is labelled ``unspecified``). The texts are
not in the repository (the data may not be redistributed); they are re-read from the data folder.

Texts, by dataset:

* ``linkedin``: ``linkedin_backend_jobs_2025/backend_jobs_dedup.jsonl``, the ``description`` of the row whose
  ``id`` is ``doc_id``, cleaned by ``clean_linkedin``: backslashes before punctuation removed, then ``**``;
* ``dice``: ``dice_tech_jobs_sample/dice_com-job_us_sample.csv``, ``jobdescription`` of the row whose first
  column is ``doc_id``, as is;
* ``skillspan``: ``skillspan/derived/postings_gold.jsonl``, ``doc_id`` is ``<idx>-<split>``; the
  ``sentences`` joined by ``"\\n"``.

Every labelled document is annotated once with all its labelled spans; the script prints precision, recall
and F1 for requirement=required, requirement=preferred and negated=True, and the accuracy of requirement.

``--years`` also extracts every LinkedIn and Dice posting and every résumé chunk (``resume_ner_ucsd_dsc180``)
and counts the mentions that carry years of experience, those with more than 15 years (copyright footers and
education ranges used to produce them) and the negated ones, and prints a few with more than 15 years and
their line; ``--years-dump FILE`` writes every mention with years or negated as CSV, to diff two versions.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from skillmatch.context import annotate

LABELS = Path(__file__).resolve().parent / "context_labels.csv"
_ESCAPED = re.compile(r"\\+([^\w\s])")


def clean_linkedin(text: str) -> str:
    """LinkedIn descriptions are Markdown with backslash-escaped punctuation: unescape, then drop ``**``."""
    return _ESCAPED.sub(r"\1", text).replace("**", "")


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        sys.exit(f"error: {what} not found at {path}; pass --data pointing at the shared data folder")
    return path


def document_text(data: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """The cleaned text of every wanted (dataset, doc_id)."""
    texts: dict[tuple[str, str], str] = {}
    if wanted.get("linkedin"):
        path = _need(data / "linkedin_backend_jobs_2025" / "backend_jobs_dedup.jsonl", "LinkedIn corpus")
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row["id"] in wanted["linkedin"]:
                    texts["linkedin", row["id"]] = clean_linkedin(row["description"])
    if wanted.get("dice"):
        path = _need(data / "dice_tech_jobs_sample" / "dice_com-job_us_sample.csv", "Dice sample")
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            for row in reader:
                if row[0] in wanted["dice"]:
                    texts["dice", row[0]] = row[1]
    if wanted.get("skillspan"):
        path = _need(data / "skillspan" / "derived" / "postings_gold.jsonl", "SkillSpan postings")
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                key = f"{row['idx']}-{row['split']}"
                if key in wanted["skillspan"]:
                    texts["skillspan", key] = "\n".join(row["sentences"])
    return texts


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print up to N disagreements")
    parser.add_argument("--years", action="store_true", help="also count years on postings and résumés")
    parser.add_argument("--years-dump", type=Path, help="with --years: write mentions with years or negated")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        sys.exit(
            f"error: data folder not found at {args.data}; pass --data pointing at the shared data folder"
        )

    with args.labels.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        wanted[row["dataset"]].add(row["doc_id"])
    texts = document_text(args.data, wanted)

    by_doc: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        key = (row["dataset"], row["doc_id"])
        if key not in texts:
            sys.exit(f"error: document {key} not found in the data folder")
        start, end = int(row["start"]), int(row["end"])
        if texts[key][start:end] != row["surface"]:
            sys.exit(
                f"error: {key} [{start}:{end}] is {texts[key][start:end]!r}, labelled {row['surface']!r}"
            )
        by_doc[key].append(row)

    pairs = []  # (gold requirement, predicted requirement, gold negated, predicted negated, row, text)
    for key, doc_rows in by_doc.items():
        spans = [(int(r["start"]), int(r["end"])) for r in doc_rows]
        for row, ctx in zip(doc_rows, annotate(texts[key], spans), strict=True):
            pairs.append(
                (row["requirement"], ctx.requirement, row["negated"] == "true", ctx.negated, row, texts[key])
            )

    print(f"{len(pairs)} labelled mentions in {len(by_doc)} postings ({args.labels.name})")
    print(f"{'class':<24}{'gold':>6}{'precision':>11}{'recall':>9}{'F1':>8}")
    for name, gold_of, pred_of in (
        ("requirement=required", lambda p: p[0] == "required", lambda p: p[1] == "required"),
        ("requirement=preferred", lambda p: p[0] == "preferred", lambda p: p[1] == "preferred"),
        ("negated=True", lambda p: p[2], lambda p: p[3]),
    ):
        tp = sum(1 for p in pairs if gold_of(p) and pred_of(p))
        fp = sum(1 for p in pairs if not gold_of(p) and pred_of(p))
        fn = sum(1 for p in pairs if gold_of(p) and not pred_of(p))
        pr, rc, f1 = prf(tp, fp, fn)
        print(f"{name:<24}{tp + fn:>6}{pr:>11.3f}{rc:>9.3f}{f1:>8.3f}")
    accuracy = sum(1 for p in pairs if p[0] == p[1]) / len(pairs)
    print(f"requirement accuracy (3 classes): {accuracy:.3f}")

    if args.show_errors:
        shown = 0
        for gold, pred, gneg, pneg, row, text in pairs:
            if (gold, gneg) == (pred, pneg) or shown >= args.show_errors:
                continue
            shown += 1
            s, e = int(row["start"]), int(row["end"])
            window = text[max(0, s - 90) : e + 60].replace("\n", " | ")
            gold_text = gold + (" NEG" if gneg else "")
            got_text = pred + (" NEG" if pneg else "")
            print(f"- {row['dataset']} {row['doc_id']} {row['surface']!r}: gold {gold_text}, got {got_text}")
            print(f"    ...{window}...")
    if args.years:
        years_report(args.data, dump=args.years_dump)
    return 0


def years_report(data: Path, show: int = 5, dump: Path | None = None) -> None:
    """Mentions with years on real postings and résumés: how many, how many above 15, and a few of those."""
    from datasets import dice_texts, linkedin_texts, resume_chunks
    from skillmatch import SkillMatcher

    matcher = SkillMatcher()
    corpora = {
        "linkedin postings": linkedin_texts(data),
        "dice postings": dice_texts(data),
        "résumé chunks": [r["text"] for r in resume_chunks(data)],
    }
    rows: list[tuple[str, int, int, str, float, bool]] = []
    for name, texts in corpora.items():
        found = matcher.extract(texts)
        has = found[found["years"].notna()]
        marked = found[found["years"].notna() | found["negated"]]
        rows.extend((name, r.doc_id, r.start, r.skill_id, r.years, r.negated) for r in marked.itertuples())
        big = has[has["years"] > 15]
        print(
            f"{name}: {len(texts)} texts, {len(found)} mentions; with years {len(has)} "
            f"in {has['doc_id'].nunique()} texts; years > 15: {len(big)} in {big['doc_id'].nunique()} texts; "
            f"negated {int(found['negated'].sum())}"
        )
        for row in big.drop_duplicates("doc_id").head(show).itertuples():
            text = texts[row.doc_id]
            a = text.rfind("\n", 0, row.start) + 1
            b = text.find("\n", row.end)
            line = text[a : b if b >= 0 else len(text)]
            line = line if len(line) <= 160 else "..." + text[max(0, row.start - 80) : row.end + 60] + "..."
            print(f"  {row.skill} {row.years}y: {line!r}")
    if dump is not None:
        with dump.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([("corpus", "doc_id", "start", "skill_id", "years", "negated"), *rows])


if __name__ == "__main__":
    raise SystemExit(main())
