"""Résumé-to-job ranking against lexical baselines computed in the same run.

    python benchmarks/ranking.py --data ../shared/data [--cache /tmp/skillmatch-ranking] [--grid]

Two tasks, each scored by ROC-AUC and average precision with 95 % bootstrap intervals (postings resampled
with replacement, 1,000 rounds, the same resamples for every method so that differences are paired):

* ``relevancy``: ``resume_jd_relevancy``: one software engineer's résumé (``resume.pdf``, text by pypdf)
  against 641 LinkedIn postings labelled as fitting the résumé (272) or not (369). One score per posting.
* ``roles``: the 658 Dice tech postings (2017). Each posting's title is withheld; its description is the
  job. The "candidates" are short role headlines ("Java Developer", "Business Analyst", ...), one per role
  family; a posting is relevant to a headline when its withheld title matches the family's title pattern
  (``ROLE_FAMILIES``, written once from the role names, not tuned). Every headline is scored against every
  posting; AUC and AP are computed per family and averaged (macro), families with at least 8 postings.

Baselines over the same texts: TF-IDF cosine (scikit-learn ``TfidfVectorizer``, English stop words,
sublinear tf, fitted on the task's résumés and postings) and BM25 (rank-bm25 ``BM25Okapi`` over lower-cased
word tokens, the résumé as the query, the task's postings as the corpus).

Weights: ``--grid`` prints a small grid of :class:`MatchWeights` knobs on both tasks; the defaults were
chosen on ``roles`` and confirmed on ``relevancy`` (see docs/scoring.md).

``--speed`` times pair scoring from already-extracted frames: 1,000 résumés x 100 jobs on one core.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from skillmatch import MatchWeights, SkillMatcher
from skillmatch.scoring import score_pairs

csv.field_size_limit(sys.maxsize)

#: role families of the ``roles`` task: headline -> pattern over the withheld posting title (lower case)
ROLE_FAMILIES: dict[str, str] = {
    "Java Developer": r"\bjava\b(?!\s*script)|\bj2ee\b",
    ".NET Developer": r"\.net\b|\bc#",
    "Python Developer": r"\bpython\b",
    "Front-End Developer": r"front[\s-]?end|\bui\b|javascript|\bangular|\breact\b|web developer",
    "Data Engineer": r"\bdata engineer|big data|hadoop|\betl\b|data warehouse",
    "Data Scientist": r"data scien|machine learning",
    "DevOps Engineer": r"devops|site reliability|\bsre\b|\bcloud\b",
    "QA Test Engineer": r"\bqa\b|quality|\btest|automation",
    "Network Engineer": r"\bnetwork",
    "Security Engineer": r"secur",
    "Business Analyst": r"business (?:systems )?analyst|\bbusiness analysis",
    "Project Manager": r"project manager|program manager|project management",
    "Database Administrator": r"\bdba\b|database",
    "SAP Consultant": r"\bsap\b",
    "Mobile Developer": r"android|\bios\b|mobile",
    "Systems Administrator": r"system(?:s)? admin|sysadmin|systems? engineer",
}
MIN_POSITIVES = 8
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#.]*")


@dataclass
class Task:
    name: str
    resumes: pd.Series  # id -> text
    jobs: pd.Series  # id -> text
    labels: pd.DataFrame  # resume_id, job_id, label (every pair)
    groups: str  # column of ``labels`` that AUC is computed within ("resume_id")


def relevancy_task(data: Path) -> Task:
    import pypdf

    folder = data / "resume_jd_relevancy"
    reader = pypdf.PdfReader(folder / "resume.pdf")
    resume = "\n".join(page.extract_text() or "" for page in reader.pages)
    jobs = pd.read_csv(folder / "job_descriptions.csv", dtype={"job_description_id": str})
    jobs = jobs.drop_duplicates("job_description_id")
    labels = pd.DataFrame(
        {
            "resume_id": "resume",
            "job_id": jobs["job_description_id"].to_numpy(),
            "label": jobs["label"].astype(str).str.lower().eq("true").to_numpy(),
        }
    )
    return Task(
        "relevancy",
        pd.Series([resume], index=["resume"]),
        pd.Series(jobs["job_description"].fillna("").to_numpy(), index=jobs["job_description_id"].to_numpy()),
        labels,
        "resume_id",
    )


def roles_task(data: Path) -> Task:
    frame = pd.read_csv(data / "dice_tech_jobs_sample" / "dice_com-job_us_sample.csv")
    frame = frame.dropna(subset=["jobdescription", "jobtitle"]).reset_index(drop=True)
    ids = [f"dice-{i}" for i in frame.index]
    titles = frame["jobtitle"].str.lower()
    rows = []
    headlines = []
    for headline, pattern in ROLE_FAMILIES.items():
        hit = titles.str.contains(pattern, regex=True).to_numpy()
        if hit.sum() < MIN_POSITIVES:
            continue
        headlines.append(headline)
        rows.append(pd.DataFrame({"resume_id": headline, "job_id": ids, "label": hit}))
    return Task(
        "roles",
        pd.Series(headlines, index=headlines),
        pd.Series(frame["jobdescription"].to_numpy(), index=ids),
        pd.concat(rows, ignore_index=True),
        "resume_id",
    )


# -- extraction, cached by text ----
def extract_cached(matcher: SkillMatcher, texts: pd.Series, cache: Path | None, name: str) -> pd.DataFrame:
    if cache is not None:
        digest = hashlib.sha1("\x00".join(map(str, texts.index)).encode() + "\x01".join(texts).encode())
        path = cache / f"{name}-{digest.hexdigest()[:16]}.pkl"
        if path.exists():
            return pd.read_pickle(path)
    frame = matcher.extract(texts)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        frame.to_pickle(path)
    return frame


# -- baselines ----
def tfidf_scores(resumes: pd.Series, jobs: pd.Series) -> pd.DataFrame:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    vec.fit(list(resumes) + list(jobs))
    r = vec.transform(resumes)
    j = vec.transform(jobs)
    sims = (r @ j.T).toarray()
    return _long(sims, resumes.index, jobs.index)


def bm25_scores(resumes: pd.Series, jobs: pd.Series) -> pd.DataFrame:
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([_WORD_RE.findall(t.lower()) or [""] for t in jobs])
    sims = np.vstack([bm25.get_scores(_WORD_RE.findall(t.lower())) for t in resumes])
    return _long(sims, resumes.index, jobs.index)


def _long(sims: np.ndarray, rid: pd.Index, jid: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "resume_id": np.repeat(rid.to_numpy(), len(jid)),
            "job_id": np.tile(jid.to_numpy(), len(rid)),
            "score": sims.ravel(),
        }
    )


# -- metrics ----
def _auc_ap(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """ROC-AUC (ties count half) and average precision (scikit-learn's step-wise definition), in numpy:
    the bootstrap calls this 100,000 times."""
    from scipy.stats import rankdata

    y = y.astype(bool)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return np.nan, np.nan
    ranks = rankdata(s)
    auc = (ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s_sorted)), len(s_sorted) - 1]  # end of each run of equal scores
    tps = np.cumsum(y_sorted)[last]
    precision = tps / (last + 1)
    recall = tps / n_pos
    ap = float(np.sum(np.diff(np.r_[0.0, recall]) * precision))
    return float(auc), ap


def _pct(values: np.ndarray, q: float) -> float:
    return float(np.nanpercentile(values, q)) if len(values) else np.nan


def evaluate(task: Task, scores: dict[str, pd.DataFrame], rounds: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Macro ROC-AUC and AP per method, with 95 % intervals from the same bootstrap resamples of postings."""
    merged = task.labels.copy()
    for name, frame in scores.items():
        merged = merged.merge(frame.rename(columns={"score": name}), on=["resume_id", "job_id"], how="left")
        merged[name] = merged[name].fillna(-1.0)
    job_ids = task.jobs.index.to_numpy()
    by_group = {g: part for g, part in merged.groupby(task.groups, sort=False)}  # noqa: C416 (GroupBy has .keys)
    positions = {g: pd.Index(part["job_id"]).get_indexer(job_ids) for g, part in by_group.items()}

    def metric(sample: np.ndarray) -> dict[str, tuple[float, float]]:
        out: dict[str, tuple[float, float]] = {}
        for name in scores:
            aucs, aps = [], []
            for g, part in by_group.items():
                idx = positions[g][sample]
                y = part["label"].to_numpy()[idx]
                s = part[name].to_numpy()[idx]
                auc, ap = _auc_ap(y, s)
                aucs.append(auc)
                aps.append(ap)
            out[name] = (float(np.nanmean(aucs)), float(np.nanmean(aps)))
        return out

    full = metric(np.arange(len(job_ids)))
    rng = np.random.default_rng(seed)
    boot: dict[str, list[tuple[float, float]]] = {name: [] for name in scores}
    for _ in range(rounds):
        sample = rng.integers(0, len(job_ids), len(job_ids))
        for name, value in metric(sample).items():
            boot[name].append(value)
    rows = []
    best_lexical = "tfidf" if full["tfidf"][0] >= full["bm25"][0] else "bm25"
    for name in scores:
        arr = np.array(boot[name]).reshape(-1, 2)
        lex = np.array(boot[best_lexical]).reshape(-1, 2)
        diff = arr[:, 0] - lex[:, 0]
        rows.append(
            {
                "task": task.name,
                "method": name,
                "roc_auc": full[name][0],
                "auc_lo": _pct(arr[:, 0], 2.5),
                "auc_hi": _pct(arr[:, 0], 97.5),
                "avg_precision": full[name][1],
                "ap_lo": _pct(arr[:, 1], 2.5),
                "ap_hi": _pct(arr[:, 1], 97.5),
                "delta_auc": full[name][0] - full[best_lexical][0],
                "diff_lo": _pct(diff, 2.5),
                "diff_hi": _pct(diff, 97.5),
            }
        )
    return pd.DataFrame(rows)


def skillmatch_scores(
    task: Task, frames: tuple[pd.DataFrame, pd.DataFrame], matcher: SkillMatcher, weights: MatchWeights
) -> pd.DataFrame:
    rf, jf = frames
    pairs, _ = score_pairs(
        rf,
        jf,
        task.resumes.index,
        task.jobs.index,
        matcher.taxonomy,
        resume_texts=task.resumes.to_dict(),
        job_texts=task.jobs.to_dict(),
        weights=weights,
        report=False,
    )
    return pairs[["resume_id", "job_id", "score"]].fillna({"score": 0.0})


#: the weighted coverage of earlier versions: no specificity, core, evidence prior or lexical part
PLAIN_COVERAGE = MatchWeights(
    category={"traits": 0.3, "specialisations": 0.5},
    specificity=0.0,
    core=1.0,
    evidence_prior=0.0,
    lexical=0.0,
)

#: the two knobs chosen on ``roles`` (a grid), then each other knob moved alone from the defaults
GRID: dict[str, Sequence[object]] = {
    "lexical": (0.0, 0.35, 0.5, 0.7, 0.8, 0.9, 1.0),
    "evidence_prior": (0.0, 10.0, 20.0, 40.0),
}
ABLATIONS: list[dict[str, object]] = [
    {"category": {}},
    {"specificity": 0.0},
    {"specificity": 2.0},
    {"core": 1.0},
    {"core": 3.0},
    {"prior_documents": 0.0},
    {"lead_chars": 0},
    {"sibling": 0.0},
    {"broader": 0.0},
]


def run_grid(
    tasks: list[Task], frames: dict[str, tuple[pd.DataFrame, pd.DataFrame]], matcher: SkillMatcher
) -> None:
    import itertools

    def line(changes: dict[str, object]) -> None:
        w = replace(MatchWeights(), **changes)
        out = [", ".join(f"{k}={v}" for k, v in changes.items()) or "defaults"]
        for task in tasks:
            scores = {
                "skillmatch": skillmatch_scores(task, frames[task.name], matcher, w),
                "tfidf": TFIDF[task.name],
                "bm25": BM25[task.name],
            }
            res = evaluate(task, scores, rounds=0).iloc[0]
            out.append(f"{task.name} AUC {res['roc_auc']:.3f} AP {res['avg_precision']:.3f}")
        print(" | ".join(out), flush=True)

    keys = list(GRID)
    for combo in itertools.product(*GRID.values()):
        line(dict(zip(keys, combo, strict=True)))
    print()
    line({})
    for changes in ABLATIONS:
        line(changes)


TFIDF: dict[str, pd.DataFrame] = {}
BM25: dict[str, pd.DataFrame] = {}


def speed(matcher: SkillMatcher, data: Path, cache: Path | None, rounds: int) -> None:
    """Pair scoring of 1,000 résumés x 100 jobs from extracted frames, against TF-IDF over the same texts."""
    task = relevancy_task(data)
    jobs = task.jobs.iloc[:100]
    # 1,000 résumé-like texts: LinkedIn back-end postings' descriptions (skills and prose of the same kind)
    import json

    texts = []
    with open(data / "linkedin_backend_jobs_2025" / "backend_jobs_dedup.jsonl", encoding="utf-8") as fh:
        for line in fh:
            texts.append(re.sub(r"\\(?=[^\w\s])|\*\*", "", json.loads(line)["description"]))
            if len(texts) == 1000:
                break
    resumes = pd.Series(texts, index=[f"r{i}" for i in range(len(texts))])
    rf = extract_cached(matcher, resumes, cache, "speed-resumes")
    jf = extract_cached(matcher, jobs, cache, "speed-jobs")
    kw = {"resume_texts": resumes.to_dict(), "job_texts": jobs.to_dict(), "report": False}

    def skills_only() -> object:
        weights = MatchWeights(lexical=0.0)
        return score_pairs(rf, jf, resumes.index, jobs.index, matcher.taxonomy, weights=weights, **kw)

    def default() -> object:
        return score_pairs(rf, jf, resumes.index, jobs.index, matcher.taxonomy, **kw)

    runs: dict[str, Callable[[], object]] = {
        "skills only": skills_only,
        "default (skills + lexical)": default,
        "tfidf baseline": lambda: tfidf_scores(resumes, jobs),
    }
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            w0, c0 = time.perf_counter(), time.process_time()
            run()
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(time.process_time() - c0)
    base = float(np.median(cpu["tfidf baseline"]))
    print(
        f"{len(resumes)} résumés x {len(jobs)} jobs = {len(resumes) * len(jobs):,} pairs, median of {rounds}"
    )
    for name in runs:
        c, wl = float(np.median(cpu[name])), float(np.median(wall[name]))
        print(f"  {name:28s} cpu {c:6.2f} s  wall {wl:6.2f} s  {c / base:5.1f}x the TF-IDF baseline (cpu)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None, help="keep extracted frames here between runs")
    parser.add_argument("--rounds", type=int, default=1000, help="bootstrap rounds")
    parser.add_argument("--grid", action="store_true", help="print AUC/AP over a grid of MatchWeights knobs")
    parser.add_argument("--speed", action="store_true", help="time pair scoring of 1,000 x 100")
    args = parser.parse_args(argv)
    matcher = SkillMatcher()
    if args.speed:
        speed(matcher, args.data, args.cache, rounds=3)
        return
    tasks = [roles_task(args.data), relevancy_task(args.data)]
    frames = {}
    for task in tasks:
        frames[task.name] = (
            extract_cached(matcher, task.resumes, args.cache, f"{task.name}-resumes"),
            extract_cached(matcher, task.jobs, args.cache, f"{task.name}-jobs"),
        )
        TFIDF[task.name] = tfidf_scores(task.resumes, task.jobs)
        BM25[task.name] = bm25_scores(task.resumes, task.jobs)
    if args.grid:
        run_grid(tasks, frames, matcher)
        return
    pd.set_option("display.width", 200)
    for task in tasks:
        scores = {
            "skillmatch": skillmatch_scores(task, frames[task.name], matcher, MatchWeights()),
            "skillmatch, skills only": skillmatch_scores(
                task, frames[task.name], matcher, MatchWeights(lexical=0.0)
            ),
            "skillmatch, plain coverage": skillmatch_scores(task, frames[task.name], matcher, PLAIN_COVERAGE),
            "tfidf": TFIDF[task.name],
            "bm25": BM25[task.name],
        }
        n_groups = task.labels[task.groups].nunique()
        n_pos = int(task.labels["label"].sum())
        print(f"\n{task.name}: {len(task.jobs)} postings, {n_groups} candidate(s), {n_pos} relevant pairs")
        print(evaluate(task, scores, rounds=args.rounds).round(3).to_string(index=False))


if __name__ == "__main__":
    main()
