"""Batch scoring of large inputs: chunked, parallel, resumable and loss-free.

:func:`run_batch` reads an input table (or a folder of documents) in chunks, scores each chunk with a
:class:`~skillmatch.api.SkillMatcher` through its public methods (in this process or in ``workers``
processes, each building its matcher once), and writes the results in input order. Memory stays flat
however long the input is.

Nothing is lost, duplicated, mixed or overwritten:

* every input record is either in the output (empty texts included, flagged ``empty``; in ``extract``
  output a document without any match still has one row with an empty ``skill_id``) or listed in the
  rejects side file with its row, line and reason;
* no output may be an input, and no two outputs (result, rejects file, gap report) may share a path;
* each finished chunk is stored in a parts folder beside the output (``.OUT.parts``); the final files are
  assembled from the parts and renamed into place together when the run is complete, so a crash or a full
  disk never leaves a half-written or half-updated set of outputs. After a crash, a kill or an interrupt,
  ``resume=True`` keeps the finished chunks and scores only the rest, so every input row ends up in the
  output exactly once; it refuses when the input's content or the settings changed in between;
* a worker process that dies makes the run fail with :class:`~skillmatch.errors.WorkerError` (the finished
  chunks are kept for resuming), and workers exit by themselves within a second of their parent dying.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

from .api import SkillMatcher
from .errors import ConfigError, InputError, OutputError, ResumeError, WorkerError
from .frames import BATCH_MATCH_COLUMNS, KEPT_PREFIX, REJECT_COLUMNS, empty_frame
from .inputs import as_texts
from .io import (
    FOLDER_COLUMNS,
    ROW,
    Chunk,
    Reject,
    TableSpec,
    atomic_paths,
    count_records,
    detect_format,
    iter_chunks,
    write_frame,
)
from .scoring import MatchWeights, reasons, score_pairs, top_k
from .taxonomy import load_taxonomy

__all__ = [
    "KINDS",
    "MATCHERS",
    "ON_ERROR",
    "BatchOptions",
    "BatchSummary",
    "MatcherCache",
    "MatcherConfig",
    "ResumeError",
    "ScoringTask",
    "check_paths",
    "reject_error",
    "run_batch",
    "score_chunk",
]

KINDS = ("extract", "coverage", "match")
ON_ERROR = ("fail", "skip")
_PARTS_VERSION = 2
_BLOCK = 1 << 16  # bytes hashed at each end of an input file for the resume fingerprint
PROGRESS_STEP = 50  # records between two moves of the progress bar in a one-process run
COVERAGE_DECIMALS = 4  # coverage shares in batch outputs: 0.0123, not 0.012345679012345678


@dataclass(frozen=True)
class MatcherConfig:
    """How each process builds its :class:`SkillMatcher` (picklable, unlike the matcher itself).

    ``fuzzy_cutoff=None`` keeps the matcher's own default.
    """

    taxonomy: str | None = None
    extend: str | None = None
    fuzzy: bool = True
    fuzzy_cutoff: float | None = None
    context: bool = True

    def build(self) -> SkillMatcher:
        cutoff = {} if self.fuzzy_cutoff is None else {"fuzzy_cutoff": self.fuzzy_cutoff}
        taxonomy = load_taxonomy(self.taxonomy, extend=self.extend)
        return SkillMatcher(taxonomy, fuzzy=self.fuzzy, context=self.context, **cutoff)


class MatcherCache:
    """The matchers this process has built, one per key, each with a lock for threaded use.

    Batch workers and Dask workers build a matcher once and keep it here; :meth:`clear` drops them all
    (``skillmatch.dask.clear_cache`` calls it).
    """

    def __init__(self) -> None:
        self._matchers: dict[Hashable, tuple[SkillMatcher, threading.Lock]] = {}
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, key: Hashable, build: Callable[[], SkillMatcher]) -> tuple[SkillMatcher, threading.Lock]:
        entry = self._matchers.get(key)
        if entry is not None:
            return entry
        with self._lock:
            entry = self._matchers.get(key)
            if entry is None:
                entry = (build(), threading.Lock())
                self._matchers[key] = entry
                self.builds += 1
        return entry

    def clear(self) -> None:
        with self._lock:
            self._matchers.clear()
            self.builds = 0

    def __len__(self) -> int:
        return len(self._matchers)


#: The matchers of this process (see :class:`MatcherCache`).
MATCHERS = MatcherCache()


@dataclass(frozen=True)
class BatchOptions:
    """Settings of a batch run; see :func:`run_batch`."""

    workers: int = 1
    chunk_size: int = 1000
    on_error: str = "fail"
    resume: bool = False
    protect: bool = True
    output_format: str | None = None
    rejects: str | None = None
    progress: bool | None = None
    against: tuple[str, ...] | None = None
    # match only
    jobs: TableSpec | None = None
    report: str | None = None
    top_k: int | None = None
    weights: MatchWeights | None = None
    explain: bool = False  # a "reasons" column: the decisive matched and missing skills of each pair

    def check(self, kind: str) -> None:
        if kind not in KINDS:
            raise ConfigError(f"unknown batch kind {kind!r}; valid kinds: {', '.join(KINDS)}")
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers!r}")
        if self.chunk_size < 1:
            raise ConfigError(f"chunk_size must be a positive number of rows, got {self.chunk_size!r}")
        if self.on_error not in ON_ERROR:
            raise ConfigError(f"unknown on_error {self.on_error!r}; valid values: {', '.join(ON_ERROR)}")
        if kind == "match" and self.jobs is None:
            raise ConfigError("match needs the jobs to score against")
        if self.top_k is not None and self.top_k < 1:
            raise ConfigError(f"top_k must be a positive integer, got {self.top_k!r}")
        if self.top_k is not None and self.resume:
            raise ConfigError(
                "--resume is not available with --top-k: the ranking needs every résumé in one run"
            )


@dataclass
class BatchSummary:
    """What a batch run did. ``rows_read == rows_scored + rows_rejected`` always holds."""

    rows_read: int = 0
    rows_scored: int = 0
    rows_empty: int = 0
    rows_rejected: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    output_rows: int = 0
    chunks: int = 0
    chunks_resumed: int = 0
    seconds: float = 0.0
    output: str = "-"
    rejects_file: str | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        """A human-readable summary (no document text)."""
        out = [
            f"rows read: {self.rows_read:,}",
            f"rows scored: {self.rows_scored:,} ({self.rows_empty:,} with empty text, kept and flagged)",
            f"rows rejected: {self.rows_rejected:,}",
        ]
        for reason, n in sorted(self.rejected_by_reason.items()):
            out.append(f"  {reason}: {n:,}")
        if self.rejects_file:
            out.append(f"rejected rows listed in: {self.rejects_file}")
        if self.chunks_resumed:
            out.append(f"resumed: {self.chunks_resumed} of {self.chunks} chunks were already done")
        out.append(
            f"output rows: {self.output_rows:,} -> {self.output} "
            f"({self.seconds:.1f} s, {self.rows_per_second:,.0f} rows/s)"
        )
        return out


# -- scoring one chunk (the same code in every process and engine) ---------------------------------------


def _ids(frame: pd.DataFrame, spec: TableSpec) -> pd.Index:
    """The documents' ids: the id column, else the row numbers (the chunk frame's index)."""
    if spec.id_column is not None:
        return pd.Index(frame[spec.id_column].to_numpy(), name=None)
    return pd.Index(frame.index.to_numpy(), name=None)


def _carried(frame: pd.DataFrame, spec: TableSpec, taken: Sequence[str]) -> pd.DataFrame:
    """``row``, ``doc_id`` and the kept input columns, one row per record. A kept column named like a
    column of the output (``taken``) is renamed ``input.NAME``."""
    out = pd.DataFrame({ROW: frame.index.to_numpy(dtype="int64"), "doc_id": _ids(frame, spec).to_numpy()})
    taken_set = {ROW, "doc_id", *taken}
    for col in spec.keep_columns:
        kept = frame[col].to_numpy()
        # object values stay Python objects here (pandas would turn them into Arrow strings at once)
        out[KEPT_PREFIX + col if col in taken_set else col] = (
            pd.Series(kept, dtype=object) if kept.dtype == object else kept
        )
    for col in out.columns[1:]:
        values = out[col]
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            # Arrow strings cannot hold a lone surrogate: such a column stays Python strings, and the
            # writer replaces the surrogates (see io.write_frame)
            with contextlib.suppress(UnicodeEncodeError):
                out[col] = values.astype("string")
    return out


def score_chunk(
    kind: str,
    frame: pd.DataFrame,
    spec: TableSpec,
    matcher: SkillMatcher,
    *,
    against: Sequence[str] | None = None,
    jobs: tuple[pd.DataFrame, pd.Index, dict[object, str]] | None = None,
    weights: MatchWeights | None = None,
    explain: bool = False,
    progress: Callable[[int], object] | None = None,
) -> dict[str, pd.DataFrame]:
    """Score the records of one chunk (a frame of the spec's columns, indexed by row number).

    Returns ``{"out": frame}`` (and ``"report"`` for ``match``). ``extract`` gives one row per match
    plus one row (empty ``skill_id``) for every document without a match; ``coverage`` one row per
    document; ``match`` one row per (résumé, job) pair. ``jobs`` holds the jobs' matches and ids.

    With ``progress``, ``extract`` and ``coverage`` score the chunk in slices of :data:`PROGRESS_STEP`
    records (each document is scored on its own, so the result is the same) and call ``progress(n)``
    after each slice of ``n`` records; ``match`` calls it once.
    """
    if progress is not None and kind in ("extract", "coverage") and len(frame) > PROGRESS_STEP:
        pieces = []
        for start in range(0, len(frame), PROGRESS_STEP):
            part = frame.iloc[start : start + PROGRESS_STEP]
            pieces.append(score_chunk(kind, part, spec, matcher, against=against)["out"])
            progress(len(part))
        return {"out": pd.concat(pieces, ignore_index=True)}
    if progress is not None:
        try:
            return score_chunk(
                kind, frame, spec, matcher, against=against, jobs=jobs, weights=weights, explain=explain
            )
        finally:
            progress(len(frame))
    cols = list(spec.text_columns)
    texts = frame[cols]
    if kind == "extract":
        matches = matcher.extract(texts, text_column=cols).rename(columns={"doc_id": ROW})
        carried = _carried(frame, spec, list(BATCH_MATCH_COLUMNS))
        carried["empty"] = as_texts(texts, text_column=cols).empty
        out = carried.merge(matches.astype({ROW: "int64"}), on=ROW, how="left", sort=False)
        return {"out": out.astype(BATCH_MATCH_COLUMNS)}
    if kind == "coverage":
        cover = matcher.coverage(texts, text_column=cols, against=against).drop(columns=["doc_id"])
        shares = [c for c in cover.columns if c == "coverage" or c.startswith("coverage_")]
        cover[shares] = cover[shares].round(COVERAGE_DECIMALS)
        carried = _carried(frame, spec, list(cover.columns))
        return {"out": pd.concat([carried, cover.reset_index(drop=True)], axis=1)}
    if kind == "match":
        if jobs is None:
            raise ConfigError("match needs the jobs to score against")
        job_matches, job_ids, job_texts = jobs
        ids = _ids(frame, spec)
        if ids.has_duplicates:
            raise InputError(
                f"résumé ids must be unique; {ids[ids.duplicated()][0]!r} appears more than once"
            )
        named = texts.set_axis(ids)
        resume_matches = matcher.extract(named, text_column=cols)
        resume_texts = dict(zip(ids, as_texts(named, text_column=cols).texts, strict=True))
        pairs, report = score_pairs(
            resume_matches,
            job_matches,
            ids,
            job_ids,
            matcher.taxonomy,
            resume_texts=resume_texts,
            job_texts=job_texts,
            weights=weights,
        )
        # résumé-major order (each résumé with every job), whatever the chunk size
        position = {rid: k for k, rid in enumerate(ids)}
        pairs = pairs.iloc[pairs["resume_id"].map(position).argsort(kind="stable")].reset_index(drop=True)
        report = report.iloc[report["resume_id"].map(position).argsort(kind="stable")].reset_index(drop=True)
        if explain:
            pairs = pairs.assign(reasons=reasons(pairs))
        return {"out": pairs, "report": report}
    raise ConfigError(f"unknown batch kind {kind!r}; valid kinds: {', '.join(KINDS)}")


# -- worker processes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringTask:
    """What a worker process (local pool or Dask) needs besides a chunk's rows: sent with every chunk, so
    nothing is kept between runs except the matcher, cached by its config in :data:`MATCHERS`."""

    kind: str
    spec: TableSpec
    config: MatcherConfig
    against: tuple[str, ...] | None
    jobs: tuple[pd.DataFrame, pd.Index, dict[object, str]] | None
    weights: MatchWeights | None
    explain: bool = False

    def run(self, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
        matcher, lock = MATCHERS.get(self.config, self.config.build)
        with lock:
            return score_chunk(
                self.kind,
                frame,
                self.spec,
                matcher,
                against=self.against,
                jobs=self.jobs,
                weights=self.weights,
                explain=self.explain,
            )


def _score_in_worker(task: ScoringTask, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return task.run(frame)


_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int, task: ScoringTask) -> None:
    """Set up a worker: Ctrl-C and SIGTERM are the parent's to handle; die with the parent (Linux's
    parent-death signal where available, and a watcher thread everywhere); build the matcher now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="skillmatch-watch-parent", daemon=True).start()
    MATCHERS.get(task.config, task.config.build)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: cancel what has not started and end the workers (used on errors and signals)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # the executor has no public list
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.terminate()
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.join(timeout=5)


