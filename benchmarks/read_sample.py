"""How often a match in real back-end postings is right, as a reader judges it.

    python benchmarks/read_sample.py --data ../shared/data [--corpus dice] [--show --size 100 --seed 1]

SkillSpan's gold leaves about a fifth of the technology words of its annotated sentences untagged (see
``accuracy.py``'s gap lines), so its precision is a lower bound of what a reader would call right. This script
draws a random sample of the non-negated matches of real postings (LinkedIn back-end postings of 2025, Dice
tech postings of 2017; ``random.Random(seed).sample`` over the corpus's matches in document order) and scores
it against a reader's verdicts in ``benchmarks/read_sample_labels.csv`` (corpus, document number, character
offsets, skill id, verdict; no text):

* ``right``: the skill in its software sense, asked for or named as part of the job;
* ``other``: the skill's sense, but not an ask: the employer's own product, customers or name, a colleague's
  role, a benefit;
* ``wrong``: another sense of the words, or not the skill at all.

The labelled matches are the sample: the script prints, per corpus, the sense precision ((right + other) /
read) and the ask precision (right / read) of those the matcher still gives, each with a 95 % Wilson interval,
and the verdicts of those it no longer gives, so a change of the rules or the taxonomy shows what it removes
from the sample (what it adds is in ``compare_outputs.py``'s diff). ``--show`` draws ``--size`` matches of the
current output with ``--seed`` and prints them with the words around it (``?``: no verdict yet), for reading.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_outputs import _dice
from datasets import linkedin_texts
from nontech import _around
from nontech import read_labels as read_verdicts
from skillmatch import SkillMatcher

LABELS = Path(__file__).resolve().parent / "read_sample_labels.csv"
VERDICTS = ("right", "other", "wrong")
Key = tuple[str, int, int, int, str]


def corpora(data: Path, names: list[str]) -> dict[str, list[str]]:
    loaders = {"linkedin": linkedin_texts, "dice": _dice}
    return {name: loaders[name](data) for name in names}


def read_labels(path: Path) -> dict[Key, str]:
    """The verdicts of ``path`` (the format of ``nontech.py``'s), each one of ``VERDICTS``."""
    labels = read_verdicts(path)
    for verdict in labels.values():
        if verdict not in VERDICTS:
            raise ValueError(f"{path}: verdict {verdict!r}; valid: {', '.join(VERDICTS)}")
    return labels


def draw(keys: list[Key], size: int, seed: int) -> list[Key]:
    """``size`` of ``keys`` (all of them if fewer), in document order."""
    ordered = sorted(keys)
    return sorted(random.Random(seed).sample(ordered, min(size, len(ordered))))


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of a proportion ``hits / n``."""
    if n == 0:
        return (0.0, 1.0)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--corpus", action="append", choices=["linkedin", "dice"], help="default: both")
    parser.add_argument("--size", type=int, default=100, help="matches drawn from each corpus by --show")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print every sampled match")
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args(argv)
    labels = read_labels(args.labels)
    matcher = SkillMatcher()
    for name, texts in corpora(args.data, args.corpus or ["linkedin", "dice"]).items():
        frame = matcher.extract(texts)
        frame = frame[~frame["negated"]]
        keys = [(name, int(r.doc_id), int(r.start), int(r.end), r.skill_id) for r in frame.itertuples()]
        present = set(keys)
        labelled = {k: v for k, v in labels.items() if k[0] == name}
        read = [v for k, v in labelled.items() if k in present]
        gone = [v for k, v in labelled.items() if k not in present]
        right, other = read.count("right"), read.count("other")
        print(
            f"## {name}: {len(texts)} postings, {len(keys)} matches; labelled sample {len(labelled)}: "
            f"still found {len(read)} (right {right}, other {other}, wrong {read.count('wrong')}); "
            f"no longer found {len(gone)} (right {gone.count('right')}, other {gone.count('other')}, "
            f"wrong {gone.count('wrong')})"
        )
        if read:
            low, high = wilson(right + other, len(read))
            print(f"  sense precision {(right + other) / len(read):.3f} ({low:.3f}-{high:.3f})")
            low, high = wilson(right, len(read))
            print(f"  ask precision   {right / len(read):.3f} ({low:.3f}-{high:.3f})")
        if args.show:
            for key in draw(keys, args.size, args.seed):
                verdict = labels.get(key)
                mark = {"right": " ", "other": "o", "wrong": "x"}.get(verdict or "", "?")
                _, doc, start, end, skill_id = key
                print(
                    f"  {mark} {name},{doc},{start},{end},{skill_id}  ...{_around(texts[doc], start, end)}..."
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
