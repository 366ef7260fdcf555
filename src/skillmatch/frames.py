"""The DataFrame schemas skillmatch returns, in one place.

Every result is built from plain records in its last step, and an empty input gives an empty frame with
the same columns and dtypes as a full one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "BATCH_MATCH_COLUMNS",
    "KEPT_PREFIX",
    "MATCH_COLUMNS",
    "REJECT_COLUMNS",
    "empty_frame",
    "frame_from_columns",
]

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


# -- batch variants (``skillmatch.batch`` and the command line) --------------------------------------------
# Batch output starts with ``row`` (0-based input position), ``doc_id`` and the kept input columns; a kept
# column whose name is taken by the output gets the prefix below. The rest follows these schemas.

#: Prefix of a kept input column whose name is already an output column (``-k row`` gives ``input.row``).
KEPT_PREFIX = "input."

#: Columns of batch ``extract`` output after ``row``, ``doc_id`` and the kept columns (nullable dtypes:
#: a document without any match keeps one row with missing values).
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

#: Columns of the rejects side file: one row per input record that could not be read.
REJECT_COLUMNS: dict[str, str] = {"row": "int64", "line": "Int64", "reason": "string", "message": "string"}
