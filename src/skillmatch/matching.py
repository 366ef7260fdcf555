"""Finding skills in a spaCy ``Doc``: the compiled index behind the pipeline component.

Four ways to match, reported in the ``method`` column:

``exact``    a surface form (name or alias) on token boundaries, case-insensitively
``lemma``    an inflected form (``databases``, ``REST APIs``, ``microservice``) or a version suffix
             (``Python3``, ``HTML5``)
``pattern``  a lemma phrase pattern (``documenting REST endpoints`` for ``api-documentation``)
``fuzzy``    a spelling variant (``Mongo DB``, ``Node JS``, ``Spring-Boot``) or a typo (``Postgress``),
             scored by rapidfuzz

Ambiguous forms (``Go``, ``Spring``, ``R``, ``Oracle``) are kept only with supporting context: a word the
skill lists as context nearby, a technology cue next to it (``Go developer``, ``experience with Rust``), or
membership of a list with another technology (``R or Python``, ``Go and Rust services``). Phrases listed
under ``exclude`` (``security clearance``, ``go-to``) never yield a skill. Overlapping matches resolve to
the longest, most specific one (``Ruby on Rails`` over ``Ruby``, ``Spring Boot`` over ``Spring``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz
from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .errors import ConfigError
from .patterns import inflections, is_english, item_forms, parse_pattern
from .taxonomy import Skill, Taxonomy

__all__ = ["METHODS", "Hit", "SkillIndex"]

METHODS = ("exact", "lemma", "pattern", "fuzzy")
_METHOD_RANK = {m: i for i, m in enumerate(METHODS)}

# tokens that may stand between two items of a list of technologies
_LIST_GLUE = frozenset(
    {
        ",",
        "/",
        "and",
        "or",
        "&",
        "|",
        "(",
        ")",
        "+",
        ";",
        "nor",
        "plus",
        "\\",
        "'",
        '"',
        "-",
        ":",
        "*",
        "•",
        "·",
    }
)
_LIST_GAP = 3
# a word right after an ambiguous mention that marks it as technology ("Go developer", "Rust services")
_NEXT_CUES = frozenset(
    [
        "language",
        "languages",
        "lang",
        "programming",
        "developer",
        "developers",
        "engineer",
        "engineers",
        "engineering",
        "framework",
        "frameworks",
        "code",
        "codebase",
        "codebases",
        "stack",
        "stacks",
        "backend",
        "service",
        "services",
        "microservice",
        "microservices",
        "ecosystem",
        "sdk",
        "sdks",
        "api",
        "apis",
        "application",
        "applications",
        "app",
        "apps",
        "library",
        "libraries",
        "runtime",
        "development",
        "dev",
        "experience",
        "expertise",
        "skills",
        "knowledge",
        "proficiency",
        "programmer",
        "programmers",
        "module",
        "modules",
        "toolchain",
        "version",
        "versions",
        "web",
        "server",
        "servers",
        "scripts",
        "scripting",
        "cluster",
        "clusters",
        "pipeline",
        "pipelines",
        "jobs",
        "database",
        "databases",
        "db",
        "dbs",
        "deployment",
        "deployments",
    ]
)
# "<cue> in|with|of|using X": experience with Rust, proficiency in Go
_PREV_CUES = frozenset(
    [
        "experience",
        "experienced",
        "proficient",
        "proficiency",
        "expertise",
        "expert",
        "skilled",
        "skills",
        "knowledge",
        "fluent",
        "fluency",
        "written",
        "built",
        "familiar",
        "familiarity",
        "background",
        "develop",
        "developing",
        "development",
        "programming",
        "coding",
        "code",
        "hands-on",
        "strong",
        "solid",
    ]
)
_PREV_LINK = frozenset({"in", "with", "of", "using", "on"})
_CONTEXT_WINDOW = 8
_SENTENCE_END = frozenset({".", "!", "?", ";"})
_VERSION_RE = re.compile(r"^(?P<base>[a-z][a-z#+.]*?)[-_]?v?(?P<version>\d+(?:\.\d+)*)$")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEP_RE = re.compile(r"[\s.\-_]+")


class Hit(NamedTuple):
    """One skill found in a Doc: token and character offsets into the Doc's text."""

    start: int
    end: int
    start_char: int
    end_char: int
    skill_id: str
    method: str
    score: float


