"""Dump every extracted row over the public texts, and compare two dumps.

    python benchmarks/compare_outputs.py dump --data ../shared/data --out /tmp/new.parquet
    python benchmarks/compare_outputs.py diff /tmp/old.parquet /tmp/new.parquet [--show 20]

``dump`` runs :func:`skillmatch.extract` (the default matcher: context and fuzzy matching on) over every
posting and résumé text of the data folder: LinkedIn, Dice, Google, SkillSpan (tech and house, train and
dev), the résumé chunks and the ``resume_jd_relevancy`` postings. Rows are keyed by corpus, document and
character span. ``diff`` lists the rows only in the first dump (removed), only in the second (added) and
those whose other columns differ (changed), with counts per corpus and per changed column.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd

from datasets import google_postings, linkedin_texts, require, resume_chunks, skillspan

_KEY = ["corpus", "doc", "start", "end", "skill_id"]


def _dice(data: Path) -> list[str]:
    path = require(data / "dice_tech_jobs_sample" / "dice_com-job_us_sample.csv", "Dice sample")
    with path.open(encoding="utf-8", newline="") as fh:
        return [row.get("jobdescription") or "" for row in csv.DictReader(fh)]


def _relevancy(data: Path) -> list[str]:
    path = require(data / "resume_jd_relevancy" / "job_descriptions.csv", "résumé/JD relevancy postings")
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        return [row.get("job_description") or "" for row in csv.DictReader(fh)]


def corpora(data: Path) -> dict[str, list[str]]:
    """Every text of the data folder, by corpus."""
    return {
        "linkedin": linkedin_texts(data),
        "dice": _dice(data),
        "google": [row["text"] for row in google_postings(data)],
        "skillspan": [p.text for p in skillspan(data, ("train", "dev"), "tech")]
        + [p.text for p in skillspan(data, ("train", "dev"), "house")],
        "resumes": [row["text"] for row in resume_chunks(data)],
        "relevancy": _relevancy(data),
    }


def dump(data: Path) -> pd.DataFrame:
    import skillmatch

    frames = []
    for name, texts in corpora(data).items():
        df = skillmatch.extract(texts)
        df = df.rename(columns={"doc_id": "doc"})
        df.insert(0, "corpus", name)
        frames.append(df)
        print(f"{name}: {len(texts)} texts, {len(df)} rows", file=sys.stderr)
    out = pd.concat(frames, ignore_index=True)
    out["doc"] = out["doc"].astype("int64")
    return out


def _read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)


def diff(old: pd.DataFrame, new: pd.DataFrame, show: int = 10) -> int:
    """Print the differences; return the number of differing rows."""
    cols = [c for c in old.columns if c not in _KEY and c in new.columns]
    both = old.merge(new, on=_KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    removed = both[both["_merge"] == "left_only"]
    added = both[both["_merge"] == "right_only"]
    common = both[both["_merge"] == "both"]
    changed_mask = pd.Series(False, index=common.index)
    per_col = {}
    for c in cols:
        a, b = common[f"{c}_old"], common[f"{c}_new"]
        differs = ~((a == b).fillna(False) | (a.isna() & b.isna()))
        per_col[c] = int(differs.sum())
        changed_mask |= differs
    changed = common[changed_mask]
    print(
        f"rows: {len(old)} -> {len(new)}; removed {len(removed)}, added {len(added)}, changed {len(changed)}"
    )
    for kind, frame in (("removed", removed), ("added", added), ("changed", changed)):
        if len(frame):
            print(f"  {kind} per corpus: {frame['corpus'].value_counts().to_dict()}")
    if len(changed):
        print(f"  changed per column: { {c: n for c, n in per_col.items() if n} }")
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        for kind, frame in (("removed", removed), ("added", added), ("changed", changed)):
            if len(frame):
                print(f"--- {kind} (first {show})")
                side = "new" if kind == "added" else "old"
                keep = _KEY + [f"{c}_{side}" for c in cols]
                if kind == "changed":
                    keep = _KEY + [f"{c}_{s}" for c in cols if per_col[c] for s in ("old", "new")]
                print(frame[keep].head(show).to_string())
    return len(removed) + len(added) + len(changed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="extract every text and write the rows")
    d.add_argument("--data", type=Path, default=Path("../shared/data"))
    d.add_argument("--out", type=Path, required=True, help=".parquet or .csv")
    c = sub.add_parser("diff", help="compare two dumps")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--show", type=int, default=10)
    args = parser.parse_args(argv)
    if args.command == "dump":
        out = dump(args.data)
        if args.out.suffix == ".parquet":
            out.to_parquet(args.out, index=False)
        else:
            out.to_csv(args.out, index=False)
        print(f"{len(out)} rows written to {args.out}", file=sys.stderr)
        return 0
    return 1 if diff(_read(args.old), _read(args.new), args.show) else 0


if __name__ == "__main__":
    raise SystemExit(main())
