"""Reading and writing files: atomic writes and spreadsheet-safe CSV text.

Every file skillmatch writes goes to a temporary file in the same folder first and is renamed over the
final name only when complete, so a crash never leaves a half-written file under the final name.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from .errors import ConfigError, InputEncodingError, InputError

__all__ = [
    "FOLDER_COLUMNS",
    "FORMATS",
    "FORMULA_PREFIXES",
    "MAX_RECORD_LINES",
    "ROW",
    "Chunk",
    "Reject",
    "TableSpec",
    "atomic_path",
    "atomic_paths",
    "atomic_write_text",
    "count_records",
    "detect_format",
    "iter_chunks",
    "protect_formulas",
    "read_table",
    "write_frame",
    "write_table",
]

#: A CSV cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _umask_mode() -> int:
    """The mode a new file gets under this process's umask (``open()``'s 0o666 & ~umask)."""
    try:  # Linux shows the umask without changing it, which is safe with other threads
        with open("/proc/self/status", encoding="ascii") as fh:
            mask = next(int(line.split()[1], 8) for line in fh if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0)
        os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_paths(paths: Sequence[str | Path]) -> Iterator[list[Path]]:
    """Yield one temporary path beside each of ``paths``; when the block succeeds, all of them replace
    their final names together, so a run publishes every output or none.

    The files get the permissions of an ordinary new file under the umask. If the block (or a flush to
    disk) fails, the temporary files are removed and every final name keeps its previous content.
    """
    finals = [Path(p) for p in paths]
    temps: list[Path] = []
    mode = _umask_mode()
    try:
        for path in finals:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            temps.append(Path(tmp))
            os.chmod(tmp, mode)
        yield list(temps)
        for tmp in temps:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        for tmp, path in zip(temps, finals, strict=True):
            os.replace(tmp, path)
    finally:
        for tmp in temps:
            if tmp.exists():
                tmp.unlink()


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically."""
    with atomic_paths([path]) as temps:
        yield temps[0]


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return path