@dataclass(frozen=True, slots=True)
class _Form:
    skill_id: str
    form: str  # the text of the pattern as added
    canonical: str  # the taxonomy surface form it derives from
    method: str
    score: float
    ambiguous: bool
    case_sensitive: bool


def _plural_variants(form: str) -> set[str]:
    """Singular and plural of the last word of ``form`` (``REST API`` -> ``REST APIs``)."""
    head, _, last = form.rpartition(" ")
    if not last.isalpha() or not (len(last) >= 4 or last.isupper()):
        return set()
    prefix = f"{head} " if head else ""
    out: set[str] = set()
    if last.isupper():
        out.add(prefix + last + "s")
    elif last.endswith("ies") and len(last) > 4:
        out.add(prefix + last[:-3] + "y")
    elif last.endswith("s") and not last.endswith("ss"):
        out.add(prefix + last[:-1])
    else:
        lower = last.lower()
        forms = inflections(lower)
        for plural in (lower + "s", lower + "es", lower[:-1] + "ies"):
            if plural in forms or plural == lower + "s":
                out.add(prefix + plural)
                break
    return out - {form}


def _spelling_variants(form: str) -> set[str]:
    """Spacing, hyphen and dot variants: ``Node.js`` -> ``Node JS``, ``MongoDB`` -> ``Mongo DB``."""
    parts = [p for p in _SEP_RE.split(_CAMEL_RE.sub(" ", form)) if p]
    if len(parts) < 2 or not all(p.isalnum() for p in parts):
        return set()
    variants = {sep.join(parts) for sep in (" ", "", "-", ".")}
    return {v for v in variants if v.lower() != form.lower()}


