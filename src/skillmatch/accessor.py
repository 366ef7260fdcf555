"""The ``df.skills`` pandas accessor: the library's functions on a DataFrame's text column.

Registered when :mod:`skillmatch` is imported. It holds no logic of its own: each method calls the
library with this frame and returns the library's DataFrame.

>>> import pandas as pd
>>> import skillmatch
>>> posts = pd.DataFrame({"description": ["Python and Django", "Java"]}, index=["a", "b"])
>>> posts.skills.extract("description")[["doc_id", "skill_id"]].values.tolist()
[['a', 'python'], ['a', 'django'], ['b', 'java']]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .api import SkillMatcher
    from .inputs import TextsLike
    from .scoring import MatchWeights

__all__ = ["SkillsAccessor"]


@pd.api.extensions.register_dataframe_accessor("skills")
class SkillsAccessor:
    """``df.skills.extract(column)``, ``df.skills.coverage(column)``, ``df.skills.match(jobs, column)``.

    Each takes ``matcher=`` (default: the bundled taxonomy) and the same column options as the library;
    document ids are the frame's index unless ``id_column`` names a column.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    @staticmethod
    def _matcher(matcher: SkillMatcher | None) -> SkillMatcher:
        from .render import matcher_or_default

        return matcher_or_default(matcher)

    def extract(
        self,
        text_column: str | Sequence[str],
        *,
        id_column: str | None = None,
        matcher: SkillMatcher | None = None,
    ) -> pd.DataFrame:
        """:meth:`SkillMatcher.extract` on this frame: one row per skill mention."""
        return self._matcher(matcher).extract(self._frame, text_column=text_column, id_column=id_column)

    def coverage(
        self,
        text_column: str | Sequence[str],
        *,
        id_column: str | None = None,
        against: Iterable[str] | None = None,
        matcher: SkillMatcher | None = None,
    ) -> pd.DataFrame:
        """:meth:`SkillMatcher.coverage` on this frame: one row per document."""
        return self._matcher(matcher).coverage(
            self._frame, text_column=text_column, id_column=id_column, against=against
        )

    def match(
        self,
        jobs: TextsLike,
        text_column: str | Sequence[str],
        *,
        id_column: str | None = None,
        job_text_column: str | Sequence[str] | None = None,
        job_id_column: str | None = None,
        weights: MatchWeights | None = None,
        matcher: SkillMatcher | None = None,
    ) -> pd.DataFrame:
        """:meth:`SkillMatcher.match` with this frame's rows as the résumés: one row per (résumé, job)."""
        return self._matcher(matcher).match(
            self._frame,
            jobs,
            resume_text_column=text_column,
            resume_id_column=id_column,
            job_text_column=job_text_column,
            job_id_column=job_id_column,
            weights=weights,
        )
