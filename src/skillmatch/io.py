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
from typing import IO

import pandas as pd

__all__ = [
    "FOLDER_COLUMNS",
    "FORMATS",
    "FORMULA_PREFIXES",
    "ROW",
    "Chunk",
    "Reject",
    "TableSpec",
    "atomic_path",
    "atomic_write_text",
    "count_records",
    "detect_format",
    "iter_chunks",
    "protect_formulas",
    "read_table",
    "write_table",
]

#: A CSV cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return path


def _protect(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def protect_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas: a cell starting with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading single quote (OWASP's advice).

    >>> protect_formulas(pd.DataFrame({"a": ["=1+1", "ok", "-x"]}))["a"].tolist()
    ["'=1+1", 'ok', "'-x"]
    """
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == object or isinstance(series.dtype, pd.StringDtype) or str(series.dtype) == "str":
            out[col] = series.map(_protect, na_action="ignore").astype(series.dtype)
    return out


def open_text(path: str | Path, encoding: str = "utf-8") -> IO[str]:
    """Open a text file for reading with a clear error on a bad encoding name."""
    try:
        "".encode(encoding)
    except LookupError:
        raise ValueError(
            f"unknown encoding {encoding!r}; valid examples: 'utf-8', 'cp1252', 'latin-1'"
        ) from None
    return open(path, encoding=encoding, newline="")


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
            raise ValueError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
        return fmt
    if str(path) == "-":
        return "csv"
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ValueError(
            f"cannot tell the format of {str(path)!r} from its suffix {suffix!r}; "
            f"valid suffixes: {', '.join(_SUFFIXES)} (or pass a format)"
        )
    return _SUFFIXES[suffix]


def read_table(path: str | Path, *, fmt: str | None = None, encoding: str = "utf-8") -> pd.DataFrame:
    """Read a whole CSV, TSV, JSONL or Parquet file (``-``: CSV from stdin); every cell is kept as text."""
    import sys

    fmt = detect_format(path, fmt)
    source: object = sys.stdin.buffer if str(path) == "-" else path
    if str(path) != "-" and not Path(path).is_file():
        raise FileNotFoundError(f"no such input file: {str(path)!r}")
    try:
        if fmt in ("csv", "tsv"):
            return pd.read_csv(
                source,
                sep="," if fmt == "csv" else "\t",
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                encoding=encoding,
            )
        if fmt == "jsonl":
            return pd.read_json(source, lines=True, dtype=False, encoding=encoding)
        return pd.read_parquet(source)
    except UnicodeDecodeError as exc:
        from .errors import InputEncodingError

        raise InputEncodingError(
            f"{str(path)!r} is not valid {encoding} (byte {exc.start}: {exc.reason}); "
            "pass the right encoding, e.g. 'utf-8', 'cp1252' or 'latin-1'"
        ) from None


def write_table(
    frame: pd.DataFrame, path: str | Path, *, fmt: str | None = None, protect: bool = True
) -> None:
    """Write ``frame`` as CSV, TSV, JSONL or Parquet, atomically (``-``: CSV to stdout).

    CSV and TSV text is protected against spreadsheet formula injection unless ``protect=False``.
    """
    import sys

    fmt = detect_format(path, fmt)
    if fmt in ("csv", "tsv") and protect:
        frame = protect_formulas(frame)
    sep = "," if fmt == "csv" else "\t"
    if str(path) == "-":
        if fmt == "parquet":
            raise ValueError("Parquet cannot be written to stdout; give an output file name")
        if fmt == "jsonl":
            sys.stdout.write(frame.to_json(orient="records", lines=True, force_ascii=False))
        else:
            frame.to_csv(sys.stdout, sep=sep, index=False)
        return
    with atomic_path(path) as tmp:
        if fmt in ("csv", "tsv"):
            frame.to_csv(tmp, sep=sep, index=False)
        elif fmt == "jsonl":
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            frame.to_parquet(tmp, index=False)


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
    """Consecutive input records: ``frame`` holds the readable ones (with a :data:`ROW` column) and
    ``rejects`` the unreadable ones. ``n_records`` counts both; ``n_empty`` the readable records whose text
    is missing or blank."""

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
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(
            f"unknown encoding {encoding!r}; valid examples: 'utf-8', 'cp1252', 'latin-1'"
        ) from None
    # a UTF-8 byte-order mark is not part of the first column's name
    return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding


def _binary_source(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    if not Path(path).exists():
        raise FileNotFoundError(f"no such input file: {path!r}")
    if Path(path).is_dir():
        raise IsADirectoryError(
            f"{path!r} is a folder; a table input must be a .csv, .tsv, .jsonl or .parquet file"
        )
    return open(path, "rb")


def _missing_column(spec: TableSpec, have: Sequence[str]) -> None:
    missing = [c for c in spec.columns if c not in have]
    if missing:
        from .errors import InputError

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
        frame = pd.DataFrame({ROW: pd.Series(self.rows, dtype="int64"), **self.values})
        chunk = Chunk(self.index, frame, self.rejects, self.n, self.n_empty)
        self.index += 1
        self._reset()
        return chunk


def _iter_csv(spec: TableSpec, builder: _ChunkBuilder, sep: str) -> Iterator[Chunk | None]:
    encoding = _check_encoding(spec.encoding)
    csv.field_size_limit(2**31 - 1)  # long documents are normal here
    source = _binary_source(spec.path)
    try:
        stream = io.TextIOWrapper(source, encoding=encoding, errors="surrogateescape", newline="")
        reader = csv.reader(stream, delimiter=sep)
        try:
            header = next(reader)
        except StopIteration:
            header = []
        except csv.Error as exc:
            raise _input_error(spec, 1, f"the header line cannot be parsed ({exc})") from None
        if any(_SURROGATES.search(h) for h in header):
            raise _input_error(spec, 1, f"the header line is not valid {spec.encoding}")
        _missing_column(spec, header)
        width = len(header)
        positions = {c: header.index(c) for c in builder.columns}
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield builder.reject(reader.line_num, "malformed", f"malformed {spec_name(sep)} line ({exc})")
                continue
            line = reader.line_num
            if not fields:  # a blank line is not a record
                continue
            if len(fields) != width:
                yield builder.reject(
                    line, "field count", f"the line has {len(fields)} fields, the header has {width}"
                )
                continue
            if any(_SURROGATES.search(f) for f in fields):
                yield builder.reject(
                    line,
                    "encoding",
                    f"undecodable bytes for encoding {spec.encoding!r}; pass the right --encoding",
                )
                continue
            yield builder.add({c: fields[i] if fields[i] != "" else None for c, i in positions.items()})
        stream.detach()
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    yield builder.flush(final=True)


def spec_name(sep: str) -> str:
    return "CSV" if sep == "," else "TSV"


def _input_error(spec: TableSpec, line: int | None, message: str) -> Exception:
    from .errors import InputError

    where = "standard input" if spec.path == "-" else spec.path
    at = f", line {line}" if line is not None else ""
    return InputError(f"{where}{at}: {message}")


def _iter_jsonl(spec: TableSpec, builder: _ChunkBuilder) -> Iterator[Chunk | None]:
    encoding = _check_encoding(spec.encoding)
    source = _binary_source(spec.path)
    checked = False
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
                yield builder.reject(line_no, "malformed", f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield builder.reject(
                    line_no, "malformed", f"a JSON {type(record).__name__}, not an object with named fields"
                )
                continue
            if not checked:
                _missing_column(spec, list(record))
                checked = True
            yield builder.add(record, line_no)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    yield builder.flush(final=True)


def _iter_parquet(spec: TableSpec, builder: _ChunkBuilder) -> Iterator[Chunk | None]:
    import pyarrow.parquet as pq

    if spec.path == "-":
        raise ValueError("Parquet cannot be read from standard input; give the file name")
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
            gen = _iter_csv(spec, builder, "," if fmt == "csv" else "\t")
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
    lines = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            lines += block.count(b"\n")
    return max(lines - (1 if fmt in ("csv", "tsv") else 0), 0)
