"""The public entry point: :class:`SkillMatcher`, and ``extract``/``coverage`` shortcuts.

>>> import skillmatch
>>> df = skillmatch.extract("5+ years of Python and Postgres; Spring Boot is a plus.")
>>> df[["skill_id", "text", "method"]].values.tolist()
[['python', 'Python', 'exact'], ['postgresql', 'Postgres', 'exact'], ['spring-boot', 'Spring Boot', 'exact']]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from .alternatives import alternative_groups
from .component import SkillComponent
from .context import SpanContext
from .errors import ConfigError, InputError
from .frames import MATCH_COLUMNS, empty_frame, frame_from_columns
from .fuzzy import allow_list
from .inputs import Texts, TextsLike, as_texts
from .matching import FUZZY_CUTOFF, MIN_FUZZY_LENGTH, Hit, prepare_text
from .scoring import MatchCorpus, MatchWeights, coverage_frame, score_pairs, top_k
from .taxonomy import Taxonomy, load_taxonomy
from .tokenizer import make_nlp

__all__ = ["SkillMatcher", "coverage", "extract", "match", "split_text"]

_Where = tuple[int, int, bool]  # document position, offset of the piece, last piece of the document
_BATCH_TOKENS = 200_000  # at most this many tokens are held between tokenising and matching

_BREAK_RE = re.compile(r"\n\s*\n|\n|(?<=[.!?])\s+")


def split_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``limit`` characters at paragraph, line or sentence breaks
    (else at the last space, so no word is cut in two; a hard cut only where a piece has none),
    yielding ``(offset, piece)`` with ``text[offset:...] == piece``.

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
            space = max(window.rfind(" ", 1, limit + 1), window.rfind("\t", 1, limit + 1))
            cut = space if space > 0 else limit
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
    extend
        A taxonomy (object, bundled name or path) merged on top of ``taxonomy``: its skills are added, and a
        skill in both takes its definition.
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
    min_fuzzy_length
        Shortest word (in characters) that may be a typo of a skill name.
    context
        Add ``requirement``, ``negated``, ``years`` and ``proficiency`` to every match.
    reference_year
        The year ``present`` stands for in a date range (``2019 - present``); ``None``: the current year.
    batch_size
        Documents per ``nlp.pipe`` batch (pipelines with other components).
    max_piece_length
        With other pipeline components, longer texts are processed in pieces of at most this many
        characters (offsets stay exact).
    """

    def __init__(
        self,
        taxonomy: Taxonomy | str | Path | None = None,
        *,
        extend: Taxonomy | str | Path | None = None,
        nlp: Language | None = None,
        fuzzy: bool = True,
        fuzzy_cutoff: float = FUZZY_CUTOFF,
        min_fuzzy_length: int = MIN_FUZZY_LENGTH,
        fuzzy_allow: Sequence[str] = (),
        context: bool = True,
        reference_year: int | None = None,
        batch_size: int = 64,
        max_piece_length: int = 100_000,
    ) -> None:
        if batch_size < 1:
            raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}")
        if max_piece_length < 1000:
            raise ConfigError(f"max_piece_length must be at least 1000 characters, got {max_piece_length!r}")
        if not isinstance(context, bool):
            raise ConfigError(f"context must be True or False, got {context!r}")
        if not isinstance(fuzzy, bool):
            raise ConfigError(f"fuzzy must be True or False, got {fuzzy!r}")
        if reference_year is not None and not (isinstance(reference_year, int) and reference_year > 1900):
            raise ConfigError(f"reference_year must be a year such as 2026, or None, got {reference_year!r}")
        self.taxonomy = load_taxonomy(taxonomy, extend=extend)
        self.nlp = nlp if nlp is not None else make_nlp()
        cfg = {
            "fuzzy": fuzzy,
            "fuzzy_cutoff": fuzzy_cutoff,
            "min_fuzzy_length": min_fuzzy_length,
            "fuzzy_allow": allow_list(fuzzy_allow),
            "context": context,
            "reference_year": reference_year,
        }
        if "skillmatch" in self.nlp.pipe_names:
            component = self.nlp.get_pipe("skillmatch")
            component.cfg.update(cfg)
        else:
            component = self.nlp.add_pipe("skillmatch", config=cfg)
        assert isinstance(component, SkillComponent)
        component.set_taxonomy(self.taxonomy)
        component.index  # noqa: B018 - build now: option errors surface here, not on first use
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
    def _mentions(self, texts: Sequence[str]) -> Iterator[tuple[int, list[Hit], list[SpanContext]]]:
        """``(document position, hits, their context)`` for every non-empty document, offsets into its text.

        With the default pipeline (a tokenizer and this component) this is :meth:`SkillComponent.analyse`
        over batches of texts (texts longer than ``max_piece_length`` piece by piece): the matching step and
        the context step that the component's ``__call__`` runs on a Doc. A pipeline with other components
        runs them all first.
        """
        component = self.component
        if any(name != "skillmatch" for name in self.nlp.pipe_names):
            for i, hits in self._hits(texts):
                yield i, hits, component.annotate(texts[i], hits)
            return
        limit = self.max_piece_length
        find = component.index.find_prepared
        annotate = component.annotate

        def prepared() -> Iterator[tuple[str, tuple[int, int, bool, Callable[[int], int] | None]]]:
            for i, text in enumerate(texts):
                if not text.strip():
                    continue
                if len(text) <= limit:
                    piece, back = prepare_text(text)
                    yield piece, (i, 0, True, back)
                    continue
                parts = list(split_text(text, limit))
                for k, (offset, part) in enumerate(parts):
                    piece, back = prepare_text(part)
                    yield piece, (i, offset, k == len(parts) - 1, back)

        # tokenising a batch before matching it keeps each step's tables in the processor cache
        stream = prepared()
        tokenizer = self.nlp.tokenizer
        current: list[Hit] = []
        while True:
            batch = list(islice(stream, self.batch_size))
            if not batch:
                return
            docs = list(tokenizer.pipe([piece for piece, _ in batch]))
            for doc, (piece, (i, offset, last, back)) in zip(docs, batch, strict=True):
                hits = find(doc, back, piece)
                if offset:
                    hits = [
                        h._replace(start_char=h.start_char + offset, end_char=h.end_char + offset)
                        for h in hits
                    ]
                current.extend(hits)
                if last:
                    yield i, current, annotate(texts[i], current)
                    current = []

    def _hits(self, texts: Sequence[str]) -> Iterator[tuple[int, list[Hit]]]:
        """``(document position, hits with offsets into the whole text)`` for every non-empty document,
        through the whole pipeline (its other components included)."""
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
        for i, doc_hits, ctx in self._mentions(data.texts):
            if not doc_hits:
                continue
            text = data.texts[i]
            positions.extend([i] * len(doc_hits))
            hits.extend(doc_hits)
            texts.extend([text[h.start_char : h.end_char] for h in doc_hits])
            spans = [(h.start_char, h.end_char) for h in doc_hits]
            groups.extend(alternative_groups(text, spans, [self._cats[h.skill_id] for h in doc_hits]))
            contexts.extend(ctx)
            kept = [h.skill_id for h, c in zip(doc_hits, ctx, strict=True) if not c.negated]
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
        cols["requirement"] = [c.requirement for c in contexts]
        cols["negated"] = [c.negated for c in contexts]
        cols["years"] = [c.years for c in contexts]
        cols["proficiency"] = [c.proficiency for c in contexts]
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
        its text's first line: ``job_text_column=["title", "description"]``. Without ``weights``, the
        category weights come from the taxonomy's rules file (``category_weights``).
        """
        if self.context is False:
            raise ConfigError(
                "match needs context=True: requirement levels, negation and years drive the scores"
            )
        res = _texts(resumes, resume_text_column, resume_id_column, "resume")
        job = _texts(jobs, job_text_column, job_id_column, "job")
        for name, data in (("résumé", res), ("job", job)):
            if data.ids.has_duplicates:
                dup = data.ids[data.ids.duplicated()][0]
                raise InputError(f"{name} ids must be unique; {dup!r} appears more than once")
        resume_frame = self._extract(res)
        job_frame = self._extract(job)
        if weights is None:  # the category weights of the taxonomy's rules file
            weights = MatchWeights(category=dict(self.component.index.rules.category_weights))
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

    def match(
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
    ) -> pd.DataFrame:
        """One row per (résumé, job) pair; see :meth:`match_with_report` for the columns and options."""
        return self.match_with_report(
            resumes,
            jobs,
            resume_text_column=resume_text_column,
            resume_id_column=resume_id_column,
            job_text_column=job_text_column,
            job_id_column=job_id_column,
            weights=weights,
            corpus=corpus,
        )[0]

    def gap_report(
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
    ) -> pd.DataFrame:
        """One row per job skill and pair, plus extra résumé skills; see :meth:`match_with_report`."""
        return self.match_with_report(
            resumes,
            jobs,
            resume_text_column=resume_text_column,
            resume_id_column=resume_id_column,
            job_text_column=job_text_column,
            job_id_column=job_id_column,
            weights=weights,
            corpus=corpus,
        )[1]

    def top_resumes(
        self,
        resumes: TextsLike,
        jobs: TextsLike,
        k: int = 10,
        *,
        resume_text_column: str | Sequence[str] | None = None,
        resume_id_column: str | None = None,
        job_text_column: str | Sequence[str] | None = None,
        job_id_column: str | None = None,
        weights: MatchWeights | None = None,
        corpus: MatchCorpus | None = None,
    ) -> pd.DataFrame:
        """The ``k`` best résumés for each job, ranked."""
        pairs = self.match(
            resumes,
            jobs,
            resume_text_column=resume_text_column,
            resume_id_column=resume_id_column,
            job_text_column=job_text_column,
            job_id_column=job_id_column,
            weights=weights,
            corpus=corpus,
        )
        return top_k(pairs, k, per="job_id")

    def top_jobs(
        self,
        resumes: TextsLike,
        jobs: TextsLike,
        k: int = 10,
        *,
        resume_text_column: str | Sequence[str] | None = None,
        resume_id_column: str | None = None,
        job_text_column: str | Sequence[str] | None = None,
        job_id_column: str | None = None,
        weights: MatchWeights | None = None,
        corpus: MatchCorpus | None = None,
    ) -> pd.DataFrame:
        """The ``k`` best jobs for each résumé, ranked."""
        pairs = self.match(
            resumes,
            jobs,
            resume_text_column=resume_text_column,
            resume_id_column=resume_id_column,
            job_text_column=job_text_column,
            job_id_column=job_id_column,
            weights=weights,
            corpus=corpus,
        )
        return top_k(pairs, k, per="resume_id")


def _texts(
    texts: TextsLike, text_column: str | Sequence[str] | None, id_column: str | None, prefix: str = ""
) -> Texts:
    """:func:`as_texts`, with errors naming the caller's parameter (``resume_text_column`` ...)."""
    if prefix and isinstance(texts, pd.DataFrame) and text_column is None:
        raise InputError(
            f"a DataFrame of {prefix}s needs {prefix}_text_column=...; its columns are: "
            + ", ".join(map(str, texts.columns))
        )
    return as_texts(texts, text_column=text_column, id_column=id_column)


