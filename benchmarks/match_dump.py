"""Dump every match on the shared corpora, and diff two dumps: what a taxonomy or rule change adds, removes.

    python benchmarks/match_dump.py dump --data ../shared/data -o before.tsv
    ... change the taxonomy or the rules ...
    python benchmarks/match_dump.py dump --data ../shared/data -o after.tsv
    python benchmarks/match_dump.py diff before.tsv after.tsv [--examples 3]

A dump has one line per match: corpus, document number, start, end, skill id, category, matched text and
the words around it. The dumps hold text from the corpora: keep them outside the repository. The diff counts
the matches each skill gained and lost per corpus and prints a few of them in context, so that a new alias
that fires on ordinary words is seen before it ships.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import (
    dice_texts,
    google_postings,
    linkedin_texts,
    resume_chunks,
    skillspan,
    stackoverflow_sentences,
)
from skillmatch import SkillMatcher

CORPORA = ("skillspan", "google", "dice", "linkedin", "resumes", "stackoverflow")
FIELDS = ("corpus", "doc", "start", "end", "skill_id", "category", "text", "context")


def corpus_texts(data: Path, name: str) -> list[str]:
    if name == "skillspan":
        return [p.text for p in skillspan(data, ("train", "dev"))]
    if name == "google":
        return [r["text"] for r in google_postings(data)]
    if name == "dice":
        return dice_texts(data)
    if name == "linkedin":
        return linkedin_texts(data)
    if name == "resumes":
        return [c["text"] for c in resume_chunks(data)]
    if name == "stackoverflow":
        return [t for t, _ in stackoverflow_sentences(data, "dev")]
    raise SystemExit(f"error: unknown corpus {name!r}; valid: {', '.join(CORPORA)}")


def _around(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def dump(data: Path, corpora: list[str], out: Path) -> None:
    matcher = SkillMatcher()
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(FIELDS)
        for name in corpora:
            texts = corpus_texts(data, name)
            frame = matcher.extract(texts)
            frame = frame[~frame["negated"]]
            for doc, start, end, sid, cat in zip(
                frame["doc_id"],
                frame["start"],
                frame["end"],
                frame["skill_id"],
                frame["category"],
                strict=True,
            ):
                text = texts[doc]
                writer.writerow((name, doc, start, end, sid, cat, text[start:end], _around(text, start, end)))
            print(f"{name}: {len(texts)} texts, {len(frame)} matches", file=sys.stderr)


def _read(path: Path) -> dict[tuple[str, str, str, str, str], dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return {(r["corpus"], r["doc"], r["start"], r["end"], r["skill_id"]): r for r in rows}


def diff(before: Path, after: Path, examples: int) -> None:
    old, new = _read(before), _read(after)
    for label, keys, rows in (
        ("gained", new.keys() - old.keys(), new),
        ("lost", old.keys() - new.keys(), old),
    ):
        by_skill: dict[str, list[dict[str, str]]] = defaultdict(list)
        for key in sorted(keys):
            by_skill[key[4]].append(rows[key])
        print(f"\n## {label}: {len(keys)} matches, {len(by_skill)} skills")
        for sid, items in sorted(by_skill.items(), key=lambda kv: -len(kv[1])):
            per = Counter(r["corpus"] for r in items)
            print(f"{sid} ({len(items)}: {', '.join(f'{c} {n}' for c, n in per.most_common())})")
            step = max(1, len(items) // max(1, examples))
            for r in items[::step][:examples]:
                print(f"    {r['corpus']}#{r['doc']}: {r['context']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write every match on the corpora to a TSV file")
    d.add_argument("--data", type=Path, default=Path("../shared/data"))
    d.add_argument("--corpora", default=",".join(CORPORA), help=f"comma-separated: {', '.join(CORPORA)}")
    d.add_argument("-o", "--output", type=Path, required=True)
    f = sub.add_parser("diff", help="matches gained and lost between two dumps, by skill")
    f.add_argument("before", type=Path)
    f.add_argument("after", type=Path)
    f.add_argument("--examples", type=int, default=3, help="matches shown in context per skill")
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.data, args.corpora.split(","), args.output)
    else:
        diff(args.before, args.after, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
