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
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import IS_PUNCT, LOWER, ORTH, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string
from spacy.tokens import Doc

from .errors import ConfigError
from .fuzzy import Correction, TypoIndex, case_fits, similarity
from .patterns import inflections, is_english, item_forms, parse_pattern
from .rules import Rules, load_rules
from .scan import Regions, guard
from .taxonomy import Skill, Taxonomy

__all__ = ["FUZZY_CUTOFF", "METHODS", "MIN_FUZZY_LENGTH", "Hit", "SkillIndex", "prepare_text"]

#: default minimum similarity (0–1: one minus edits over length, see docs/fuzzy.md) of a typo to a name
FUZZY_CUTOFF = 0.75
#: default shortest word (characters) that may be a typo of a skill's name
MIN_FUZZY_LENGTH = 5
METHODS = ("exact", "lemma", "pattern", "fuzzy")
_METHOD_RANK = {m: i for i, m in enumerate(METHODS)}

_LIST_GAP = 3
# how many tokens the rules look across (the words they look for are in the taxonomy's rules file)
_ROLE_GAP = 3
_EXAMPLE_GAP = 6
_ADJECTIVE_GAP = 5  # tokens after an adjective-like mention within which a people noun makes it an adjective
_CONTEXT_WINDOW = 8
_TAG_LINE = 8  # most words on a line of tags
_BENEFIT_LINE = 40  # most tokens of a sentence read as a list of benefits (longer: a run-on of sections)
_HYPHEN = hash_string("-")
_COMMA = hash_string(",")
_SCAN_IN_PYTHON = 200  # Docs of fewer tokens are scanned in Python: numpy's fixed cost is higher there
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


def _pattern_tokenizer(nlp: Language) -> Any:
    """A copy of ``nlp``'s tokenizer on a scratch vocabulary, for tokenising patterns.

    A spaCy vocabulary stops storing new words once it holds 10,000 of them, and the tokenizer then stops
    caching; tokenising thousands of patterns with the pipeline's own vocabulary would fill it and slow every
    later document down. Match keys are string hashes, which are the same in every vocabulary.
    """
    from spacy.tokenizer import Tokenizer
    from spacy.vocab import Vocab

    tok = nlp.tokenizer
    if not isinstance(tok, Tokenizer):  # a custom tokenizer: use it as it is
        return tok
    vocab = Vocab(lex_attr_getters=dict(nlp.vocab.lex_attr_getters))
    copy = Tokenizer(
        vocab,
        rules=tok.rules,
        prefix_search=tok.prefix_search,
        suffix_search=tok.suffix_search,
        infix_finditer=tok.infix_finditer,
        token_match=tok.token_match,
        url_match=tok.url_match,
    )
    copy.faster_heuristics = tok.faster_heuristics
    return copy


