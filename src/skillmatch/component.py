"""The ``skillmatch`` spaCy pipeline component.

>>> from skillmatch.tokenizer import make_nlp
>>> nlp = make_nlp()
>>> _ = nlp.add_pipe("skillmatch")
>>> doc = nlp("Rust services on PostgreSQL are a must. No PHP.")
>>> [(s.text, s._.requirement, s._.negated) for s in doc.spans["skills"]]
[('Rust', 'required', False), ('PostgreSQL', 'required', False), ('PHP', 'unspecified', True)]

The component and :class:`~skillmatch.SkillMatcher` run the same code: :meth:`SkillComponent.analyse`
finds the mentions of a text and reads their context; the matcher turns its result into DataFrame rows,
the component into spans whose extension attributes carry the same fields as the DataFrame's columns.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path

from .context import SpanContext, annotate
from .matching import FUZZY_CUTOFF, MIN_FUZZY_LENGTH, Hit, SkillIndex, prepare_text
from .taxonomy import Taxonomy, load_taxonomy

__all__ = ["SPAN_FIELDS", "SkillComponent", "make_skillmatch"]

DEFAULT_CONFIG: dict[str, Any] = {
    "taxonomy": None,
    "spans_key": "skills",
    "fuzzy": True,
    "fuzzy_cutoff": FUZZY_CUTOFF,
    "min_fuzzy_length": MIN_FUZZY_LENGTH,
    "context": True,
    "reference_year": None,
    "fuzzy_allow": [],
}
#: Extension attributes of every span the component writes (``span._.requirement`` ...): the columns of
#: :meth:`SkillMatcher.extract` that a span does not already carry (``start``/``end`` are the span's own).
SPAN_FIELDS = ("skill_id", "category", "method", "score", "requirement", "negated", "years", "proficiency")
_UNSPECIFIED = SpanContext("unspecified", False, None, None)

if not Doc.has_extension("skill_hits"):
    Doc.set_extension("skill_hits", default=None)
if not Doc.has_extension("skill_mentions"):
    Doc.set_extension("skill_mentions", default=None)


def _field(span: Span, name: str) -> Any:
    mentions = span.doc._.skill_mentions
    if not mentions:
        return None
    record = mentions.get((span.start, span.end, span.label_))
    return None if record is None else record[name]


for _name in SPAN_FIELDS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=lambda span, _n=_name: _field(span, _n))
# the names of earlier versions
for _name, _field_name in (("skill_method", "method"), ("skill_score", "score")):
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=lambda span, _n=_field_name: _field(span, _n))


@Language.factory(
    "skillmatch",
    assigns=["doc.spans", "doc._.skill_hits"],
    default_config=DEFAULT_CONFIG,
)
def make_skillmatch(
    nlp: Language,
    name: str,
    taxonomy: str | None,
    spans_key: str,
    fuzzy: bool,
    fuzzy_cutoff: float,
    min_fuzzy_length: int,
    context: bool,
    reference_year: int | None,
    fuzzy_allow: list[str],
) -> SkillComponent:
    """Build the component; ``taxonomy`` is a bundled name or a path (``None``: the bundled default)."""
    return SkillComponent(
        nlp,
        name,
        taxonomy=taxonomy,
        spans_key=spans_key,
        fuzzy=fuzzy,
        fuzzy_cutoff=fuzzy_cutoff,
        min_fuzzy_length=min_fuzzy_length,
        context=context,
        reference_year=reference_year,
        fuzzy_allow=fuzzy_allow,
    )


class SkillComponent:
    """Writes every skill mention to ``doc.spans[spans_key]`` (label = skill id).

    Each span carries the fields of a row of :meth:`SkillMatcher.extract` as extension attributes
    (:data:`SPAN_FIELDS`): ``span._.skill_id``, ``category``, ``method``, ``score``, ``requirement``,
    ``negated``, ``years`` and ``proficiency``; ``doc._.skill_hits`` holds the raw matches.

    Parameters
    ----------
    fuzzy, fuzzy_cutoff, min_fuzzy_length
        Typo matching, as in :class:`~skillmatch.SkillMatcher`.
    context
        Read requirement level, negation, years and proficiency (else they are ``"unspecified"``,
        ``False``, ``None`` and ``None``).
    reference_year
        The year ``present`` means in a date range (``2019 - present``); ``None``: the current year.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "skillmatch",
        *,
        taxonomy: str | Path | Taxonomy | None = None,
        spans_key: str = "skills",
        fuzzy: bool = True,
        fuzzy_cutoff: float = FUZZY_CUTOFF,
        min_fuzzy_length: int = MIN_FUZZY_LENGTH,
        context: bool = True,
        reference_year: int | None = None,
        fuzzy_allow: list[str] | tuple[str, ...] = (),
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.cfg: dict[str, Any] = {
            "fuzzy": fuzzy,
            "fuzzy_cutoff": fuzzy_cutoff,
            "min_fuzzy_length": min_fuzzy_length,
            "context": context,
            "reference_year": reference_year,
            "fuzzy_allow": list(fuzzy_allow),
        }
        # loaded and indexed on first use, so that a taxonomy set right after construction costs nothing
        self._source = taxonomy
        self._taxonomy: Taxonomy | None = None
        self._index: SkillIndex | None = None
        self._index_cfg: tuple[Any, ...] | None = None

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            self._taxonomy = load_taxonomy(self._source)
        return self._taxonomy

    @property
    def index(self) -> SkillIndex:
        cfg = (
            self.cfg["fuzzy"],
            self.cfg["fuzzy_cutoff"],
            self.cfg["min_fuzzy_length"],
            tuple(self.cfg.get("fuzzy_allow", ())),
        )
        if self._index is None or self._index_cfg != cfg:
            self._index = SkillIndex(
                self.nlp,
                self.taxonomy,
                fuzzy=cfg[0],
                fuzzy_cutoff=cfg[1],
                min_fuzzy_length=cfg[2],
                fuzzy_allow=cfg[3],
            )
            self._index_cfg = cfg
        return self._index

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Replace the taxonomy (the index is rebuilt on next use)."""
        self._taxonomy = taxonomy
        self._index = None

    # -- the pipeline: one code path for Docs and for DataFrames ----
    def analyse(self, text: str, doc: Doc | None = None) -> tuple[list[Hit], list[SpanContext]]:
        """The mentions of ``text`` and their context, in text order.

        With ``doc`` (``text`` tokenised by this pipeline) the mentions are found in it; without, ``text``
        is tokenised here, guarded against unusual text (see :meth:`SkillIndex.find_text`).
        """
        index = self.index
        if doc is None:
            hits = index.find_text(text, self.nlp.make_doc)
        elif prepare_text(text)[0] == text:
            hits = index.find(doc, text)
        else:
            # text with invisible characters or long runs: match it as the DataFrame path does, then
            # place each mention on the Doc's tokens that hold it
            hits = []
            for hit in index.find_text(text, self.nlp.make_doc):
                span = doc.char_span(hit.start_char, hit.end_char, alignment_mode="expand")
                if span is not None and len(span):
                    hits.append(hit._replace(start=span.start, end=span.end))
        return hits, self.annotate(text, hits)

    def annotate(self, text: str, hits: list[Hit]) -> list[SpanContext]:
        """The context of each hit (character offsets into ``text``); defaults with ``context=False``."""
        if not hits:
            return []
        if not self.cfg["context"]:
            return [_UNSPECIFIED] * len(hits)
        spans = [(h.start_char, h.end_char) for h in hits]
        return annotate(text, spans, reference_year=self.reference_year, rules=self.index.rules)

    @property
    def reference_year(self) -> int:
        year = self.cfg.get("reference_year")
        return int(year) if year is not None else date.today().year

    def __call__(self, doc: Doc) -> Doc:
        hits, contexts = self.analyse(doc.text, doc)
        skills = self.taxonomy.skills
        doc._.skill_hits = hits
        doc._.skill_mentions = {
            (h.start, h.end, h.skill_id): {
                "skill_id": h.skill_id,
                "category": skills[h.skill_id].category,
                "method": h.method,
                "score": h.score,
                "requirement": c.requirement,
                "negated": c.negated,
                "years": c.years,
                "proficiency": c.proficiency,
            }
            for h, c in zip(hits, contexts, strict=True)
        }
        doc.spans[self.spans_key] = SpanGroup(
            doc, name=self.spans_key, spans=[Span(doc, h.start, h.end, label=h.skill_id) for h in hits]
        )
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    # -- serialization ----
    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.taxonomy.to_yaml(path / "taxonomy.yaml")
        cfg = {"spans_key": self.spans_key, **self.cfg}
        (path / "cfg.json").write_text(json.dumps(cfg, indent=2), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> SkillComponent:
        path = ensure_path(path)
        cfg = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        self.spans_key = cfg.pop("spans_key", self.spans_key)
        self.cfg.update(cfg)
        self.set_taxonomy(load_taxonomy(path / "taxonomy.yaml"))
        return self

    def to_bytes(self, *, exclude: Any = ()) -> bytes:
        payload = {"cfg": {"spans_key": self.spans_key, **self.cfg}, "taxonomy": self.taxonomy.to_dict()}
        return json.dumps(payload).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Any = ()) -> SkillComponent:
        payload = json.loads(data.decode("utf-8"))
        cfg = payload["cfg"]
        self.spans_key = cfg.pop("spans_key", self.spans_key)
        self.cfg.update(cfg)
        self.set_taxonomy(Taxonomy.from_dict(payload["taxonomy"], origin="<bytes>"))
        return self
