"""Cost of hostile text, and of one long document, per character, as ratios to ordinary postings.

    python benchmarks/hostile.py --data ../shared/data [--sizes 1000,10000,100000,1000000] [--repeat 3]

Hostile inputs: a posting followed by a run of punctuation (``=``), of digits, of one long word (letters
without a space) and of mixed punctuation and words without spaces, each of 1 KB to 1 MB. Each is timed
with :meth:`SkillMatcher.extract` (default options) against ordinary text of the same length: LinkedIn
postings joined into one document. The ratio is hostile seconds / ordinary seconds (target: at most 3).

It also reports the linear-cost figures: seconds per MB of one 1 MB document (postings joined) against the
same postings extracted one by one, and the per-document cost of tiny texts (``"Python"``) in microseconds,
with ``spacy.blank("en")`` tokenising the same tiny texts as the baseline. Times are CPU seconds of this
process, the median of ``--repeat`` rounds.
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

from datasets import linkedin_texts
from skillmatch import SkillMatcher


def median_cpu_seconds(run: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of ``repeat`` calls of ``run``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _postings(texts: list[str], size: int) -> list[str]:
    """The first postings that, joined with blank lines, reach ``size`` characters."""
    out, n = [], 0
    for t in texts:
        out.append(t)
        n += len(t) + 2
        if n >= size:
            break
    return out


def _ordinary(texts: list[str], size: int) -> str:
    return "\n\n".join(_postings(texts, size))[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    texts = linkedin_texts(args.data, 600)
    matcher = SkillMatcher(max_piece_length=2_000_000)
    matcher.nlp.max_length = 3_000_000
    matcher.extract(texts[:20])
    head = texts[0][:500] + "\n"

    def runs(size: int) -> dict[str, str]:
        n = max(size - len(head), 1)
        word = ("abcdefghij" * (n // 10 + 1))[:n]
        mixed = ("python=java;go/" * (n // 15 + 1))[:n]
        return {
            "punctuation '='": head + "=" * n,
            "digits": head + ("1234567890" * (n // 10 + 1))[:n],
            "one long word": head + word,
            "words and punctuation, no spaces": head + mixed,
        }

    print(f"hostile text, median of {args.repeat} rounds, ratio = seconds / seconds of ordinary text")
    print(f"{'input':<36}" + "".join(f"{s:>12,}" for s in sizes))
    table: dict[str, list[float]] = {}
    ordinary = {
        size: median_cpu_seconds(lambda s=size: matcher.extract(_ordinary(texts, s)), args.repeat)
        for size in sizes
    }
    for size in sizes:
        for name, text in runs(size).items():
            seconds = median_cpu_seconds(lambda t=text: matcher.extract(t), args.repeat)
            table.setdefault(name, []).append(seconds / max(ordinary[size], 1e-9))
    for name, ratios in table.items():
        print(f"{name:<36}" + "".join(f"{r:>12.2f}" for r in ratios))
    print(f"{'(ordinary text, seconds)':<36}" + "".join(f"{ordinary[s]:>12.3f}" for s in sizes))

    # linear cost: one 1 MB document against the same postings as separate documents (whole postings, so
    # both sides read the same sections, lists and document-wide evidence)
    parts = _postings(texts, 1_000_000)
    big = "\n\n".join(parts)
    one = median_cpu_seconds(lambda: matcher.extract(big), args.repeat)
    many = median_cpu_seconds(lambda: matcher.extract(parts), args.repeat)
    mb = len(big.encode("utf-8")) / 1e6
    print(
        f"\none document of {mb:.2f} MB: {one / mb:.2f} s/MB; the same as {len(parts)} postings: "
        f"{many / mb:.2f} s/MB; ratio {one / many:.2f}"
    )

    # per-document overhead on tiny texts
    tiny = ["Python"] * 20_000
    blank = spacy.blank("en")
    ours = median_cpu_seconds(lambda: matcher.extract(tiny), args.repeat) / len(tiny) * 1e6
    base = median_cpu_seconds(lambda: list(blank.pipe(tiny)), args.repeat) / len(tiny) * 1e6
    print(f"tiny texts: {ours:.1f} µs per document (spacy.blank tokenizer: {base:.1f} µs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