def _protect(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _is_text(series: pd.Series) -> bool:
    return series.dtype == object or isinstance(series.dtype, pd.StringDtype) or str(series.dtype) == "str"


def protect_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas: a cell starting with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading single quote (OWASP's advice).

    >>> protect_formulas(pd.DataFrame({"a": ["=1+1", "ok", "-x"]}))["a"].tolist()
    ["'=1+1", 'ok', "'-x"]
    """
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if _is_text(series):
            out[col] = series.map(_protect, na_action="ignore").astype(series.dtype)
    return out


FORMATS = ("csv", "tsv", "jsonl", "parquet")
_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
}


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    """The table format of ``path`` from ``fmt`` or its suffix (``-`` means CSV on stdin/stdout)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
        return fmt
    if str(path) == "-":
        return "csv"
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ConfigError(
            f"cannot tell the format of {str(path)!r} from its suffix {suffix!r}; "
            f"valid suffixes: {', '.join(_SUFFIXES)} (or pass a format)"
        )
    return _SUFFIXES[suffix]


def read_table(
    path: str | Path, *, fmt: str | None = None, encoding: str = "utf-8", delimiter: str | None = None
) -> pd.DataFrame:
    """Read a whole CSV, TSV, JSONL or Parquet file (``-``: CSV from stdin); every cell is kept as text."""
    fmt = detect_format(path, fmt)
    encoding = _check_encoding(encoding)
    if str(path) == "-" and fmt == "parquet":
        raise ConfigError("Parquet cannot be read from standard input; give the file name")
    source: object = sys.stdin.buffer if str(path) == "-" else path
    if str(path) != "-" and not Path(path).is_file():
        raise FileNotFoundError(f"no such input file: {str(path)!r}")
    try:
        if fmt in ("csv", "tsv"):
            return pd.read_csv(
                source,
                sep=delimiter or _DELIMITERS[fmt],
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                encoding=encoding,
            )
        if fmt == "jsonl":
            return pd.read_json(source, lines=True, dtype=False, encoding=encoding)
        return pd.read_parquet(source)
    except UnicodeError as exc:
        byte = f" (byte {exc.start}: {exc.reason})" if isinstance(exc, UnicodeDecodeError) else ""
        raise InputEncodingError(
            f"{str(path)!r} is not valid {encoding}{byte}; "
            "pass the right encoding, e.g. 'utf-8', 'cp1252' or 'latin-1'"
        ) from None


_DELIMITERS = {"csv": ",", "tsv": "\t"}


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


def _needs_full_quoting(frame: pd.DataFrame) -> bool:
    """Whether a text cell holds a carriage return, which the minimal quoting of pandas leaves bare."""

    return any(
        any(isinstance(v, str) and "\r" in v for v in frame[c].to_numpy(dtype=object))
        for c in frame.columns
        if _is_text(frame[c])
    )


def write_frame(
    frame: pd.DataFrame,
    target: str | Path | IO[str],
    fmt: str,
    *,
    protect: bool = True,
    header: bool = True,
) -> None:
    """Write ``frame`` in ``fmt`` to a path or an open text stream: the one writer of every table.

    CSV and TSV: list cells joined with ``; ``, text protected against spreadsheet formula injection
    (unless ``protect=False``), and every cell that a reader could split (a carriage return, a line
    feed, the delimiter or a quote) quoted. JSONL: one object per line, UTF-8. Parquet: a file path only.
    Writing to a path here is not atomic: use :func:`atomic_path` or :func:`write_table` for that.
    """
    frame = _without_surrogates(frame)
    if fmt in ("csv", "tsv"):
        frame = _flatten_lists(frame)
        if protect:
            frame = protect_formulas(frame)
        # csv's minimal quoting covers the delimiter, quotes and line feeds, not a bare carriage return
        quoting = csv.QUOTE_ALL if _needs_full_quoting(frame) else csv.QUOTE_MINIMAL
        frame.to_csv(
            target, sep=_DELIMITERS[fmt], index=False, header=header, quoting=quoting, lineterminator="\n"
        )
    elif fmt == "jsonl":
        text = frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
        if text and not text.endswith("\n"):
            text += "\n"
        if isinstance(target, str | Path):
            Path(target).write_text(text, encoding="utf-8")
        else:
            target.write(text)
    elif fmt == "parquet":
        if not isinstance(target, str | Path):
            raise ConfigError("Parquet cannot be written to standard output; give an output file name")
        frame.to_parquet(target, index=False)
    else:
        raise ConfigError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _without_surrogates(frame: pd.DataFrame) -> pd.DataFrame:
    """Lone surrogates in text cells (what a lossy decode or an escaped ``\\ud800`` in JSON leaves) become
    U+FFFD: no UTF-8 file and no Parquet column can hold them, and they stood for no character anyway."""
    # Arrow-backed strings cannot hold a surrogate at all: only Python-object columns need a look
    columns = [
        c
        for c in frame.columns
        if frame[c].dtype == object or getattr(frame[c].dtype, "storage", None) == "python"
    ]
    bad = [
        c
        for c in columns
        if frame[c].map(lambda v: isinstance(v, str) and _SURROGATE_RE.search(v) is not None).any()
    ]
    if not bad:
        return frame
    frame = frame.copy()
    for c in bad:
        frame[c] = frame[c].map(lambda v: _SURROGATE_RE.sub("\ufffd", v) if isinstance(v, str) else v)
    return frame


def write_table(
    frame: pd.DataFrame, path: str | Path, *, fmt: str | None = None, protect: bool = True
) -> None:
    """Write ``frame`` as CSV, TSV, JSONL or Parquet, atomically (``-``: CSV to stdout).

    CSV and TSV text is protected against spreadsheet formula injection unless ``protect=False``.
    """
    fmt = detect_format(path, fmt)
    if str(path) == "-":
        write_frame(frame, sys.stdout, fmt, protect=protect)
        return
    with atomic_path(path) as tmp:
        write_frame(frame, tmp, fmt, protect=protect)


# -- streaming input -------------------------------------------------------------------------------------

#: Row-number column added to every chunk: the 0-based position of the record in the input.
ROW = "row"


@dataclass(frozen=True)
class Reject:
    """An input record that could not be read: its 0-based row number, its line (1-based, when the
    format has lines) and why. Never carries the record's text."""

    row: int
    line: int | None
    reason: str
    message: str


@dataclass
class Chunk:
    """Consecutive input records: ``frame`` holds the readable ones (its index, named :data:`ROW`, holds
    their 0-based positions in the input) and ``rejects`` the unreadable ones. ``n_records`` counts both;
    ``n_empty`` the readable records whose text is missing or blank."""

    index: int
    frame: pd.DataFrame
    rejects: list[Reject] = field(default_factory=list)
    n_records: int = 0
    n_empty: int = 0


@dataclass(frozen=True)
class TableSpec:
    """What to read from an input table: the text columns (joined with a blank line when several),
    an optional id column and the columns carried into the output."""

    path: str
    text_columns: tuple[str, ...]
    id_column: str | None = None
    keep_columns: tuple[str, ...] = ()
    fmt: str | None = None
    encoding: str = "utf-8"
    delimiter: str | None = None

    def __post_init__(self) -> None:
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise ConfigError(
                f"the delimiter must be one character, got {self.delimiter!r}; e.g. ',', ';' or a tab"
            )
        if self.delimiter in ('"', "\n", "\r"):
            raise ConfigError(f"{self.delimiter!r} cannot be a delimiter; e.g. ',', ';' or a tab")

    @property
    def columns(self) -> list[str]:
        """Every input column the job reads, each once, in a stable order."""
        cols = [*self.text_columns, *([self.id_column] if self.id_column else []), *self.keep_columns]
        return list(dict.fromkeys(cols))

    @property
    def is_folder(self) -> bool:
        return self.path != "-" and Path(self.path).is_dir()


_SURROGATES = re.compile("[\udc80-\udcff]")


def _check_encoding(encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise ConfigError(
            f"unknown encoding {encoding!r}; valid examples: 'utf-8', 'cp1252', 'latin-1', 'utf-16'"
        ) from None
    # a UTF-8 byte-order mark is not part of the first column's name
    return "utf-8-sig" if codec.name == "utf-8" else encoding


#: A quoted CSV field may span at most this many lines; a longer one is read as an unclosed quote.
MAX_RECORD_LINES = 10_000


@contextlib.contextmanager
def _field_limit() -> Iterator[None]:
    """Lift :func:`csv.field_size_limit` (long documents are normal here) for this block only: the limit
    is process-wide state that belongs to the caller."""
    old = csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _binary_source(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    if not Path(path).exists():
        raise FileNotFoundError(f"no such input file: {path!r}")
    if Path(path).is_dir():
        raise IsADirectoryError(
            f"{path!r} is a folder; a table input must be a .csv, .tsv, .jsonl or .parquet file"
        )
    try:
        return open(path, "rb")
    except PermissionError:
        raise InputError(f"cannot read the input file {path!r}: permission denied") from None


def _missing_column(spec: TableSpec, have: Sequence[str]) -> None:
    missing = [c for c in spec.columns if c not in have]
    if missing:
        where = "standard input" if spec.path == "-" else repr(spec.path)
        have_list = ", ".join(map(str, have)) or "(none)"
        raise InputError(f"column {missing[0]!r} is not in {where}; its columns are: {have_list}")


class _ChunkBuilder:
    """Collects records into chunks of ``size`` records (readable or not)."""

    def __init__(self, spec: TableSpec, size: int) -> None:
        if size < 1:
            raise ValueError(f"chunk size must be a positive number of rows, got {size!r}")
        self.spec = spec
        self.size = size
        self.columns = spec.columns
        self.index = 0
        self.row = 0
        self._reset()

    def _reset(self) -> None:
        self.values: dict[str, list[object]] = {c: [] for c in self.columns}
        self.rows: list[int] = []
        self.rejects: list[Reject] = []
        self.n = 0
        self.n_empty = 0

    def add(self, record: Mapping[str, object], line: int | None = None) -> Chunk | None:
        blank = True
        for c in self.spec.text_columns:
            value = record.get(c)
            if isinstance(value, str):
                blank = blank and not value.strip()
            elif not (value is None or (isinstance(value, float) and value != value)):
                return self.reject(line, "not text", f"column {c!r} holds a {type(value).__name__}, not text")
        self.n_empty += blank
        for c in self.columns:
            self.values[c].append(record.get(c))
        self.rows.append(self.row)
        return self._advance()

    def reject(self, line: int | None, reason: str, message: str) -> Chunk | None:
        self.rejects.append(Reject(self.row, line, reason, message))
        return self._advance()

    def _advance(self) -> Chunk | None:
        self.row += 1
        self.n += 1
        return self.flush() if self.n >= self.size else None

    def flush(self, final: bool = False) -> Chunk | None:
        """The records collected so far as a chunk; at the end of an input without any record, one empty
        chunk, so that every output still gets its header and columns."""
        if not self.n and not (final and self.index == 0):
            return None
        # the row numbers are the index, so that an input column named like it cannot replace them
        index = pd.Index(self.rows, dtype="int64", name=ROW)
        try:
            frame = pd.DataFrame(self.values, index=index)
        except UnicodeEncodeError:
            # a lone surrogate (a JSON "\ud800" escape) fits no Arrow string column: keep Python objects
            frame = pd.DataFrame(self.values, index=index, dtype=object)
        chunk = Chunk(self.index, frame, self.rejects, self.n, self.n_empty)
        self.index += 1
        self._reset()
        return chunk


def _next_record(reader: Any) -> list[str] | None:
    with _field_limit():
        try:
            return next(reader)  # type: ignore[no-any-return]
        except StopIteration:
            return None


def _iter_csv(spec: TableSpec, builder: _ChunkBuilder, sep: str) -> Iterator[Chunk | None]:
    """Records of a CSV or TSV file. The parse is strict: a quote must close before the end of the file
    and be followed by a delimiter or a line break, and one record spans at most
    :data:`MAX_RECORD_LINES` lines. Anything else is an unclosed or stray quote, reported with the line
    where the record began (the rest of the file is then read as new records)."""
    encoding = _check_encoding(spec.encoding)
    source = _binary_source(spec.path)
    name = spec_name(sep)
    try:
        stream = io.TextIOWrapper(source, encoding=encoding, errors="surrogateescape", newline="")
        reader = csv.reader(stream, delimiter=sep, strict=True)
        try:
            header = _next_record(reader) or []
        except csv.Error as exc:
            raise _input_error(spec, 1, f"the header line cannot be parsed ({exc})") from None
        if any(_SURROGATES.search(h) for h in header):
            raise _input_error(spec, 1, f"the header line is not valid {spec.encoding}")
        _missing_column(spec, header)
        width = len(header)
        positions = {c: header.index(c) for c in builder.columns}
        while True:
            first = reader.line_num + 1
            try:
                fields = _next_record(reader)
            except csv.Error as exc:
                yield builder.reject(
                    first,
                    "malformed",
                    f"malformed {name} record from line {first} to line {reader.line_num} ({exc}); "
                    "an unclosed or stray quote is the usual cause",
                )
                continue
            if fields is None:
                break
            line = reader.line_num
            if not fields:  # a blank line is not a record
                continue
            if line - first >= MAX_RECORD_LINES:
                yield builder.reject(
                    first,
                    "malformed",
                    f"a quoted field opened on line {first} runs to line {line}, past "
                    f"{MAX_RECORD_LINES:,} lines: an unclosed quote",
                )
                continue
            if len(fields) != width:
                yield builder.reject(
                    first, "field count", f"the line has {len(fields)} fields, the header has {width}"
                )
                continue
            if any(_SURROGATES.search(f) for f in fields):
                yield builder.reject(
                    first,
                    "encoding",
                    f"undecodable bytes for encoding {spec.encoding!r}; pass the right --encoding",
                )
                continue
            record = {c: fields[i] if fields[i] != "" else None for c, i in positions.items()}
            yield builder.add(record, first)
        stream.detach()
    except UnicodeError as exc:  # e.g. a UTF-16 stream without a byte-order mark
        raise _input_error(
            spec, None, f"cannot be decoded as {spec.encoding} ({exc}); pass the right --encoding"
        ) from None
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    yield builder.flush(final=True)


def spec_name(sep: str) -> str:
    return "TSV" if sep == "\t" else "CSV"


def _input_error(spec: TableSpec, line: int | None, message: str) -> Exception:
    where = "standard input" if spec.path == "-" else spec.path
    at = f", line {line}" if line is not None else ""
    return InputError(f"{where}{at}: {message}")


def _iter_jsonl(spec: TableSpec, builder: _ChunkBuilder) -> Iterator[Chunk | None]:
    encoding = _check_encoding(spec.encoding)
    source = _binary_source(spec.path)
    checked = False
    required = [*spec.text_columns, *([spec.id_column] if spec.id_column else [])]
    try:
        for line_no, raw in enumerate(source, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode(encoding))
            except UnicodeDecodeError as exc:
                yield builder.reject(
                    line_no,
                    "encoding",
                    f"byte {exc.start} is not valid {spec.encoding}; pass the right --encoding",
                )
                continue
            except json.JSONDecodeError as exc:
                # json's messages may end in "at" ("Unterminated string starting at"): say it once
                what = exc.msg.removesuffix(" at")
                yield builder.reject(line_no, "malformed", f"invalid JSON ({what} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield builder.reject(
                    line_no, "malformed", f"a JSON {type(record).__name__}, not an object with named fields"
                )
                continue
            if not checked:
                _missing_column(spec, list(record))
                checked = True
            absent = [c for c in required if c not in record]
            if absent:
                yield builder.reject(
                    line_no, "missing field", f"the object has no field {absent[0]!r} (a misspelled name?)"
                )
                continue
            yield builder.add(record, line_no)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    yield builder.flush(final=True)


def _iter_parquet(spec: TableSpec, builder: _ChunkBuilder) -> Iterator[Chunk | None]:
    import pyarrow.parquet as pq

    if spec.path == "-":
        raise ConfigError("Parquet cannot be read from standard input; give the file name")
    if not Path(spec.path).is_file():
        raise FileNotFoundError(f"no such input file: {spec.path!r}")
    try:
        pfile = pq.ParquetFile(spec.path)
    except Exception as exc:  # pyarrow raises its own error types for a damaged file
        raise _input_error(spec, None, f"not a readable Parquet file ({exc})") from None
    _missing_column(spec, pfile.schema_arrow.names)
    for batch in pfile.iter_batches(batch_size=builder.size, columns=builder.columns):
        frame = batch.to_pandas()
        for record in frame.to_dict("records"):
            chunk = builder.add(record)
            if chunk is not None:
                yield chunk
    yield builder.flush(final=True)


def _iter_folder(spec: TableSpec, builder: _ChunkBuilder) -> Iterator[Chunk | None]:
    from .documents import iter_documents

    for doc in iter_documents(spec.path, encoding=spec.encoding):
        if doc.error is not None:
            yield builder.reject(None, "unreadable document", doc.error)
        else:
            yield builder.add({"id": doc.id, "text": doc.text})
    yield builder.flush(final=True)


#: Column names of a folder of documents read as a table.
FOLDER_COLUMNS = ("id", "text")


def iter_chunks(spec: TableSpec, chunk_size: int = 1000) -> Iterator[Chunk]:
    """Read ``spec.path`` (a CSV, TSV, JSONL or Parquet file, ``-`` for standard input, or a folder of
    documents) in chunks of ``chunk_size`` records, so memory does not grow with the input.

    Unreadable records (a malformed line, a wrong number of fields, undecodable bytes, invalid JSON, an
    unreadable document) are returned in the chunk's ``rejects`` with their row and line; a missing
    column raises :class:`~skillmatch.errors.InputError` before any record is read.
    """
    builder = _ChunkBuilder(spec, chunk_size)
    if spec.is_folder:
        gen = _iter_folder(spec, builder)
    else:
        fmt = detect_format(spec.path, spec.fmt)
        if fmt in ("csv", "tsv"):
            gen = _iter_csv(spec, builder, spec.delimiter or _DELIMITERS[fmt])
        elif fmt == "jsonl":
            gen = _iter_jsonl(spec, builder)
        else:
            gen = _iter_parquet(spec, builder)
    for chunk in gen:
        if chunk is not None:
            yield chunk


def count_records(spec: TableSpec) -> int | None:
    """A quick estimate of the number of records, for a progress bar (``None`` when unknown)."""
    if spec.path == "-":
        return None
    path = Path(spec.path)
    if path.is_dir():
        return sum(1 for p in path.iterdir() if p.is_file())
    fmt = detect_format(spec.path, spec.fmt)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    if fmt == "jsonl":
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    # rows, not lines: a quoted cell may hold line breaks
    with open(path, encoding=_check_encoding(spec.encoding), errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter=spec.delimiter or _DELIMITERS[fmt])
        with _field_limit():
            try:
                rows = sum(1 for fields in reader if fields)
            except csv.Error:
                return None
    return max(rows - 1, 0)