class SkillIndex:
    """Everything needed to find one taxonomy's skills in Docs made by one ``nlp``'s tokenizer."""

    def __init__(
        self,
        nlp: Language,
        taxonomy: Taxonomy,
        *,
        fuzzy: bool = True,
        fuzzy_cutoff: float = 0.88,
        min_fuzzy_length: int = 5,
    ) -> None:
        if not 0.0 < fuzzy_cutoff <= 1.0:
            raise ConfigError(f"fuzzy_cutoff must be in (0, 1], got {fuzzy_cutoff!r}")
        if min_fuzzy_length < 3:
            raise ConfigError(f"min_fuzzy_length must be at least 3, got {min_fuzzy_length!r}")
        self.taxonomy = taxonomy
        self.fuzzy = fuzzy
        self.fuzzy_cutoff = fuzzy_cutoff
        self.min_fuzzy_length = min_fuzzy_length
        vocab = nlp.vocab
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._excluder = PhraseMatcher(vocab, attr="LOWER")
        self._anchors = PhraseMatcher(vocab, attr="LOWER")
        self._forms: dict[int, _Form] = {}
        # pattern key -> (skill id, items: (hashes of the forms, or None for a gap; optional))
        self._pattern_keys: dict[int, tuple[str, tuple[tuple[frozenset[int] | None, bool], ...]]] = {}
        self._exclude_keys: dict[int, str | None] = {}
        self._context: dict[str, frozenset[str]] = {}
        self._single: dict[str, tuple[str, str]] = {}  # one-token lower form -> (skill, form), unambiguous
        self._buckets: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
        self._cache: dict[int, tuple[str, str, float] | None] = {}
        self._build(nlp)

    # -- building ----
    def _build(self, nlp: Language) -> None:
        make = nlp.tokenizer
        strings = nlp.vocab.strings
        pending: dict[str, tuple[_Form, str]] = {}
        taken: set[str] = set()  # lower-cased exact forms: variants never shadow a real alias

        def add(skill: Skill, text: str, canonical: str, method: str, score: float) -> None:
            key = f"{skill.id}\x1f{text}"
            if key in pending:
                return
            amb = skill.is_ambiguous(canonical)
            cs = skill.is_case_sensitive(canonical)
            pending[key] = (_Form(skill.id, text, canonical, method, score, amb, cs), text)

        for skill in self.taxonomy:
            for form in skill.surface_forms:
                taken.add(form.lower())
        for skill in self.taxonomy:
            for form in skill.surface_forms:
                add(skill, form, form, "exact", 1.0)
                if skill.is_case_sensitive(form) or skill.is_ambiguous(form):
                    continue
                for variant in _plural_variants(form):
                    if variant.lower() not in taken:
                        add(skill, variant, form, "lemma", 1.0)
                for variant in _spelling_variants(form):
                    low = variant.lower()
                    if low in taken or is_english(low) or len(low.replace(" ", "")) < 4:
                        continue
                    score = fuzz.ratio(low, form.lower()) / 100.0
                    add(skill, variant, form, "fuzzy", round(score, 3))
            if skill.context:
                ctx: set[str] = set()
                for word in skill.context:
                    for piece in word.lower().split():
                        ctx |= inflections(piece)
                self._context[skill.id] = frozenset(ctx)
            for n, pattern in enumerate(skill.patterns):
                key = f"{skill.id}\x1fpattern{n}"
                items = parse_pattern(pattern)
                compiled = tuple(
                    (None if it.is_gap else frozenset(strings.add(f) for f in item_forms(it)), it.optional)
                    for it in items
                )
                self._anchors.add(key, [make(f) for f in sorted(item_forms(items[0]))])
                self._pattern_keys[strings[key]] = (skill.id, compiled)
            for n, phrase in enumerate(skill.exclude):
                key = f"{skill.id}\x1fexclude{n}"
                self._excluder.add(key, [make(phrase)])
                self._exclude_keys[nlp.vocab.strings[key]] = skill.id
        for n, phrase in enumerate(self.taxonomy.exclude):
            key = f"\x1fexclude{n}"
            self._excluder.add(key, [make(phrase)])
            self._exclude_keys[nlp.vocab.strings[key]] = None

        for key, (form, text) in pending.items():
            doc = make(text)
            if not len(doc):
                continue
            self._phrases.add(key, [doc])
            self._forms[nlp.vocab.strings[key]] = form
            low = text.lower()
            if len(doc) == 1 and form.method == "exact" and not form.ambiguous and not form.case_sensitive:
                self._single.setdefault(low, (form.skill_id, form.canonical))
                skill = self.taxonomy[form.skill_id]
                if (
                    skill.fuzzy
                    and len(low) >= self.min_fuzzy_length
                    and low.isalpha()
                    and not is_english(low)
                ):
                    for length in range(len(low) - 2, len(low) + 3):
                        self._buckets.setdefault((low[0], length), []).append(
                            (low, form.skill_id, form.canonical)
                        )

    # -- matching ----
    def find(self, doc: Doc) -> list[Hit]:
        """Every skill mention in ``doc``, overlaps resolved, sorted by position."""
        if not len(doc):
            return []
        excluded_any, excluded_skill = self._exclusions(doc)
        candidates: list[Hit] = []
        ambiguous: list[tuple[Hit, list[str], bool]] = []
        covered = np.zeros(len(doc), dtype=bool)
        by_span: dict[tuple[int, int], list[_Form]] = {}
        for match_id, start, end in self._phrases(doc):
            form = self._forms[match_id]
            if form.case_sensitive and doc[start:end].text.replace(" ", "") != form.form.replace(" ", ""):
                continue
            by_span.setdefault((start, end), []).append(form)
        for (start, end), forms in by_span.items():
            if excluded_any[start:end].any():
                continue
            forms = [f for f in forms if not self._is_excluded(excluded_skill, f.skill_id, start, end)]
            if not forms:
                continue
            span = doc[start:end]
            clear = [f for f in forms if not f.ambiguous]
            if clear:
                best = min(clear, key=lambda f: (_METHOD_RANK[f.method], -f.score))
                candidates.append(
                    Hit(start, end, span.start_char, span.end_char, best.skill_id, best.method, best.score)
                )
                covered[start:end] = True
            else:
                f = forms[0]
                lowered = span.text.islower() and not f.canonical.islower()
                hit = Hit(start, end, span.start_char, span.end_char, f.skill_id, f.method, f.score)
                ambiguous.append((hit, [g.skill_id for g in forms], lowered))
        candidates.extend(self._token_hits(doc, covered, excluded_any, excluded_skill))
        candidates.extend(self._resolve_ambiguous(doc, candidates, ambiguous))
        entities = _select(candidates)
        concepts = self._pattern_hits(doc, entities, excluded_any, excluded_skill)
        hits = entities + concepts
        hits.sort(key=lambda h: (h.start_char, h.end_char, h.skill_id))
        return hits

    def _exclusions(self, doc: Doc) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        any_mask = np.zeros(len(doc), dtype=bool)
        per_skill: dict[str, np.ndarray] = {}
        for match_id, start, end in self._excluder(doc):
            owner = self._exclude_keys[match_id]
            if owner is None:
                any_mask[start:end] = True
            else:
                per_skill.setdefault(owner, np.zeros(len(doc), dtype=bool))[start:end] = True
        return any_mask, per_skill

    @staticmethod
    def _is_excluded(per_skill: dict[str, np.ndarray], skill_id: str, start: int, end: int) -> bool:
        mask = per_skill.get(skill_id)
        return mask is not None and bool(mask[start:end].any())

    def _token_hits(
        self, doc: Doc, covered: np.ndarray, excluded_any: np.ndarray, excluded_skill: dict[str, np.ndarray]
    ) -> list[Hit]:
        """Version suffixes (``Python3``) and, when fuzzy matching is on, typos (``Postgress``)."""
        lowers = doc.to_array(LOWER)
        uniq, inverse = np.unique(lowers, return_inverse=True)
        cache = self._cache
        found: dict[int, tuple[str, str, float]] = {}
        strings = doc.vocab.strings
        for pos, key in enumerate(uniq.tolist()):
            if key in cache:
                result = cache[key]
            else:
                result = self._lookup_token(strings[key])
                if len(cache) > 500_000:
                    cache.clear()
                cache[key] = result
            if result is not None:
                found[pos] = result
        hits: list[Hit] = []
        if not found:
            return hits
        for i in np.flatnonzero(np.isin(inverse.ravel(), list(found))).tolist():
            if covered[i] or excluded_any[i]:
                continue
            skill_id, method, score = found[int(inverse.ravel()[i])]
            if self._is_excluded(excluded_skill, skill_id, i, i + 1):
                continue
            tok = doc[i]
            hits.append(Hit(i, i + 1, tok.idx, tok.idx + len(tok.text), skill_id, method, score))
        return hits

    def _lookup_token(self, lower: str) -> tuple[str, str, float] | None:
        m = _VERSION_RE.match(lower)
        if m is not None and m.group("base") in self._single:
            return self._single[m.group("base")][0], "lemma", 1.0
        if (
            not self.fuzzy
            or len(lower) < self.min_fuzzy_length
            or not lower.isalpha()
            or is_english(lower)
        ):
            return None
        bucket = self._buckets.get((lower[0], len(lower)))
        if not bucket:
            return None
        cutoff = self.fuzzy_cutoff * 100
        best: tuple[str, str, float] | None = None
        best_score = 0.0
        for choice, skill_id, _canonical in bucket:
            score = fuzz.ratio(lower, choice, score_cutoff=cutoff)
            if score > best_score:
                best, best_score = (skill_id, "fuzzy", round(score / 100.0, 3)), score
        return best

    def _resolve_ambiguous(
        self, doc: Doc, anchors: list[Hit], ambiguous: list[tuple[Hit, list[str], bool]]
    ) -> list[Hit]:
        """Keep the ambiguous mentions that context supports, choosing among skills sharing a form."""
        if not ambiguous:
            return []
        accepted: list[Hit] = []
        pending: list[tuple[Hit, list[str], bool]] = []
        for hit, skill_ids, lowered in ambiguous:
            chosen = self._by_context(doc, hit, skill_ids)
            if chosen is not None:
                accepted.append(hit._replace(skill_id=chosen))
            elif not lowered and _has_cue(doc, hit.start, hit.end):
                accepted.append(hit._replace(skill_id=skill_ids[0]))
            else:
                pending.append((hit, skill_ids, lowered))
        # list membership, propagated until nothing changes ("Go and Rust services")
        known = sorted([*anchors, *accepted], key=lambda h: h.start)
        changed = True
        while changed and pending:
            changed = False
            for item in list(pending):
                hit = item[0]
                if any(_listed_together(doc, hit, other) for other in known):
                    accepted.append(hit._replace(skill_id=item[1][0]))
                    known.append(hit)
                    pending.remove(item)
                    changed = True
        return accepted

    def _by_context(self, doc: Doc, hit: Hit, skill_ids: list[str]) -> str | None:
        words: set[str] = set()
        for rng in (
            range(hit.start - 1, max(-1, hit.start - 1 - _CONTEXT_WINDOW), -1),
            range(hit.end, min(len(doc), hit.end + _CONTEXT_WINDOW)),
        ):
            for i in rng:
                tok = doc[i]
                if tok.text in _SENTENCE_END or "\n" in tok.text:
                    break
                words.add(tok.lower_)
        best, best_n = None, 0
        for sid in skill_ids:
            n = len(words & self._context.get(sid, frozenset()))
            if n > best_n:
                best, best_n = sid, n
        return best

    def _pattern_hits(
        self, doc: Doc, entities: list[Hit], excluded_any: np.ndarray, excluded_skill: dict[str, np.ndarray]
    ) -> list[Hit]:
        if not self._pattern_keys:
            return []
        raw = []
        anchors = self._anchors(doc)
        if not anchors:
            return []
        arr = doc.to_array([LOWER, IS_PUNCT, IS_SPACE])
        lowers = arr[:, 0].tolist()
        blocked = (arr[:, 1] | arr[:, 2]).astype(bool).tolist()
        for match_id, start, _ in anchors:
            sid, items = self._pattern_keys[match_id]
            end = _match_items(lowers, blocked, start + 1, items, 1)
            if end < 0 or excluded_any[start:end].any() or self._is_excluded(excluded_skill, sid, start, end):
                continue
            span = doc[start:end]
            if "\n" in span.text:
                continue
            raw.append(Hit(start, end, span.start_char, span.end_char, sid, "pattern", 1.0))
        if not raw:
            return []
        chosen = _select(raw, prefer_short=True)
        out = []
        for hit in chosen:
            if any(e.skill_id == hit.skill_id and e.start < hit.end and hit.start < e.end for e in entities):
                continue
            out.append(hit)
        return out


