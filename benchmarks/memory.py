"""Peak memory of extraction on the LinkedIn postings, as a ratio to a baseline measured in the same run.

    python benchmarks/memory.py --data ../shared/data [--limit 2871]

Each variant runs in a fresh Python process that reads the postings and then does one thing; the figure is
that process's peak resident set (``ru_maxrss``). The baseline process reads the same postings and tokenises
them with ``spacy.blank("en")``; the variants call ``SkillMatcher().extract`` (context on) and
``SkillMatcher(context=False).extract`` once on all of them and keep the frame.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

_CHILD = """
import json, resource, sys
sys.path.insert(0, {bench!r})
from pathlib import Path
from datasets import linkedin_texts
texts = linkedin_texts(Path({data!r}), {limit!r})
variant = {variant!r}
if variant == "tokenizer":
    import spacy
    nlp = spacy.blank("en")
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    rows = 0
else:
    from skillmatch import SkillMatcher
    frame = SkillMatcher(context=(variant == "extract")).extract(texts)
    rows = len(frame)
print(json.dumps({{"rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": rows}}))
"""

VARIANTS = {
    "tokenizer": 'spacy.blank("en") tokenizer',
    "extract": "SkillMatcher().extract",
    "no_context": "SkillMatcher(context=False).extract",
}


def measure(variant: str, data: Path, limit: int | None) -> dict[str, float]:
    code = _CHILD.format(
        bench=str(Path(__file__).resolve().parent), data=str(data.resolve()), limit=limit, variant=variant
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=None, help="number of postings (default: all)")
    args = parser.parse_args(argv)
    results = {name: measure(name, args.data, args.limit) for name in VARIANTS}
    base = results["tokenizer"]["rss_mib"]
    print(f"{'variant':40} {'peak RSS (MiB)':>15} {'ratio to tokenizer':>19} {'rows':>8}")
    for name, label in VARIANTS.items():
        r = results[name]
        print(f"{label:40} {r['rss_mib']:15.1f} {r['rss_mib'] / base:19.2f} {int(r['rows']):8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