class SkillIndex:
    """Everything needed to find one taxonomy's skills in Docs made by one ``nlp``'s tokenizer."""

    def __init__(
        self,
        nlp: Language,
        taxonomy: Taxonomy,
        *,
        fuzzy: bool = True,
        fuzzy_cutoff: float = FUZZY_CUTOFF,
        min_fuzzy_length: int = MIN_FUZZY_LENGTH,
        fuzzy_allow: Iterable[str] = (),
        rules: Rules | None = None,
    ) -> None:
        if not 0.0 < fuzzy_cutoff <= 1.0:
            raise ConfigError(f"fuzzy_cutoff must be in (0, 1], got {fuzzy_cutoff!r}")
        if min_fuzzy_length < 3:
            raise ConfigError(f"min_fuzzy_length must be at least 3, got {min_fuzzy_length!r}")
        self.taxonomy = taxonomy
        #: the words the rules look for: given, else the taxonomy's rules file, else the bundled one
        self.rules = rules if rules is not None else load_rules(taxonomy.rules)
        self.fuzzy = fuzzy
        self.fuzzy_cutoff = fuzzy_cutoff
        self.min_fuzzy_length = min_fuzzy_length
        vocab = nlp.vocab
        # one PhraseMatcher for surface forms, exclusion phrases and pattern anchors: one pass per Doc
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._forms: dict[int, _Form] = {}
        # pattern key -> (skill id, items: (hashes of the forms, or None for a gap; optional))
        self._pattern_keys: dict[int, tuple[str, tuple[tuple[frozenset[int] | None, bool], ...]]] = {}
        self._pattern_needs: dict[int, tuple[frozenset[int], ...]] = {}
        self._anchor_patterns: dict[int, list[int]] = {}  # anchor word key -> pattern keys
        self._pattern_rank: dict[int, tuple[int, int]] = {}
        self._anchor_next: dict[int, tuple[frozenset[int], int] | None] = {}
        # pattern key -> the forms of the first required word after the anchor and how far away it can be
        self._pattern_next: dict[int, tuple[frozenset[int], int] | None] = {}
        self._amb_upper: dict[str, bool] = {}  # an ambiguous form of the skill has capitals ("Go")
        self._cs_texts: dict[str, frozenset[str]] = {}  # case-sensitive forms, spaces removed
        self._canonical: dict[str, tuple[str, ...]] = {}  # lower-cased surface forms, for fuzzy scores
        self._variant_scores: dict[tuple[str, str], float] = {}
        self._exclude_keys: dict[int, str | None] = {}
        self._context: dict[str, frozenset[int]] = {}  # LOWER hashes
        self._single: dict[str, tuple[str, str]] = {}  # one-token lower form -> (skill, form), unambiguous
        self._cs_single: dict[str, tuple[str, str]] = {}  # the same for case-sensitive forms -> (skill, form)
        # per token (LOWER hash): tokens already looked up, those that are a skill (version or typo), and
        # those that may be the misspelled half of a name written in two words
        self._token_seen: set[int] = set()
        self._token_found: dict[int, _Found] = {}
        self._token_halves: set[int] = set()
        self._build(nlp)
        self._typos = TypoIndex(
            (
                (s.id, f, s.fuzzy and not s.is_case_sensitive(f), s.is_ambiguous(f))
                for s in taxonomy
                for f in s.surface_forms
            ),
            allow=fuzzy_allow,
            cutoff=fuzzy_cutoff,
            min_length=min_fuzzy_length,
        )
        self._split_words = frozenset(nlp.vocab.strings.add(w) for w in self._typos.split_words)
        self._hashes = _Hashes.build(nlp.vocab.strings, self.rules)
        self._kinds = _TokenKinds(nlp.vocab, self._hashes)
        self._name_cues = self._hashes.language_cues | self._hashes.next_cues  # "C-based", "C-language"
        # skills that name a role ("Back-End Developer"): a title is their evidence
        persons = self.rules.person_nouns
        self._roles = frozenset(s.id for s in taxonomy if s.name.lower().rsplit(None, 1)[-1] in persons)
        # umbrella skills and every skill under them: the examples an umbrella name may introduce
        self._umbrellas = {s.id: frozenset(taxonomy.descendants(s.id)) for s in taxonomy if s.umbrella}
        self._languages = frozenset(s.id for s in taxonomy if s.category == self.rules.languages_category)
        self._traits = frozenset(s.id for s in taxonomy if s.category in self.rules.employer_categories)
        # "a Spring container": a common noun a library qualifies is that library's own thing
        self._qualified = frozenset(nlp.vocab.strings.add(w) for w in self.rules.qualified_nouns)
        self._qualifiers = frozenset(s.id for s in taxonomy if s.category in self.rules.qualifier_categories)
        # "the html variable": a lower-case name before one of these is an identifier
        self._identifier_nouns = frozenset(nlp.vocab.strings.add(w) for w in self.rules.identifier_nouns)
        self._code_glue: dict[int, bool] = {}  # LOWER hash -> the token starts with a _CODE_GLUE character
        self._possessive = nlp.vocab.strings.add("'s")
        # one-letter names ("C", "R"): where they are labels ("options A, B or C") they are no technology
        self._letters = frozenset(f for s in taxonomy for f in s.surface_forms if len(f) == 1 and f.isupper())
        # everyday practice words need software evidence; mentions of these skills are that evidence
        self._needs_evidence = frozenset(s.id for s in taxonomy if s.id in self.rules.needs_evidence)
        # ambiguous forms that a technical document does not confirm: they need their own context
        self._own_context = {s.id: s for s in taxonomy if s.needs_context}
        # skills named like a product ("Spring", "Oracle Database"), not like a concept ("cloud computing")
        self._proper = {s.id: s.name[:1].isupper() for s in taxonomy}
        self._evidence = frozenset(
            s.id
            for s in taxonomy
            if s.category in self.rules.evidence_categories and s.id not in self._needs_evidence
        )
        # duties of every engineering trade ("technical specifications"): in a document long enough to name a
        # technology that names none, they need software evidence too
        self._needs_technology = frozenset(s.id for s in taxonomy if s.id in self.rules.needs_technology)
        self._technology = self._evidence | frozenset(
            s.id
            for s in taxonomy
            if s.category in self.rules.technology_categories and s.id not in self._needs_evidence
        )
        self._company = _company_headings(self.rules)
        self._company_name = _company_name_headings(self.rules)

    # -- building ----
    def _build(self, nlp: Language) -> None:
        make = _pattern_tokenizer(nlp)
        strings = nlp.vocab.strings
        pending: dict[str, tuple[_Form, str]] = {}
        taken: set[str] = set()  # lower-cased exact forms: variants never shadow a real alias
        languages = {s.id for s in self.taxonomy if s.category == self.rules.languages_category}

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
                for variant in () if _proper_name(form) else _plural_variants(form):
                    if variant.lower() not in taken:
                        add(skill, variant, form, "lemma", 1.0)
                for variant in _spelling_variants(form):
                    low = variant.lower()
                    if low in taken or is_english(low) or len(low.replace(" ", "")) < 4:
                        continue
                    add(skill, variant, form, "fuzzy", similarity(low, form))
            if skill.context:
                ctx: set[str] = set()
                for word in skill.context:
                    for piece in word.lower().split():
                        ctx |= inflections(piece)
                self._context[skill.id] = frozenset(strings.add(w) for w in ctx)
            for n, pattern in enumerate(skill.patterns):
                key = f"{skill.id}\x1fpattern{n}"
                items = parse_pattern(pattern)
                compiled = tuple(
                    (None if it.is_gap else frozenset(strings.add(f) for f in item_forms(it)), it.optional)
                    for it in items
                )
                # one PhraseMatcher key per anchor word, shared by every pattern it starts
                for form in sorted(item_forms(items[0])):
                    anchor = strings.add(f"\x1fanchor\x1f{form}")
                    if anchor not in self._anchor_patterns:
                        self._anchor_patterns[anchor] = []
                        self._phrases.add(f"\x1fanchor\x1f{form}", [make(form)])
                    self._anchor_patterns[anchor].append(strings[key])
                self._pattern_keys[strings[key]] = (skill.id, compiled)
                # among equally long matches the pattern with more words wins, then the earlier one
                words = sum(f is not None for f, _ in compiled)
                self._pattern_rank[strings[key]] = (-words, len(self._pattern_rank))
                # every later required word must occur in a document for the pattern to be tried there
                self._pattern_needs[strings[key]] = tuple(
                    forms for forms, optional in compiled[1:] if forms is not None and not optional
                )
                self._pattern_next[strings[key]] = _next_required(compiled)
            if skill.exclude:
                key = f"{skill.id}\x1fexclude"
                self._phrases.add(key, [make(phrase) for phrase in skill.exclude])
                self._exclude_keys[strings[key]] = skill.id
            amb_forms = [f for f in skill.surface_forms if skill.is_ambiguous(f)]
            self._amb_upper[skill.id] = any(not f.islower() for f in amb_forms)
            self._cs_texts[skill.id] = frozenset(
                f.replace(" ", "") for f in skill.surface_forms if skill.is_case_sensitive(f)
            )
            self._canonical[skill.id] = tuple(f.lower() for f in skill.surface_forms)
        if self.taxonomy.exclude:
            key = "\x1fexclude"
            self._phrases.add(key, [make(phrase) for phrase in self.taxonomy.exclude])
            self._exclude_keys[strings[key]] = None

        # PhraseMatcher.add stores a vocabulary entry per key, so forms are grouped into a few keys per
        # skill (by method, ambiguity and case sensitivity) rather than one key per form
        groups: dict[str, list[Doc]] = {}
        for form, text in pending.values():
            doc = make(text)
            if not len(doc):
                continue
            key = f"{form.skill_id}\x1f{form.method}\x1f{int(form.ambiguous)}{int(form.case_sensitive)}"
            if key not in groups:
                groups[key] = []
                self._forms[strings.add(key)] = replace(form, form="", canonical="", score=1.0)
            groups[key].append(doc)
            low = text.lower()
            if len(doc) == 1 and form.method == "exact" and not form.ambiguous and not form.case_sensitive:
                self._single.setdefault(low, (form.skill_id, form.canonical))
            elif (
                len(doc) == 1
                and form.method == "exact"
                and not form.ambiguous
                and len(text) > 1
                and form.skill_id in languages
            ):
                # a language's case-sensitive name takes a glued version in its own case ("VB2010", not
                # "vb2010"); other acronyms with a number are often other names ("WP7", "CI4")
                self._cs_single.setdefault(low, (form.skill_id, text))
        for key, docs in groups.items():
            self._phrases.add(key, docs)
        for anchor, pids in self._anchor_patterns.items():
            pids.sort(key=self._pattern_rank.__getitem__)
            nexts = [self._pattern_next[pid] for pid in pids]
            self._anchor_next[anchor] = (
                None
                if any(n is None for n in nexts)
                else (frozenset().union(*(n[0] for n in nexts if n)), max(n[1] for n in nexts if n))
            )

    # -- matching ----
    def find_text(self, text: str, make_doc: Callable[[str], Doc]) -> list[Hit]:
        """Every skill mention in ``text``, tokenised with ``make_doc``; character offsets into ``text``.

        Unlike ``find(make_doc(text))`` this never fails or slows down on unusual text: a lone surrogate
        is read as a replacement character, invisible characters inside a word (a soft hyphen, a zero-width
        space) are left out, and long runs without white space are cut before the tokenizer sees them
        (:func:`~skillmatch.scan.guard`). The hits' token offsets refer to the text as tokenised.
        """
        prepared, back = prepare_text(text)
        return self.find_prepared(make_doc(prepared), back, prepared)

    def find_prepared(
        self, doc: Doc, back: Callable[[int], int] | None, text: str | None = None
    ) -> list[Hit]:
        """:meth:`find` on a Doc of a text made by :func:`prepare_text`, offsets mapped back with ``back``."""
        hits = self.find(doc, text)
        if back is None:
            return hits
        return [h._replace(start_char=back(h.start_char), end_char=back(h.end_char - 1) + 1) for h in hits]

    def find(self, doc: Doc, text: str | None = None) -> list[Hit]:
        """Every skill mention in ``doc``, overlaps resolved, sorted by position. ``text``: the Doc's text,
        when the caller has it (saves joining it from the tokens)."""
        if not len(doc):
            return []
        a = _DocArrays(doc, self._hashes, self._kinds, text)
        forms_found: list[tuple[int, int, int]] = []
        excludes: list[tuple[int, int, int]] = []
        anchors: list[tuple[int, int, int]] = []
        for match in self._phrases(doc):
            key = match[0]
            if key in self._forms:
                forms_found.append(match)
            elif key in self._exclude_keys:
                excludes.append(match)
            else:
                anchors.append(match)
        excluded_any, excluded_skill = self._exclusions(excludes, a.n)
        candidates: list[Hit] = []
        ambiguous: list[tuple[Hit, list[str], bool]] = []
        covered = [False] * a.n
        by_span: dict[tuple[int, int], list[_Form]] = {}
        miscased: list[Hit] = []  # a language's case-sensitive name in lower case ("c", "r")
        lowered_names: list[Hit] = []  # another case-sensitive name in lower case ("rest", "ci")
        for match_id, start, end in forms_found:
            form = self._forms[match_id]
            if form.case_sensitive and a.joined_text(start, end) not in self._cs_texts[form.skill_id]:
                lower = a.joined_text(start, end).islower()
                if lower and form.ambiguous and form.skill_id in self._languages:
                    miscased.append(Hit(start, end, 0, 0, form.skill_id, form.method, 1.0))
                elif lower and a.end_char(end) - a.start_char(start) > 1:
                    lowered_names.append(Hit(start, end, 0, 0, form.skill_id, form.method, 1.0))
                continue
            by_span.setdefault((start, end), []).append(form)
        for (start, end), forms in by_span.items():
            if excluded_any is not None and not excluded_any.isdisjoint(range(start, end)):
                continue
            if excluded_skill:
                if len(forms) == 1:  # the common case, without building a list
                    tokens = excluded_skill.get(forms[0].skill_id)
                    if tokens is not None and not tokens.isdisjoint(range(start, end)):
                        continue
                else:
                    forms = [f for f in forms if not _is_excluded(excluded_skill, f.skill_id, start, end)]
                    if not forms:
                        continue
            s_char, e_char = a.start_char(start), a.end_char(end)
            if len(forms) == 1:
                clear = forms if not forms[0].ambiguous else []
            else:
                clear = [f for f in forms if not f.ambiguous]
            if clear:
                best = (
                    clear[0]
                    if len(clear) == 1
                    else min(clear, key=lambda f: (_METHOD_RANK[f.method], -f.score))
                )
                score = (
                    self._variant_score(best.skill_id, a.span_text(start, end))
                    if best.method == "fuzzy"
                    else 1.0
                )
                candidates.append(Hit(start, end, s_char, e_char, best.skill_id, best.method, score))
                covered[start:end] = [True] * (end - start)
            else:
                f = forms[0]
                lowered = a.joined_text(start, end).islower() and self._amb_upper[f.skill_id]
                hit = Hit(start, end, s_char, e_char, f.skill_id, f.method, 1.0)
                ambiguous.append((hit, [g.skill_id for g in forms], lowered))
        candidates.extend(self._token_hits(a, covered, excluded_any, excluded_skill, ambiguous))
        candidates.extend(self._resolve_ambiguous(a, candidates, ambiguous))
        if miscased:
            candidates.extend(self._resolve_miscased(a, candidates, miscased, excluded_any, excluded_skill))
        if lowered_names and candidates:
            candidates.extend(
                self._lower_case_tags(a, candidates, lowered_names, excluded_any, excluded_skill)
            )
        entities = _select(candidates)
        concepts = self._pattern_hits(anchors, a, entities, excluded_any, excluded_skill)
        hits = entities + concepts
        if not hits:
            return hits
        hits.sort(key=lambda h: (h.start_char, h.end_char, h.skill_id))
        hits = self._drop_dependent(a, self._drop_titles(a, hits))
        return self._drop_unsupported(a, self._drop_adjectives(a, self._drop_not_asked(a, hits)))

    def _drop_not_asked(self, a: _DocArrays, hits: list[Hit]) -> list[Hit]:
        """Leave out mentions that name the employer's own things or people rather than a skill asked for:

        * its product, platform or team: "our award-winning payments platform", "we build the fastest
          time-series database";
        * colleagues: a role after a colleague cue ("partner with our data scientists", "alongside DevOps
          engineers");
        * the company's own traits: a trait in a sentence about the employer that does not speak of the
          candidate ("we value curiosity and teamwork");
        * what the employer gives: any mention in a sentence with a benefit word that does not speak of the
          candidate ("a pension plan, remote work and a mentoring programme").
        """
        if not hits:
            return hits
        h = a.h
        present = a.present
        own = not present.isdisjoint(h.own_determiners) or not present.isdisjoint(h.own_verbs)
        colleague = not present.isdisjoint(h.colleague_cues)
        employer = not present.isdisjoint(h.employer_words)
        benefit = not present.isdisjoint(h.benefit_words)
        company = self._company_sections(a, present)
        if not (own or colleague or employer or benefit or company):
            return hits
        sentences: dict[int, bool] = {}
        offers: dict[int, bool] = {}
        drop = set()
        for k, hit in enumerate(hits):
            if company and self._in_company_section(hit, company):
                drop.add(k)
                continue
            if (own and a.employer_owns(hit.start, hit.end)) or (
                colleague
                and (hit.skill_id in self._roles or a.before_role(hit.end))
                and a.after_colleague_cue(hit.start)
            ):
                drop.add(k)
                continue
            if benefit:
                first, last = a.sentence(hit.start, hit.end)
                gives = offers.get(first)
                if gives is None:
                    words = set(a.lowers[first:last])
                    gives = offers[first] = (
                        last - first <= _BENEFIT_LINE
                        and not words.isdisjoint(h.benefit_words)
                        and words.isdisjoint(h.candidate_words)
                    )
                if gives:
                    drop.add(k)
                    continue
            if employer and self.taxonomy[hit.skill_id].category in self.rules.employer_categories:
                first, last = a.sentence(hit.start, hit.end)
                about = sentences.get(first)
                if about is None:
                    words = set(a.lowers[first:last])
                    about = sentences[first] = not words.isdisjoint(h.employer_words) and words.isdisjoint(
                        h.candidate_words
                    )
                if about:
                    drop.add(k)
        return [hit for k, hit in enumerate(hits) if k not in drop] if drop else hits

    def _company_sections(self, a: _DocArrays, present: frozenset[int] | set[int]) -> list[tuple[int, int]]:
        """Character ranges of the sections that describe the employer: after a ``company_headings`` label
        alone on its line ("About us"), the next line of text; after such a label and a colon inside a line
        ("Company description: We are ..."), the rest of the line up to the next heading label (a ``headings``
        phrase before a colon: "Your profile:"). A ``company_name_headings`` word and a name ("About Acme",
        "About Red Hat:"; not "About the role") is such a label, and its name is the employer's."""
        pattern = self._company
        if (pattern is None and self._company_name is None) or a.h.company_first.isdisjoint(present):
            return []
        text = a.text()
        out = []
        matches = [] if pattern is None else list(pattern.finditer(text))
        if self._company_name is not None:
            stops = self.rules.company_name_stops
            matches += [
                m
                for m in self._company_name.finditer(text)
                if m.group("name").split()[0].lower() not in stops and _opens_sentence(text, m.start())
            ]
            matches.sort(key=lambda m: m.start())
        for m in matches:
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            rest = text[m.end() : line_end]
            line_start = text.rfind("\n", 0, m.start()) + 1
            opens_line = not text[line_start : m.start()].strip(_HEADING_MARKS)
            if rest.strip(_HEADING_MARKS):  # "Company description: We are ...": the rest of the line
                # without a colon, a capitalised heading opening its line that runs into a capitalised word
                # ("About us Acme is a start-up ...": the line break after it lost); else the words start a
                # sentence ("About us, little is known", "about our company culture")
                first = rest.lstrip(" \t")[:1]
                run_in = opens_line and text[m.start()].isupper() and (first.isupper() or first == "<")
                if m.group("colon") is None and not run_in:
                    continue
                start, end = m.end(), line_end
                for label in _LABEL.finditer(rest):
                    phrase = label.group(1).lower()
                    if any(h.search(phrase) for h, _ in self.rules.headings) and not (
                        pattern is not None and pattern.fullmatch(label.group(0))
                    ):
                        end = m.end() + label.start()
                        break
            else:  # a heading line ("About us" alone on its line): the next line of text
                if not opens_line:
                    continue  # "... join our company": the end of a sentence, no heading
                start = line_end
                while start < len(text) and text[start].isspace():
                    start += 1
                end = text.find("\n", start)
                end = len(text) if end < 0 else end
            if "name" in m.groupdict():
                out.append((m.start("name"), m.end("name")))  # the name is the employer's: "About Red Hat"
            end = self._before_candidate(a, start, end)
            if start < end:
                out.append((start, end))
        return out

    @staticmethod
    def _before_candidate(a: _DocArrays, start: int, end: int) -> int:
        """Where a section about the employer stops: ``end``, or the start of its first sentence that speaks
        of the candidate ("We are a fintech on Kafka. You will build ..."): from there on it is the job."""
        span = a.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return end
        words = a.h.candidate_words
        for i in range(span.start, span.end):
            if a.lowers[i] in words:
                return max(start, a.start_char(a.sentence(i, i + 1)[0]))
        return end

    @staticmethod
    def _in_company_section(hit: Hit, sections: list[tuple[int, int]]) -> bool:
        """``hit`` lies in a section about the employer (which ends before its first sentence with a
        candidate word)."""
        return any(s <= hit.start_char < e for s, e in sections)

    def _drop_adjectives(self, a: _DocArrays, hits: list[Hit]) -> list[Hit]:
        """Leave out a one-word mention written as an adjective of people or organisations rather than as
        the practice's name: an ``adjective_forms`` word before a ``people_nouns`` word, with at most a few
        words joined by "and" or commas between ("agile partners", "an agile and creative problem solver",
        "an agile organization"), or after a ``predicate_words`` word ("you are agile", "stay agile", "become
        more agile"), or before "enough". The practice's name capitalised inside a sentence ("experience with
        Agile partners") and every longer form ("agile teams", "agile development") stand. A mention ending in
        an ``attributive_forms`` word, which is said of systems too ("the service must be scalable"), is left
        out only before a people noun ("building scalable partner ecosystems").
        """
        h = a.h
        present = a.present
        if present.isdisjoint(h.adjective_forms) and present.isdisjoint(h.attributive_forms):
            return hits
        # the other mentions: where they end, and whether they are traits (adjectives of people themselves)
        traits = self.rules.employer_categories
        starts = {hit.start: (hit.end, self.taxonomy[hit.skill_id].category in traits) for hit in hits}
        drop = set()
        for k, hit in enumerate(hits):
            i = hit.end - 1
            if hit.end - hit.start == 1 and a.lowers[i] in h.adjective_forms:
                predicate = True
            elif a.lowers[i] in h.attributive_forms:
                predicate = False
            else:
                continue
            if _capitalised(a, i) and not a.starts_sentence(i):
                continue
            if a.describes_people(i, starts, predicate=predicate):
                drop.add(k)
        return [hit for k, hit in enumerate(hits) if k not in drop] if drop else hits

    def _drop_unsupported(self, a: _DocArrays, hits: list[Hit]) -> list[Hit]:
        """Leave out everyday practice words ("testing", "monitoring", "documentation") without software
        evidence: the document names at least ``evidence_mentions`` distinct technologies, or the sentence
        holds an evidence word ("software", "API"), a technology's mention, or a mention of another skill of
        the same category that needs no evidence itself ("access controls" beside "encryption": a skill of
        the evidence categories is evidence for every skill). The mention's own words count ("software
        testing"). A technology mention that starts with an everyday word ("troubleshooting",
        "root cause analysis" of a pump) needs the same evidence, and is no evidence in its sentence (it still
        counts among the document's technologies).

        The duties of every engineering trade (``needs_technology``: a bridge's "technical lead", a wind
        turbine's "technical specifications") need the same evidence in a document of at least
        ``technology_min_tokens`` tokens that names no technology (a skill of the evidence categories or of
        ``technology_categories``) and has fewer than ``evidence_mentions`` distinct evidence words; a shorter
        text, a résumé line or a skills list, is too short for the absence of a technology to say anything.
        They are no evidence for a skill of their field there."""
        everyday = a.h.everyday_words
        plain = (
            {k for k, h in enumerate(hits) if h.skill_id in self._evidence and a.lowers[h.start] in everyday}
            if everyday
            else set()
        )
        trade = self._trade_duties(a, hits, plain)
        needy = [
            k for k, h in enumerate(hits) if h.skill_id in self._needs_evidence or k in plain or k in trade
        ]
        if not needy:
            return hits
        evidence = [(k, h) for k, h in enumerate(hits) if h.skill_id in self._evidence]
        if len({h.skill_id for _, h in evidence}) >= self.rules.evidence_mentions:
            return hits
        words = a.h.evidence_words
        starts = sorted(h.start for k, h in evidence if k not in plain)
        # mentions of the fields outside the evidence categories that need no evidence: evidence for a
        # skill of the same field
        kin = sorted(
            (h.start, self.taxonomy[h.skill_id].category)
            for k, h in enumerate(hits)
            if h.skill_id not in self._needs_evidence
            and k not in trade
            and self.taxonomy[h.skill_id].category not in self.rules.evidence_categories
        )
        kin_starts = [start for start, _ in kin]
        counts: dict[int, int] = {}  # sentence start -> evidence words in the sentence
        drop = set()
        for k in needy:
            h = hits[k]
            first, last = a.sentence(h.start, h.end)
            n = counts.get(first)
            if n is None:
                n = counts[first] = sum(key in words for key in a.lowers[first:last])
            # a one-word mention is no evidence for itself ("coding"); a longer one may be
            if h.end - h.start == 1 and a.lowers[h.start] in words:
                n -= 1
            if n > 0:
                continue
            j = bisect_left(starts, first)
            if j < len(starts) and starts[j] < last:
                continue
            # a mention of a skill of the same field that needs no evidence itself ("access controls"
            # beside "encryption", "data models" beside "Power BI")
            field = self.taxonomy[h.skill_id].category
            j = bisect_left(kin_starts, first)
            if any(kin[i][1] == field for i in range(j, bisect_left(kin_starts, last, j))):
                continue
            drop.add(k)
        return [h for k, h in enumerate(hits) if k not in drop] if drop else hits

    def _trade_duties(self, a: _DocArrays, hits: list[Hit], plain: set[int]) -> set[int]:
        """The ``needs_technology`` mentions of a document of at least ``technology_min_tokens`` tokens that
        names no technology (``plain`` mentions, "troubleshooting" of a pump, are none) and has fewer than
        ``evidence_mentions`` distinct evidence words ("software", "API", "server")."""
        if self._needs_technology.isdisjoint(h.skill_id for h in hits):
            return set()
        if len(a.lowers) < self.rules.technology_min_tokens:
            return set()
        if len(a.present & a.h.evidence_words) >= self.rules.evidence_mentions:
            return set()
        if any(h.skill_id in self._technology and k not in plain for k, h in enumerate(hits)):
            return set()
        return {k for k, h in enumerate(hits) if h.skill_id in self._needs_technology}

    def _drop_titles(self, a: _DocArrays, hits: list[Hit]) -> list[Hit]:
        """Leave out mentions inside a job title ("Senior Java Developer", "QA Engineers") when the text
        names the same skill elsewhere: the other mentions carry the evidence and its context. Skills that
        are roles themselves (``backend-developer``) are never left out."""
        # both need a person or team noun within a few words after the mention
        roles = a.h.roles
        nouns = a.positions(roles)
        if not nouns:
            return hits
        near = {j for i in nouns for j in range(i - _ROLE_GAP, i + 1)}
        # a mention may end with the team noun itself ("the Agile team")
        teams_at = a.h.teams
        candidates = [k for k, h in enumerate(hits) if h.end in near or a.lowers[h.end - 1] in teams_at]
        if not candidates:
            return hits
        teams = {k for k in candidates if a.in_team_name(hits[k].start, hits[k].end)}
        titles = [
            k
            for k in candidates
            if k not in teams and hits[k].skill_id not in self._roles and a.before_role(hits[k].end)
        ]
        if not titles and not teams:
            return hits
        in_title = set(titles) | teams
        named = {h.skill_id for k, h in enumerate(hits) if k not in in_title}
        drop = {k for k in titles if hits[k].skill_id in named} | teams
        return [h for k, h in enumerate(hits) if k not in drop]

    def _drop_dependent(self, a: _DocArrays, hits: list[Hit]) -> list[Hit]:
        """Leave out mentions that only lean on a neighbouring one (``hits`` sorted by position):

        * an umbrella name joined to examples of its own narrower skills ("programming languages such as
          Java", "Python or other programming languages"): the examples carry the evidence;
        * a generic activity word right after a language ("C programming", "Python coding"): it is part
          of the language's mention;
        * a name glued to the rest of an identifier ("Foo.getBar", "android:id", "mysql_query"), or a
          program's name in lower case before a command-line option ("java -jar app.jar"): it is part of
          code, not a mention of the technology;
        * a name in lower case between a determiner and an identifier noun (rules' ``identifier_nouns``):
          "the html variable", "the query's sql property" name code;
        * a qualified noun (rules' ``qualified_nouns``) right after a mention of a library or language
          (``qualifier_categories``): "a Spring container", "an STL container" are that thing's own.
        """
        hits = self._drop_other_senses(a, hits)
        if len(hits) < 2:
            return hits
        drop = set()
        for k, h in enumerate(hits):
            under = self._umbrellas.get(h.skill_id)
            if under is not None:
                nxt = hits[k + 1] if k + 1 < len(hits) else None
                prev = hits[k - 1] if k else None
                leads = nxt is not None and nxt.skill_id in under and a.joins_example(h.end, nxt.start)
                closes = prev is not None and prev.skill_id in under and a.joins_example(prev.end, h.start)
                if leads or closes:
                    drop.add(k)
            elif (
                k
                and h.end - h.start == 1
                and a.lowers[h.start] in a.h.language_activity
                and hits[k - 1].end == h.start
                and hits[k - 1].skill_id in self._languages
                and h.skill_id not in self._languages
            ):
                drop.add(k)
        return [h for k, h in enumerate(hits) if k not in drop] if drop else hits

    def _drop_other_senses(self, a: _DocArrays, hits: list[Hit]) -> list[Hit]:
        """Leave out a library's container, a name that is part of code and a variable's name (cheap token
        checks first: most mentions are next to none of the tokens these rules look for)."""
        lowers, strings, n = a.lowers, a.strings, a.n
        qualified, identifiers, cache = self._qualified, self._identifier_nouns, self._code_glue
        drop = set()
        for k, h in enumerate(hits):
            if h.end - h.start == 1 and lowers[h.start] in qualified:
                if self._qualified_noun(hits, k):
                    drop.add(k)
                continue
            if h.end >= n:
                continue
            key = lowers[h.end]
            glued = cache.get(key)
            if glued is None:
                glued = cache[key] = strings[key][:1] in _CODE_GLUE
            if (glued and _in_code(a, h)) or (key in identifiers and self._identifier(a, h)):
                drop.add(k)
        return [h for k, h in enumerate(hits) if k not in drop] if drop else hits

    def _identifier(self, a: _DocArrays, h: Hit) -> bool:
        """``h``, followed by an ``identifier_nouns`` word, is a one-word name in lower case after a
        definite determiner or a possessive: a variable's name ("the html variable")."""
        if h.end - h.start != 1 or not h.start or not a.joined_text(h.start, h.end).islower():
            return False
        before = a.lowers[h.start - 1]
        # a definite one: "a json field" is a field of that format
        indefinite = a.joined_text(h.start - 1, h.start).lower() in ("a", "an")
        return (before in a.h.determiners and not indefinite) or before == self._possessive

    def _qualified_noun(self, hits: list[Hit], k: int) -> bool:
        """``hits[k]``, a one-word ``qualified_nouns`` mention, comes right after a mention of a
        ``qualifier_categories`` skill ("Spring container")."""
        return bool(k) and hits[k - 1].end == hits[k].start and hits[k - 1].skill_id in self._qualifiers

    def _variant_score(self, skill_id: str, text: str) -> float:
        """Similarity (0–1) of a spelling variant to the closest surface form of its skill."""
        key = (skill_id, text.lower())
        score = self._variant_scores.get(key)
        if score is None:
            score = max(similarity(key[1], c) for c in self._canonical[skill_id])
            if len(self._variant_scores) < 100_000:
                self._variant_scores[key] = score
        return score

    def _exclusions(
        self, matches: list[tuple[int, int, int]], n: int
    ) -> tuple[set[int] | None, dict[str, set[int]]]:
        """Tokens inside a global exclusion phrase (None when there is none) and per-skill ones (sets of
        token positions: their cost grows with the phrases found, not with the length of the Doc)."""
        if not matches:
            return None, {}
        any_excluded: set[int] | None = None
        per_skill: dict[str, set[int]] = {}
        for match_id, start, end in matches:
            owner = self._exclude_keys[match_id]
            if owner is None:
                if any_excluded is None:
                    any_excluded = set()
                tokens = any_excluded
            else:
                tokens = per_skill.setdefault(owner, set())
            tokens.update(range(start, end))
        return any_excluded, per_skill

    def _token_hits(
        self,
        a: _DocArrays,
        covered: list[bool],
        excluded_any: set[int] | None,
        excluded_skill: dict[str, set[int]],
        ambiguous: list[tuple[Hit, list[str], bool]],
    ) -> list[Hit]:
        """Version suffixes (``Python3``) and, when fuzzy matching is on, typos (``Postgress``, ``Rabit
        MQ``). A typo of an ambiguous name joins ``ambiguous``: it needs the same context as the name."""
        present = a.present
        unknown = present - self._token_seen
        if unknown:
            strings = a.strings
            for key in unknown:
                result, half = self._lookup_token(strings[key])
                if result is not None:
                    self._token_found[key] = result
                if half:
                    self._token_halves.add(key)
            if len(self._token_seen) > 1_000_000:  # bound the memory of very long runs
                self._token_seen.clear()
                self._token_halves.clear()
            self._token_seen |= unknown
        known = self._token_found
        if len(present) < len(known):
            found = {key: known[key] for key in present if key in known}
        else:
            found = {key: known[key] for key in present.intersection(known)}
        spans: list[tuple[int, int, _Found]] = []
        if found:
            lowers = a.lowers
            spans = [(i, i + 1, found[lowers[i]]) for i in a.positions(found)]
        if (
            self.fuzzy
            and not present.isdisjoint(self._split_words)
            and not present.isdisjoint(self._token_halves)
        ):
            spans.extend(self._split_typos(a))
        hits: list[Hit] = []
        for start, end, (skill_id, method, score, amb_ids, fix) in spans:
            # a split name may overlap a shorter mention ("Dynamoo DB"): the longest wins in _select
            if (end - start == 1 and covered[start]) or (
                excluded_any is not None and not excluded_any.isdisjoint(range(start, end))
            ):
                continue
            if excluded_skill and _is_excluded(excluded_skill, skill_id, start, end):
                continue
            if fix is not None and not case_fits(a.joined_text(start, end), fix):
                continue
            if method == "lemma" and not self._version_case_fits(a.joined_text(start, end)):
                continue
            hit = Hit(start, end, a.start_char(start), a.end_char(end), skill_id, method, score)
            if amb_ids:
                lowered = a.joined_text(start, end).islower() and self._amb_upper[skill_id]
                ambiguous.append((hit, list(amb_ids), lowered))
            else:
                hits.append(hit)
        return hits

    def _version_case_fits(self, text: str) -> bool:
        """A name with a glued version ("VB2010") is written in the name's case when the name needs it."""
        m = _VERSION_RE.match(text.lower())
        if m is None or m.group("base") in self._single:
            return True
        cs = self._cs_single.get(m.group("base"))
        return cs is None or text.startswith(cs[1])

    def _split_typos(self, a: _DocArrays) -> list[tuple[int, int, _Found]]:
        """Names written as two tokens with a typo in one half (``Rabit MQ``): a word that is not a known
        word next to the first or last word of such a name."""
        out = []
        lowers, halves, words, strings = a.lowers, self._token_halves, self._split_words, a.strings
        for i in a.positions(halves):
            for start in (i - 1, i):
                if start < 0 or start + 1 >= a.n or lowers[start + (start == i)] not in words:
                    continue
                fix = self._typos.lookup_split(strings[lowers[start]], strings[lowers[start + 1]])
                if fix is not None:
                    out.append((start, start + 2, _found(fix)))
        return out

    def _lookup_token(self, lower: str) -> tuple[_Found | None, bool]:
        """A version suffix or a typo, and whether the token may be the misspelled half of a split name."""
        m = _VERSION_RE.match(lower)
        if m is not None and m.group("base") in self._single:
            return (self._single[m.group("base")][0], "lemma", 1.0, (), None), False
        if m is not None and m.group("base") in self._cs_single:
            return (self._cs_single[m.group("base")][0], "lemma", 1.0, (), None), False
        if not self.fuzzy:
            return None, False
        fix, half = self._typos.scan(lower)
        return (None if fix is None else _found(fix)), half

    def _resolve_ambiguous(
        self, a: _DocArrays, anchors: list[Hit], ambiguous: list[tuple[Hit, list[str], bool]]
    ) -> list[Hit]:
        """Keep the ambiguous mentions that context supports, choosing among skills sharing a form."""
        if not ambiguous:
            return []
        accepted: list[Hit] = []
        # a one-letter label is no technology, whatever its context ("Zone C:", "SAP R/3", "R & D")
        pending = [item for item in ambiguous if not self._labels(a, item[0])]
        # the employer's name where a phrase makes it the employer ("At Cisco, we") is no technology there,
        # and elsewhere in the document it needs more than the document's technologies (rule 4 below)
        employer_at = _employer_phrases(a, [item[0] for item in pending])
        employer = {a.joined_text(h.start, h.end).lower() for h in employer_at}
        if employer_at:
            drop = {h.start for h in employer_at}
            pending = [item for item in pending if item[0].start not in drop]
        # An unconfirmed ambiguous mention is context for another only when the two are listed together
        # ("Chef, Puppet", "Elixir/Phoenix"): "chai tea with mocha" and "fiber optics and echo
        # cancellation" confirm nothing. Once confirmed, a mention is context like any other word.
        doubtful = {i for hit, _, _ in pending for i in range(hit.start, hit.end)}
        by_start = {hit.start: hit.end for hit, _, _ in pending}
        by_end = {hit.end: hit.start for hit, _, _ in pending}
        recheck = pending
        while recheck:
            confirmed: list[Hit] = []
            for item in recheck:
                hit, skill_ids, lowered = item
                skip = doubtful
                if len(doubtful) > hit.end - hit.start:  # another doubtful mention exists
                    listed = a.listed_with(hit, by_start, by_end)
                    if listed:
                        skip = doubtful.difference(listed)
                chosen = self._by_context(a, hit, skill_ids, skip)
                if chosen is None and not lowered and a.has_cue(hit.start, hit.end):
                    chosen = skill_ids[0]
                if chosen is not None:
                    accepted.append(hit._replace(skill_id=chosen))
                    confirmed.append(hit)
                    doubtful.difference_update(range(hit.start, hit.end))
            if not confirmed:
                break
            done = {id(h) for h in confirmed}
            pending = [item for item in pending if id(item[0]) not in done]
            # only a mention within reach of a newly confirmed one can change its verdict
            reach: set[int] = set()
            for h in confirmed:
                reach.update(range(h.start - _CONTEXT_WINDOW, h.end + _CONTEXT_WINDOW))
            recheck = [item for item in pending if not reach.isdisjoint(range(item[0].start, item[0].end))]
        # a document that names several technologies unambiguously is technical text: a name written as
        # the technology writes it, inside a sentence, is the technology there ("written in C and Bash");
        # a word that starts a sentence ("Go ahead") or is written in lower case still needs its cue, and
        # so does a form the taxonomy marks as needing its own context (marketing "messaging"). A typo is not
        # confirmed this way either: in technical text a capitalised word a letter away from a technology's
        # name is more often another name ("Monzo" the bank, "Dexian" the staffing firm, "Quartus" the FPGA
        # tool) than a misspelling, which still counts with a context word, a cue or a list
        if pending:
            sure = {h.skill_id for h in anchors if h.skill_id in self._evidence}
            if len(sure) >= self.rules.evidence_mentions:
                own = self._own_context
                # mentions found so far, and the other candidate names: neighbours that are no proper name
                named = (*anchors, *accepted, *(item[0] for item in pending))
                known = {i for h in named for i in range(h.start, h.end)}
                for item in list(pending):
                    hit, skill_ids, lowered = item
                    sid = skill_ids[0]
                    if hit.method == "fuzzy" or (
                        sid in own and own[sid].needs_own_context(a.span_text(hit.start, hit.end))
                    ):
                        continue
                    if self._proper[sid] and _capitalised(a, hit.start) and _in_capital_run(a, hit, known):
                        continue
                    if employer and a.joined_text(hit.start, hit.end).lower() in employer:
                        continue
                    if not lowered and sid in self._evidence and not a.starts_sentence(hit.start):
                        accepted.append(hit._replace(skill_id=sid))
                        pending.remove(item)
        # developer prose: a language's name in a place only a language takes ("C macros", "Ruby 1.9"), or
        # written as the language writes it in a sentence about code ("In Ruby, classes are not types")
        if pending:
            prose = _Prose(a, [*anchors, *accepted], self._evidence)
            for item in list(pending):
                hit, skill_ids, lowered = item
                language = next((sid for sid in skill_ids if sid in self._languages), None)
                if language is None:
                    continue
                hit = hit._replace(skill_id=language)
                if self._language_here(a, hit, lowered, prose):
                    accepted.append(hit)
                    pending.remove(item)
        # list membership, propagated until nothing changes ("Go and Rust services"). A trait lists a
        # person's qualities: it confirms only another trait ("Adaptability and resilience" is no fault
        # tolerance, "curiosity, experimentation" no A/B testing; "teamwork, collaborative" is a trait)
        traits = self._traits
        # token -> end of every accepted mention: [0] all of them, [1] those that are no trait
        known_starts: tuple[dict[int, int], dict[int, int]] = ({}, {})
        known_ends: tuple[dict[int, int], dict[int, int]] = ({}, {})

        def know(h: Hit) -> None:
            for k in (0, 1) if h.skill_id not in traits else (0,):
                known_starts[k][h.start] = h.end
                known_ends[k][h.end] = h.start

        for h in (*anchors, *accepted):
            know(h)
        changed = True
        while changed and pending:
            changed = False
            for item in list(pending):
                hit = item[0]
                k = int(item[1][0] not in traits)
                if a.listed_near(hit, known_starts[k], known_ends[k]):
                    hit = hit._replace(skill_id=item[1][0])
                    accepted.append(hit)
                    know(hit)
                    pending.remove(item)
                    changed = True
        # a short line of tags written with spaces only ("linux embedded c", "linux c c++ linux-kernel"):
        # a name next to an accepted mention, on a line most of whose other words are accepted mentions
        for item in pending:
            hit = item[0]
            k = int(item[1][0] not in traits)
            starts, ends = known_starts[k], known_ends[k]
            if (hit.start in ends or hit.end in starts) and a.in_tag_line(hit, starts):
                accepted.append(hit._replace(skill_id=item[1][0]))
        return accepted

    def _by_context(self, a: _DocArrays, hit: Hit, skill_ids: list[str], skip: set[int]) -> str | None:
        words = a.window(hit.start, hit.end, _CONTEXT_WINDOW, skip)
        best, best_n = None, 0
        for sid in skill_ids:
            n = len(words & self._context.get(sid, frozenset()))
            if n > best_n:
                best, best_n = sid, n
        return best

    def _language_here(self, a: _DocArrays, hit: Hit, lowered: bool, prose: _Prose) -> bool:
        """``hit``, an ambiguous name of a language, is the language by its place in developer prose.

        * a language cue follows it, in any case: "C macros", "a perl script", "the Swift standard library";
        * written as the language writes it: a version number follows ("Ruby 1.9"), or the sentence is about
          code (a code word, a code-like token, another technology), no capitalised word other than a
          technology follows ("Go Live", "Crystal Reports") and the name does not open the sentence, unless a
          verb follows that makes it the subject ("Ruby is", not "Go ahead");
        * after "in" or "using" at the end of a clause ("How do I do this in R?"), or before a conjunction
          in a sentence about code; in lower case only at the end of a clause of a sentence about code ("how
          do I split a string in r?").

        Only the skill's name counts, not an alias ("TS/SCI" is a security clearance). A one-letter name is
        never the language where it labels something (:func:`_letter_label`: "C-level", "Zone C:", "class A
        calls B and C").
        """
        h = a.h
        written, name = a.joined_text(hit.start, hit.end), self.taxonomy[hit.skill_id].name.replace(" ", "")
        if (written.lower() if lowered else written) != (name.lower() if lowered else name):
            return False  # an alias ("TS"), or capitals the name does not have ("SWIFT")
        after = a._skip_space(hit.end, 1)
        nxt = a.lowers[after] if after < a.n else -1
        if self._labels(a, hit):
            return False
        if nxt in h.language_cues:
            return True
        before = a._skip_space(hit.start - 1, -1)
        linked = before >= 0 and a.strings[a.lowers[before]] in _CLAUSE_LINKS
        clause_end = linked and (after >= a.n or a.blocked(after))  # "in r?", "using C."
        if lowered:
            return clause_end and prose.about_code(hit)
        if clause_end or (nxt != -1 and _VERSION_NUMBER.match(a.strings[nxt])):
            return True
        if linked and a.strings[nxt] in _CONJUNCTIONS and prose.about_code(hit):
            return True  # "using R and the parser ..."
        if a.starts_sentence(hit.start) and nxt not in h.subject_verbs:
            return False
        if _capitalised(a, after) and after not in prose.mentions:
            return False  # "Go Live", "Swift Transport", "Crystal Reports": a name or a heading
        return prose.about_code(hit)

    def _labels(self, a: _DocArrays, hit: Hit) -> bool:
        """``hit`` is a one-letter name used as a label or inside another name (:func:`_letter_label`)."""
        return (
            hit.end - hit.start == 1
            and len(a.joined_text(hit.start, hit.end)) == 1
            and _letter_label(a, hit, self._letters, self._name_cues)
        )

    def _resolve_miscased(
        self,
        a: _DocArrays,
        found: list[Hit],
        miscased: list[Hit],
        excluded_any: set[int] | None,
        excluded_skill: dict[str, set[int]],
    ) -> list[Hit]:
        """Lower-case forms of a language's case-sensitive name ("c", "r"), kept only by their place in
        developer prose (:meth:`_language_here`): "c code", "a c program", "using r?" about code.
        List membership and context words do not count: "a) ... b) ... c) systems" is an enumeration."""
        prose = _Prose(a, found, self._evidence)
        out = []
        for hit in miscased:
            if excluded_any is not None and not excluded_any.isdisjoint(range(hit.start, hit.end)):
                continue
            if excluded_skill and _is_excluded(excluded_skill, hit.skill_id, hit.start, hit.end):
                continue
            if self._language_here(a, hit, True, prose):
                out.append(hit._replace(start_char=a.start_char(hit.start), end_char=a.end_char(hit.end)))
        return out

    @staticmethod
    def _lower_case_tags(
        a: _DocArrays,
        found: list[Hit],
        lowered: list[Hit],
        excluded_any: set[int] | None,
        excluded_skill: dict[str, set[int]],
    ) -> list[Hit]:
        """Case-sensitive names written in lower case ("rest", "ci") kept as one item of a list of
        technologies that are written in lower case too: "java, python, go, rest, docker". Two such mentions
        must be listed next to it (one on each side, or two in a row on one side), so that a stray word
        ("the rest of the team") never counts; a list in the names' own case ("Java, REST") needs no rule."""
        # nothing to do unless a mention ends or starts within list reach of one of the names
        bounds = {h.start for h in found} | {h.end for h in found}
        reach = range(_LIST_GAP + 1)
        if not any(hit.end + gap in bounds or hit.start - gap in bounds for hit in lowered for gap in reach):
            return []
        starts: dict[int, int] = {}
        for hit in found:
            if a.joined_text(hit.start, hit.end).islower():
                starts[hit.start] = hit.end
        if len(starts) < 2:
            return []
        ends = {end: start for start, end in starts.items()}
        lines: dict[int, bool] = {}

        def tag_line(hit: Hit) -> bool:
            first = a.sentence(hit.start, hit.end)[0]
            if first not in lines:
                lines[first] = a.in_tag_line(hit, starts)
            return lines[first]

        def neighbours(hit: Hit) -> tuple[Hit | None, Hit | None]:
            tokens = a.listed_with(hit, starts, ends)
            left = [i for i in tokens if i < hit.start]
            right = [i for i in tokens if i >= hit.end]
            if not tag_line(hit):  # in a sentence, a comma, a slash or "and" between ("solid java skills")
                if left and a.only_space(left[-1] + 1, hit.start):
                    left = []
                if right and a.only_space(hit.end, right[0]):
                    right = []
            return (
                Hit(left[0], left[-1] + 1, 0, 0, "", "", 0.0) if left else None,
                Hit(right[0], right[-1] + 1, 0, 0, "", "", 0.0) if right else None,
            )

        pending = [
            hit
            for hit in lowered
            if (excluded_any is None or excluded_any.isdisjoint(range(hit.start, hit.end)))
            and not (excluded_skill and _is_excluded(excluded_skill, hit.skill_id, hit.start, hit.end))
        ]
        out = []
        changed = True
        while changed and pending:  # an accepted name is a neighbour of the next ("ml, ai, ci")
            changed = False
            for hit in list(pending):
                left, right = neighbours(hit)
                if (left is not None and right is not None) or (
                    (left is not None and neighbours(left)[0] is not None)
                    or (right is not None and neighbours(right)[1] is not None)
                ):
                    out.append(hit._replace(start_char=a.start_char(hit.start), end_char=a.end_char(hit.end)))
                    starts[hit.start], ends[hit.end] = hit.end, hit.start
                    pending.remove(hit)
                    changed = True
        return out

    def _pattern_hits(
        self,
        anchors: list[tuple[int, int, int]],
        a: _DocArrays,
        entities: list[Hit],
        excluded_any: set[int] | None,
        excluded_skill: dict[str, set[int]],
    ) -> list[Hit]:
        if not anchors:
            return []
        raw = []
        present = a.present
        possible: dict[int, bool] = {}
        # an anchor is one token and one key: ties in _select are between the patterns of one key, which
        # are kept in rank order
        lowers = a.lowers
        pairs = []
        for key, start, _ in anchors:
            near = self._anchor_next[key]  # what any of the anchor's patterns needs next, and how far
            if near is not None and near[0].isdisjoint(lowers[start + 1 : start + 1 + near[1]]):
                continue
            pairs.extend([(pid, start) for pid in self._anchor_patterns[key]])
        for match_id, start in pairs:
            ok = possible.get(match_id)
            if ok is None:
                ok = True
                for forms in self._pattern_needs[match_id]:
                    if present.isdisjoint(forms):
                        ok = False
                        break
                possible[match_id] = ok
            if not ok:
                continue
            reach = self._pattern_next[match_id]
            if reach is not None and reach[0].isdisjoint(lowers[start + 1 : start + 1 + reach[1]]):
                continue
            if start and a.lowers[start - 1] in a.h.determiners:  # "our mentor developer": a noun
                continue
            sid, items = self._pattern_keys[match_id]
            end = _match_items(a.lowers, a.blocked, start + 1, items, 1)
            if end < 0 or (excluded_any is not None and not excluded_any.isdisjoint(range(start, end))):
                continue
            if excluded_skill and _is_excluded(excluded_skill, sid, start, end):
                continue
            raw.append(Hit(start, end, a.start_char(start), a.end_char(end), sid, "pattern", 1.0))
        if not raw:
            return []
        chosen = _select(raw, prefer_short=True)
        # a pattern never repeats an entity mention of its own skill that it overlaps
        taken: dict[str, set[int]] = {h.skill_id: set() for h in chosen}
        for e in entities:
            tokens = taken.get(e.skill_id)
            if tokens is not None:
                tokens.update(range(e.start, e.end))
        empty: set[int] = set()
        return [h for h in chosen if taken.get(h.skill_id, empty).isdisjoint(range(h.start, h.end))]


