"""What each rule of the rules file is worth, on every annotated split: switch one rule off at a time.

    python benchmarks/ablation.py --data ../shared/data [--key needs_evidence --key person_nouns]

Each word list of the rules file (``rules.yaml`` beside the taxonomy) is the input of one rule: "the words
after which a name is a team's", "the skills that need software evidence". Replacing a list by a word that
never occurs switches its rule off and leaves the others as they are. For the bundled rules and then for each
list switched off, the script prints:

* SkillSpan tech: precision in annotated sentences on dev, precision in posting bodies on train (with the true
  and false matches), and Knowledge recall on both (the definitions of ``accuracy.py``);
* StackOverflow NER: technology precision and Language recall on dev and train (those of ``other_sets.py``);
* postings outside software: the wrong-sense matches among the labelled samples of ``nontech.py`` (seeds 1 to
  30 of the Google and SkillSpan house sets) and the right-sense ones the variant no longer finds.

A rule earns its place when switching it off costs on both splits of a set; one whose removal helps one split
and hurts the other is marked ``splits disagree``: it fits what it was read on, not text in general. Word
lists only: numbers (``evidence_mentions``) and lists of entries (``headings``, ``date_kinds``) are left as
they are, and named in the output.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import skillspan_scores
from datasets import stackoverflow_sentences
from nontech import LABELS, corpora, read_labels, sample
from other_sets import stackoverflow_figures
from skillmatch import SkillMatcher

BUNDLED = Path(__file__).resolve().parents[1] / "taxonomies" / "backend"
NEVER = "zz-no-such-word-zz"  # a word no text holds: the rule reading the list never fires
SEEDS = range(1, 31)


def _skillspan(matcher: SkillMatcher, data: Path, split: str) -> tuple[str, str, float]:
    """True / false matches in annotated sentences and in posting bodies, and Knowledge recall."""
    scores = skillspan_scores(matcher, data, (split,), show=0)
    body = str(scores.get("true / false matches, body sentences", "0 / 0"))
    return str(scores["true / false matches, annotated sentences"]), body, float(scores["knowledge_recall"])


def _stackoverflow(matcher: SkillMatcher, data: Path, split: str) -> tuple[float, float]:
    """(technology precision, Language recall)."""
    sents = stackoverflow_sentences(data, split)
    frame = matcher.extract([t for t, _ in sents])
    figures = stackoverflow_figures(frame[~frame["negated"]], sents)
    return figures.tp / max(1, figures.tp + figures.fp), figures.hit / max(1, len(figures.languages))


def _nontech(matcher: SkillMatcher, texts: dict[str, list[str]], labels: dict[Any, str]) -> tuple[int, int]:
    """(wrong-sense matches, right-sense matches no longer found) over the labelled samples."""
    wrong = lost = 0
    for name in ("google", "house"):
        docs = {d for seed in SEEDS for d in sample(len(texts[name]), seed, 20)}
        frame = matcher.extract(texts[name])
        frame = frame[~frame["negated"] & (frame["category"] != "traits")]
        found = {
            (name, int(d), int(s), int(e), k)
            for d, s, e, k in zip(
                frame["doc_id"], frame["start"], frame["end"], frame["skill_id"], strict=True
            )
            if int(d) in docs
        }
        wrong += sum(labels.get(key) == "wrong" for key in found)
        lost += sum(
            1
            for key, verdict in labels.items()
            if key[0] == name and key[1] in docs and verdict == "right" and key not in found
        )
    return wrong, lost


def _precision(counts: str) -> float:
    true, false = (int(x) for x in counts.split("/"))
    return true / max(1, true + false)


def measure(matcher: SkillMatcher, data: Path, texts: dict[str, list[str]], labels: dict[Any, str]) -> dict:
    dev, _, dev_recall = _skillspan(matcher, data, "dev")
    _, train, train_recall = _skillspan(matcher, data, "train")
    so_dev = _stackoverflow(matcher, data, "dev")
    so_train = _stackoverflow(matcher, data, "train")
    wrong, lost = _nontech(matcher, texts, labels)
    return {
        "dev P": _precision(dev),
        "dev t/f": dev.replace(" ", ""),
        "train body P": _precision(train),
        "train t/f": train.replace(" ", ""),
        "dev R": dev_recall,
        "train R": train_recall,
        "SO dev P": so_dev[0],
        "SO dev R": so_dev[1],
        "SO train P": so_train[0],
        "SO train R": so_train[1],
        "wrong": wrong,
        "lost": lost,
    }


def word_lists(rules: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(keys holding word lists, keys left as they are)."""
    lists = [k for k, v in rules.items() if isinstance(v, list) and v and all(isinstance(x, str) for x in v)]
    return lists, [k for k in rules if k not in lists and k != "version"]


def _disagree(base: dict, row: dict) -> bool:
    """Switching the rule off helps one split of a set and hurts the other (by more than rounding)."""
    pairs = (
        ("dev P", "train body P"),
        ("SO dev P", "SO train P"),
        ("dev R", "train R"),
        ("SO dev R", "SO train R"),
    )
    for a, b in pairs:
        da, db = row[a] - base[a], row[b] - base[b]
        if (da > 0.0005 and db < -0.0005) or (da < -0.0005 and db > 0.0005):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--taxonomy", type=Path, default=BUNDLED, help="a taxonomy folder with its rules.yaml"
    )
    parser.add_argument("--key", action="append", help="only these rules keys (repeatable)")
    args = parser.parse_args(argv)
    rules_path = args.taxonomy / "rules.yaml"
    with rules_path.open(encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    keys, skipped = word_lists(rules)
    if args.key:
        unknown = sorted(set(args.key) - set(keys))
        if unknown:
            parser.error(
                f"not a word list of {rules_path}: {', '.join(unknown)}; word lists: {', '.join(keys)}"
            )
        keys = [k for k in keys if k in args.key]
    texts = corpora(args.data)
    labels = read_labels(LABELS)
    base = measure(SkillMatcher(taxonomy=args.taxonomy), args.data, texts, labels)
    columns = list(base)
    print("| rule switched off | " + " | ".join(columns) + " | note |")
    print("| --- " * (len(columns) + 2) + "|")

    def line(name: str, row: dict, note: str = "") -> None:
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()]
        print(f"| {name} | " + " | ".join(cells) + f" | {note} |", flush=True)

    line("(none: the bundled rules)", base)
    with tempfile.TemporaryDirectory() as tmp:
        for key in keys:
            folder = Path(tmp) / key
            shutil.copytree(args.taxonomy, folder)
            with (folder / "rules.yaml").open("w", encoding="utf-8") as fh:
                yaml.safe_dump({**rules, key: [NEVER]}, fh, allow_unicode=True)
            row = measure(SkillMatcher(taxonomy=folder), args.data, texts, labels)
            line(key, row, "splits disagree" if _disagree(base, row) else "")
    print(f"\nleft as they are (not word lists): {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
