"""Fixed cost per document: :meth:`SkillMatcher.extract` on many one-sentence texts, in µs per document.

    python benchmarks/tiny_texts.py [--count 5000] [--repeat 5]

The texts are a handful of one-line job asks (written here, repeated ``--count`` times in all). Each round
times ``spacy.blank("en")`` tokenising the same texts, ``SkillMatcher().extract`` (context on) and
``SkillMatcher(context=False).extract`` back to back, in CPU seconds of this process; the table shows the
median of the rounds per document and the median ratio of the tokenizer's time to each variant's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spacy

from skillmatch import SkillMatcher
from speed import interleaved_rounds

_TEXTS = [
    "Python and SQL required.",
    "Looking for a Java developer.",
    "Experience with Go and Kubernetes is a plus.",
    "We sell shoes.",
    "5+ years of Postgres",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    texts = [_TEXTS[i % len(_TEXTS)] for i in range(args.count)]
    blank = spacy.blank("en")
    context, no_context = SkillMatcher(), SkillMatcher(context=False)

    def tokenize() -> None:
        for _ in blank.pipe(texts, batch_size=64):
            pass

    variants = {
        "spacy.blank tokenizer": tokenize,
        "skillmatch extract": lambda: context.extract(texts),
        "skillmatch extract, no context": lambda: no_context.extract(texts),
    }
    for run in variants.values():  # warm caches and lazy tables
        run()
    seconds, ratios = interleaved_rounds(variants, args.repeat, "spacy.blank tokenizer")
    print(f"{len(texts)} one-line texts, {args.repeat} rounds (CPU time)")
    print(f"{'variant':34} {'µs/doc':>8} {'ratio to tokenizer':>19}")
    for name in variants:
        per_doc = statistics.median(seconds[name]) / len(texts) * 1e6
        print(f"{name:34} {per_doc:>8.1f} {statistics.median(ratios[name]):>19.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