class _DocArrays:
    """Plain-Python views of one Doc's token attributes (fast to index, no Token objects).

    Only the lower-case forms are read for every token (reading more attributes costs per token); the
    offsets and texts of the few tokens a mention needs are read from the Doc when it needs them.
    """

    __slots__ = (
        "_blocked",
        "_boundary",
        "_bounds",
        "_glue",
        "_lower_array",
        "_newline",
        "_space",
        "_text",
        "doc",
        "h",
        "lowers",
        "n",
        "present",
        "strings",
    )

    def __init__(self, doc: Doc, hashes: _Hashes, kinds: _TokenKinds, text: str | None = None) -> None:
        self._text = text
        self.n = len(doc)
        self._lower_array: Any = doc.to_array(LOWER)
        self.lowers: list[int] = self._lower_array.tolist()
        self.present = set(self.lowers)
        kinds.learn(self.present)
        # the kinds of this Doc's tokens as sets of LOWER hashes: a check is one set lookup
        self._blocked = kinds.blocked
        self._boundary = kinds.boundary
        self._glue = kinds.glue
        self._space = kinds.space
        self._newline = kinds.newline
        self._bounds: list[int] | None = None
        self.doc = doc  # Doc.text joins every token: slice spans instead
        self.strings = doc.vocab.strings
        self.h = hashes

    def text(self) -> str:
        """The Doc's text: as the caller gave it, or joined from its token strings once (``Doc.text``
        builds a Token object per token)."""
        if self._text is None:
            strings = self.strings
            self._text = "".join(
                strings[orth] + " " if ws else strings[orth]
                for orth, ws in self.doc.to_array([ORTH, SPACY]).tolist()
            )
        return self._text

    def blocked(self, i: int) -> bool:
        """Token ``i`` is punctuation or white space."""
        return self.lowers[i] in self._blocked

    def positions(self, keys: Iterable[int]) -> list[int]:
        """The positions, in order, of the tokens whose LOWER hash is in ``keys`` (best a set)."""
        wanted = self.present.intersection(keys)
        if not wanted:
            return []
        if self.n < _SCAN_IN_PYTHON:
            return [i for i, key in enumerate(self.lowers) if key in wanted]
        # a binary search of each token among the keys: linear in the tokens, unlike sorting them
        array = self._lower_array
        values = np.fromiter(wanted, dtype=array.dtype, count=len(wanted))
        values.sort()
        found = np.searchsorted(values, array)
        np.minimum(found, len(values) - 1, out=found)
        return np.flatnonzero(values[found] == array).tolist()

    def start_char(self, i: int) -> int:
        return self.doc[i].idx

    def end_char(self, end: int) -> int:
        token = self.doc[end - 1]
        return token.idx + len(token)

    def is_boundary(self, i: int) -> bool:
        """Sentence-final punctuation or a line break: context does not reach past it."""
        return self.lowers[i] in self._boundary

    def _sentence_ends(self) -> list[int]:
        """The positions of the sentence boundaries (:meth:`is_boundary`), found once per Doc."""
        bounds = self._bounds
        if bounds is None:
            bounds = self._bounds = self.positions(self._boundary)
        return bounds

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The token range of the sentence holding ``[start, end)`` (up to its boundaries, left out)."""
        bounds = self._sentence_ends()
        k = bisect_left(bounds, start)
        first = bounds[k - 1] + 1 if k else 0
        k = bisect_left(bounds, end)
        last = bounds[k] if k < len(bounds) else self.n
        return first, last

    def in_tag_line(self, hit: Hit, starts: dict[int, int]) -> bool:
        """``hit`` is on a line of its own of at most ``_TAG_LINE`` words, more than half of whose other words
        are inside the mentions in ``starts`` (start -> end)."""
        first, last = self.sentence(hit.start, hit.end)
        if last - first > 4 * _TAG_LINE:
            return False
        if (first and self.lowers[first - 1] not in self._newline) or (
            last < self.n and self.lowers[last] not in self._newline
        ):
            return False  # a sentence, not a line of its own
        known: set[int] = set()
        for start, end in starts.items():
            if first <= start < last:
                known.update(range(start, end))
        words = [i for i in range(first, last) if not self.blocked(i) and not hit.start <= i < hit.end]
        if not words or len(words) + 1 > _TAG_LINE:
            return False
        return 2 * sum(i in known for i in words) > len(words)

    def starts_sentence(self, i: int) -> bool:
        """Only punctuation or white space lies between the start of the sentence and token ``i``."""
        for j in range(i - 1, max(-1, i - 1 - _EXAMPLE_GAP), -1):
            if self.is_boundary(j):
                return True
            if not self.blocked(j):
                return False
        return True  # the start of the text, or a long run of punctuation

    def span_text(self, start: int, end: int) -> str:
        return self.doc[start:end].text

    def joined_text(self, start: int, end: int) -> str:
        """The tokens' text without the spaces between and inside them (cheaper than ``span_text``)."""
        doc = self.doc
        if end - start == 1:
            return doc[start].text.replace(" ", "")
        return "".join(doc[i].text for i in range(start, end)).replace(" ", "")

    def window(self, start: int, end: int, size: int, skip: set[int]) -> set[int]:
        """LOWER hashes of up to ``size`` tokens each side of ``[start, end)`` within the sentence, leaving
        out the tokens in ``skip``."""
        words: set[int] = set()
        lowers, boundary = self.lowers, self._boundary
        for i in range(start - 1, max(-1, start - 1 - size), -1):
            key = lowers[i]
            if key in boundary:
                break
            if i not in skip:
                words.add(key)
        for i in range(end, min(self.n, end + size)):
            key = lowers[i]
            if key in boundary:
                break
            if i not in skip:
                words.add(key)
        return words

    def has_cue(self, start: int, end: int) -> bool:
        """A cue word right after ("Go developer") or a cue phrase right before ("experience with Go"),
        stepping over runs of spaces that are tokens of their own."""
        after = self._skip_space(end, 1)
        if after < self.n and self.lowers[after] in self.h.next_cues:
            return True
        link = self._skip_space(start - 1, -1)
        if link < 1 or self.lowers[link] not in self.h.prev_link:
            return False
        cue = self._skip_space(link - 1, -1)
        return cue >= 0 and self.lowers[cue] in self.h.prev_cues

    def _skip_space(self, i: int, step: int) -> int:
        """The first position from ``i`` in direction ``step`` that is not spaces (a line break stops)."""
        while 0 <= i < self.n and self.lowers[i] in self._space and self.lowers[i] not in self._newline:
            i += step
        return i

    def describes_people(
        self, i: int, starts: dict[int, tuple[int, bool]], *, predicate: bool = True
    ) -> bool:
        """Token ``i`` reads as an adjective of a person or an organisation: a people noun after it within a
        few words joined by "and", "&" or commas ("agile and creative problem solver"; the noun may end
        another mention, as "problem solver" does, and a trait between is passed over: "agile, dependable
        team player"; without ``predicate``, a team noun is one too: "a high-performance engineering team");
        another mention, a break word ("with", "for") or a sentence end stops the scan ("agile
        delivery for partners", "agile, DevOps partners"), and a technology right after the noun makes it
        the technology's kind ("scalable partner APIs"). With ``predicate``, also a predicate word before
        it ("you are agile", "stay agile", "more agile") or "enough" after it; without (a word said of
        systems too), a second other word or a list word stops the scan ("scalable solutions that serve the
        business", "improve system performance, maintainability and team efficiency").
        ``starts``: start -> (end, is a trait) of the mentions."""
        h = self.h
        before = self._skip_space(i - 1, -1)
        if predicate and before >= 0 and self.lowers[before] in h.predicate_words:
            return True
        # a word said of systems too is said of a team as well ("a high-performance engineering team",
        # "building scalable teams"); "agile teams" are the method's
        people = h.people_nouns if predicate else h.people_or_teams
        j, stop, words = i + 1, min(self.n, i + 1 + _ADJECTIVE_GAP), 0
        while j < stop:
            key = self.lowers[j]
            if key in self._space and key not in self._newline:
                j += 1
                continue
            if key in people:
                # a people noun naming a technology's kind is no person ("scalable partner APIs")
                after = starts.get(self._skip_space(j + 1, 1))
                return after is None or after[1]
            if predicate and j == i + 1 and self.strings[key] == "enough":
                return True
            if j in starts:
                end, trait = starts[j]
                if self.lowers[end - 1] in people:
                    return True
                if not trait:
                    return False
                j, stop = end, min(self.n, max(stop, end + 2))
                continue
            if self.is_boundary(j) or (key in h.name_break and key not in h.glue):
                return False
            if self.blocked(j) and key not in h.glue:
                return False
            if not predicate and key in h.glue:
                return False  # a list: "enhance system performance, maintainability, and team efficiency"
            if not predicate:
                words += (
                    1  # a word said of systems too: one other word at most ("scalable partner ecosystems")
                )
                if words > 1:
                    return False  # "scalable solutions that serve the business"
            j += 1
        return False

    def before_role(self, end: int) -> bool:
        """A person noun follows ``end``, after at most a few qualifier words: a job title."""
        roles, qualifiers = self.h.roles, self.h.role_qualifiers
        for i in range(end, min(self.n, end + _ROLE_GAP + 1)):
            key = self.lowers[i]
            if key in roles:
                return True
            if key not in qualifiers:
                return False
        return False

    def in_team_name(self, start: int, end: int) -> bool:
        """``[start, end)`` is inside a particular team's name: "our Software Engineering Group", "the Data
        Warehouse team", "the Agile team" (a determiner, at most three words, a team noun, which may end the
        mention itself)."""
        h = self.h
        for j in range(end - 1, min(self.n, end + _ROLE_GAP + 1)):
            key = self.lowers[j]
            if key in h.teams:
                break
            if j >= end and (key in h.name_break or self.blocked(j)):
                return False
        else:
            return False
        for i in range(start - 1, max(-1, start - 1 - _ROLE_GAP), -1):
            key = self.lowers[i]
            if key in h.definite:
                return True
            if key in h.name_break or self.blocked(i):
                return False
        return False

    def employer_owns(self, start: int, end: int) -> bool:
        """``[start, end)`` names the employer's own thing: "our award-winning payments platform" (an own
        determiner, at most three words each side, an own noun) or "we build the fastest time-series
        database" (an employer word, an own verb, a determiner, at most two words)."""
        h = self.h
        back = start - 1
        words = 0
        for i in range(start - 1, max(-1, start - 1 - 3 * _ROLE_GAP), -1):
            key = self.lowers[i]
            if key == _HYPHEN:  # "award-winning" is one word
                continue
            words += 1
            if words > _ROLE_GAP + 1:
                return False
            if key in h.own_determiners:
                for j in range(end, min(self.n, end + _ROLE_GAP + 1)):
                    key = self.lowers[j]
                    if key in h.own_nouns:
                        return True
                    if key in h.name_break or self.blocked(j):
                        break
                break
            if key in h.determiners:
                back = i
                break
            if key in h.name_break or self.blocked(i):
                return False
        # "we <own verb> <determiner> ... X"
        return (
            back >= 2
            and self.lowers[back] in h.determiners
            and self.lowers[back - 1] in h.own_verbs
            and self.lowers[back - 2] in h.employer_words
        )

    def after_colleague_cue(self, start: int) -> bool:
        """A colleague cue ("alongside", "partner with our") ends right before ``start``, or before a list
        of other roles that ``start`` continues ("alongside product managers, designers and DevOps
        engineers": each earlier item ends in a person noun, with at most a few words of its title)."""
        h = self.h
        links = 0  # determiners, links and list glue since the mention or the last listed role
        i = start - 1
        while i >= 0:
            key = self.lowers[i]
            if key in h.colleague_cues:
                return True
            if key in h.determiners or key in h.prev_link or key in h.glue:
                links += 1
                if links > _ROLE_GAP:
                    return False
                i -= 1
                continue
            if key not in h.roles or i == start - 1 or self.is_boundary(i):
                return False
            # another listed role: skip its title back to the glue or link before it
            links = 0
            j = i - 1
            while j > i - 1 - _ROLE_GAP and j >= 0:
                key = self.lowers[j]
                if key in h.glue or key in h.determiners or key in h.prev_link or key in h.colleague_cues:
                    break
                if self.is_boundary(j):
                    return False
                j -= 1
            i = j
        return False

    def joins_example(self, end: int, start: int) -> bool:
        """Only punctuation and example words ("such as", "e.g.", "or other") lie in ``[end, start)``, and
        no sentence ends there (the full stop of "e.g ." and a line break after a colon do not count)."""
        if start - end > _EXAMPLE_GAP:
            return False
        glue = self.h.example_glue
        for i in range(end, start):
            key = self.lowers[i]
            if key in glue:
                continue
            if not self.blocked(i) or (self.is_boundary(i) and (i == end or self.lowers[i - 1] not in glue)):
                return False
        return True

    def only_space(self, start: int, end: int) -> bool:
        """Tokens ``[start, end)`` are white space only (or there are none)."""
        space = self._space
        return all(self.lowers[i] in space for i in range(start, end))

    def is_glue(self, i: int) -> bool:
        return self.lowers[i] in self._glue

    def listed_near(self, hit: Hit, known_starts: dict[int, int], known_ends: dict[int, int]) -> bool:
        """Another accepted mention within a few list-glue tokens before or after ``hit``."""
        return bool(self.listed_with(hit, known_starts, known_ends, first=True))

    def listed_with(
        self, hit: Hit, starts: dict[int, int], ends: dict[int, int], *, first: bool = False
    ) -> list[int]:
        """Token positions of the mentions (``starts``: start -> end, ``ends``: end -> start) right before
        and after ``hit`` with only list glue between ("Chef, Puppet"); with ``first``, stop at one."""
        found: list[int] = []
        for gap in range(_LIST_GAP + 1):
            right = hit.end + gap
            if gap and (right - 1 >= self.n or not self.is_glue(right - 1)):
                break
            if right in starts and right != hit.start:
                found.extend(range(right, starts[right]))
                if first:
                    return found
                break
        for gap in range(_LIST_GAP + 1):
            left = hit.start - gap
            if gap and (left < 0 or not self.is_glue(left)):
                break
            if left in ends and left != hit.end:
                found.extend(range(ends[left], left))
                break
        return found


