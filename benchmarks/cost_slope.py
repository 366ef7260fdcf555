"""Cost of extraction against text length: ordinary postings joined into one document of 1 KB to 10 MB.

    python benchmarks/cost_slope.py --data ../shared/data [--sizes 1000,10000,100000,1000000,10000000]
        [--repeat 3]

Each document is LinkedIn postings joined with blank lines (repeated when the corpus is shorter than the
size), extracted with :meth:`SkillMatcher.extract` (default options, one document). The slope is the
least-squares fit of log(seconds) on log(length) over the sizes of at least 10 KB (below that the fixed
per-call cost dominates): 1.0 is linear, 2.0 quadratic. ``spacy.blank("en")`` tokenising the same
documents is timed as the baseline, and the ratio ours / baseline is printed per size. Times are CPU seconds
of this process, the median of ``--repeat`` rounds (one round for sizes over 1 MB).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spacy

from datasets import linkedin_texts
from hostile import median_cpu_seconds
from skillmatch import SkillMatcher


def _document(texts: list[str], size: int) -> str:
    out, n = [], 0
    while n < size:
        for t in texts:
            out.append(t)
            n += len(t) + 2
            if n >= size:
                break
    return "\n\n".join(out)[:size]


def slope(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) on log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sizes", default="1000,10000,100000,1000000,10000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    texts = linkedin_texts(args.data, 600)
    matcher = SkillMatcher(max_piece_length=20_000_000)
    matcher.nlp.max_length = 30_000_000
    blank = spacy.blank("en")
    blank.max_length = 30_000_000
    matcher.extract(texts[:20])
    print(f"{'size':>12} {'seconds':>10} {'µs/char':>9} {'tokenizer s':>12} {'ratio':>7}")
    ours, base = [], []
    for size in sizes:
        doc = _document(texts, size)
        rounds = args.repeat if size <= 1_000_000 else 1
        t = median_cpu_seconds(lambda d=doc: matcher.extract(d), rounds)
        b = median_cpu_seconds(lambda d=doc: blank(d), rounds)
        ours.append(t)
        base.append(b)
        print(f"{size:>12,} {t:>10.3f} {t / size * 1e6:>9.2f} {b:>12.3f} {t / max(b, 1e-9):>7.2f}")
    fit = [k for k, s in enumerate(sizes) if s >= 10_000] or list(range(len(sizes)))
    fitted = slope([sizes[k] for k in fit], [ours[k] for k in fit])
    print(f"slope of log(seconds) on log(length), sizes >= 10 KB: {fitted:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
