"""Batch scoring of large inputs: chunked, parallel, resumable and loss-free.

:func:`run_batch` reads an input table (or a folder of documents) in chunks, scores each chunk with a
:class:`~skillmatch.api.SkillMatcher` (in this process or in ``workers`` processes, each building its
matcher once), and writes the results in input order. Memory stays flat however long the input is.

Nothing is lost or duplicated:

* every input record is either in the output (empty texts included, flagged ``empty``; in ``extract``
  output a document without any match still has one row with an empty ``skill_id``) or listed in the
  rejects side file with its row, line and reason;
* each finished chunk is stored in a parts folder beside the output (``.OUT.parts``); the final file
  is assembled from the parts and renamed into place atomically, so a crash never leaves a
  half-written output. After a crash or a kill, ``resume=True`` keeps the finished chunks and scores
  only the rest, so every input row ends up in the output exactly once.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from .api import SkillMatcher
from .errors import ConfigError, InputError
from .inputs import as_texts
from .io import (
    FOLDER_COLUMNS,
    ROW,
    Chunk,
    Reject,
    TableSpec,
    atomic_path,
    count_records,
    detect_format,
    iter_chunks,
    protect_formulas,
)
from .scoring import MatchWeights, coverage_frame, reasons, score_pairs, top_k
from .taxonomy import load_taxonomy

__all__ = [
    "KINDS",
    "ON_ERROR",
    "BatchOptions",
    "BatchSummary",
    "MatcherConfig",
    "ResumeError",
    "run_batch",
    "score_chunk",
]

KINDS = ("extract", "coverage", "match")
ON_ERROR = ("fail", "skip")
_PARTS_VERSION = 1


class ResumeError(ValueError):
    """``resume=True`` for an output whose unfinished run used other inputs or settings."""


@dataclass(frozen=True)
class MatcherConfig:
    """How each process builds its :class:`SkillMatcher` (picklable, unlike the matcher itself)."""

    taxonomy: str | None = None
    extend: str | None = None
    fuzzy: bool = True
    context: bool = True

    def build(self) -> SkillMatcher:
        return SkillMatcher(
            load_taxonomy(self.taxonomy, extend=self.extend), fuzzy=self.fuzzy, context=self.context
        )


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
            raise ConfigError("resume is not available with top_k: the ranking needs every résumé in one run")


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


def _ids(frame: pd.DataFrame, spec: TableSpec) -> pd.Series:
    if spec.id_column is not None:
        return frame[spec.id_column].reset_index(drop=True)
    return frame[ROW].reset_index(drop=True)


def _carried(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """``row``, ``doc_id`` and the kept input columns, one row per record."""
    out = pd.DataFrame({ROW: frame[ROW].to_numpy(), "doc_id": _ids(frame, spec).to_numpy()})
    for col in spec.keep_columns:
        out[col] = frame[col].to_numpy()
    for col in ["doc_id", *spec.keep_columns]:
        values = out[col]
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            out[col] = values.astype("string")
    return out


#: Column dtypes of batch ``extract`` output after ``row``, ``doc_id`` and the kept columns.
BATCH_MATCH_COLUMNS: dict[str, str] = {
    "empty": "bool",
    "skill_id": "string",
    "skill": "string",
    "category": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "method": "string",
    "score": "Float64",
    "requirement": "string",
    "negated": "boolean",
    "years": "Float64",
    "proficiency": "string",
}


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
) -> dict[str, pd.DataFrame]:
    """Score the records of one chunk (a frame with a ``row`` column and the spec's columns).

    Returns ``{"out": frame}`` (and ``"report"`` for ``match``). ``extract`` gives one row per match
    plus one row (empty ``skill_id``) for every document without a match; ``coverage`` one row per
    document; ``match`` one row per (résumé, job) pair.
    """
    indexed = frame.set_index(ROW)
    data = as_texts(indexed, text_column=list(spec.text_columns))
    carried = _carried(frame, spec)
    if kind == "extract":
        matches = matcher._extract(data).rename(columns={"doc_id": ROW})
        carried["empty"] = data.empty
        out = carried.merge(matches, on=ROW, how="left", sort=False)
        return {"out": out.astype(BATCH_MATCH_COLUMNS)}
    if kind == "coverage":
        _, found, counts = matcher._records(data)
        cover = coverage_frame(found, counts, data.ids, data.empty, matcher.taxonomy, against=against)
        cover = cover.drop(columns=["doc_id"])
        return {"out": pd.concat([carried, cover.reset_index(drop=True)], axis=1)}
    if kind == "match":
        assert jobs is not None
        job_matches, job_ids, job_texts = jobs
        ids = pd.Index(_ids(frame, spec))
        if ids.has_duplicates:
            raise InputError(
                f"résumé ids must be unique; {ids[ids.duplicated()][0]!r} appears more than once"
            )
        data.ids = ids
        resume_matches = matcher._extract(data)
        texts = dict(zip(ids, data.texts, strict=True))
        pairs, report = score_pairs(
            resume_matches,
            job_matches,
            ids,
            job_ids,
            matcher.taxonomy,
            resume_texts=texts,
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

_STATE: dict[str, Any] = {}


def _init_state(config: MatcherConfig, kind: str, spec: TableSpec, extra: dict[str, Any]) -> None:
    _STATE.clear()
    _STATE.update(matcher=config.build(), kind=kind, spec=spec, **extra)


def _score(index: int, frame: pd.DataFrame) -> tuple[int, dict[str, pd.DataFrame]]:
    s = _STATE
    result = score_chunk(
        s["kind"],
        frame,
        s["spec"],
        s["matcher"],
        against=s["against"],
        jobs=s["jobs"],
        weights=s["weights"],
        explain=s.get("explain", False),
    )
    return index, result


# -- output: parts, assembly, streaming --------------------------------------------------------------------

_SUFFIX = {"csv": ".csv", "tsv": ".tsv", "jsonl": ".jsonl", "parquet": ".parquet"}


def _write_frame(
    frame: pd.DataFrame, target: Path | TextIO, fmt: str, *, protect: bool, header: bool
) -> None:
    if fmt in ("csv", "tsv"):
        frame = _flatten_lists(frame)
        if protect:
            frame = protect_formulas(frame)
        frame.to_csv(target, sep="," if fmt == "csv" else "\t", index=False, header=header)
    elif fmt == "jsonl":
        text = frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
        if text and not text.endswith("\n"):
            text += "\n"
        if isinstance(target, Path):
            target.write_text(text, encoding="utf-8")
        else:
            target.write(text)
    else:
        assert isinstance(target, Path)
        frame.to_parquet(target, index=False)


def _flatten_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells (``matched``, ``missing``... of ``match``) as ``a; b; c`` text for CSV and TSV."""
    lists = [
        c
        for c in frame.columns
        if frame[c].dtype == object and frame[c].map(lambda v: isinstance(v, list | tuple)).any()
    ]
    if not lists:
        return frame
    frame = frame.copy()
    for c in lists:
        frame[c] = frame[c].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v)
    return frame