_BLOCKED, _SPACE, _NEWLINE = 1, 2, 4
# a token read as a skill: skill id, method, score, the skills to choose from by context when it needs
# context (else empty), and the typo correction (None for a version suffix)
_Found = tuple[str, str, float, tuple[str, ...], Correction | None]


class _TokenKinds:
    """Per LOWER hash: punctuation or white space, white space only, holds a line break (bit flags).

    Filled as tokens are seen, from the strings alone, so no Token object is built per check. Each kind is
    also kept as a set of hashes (:meth:`learn` adds a Doc's words at once), so that a check is one set
    lookup: ``blocked`` (punctuation or white space), ``space``, ``newline``, ``boundary`` (a line break or
    a sentence-final word) and ``glue`` (white space or a list-glue word).
    """

    __slots__ = (
        "_cache",
        "_hashes",
        "_is_punct",
        "_strings",
        "blocked",
        "boundary",
        "glue",
        "newline",
        "space",
    )

    def __init__(self, vocab: Any, hashes: _Hashes) -> None:
        self._strings = vocab.strings
        self._hashes = hashes
        getter = vocab.lex_attr_getters.get(IS_PUNCT)
        self._is_punct: Callable[[str], bool] = getter if getter is not None else _is_punct
        self._reset()

    def _reset(self) -> None:
        self._cache: dict[int, int] = {}
        self.blocked: set[int] = set()
        self.space: set[int] = set()
        self.newline: set[int] = set()
        self.boundary: set[int] = set(self._hashes.sentence_end)
        self.glue: set[int] = set(self._hashes.glue)

    def learn(self, keys: set[int]) -> None:
        """Classify the hashes in ``keys`` not seen before."""
        unknown = keys.difference(self._cache)
        if not unknown:
            return
        if len(self._cache) + len(unknown) > 1_000_000:  # bound the memory of very long runs
            self._reset()
            unknown = keys
        for key in unknown:
            self._add(key)

    def of(self, key: int) -> int:
        kind = self._cache.get(key)
        if kind is None:
            if len(self._cache) > 1_000_000:  # bound the memory of very long runs
                self._reset()
            kind = self._add(key)
        return kind

    def _add(self, key: int) -> int:
        text = self._strings[key]
        kind = 0
        if text.isspace():
            kind = _BLOCKED | _SPACE
            self.space.add(key)
            self.glue.add(key)
            if "\n" in text:
                kind |= _NEWLINE
                self.newline.add(key)
                self.boundary.add(key)
        elif self._is_punct(text):
            kind = _BLOCKED
        if kind:
            self.blocked.add(key)
        self._cache[key] = kind
        return kind


