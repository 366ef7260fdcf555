"""Technologies the shared corpora name several times that the taxonomy does not know.

    python benchmarks/vocabulary.py --data ../shared/data [--min 3] [--top 200]

Sources, each counted separately:
* ``so``: StackOverflow NER train (Tabassum et al. 2020), spans labelled Language, Library, Application and
  Operating_System, counted by occurrence;
* ``skillspan``: SkillSpan train Knowledge spans of the tech postings, counted by occurrence;
* ``linkedin`` and ``dice``: the LinkedIn back-end postings and the Dice tech postings, counted by posting:
  words shaped like technology names (mixed case such as ``GitLab``, dotted or with ``+``/``#``/digits such
  as ``Vue.js``, ``C++``, ``EC2``, upper-case abbreviations) and pairs of capitalised words.

A candidate is *known* when its case- and space-insensitive form, or the form with dots, spaces and hyphens
removed ("Node.JS", "Mongo db"), is the name or an alias of a skill. The script prints the unknown candidates
named at least ``--min`` times in some source, with the count in every source, most frequent first. It
lists candidates; which of them are technologies a back-end developer is asked for is a reader's decision
(docs/taxonomy.md records what was added and what was left out).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import dice_texts, linkedin_texts, skillspan, stackoverflow_sentences
from skillmatch import load_taxonomy

SO_TECH = {"Language", "Library", "Application", "Operating_System"}
SOURCES = ("so", "skillspan", "linkedin", "dice")
# a word shaped like a technology name: inner capital (GitLab), inner dot/plus/hash (Vue.js, C++, C#),
# letters with digits (EC2, S3, Python3), or an upper-case abbreviation of 2-6 letters (AWS, GCP)
_TECHY = re.compile(
    r"(?<![\w.+#-])(?:[A-Za-z][a-z]+[A-Z][A-Za-z]*|[A-Za-z][\w]*(?:[.][A-Za-z]+)+|[A-Za-z][\w]*[+#]+"
    r"|[A-Za-z]+\d+[A-Za-z\d]*|[A-Z]{2,6})(?![\w+#])"
)
_PAIR = re.compile(r"(?<![\w.])([A-Z][a-z]+|[A-Z]{2,5}) ([A-Z][A-Za-z]+|[A-Z]{2,5})(?![\w])")


def vendors() -> set[str]:
    """First words shared by several multi-word skill names ("Azure", "Apache", "Google" ...): a pair of
    capitalised words in a posting is a candidate only when it starts with one of them."""
    firsts = Counter(s.name.split()[0] for s in load_taxonomy() if " " in s.name)
    return {w for w, n in firsts.items() if n >= 2 and w[:1].isupper()}


def squash(text: str) -> str:
    """The form compared against the taxonomy with dots, spaces and hyphens removed."""
    return re.sub(r"[\s.\-_]+", "", text.casefold())


def known_forms() -> tuple[set[str], set[str]]:
    tax = load_taxonomy()
    keys = {" ".join(f.casefold().split()) for s in tax for f in s.surface_forms}
    return keys, {squash(k) for k in keys}


def stackoverflow_counts(data: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text, spans in stackoverflow_sentences(data, "train"):
        for s, e, label in spans:
            if label in SO_TECH:
                counts[text[s:e]] += 1
    return counts


def skillspan_counts(data: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for post in skillspan(data, ("train",)):
        for s, e in post.knowledge:
            counts[post.text[s:e]] += 1
    return counts


def posting_counts(texts: list[str], extra: set[str]) -> Counter[str]:
    """Postings naming each technology-shaped word, vendor-led pair, or one of ``extra`` (the candidates
    of the annotated sources, looked up case-insensitively)."""
    firsts = vendors()
    lookup = re.compile(
        r"(?<![\w.+#-])("
        + "|".join(re.escape(e) for e in sorted(extra, key=len, reverse=True))
        + r")(?![\w+#])",
        re.IGNORECASE,
    )
    counts: Counter[str] = Counter()
    for text in texts:
        seen = {m.group(0) for m in _TECHY.finditer(text)}
        seen |= {m.group(0) for m in _PAIR.finditer(text) if m.group(1) in firsts}
        seen |= {m.group(0).casefold() for m in lookup.finditer(text)} if extra else set()
        counts.update(seen)
    return counts


def candidates(data: Path) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Unknown candidates: key -> count per source, and key -> the spellings seen."""
    keys, squashed = known_forms()
    raw = {"so": stackoverflow_counts(data), "skillspan": skillspan_counts(data)}
    extra = {form for counts in raw.values() for form, n in counts.items() if n >= 3}
    raw["linkedin"] = posting_counts(linkedin_texts(data), extra)
    raw["dice"] = posting_counts(dice_texts(data), extra)
    out: dict[str, Counter[str]] = {}
    spellings: dict[str, Counter[str]] = {}
    for source, counts in raw.items():
        for form, n in counts.items():
            key = " ".join(form.casefold().split())
            if not key or key in keys or squash(key) in squashed:
                continue
            out.setdefault(key, Counter())[source] += n
            spellings.setdefault(key, Counter())[form] += n
    return out, spellings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--min", type=int, default=3, help="times (postings) named in at least one source")
    parser.add_argument("--top", type=int, default=300, help="candidates printed per source")
    parser.add_argument("--sources", default=",".join(SOURCES), help=f"comma-separated: {', '.join(SOURCES)}")
    args = parser.parse_args(argv)
    found, spellings = candidates(args.data)
    for source in args.sources.split(","):
        rows = [(k, c) for k, c in found.items() if c[source] >= args.min]
        rows.sort(key=lambda kc: (-kc[1][source], kc[0]))
        print(f"\n## {source}: {len(rows)} unknown candidates named at least {args.min} times")
        print(f"{'candidate':32}" + "".join(f"{s:>10}" for s in SOURCES))
        for key, counts in rows[: args.top]:
            shown = spellings[key].most_common(1)[0][0]
            print(f"{shown[:31]:32}" + "".join(f"{counts[s]:>10}" for s in SOURCES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