_Source = Taxonomy | str | Path | None


def _cache_key(source: _Source) -> object:
    """A hashable key for a taxonomy argument: a path or name as it is, an object by identity."""
    if source is None or isinstance(source, str):
        return source
    if isinstance(source, Path):
        return str(source.resolve())
    return ("object", id(source))


_MATCHERS: dict[tuple[object, ...], tuple[SkillMatcher, object, object]] = {}
_MAX_CACHED = 8


def _default_matcher(
    taxonomy: _Source = None,
    extend: _Source = None,
    fuzzy: bool = True,
    fuzzy_cutoff: float = FUZZY_CUTOFF,
    context: bool = True,
) -> SkillMatcher:
    """The matcher of one option set, built once (the taxonomy objects are kept alive with it)."""
    key = (_cache_key(taxonomy), _cache_key(extend), fuzzy, float(fuzzy_cutoff), context)
    entry = _MATCHERS.get(key)
    if entry is None:
        matcher = SkillMatcher(
            taxonomy, extend=extend, fuzzy=fuzzy, fuzzy_cutoff=fuzzy_cutoff, context=context
        )
        if len(_MATCHERS) >= _MAX_CACHED:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        entry = _MATCHERS[key] = (matcher, taxonomy, extend)
    return entry[0]


def extract(
    texts: TextsLike,
    *,
    taxonomy: _Source = None,
    extend: _Source = None,
    fuzzy: bool = True,
    fuzzy_cutoff: float = FUZZY_CUTOFF,
    context: bool = True,
    text_column: str | Sequence[str] | None = None,
    id_column: str | None = None,
) -> pd.DataFrame:
    """:meth:`SkillMatcher.extract` with a matcher built once per option set (see :class:`SkillMatcher`)."""
    matcher = _default_matcher(taxonomy, extend, fuzzy, fuzzy_cutoff, context)
    return matcher.extract(texts, text_column=text_column, id_column=id_column)


