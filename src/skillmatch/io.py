"""Reading and writing files: atomic writes and spreadsheet-safe CSV text.

Every file skillmatch writes goes to a temporary file in the same folder first and is renamed over the
final name only when complete, so a crash never leaves a half-written file under the final name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pandas as pd

__all__ = [
    "FORMATS",
    "FORMULA_PREFIXES",
    "atomic_path",
    "atomic_write_text",
    "detect_format",
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
