"""Typo tolerance: misspellings found, ordinary words left alone, and what typo search costs.

    python benchmarks/typos.py --data ../shared/data              # both typo sets
    python benchmarks/typos.py --data ../shared/data --cost       # time, fuzzy on vs off, LinkedIn
    python benchmarks/typos.py --data ../shared/data --scan OUT   # candidates for review (not committed)
    python benchmarks/typos.py --bad-input                        # nonsense tokens, random letters

Two labelled sets:

* ``typos_written.csv`` (written for this benchmark): misspellings of skill names in a sentence
  (``kind=misspelling``: the misspelled ``word`` must be read as ``skill``) and sentences in which an
  ordinary word sits one or two edits from a skill's name (``kind=ordinary``: ``word`` must not become a
  skill);
* ``typos_found.csv``: tokens of the shared postings and résumés that are not known words and lie within
  the edit budget of a skill's name, every one reviewed by hand and labelled ``typo`` (with the skill
  meant) or ``false_friend``. The file holds references only (data set, document, character offsets):
  the text is read from the shared data at run time and never stored here.

``--scan`` lists those candidates (every token that is not a known word and is within the edit budget of
an alias, without the first-letter rule) to a CSV outside the repository, for review.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import string
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rapidfuzz import process
from rapidfuzz.distance import OSA

from datasets import clean_linkedin, google_postings, linkedin_texts, require
from skillmatch import SkillMatcher

HERE = Path(__file__).resolve().parent
WRITTEN = HERE / "typos_written.csv"
FOUND = HERE / "typos_found.csv"
DATASETS = ("linkedin", "dice", "google", "resumes")


def documents(data: Path, dataset: str) -> dict[str, str]:
    """Document id -> text, for one shared data set (ids are line or row numbers, from 0)."""
    if dataset == "linkedin":
        path = require(data / "linkedin_backend_jobs_2025" / "backend_jobs_dedup.jsonl", "LinkedIn corpus")
        with path.open(encoding="utf-8") as fh:
            return {str(i): clean_linkedin(json.loads(line)["description"]) for i, line in enumerate(fh)}
    if dataset == "dice":
        path = require(data / "dice_tech_jobs_sample" / "dice_com-job_us_sample.csv", "Dice postings")
        with path.open(encoding="utf-8", newline="") as fh:
            return {str(i): row["jobdescription"] or "" for i, row in enumerate(csv.DictReader(fh))}
    if dataset == "google":
        return {str(i): row["text"] for i, row in enumerate(google_postings(data))}
    if dataset == "resumes":
        path = require(data / "resume_ner_ucsd_dsc180" / "resume_chunks_spans.jsonl", "résumé chunks")
        with path.open(encoding="utf-8") as fh:
            return {str(i): json.loads(line)["text"] for i, line in enumerate(fh)}
    raise SystemExit(f"error: unknown data set {dataset!r}; expected one of {', '.join(DATASETS)}")


def found_at(frame, start: int, end: int) -> set[str]:
    """Skills matched over a span overlapping ``[start, end)``."""
    rows = frame[(frame["start"] < end) & (frame["end"] > start)]
    return set(rows["skill_id"])


# -- the written set ----
def evaluate_written(matcher: SkillMatcher, path: Path = WRITTEN) -> dict[str, object]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    frame = matcher.extract([r["text"] for r in rows])
    by_doc = {doc: group for doc, group in frame.groupby("doc_id")} if len(frame) else {}  # noqa: C416
    missed, wrong = [], []
    n_miss = n_ord = hit = 0
    skills = set()
    for i, row in enumerate(rows):
        start = row["text"].index(row["word"])
        end = start + len(row["word"])
        sub = by_doc.get(i)
        got = found_at(sub, start, end) if sub is not None else set()
        if row["kind"] == "misspelling":
            n_miss += 1
            skills.add(row["skill"])
            if row["skill"] in got:
                hit += 1
            else:
                missed.append(f"{row['word']} -> {row['skill']} (got {sorted(got) or 'nothing'})")
        else:
            n_ord += 1
            if got:
                wrong.append(f"{row['word']} -> {sorted(got)}")
    return {
        "misspellings": n_miss,
        "skills": len(skills),
        "recall": round(hit / n_miss, 3) if n_miss else 0.0,
        "ordinary sentences": n_ord,
        "ordinary words turned into skills": len(wrong),
        "missed": missed,
        "wrong": wrong,
    }


# -- the found set ----
def evaluate_found(matcher: SkillMatcher, data: Path, path: Path = FOUND) -> dict[str, object]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_set: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_set[row["dataset"]].append(row)
    counts: Counter[str] = Counter()
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # note -> [missed, found]
    problems = []
    for dataset, refs in by_set.items():
        docs = documents(data, dataset)
        ids = sorted({r["doc"] for r in refs}, key=int)
        frame = matcher.extract([docs[d] for d in ids])
        groups = {doc: group for doc, group in frame.groupby("doc_id")} if len(frame) else {}  # noqa: C416
        for r in refs:
            start, end = int(r["start"]), int(r["end"])
            token = docs[r["doc"]][start:end]
            if not token.strip():
                raise SystemExit(f"error: {dataset} document {r['doc']} has no word at {start}-{end}")
            sub = groups.get(ids.index(r["doc"]))
            got = found_at(sub, start, end) if sub is not None else set()
            label = r["label"]
            counts[label] += 1
            if label == "typo":
                ok = r["skill"] in got
                counts["typo found"] += ok
                kinds[r["note"].split(" (")[0]][ok] += 1
                if not ok:
                    problems.append(
                        f"missed {dataset}:{r['doc']}:{start} {token!r} -> {r['skill']} ({sorted(got)})"
                    )
            else:
                ok = not got
                counts["false friend left alone"] += ok
                if not ok:
                    problems.append(f"wrong {dataset}:{r['doc']}:{start} {token!r} -> {sorted(got)}")
    typos, friends = counts["typo"], counts["false_friend"]
    return {
        "typos": typos,
        "typo recall": round(counts["typo found"] / typos, 3) if typos else 0.0,
        **{
            f"  found, {kind}": f"{found}/{missed + found}"
            for kind, (missed, found) in sorted(kinds.items(), key=lambda kv: -sum(kv[1]))
        },
        "false friends": friends,
        "false friends turned into skills": friends - counts["false friend left alone"],
        "problems": problems,
    }


# -- candidates for review ----
def scan(matcher: SkillMatcher, data: Path, out: Path) -> None:
    """Every token that is not a known word and lies within the edit budget of a name (any first letter),
    with its nearest names and up to three places where it occurs."""
    from skillmatch.fuzzy import edit_budget, fold

    typos = matcher.component.index._typos
    vocab = list(typos.vocabulary)
    tok = matcher.nlp.tokenizer
    places: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    freq: Counter[str] = Counter()
    for dataset in DATASETS:
        docs = documents(data, dataset)
        for doc_id, text in docs.items():
            for t in tok(text):
                word = t.text
                if not typos.may_be_typo(word):
                    continue
                low = word.lower()
                freq[low] += 1
                if len(places[low]) < 3:
                    places[low].append((dataset, doc_id, t.idx, t.idx + len(word)))
    words = sorted(freq)
    folded = [fold(w) for w in words]
    dist = process.cdist(folded, vocab, scorer=OSA.distance, score_cutoff=2, dtype="uint8", workers=1)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["word", "count", "names", "distance", "accepted", "places"])
        n = 0
        for i, word in enumerate(words):
            near = [
                (int(dist[i, j]), vocab[j])
                for j in range(len(vocab))
                if dist[i, j] <= edit_budget(min(len(folded[i]), len(vocab[j])), typos.min_length)
            ]
            if not near:
                continue
            best = min(d for d, _ in near)
            names = sorted(n_ for d, n_ in near if d == best)
            fix = typos.lookup(word)
            accepted = "" if fix is None else f"{fix.form}:{'/'.join(fix.skill_ids)}"
            where = ";".join(f"{d}:{doc}:{s}:{e}" for d, doc, s, e in places[word])
            writer.writerow([word, freq[word], " ".join(names), best, accepted, where])
            n += 1
    print(f"{n} candidates written to {out}")


# -- cost ----
def _timed(obj: object, name: str, clock: list[float]) -> None:
    """Replace the method ``name`` of ``obj`` by one adding its CPU time to ``clock[0]``."""
    inner = getattr(obj, name)

    def wrapper(*args: object) -> object:
        t0 = time.process_time()
        try:
            return inner(*args)
        finally:
            clock[0] += time.process_time() - t0

    setattr(obj, name, wrapper)


def cost(data: Path, limit: int, rounds: int) -> None:
    """CPU time of the default pipeline with typo search on and off, on the same LinkedIn postings: fresh
    matchers each round (a cold typo cache, as in a one-off run), the order alternating between rounds;
    CPU time of this process, so other work on the machine disturbs it less than wall-clock time. The
    time spent inside typo search itself (known-word test, lookups, split names) is clocked too, as a
    share of the run with it on: a figure that the noise of a shared machine moves much less."""
    texts = linkedin_texts(data, limit=limit)
    ratios, ons, offs, shares = [], [], [], []
    for r in range(rounds):
        times = {}
        for fuzzy in (False, True) if r % 2 == 0 else (True, False):
            matcher = SkillMatcher(fuzzy=fuzzy)
            matcher.extract(["warm up Python"])
            clock = [0.0]
            if fuzzy:
                index = matcher.component.index
                _timed(index._typos, "scan", clock)
                _timed(index, "_split_typos", clock)
            t0 = time.process_time()
            matcher.extract(texts)
            times[fuzzy] = time.process_time() - t0
            if fuzzy:
                shares.append(clock[0] / times[True])
        ratios.append(times[True] / times[False])
        ons.append(times[True])
        offs.append(times[False])
    print(f"LinkedIn postings: {len(texts)}, rounds: {rounds}, CPU seconds, cold typo cache each round")
    print(f"fuzzy=False (median)                         {statistics.median(offs):.2f}")
    print(f"fuzzy=True  (median)                         {statistics.median(ons):.2f}")
    print(f"time ratio fuzzy=True / fuzzy=False (median) {statistics.median(ratios):.3f}")
    print(f"ratios per round                             {' '.join(f'{r:.3f}' for r in ratios)}")
    print(f"typo search share of the fuzzy=True time     {statistics.median(shares):.3f}")
    print(f"shares per round                             {' '.join(f'{r:.3f}' for r in shares)}")


def bad_input() -> None:
    """Time of one nonsense token and of pages of random letters, at growing sizes, fuzzy on and off: the
    time per character stays flat when the cost is linear."""
    rng = random.Random(7)
    matchers = {fuzzy: SkillMatcher(fuzzy=fuzzy) for fuzzy in (False, True)}
    for matcher in matchers.values():
        matcher.extract("warm up Python")
    print(f"{'input':<34}{'chars':>9}{'fuzzy off s':>13}{'fuzzy on s':>12}{'on µs/char':>12}")
    for kind in ("one nonsense token", "random letters, words of 3-12"):
        for n in (50_000, 100_000, 200_000):
            if kind.startswith("one"):
                text = "".join(rng.choice(string.ascii_lowercase) for _ in range(n))
            else:
                words, size = [], 0
                while size < n:
                    word = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(3, 12)))
                    words.append(word)
                    size += len(word) + 1
                text = " ".join(words)[:n]
            times = {}
            for fuzzy, matcher in matchers.items():
                t0 = time.process_time()
                matcher.extract(text)
                times[fuzzy] = time.process_time() - t0
            print(f"{kind:<34}{n:>9,}{times[False]:>13.2f}{times[True]:>12.2f}{times[True] / n * 1e6:>12.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--scan", type=Path, help="write candidates for review to this CSV")
    ap.add_argument("--cost", action="store_true", help="time the pipeline with typo search on and off")
    ap.add_argument("--limit", type=int, default=1000, help="LinkedIn postings for --cost")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--bad-input", action="store_true", help="time nonsense tokens and random letters")
    args = ap.parse_args()
    if args.bad_input:
        bad_input()
        return
    if args.cost:
        cost(args.data, args.limit, args.rounds)
        return
    matcher = SkillMatcher(context=False)
    if args.scan:
        scan(matcher, args.data, args.scan)
        return
    for title, result in (
        ("written set (typos_written.csv)", evaluate_written(matcher)),
        ("found in the shared data (typos_found.csv)", evaluate_found(matcher, args.data)),
    ):
        print(f"## {title}")
        for key, value in result.items():
            if isinstance(value, list):
                for line in value:
                    print(f"  {line}")
            else:
                print(f"{key:<40}{value}")


if __name__ == "__main__":
    main()
