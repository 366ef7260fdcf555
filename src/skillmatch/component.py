"""The ``skillmatch`` spaCy pipeline component.

>>> from skillmatch.tokenizer import make_nlp
>>> nlp = make_nlp()
>>> _ = nlp.add_pipe("skillmatch")
>>> doc = nlp("We use Go and Rust services on PostgreSQL.")
>>> [(s.text, s.label_) for s in doc.spans["skills"]]
[('Go', 'go'), ('Rust', 'rust'), ('PostgreSQL', 'postgresql')]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path

from .matching import Hit, SkillIndex
from .taxonomy import Taxonomy, load_taxonomy

__all__ = ["SkillComponent", "make_skillmatch"]

DEFAULT_CONFIG: dict[str, Any] = {
    "taxonomy": None,
    "spans_key": "skills",
    "fuzzy": True,
    "fuzzy_cutoff": 0.75,
    "min_fuzzy_length": 5,
    "fuzzy_allow": [],
}

if not Doc.has_extension("skill_hits"):
    Doc.set_extension("skill_hits", default=None)


def _span_info(span: Span) -> Hit | None:
    hits = span.doc._.skill_hits or []
    for hit in hits:
        if hit.start == span.start and hit.end == span.end and hit.skill_id == span.label_:
            return hit
    return None


for _name, _field in (("skill_method", "method"), ("skill_score", "score")):
    if not Span.has_extension(_name):
        Span.set_extension(
            _name, getter=lambda span, _f=_field: getattr(_span_info(span), _f) if _span_info(span) else None
        )


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
        fuzzy_allow=fuzzy_allow,
    )


class SkillComponent:
    """Writes every skill mention to ``doc.spans[spans_key]`` (label = skill id) and the full records
    (with ``method`` and ``score``) to ``doc._.skill_hits``; ``span._.skill_method`` and
    ``span._.skill_score`` read them back."""

    def __init__(
        self,
        nlp: Language,
        name: str = "skillmatch",
        *,
        taxonomy: str | Path | Taxonomy | None = None,
        spans_key: str = "skills",
        fuzzy: bool = True,
        fuzzy_cutoff: float = 0.75,
        min_fuzzy_length: int = 5,
        fuzzy_allow: list[str] | tuple[str, ...] = (),
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.cfg = {
            "fuzzy": fuzzy,
            "fuzzy_cutoff": fuzzy_cutoff,
            "min_fuzzy_length": min_fuzzy_length,
            "fuzzy_allow": list(fuzzy_allow),
        }
        # loaded and indexed on first use, so that a taxonomy set right after construction costs nothing
        self._source = taxonomy
        self._taxonomy: Taxonomy | None = None
        self._index: SkillIndex | None = None

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            self._taxonomy = load_taxonomy(self._source)
        return self._taxonomy

    @property
    def index(self) -> SkillIndex:
        if self._index is None:
            self._index = SkillIndex(self.nlp, self.taxonomy, **self.cfg)
        return self._index

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Replace the taxonomy (the index is rebuilt on next use)."""
        self._taxonomy = taxonomy
        self._index = None

    def __call__(self, doc: Doc) -> Doc:
        hits = self.index.find(doc)
        doc._.skill_hits = hits
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