_HEADING_MARKS = " \t\r*#:|-_>•"  # around a heading on its line ("## About us:", "About us\r\n")
# a heading label before a colon: at most eight words ("Your profile:", "About the Role as Data Engineer:")
_LABEL = re.compile(r"((?:[A-Za-z][\w'’&/-]*\s+){0,7}[A-Za-z][\w'’&/-]*)\s*:")


def _company_headings(rules: Rules) -> re.Pattern[str] | None:
    """A pattern for the rules' ``company_headings`` as a heading: at a line's start or after a word
    boundary, in any case, optionally followed by a colon (group ``colon``)."""
    if not rules.company_headings:
        return None
    phrases = sorted((re.escape(p.strip()).replace(r"\ ", r"\s+") for p in rules.company_headings), key=len)
    return re.compile(r"(?i)(?<![\w])(?:" + "|".join(reversed(phrases)) + r")(?![\w])[ \t*#_]*(?P<colon>:)?")


def _opens_sentence(text: str, i: int) -> bool:
    """``text[i]`` opens its line or a sentence: only heading marks, or a sentence end, before it."""
    j = i
    start = text.rfind("\n", 0, i) + 1
    while j > start and (text[j - 1].isspace() or text[j - 1] in _HEADING_MARKS):
        j -= 1
    return j == start or text[j - 1] in ".!?"


