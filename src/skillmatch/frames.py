"""The DataFrame schemas skillmatch returns, in one place.

Every result is built from plain records in its last step, and an empty input gives an empty frame with
the same columns and dtypes as a full one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["MATCH_COLUMNS", "empty_frame", "frame_from_columns"]

#: Columns of :meth:`SkillMatcher.extract`, with their dtypes (``doc_id`` takes the input index's dtype).
MATCH_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "skill_id": "string",
    "skill": "string",
    "category": "string",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "method": "string",
    "score": "float64",
    "requirement": "string",
    "negated": "bool",
    "years": "Float64",
    "proficiency": "string",
    # mentions listed as choices ("one of Go or Rust") share a group id per document; see alternatives.py
    "alternatives": "Int64",
}


def empty_frame(columns: dict[str, str], *, id_dtype: Any = None) -> pd.DataFrame:
    """An empty frame with the given columns and dtypes."""
    data = {}
    for name, dtype in columns.items():
        if name.endswith("_id") and dtype == "object" and id_dtype is not None:
            data[name] = pd.Series([], dtype=id_dtype)
        else:
            data[name] = pd.Series([], dtype=dtype)
    return pd.DataFrame(data)


def frame_from_columns(
    columns: dict[str, str],
    values: dict[str, Sequence[Any] | np.ndarray | pd.Index],
) -> pd.DataFrame:
    """A frame from column arrays, cast to the schema's dtypes; ``*_id`` object columns keep theirs."""
    data: dict[str, Any] = {}
    for name, dtype in columns.items():
        col = values[name]
        if isinstance(col, pd.Index):
            data[name] = pd.Series(col, dtype=col.dtype)
        elif name.endswith("_id") and dtype == "object":
            data[name] = pd.Series(col)
        else:
            data[name] = pd.Series(col, dtype=dtype)
    return pd.DataFrame(data)
