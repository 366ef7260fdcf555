"""The public entry point: :class:`SkillMatcher`, and ``extract``/``coverage`` shortcuts.

>>> import skillmatch
>>> df = skillmatch.extract("5+ years of Python and Postgres; Spring Boot is a plus.")
>>> df[["skill_id", "text", "method"]].values.tolist()
[['python', 'Python', 'exact'], ['postgresql', 'Postgres', 'exact'], ['spring-boot', 'Spring Boot', 'exact']]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from .alternatives import alternative_groups
from .component import SkillComponent
from .errors import ConfigError, InputError
from .frames import MATCH_COLUMNS, empty_frame, frame_from_columns
from .fuzzy import allow_list
from .inputs import Texts, TextsLike, as_texts
from .matching import Hit
from .scoring import MatchCorpus, MatchWeights, coverage_frame, score_pairs, top_k
from .taxonomy import Taxonomy, load_taxonomy
from .tokenizer import make_nlp

if TYPE_CHECKING:
    from .context import SpanContext

__all__ = ["SkillMatcher", "coverage", "extract", "match", "split_text"]

_Where = tuple[int, int, bool]  # document position, offset of the piece, last piece of the document
_BATCH_TOKENS = 200_000  # at most this many tokens are held between tokenising and matching

_BREAK_RE = re.compile(r"\n\s*\n|\n|(?<=[.!?])\s+")


def split_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``limit`` characters at paragraph, line or sentence breaks
    (a hard cut only where a piece has none), yielding ``(offset, piece)`` with ``text[offset:...] == piece``.

    >>> list(split_text("ab\\ncd\\nef", 5))
    [(0, 'ab\\ncd'), (6, 'ef')]
    """
    if limit < 1:
        raise ConfigError(f"limit must be positive, got {limit}")
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start : start + limit + 1]  # a break right after the limit still counts
        cut = 0
        for m in _BREAK_RE.finditer(window):
            if 0 < m.start() <= limit:
                cut = m.start()
        if cut <= 0:
            cut = limit
        yield start, text[start : start + cut]
        start += cut
        while start < n and text[start].isspace():
            start += 1
    if start < n or n == 0:
        yield start, text[start:]