def _company_name_headings(rules: Rules) -> re.Pattern[str] | None:
    """A pattern for a ``company_name_headings`` word and a name of at most six words, the first capitalised,
    that ends its line or is followed by a colon ("About Acme", "About Red Hat:"); group ``name`` is the
    name, group ``colon`` the colon."""
    if not rules.company_name_headings:
        return None
    words = "|".join(re.escape(w) for w in sorted(rules.company_name_headings))
    return re.compile(
        r"(?m)(?<![\w])(?i:" + words + r")[ \t]+(?P<name>[A-Z0-9][\w&.'’-]*(?:[ \t,]+[\w&.'’-]+){0,5}?)"
        r"[ \t*#_]*(?:(?P<colon>:)|(?=[ \t\r*#_]*$))"
    )


def _is_punct(text: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in text)


@dataclass(frozen=True)
class _Hashes:
    """LOWER hashes of the cue words, computed once per vocabulary."""

    next_cues: frozenset[int]
    prev_cues: frozenset[int]
    prev_link: frozenset[int]
    glue: frozenset[int]
    sentence_end: frozenset[int]
    roles: frozenset[int]
    role_qualifiers: frozenset[int]
    teams: frozenset[int]
    definite: frozenset[int]
    name_break: frozenset[int]
    determiners: frozenset[int]
    example_glue: frozenset[int]
    language_activity: frozenset[int]
    evidence_words: frozenset[int]
    own_determiners: frozenset[int]
    own_nouns: frozenset[int]
    own_verbs: frozenset[int]
    colleague_cues: frozenset[int]
    employer_words: frozenset[int]
    candidate_words: frozenset[int]
    benefit_words: frozenset[int]
    everyday_words: frozenset[int]
    language_cues: frozenset[int]
    code_words: frozenset[int]
    subject_verbs: frozenset[int]
    company_first: frozenset[int]  # first words of the company headings ("about", "company")
    adjective_forms: frozenset[int]
    people_nouns: frozenset[int]
    people_or_teams: frozenset[int]  # what a word said of systems too may describe
    predicate_words: frozenset[int]
    attributive_forms: frozenset[int]
    employer_before: frozenset[int]
    employer_after: frozenset[int]

    @classmethod
    def build(cls, strings: object, rules: Rules) -> _Hashes:
        def h(words: Iterable[str]) -> frozenset[int]:
            return frozenset(strings.add(w) for w in words)  # type: ignore[attr-defined]

        return cls(
            h(rules.next_cues),
            h(rules.prev_cues),
            h(rules.prev_links),
            h(rules.list_glue),
            h(rules.sentence_end),
            h(rules.person_nouns | rules.team_nouns),
            h(rules.role_qualifiers),
            h(rules.team_nouns),
            h(rules.team_determiners),
            h(rules.name_breaks),
            h(rules.determiners),
            h(rules.example_glue),
            h(rules.language_activity),
            h(rules.evidence_words),
            h(rules.own_determiners),
            h(rules.own_nouns),
            h(rules.own_verbs),
            h(rules.colleague_cues),
            h(rules.employer_words),
            h(rules.candidate_words),
            h(rules.benefit_words),
            h(rules.everyday_words),
            h(rules.language_cues),
            h(rules.code_words),
            h(rules.subject_verbs),
            h(
                {p.split()[0].lower() for p in rules.company_headings if p.split()}
                | rules.company_name_headings
            ),
            h(rules.adjective_forms),
            h(rules.people_nouns),
            h(rules.people_nouns | rules.team_nouns),
            h(rules.predicate_words),
            h(rules.attributive_forms),
            h(rules.employer_name_before),
            h(rules.employer_name_after),
        )