def _parts_dir(output: Path) -> Path:
    """The hidden folder beside ``output`` that holds its finished chunks until the run is complete."""
    return output.parent / f".{output.name}.parts"


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
            changed = [k for k in manifest if old.get(k) != manifest[k]]
            if changed:
                raise ResumeError(
                    f"cannot resume {str(main)!r}: the unfinished run used a different {changed[0]} "
                    f"({old.get(changed[0])!r}, now {manifest[changed[0]]!r}); "
                    "rerun without resume to start over"
                )
            for meta_file in sorted(self.dir.glob("meta-*.json")):
                meta = json.loads(meta_file.read_text(encoding="utf-8"))
                self.done[int(meta["chunk"])] = meta
            return
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        _atomic_text(self.dir / "manifest.json", json.dumps(manifest, indent=1, sort_keys=True))

    def _part(self, name: str, index: int) -> Path:
        return self.dir / f"{name}-{index:08d}{_SUFFIX[self.outputs[name][1]]}"

    def write(self, index: int, frames: dict[str, pd.DataFrame], meta: dict[str, Any], protect: bool) -> None:
        for name, frame in frames.items():
            if name not in self.outputs:
                continue
            fmt = self.outputs[name][1]
            with atomic_path(self._part(name, index)) as tmp:
                _write_frame(frame, tmp, fmt, protect=protect, header=True)
        # the meta file is written last: its presence marks the chunk as done
        _atomic_text(self.dir / f"meta-{index:08d}.json", json.dumps(meta))
        self.done[index] = meta

    def assemble(self, n_chunks: int) -> None:
        missing = [i for i in range(n_chunks) if i not in self.done]
        if missing:
            raise RuntimeError(f"chunk {missing[0]} has no stored result; rerun with resume to finish it")
        for name, (path, fmt) in self.outputs.items():
            parts = [self._part(name, i) for i in range(n_chunks)]
            with atomic_path(path) as tmp:
                _concat_parts(parts, tmp, fmt)

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
                    fh.readline()  # each part repeats the header line
                shutil.copyfileobj(fh, out, 1 << 20)


