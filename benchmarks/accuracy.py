"""Accuracy of skill detection on public annotated data, and false alarms on non-software text.

    python benchmarks/accuracy.py --data ../shared/data [--split dev] [--show-errors 30]

SkillSpan tech postings (Zhang et al. 2022):
* precision: share of matches that overlap a gold Skill or Knowledge span, counted over sentences that
  carry at least one gold span (SkillSpan leaves titles and metadata lines unannotated); the raw figure,
  over every sentence, is printed too, and so are the body sentences split by length (a "sentence" of more
  than 80 words is a run of unsplit sections);
* Knowledge recall: share of gold Knowledge spans overlapped by at least one match.
* gold gaps: the release loses the tag of the first word after a split point, the word after "e.g" or
  "i.e" and the first word of a sentence that follows a full stop ("Python or Go are ideal" with only "Go"
  tagged). The script measures this on the gold alone (``gap_rates``) and prints the precision once more
  with the matches on those words set aside, beside the figures that count them.
* a reader's verdicts on the false matches: every match of an annotated sentence that overlaps no gold span
  is read in ``benchmarks/skillspan_review_labels.csv`` (the format and the three verdicts of
  ``read_sample.py``: ``right``, an ask the gold leaves untagged; ``other``, the skill's sense but not an
  ask; ``wrong``, another sense). The script prints the verdicts of the false matches it still gives and the
  precision with them counted as a reader counts them, for annotated sentences and for posting bodies:
  ask precision (true + right) and sense precision (true + right + other). Unread false matches count as
  wrong; ``--show-unread`` prints them for reading.

Google postings: how often known false-alarm phrases produce a match, and the share of postings outside
engineering (Sales, Marketing, Finance ...) with at least one technology skill. LinkedIn back-end postings:
the same false-alarm phrases.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import Posting, google_postings, linkedin_texts, skillspan
from skillmatch import SkillMatcher

REVIEW = Path(__file__).resolve().parent / "skillspan_review_labels.csv"

TRAPS = [
    "work authorization",
    "security clearance",
    "C-suite",
    "Series C",
    "go-to",
    "the rest of",
    "express your interest",
    "Go ahead",
    "spring semester",
    "R&D",
    "Oracle",
]
NON_ENGINEERING = {
    "Sales & Account Management",
    "Marketing & Communications",
    "Finance",
    "People Operations",
    "Legal & Government Relations",
    "Administrative",
    "Real Estate & Workplace Services",
    "Business Strategy",
    "Partnerships",
}
# categories that describe technology (traits, duties and practices also appear in non-software postings)
TECH_CATEGORIES = {
    "languages",
    "frameworks",
    "platforms",
    "databases",
    "apis",
    "devops",
    "cloud",
    "frontend",
    "data",
    "testing",
}


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _part(post: Posting, start: int) -> str:
    """Whether the sentence holding ``start`` is the posting's metadata block (StackOverflow job postings
    open with "Date posted: ... Job type: ... Role: ... Technologies ...") or its body."""
    for s, e in post.sentences:
        if s <= start < e:
            text = post.text[s:e]
            return "metadata" if "Date posted" in text or "Job type" in text else "body"
    return "body"


RUN_ON = 80  # words: a SkillSpan "sentence" longer than this is a run of unsplit sections


def _words(post: Posting, start: int) -> int:
    """The number of words of the SkillSpan sentence holding ``start``."""
    for s, e in post.sentences:
        if s <= start < e:
            return len(post.text[s:e].split())
    return 0


ABBREVIATIONS = frozenset({"e.g", "i.e", "e.g.", "i.e."})


def gold_gaps(post: Posting) -> set[int]:
    """Start offsets of the words whose SkillSpan tags are unreliable: the word after "e.g" or "i.e" (with
    or without a full stop of its own) and the first word of a sentence whose previous sentence ends with a
    full stop."""
    sentence_starts = {s for s, _ in post.sentences}
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", post.text)]
    out = set()
    for i, (start, word) in enumerate(words):
        if word == ".":
            continue
        prev = words[i - 1][1].lower() if i else ""
        before = words[i - 2][1].lower() if i > 1 else ""
        after_abbreviation = prev in ABBREVIATIONS or (prev == "." and before in ABBREVIATIONS)
        if after_abbreviation or (start in sentence_starts and prev == "."):
            out.add(start)
    return out


def gap_rates(postings: list[Posting], gaps_of: list[set[int]]) -> dict[str, str]:
    """How often a technology word is left untagged at the unreliable positions of ``gold_gaps`` (one set per
    posting, in ``gaps_of``) and elsewhere, measured on the gold alone. A technology word is one that starts a
    Knowledge span in at least 60 % of its occurrences (two or more) outside those positions."""
    seen: Counter[str] = Counter()
    tagged: Counter[str] = Counter()
    occurrences = []
    for post, gaps in zip(postings, gaps_of, strict=True):
        starts = {s for s, _ in post.knowledge}
        for m in re.finditer(r"\S+", post.text):
            word, at_gap, is_tagged = m.group().lower(), m.start() in gaps, m.start() in starts
            occurrences.append((word, at_gap, is_tagged))
            if not at_gap:
                seen[word] += 1
                tagged[word] += is_tagged
    tech = {w for w, n in seen.items() if n >= 2 and tagged[w] / n >= 0.6}
    out = {}
    for label, where in (("after a split point", True), ("elsewhere", False)):
        hits = [t for w, g, t in occurrences if g is where and w in tech]
        missed = len(hits) - sum(hits)
        out[f"technology words untagged, {label}"] = (
            f"{missed} of {len(hits)} ({missed / max(1, len(hits)):.2f})"
        )
    return out


def bootstrap(per_posting: list[tuple[int, int, int, int]], rounds: int, seed: int = 0) -> dict[str, str]:
    """95 % intervals of precision and Knowledge recall when the postings are resampled with replacement:
    how much the figures could move on another sample of postings like these."""
    rng = random.Random(seed)
    precisions, recalls = [], []
    for _ in range(rounds):
        sample = [rng.choice(per_posting) for _ in per_posting]
        tp, fp = sum(x[0] for x in sample), sum(x[1] for x in sample)
        hit, total = sum(x[2] for x in sample), sum(x[3] for x in sample)
        precisions.append(tp / max(1, tp + fp))
        recalls.append(hit / max(1, total))
    lo, hi = int(0.025 * rounds), int(0.975 * rounds) - 1
    precisions.sort()
    recalls.sort()
    return {
        "precision_annotated 95% interval": f"{precisions[lo]:.3f}-{precisions[hi]:.3f}",
        "knowledge_recall 95% interval": f"{recalls[lo]:.3f}-{recalls[hi]:.3f}",
    }


def reviewed(
    false: dict[tuple[str, int, int, int, str], str],
    labels: dict[tuple[str, int, int, int, str], str],
    true: dict[str, int],
) -> dict[str, str | float]:
    """Precision with a reader's verdicts on the false matches: ``false`` maps each false match's key to its
    part (``metadata`` or ``body``), ``true`` the true matches of each part (``all``: of both). An unread
    false match counts as wrong."""
    out: dict[str, str | float] = {}
    for part, label in (("all", "annotated sentences"), ("body", "body sentences")):
        verdicts = [labels.get(k, "unread") for k, p in false.items() if part in ("all", p)]
        right, other = verdicts.count("right"), verdicts.count("other")
        n = true[part] + len(verdicts)
        out[f"false matches read ({label})"] = (
            f"{len(verdicts) - verdicts.count('unread')} of {len(verdicts)}: right {right}, "
            f"other {other}, wrong {verdicts.count('wrong')}"
        )
        out[f"precision[{label}], reader's verdicts: ask"] = (true[part] + right) / max(1, n)
        out[f"precision[{label}], reader's verdicts: sense"] = (true[part] + right + other) / max(1, n)
    return out


def skillspan_scores(
    matcher: SkillMatcher,
    data: Path,
    splits: tuple[str, ...],
    show: int,
    rounds: int = 0,
    review: Path = REVIEW,
    show_unread: bool = False,
) -> dict[str, float | int | str]:
    postings = skillspan(data, splits)
    frame = matcher.extract([p.text for p in postings])
    frame = frame[~frame["negated"]]
    tp_ann = fp_ann = tp_raw = fp_raw = 0
    fp_examples: Counter[str] = Counter()
    by_method: Counter[tuple[str, bool]] = Counter()
    hit_knowledge = 0
    n_knowledge = sum(len(p.knowledge) for p in postings)
    missed: Counter[str] = Counter()
    per_posting: list[tuple[int, int, int, int]] = []
    by_part: Counter[tuple[str, bool]] = Counter()
    at_gaps: Counter[tuple[str, bool]] = Counter()  # matches on the words of gold_gaps
    gaps_of = [gold_gaps(post) for post in postings]
    false: dict[tuple[str, int, int, int, str], str] = {}  # key of each false match: its part
    for i, (post, gaps) in enumerate(zip(postings, gaps_of, strict=True)):
        before = (tp_ann, fp_ann, hit_knowledge)
        rows = frame[frame["doc_id"] == i]
        gold = post.knowledge + post.skill
        annotated = [s for s in post.sentences if overlaps(s, gold)]
        spans = list(zip(rows["start"], rows["end"], strict=True))
        for (s, e), text, method, skill_id in zip(
            spans, rows["text"], rows["method"], rows["skill_id"], strict=True
        ):
            ok = overlaps((s, e), gold)
            tp_raw += ok
            fp_raw += not ok
            if overlaps((s, e), annotated):
                tp_ann += ok
                fp_ann += not ok
                by_method[(method, ok)] += 1
                part = _part(post, s)
                by_part[(part, ok)] += 1
                if s in gaps:
                    at_gaps[("all", ok)] += 1
                    at_gaps[(part, ok)] += 1
                if part == "body":
                    by_part[("run-on" if _words(post, s) > RUN_ON else "short", ok)] += 1
                if not ok:
                    fp_examples[f"{text} [{method}]"] += 1
                    false[(f"skillspan-{post.split}", post.idx, int(s), int(e), skill_id)] = part
        for k in post.knowledge:
            if overlaps(k, spans):
                hit_knowledge += 1
            else:
                missed[post.text[k[0] : k[1]].lower()] += 1
        per_posting.append(
            (
                tp_ann - before[0],
                fp_ann - before[1],
                hit_knowledge - before[2],
                len(post.knowledge),
            )
        )
    out: dict[str, float | int | str] = {
        "postings": len(postings),
        "matches": len(frame),
        "precision_annotated": tp_ann / max(1, tp_ann + fp_ann),
        "true / false matches, annotated sentences": f"{tp_ann} / {fp_ann}",
        "precision_raw": tp_raw / max(1, tp_raw + fp_raw),
        "knowledge_spans": n_knowledge,
        "knowledge_recall": hit_knowledge / max(1, n_knowledge),
    }
    for method in ("exact", "lemma", "pattern", "fuzzy"):
        good, bad = by_method[(method, True)], by_method[(method, False)]
        if good + bad:
            out[f"precision[{method}] (n={good + bad})"] = good / (good + bad)
    for part in ("metadata", "body"):
        good, bad = by_part[(part, True)], by_part[(part, False)]
        if good + bad:
            out[f"precision[{part} sentences] (n={good + bad})"] = good / (good + bad)
            out[f"true / false matches, {part} sentences"] = f"{good} / {bad}"
    # body sentences of at most RUN_ON words, and longer ones (unsplit sections, where one gold span makes
    # every match of the section count)
    for part, label in (("short", f"<= {RUN_ON} words"), ("run-on", f"> {RUN_ON} words")):
        good, bad = by_part[(part, True)], by_part[(part, False)]
        if good + bad:
            out[f"precision[body sentences {label}] (n={good + bad})"] = good / (good + bad)
    # the same precision with the matches on the words whose gold tag is unreliable set aside
    out.update(gap_rates(postings, gaps_of))
    for part, label, good, bad in (
        ("all", "annotated sentences", tp_ann, fp_ann),
        ("body", "body sentences", by_part[("body", True)], by_part[("body", False)]),
    ):
        good, bad = good - at_gaps[(part, True)], bad - at_gaps[(part, False)]
        out[f"precision[{label}], gold gaps set aside"] = good / max(1, good + bad)
        out[f"true / false matches set aside ({label})"] = (
            f"{at_gaps[(part, True)]} / {at_gaps[(part, False)]}"
        )
    from nontech import _around  # these import this module
    from read_sample import read_labels

    labels = read_labels(review) if review.exists() else {}
    true = {"all": tp_ann, "body": by_part[("body", True)]}
    out.update(reviewed(false, labels, true))
    if rounds:
        out.update(bootstrap(per_posting, rounds))
    if show_unread:
        texts = {(f"skillspan-{p.split}", p.idx): p.text for p in postings}
        print("\nfalse matches with no verdict (corpus,doc,start,end,skill_id  part  context):")
        for key, part in false.items():
            if key not in labels:
                corpus, doc, start, end, skill_id = key
                context = _around(texts[(corpus, doc)], start, end)
                print(f"{corpus},{doc},{start},{end},{skill_id}  {part}  ...{context}...")
    if show:
        print(f"\nmost frequent matches outside gold spans ({', '.join(splits)}):")
        print("  " + "; ".join(f"{k} x{v}" for k, v in fp_examples.most_common(show)))
        print(f"most frequent missed Knowledge spans ({', '.join(splits)}):")
        print("  " + "; ".join(f"{k} x{v}" for k, v in missed.most_common(show)))
    return out


def trap_counts(matcher: SkillMatcher, texts: list[str]) -> dict[str, tuple[int, int]]:
    """For each trap phrase: (occurrences, occurrences overlapped by a match)."""
    frame = matcher.extract(texts)
    by_doc = {k: list(zip(g["start"], g["end"], strict=True)) for k, g in frame.groupby("doc_id")}
    out = {}
    for phrase in TRAPS:
        flags = re.IGNORECASE if phrase not in ("Oracle", "Go ahead", "R&D") else 0
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", flags)
        seen = fired = 0
        for i, text in enumerate(texts):
            for m in pattern.finditer(text):
                seen += 1
                fired += overlaps(m.span(), by_doc.get(i, []))
        out[phrase] = (seen, fired)
    return out


STACK_CATEGORIES = {"languages", "frameworks", "platforms", "databases", "apis", "devops", "cloud"}


def google_scores(matcher: SkillMatcher, data: Path) -> dict[str, float]:
    rows = google_postings(data)
    found = matcher.extract([r["text"] for r in rows])
    found = found[~found["negated"]]
    out: dict[str, float] = {}
    families = {
        "Sales, Marketing, Finance": {"Sales & Account Management", "Marketing & Communications", "Finance"},
        "all non-engineering": NON_ENGINEERING,
        "Software Engineering": {"Software Engineering"},
    }
    for label, cats in families.items():
        docs = [i for i, r in enumerate(rows) if r["Category"] in cats]
        for name, keep in (("technology", TECH_CATEGORIES), ("back-end stack", STACK_CATEGORIES)):
            sub = found[found["category"].isin(keep)]
            with_skill = set(sub["doc_id"])
            per_doc = sub.groupby("doc_id")["skill_id"].nunique().reindex(docs, fill_value=0)
            out[f"{label}: postings"] = len(docs)
            out[f"{label}: share with a {name} skill"] = sum(i in with_skill for i in docs) / max(
                1, len(docs)
            )
            out[f"{label}: mean distinct {name} skills"] = float(per_doc.mean()) if len(docs) else 0.0
    sales = [i for i, r in enumerate(rows) if r["Category"] in families["Sales, Marketing, Finance"]]
    top = found[found["doc_id"].isin(sales) & found["category"].isin(STACK_CATEGORIES)]
    counts = top.groupby("skill_id")["doc_id"].nunique().sort_values(ascending=False).head(8)
    print("back-end stack skills most often found in Sales, Marketing, Finance postings (postings):")
    print("  " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--split", default="dev", help="SkillSpan split(s), comma-separated: dev, train")
    parser.add_argument("--show-errors", type=int, default=0, help="print the N most frequent errors")
    parser.add_argument("--linkedin-limit", type=int, default=None)
    parser.add_argument("--review", type=Path, default=REVIEW, help="verdicts on the false matches")
    parser.add_argument("--show-unread", action="store_true", help="print false matches with no verdict")
    parser.add_argument(
        "--bootstrap", type=int, default=2000, help="resampling rounds for 95%% intervals (0: off)"
    )
    args = parser.parse_args(argv)
    matcher = SkillMatcher()
    splits = tuple(args.split.split(","))
    print(
        f"skillmatch taxonomy {matcher.taxonomy.name} {matcher.taxonomy.version}: "
        f"{len(matcher.taxonomy)} skills"
    )
    print(f"\n## SkillSpan tech ({'+'.join(splits)})")
    for k, v in skillspan_scores(
        matcher, args.data, splits, args.show_errors, args.bootstrap, args.review, args.show_unread
    ).items():
        print(f"{k:<45} {v:.3f}" if isinstance(v, float) else f"{k:<45} {v}")
    print("\n## Google postings (1,250; mixed job families)")
    for k, v in google_scores(matcher, args.data).items():
        print(f"{k:<45} {v:.3f}" if isinstance(v, float) else f"{k:<45} {v}")
    google = trap_counts(matcher, [r["text"] for r in google_postings(args.data)])
    linkedin = trap_counts(matcher, linkedin_texts(args.data, args.linkedin_limit))
    print("\n## False-alarm phrases: occurrences / matched")
    print(f"{'phrase':<24}{'Google':>16}{'LinkedIn':>16}")
    for phrase in TRAPS:
        g, li = google[phrase], linkedin[phrase]
        print(f"{phrase:<24}{f'{g[1]}/{g[0]}':>16}{f'{li[1]}/{li[0]}':>16}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