# -- output: parts, assembly, publishing -------------------------------------------------------------------

_SUFFIX = {"csv": ".csv", "tsv": ".tsv", "jsonl": ".jsonl", "parquet": ".parquet"}


def _parts_dir(output: Path) -> Path:
    """The hidden folder beside ``output`` that holds its finished chunks until the run is complete."""
    return output.parent / f".{output.name}.parts"


_SETTING_NAMES = {
    "version": "parts format",
    "kind": "command",
    "spec": "input columns, format, delimiter or encoding",
    "jobs_spec": "jobs columns or format",
    "matcher": "taxonomy or matching settings",
    "chunk_size": "chunk size (--chunk-size)",
    "on_error": "error handling (--on-error)",
    "against": "target skills (--against)",
    "outputs": "output files",
    "protect": "formula protection",
}


def _input_change(what: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> str | None:
    """How an input's fingerprint changed, in words (``None`` if it did not)."""
    if old == new:
        return None
    if old is None or new is None or old.get("path") != new.get("path"):
        return f"the {what} is another file ({(old or {}).get('path')!r}, now {(new or {}).get('path')!r})"
    path = new["path"]
    if "files" in new or "files" in (old or {}):
        before, after = old.get("files", {}), new.get("files", {})
        for name in sorted(set(before) | set(after)):
            if name not in after:
                return f"document {name!r} of the {what} folder {path!r} was removed"
            if name not in before:
                return f"document {name!r} was added to the {what} folder {path!r}"
            if before[name] != after[name]:
                return f"document {name!r} of the {what} folder {path!r} was changed"
    return f"the {what} file {path!r} was changed (its size, content or modification time differs)"


def fingerprint(path: str) -> dict[str, Any]:
    """What identifies an input's content for resuming: for a file, its size, modification time and a
    hash of its first and last 64 KiB; for a folder, every file's name, size and modification time."""
    if path == "-":
        return {"path": "-"}
    p = Path(path).resolve()
    if p.is_dir():
        files = {}
        for f in sorted(p.rglob("*")):
            if f.is_file():
                st = f.stat()
                files[f.relative_to(p).as_posix()] = [st.st_size, st.st_mtime_ns]
        return {"path": str(p), "files": files}
    st = p.stat()
    digest = hashlib.sha256()
    try:
        with open(p, "rb") as fh:
            digest.update(fh.read(_BLOCK))
            if st.st_size > _BLOCK:
                fh.seek(max(st.st_size - _BLOCK, _BLOCK))
                digest.update(fh.read(_BLOCK))
    except PermissionError:
        raise InputError(f"cannot read the input file {path!r}: permission denied") from None
    return {"path": str(p), "size": st.st_size, "modified": st.st_mtime_ns, "ends": digest.hexdigest()}


class _Parts:
    """Finished chunks stored beside an output file until the run is complete."""

    def __init__(self, outputs: dict[str, tuple[Path, str]], manifest: dict[str, Any], resume: bool) -> None:
        main = outputs["out"][0]
        manifest = json.loads(json.dumps(manifest))  # compared with the stored one, tuples as lists
        self.dir = _parts_dir(main)
        self.outputs = outputs
        self.done: dict[int, dict[str, Any]] = {}
        if resume and (self.dir / "manifest.json").exists():
            old = json.loads((self.dir / "manifest.json").read_text(encoding="utf-8"))
            self._check(main, old, manifest)
            for meta_file in sorted(self.dir.glob("meta-*.json")):
                meta = json.loads(meta_file.read_text(encoding="utf-8"))
                self.done[int(meta["chunk"])] = meta
            return
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        _atomic_text(self.dir / "manifest.json", json.dumps(manifest, indent=1, sort_keys=True))

    @staticmethod
    def _check(main: Path, old: dict[str, Any], new: dict[str, Any]) -> None:
        refuse = f"cannot resume {str(main)!r}: "
        fix = "; rerun without --resume to start over"
        if old.get("version") != new["version"]:
            raise ResumeError(
                f"{refuse}its stored chunks were written in a different format "
                f"(version {old.get('version')!r}, now {new['version']!r}){fix}"
            )
        for key, what in (("input", "input"), ("jobs", "jobs")):
            change = _input_change(what, old.get(key), new.get(key))
            if change is not None:
                raise ResumeError(f"{refuse}{change} since the unfinished run{fix}")
        for key in new:
            if key not in ("input", "jobs") and old.get(key) != new[key]:
                name = _SETTING_NAMES.get(key, key)
                shown = key in ("kind", "chunk_size", "on_error")
                detail = f" ({old.get(key)!r}, now {new[key]!r})" if shown else ""
                raise ResumeError(f"{refuse}the unfinished run used a different {name}{detail}{fix}")

    def _part(self, name: str, index: int) -> Path:
        return self.dir / f"{name}-{index:08d}{_SUFFIX[self.outputs[name][1]]}"

    def write(self, index: int, frames: dict[str, pd.DataFrame], meta: dict[str, Any], protect: bool) -> None:
        names = [name for name in frames if name in self.outputs]
        with atomic_paths([self._part(name, index) for name in names]) as temps:
            for name, tmp in zip(names, temps, strict=True):
                write_frame(frames[name], tmp, self.outputs[name][1], protect=protect)
        # the meta file is written last: its presence marks the chunk as done
        _atomic_text(self.dir / f"meta-{index:08d}.json", json.dumps(meta))
        self.done[index] = meta

    def writers(self, n_chunks: int) -> list[tuple[Path, Callable[[Path], None]]]:
        """How to assemble each output from the stored chunks (for :func:`_publish`)."""
        missing = [i for i in range(n_chunks) if i not in self.done]
        if missing:
            raise WorkerError(f"chunk {missing[0]} has no stored result; rerun with --resume to finish it")
        out = []
        for name, (path, fmt) in self.outputs.items():
            parts = [self._part(name, i) for i in range(n_chunks)]
            out.append((path, lambda tmp, parts=parts, fmt=fmt: _concat_parts(parts, tmp, fmt)))
        return out

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _concat_parts(parts: list[Path], target: Path, fmt: str) -> None:
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schemas = [pq.read_schema(p) for p in parts]
        if not schemas:
            pd.DataFrame().to_parquet(target, index=False)
            return
        schema = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
        with pq.ParquetWriter(target, schema) as writer:
            for p in parts:
                table = pq.read_table(p).replace_schema_metadata(None)
                writer.write_table(table.cast(schema))
        return
    with open(target, "wb") as out:
        for k, p in enumerate(parts):
            with open(p, "rb") as fh:
                if k and fmt in ("csv", "tsv"):
                    fh.readline()  # each part repeats the header line (never a multi-line one)
                shutil.copyfileobj(fh, out, 1 << 20)


def _atomic_text(path: Path, text: str) -> None:
    with atomic_paths([path]) as (tmp,):
        tmp.write_text(text, encoding="utf-8")


def _publish(items: list[tuple[Path, Callable[[Path], None]]]) -> None:
    """Write every output of a run to a temporary file, then rename them all into place: all or none."""
    with atomic_paths([path for path, _ in items]) as temps:
        for tmp, (path, write) in zip(temps, items, strict=True):
            try:
                write(tmp)
            except OSError as exc:
                raise OutputError(
                    f"cannot write {str(path)!r}: {exc.strerror or exc}; "
                    "every previous output file is unchanged"
                ) from None


def _rejects_writer(rejects: list[dict[str, Any]]) -> Callable[[Path], None]:
    frame = pd.DataFrame(rejects, columns=list(REJECT_COLUMNS)) if rejects else empty_frame(REJECT_COLUMNS)
    frame = frame.astype(REJECT_COLUMNS)
    return lambda tmp: write_frame(frame, tmp, "csv")


_REJECTS_HEADER = ",".join(REJECT_COLUMNS)


def _remove_stale_rejects(path: Path) -> None:
    """Remove a rejects file left by an earlier run (recognised by its header) after a clean run."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        with open(path, encoding="utf-8") as fh:
            first = fh.readline().strip()
        if first == _REJECTS_HEADER:
            path.unlink()


def _rejects_path(output: str, explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    if output == "-":
        return Path("skillmatch-rejected.csv")
    out = Path(output)
    return out.with_name(f"{out.stem}.rejected.csv")


def _same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file (through symbolic and hard links), existing or not."""
    with contextlib.suppress(OSError):
        if os.path.samefile(a, b):
            return True
    return Path(a).resolve() == Path(b).resolve()


def check_paths(spec: TableSpec, output: str, options: BatchOptions) -> None:
    """Refuse a run whose outputs would overwrite an input or each other (before anything is read)."""
    inputs = [("input", spec.path)]
    if options.jobs is not None:
        inputs.append(("jobs input", options.jobs.path))
    outputs: list[tuple[str, str | Path]] = []
    if output != "-":
        outputs.append(("output", output))
    if options.report is not None:
        outputs.append(("gap report (--report)", options.report))
    outputs.append(("rejects file (--rejects)", _rejects_path(output, options.rejects)))
    for out_name, out_path in outputs:
        for in_name, in_path in inputs:
            if in_path != "-" and _same_file(out_path, in_path):
                raise ConfigError(
                    f"the {out_name} {str(out_path)!r} is the {in_name} {in_path!r}: writing it would "
                    "destroy the input; choose another output file"
                )
            if (
                in_path != "-"
                and Path(in_path).is_dir()
                and Path(out_path).resolve().is_relative_to(Path(in_path).resolve())
            ):
                raise ConfigError(
                    f"the {out_name} {str(out_path)!r} is inside the {in_name} folder {in_path!r}; "
                    "choose an output outside it"
                )
    for name, path in outputs:
        folder = Path(path).resolve().parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            what = "is not a folder" if not folder.is_dir() else "cannot be written"
            raise OutputError(f"cannot write the {name} {str(path)!r}: {str(folder)!r} {what}")
    for i, (name_a, path_a) in enumerate(outputs):
        for name_b, path_b in outputs[i + 1 :]:
            if _same_file(path_a, path_b):
                raise ConfigError(
                    f"the {name_a} and the {name_b} are the same file {str(path_a)!r}; give each its own path"
                )


# -- the run -----------------------------------------------------------------------------------------------


def _folder_spec(spec: TableSpec) -> TableSpec:
    """A folder of documents read as a table with the columns ``id`` and ``text``."""
    if not spec.is_folder:
        return spec
    keep = tuple(c for c in spec.keep_columns if c in FOLDER_COLUMNS)
    return TableSpec(spec.path, ("text",), "id", keep, encoding=spec.encoding)


def _load_jobs(spec: TableSpec, matcher: SkillMatcher) -> tuple[pd.DataFrame, pd.Index, dict[object, str]]:
    frames = []
    for chunk in iter_chunks(spec, 10_000):
        if chunk.rejects:
            r = chunk.rejects[0]
            where = f", line {r.line}" if r.line is not None else ""
            raise InputError(f"jobs input {spec.path}{where} (row {r.row}): {r.message}; fix the jobs input")
        frames.append(chunk.frame)
    frame = pd.concat(frames) if frames else pd.DataFrame(columns=spec.columns)
    ids = _ids(frame, spec)
    if ids.has_duplicates:
        raise InputError(f"job ids must be unique; {ids[ids.duplicated()][0]!r} appears more than once")
    cols = list(spec.text_columns)
    named = frame[cols].set_axis(ids)
    texts = dict(zip(ids, as_texts(named, text_column=cols).texts, strict=True))
    return matcher.extract(named, text_column=cols), ids, texts


def reject_error(spec: TableSpec, reject: Reject) -> InputError:
    where = "standard input" if spec.path == "-" else spec.path
    line = f", line {reject.line}" if reject.line is not None else ""
    return InputError(
        f"{where}{line} (row {reject.row}): {reject.message}; "
        "use --on-error skip to list such rows in a side file and go on"
    )


def run_batch(
    kind: str,
    spec: TableSpec,
    output: str,
    *,
    config: MatcherConfig | None = None,
    options: BatchOptions | None = None,
    log: Callable[[str], None] | None = None,
) -> BatchSummary:
    """Score ``spec``'s records with ``kind`` (``extract``, ``coverage`` or ``match``) into ``output``.

    ``output`` is a ``.csv``, ``.tsv``, ``.jsonl`` or ``.parquet`` file (or ``-`` for CSV/JSONL on
    standard output). See :class:`BatchOptions` for workers, chunk size, error handling and resuming.
    ``log`` receives notes for the user (never document text).
    """
    config = config or MatcherConfig()
    options = options or BatchOptions()
    options.check(kind)
    log = log or (lambda message: None)
    spec = _folder_spec(spec)
    if options.jobs is not None:
        options = replace(options, jobs=_folder_spec(options.jobs))
    started = time.perf_counter()
    out_fmt = detect_format(output, options.output_format)
    report_fmt = detect_format(options.report) if options.report is not None else None
    to_stdout = output == "-"
    if to_stdout and out_fmt == "parquet":
        raise ConfigError("Parquet cannot be written to standard output; give an output file name")
    if to_stdout and options.resume:
        raise ConfigError("--resume needs an output file: standard output cannot be continued")
    if options.report is not None and kind != "match":
        raise ConfigError("a gap report (--report) is only written by match")
    if options.report is not None and to_stdout:
        raise ConfigError("a gap report (--report) needs an output file, not standard output")
    check_paths(spec, output, options)

    local = config.build() if options.workers == 1 or kind == "match" else None
    jobs = _load_jobs(options.jobs, local) if options.jobs is not None and local is not None else None
    task = ScoringTask(kind, spec, config, options.against, jobs, options.weights, options.explain)

    outputs: dict[str, tuple[Path, str]] = {}
    parts: _Parts | None = None
    if not to_stdout:
        outputs["out"] = (Path(output), out_fmt)
        if options.report and report_fmt is not None:
            outputs["report"] = (Path(options.report), report_fmt)
        if options.top_k is None:
            manifest = {
                "version": _PARTS_VERSION,
                "kind": kind,
                "input": fingerprint(spec.path),
                "jobs": fingerprint(options.jobs.path) if options.jobs else None,
                "spec": asdict(spec),
                "jobs_spec": asdict(options.jobs) if options.jobs else None,
                "matcher": asdict(config),
                "chunk_size": options.chunk_size,
                "on_error": options.on_error,
                "against": list(options.against) if options.against else None,
                "outputs": {k: [str(p), f] for k, (p, f) in outputs.items()},
                "protect": options.protect,
            }
            stored = _parts_dir(Path(output)).exists()
            if options.resume and not stored:
                log("nothing to resume: starting from the first row")
            elif not options.resume and stored:
                log(
                    "discarding the stored chunks of an unfinished earlier run (pass --resume to continue it)"
                )
            parts = _Parts(outputs, manifest, options.resume)

    total = None
    show = options.progress if options.progress is not None else sys.stderr.isatty()
    if show:
        with contextlib.suppress(OSError, ValueError):
            total = count_records(spec)
    from tqdm.auto import tqdm

    bar = tqdm(total=total, unit="rows", disable=not show, file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    summary = BatchSummary(output=output)
    reasons: Counter[str] = Counter()
    all_rejects: list[dict[str, Any]] = []
    kept: dict[str, list[pd.DataFrame]] = {"out": [], "report": []}
    n_chunks = 0
    header_written = False

    def account(meta: dict[str, Any]) -> None:
        nonlocal advanced
        summary.rows_read += meta["records"]
        summary.rows_rejected += len(meta["rejects"])
        summary.rows_scored += meta["records"] - len(meta["rejects"])
        summary.rows_empty += meta["empty"]
        summary.output_rows += meta["output_rows"]
        for r in meta["rejects"]:
            reasons[r["reason"]] += 1
            all_rejects.append(r)
        # the scored records of this chunk may have moved the bar already (one-process runs)
        bar.update(meta["records"] - advanced)
        advanced = 0

    advanced = 0

    def advance(n: int) -> None:
        nonlocal advanced
        advanced += n
        bar.update(n)

    def finish(index: int, chunk: Chunk, frames: dict[str, pd.DataFrame]) -> None:
        nonlocal header_written
        meta = {
            "chunk": index,
            "records": chunk.n_records,
            "empty": chunk.n_empty,
            "output_rows": len(frames["out"]),
            "rejects": [asdict(r) for r in chunk.rejects],
        }
        if options.top_k is not None:
            _keep_top(kept, frames, options.top_k)
        elif parts is not None:
            parts.write(index, frames, meta, options.protect)
        else:
            write_frame(
                frames["out"], sys.stdout, out_fmt, protect=options.protect, header=not header_written
            )
            header_written = True
        account(meta)

    def checked(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
        nonlocal n_chunks
        for chunk in chunks:
            n_chunks = chunk.index + 1
            if chunk.rejects and options.on_error == "fail":
                raise reject_error(spec, chunk.rejects[0])
            yield chunk

    try:
        chunks = checked(iter_chunks(spec, options.chunk_size))
        todo: Iterator[Chunk]
        if parts is not None and parts.done:

            def skip_done(source: Iterator[Chunk]) -> Iterator[Chunk]:
                for chunk in source:
                    if chunk.index in parts.done:
                        summary.chunks_resumed += 1
                        account(parts.done[chunk.index])
                        continue
                    yield chunk

            todo = skip_done(chunks)
        else:
            todo = chunks
        if options.workers == 1:
            assert local is not None
            for chunk in todo:
                frames = score_chunk(
                    kind,
                    chunk.frame,
                    spec,
                    local,
                    against=options.against,
                    jobs=jobs,
                    weights=options.weights,
                    explain=options.explain,
                    progress=advance if show else None,
                )
                finish(chunk.index, chunk, frames)
        else:
            _run_pool(task, options.workers, todo, finish)
    except InputError:
        if parts is not None:
            parts.remove()
        raise
    finally:
        bar.close()

    summary.chunks = n_chunks
    rejects_path = _rejects_path(output, options.rejects)
    items: list[tuple[Path, Callable[[Path], None]]] = []
    if options.top_k is not None:
        frames = {k: pd.concat(v, ignore_index=True) for k, v in kept.items() if v}
        ranked = top_k(frames["out"], options.top_k, per="job_id") if "out" in frames else pd.DataFrame()
        summary.output_rows = len(ranked)
        if to_stdout:
            write_frame(ranked, sys.stdout, out_fmt, protect=options.protect)
        else:
            items.append(
                (Path(output), lambda tmp: write_frame(ranked, tmp, out_fmt, protect=options.protect))
            )
        if options.report and report_fmt is not None and "report" in frames:
            report = frames["report"]
            chosen = set(zip(ranked["resume_id"], ranked["job_id"], strict=True))
            mask = [pair in chosen for pair in zip(report["resume_id"], report["job_id"], strict=True)]
            chosen_report = report[mask]
            items.append(
                (
                    Path(options.report),
                    lambda tmp: write_frame(chosen_report, tmp, report_fmt, protect=options.protect),
                )
            )
    elif parts is not None:
        items.extend(parts.writers(n_chunks))
    if all_rejects:
        all_rejects.sort(key=lambda r: r["row"])
        items.append((rejects_path, _rejects_writer(all_rejects)))
        summary.rejects_file = str(rejects_path)
    _publish(items)
    if not all_rejects:
        _remove_stale_rejects(rejects_path)
    if parts is not None:
        parts.remove()
    summary.rejected_by_reason = dict(reasons)
    summary.seconds = time.perf_counter() - started
    return summary


def _run_pool(
    task: ScoringTask,
    workers: int,
    todo: Iterator[Chunk],
    finish: Callable[[int, Chunk, dict[str, pd.DataFrame]], None],
) -> None:
    """Score chunks in ``workers`` processes, finishing them in input order with a bounded window."""
    pool = ProcessPoolExecutor(
        workers, mp_context=get_context("spawn"), initializer=_worker_init, initargs=(os.getpid(), task)
    )
    window: deque[tuple[Chunk, Future[dict[str, pd.DataFrame]]]] = deque()

    def collect() -> None:
        chunk, future = window[0]
        result = future.result()
        window.popleft()
        finish(chunk.index, chunk, result)

    try:
        for chunk in todo:
            window.append((chunk, pool.submit(_score_in_worker, task, chunk.frame)))
            while len(window) > 2 * workers:
                collect()
        while window:
            collect()
    except BrokenProcessPool:
        _stop_pool(pool)
        where = ""
        if window:
            chunk = window[0][0]
            rows = chunk.frame.index
            where = f" while scoring chunk {chunk.index}" + (
                f" (rows {rows[0]}-{rows[-1]})" if len(rows) else ""
            )
        raise WorkerError(
            f"a worker process died{where}, killed or out of memory; the finished chunks are kept: "
            "rerun with --resume to score the rest"
        ) from None
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown()


def _keep_top(kept: dict[str, list[pd.DataFrame]], frames: dict[str, pd.DataFrame], k: int) -> None:
    """Keep only the pairs that can still be among a job's ``k`` best (memory: jobs × k pairs)."""
    kept["out"].append(frames["out"])
    kept["report"].append(frames["report"])
    pairs = pd.concat(kept["out"], ignore_index=True)
    best = top_k(pairs, k, per="job_id")
    chosen = set(zip(best["resume_id"], best["job_id"], strict=True))
    report = pd.concat(kept["report"], ignore_index=True)
    mask = [pair in chosen for pair in zip(report["resume_id"], report["job_id"], strict=True)]
    keep_pairs = [pair in chosen for pair in zip(pairs["resume_id"], pairs["job_id"], strict=True)]
    kept["out"] = [pairs[keep_pairs]]
    kept["report"] = [report[mask]]
