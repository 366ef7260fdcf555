"""Turning what users pass (a string, a list, a Series, a DataFrame) into ids and texts.

Missing values (``None``, ``NaN``, ``pd.NA``) and blank strings are kept as empty documents: they get
no matches, a row in every per-document result, and ``empty=True``. Nothing is dropped or reordered.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from .errors import InputEncodingError, InputError

__all__ = ["Texts", "as_texts"]

_Text = str | bytes | None
TextsLike = str | bytes | Iterable[_Text] | Mapping[object, _Text] | pd.Series | pd.DataFrame


@dataclass
class Texts:
    """Documents ready for matching: ``ids`` keeps the caller's index, ``texts`` has ``""`` for empty."""

    ids: pd.Index
    texts: list[str]
    empty: list[bool]

    def __len__(self) -> int:
        return len(self.texts)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def _to_text(value: object, doc_id: object, encoding: str) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, str):
        # a str subclass (numpy.str_ from ``df.to_numpy()``, an enum value) as a plain str for spaCy
        return value if type(value) is str else str.__str__(value)
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputEncodingError(
                f"document {doc_id!r} is not valid {encoding} (byte {exc.start}: {exc.reason}); "
                "pass the right encoding=..., e.g. 'utf-8', 'cp1252' or 'latin-1'"
            ) from None
    # a number is shown; a container's repr could hold a document's text, which messages never do
    shown = f" ({value!r})" if isinstance(value, numbers.Number) else ""
    raise InputError(
        f"document {doc_id!r} is a {type(value).__name__}{shown}, not text; "
        "valid values are str, bytes or a missing value (None/NaN)"
    )


def as_texts(
    texts: TextsLike,
    *,
    text_column: str | Sequence[str] | None = None,
    id_column: str | None = None,
    encoding: str = "utf-8",
) -> Texts:
    """Normalise the accepted input shapes.

    ``texts`` may be one string, a list of strings, a dict ``{id: text}`` or a pandas Series (their
    keys or index give the ids), or a DataFrame with ``text_column`` (one name, or several joined with a
    blank line) and optionally ``id_column`` (else the frame's index gives the ids).

    >>> t = as_texts(pd.Series(["Python", None], index=["a", "b"]))
    >>> list(t.ids), t.texts, t.empty
    (['a', 'b'], ['Python', ''], [False, True])
    """
    if isinstance(texts, pd.DataFrame):
        if text_column is None:
            raise InputError(
                "a DataFrame needs text_column=...; its columns are: " + ", ".join(map(str, texts.columns))
            )
        cols = [text_column] if isinstance(text_column, str) else list(text_column)
        missing = [c for c in [*cols, *([id_column] if id_column else [])] if c not in texts.columns]
        if missing:
            raise InputError(
                f"column {missing[0]!r} is not in the DataFrame; its columns are: "
                + ", ".join(map(str, texts.columns))
            )
        ids = pd.Index(texts[id_column]) if id_column else texts.index
        if len(cols) == 1:
            values: list[object] = texts[cols[0]].tolist()
        else:
            parts = [texts[c].tolist() for c in cols]
            values = []
            for row in zip(*parts, strict=True):
                pieces = [_to_text(v, "?", encoding) for v in row]
                values.append("\n\n".join(p for p in pieces if p.strip()))
    elif isinstance(texts, pd.Series):
        ids, values = texts.index, texts.tolist()
    elif isinstance(texts, str | bytes):
        ids, values = pd.RangeIndex(1), [texts]
    elif isinstance(texts, Mapping):
        # {id: text}, like a Series; iterating would give the keys and score them as texts
        ids, values = pd.Index(list(texts.keys())), list(texts.values())
    elif isinstance(texts, Iterable):
        values = list(texts)
        ids = pd.RangeIndex(len(values))
    else:
        raise InputError(
            f"texts must be a str, a list of str, a dict of id to str, a pandas Series or a DataFrame, "
            f"not {type(texts).__name__}"
        )
    out = [_to_text(v, doc_id, encoding) for v, doc_id in zip(values, ids, strict=True)]
    return Texts(ids=pd.Index(ids), texts=out, empty=[not t.strip() for t in out])