class SkillMatcher:
    """Find a taxonomy's skills in texts and return DataFrames.

    Parameters
    ----------
    taxonomy
        A :class:`Taxonomy`, a bundled name, or a path; ``None`` for the bundled back-end taxonomy.
    nlp
        A spaCy pipeline to use instead of the default offline one (``spacy.blank("en")`` with a
        technology-aware tokenizer). The ``skillmatch`` component is added to it if missing. A trained
        pipeline works too; its other components run as usual.
    fuzzy
        Match typos (``Pyhton``, ``Kubernets``, ``Rabit MQ``) and spelling variants (``Mongo DB``); only a
        token that is not a known word is corrected (see ``docs/fuzzy.md``).
    fuzzy_cutoff
        Minimum similarity (0–1: one minus edits over length) for a typo match.
    fuzzy_allow
        Your own words that are never corrected into a skill (surnames, places, product names).
    context
        Add ``requirement``, ``negated``, ``years`` and ``proficiency`` to every match.
    batch_size
        Documents per ``nlp.pipe`` batch.
    max_piece_length
        Longer texts are processed in pieces of at most this many characters (offsets stay exact).
    """

    def __init__(
        self,
        taxonomy: Taxonomy | str | Path | None = None,
        *,
        nlp: Language | None = None,
        fuzzy: bool = True,
        fuzzy_cutoff: float = 0.75,
        min_fuzzy_length: int = 5,
        fuzzy_allow: Sequence[str] = (),
        context: bool = True,
        batch_size: int = 64,
        max_piece_length: int = 100_000,
    ) -> None:
        if batch_size < 1:
            raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}")
        if max_piece_length < 1000:
            raise ConfigError(f"max_piece_length must be at least 1000 characters, got {max_piece_length!r}")
        self.taxonomy = load_taxonomy(taxonomy)
        self.nlp = nlp if nlp is not None else make_nlp()
        cfg = {
            "fuzzy": fuzzy,
            "fuzzy_cutoff": fuzzy_cutoff,
            "min_fuzzy_length": min_fuzzy_length,
            "fuzzy_allow": allow_list(fuzzy_allow),
        }
        if "skillmatch" in self.nlp.pipe_names:
            component = self.nlp.get_pipe("skillmatch")
            component.cfg.update(cfg)
        else:
            component = self.nlp.add_pipe("skillmatch", config=cfg)
        assert isinstance(component, SkillComponent)
        component.set_taxonomy(self.taxonomy)
        self.component = component
        self.context = context
        self.batch_size = batch_size
        self.max_piece_length = min(max_piece_length, self.nlp.max_length)
        skills = self.taxonomy.skills
        self._names = {sid: s.name for sid, s in skills.items()}
        self._cats = {sid: s.category for sid, s in skills.items()}

    def __repr__(self) -> str:
        return f"SkillMatcher(taxonomy={self.taxonomy!r}, pipeline={self.nlp.pipe_names})"

    def _repr_html_(self) -> str:
        from .render import matcher_html

        return matcher_html(self)

    # -- the core loop ----
    def _hits(self, texts: Sequence[str]) -> Iterator[tuple[int, list[Hit]]]:
        """``(document position, hits with offsets into the whole text)`` for every non-empty document."""
        limit = self.max_piece_length

        def pieces() -> Iterator[tuple[str, _Where]]:
            for i, text in enumerate(texts):
                if not text.strip():
                    continue
                if len(text) <= limit:
                    yield text, (i, 0, True)
                    continue
                parts = list(split_text(text, limit))
                for k, (offset, piece) in enumerate(parts):
                    yield piece, (i, offset, k == len(parts) - 1)

        current: list[Hit] = []
        find = self.component.index.find
        # the component's spans are not needed here: run the rest of the pipeline and match directly
        docs = self.nlp.pipe(pieces(), as_tuples=True, batch_size=self.batch_size, disable=["skillmatch"])
        for doc, (i, offset, last) in self._batched(docs):
            hits = find(doc)
            if offset:
                hits = [
                    h._replace(start_char=h.start_char + offset, end_char=h.end_char + offset) for h in hits
                ]
            current.extend(hits)
            if last:
                yield i, current
                current = []

    def _batched(self, docs: Iterator[tuple[Doc, _Where]]) -> Iterator[tuple[Doc, _Where]]:
        """The same stream, pulled a batch at a time: tokenising a batch before matching it keeps each step's
        tables in the processor cache (about 10 % faster than alternating document by document)."""
        while True:
            batch: list[tuple[Doc, _Where]] = []
            tokens = 0
            for item in docs:
                batch.append(item)
                tokens += len(item[0])
                if len(batch) >= self.batch_size or tokens >= _BATCH_TOKENS:
                    break
            if not batch:
                return
            yield from batch

    def _records(self, data: Texts) -> tuple[dict[str, list[object]], list[set[str]], list[int]]:
        positions: list[int] = []
        hits: list[Hit] = []
        texts: list[str] = []
        contexts: list[SpanContext] = []
        groups: list[int | None] = []
        found: list[set[str]] = [set() for _ in data.texts]
        counts = [0] * len(data.texts)
        annotate = _context_annotator() if self.context else None
        for i, doc_hits in self._hits(data.texts):
            text = data.texts[i]
            positions.extend([i] * len(doc_hits))
            hits.extend(doc_hits)
            texts.extend([text[h.start_char : h.end_char] for h in doc_hits])
            spans = [(h.start_char, h.end_char) for h in doc_hits]
            groups.extend(alternative_groups(text, spans, [self._cats[h.skill_id] for h in doc_hits]))
            if annotate is not None:
                ctx = annotate(text, [(h.start_char, h.end_char) for h in doc_hits])
                contexts.extend(ctx)
                kept = [h.skill_id for h, c in zip(doc_hits, ctx, strict=True) if not c.negated]
            else:
                kept = [h.skill_id for h in doc_hits]
            found[i].update(kept)
            counts[i] += len(kept)
        names, cats = self._names, self._cats
        ids = [h.skill_id for h in hits]
        cols: dict[str, list[object]] = {
            "skill_id": ids,  # type: ignore[dict-item]
            "skill": [names[k] for k in ids],
            "category": [cats[k] for k in ids],
            "start": [h.start_char for h in hits],
            "end": [h.end_char for h in hits],
            "text": texts,  # type: ignore[dict-item]
            "method": [h.method for h in hits],
            "score": [h.score for h in hits],
        }
        if annotate is not None:
            cols["requirement"] = [c.requirement for c in contexts]
            cols["negated"] = [c.negated for c in contexts]
            cols["years"] = [c.years for c in contexts]
            cols["proficiency"] = [c.proficiency for c in contexts]
        else:
            n = len(hits)
            cols["requirement"] = ["unspecified"] * n
            cols["negated"] = [False] * n
            cols["years"] = [None] * n
            cols["proficiency"] = [None] * n
        cols["alternatives"] = groups  # type: ignore[assignment]
        assert list(cols) == [k for k in MATCH_COLUMNS if k != "doc_id"]
        cols["_pos"] = positions  # type: ignore[assignment]
        return cols, found, counts

    # -- public API ----
    def extract(
        self,
        texts: TextsLike,
        *,
        text_column: str | Sequence[str] | None = None,
        id_column: str | None = None,
    ) -> pd.DataFrame:
        """One row per skill mention.

        Columns: ``doc_id`` (the input's index, id column or position), ``skill_id``, ``skill`` (display
        name), ``category``, ``start``/``end`` (character offsets: ``text[start:end]`` is the evidence),
        ``text``, ``method`` (exact, lemma, pattern, fuzzy), ``score`` (0–1 similarity of the evidence to
        the taxonomy's form), ``requirement``, ``negated``, ``years``, ``proficiency`` and ``alternatives``
        (a group id shared by mentions listed as choices, "one of Go or Rust"; see docs/scoring.md).
        """
        data = as_texts(texts, text_column=text_column, id_column=id_column)
        return self._extract(data)

    def _extract(self, data: Texts) -> pd.DataFrame:
        cols, _, _ = self._records(data)
        return self._frame(data, cols)

    def _frame(self, data: Texts, cols: dict[str, list[object]]) -> pd.DataFrame:
        positions = cols.pop("_pos")
        if not positions:
            return empty_frame(MATCH_COLUMNS, id_dtype=data.ids.dtype)
        values: dict[str, object] = {"doc_id": data.ids.take(positions), **cols}
        return frame_from_columns(MATCH_COLUMNS, values)  # type: ignore[arg-type]

    def coverage(
        self,
        texts: TextsLike,
        *,
        text_column: str | Sequence[str] | None = None,
        id_column: str | None = None,
        against: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """One row per document (empty ones included): overall and per-category coverage and counts.

        ``against`` restricts the target skills (default: the whole taxonomy). The formula is documented
        in :mod:`skillmatch.scoring`.
        """
        data = as_texts(texts, text_column=text_column, id_column=id_column)
        _, found, counts = self._records(data)
        return coverage_frame(found, counts, data.ids, data.empty, self.taxonomy, against=against)

    def extract_and_cover(
        self,
        texts: TextsLike,
        *,
        text_column: str | Sequence[str] | None = None,
        id_column: str | None = None,
        against: Iterable[str] | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Both frames from one pass over the texts."""
        data = as_texts(texts, text_column=text_column, id_column=id_column)
        cols, found, counts = self._records(data)
        cover = coverage_frame(found, counts, data.ids, data.empty, self.taxonomy, against=against)
        return self._frame(data, cols), cover

    # -- résumé-to-job matching ----
    def match_with_report(
        self,
        resumes: TextsLike,
        jobs: TextsLike,
        *,
        resume_text_column: str | Sequence[str] | None = None,
        resume_id_column: str | None = None,
        job_text_column: str | Sequence[str] | None = None,
        job_id_column: str | None = None,
        weights: MatchWeights | None = None,
        corpus: MatchCorpus | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Score every (résumé, job) pair and explain it.

        Returns ``(pairs, report)``. ``pairs`` has one row per pair: ``resume_id``, ``job_id``, ``score``
        (0–1), ``required_coverage``, ``preferred_coverage``, counts, and the lists ``matched``,
        ``partial``, ``missing`` and ``extra`` of skill ids. ``report`` has one row per job skill and pair
        (``status`` met, partial or missing, with the résumé evidence and a snippet) plus the résumé's
        extra skills (``status="extra"``); its ``contribution`` column sums to the pair's ``score``.
        Weights and partial credit are described by :class:`~skillmatch.scoring.MatchWeights`; specificity
        and the lexical part are measured against ``corpus`` (default: these jobs). A job's title belongs in
        its text's first line: ``job_text_column=["title", "description"]``.
        """
        if self.context is False:
            raise ConfigError(
                "match needs context=True: requirement levels, negation and years drive the scores"
            )
        res = as_texts(resumes, text_column=resume_text_column, id_column=resume_id_column)
        job = as_texts(jobs, text_column=job_text_column, id_column=job_id_column)
        for name, data in (("résumé", res), ("job", job)):
            if data.ids.has_duplicates:
                dup = data.ids[data.ids.duplicated()][0]
                raise InputError(f"{name} ids must be unique; {dup!r} appears more than once")
        resume_frame = self._extract(res)
        job_frame = self._extract(job)
        return score_pairs(
            resume_frame,
            job_frame,
            res.ids,
            job.ids,
            self.taxonomy,
            resume_texts=dict(zip(res.ids, res.texts, strict=True)),
            job_texts=dict(zip(job.ids, job.texts, strict=True)),
            weights=weights,
            corpus=corpus,
        )

    def match(self, resumes: TextsLike, jobs: TextsLike, **kwargs: object) -> pd.DataFrame:
        """One row per (résumé, job) pair; see :meth:`match_with_report` for the columns and options."""
        return self.match_with_report(resumes, jobs, **kwargs)[0]  # type: ignore[arg-type]

    def gap_report(self, resumes: TextsLike, jobs: TextsLike, **kwargs: object) -> pd.DataFrame:
        """One row per job skill and pair, plus extra résumé skills; see :meth:`match_with_report`."""
        return self.match_with_report(resumes, jobs, **kwargs)[1]  # type: ignore[arg-type]

    def top_resumes(self, resumes: TextsLike, jobs: TextsLike, k: int = 10, **kwargs: object) -> pd.DataFrame:
        """The ``k`` best résumés for each job, ranked."""
        return top_k(self.match(resumes, jobs, **kwargs), k, per="job_id")

    def top_jobs(self, resumes: TextsLike, jobs: TextsLike, k: int = 10, **kwargs: object) -> pd.DataFrame:
        """The ``k`` best jobs for each résumé, ranked."""
        return top_k(self.match(resumes, jobs, **kwargs), k, per="resume_id")


def _context_annotator():  # type: ignore[no-untyped-def]
    from .context import annotate

    return annotate


@lru_cache(maxsize=1)
def _default_matcher() -> SkillMatcher:
    return SkillMatcher()


def extract(
    texts: TextsLike, *, text_column: str | Sequence[str] | None = None, id_column: str | None = None
) -> pd.DataFrame:
    """:meth:`SkillMatcher.extract` with the bundled taxonomy and default settings."""
    return _default_matcher().extract(texts, text_column=text_column, id_column=id_column)


def coverage(
    texts: TextsLike,
    *,
    text_column: str | Sequence[str] | None = None,
    id_column: str | None = None,
    against: Iterable[str] | None = None,
) -> pd.DataFrame:
    """:meth:`SkillMatcher.coverage` with the bundled taxonomy and default settings."""
    return _default_matcher().coverage(texts, text_column=text_column, id_column=id_column, against=against)


def match(
    resumes: TextsLike,
    jobs: TextsLike,
    *,
    resume_text_column: str | Sequence[str] | None = None,
    resume_id_column: str | None = None,
    job_text_column: str | Sequence[str] | None = None,
    job_id_column: str | None = None,
    weights: MatchWeights | None = None,
    corpus: MatchCorpus | None = None,
) -> pd.DataFrame:
    """:meth:`SkillMatcher.match` with the bundled taxonomy and default settings."""
    return _default_matcher().match(
        resumes,
        jobs,
        resume_text_column=resume_text_column,
        resume_id_column=resume_id_column,
        job_text_column=job_text_column,
        job_id_column=job_id_column,
        weights=weights,
        corpus=corpus,
    )
