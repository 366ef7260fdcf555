"""Run skillmatch on dask DataFrames, one partition at a time, locally or on a cluster.

Each function takes a dask DataFrame and returns a lazy dask DataFrame whose computed value equals what
:class:`~skillmatch.SkillMatcher` returns for the computed input (``reset_index(drop=True)``: every
partition's result has its own ``RangeIndex``). Needs the optional extra: ``pip install 'skillmatch[dask]'``.

Every worker process builds its :class:`~skillmatch.SkillMatcher` once, the first time one of its tasks
needs it, and keeps it in a module-level cache keyed by the taxonomy and the settings; the matcher itself
never travels through the task graph. Pass the taxonomy as a bundled name, a path (made absolute here, so
workers must see the same file system) or a :class:`~skillmatch.Taxonomy` object (sent to each worker
once). A taxonomy file edited later is not re-read by a worker that already holds a matcher for it:
run ``client.run(skillmatch.dask.clear_cache)``. spaCy work holds the GIL, so scale with worker
processes rather than threads.

Pointing at an existing cluster::

    import dask.dataframe as dd
    from distributed import Client

    import skillmatch.dask as smd

    client = Client("tcp://scheduler:8786")
    postings = dd.read_parquet("s3://bucket/postings/")
    matches = smd.extract(postings, text_column="description", id_column="posting_id")
    matches.to_parquet("s3://bucket/matches/")  # or matches.compute() for a pandas frame

    client.run(smd.cache_info)  # {worker address: {"matchers": 1, "builds": 1}, ...}
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

try:
    import dask
    import dask.dataframe as dd
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("skillmatch.dask needs dask: pip install 'skillmatch[dask]'") from exc

from .api import SkillMatcher
from .batch import MATCHERS
from .errors import ConfigError, TaxonomyError
from .frames import MATCH_COLUMNS, empty_frame
from .inputs import as_texts
from .scoring import PAIR_COLUMNS, MatchWeights, coverage_columns, target_skills
from .taxonomy import DEFAULT_TAXONOMY, Taxonomy, bundled_taxonomies, load_taxonomy

__all__ = ["cache_info", "clear_cache", "coverage", "extract", "match"]

TaxonomySource = Taxonomy | str | Path | None
TextColumn = str | Sequence[str]


# -- the per-process matcher cache (shared with the batch workers: skillmatch.batch.MATCHERS) ----
@dataclass(frozen=True)
class _Key:
    """What identifies a matcher: the taxonomy (name or path, or a content fingerprint) and the settings."""

    taxonomy: tuple[str, ...]
    fuzzy: bool
    fuzzy_cutoff: float | None
    context: bool


def _matcher(key: _Key, source: Taxonomy | str) -> tuple[SkillMatcher, threading.Lock]:
    """The cached matcher for ``key``, built from ``source`` the first time this process needs it."""

    def build() -> SkillMatcher:
        cutoff = {} if key.fuzzy_cutoff is None else {"fuzzy_cutoff": key.fuzzy_cutoff}
        return SkillMatcher(source, fuzzy=key.fuzzy, context=key.context, **cutoff)

    return MATCHERS.get(key, build)


def cache_info() -> dict[str, int]:
    """This process's cache: ``matchers`` held and ``builds`` done so far (the batch engine's included).

    On a cluster, ``client.run(skillmatch.dask.cache_info)`` gives it for every worker.
    """
    return {"matchers": len(MATCHERS), "builds": MATCHERS.builds}


def clear_cache() -> None:
    """Drop every matcher of this process (``client.run(skillmatch.dask.clear_cache)`` on every worker)."""
    MATCHERS.clear()


def _fingerprint(taxonomy: Taxonomy) -> str:
    content = repr((taxonomy.name, taxonomy.version, taxonomy.categories, taxonomy.skills, taxonomy.exclude))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _source(taxonomy: TaxonomySource, extend: str | Path | None = None) -> tuple[tuple[str, ...], Any]:
    """The cache key part for ``taxonomy`` (merged with ``extend``) and what to put in the graph for it
    (a str or a Delayed)."""
    if extend is not None:
        taxonomy = load_taxonomy(taxonomy, extend=extend)
    if isinstance(taxonomy, Taxonomy):
        fp = _fingerprint(taxonomy)
        return ("taxonomy", taxonomy.name, taxonomy.version, fp), dask.delayed(taxonomy, pure=True)
    if taxonomy is None:
        taxonomy = DEFAULT_TAXONOMY
    if not isinstance(taxonomy, str | Path):
        raise TypeError(
            f"taxonomy must be None, a bundled name, a path or a Taxonomy, not {type(taxonomy).__name__}"
        )
    path = Path(taxonomy)
    if path.exists():
        resolved = str(path.resolve())
        return ("path", resolved), resolved
    if isinstance(taxonomy, str) and "/" not in taxonomy and not path.suffix:
        names = bundled_taxonomies()
        if taxonomy not in names:
            raise TaxonomyError(
                f"no bundled taxonomy named {taxonomy!r} and no such file or folder; "
                f"bundled taxonomies: {', '.join(names)}"
            )
        return ("name", taxonomy), taxonomy
    raise TaxonomyError(f"no such taxonomy file or folder: {str(taxonomy)!r}")


def _columns(column: TextColumn) -> str | list[str]:
    return column if isinstance(column, str) else list(column)


# -- partition functions (run on the workers) ----
def _extract_partition(
    part: pd.DataFrame,
    key: _Key,
    source: Taxonomy | str,
    text_column: str | list[str],
    id_column: str | None,
) -> pd.DataFrame:
    matcher, lock = _matcher(key, source)
    with lock:
        return matcher.extract(part, text_column=text_column, id_column=id_column)


def _coverage_partition(
    part: pd.DataFrame,
    key: _Key,
    source: Taxonomy | str,
    text_column: str | list[str],
    id_column: str | None,
    against: list[str] | None,
) -> pd.DataFrame:
    matcher, lock = _matcher(key, source)
    with lock:
        return matcher.coverage(part, text_column=text_column, id_column=id_column, against=against)


def _match_partition(
    part: pd.DataFrame,
    key: _Key,
    source: Taxonomy | str,
    jobs: pd.DataFrame,
    resume_text_column: str | list[str],
    resume_id_column: str | None,
    job_text_column: str | list[str],
    job_id_column: str | None,
    weights: MatchWeights | None,
) -> pd.DataFrame:
    matcher, lock = _matcher(key, source)
    with lock:
        return matcher.match(
            part,
            jobs,
            resume_text_column=resume_text_column,
            resume_id_column=resume_id_column,
            job_text_column=job_text_column,
            job_id_column=job_id_column,
            weights=weights,
        )


def _ids_dtype(frame: pd.DataFrame, text_column: str | list[str], id_column: str | None) -> Any:
    """The dtype of the ids (checks the columns exist, raising InputError like the pandas API)."""
    return as_texts(frame.iloc[:0], text_column=text_column, id_column=id_column).ids.dtype


def _check_frame(ddf: object, name: str) -> None:
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"{name} must be a dask DataFrame, not {type(ddf).__name__}")


# -- public API ----
def extract(
    ddf: dd.DataFrame,
    *,
    text_column: TextColumn,
    id_column: str | None = None,
    taxonomy: TaxonomySource = None,
    extend: str | Path | None = None,
    fuzzy: bool = True,
    fuzzy_cutoff: float | None = None,
    context: bool = True,
) -> dd.DataFrame:
    """One row per skill mention, like :meth:`SkillMatcher.extract`, computed partition by partition.

    ``doc_id`` holds the ``id_column`` values, or the dask index values when ``id_column`` is ``None``.
    ``taxonomy``, ``extend``, ``fuzzy``, ``fuzzy_cutoff`` and ``context`` are :class:`SkillMatcher`'s
    (``fuzzy_cutoff=None``: its default).
    """
    _check_frame(ddf, "ddf")
    cols = _columns(text_column)
    meta = empty_frame(MATCH_COLUMNS, id_dtype=_ids_dtype(ddf._meta, cols, id_column))
    tax_key, source = _source(taxonomy, extend)
    key = _Key(tax_key, bool(fuzzy), fuzzy_cutoff, bool(context))
    return ddf.map_partitions(
        _extract_partition,
        key,
        source,
        cols,
        id_column,
        meta=meta,
        clear_divisions=True,
        align_dataframes=False,
    )


def coverage(
    ddf: dd.DataFrame,
    *,
    text_column: TextColumn,
    id_column: str | None = None,
    against: str | Iterable[str] | None = None,
    taxonomy: TaxonomySource = None,
    extend: str | Path | None = None,
    fuzzy: bool = True,
    fuzzy_cutoff: float | None = None,
    context: bool = True,
) -> dd.DataFrame:
    """One row per document, like :meth:`SkillMatcher.coverage`, computed partition by partition.

    The taxonomy is also loaded here, once, for the result's columns (one per category) and to check
    ``against``.
    """
    _check_frame(ddf, "ddf")
    cols = _columns(text_column)
    tax = load_taxonomy(taxonomy, extend=extend)
    targets = None if against is None else sorted(target_skills(tax, against))  # UnknownSkillError early
    meta = empty_frame(coverage_columns(tax), id_dtype=_ids_dtype(ddf._meta, cols, id_column))
    tax_key, source = _source(tax if extend is not None else taxonomy)
    key = _Key(tax_key, bool(fuzzy), fuzzy_cutoff, bool(context))
    return ddf.map_partitions(
        _coverage_partition,
        key,
        source,
        cols,
        id_column,
        targets,
        meta=meta,
        clear_divisions=True,
        align_dataframes=False,
    )


def match(
    resumes: dd.DataFrame,
    jobs: pd.DataFrame,
    *,
    resume_text_column: TextColumn,
    resume_id_column: str | None = None,
    job_text_column: TextColumn,
    job_id_column: str | None = None,
    taxonomy: TaxonomySource = None,
    extend: str | Path | None = None,
    fuzzy: bool = True,
    fuzzy_cutoff: float | None = None,
    context: bool = True,
    weights: MatchWeights | None = None,
) -> dd.DataFrame:
    """One row per (résumé, job) pair, like :meth:`SkillMatcher.match`.

    ``resumes`` is processed partition by partition; ``jobs`` is a (small) pandas DataFrame sent to every
    partition. The rows come partition by partition, so they hold the same values as the pandas result in
    another order: sort both by ``["job_id", "resume_id"]`` to compare them. Résumé ids must be unique;
    duplicates are only detected within a partition. Matching needs ``context=True`` (requirement levels,
    negation and years drive the scores).
    """
    _check_frame(resumes, "resumes")
    if not context:
        raise ConfigError("match needs context=True: requirement levels, negation and years drive the scores")
    if not isinstance(jobs, pd.DataFrame):
        raise TypeError(f"jobs must be a pandas DataFrame, not {type(jobs).__name__}")
    resume_cols = _columns(resume_text_column)
    job_cols = _columns(job_text_column)
    meta = empty_frame(PAIR_COLUMNS)
    meta["resume_id"] = pd.Series([], dtype=_ids_dtype(resumes._meta, resume_cols, resume_id_column))
    meta["job_id"] = pd.Series([], dtype=_ids_dtype(jobs, job_cols, job_id_column))
    tax_key, source = _source(taxonomy, extend)
    key = _Key(tax_key, bool(fuzzy), fuzzy_cutoff, True)
    return resumes.map_partitions(
        _match_partition,
        key,
        source,
        dask.delayed(jobs, pure=True),
        resume_cols,
        resume_id_column,
        job_cols,
        job_id_column,
        weights,
        meta=meta,
        clear_divisions=True,
        align_dataframes=False,
    )


# -- the command line's ``--engine dask`` ------------------------------------------------------------------


def _score_batch_chunk(task: Any, frame: pd.DataFrame) -> pd.DataFrame:
    """Score one chunk of a batch run on a worker (its matcher is built once per worker process)."""
    return task.run(frame)["out"]  # type: ignore[no-any-return]


def _absolute(path: str | None) -> str | None:
    return str(Path(path).resolve()) if path is not None and Path(path).exists() else path


def run_batch_dask(
    kind: str, spec: Any, output: str, *, config: Any, options: Any, scheduler: str | None = None
) -> Any:
    """:func:`skillmatch.batch.run_batch` on a Dask cluster: the same output, row for row.

    The input is read here, in chunks, by the same reader as the local engine (so quoting, bad rows and
    encodings are handled identically); every chunk is scored on a worker (one matcher per worker
    process) and the results are written in input order into one file, atomically. Connects to
    ``scheduler`` (``tcp://host:8786``) or starts a local cluster with ``options.workers`` processes.
    A malformed record stops the run (the local engine's ``--on-error skip`` lists bad rows instead).
    """
    import contextlib
    import dataclasses
    import sys
    import time
    from collections import deque

    from distributed import Client, LocalCluster

    from .batch import BatchSummary, ScoringTask, check_paths, reject_error
    from .io import atomic_path, detect_format, iter_chunks, write_frame

    started = time.perf_counter()
    if spec.path == "-" or spec.is_folder:
        raise ConfigError(
            "the dask engine reads files (CSV, TSV, JSONL, Parquet), not standard input or folders"
        )
    if kind == "match":
        raise ConfigError("match runs on the local engine (--engine local); extract and coverage run on dask")
    if options.resume or options.on_error != "fail":
        raise ConfigError("--resume and --on-error skip belong to the local engine (--engine local)")
    out_fmt = detect_format(output, options.output_format)
    if output == "-" and out_fmt == "parquet":
        raise ConfigError("Parquet cannot be written to standard output; give an output file name")
    if not Path(spec.path).is_file():
        raise FileNotFoundError(f"no such input file: {spec.path!r}")
    check_paths(spec, output, options)
    config = dataclasses.replace(config, taxonomy=_absolute(config.taxonomy), extend=_absolute(config.extend))
    load_taxonomy(config.taxonomy, extend=config.extend)  # a bad taxonomy fails here, before any cluster
    task = ScoringTask(kind, spec, config, options.against, None, None)
    summary = BatchSummary(output=output)
    cluster = None
    client = Client(scheduler) if scheduler else None
    if client is None:
        cluster = LocalCluster(
            n_workers=options.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        window = 4 * max(1, len(client.scheduler_info().get("workers", {})))

        def in_order() -> Any:
            """Chunk results in input order, with at most ``window`` chunks computing at once."""
            pending: deque[Any] = deque()
            for chunk in iter_chunks(spec, options.chunk_size):
                if chunk.rejects:
                    raise reject_error(spec, chunk.rejects[0])
                summary.rows_read += chunk.n_records
                summary.rows_empty += chunk.n_empty
                summary.chunks += 1
                pending.append(client.submit(_score_batch_chunk, task, chunk.frame, pure=False))
                if len(pending) > window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

        with contextlib.ExitStack() as stack:
            if output == "-":
                sink: Any = sys.stdout
            else:
                tmp = stack.enter_context(atomic_path(Path(output)))
                if out_fmt != "parquet":
                    sink = stack.enter_context(open(tmp, "w", encoding="utf-8", newline=""))
            writer = None
            for k, frame in enumerate(in_order()):
                summary.output_rows += len(frame)
                if out_fmt == "parquet":
                    import pyarrow as pa
                    import pyarrow.parquet as pq

                    table = pa.Table.from_pandas(frame, preserve_index=False)
                    if writer is None:
                        writer = stack.enter_context(pq.ParquetWriter(tmp, table.schema))
                    writer.write_table(table.cast(writer.schema))
                else:
                    write_frame(frame, sink, out_fmt, protect=options.protect, header=k == 0)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary.rows_scored = summary.rows_read
    summary.seconds = time.perf_counter() - started
    return summary