# what glues a name to the rest of an identifier: a file or member name ("Elixir.Blank.List.beam",
# "Foo.getBar", "Foo.bar()"), a namespace prefix ("android:id", "jaxb2:generate"), an underscore
# ("mysql_query"); not a full stop before a sentence run on without its space ("Python.NoSQL databases",
# "Node.JS.Knowledge of"), nor a bullet after a colon ("Troubleshooting:o Conduct")
_CODE_AFTER = re.compile(
    r"\.(?:[A-Za-z_]\w*\.)+[a-z]{1,5}\b|\.[a-z]+[A-Z]\w*|\.[A-Za-z_]\w*\(|:[a-z][\w-]+(?![\w-]*:)|_"
)
# a program's name at the start of a command line, before an option ("java -jar app.jar", "pip --version")
# (an option starts lower-case or is one capital: "-jar", "-U"; "-Excellent" is a bullet)
_COMMAND_OPTION = re.compile(r"[ \t]+(?:--?[a-z][\w-]*|-[A-Z])(?:[ \t]|$)")
_CODE_GLUE = frozenset(".:_-")  # first characters of the token after a name that _in_code reads
# "in R?", "using c.": a language's name after one of these at the end of a clause
_CLAUSE_LINKS = frozenset({"in", "using"})
_CONJUNCTIONS = frozenset({"and", "or", "but"})
_PROSE_REACH = 16  # tokens each side of a mention within which its sentence is read for code
_VERSION_NUMBER = re.compile(r"^v?\d+\.\d+(?:\.\d+)*[a-z]?$")
# a token of code: an identifier with an underscore or in camelCase, a scope or arrow operator, a call
# ("setText()"), a dotted name or file name ("as.Date", "main.c"; not "e.g." nor a web address)
_CODE_TOKEN = re.compile(
    r"\w_\w|^_\w|::|->|=>|^[a-z]{2,}[A-Z][A-Za-z0-9]*$|^(?!www\.)(?=\w*[A-Za-z])\w{2,}\.[A-Za-z_]\w*$"
)