def coverage(
    texts: TextsLike,
    *,
    taxonomy: _Source = None,
    extend: _Source = None,
    fuzzy: bool = True,
    fuzzy_cutoff: float = FUZZY_CUTOFF,
    context: bool = True,
    text_column: str | Sequence[str] | None = None,
    id_column: str | None = None,
    against: Iterable[str] | None = None,
) -> pd.DataFrame:
    """:meth:`SkillMatcher.coverage` with a matcher built once per option set (see :class:`SkillMatcher`)."""
    matcher = _default_matcher(taxonomy, extend, fuzzy, fuzzy_cutoff, context)
    return matcher.coverage(texts, text_column=text_column, id_column=id_column, against=against)


def match(
    resumes: TextsLike,
    jobs: TextsLike,
    *,
    taxonomy: _Source = None,
    extend: _Source = None,
    fuzzy: bool = True,
    fuzzy_cutoff: float = FUZZY_CUTOFF,
    context: bool = True,
    resume_text_column: str | Sequence[str] | None = None,
    resume_id_column: str | None = None,
    job_text_column: str | Sequence[str] | None = None,
    job_id_column: str | None = None,
    weights: MatchWeights | None = None,
    corpus: MatchCorpus | None = None,
) -> pd.DataFrame:
    """:meth:`SkillMatcher.match` with a matcher built once per option set (see :class:`SkillMatcher`)."""
    return _default_matcher(taxonomy, extend, fuzzy, fuzzy_cutoff, context).match(
        resumes,
        jobs,
        resume_text_column=resume_text_column,
        resume_id_column=resume_id_column,
        job_text_column=job_text_column,
        job_id_column=job_id_column,
        weights=weights,
        corpus=corpus,
    )
