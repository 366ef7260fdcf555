"""Batch throughput and memory of ``skillmatch extract`` on repeated LinkedIn postings.

    python benchmarks/batch.py --data ../shared/data

Builds CSV inputs of N rows by repeating the LinkedIn back-end corpus (in a temporary folder, never in
the project), runs the real command line (``python -m skillmatch extract ... -o out.parquet``) as a
subprocess for every size and worker count, and prints rows/s, MB/s, wall time and peak RSS (the sum over
the process and its workers, sampled every 50 ms with psutil). In the same run, a plain single-process
``SkillMatcher().extract(texts)`` over the first ``--baseline-rows`` rows of the same kind of input gives
the baseline rows/s, so every figure is also a ratio measured on this machine at this moment.

Two kinds of rows are used: ``full`` (whole descriptions, about 4.9 kB each) for throughput and the
worker speed-up, and ``short`` (the first ``--short-chars`` characters of each description) for the
memory scaling up to a million rows, which would otherwise take hours on two cores.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from datasets import clean_linkedin, require


def load_postings(data: Path) -> list[tuple[str, str]]:
    path = require(data / "linkedin_backend_jobs_2025" / "backend_jobs_dedup.jsonl", "LinkedIn corpus")
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            out.append((record.get("title") or "", clean_linkedin(record.get("description") or "")))
    return out


def write_input(path: Path, postings: list[tuple[str, str]], rows: int, chars: int | None) -> int:
    """Write ``rows`` rows cycling through the postings; returns the text bytes written."""
    size = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "description"])
        for i in range(rows):
            title, text = postings[i % len(postings)]
            if chars:
                text = text[:chars]
            size += len(text.encode("utf-8"))
            writer.writerow([f"job-{i}", title, text])
    return size


def run_cli(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB (process tree) of one command-line run."""
    peak = 0
    started = time.perf_counter()
    proc = psutil.Popen([sys.executable, "-m", "skillmatch", *args])
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                procs = [proc, *proc.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = proc.wait()
    done.set()
    thread.join()
    seconds = time.perf_counter() - started
    if code != 0:
        sys.exit(f"error: skillmatch exited with {code} for {' '.join(args)}")
    return seconds, peak / 2**20


def baseline(postings: list[tuple[str, str]], rows: int, chars: int | None) -> float:
    """rows/s of a plain in-process ``SkillMatcher().extract`` (the matcher built outside the clock)."""
    from skillmatch import SkillMatcher

    texts = [
        (postings[i % len(postings)][1][:chars] if chars else postings[i % len(postings)][1])
        for i in range(rows)
    ]
    matcher = SkillMatcher()
    matcher.extract(texts[:20])
    started = time.perf_counter()
    matcher.extract(texts)
    return rows / (time.perf_counter() - started)


def reader_ratio(path: Path, rounds: int = 3) -> tuple[float, float]:
    """Seconds to read ``path`` with skillmatch's strict streaming reader (``iter_chunks``) and with
    ``pandas.read_csv`` in the same run, median of ``rounds`` each."""
    import statistics

    import pandas as pd

    from skillmatch.io import TableSpec, iter_chunks

    spec = TableSpec(str(path), ("description",), "id")
    ours, theirs = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        for _chunk in iter_chunks(spec, 1000):
            pass
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        pd.read_csv(path, dtype=str, keep_default_na=False)
        theirs.append(time.perf_counter() - started)
    return statistics.median(ours), statistics.median(theirs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="The shared data folder.")
    parser.add_argument("--full-sizes", default="10000", help="Row counts of full-text runs.")
    parser.add_argument(
        "--short-sizes", default="10000,100000,1000000", help="Row counts of short-text runs."
    )
    parser.add_argument("--short-chars", type=int, default=300, help="Characters kept per short row.")
    parser.add_argument("--workers", default="1,2", help="Worker counts for the full-text runs.")
    parser.add_argument("--short-workers", default="2", help="Worker counts for the short-text runs.")
    parser.add_argument("--baseline-rows", type=int, default=2000, help="Rows of the in-process baseline.")
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument(
        "--reader-only", action="store_true", help="Only time the input reader against pandas.read_csv."
    )
    args = parser.parse_args()

    postings = load_postings(args.data)
    with tempfile.TemporaryDirectory(prefix="skillmatch-reader-") as tmp:
        n = int(args.full_sizes.split(",")[0])
        path = Path(tmp) / "reader.csv"
        size = write_input(path, postings, n, None)
        ours, theirs = reader_ratio(path)
        print(
            f"reader: {n:,} full rows ({size / 2**20:.1f} MiB): iter_chunks {ours:.2f} s, "
            f"pandas.read_csv {theirs:.2f} s, ratio {ours / theirs:.2f} (median of 3)"
        )
    if args.reader_only:
        return
    plans: list[tuple[str, int | None, int, int]] = []
    for n in (int(s) for s in args.full_sizes.split(",") if s):
        plans += [("full", None, n, int(w)) for w in args.workers.split(",")]
    for n in (int(s) for s in args.short_sizes.split(",") if s):
        plans += [("short", args.short_chars, n, int(w)) for w in args.short_workers.split(",")]

    print(
        f"machine: {os.cpu_count()} cores; LinkedIn postings: {len(postings)}; chunk size {args.chunk_size}"
    )
    base = {
        "full": baseline(postings, args.baseline_rows, None),
        "short": baseline(postings, args.baseline_rows * 5, args.short_chars),
    }
    for kind, rate in base.items():
        print(f"baseline in-process SkillMatcher().extract, {kind} rows: {rate:,.0f} rows/s")
    names = [("rows", 5), ("n", 9), ("workers", 7), ("seconds", 8), ("rows/s", 8), ("MB/s", 6), ("ratio", 6)]
    header = " ".join(f"{name:>{width}}" for name, width in names) + " peak RSS MiB"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="skillmatch-batch-") as tmp:
        made: dict[tuple[str, int], tuple[Path, int]] = {}
        for kind, chars, n, workers in plans:
            if (kind, n) not in made:
                path = Path(tmp) / f"{kind}-{n}.csv"
                made[(kind, n)] = (path, write_input(path, postings, n, chars))
            path, size = made[(kind, n)]
            out = Path(tmp) / "out.parquet"
            seconds, peak = run_cli(
                [
                    "extract",
                    str(path),
                    "-t",
                    "description",
                    "--id-column",
                    "id",
                    "-o",
                    str(out),
                    "-q",
                    "--workers",
                    str(workers),
                    "--chunk-size",
                    str(args.chunk_size),
                ]
            )
            rate = n / seconds
            mbs = size / 2**20 / seconds
            print(
                f"{kind:>5} {n:>9,} {workers:>7} {seconds:>8.1f} {rate:>8,.0f} {mbs:>6.2f} "
                f"{rate / base[kind]:>6.2f} {peak:>12,.0f}",
                flush=True,
            )
            out.unlink(missing_ok=True)
    print("ratio: command-line rows/s over the in-process baseline rows/s (start-up included in the former)")


if __name__ == "__main__":
    main()
