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
from .errors import InputError, TaxonomyError
from .frames import MATCH_COLUMNS, empty_frame
from .inputs import as_texts
from .scoring import PAIR_COLUMNS, MatchWeights, coverage_columns
from .taxonomy import DEFAULT_TAXONOMY, Taxonomy, bundled_taxonomies, load_taxonomy

__all__ = ["cache_info", "clear_cache", "coverage", "extract", "match"]

TaxonomySource = Taxonomy | str | Path | None
TextColumn = str | Sequence[str]


# -- the per-process matcher cache ----
@dataclass(frozen=True)
class _Key:
    """What identifies a matcher: the taxonomy (name or path, or a content fingerprint) and the settings."""

    taxonomy: tuple[str, ...]
    fuzzy: bool
    context: bool


_MATCHERS: dict[_Key, tuple[SkillMatcher, threading.Lock]] = {}
_BUILDS = 0
_CACHE_LOCK = threading.Lock()


def _matcher(key: _Key, source: Taxonomy | str) -> tuple[SkillMatcher, threading.Lock]:
    """The cached matcher for ``key``, built from ``source`` the first time this process needs it."""
    global _BUILDS
    entry = _MATCHERS.get(key)
    if entry is not None:
        return entry
    with _CACHE_LOCK:
        entry = _MATCHERS.get(key)
        if entry is None:
            entry = (SkillMatcher(source, fuzzy=key.fuzzy, context=key.context), threading.Lock())
            _MATCHERS[key] = entry
            _BUILDS += 1
    return entry


def cache_info() -> dict[str, int]:
    """This process's cache: ``matchers`` held and ``builds`` done so far.

    On a cluster, ``client.run(skillmatch.dask.cache_info)`` gives it for every worker.
    """
    return {"matchers": len(_MATCHERS), "builds": _BUILDS}


def clear_cache() -> None:
    """Drop this process's matchers (``client.run(skillmatch.dask.clear_cache)`` on every worker)."""
    global _BUILDS
    with _CACHE_LOCK:
        _MATCHERS.clear()
        _BUILDS = 0


def _fingerprint(taxonomy: Taxonomy) -> str:
    content = repr((taxonomy.name, taxonomy.version, taxonomy.categories, taxonomy.skills, taxonomy.exclude))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _source(taxonomy: TaxonomySource) -> tuple[tuple[str, ...], Any]:
    """The cache key part for ``taxonomy`` and what to put in the graph for it (a str or a Delayed)."""
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
    fuzzy: bool = True,
    context: bool = True,
) -> dd.DataFrame:
    """One row per skill mention, like :meth:`SkillMatcher.extract`, computed partition by partition.

    ``doc_id`` holds the ``id_column`` values, or the dask index values when ``id_column`` is ``None``.
    """
    _check_frame(ddf, "ddf")
    cols = _columns(text_column)
    meta = empty_frame(MATCH_COLUMNS, id_dtype=_ids_dtype(ddf._meta, cols, id_column))
    tax_key, source = _source(taxonomy)
    key = _Key(tax_key, bool(fuzzy), bool(context))
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
    taxonomy: TaxonomySource = None,
    against: Iterable[str] | None = None,
    fuzzy: bool = True,
    context: bool = True,
) -> dd.DataFrame:
    """One row per document, like :meth:`SkillMatcher.coverage`, computed partition by partition.

    The taxonomy is also loaded here, once, for the result's columns (one per category) and to check
    ``against``.
    """
    _check_frame(ddf, "ddf")
    cols = _columns(text_column)
    tax = load_taxonomy(taxonomy)
    targets = None if against is None else [tax[s].id for s in against]  # UnknownSkillError early
    meta = empty_frame(coverage_columns(tax), id_dtype=_ids_dtype(ddf._meta, cols, id_column))
    tax_key, source = _source(taxonomy)
    key = _Key(tax_key, bool(fuzzy), bool(context))
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
    weights: MatchWeights | None = None,
) -> dd.DataFrame:
    """One row per (résumé, job) pair, like :meth:`SkillMatcher.match`.

    ``resumes`` is processed partition by partition; ``jobs`` is a (small) pandas DataFrame sent to every
    partition. The rows come partition by partition, so they hold the same values as the pandas result in
    another order: sort both by ``["job_id", "resume_id"]`` to compare them. Résumé ids must be unique;
    duplicates are only detected within a partition.
    """
    _check_frame(resumes, "resumes")
    if not isinstance(jobs, pd.DataFrame):
        raise TypeError(f"jobs must be a pandas DataFrame, not {type(jobs).__name__}")
    resume_cols = _columns(resume_text_column)
    job_cols = _columns(job_text_column)
    meta = empty_frame(PAIR_COLUMNS)
    meta["resume_id"] = pd.Series([], dtype=_ids_dtype(resumes._meta, resume_cols, resume_id_column))
    meta["job_id"] = pd.Series([], dtype=_ids_dtype(jobs, job_cols, job_id_column))
    tax_key, source = _source(taxonomy)
    key = _Key(tax_key, True, True)
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

_BATCH_MATCHERS: dict[Any, SkillMatcher] = {}