def _atomic_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _write_rejects(rejects: list[dict[str, Any]], path: Path) -> None:
    frame = pd.DataFrame(rejects, columns=["row", "line", "reason", "message"])
    frame["line"] = frame["line"].astype("Int64")
    with atomic_path(path) as tmp:
        protect_formulas(frame).to_csv(tmp, index=False)


def _rejects_path(output: str, explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    if output == "-":
        return Path("skillmatch-rejected.csv")
    out = Path(output)
    return out.with_name(f"{out.stem}.rejected.csv")


# -- the run -----------------------------------------------------------------------------------------------


def _identity(path: str) -> dict[str, Any]:
    if path == "-":
        return {"path": "-"}
    p = Path(path).resolve()
    st = p.stat()
    return {"path": str(p), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _load_jobs(
    options: BatchOptions, matcher: SkillMatcher
) -> tuple[pd.DataFrame, pd.Index, dict[object, str]]:
    assert options.jobs is not None
    spec = options.jobs
    frames = []
    for chunk in iter_chunks(spec, 10_000):
        if chunk.rejects:
            r = chunk.rejects[0]
            where = f", line {r.line}" if r.line is not None else ""
            raise InputError(f"jobs file {spec.path}{where} (row {r.row}): {r.message}; fix the jobs file")
        frames.append(chunk.frame)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[ROW, *spec.columns])
    ids = pd.Index(_ids(frame, spec))
    if ids.has_duplicates:
        raise InputError(f"job ids must be unique; {ids[ids.duplicated()][0]!r} appears more than once")
    data = as_texts(frame, text_column=list(spec.text_columns))
    data.ids = ids
    return matcher._extract(data), ids, dict(zip(ids, data.texts, strict=True))


def _reject_error(spec: TableSpec, reject: Reject) -> InputError:
    where = "standard input" if spec.path == "-" else spec.path
    line = f", line {reject.line}" if reject.line is not None else ""
    return InputError(
        f"{where}{line} (row {reject.row}): {reject.message}; "
        "use on_error='skip' (--on-error skip) to list such rows in a side file and go on"
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
    if spec.is_folder:
        spec = TableSpec(
            spec.path,
            ("text",),
            "id",
            tuple(c for c in spec.keep_columns if c in FOLDER_COLUMNS),
            encoding=spec.encoding,
        )
    started = time.perf_counter()
    out_fmt = detect_format(output, options.output_format)
    to_stdout = output == "-"
    if to_stdout and out_fmt == "parquet":
        raise ConfigError("Parquet cannot be written to standard output; give an output file name")
    if to_stdout and options.resume:
        raise ConfigError("resume needs an output file: standard output cannot be continued")
    if options.report is not None and kind != "match":
        raise ConfigError("a gap report is only written by match")

    local = config.build() if options.workers == 1 or kind == "match" else None
    jobs = _load_jobs(options, local) if kind == "match" and local is not None else None
    extra = {"against": options.against, "jobs": jobs, "weights": options.weights, "explain": options.explain}

    outputs: dict[str, tuple[Path, str]] = {}
    parts: _Parts | None = None
    if not to_stdout:
        outputs["out"] = (Path(output), out_fmt)
        if options.report:
            outputs["report"] = (Path(options.report), detect_format(options.report))
        if options.top_k is None:
            manifest = {
                "version": _PARTS_VERSION,
                "kind": kind,
                "input": _identity(spec.path),
                "jobs": _identity(options.jobs.path) if options.jobs else None,
                "spec": asdict(spec),
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
                log("discarding the stored chunks of an unfinished earlier run (pass resume to continue it)")
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
        summary.rows_read += meta["records"]
        summary.rows_rejected += len(meta["rejects"])
        summary.rows_scored += meta["records"] - len(meta["rejects"])
        summary.rows_empty += meta["empty"]
        summary.output_rows += meta["output_rows"]
        for r in meta["rejects"]:
            reasons[r["reason"]] += 1
            all_rejects.append(r)
        bar.update(meta["records"])

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
            _write_frame(
                frames["out"], sys.stdout, out_fmt, protect=options.protect, header=not header_written
            )
            header_written = True
        account(meta)

    def checked(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
        nonlocal n_chunks
        for chunk in chunks:
            n_chunks = chunk.index + 1
            if chunk.rejects and options.on_error == "fail":
                raise _reject_error(spec, chunk.rejects[0])
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
                )
                finish(chunk.index, chunk, frames)
        else:
            ctx = get_context("spawn")
            with ProcessPoolExecutor(
                options.workers, mp_context=ctx, initializer=_init_state, initargs=(config, kind, spec, extra)
            ) as pool:
                window: deque[tuple[Chunk, Future[tuple[int, dict[str, pd.DataFrame]]]]] = deque()
                for chunk in todo:
                    window.append((chunk, pool.submit(_score, chunk.index, chunk.frame)))
                    while len(window) > 2 * options.workers:
                        done_chunk, future = window.popleft()
                        finish(done_chunk.index, done_chunk, future.result()[1])
                while window:
                    done_chunk, future = window.popleft()
                    finish(done_chunk.index, done_chunk, future.result()[1])
    except InputError:
        if parts is not None:
            parts.remove()
        raise
    finally:
        bar.close()

    summary.chunks = n_chunks
    if options.top_k is not None:
        frames = {k: pd.concat(v, ignore_index=True) for k, v in kept.items() if v}
        ranked = top_k(frames["out"], options.top_k, per="job_id") if "out" in frames else pd.DataFrame()
        summary.output_rows = len(ranked)
        if to_stdout:
            _write_frame(ranked, sys.stdout, out_fmt, protect=options.protect, header=True)
        else:
            with atomic_path(Path(output)) as tmp:
                _write_frame(ranked, tmp, out_fmt, protect=options.protect, header=True)
        if options.report and "report" in frames:
            report = frames["report"]
            chosen = set(zip(ranked["resume_id"], ranked["job_id"], strict=True))
            mask = [pair in chosen for pair in zip(report["resume_id"], report["job_id"], strict=True)]
            with atomic_path(Path(options.report)) as tmp:
                _write_frame(
                    report[mask], tmp, detect_format(options.report), protect=options.protect, header=True
                )
    elif parts is not None:
        parts.assemble(n_chunks)
    rejects_path = _rejects_path(output, options.rejects)
    if all_rejects:
        all_rejects.sort(key=lambda r: r["row"])
        _write_rejects(all_rejects, rejects_path)
        summary.rejects_file = str(rejects_path)
    if parts is not None:
        parts.remove()
    summary.rejected_by_reason = dict(reasons)
    summary.seconds = time.perf_counter() - started
    return summary


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
