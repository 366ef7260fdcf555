"""Throughput of skill extraction as ratios to baselines measured in the same run.

    python benchmarks/speed.py --data ../shared/data [--limit 2871] [--repeat 3]

Baselines on the same LinkedIn back-end postings:
* ``spacy.blank("en")`` tokenising the texts (``nlp.pipe``);
* a plain spaCy ``PhraseMatcher(attr="LOWER")`` over every name and alias of the taxonomy, on the blank
  pipeline (no context, no ambiguity handling, no fuzzy matching).

Variants: ``SkillMatcher().extract`` (context on), ``SkillMatcher(context=False).extract``, and the spaCy
component through ``nlp.pipe`` (spans with every field of the DataFrame, context on).
Each variant runs ``--repeat`` times, interleaved: every round times the tokenizer and each variant back to
back, in CPU seconds of this process, and the ratio of the round is taken. The table shows the best time of
each variant and the median of its per-round ratios (the machine is noisy; a round's ratio compares runs made
seconds apart).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spacy
from spacy.matcher import PhraseMatcher

from datasets import linkedin_texts
from skillmatch import SkillMatcher, load_taxonomy


def interleaved_rounds(
    variants: dict[str, Callable[[], object]], repeat: int, baseline: str
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """CPU seconds of each variant per round, and per round the ratio of ``baseline``'s time to its time.

    Every round runs each variant once, back to back, so a round's ratio compares runs made seconds apart on
    a noisy machine.
    """
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    ratios: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        times = {}
        for name, run in variants.items():
            start = time.process_time()
            run()
            times[name] = time.process_time() - start
            seconds[name].append(times[name])
        for name, taken in times.items():
            ratios[name].append(times[baseline] / taken)
    return seconds, ratios


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

    def component() -> None:  # the spaCy component: spans with the same fields as the DataFrame
        for _ in full.nlp.pipe(texts, batch_size=64):
            pass

    variants = {
        "spacy.blank tokenizer": tokenize,
        "PhraseMatcher(LOWER) aliases": phrase_matcher,
        "skillmatch extract": lambda: full.extract(texts),
        "skillmatch extract, no context": lambda: no_context.extract(texts),
        "skillmatch component, nlp.pipe": component,
    }
    full.extract(texts[:20])  # warm caches and lazy tables
    rounds, ratios = interleaved_rounds(variants, args.repeat, "spacy.blank tokenizer")
    best = {name: min(times) for name, times in rounds.items()}
    print(f"{len(texts)} LinkedIn postings, {mb:.1f} MB, {args.repeat} rounds (CPU seconds)")
    print(f"{'variant':<34}{'best s':>8}{'MB/s':>8}{'median ratio to tokenizer':>27}{'range':>14}")
    for name, seconds in best.items():
        r = sorted(ratios[name])
        print(
            f"{name:<34}{seconds:>8.2f}{mb / seconds:>8.2f}{statistics.median(r):>27.2f}"
            f"{f'{r[0]:.2f}-{r[-1]:.2f}':>14}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
