"""Throughput of skill extraction as ratios to baselines measured in the same run.

    python benchmarks/speed.py --data ../shared/data [--limit 2871] [--repeat 3]

Baselines on the same LinkedIn back-end postings:
* ``spacy.blank("en")`` tokenising the texts (``nlp.pipe``);
* a plain spaCy ``PhraseMatcher(attr="LOWER")`` over every name and alias of the taxonomy, on the blank
  pipeline (no context, no ambiguity handling, no fuzzy matching).
Each variant runs ``--repeat`` times, interleaved, and the best time counts (the machine is noisy).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spacy
from spacy.matcher import PhraseMatcher

from datasets import linkedin_texts
from skillmatch import SkillMatcher, load_taxonomy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=None, help="number of postings (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = linkedin_texts(args.data, args.limit)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    taxonomy = load_taxonomy()

    blank = spacy.blank("en")
    phrase = PhraseMatcher(blank.vocab, attr="LOWER")
    for skill in taxonomy:
        phrase.add(skill.id, list(blank.tokenizer.pipe(skill.surface_forms)))
    full = SkillMatcher(taxonomy)
    no_context = SkillMatcher(taxonomy, context=False)

    def tokenize() -> None:
        for _ in blank.pipe(texts, batch_size=64):
            pass

    def phrase_matcher() -> None:
        for doc in blank.pipe(texts, batch_size=64):
            phrase(doc)

    variants = {
        "spacy.blank tokenizer": tokenize,
        "PhraseMatcher(LOWER) aliases": phrase_matcher,
        "skillmatch extract": lambda: full.extract(texts),
        "skillmatch extract, no context": lambda: no_context.extract(texts),
    }
    best = dict.fromkeys(variants, float("inf"))
    full.extract(texts[:20])  # warm caches and lazy tables
    for _ in range(args.repeat):
        for name, run in variants.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    base = best["spacy.blank tokenizer"]
    print(f"{len(texts)} LinkedIn postings, {mb:.1f} MB, best of {args.repeat}")
    print(f"{'variant':<34}{'seconds':>9}{'MB/s':>8}{'ratio to tokenizer':>20}")
    for name, seconds in best.items():
        print(f"{name:<34}{seconds:>9.2f}{mb / seconds:>8.2f}{base / seconds:>20.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