def _batch_partition(
    frame: pd.DataFrame,
    offsets: list[int],
    kind: str,
    spec: Any,
    config: Any,
    extra: dict[str, Any],
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    from .batch import score_chunk
    from .io import ROW

    global _BUILDS
    matcher = _BATCH_MATCHERS.get(config)
    if matcher is None:
        matcher = _BATCH_MATCHERS[config] = config.build()
        _BUILDS += 1
    number = partition_info["number"] if partition_info else 0
    frame = frame.reset_index(drop=True)
    frame.insert(0, ROW, pd.RangeIndex(offsets[number], offsets[number] + len(frame)).astype("int64"))
    frame = frame.astype(dict.fromkeys(spec.columns, object))
    frame[spec.columns] = frame[spec.columns].where(frame[spec.columns].notna(), None)
    return score_chunk(
        kind,
        frame,
        spec,
        matcher,
        against=extra.get("against"),
        jobs=extra.get("jobs"),
        weights=extra.get("weights"),
        explain=extra.get("explain", False),
    )["out"]


def _absolute(path: str | None) -> str | None:
    return str(Path(path).resolve()) if path is not None and Path(path).exists() else path


def run_batch_dask(
    kind: str, spec: Any, output: str, *, config: Any, options: Any, scheduler: str | None = None
) -> Any:
    """:func:`skillmatch.batch.run_batch` on a Dask cluster: the same output, row for row.

    Reads the file with ``dask.dataframe`` (CSV, TSV, JSONL or Parquet), scores every partition on the
    workers (one matcher per worker process) and writes the partitions in order into one file,
    atomically. Connects to ``scheduler`` (``tcp://host:8786``) or starts a local cluster with
    ``options.workers`` processes. Input must be well-formed: a malformed line stops the run (the
    local engine's ``on_error='skip'`` is the way to list bad rows).
    """
    import contextlib
    import dataclasses
    import sys
    import time
    from collections import deque

    from distributed import Client, LocalCluster

    from .batch import BatchSummary, _write_frame
    from .errors import ConfigError
    from .io import atomic_path, detect_format

    started = time.perf_counter()
    if spec.path == "-" or spec.is_folder:
        raise ConfigError(
            "the dask engine reads files (CSV, TSV, JSONL, Parquet), not standard input or folders"
        )
    if kind == "match":
        raise ConfigError("match runs on the local engine (--engine local); extract and coverage run on dask")
    if options.resume or options.on_error != "fail":
        raise ConfigError(
            "--resume and --on-error skip belong to the local engine; dask reruns failed tasks itself"
        )
    out_fmt = detect_format(output, options.output_format)
    if output == "-" and out_fmt == "parquet":
        raise ConfigError("Parquet cannot be written to standard output; give an output file name")
    config = dataclasses.replace(config, taxonomy=_absolute(config.taxonomy), extend=_absolute(config.extend))
    spec = dataclasses.replace(spec, path=str(Path(spec.path).resolve()))
    fmt = detect_format(spec.path, spec.fmt)
    if not Path(spec.path).is_file():
        raise FileNotFoundError(f"no such input file: {spec.path!r}")
    cols = spec.columns
    blocksize = options.chunk_size * 4096  # partitions of about chunk_size postings of 4 kB
    if fmt in ("csv", "tsv"):
        encoding = (
            "utf-8-sig" if spec.encoding.lower().replace("_", "-") in ("utf-8", "utf8") else spec.encoding
        )
        ddf = dd.read_csv(
            spec.path,
            sep="," if fmt == "csv" else "\t",
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            encoding=encoding,
            blocksize=blocksize,
        )
    elif fmt == "jsonl":
        ddf = dd.read_json(spec.path, lines=True, blocksize=blocksize, dtype=False, encoding=spec.encoding)
    else:
        ddf = dd.read_parquet(spec.path, columns=cols)
    missing = [c for c in cols if c not in ddf.columns]
    if missing:
        have = ", ".join(map(str, ddf.columns))
        raise InputError(f"column {missing[0]!r} is not in {spec.path!r}; its columns are: {have}")
    ddf = ddf[cols]
    extra = {"against": options.against}
    local = config.build()
    empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in ["row", *cols]})
    empty["row"] = empty["row"].astype("int64")
    from .batch import score_chunk

    meta = score_chunk(kind, empty, spec, local, against=options.against)["out"]
    cluster = None
    client = Client(scheduler) if scheduler else None
    if client is None:
        cluster = LocalCluster(
            n_workers=options.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        counted = client.compute([dask.delayed(len)(part) for part in ddf.to_delayed()])
        sizes = [int(n) for n in client.gather(counted)]
        offsets = [0]
        for n in sizes:
            offsets.append(offsets[-1] + n)
        scored = ddf.map_partitions(_batch_partition, offsets, kind, spec, config, extra, meta=meta)
        parts = scored.to_delayed()
        summary = BatchSummary(output=output)
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))

        def in_order() -> Any:
            """Partition results in input order, with at most ``window`` computing at once."""
            pending = deque(client.compute(p) for p in parts[:window])
            following = len(pending)
            while pending:
                frame = pending.popleft().result()
                if following < len(parts):
                    pending.append(client.compute(parts[following]))
                    following += 1
                summary.output_rows += len(frame)
                summary.rows_empty += int(frame.drop_duplicates("row")["empty"].sum())
                yield frame

        if out_fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.Schema.from_pandas(meta, preserve_index=False)
            with atomic_path(Path(output)) as tmp, pq.ParquetWriter(tmp, schema) as writer:
                for frame in in_order():
                    writer.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))
        else:
            with contextlib.ExitStack() as stack:
                if output == "-":
                    sink: Any = sys.stdout
                else:
                    tmp = stack.enter_context(atomic_path(Path(output)))
                    sink = stack.enter_context(open(tmp, "w", encoding="utf-8", newline=""))
                for k, frame in enumerate(in_order()):
                    _write_frame(frame, sink, out_fmt, protect=options.protect, header=k == 0)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary.rows_read = summary.rows_scored = offsets[-1]
    summary.chunks = len(sizes)
    summary.seconds = time.perf_counter() - started
    return summary