class _Prose:
    """Whether the words around a mention are about code: within its sentence and ``_PROSE_REACH`` tokens
    each side, a code word, a code-like token, a call's empty brackets or a mention of a technology (a run-on
    text without full stops is not one sentence about everything in it)."""

    __slots__ = ("_a", "_known", "_starts", "mentions")

    def __init__(self, a: _DocArrays, found: Iterable[Hit], evidence: frozenset[str]) -> None:
        self._a = a
        found = list(found)
        self._starts = sorted(h.start for h in found if h.skill_id in evidence)
        #: token positions of every mention found
        self.mentions = {i for h in found for i in range(h.start, h.end)}
        self._known: dict[int, bool] = {}

    def about_code(self, hit: Hit) -> bool:
        known = self._known.get(hit.start)
        if known is None:
            first, last = self._a.sentence(hit.start, hit.end)
            first, last = max(first, hit.start - _PROSE_REACH), min(last, hit.end + _PROSE_REACH)
            others = [s for s in self._starts[bisect_left(self._starts, first) :] if s < last]
            known = any(not hit.start <= s < hit.end for s in others) or self._code(first, last, hit)
            self._known[hit.start] = known
        return known

    def _code(self, first: int, last: int, hit: Hit) -> bool:
        a = self._a
        words, strings = a.h.code_words, a.strings
        open_key = strings.add("(")
        close_key = strings.add(")")
        for i in range(first, last):
            if hit.start <= i < hit.end:
                continue
            key = a.lowers[i]
            if key in words:
                return True
            if key == open_key and i + 1 < last and a.lowers[i + 1] == close_key:
                return True
            if not a.blocked(i) and "/" not in strings[key] and _CODE_TOKEN.search(a.joined_text(i, i + 1)):
                return True
        return False


def _letter_label(a: _DocArrays, hit: Hit, letters: frozenset[str], cues: frozenset[int]) -> bool:
    """A one-letter mention is a label or part of another name: joined by a hyphen to a word that is no
    cue (``cues``: "C-level", "JREAP-C", "Series-C"; not "C-based"), by a slash or an ampersand to another
    letter or a number ("A/R", "R/3"; not "C/C++"), before a colon ("C: drive", "Zone C:"), alone in
    brackets ("(C)"), or near another one-letter word in capitals standing alone that is no name in
    ``letters`` ("options A, B or C", "R & D"; not "R and C", nor the article in "A strong background in R").
    """
    i = hit.start
    for j in (i - 2, i + 2):
        if _joined(a, min(i, j), max(i, j)):
            joint, other = a.strings[a.lowers[(i + j) // 2]], a.joined_text(j, j + 1)
            if joint == "-" and a.lowers[j] not in cues:
                return True
            if joint != "-" and (len(other) == 1 or other.isdigit()):
                return True
    if hit.end < a.n and a.strings[a.lowers[hit.end]] == ":":
        return True
    if i > 0 and hit.end < a.n and a.strings[a.lowers[i - 1]] == "(" and a.strings[a.lowers[hit.end]] == ")":
        return True  # "(C)": an enumeration's item or a copyright sign
    first, last = a.sentence(hit.start, hit.end)
    for j in range(max(first, i - _CONTEXT_WINDOW), min(last, i + _CONTEXT_WINDOW + 1)):
        if j != i and not a.blocked(j):
            text = a.joined_text(j, j + 1)
            if (
                len(text) == 1
                and text.isascii()
                and text.isupper()
                and text != "I"
                and text not in letters
                and not _joined(a, j - 2, j)
                and not _joined(a, j, j + 2)
                and not (text == "A" and _before_word(a, j))  # the article: "A strong background"
            ):
                return True
    return False


_JOINTS = frozenset({"-", "/", "&"})


def _joined(a: _DocArrays, i: int, j: int) -> bool:
    """Tokens ``i`` and ``j`` = ``i + 2`` are joined by a hyphen, slash or ampersand without spaces."""
    if i < 0 or j >= a.n or a.strings[a.lowers[i + 1]] not in _JOINTS:
        return False
    doc = a.doc
    return not doc[i].whitespace_ and not doc[i + 1].whitespace_


def _in_code(a: _DocArrays, hit: Hit) -> bool:
    """A name glued to the rest of an identifier ("android:id"), or a program's name in lower case before a
    command-line option ("java -jar"); the token after ``hit`` starts with a ``_CODE_GLUE`` character."""
    last = a.doc[hit.end - 1]
    option = a.strings[a.lowers[hit.end]][:1] == "-"
    if option != bool(last.whitespace_):  # glued to an identifier, or an option after a space
        return False
    if option and not (hit.end - hit.start == 1 and a.joined_text(hit.start, hit.end).islower()):
        return False
    after = a.doc[hit.end - 1 : min(a.n, hit.end + 6)].text[len(last.text) :]
    return (_COMMAND_OPTION if option else _CODE_AFTER).match(after) is not None


def _before_word(a: _DocArrays, i: int) -> bool:
    """A lower-case word follows token ``i``."""
    j = a._skip_space(i + 1, 1)
    return j < a.n and not a.blocked(j) and a.joined_text(j, j + 1).islower()


def _in_capital_run(a: _DocArrays, hit: Hit, known: set[int]) -> bool:
    """``hit`` is one word of a run of capitalised words that are not technologies: a proper name ("Credit
    Karma", "Salt Lake City", "Apex Systems") or a line in title case ("What Will Make You Stand Out"),
    where a capital letter says nothing of the technology."""
    before = hit.start - 1
    if (
        before > 0
        and before not in known
        and _capital_word(a, before)
        and not a.blocked(before - 1)
        and not a.starts_sentence(before)
    ):
        return True
    after = hit.end
    return after not in known and _capital_word(a, after) and a.lowers[after] not in a.h.next_cues


def _employer_phrases(a: _DocArrays, hits: list[Hit]) -> list[Hit]:
    """The mentions that name the employer: between an ``employer_name_before`` word and an
    ``employer_name_after`` one, which may follow a comma ("At Cisco, we", "Why Cisco?", "join Red Hat's
    team"; not "learn about Spark, Kafka and Flink")."""
    h = a.h
    if a.present.isdisjoint(h.employer_before):
        return []
    out = []
    for hit in hits:
        after = hit.end
        if hit.start == 0 or after >= a.n or a.lowers[hit.start - 1] not in h.employer_before:
            continue
        if a.lowers[after] == _COMMA and after + 1 < a.n:
            after += 1
        if a.lowers[after] in h.employer_after:
            out.append(hit)
    return out


def _capital_word(a: _DocArrays, i: int) -> bool:
    """Token ``i`` is a capitalised word of two letters or more ("Lake", "CO"; not "A", "Â" or "3D")."""
    if not _capitalised(a, i):
        return False
    text = a.joined_text(i, i + 1)
    return len(text) > 1 and text[:2].isalpha()


def _capitalised(a: _DocArrays, i: int) -> bool:
    """Token ``i`` is a word that starts with a capital letter."""
    if i < 0 or i >= a.n or a.blocked(i):
        return False
    text = a.joined_text(i, i + 1)
    return text[:1].isupper()


def _found(fix: Correction) -> _Found:
    """A correction as a token lookup result: the skill, ``fuzzy``, the similarity, the skills sharing the
    name when the mention needs context, and the correction."""
    return fix.skill_ids[0], "fuzzy", fix.score, fix.skill_ids if fix.needs_context else (), fix


def _proper_name(form: str) -> bool:
    """A one-word name written with capitals (``Maven``, ``Datadog``, ``Jenkins``): a name does not
    inflect, so its inflections are other words (``mavens`` are experts, ``Datadogs`` a company's staff,
    ``Jenkin`` a surname). Plurals of acronyms (``APIs``) and camel-case names ending in an English noun
    (``WebSockets``, ``PowerApps``) still inflect."""
    if " " in form or form.islower() or form.isupper() or re.search(r"[A-Z]s$", form):
        return False
    parts = _CAMEL_RE.sub(" ", form).split()
    return not (len(parts) > 1 and is_english(parts[-1].lower()))


# characters that do not show: a soft hyphen or a zero-width space inside a name must not hide it
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNUSUAL = re.compile("[\ud800-\udfff\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # either of the two above


def prepare_text(text: str) -> tuple[str, Callable[[int], int] | None]:
    """The text to tokenise for ``text``, and the map from its positions back to ``text`` (None: the same).

    Lone surrogates become replacement characters (same length), invisible characters are left out, and
    long runs without white space are cut (:func:`~skillmatch.scan.guard`).
    """
    kept: Regions | None = None
    if not text.isascii() and _UNUSUAL.search(text) is not None:  # one scan of most texts
        if _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", text)
        if _INVISIBLE.search(text) is not None:
            kept = _without(text, _INVISIBLE)
            text = kept.text
    cut = guard(text)
    if cut is None:
        return text, (kept.to_original if kept is not None else None)
    if kept is None:
        return cut.text, cut.to_original
    to_clean, to_original = cut.to_original, kept.to_original
    return cut.text, lambda pos: to_original(to_clean(pos))


def _without(text: str, pattern: re.Pattern[str]) -> Regions:
    """``text`` without the matches of ``pattern``, with the map back to ``text``."""
    parts: list[str] = []
    doc_starts: list[int] = []
    orig_starts: list[int] = []
    pos = done = 0
    for m in pattern.finditer(text):
        if m.start() > done:
            parts.append(text[done : m.start()])
            doc_starts.append(pos)
            orig_starts.append(done)
            pos += m.start() - done
        done = m.end()
    parts.append(text[done:])
    doc_starts.append(pos)
    orig_starts.append(done)
    return Regions("".join(parts), doc_starts, orig_starts)


def _is_excluded(per_skill: dict[str, set[int]], skill_id: str, start: int, end: int) -> bool:
    tokens = per_skill.get(skill_id)
    return tokens is not None and not tokens.isdisjoint(range(start, end))


def _next_required(
    items: tuple[tuple[frozenset[int] | None, bool], ...],
) -> tuple[frozenset[int], int] | None:
    """The forms of the first required word after the anchor, and the most tokens after the anchor within
    which it must occur (a gap spans up to three tokens, an optional word one)."""
    reach = 0
    for forms, optional in items[1:]:
        if forms is None:
            reach += 3
        elif optional:
            reach += 1
        else:
            return forms, reach + 1
    return None


def _match_items(
    lowers: list[int],
    blocked: Callable[[int], bool],
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
            if gap and (pos + gap - 1 >= n or blocked(pos + gap - 1)):
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


def _select(hits: list[Hit], *, prefer_short: bool = False) -> list[Hit]:
    """Greedy non-overlapping selection: longest first (shortest for patterns), then best method and score."""
    if len(hits) < 2:
        return list(hits)
    sign = 1 if prefer_short else -1
    ordered = sorted(
        hits, key=lambda h: (sign * (h.end - h.start), _METHOD_RANK[h.method], -h.score, h.start)
    )
    taken = bytearray(max(h.end for h in hits))
    out = []
    for h in ordered:
        if any(taken[h.start : h.end]):
            continue
        taken[h.start : h.end] = b"\x01" * (h.end - h.start)
        out.append(h)
    return out
