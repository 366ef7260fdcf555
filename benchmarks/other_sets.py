"""Skill detection on the other public annotated sets: developer prose, résumés, and job ads outside software.

    python benchmarks/other_sets.py --data ../shared/data [--split train] [--only stackoverflow] [--errors 40]

* StackOverflow NER (Tabassum et al. 2020), dev split (``--split train`` for the split to tune on):
  sentences of developer questions and answers with technology spans (Language, Library, Application,
  Operating_System). Precision of the technology matches (languages, frameworks, databases, cloud, DevOps,
  testing and front-end skills) against those spans, over sentences that carry one; recall of the Language
  spans; and for words that are also technology names ("go", "rails", "spring", "express", "swift" ...),
  how often each sense is matched. Mentions read as
  negated are left out of the first two figures and counted in a second pair: the annotation marks a name
  whatever the sentence says of it ("neither in HTML nor JavaScript"). A last precision figure leaves out
  the matches outside the technology spans that fall on a span of another type (JSON tagged File_Type,
  "ajax" tagged Library_Function).
* Résumé chunks (UCSD DSC180 résumé NER): precision of all matches against the SKILLS spans, over chunks
  that carry one, and the share of SKILLS spans overlapped. The annotation is noisy and its SKILLS spans
  include every trade ("food preparation", "multimeters"), so recall is a lower bound of little meaning.
* Green et al. 2022 job ads (UK, mostly outside software), test set: how many sentences get a technology
  match at all, and the share of all matches that overlap a Skill, Qualification or Domain span.

``--errors N`` prints up to N StackOverflow sentences of each kind of error: a technology match outside the
gold spans, and a Language span not matched (the mention in brackets; ``NEG`` when it is found but read as
negated).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import TECH_CATEGORIES, overlaps
from datasets import green_sentences, resume_chunks, stackoverflow_sentences
from skillmatch import SkillMatcher

SO_TECH = {"Language", "Library", "Application", "Operating_System"}
# technology names that are also English words or letters
AMBIGUOUS_WORDS = (
    "go", "rust", "swift", "ruby", "rails", "spring", "express", "flask", "r", "c", "rest", "spark", "hive",
    "chef", "puppet", "react", "node", "cloud", "oracle", "access",
)  # fmt: skip


def _tech_spans(sents: list[tuple[str, list[tuple[int, int, str]]]]) -> dict[int, list[tuple[int, int]]]:
    """The gold spans of named technologies, by sentence."""
    return {i: [(s, e) for s, e, label in spans if label in SO_TECH] for i, (_, spans) in enumerate(sents)}


class Figures(NamedTuple):
    """Of the non-negated matches on StackOverflow sentences: technology matches inside and outside a gold
    span (counted in sentences with one), the wrong ones, the Language spans and the missed ones, and the
    matched spans by sentence."""

    tp: int
    fp: int
    wrong: list[tuple[int, int, int]]
    languages: list[tuple[int, int, int]]
    missed: list[tuple[int, int, int]]
    found: dict[int, list[tuple[int, int]]]

    @property
    def hit(self) -> int:
        return len(self.languages) - len(self.missed)


def stackoverflow_figures(
    frame: pd.DataFrame, sents: list[tuple[str, list[tuple[int, int, str]]]]
) -> Figures:
    tp = fp = 0
    wrong: list[tuple[int, int, int]] = []
    spans_by_doc = _tech_spans(sents)
    for doc, start, end, category in zip(
        frame["doc_id"], frame["start"], frame["end"], frame["category"], strict=True
    ):
        gold = spans_by_doc[doc]
        if category not in TECH_CATEGORIES or not gold:
            continue
        if overlaps((start, end), gold):
            tp += 1
        else:
            fp += 1
            wrong.append((doc, start, end))
    found: dict[int, list[tuple[int, int]]] = {}
    for doc, start, end in zip(frame["doc_id"], frame["start"], frame["end"], strict=True):
        found.setdefault(doc, []).append((start, end))
    languages = [
        (i, s, e) for i, (_, spans) in enumerate(sents) for s, e, label in spans if label == "Language"
    ]
    missed = [(i, s, e) for i, s, e in languages if not overlaps((s, e), found.get(i, []))]
    return Figures(tp, fp, wrong, languages, missed, found)


def stackoverflow(matcher: SkillMatcher, data: Path, split: str = "dev", errors_shown: int = 0) -> None:
    sents = stackoverflow_sentences(data, split)
    every = matcher.extract([t for t, _ in sents])
    figures = stackoverflow_figures(every[~every["negated"]], sents)
    tp, fp, wrong, languages, missed, found = figures
    hit = figures.hit
    errors: Counter[str] = Counter(sents[doc][0][start:end].lower() for doc, start, end in wrong)
    spans_by_doc = _tech_spans(sents)
    print(f"## StackOverflow NER ({split})")
    print(f"{'sentences':45} {len(sents)}")
    print(f"{'technology matches in sentences with a gold span':45} {tp + fp}")
    print(f"{'precision (Language/Library/Application/OS)':45} {tp / max(1, tp + fp):.3f}")
    print(f"{'Language spans':45} {len(languages)}")
    print(f"{'Language recall':45} {hit / max(1, len(languages)):.3f}")
    # a mention read as negated ("neither in HTML nor JavaScript", "Ruby itself does not ...") is still a
    # mention of the technology: the annotation marks names whatever the sentence says of them
    tech = every[every["category"].isin(TECH_CATEGORIES)]
    tp_all = fp_all = 0
    for doc, start, end in zip(tech["doc_id"], tech["start"], tech["end"], strict=True):
        if spans_by_doc[doc]:
            if overlaps((start, end), spans_by_doc[doc]):
                tp_all += 1
            else:
                fp_all += 1
    # matches on a span of another type (JSON as File_Type, a class named after a library) are not named
    # technologies in this annotation, but not wrong words either: a third figure leaves them out
    other_typed = 0
    for doc, start, end in wrong:
        others = [(s, e) for s, e, label in sents[doc][1] if label not in SO_TECH]
        other_typed += overlaps((start, end), others)
    found_all: dict[int, list[tuple[int, int]]] = {}
    for doc, start, end in zip(every["doc_id"], every["start"], every["end"], strict=True):
        found_all.setdefault(doc, []).append((start, end))
    hit_all = sum(overlaps((s, e), found_all.get(i, [])) for i, s, e in languages)
    print(f"{'precision, negated mentions counted':45} {tp_all / max(1, tp_all + fp_all):.3f}")
    print(f"{'Language recall, negated mentions counted':45} {hit_all / max(1, len(languages)):.3f}")
    typed = tp / max(1, tp + fp - other_typed)
    print(f"{'precision, matches on other entity types left out':45} {typed:.3f}")
    print("most frequent technology matches outside gold spans:")
    print("  " + "; ".join(f"{k} x{v}" for k, v in errors.most_common(15)))
    # each sense of the ambiguous words
    by_word: Counter[tuple[str, bool, bool]] = Counter()
    for i, (text, spans) in enumerate(sents):
        gold = [(s, e) for s, e, label in spans if label in SO_TECH]
        pos = 0
        for tok in text.split(" "):
            key = tok.lower()
            if key in AMBIGUOUS_WORDS:
                is_tech = overlaps((pos, pos + len(tok)), gold)
                matched = overlaps((pos, pos + len(tok)), found.get(i, []))
                by_word[(key, is_tech, matched)] += 1
            pos += len(tok) + 1
    print("ambiguous words: technology sense matched / total; other sense matched / total")
    for word in AMBIGUOUS_WORDS:
        tech = by_word[(word, True, True)], by_word[(word, True, True)] + by_word[(word, True, False)]
        other = by_word[(word, False, True)], by_word[(word, False, True)] + by_word[(word, False, False)]
        if tech[1] or other[1]:
            print(f"  {word:10} {tech[0]:>4}/{tech[1]:<4}  {other[0]:>4}/{other[1]:<4}")
    total_other = sum(v for (w, t, m), v in by_word.items() if not t)
    wrong_sense = sum(v for (w, t, m), v in by_word.items() if not t and m)
    total_tech = sum(v for (w, t, m), v in by_word.items() if t)
    right = sum(v for (w, t, m), v in by_word.items() if t and m)
    print(f"{'  all: technology sense matched':45} {right}/{total_tech}")
    print(f"{'  all: other sense matched':45} {wrong_sense}/{total_other}")
    if errors_shown:
        print("technology matches outside gold spans:")
        for doc, start, end in wrong[:errors_shown]:
            print("  " + _marked(sents[doc][0], start, end))
        print("Language spans not matched (NEG: found but read as negated):")
        for doc, start, end in missed[:errors_shown]:
            negated = overlaps((start, end), found_all.get(doc, []))
            print(("  NEG " if negated else "  ") + _marked(sents[doc][0], start, end))


def _marked(text: str, start: int, end: int) -> str:
    return f"{text[:start]}[{text[start:end]}]{text[end:]}"


def resumes(matcher: SkillMatcher, data: Path) -> None:
    chunks = resume_chunks(data)
    texts = [c["text"] for c in chunks]
    golds = [[(s["start"], s["end"]) for s in c["spans"] if s["label"] == "SKILLS"] for c in chunks]
    frame = matcher.extract(texts)
    frame = frame[~frame["negated"]]
    tp = fp = 0
    errors: Counter[str] = Counter()
    found: dict[int, list[tuple[int, int]]] = {}
    rows = zip(frame["doc_id"], frame["start"], frame["end"], frame["text"], strict=True)
    for doc, start, end, text in rows:
        found.setdefault(doc, []).append((start, end))
        if not golds[doc]:
            continue
        if overlaps((start, end), golds[doc]):
            tp += 1
        else:
            fp += 1
            errors[text.lower()] += 1
    n_gold = sum(len(g) for g in golds)
    hit = sum(overlaps(span, found.get(i, [])) for i, g in enumerate(golds) for span in g)
    print("\n## Résumé chunks (UCSD DSC180 résumé NER)")
    print(f"{'chunks':45} {len(chunks)}")
    print(f"{'chunks with a SKILLS span':45} {sum(1 for g in golds if g)}")
    print(f"{'matches in those chunks':45} {tp + fp}")
    print(f"{'precision (SKILLS spans)':45} {tp / max(1, tp + fp):.3f}")
    print(f"{'SKILLS spans':45} {n_gold}")
    print(f"{'SKILLS spans overlapped (all trades)':45} {hit / max(1, n_gold):.3f}")
    print("most frequent matches outside SKILLS spans:")
    print("  " + "; ".join(f"{k} x{v}" for k, v in errors.most_common(15)))


def green(matcher: SkillMatcher, data: Path) -> None:
    sents = green_sentences(data)
    frame = matcher.extract([t for t, _ in sents])
    frame = frame[~frame["negated"]]
    tech_docs = set(frame.loc[frame["category"].isin(TECH_CATEGORIES), "doc_id"])
    any_docs = set(frame["doc_id"])
    inside = 0
    for doc, start, end in zip(frame["doc_id"], frame["start"], frame["end"], strict=True):
        gold = [(s, e) for s, e, label in sents[doc][1] if label in {"Skill", "Qualification", "Domain"}]
        inside += overlaps((start, end), gold)
    print("\n## Green et al. 2022 job ads (test set; UK, mostly outside software)")
    print(f"{'sentences':45} {len(sents)}")
    n = max(1, len(sents))
    print(f"{'sentences with any match':45} {len(any_docs)} ({len(any_docs) / n:.3f})")
    print(f"{'sentences with a technology match':45} {len(tech_docs)} ({len(tech_docs) / n:.3f})")
    print(f"{'matches':45} {len(frame)}")
    print(f"{'matches inside a Skill/Qualification/Domain span':45} {inside / max(1, len(frame)):.3f}")
    counts = Counter(frame["skill_id"])
    print("skills found: " + ", ".join(f"{k} {v}" for k, v in counts.most_common(15)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--split", choices=("train", "dev"), default="dev", help="StackOverflow NER split (default: dev)"
    )
    parser.add_argument(
        "--only", choices=("stackoverflow", "resumes", "green"), help="run one of the three sets only"
    )
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="print N StackOverflow sentences per error kind"
    )
    args = parser.parse_args(argv)
    matcher = SkillMatcher()
    tax = matcher.taxonomy
    print(f"skillmatch taxonomy {tax.name} {tax.version}: {len(tax)} skills\n")
    if args.only in (None, "stackoverflow"):
        stackoverflow(matcher, args.data, args.split, args.errors)
    if args.only in (None, "resumes"):
        resumes(matcher, args.data)
    if args.only in (None, "green"):
        green(matcher, args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