def _match_items(
    lowers: list[int],
    blocked: list[bool],
    pos: int,
    items: tuple[tuple[frozenset[int] | None, bool], ...],
    k: int,
) -> int:
    """The smallest end position at which ``items[k:]`` match from ``pos``, or -1."""
    if k == len(items):
        return pos
    forms, optional = items[k]
    n = len(lowers)
    if forms is None:  # a gap: zero to three tokens that are not punctuation or white space
        for gap in range(4):
            if gap and (pos + gap - 1 >= n or blocked[pos + gap - 1]):
                break
            end = _match_items(lowers, blocked, pos + gap, items, k + 1)
            if end >= 0:
                return end
        return -1
    if pos < n and lowers[pos] in forms:
        end = _match_items(lowers, blocked, pos + 1, items, k + 1)
        if end >= 0:
            return end
    return _match_items(lowers, blocked, pos, items, k + 1) if optional else -1


def _select(hits: Iterable[Hit], *, prefer_short: bool = False) -> list[Hit]:
    """Greedy non-overlapping selection: longest first (shortest for patterns), then best method and score."""
    sign = 1 if prefer_short else -1
    ordered = sorted(
        hits, key=lambda h: (sign * (h.end - h.start), _METHOD_RANK[h.method], -h.score, h.start)
    )
    taken: set[int] = set()
    out = []
    for h in ordered:
        span = range(h.start, h.end)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        out.append(h)
    return out


def _has_cue(doc: Doc, start: int, end: int) -> bool:
    if end < len(doc) and doc[end].lower_ in _NEXT_CUES:
        return True
    return start >= 2 and doc[start - 1].lower_ in _PREV_LINK and doc[start - 2].lower_ in _PREV_CUES


def _listed_together(doc: Doc, hit: Hit, other: Hit) -> bool:
    if other.start >= hit.end:
        lo, hi = hit.end, other.start
    elif hit.start >= other.end:
        lo, hi = other.end, hit.start
    else:
        return False
    if hi - lo > _LIST_GAP:
        return False
    return all(doc[i].is_space or doc[i].lower_ in _LIST_GLUE for i in range(lo, hi))
