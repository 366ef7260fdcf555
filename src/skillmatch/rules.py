"""The words the matcher's rules look for, read from a YAML file beside the taxonomy.

Python keeps the mechanisms (a cue word right after an ambiguous mention confirms it; a person noun after a
mention makes it part of a job title ...); the words they look for are data. The bundled back-end taxonomy
names its rules file in its manifest (``rules: rules.yaml``); a taxonomy of another field can bring its
own, in which every key is optional: a key left out keeps the bundled value. The format is documented in
``docs/taxonomy-format.md``.

>>> rules = load_rules()
>>> "developer" in rules.person_nouns and rules.languages_category
'languages'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import TaxonomyError, TaxonomyProblem

__all__ = ["BUNDLED_RULES", "Rules", "load_rules", "validate_rules"]

#: the rules file of the bundled back-end taxonomy, inside the ``skillmatch.taxonomies`` package
BUNDLED_RULES = ("backend", "rules.yaml")


@dataclass(frozen=True)
class Rules:
    """Word lists (lower case) and settings of the matching rules; see ``taxonomies/backend/rules.yaml``."""

    languages_category: str
    list_glue: frozenset[str]
    next_cues: frozenset[str]
    prev_cues: frozenset[str]
    prev_links: frozenset[str]
    person_nouns: frozenset[str]
    team_nouns: frozenset[str]
    role_qualifiers: frozenset[str]
    team_determiners: frozenset[str]
    name_breaks: frozenset[str]
    determiners: frozenset[str]
    example_glue: frozenset[str]
    language_activity: frozenset[str]
    sentence_end: frozenset[str]
    #: skills named by words with everyday senses ("testing", "monitoring"): kept only with software evidence
    needs_evidence: frozenset[str] = frozenset()
    #: categories whose mentions are software evidence for them (and for ambiguous names)
    evidence_categories: frozenset[str] = frozenset()
    #: words that are software evidence within a sentence ("software", "code", "API")
    evidence_words: frozenset[str] = frozenset()
    #: distinct evidence skills a document must name to be software text as a whole
    evidence_mentions: int = 3
    #: duties of every engineering trade ("technical specifications", "technical lead"): in a document of at
    #: least ``technology_min_tokens`` tokens that names no technology they need software evidence too
    needs_technology: frozenset[str] = frozenset()
    #: categories whose mentions name a technology for ``needs_technology``, besides the evidence categories
    technology_categories: frozenset[str] = frozenset()
    technology_min_tokens: int = 100
    #: a mention starting with one of these ("troubleshooting", "root cause analysis") needs software evidence
    everyday_words: frozenset[str] = frozenset()
    #: "<own determiner> ... X ... <own noun>": the employer's own thing ("our payments platform")
    own_determiners: frozenset[str] = frozenset()
    own_nouns: frozenset[str] = frozenset()
    #: "we <own verb> the X": the employer's product ("we build the fastest time-series database")
    own_verbs: frozenset[str] = frozenset()
    #: words before a role that make it a colleague, not the job ("alongside DevOps engineers")
    colleague_cues: frozenset[str] = frozenset()
    #: "<before> X <after>" names the employer ("At Cisco, we", "Why Cisco?", "join Red Hat's"): an ambiguous
    #: name there is left out, and its other mentions are not confirmed by the document's technologies
    employer_name_before: frozenset[str] = frozenset()
    employer_name_after: frozenset[str] = frozenset()
    #: categories left out of sentences about the employer only ("we value curiosity")
    employer_categories: frozenset[str] = frozenset()
    #: words by which a sentence speaks of the employer, and of the candidate
    employer_words: frozenset[str] = frozenset()
    candidate_words: frozenset[str] = frozenset()
    #: words of what the employer gives ("laptop", "pension"): a sentence with one and no candidate word
    #: names benefits, not asks
    benefit_words: frozenset[str] = frozenset()
    #: one-word forms that are also adjectives of people and organisations ("agile partners", "stay agile"):
    #: such a mention next to a ``people_nouns`` word or after a ``predicate_words`` word is left out
    adjective_forms: frozenset[str] = frozenset()
    people_nouns: frozenset[str] = frozenset()
    predicate_words: frozenset[str] = frozenset()
    #: words said of systems and of organisations ("scalable"): a mention ending in one is left out only
    #: before a ``people_nouns`` word ("building scalable partner ecosystems")
    attributive_forms: frozenset[str] = frozenset()
    #: a word right after a language's name that only follows a language ("C macros", "a perl script")
    language_cues: frozenset[str] = frozenset()
    #: words of code: a sentence holding one (or a code-like token) is developer prose
    code_words: frozenset[str] = frozenset()
    #: a word after a name opening a sentence that makes the name its subject ("Ruby is"), not a verb
    subject_verbs: frozenset[str] = frozenset()
    #: what a negation before a skill must be about for the skill to be ruled out ("no experience with X",
    #: "we don't use X"); a negation about something else ("there is no X function", "not valid X") leaves
    #: it alone. Empty: every negation before a skill rules it out
    negation_objects: frozenset[str] = frozenset()
    #: words passed over when looking for the word a negation governs ("not *a* problem", "don't *have any*
    #: experience"); a mention is passed over too ("no Java experience")
    negation_fillers: frozenset[str] = frozenset()
    #: after a negated verb, a plain noun followed by one of these ends the negation ("will not need an index
    #: *in* X": X says where the index is, it is not ruled out)
    scope_prepositions: frozenset[str] = frozenset()
    #: common nouns that, right after a mention of a skill of ``qualifier_categories``, are that thing's
    #: own ("a Spring container", "an STL container"), not a skill of their own
    qualified_nouns: frozenset[str] = frozenset()
    qualifier_categories: frozenset[str] = frozenset()
    #: after a determiner, a name in lower case followed by one of these is an identifier of code ("the html
    #: variable", "the query's sql property"), not the technology
    identifier_nouns: frozenset[str] = frozenset()
    #: section headings: (compiled phrases, level) pairs, the first found in a heading's label wins
    headings: tuple[tuple[re.Pattern[str], str], ...] = ()
    #: what a date range's line is: (compiled phrases, kind) pairs (copyright, education, role), first wins
    date_kinds: tuple[tuple[re.Pattern[str], str], ...] = ()
    #: headings of a section about the employer ("about us", "company description"): its mentions are not asks
    company_headings: tuple[str, ...] = ()
    #: a word that makes a heading about the employer when a name follows it ("About Acme", "About Red Hat:")
    company_name_headings: frozenset[str] = frozenset()
    #: first words after it that make it no name ("About the role", "About you", "About this team")
    company_name_stops: frozenset[str] = frozenset()
    #: phrases of wanting a skill rather than having it ("would like to learn", "interested in")
    intent: re.Pattern[str] | None = None
    category_weights: Mapping[str, float] = field(default_factory=dict)
    origin: str = field(default="", compare=False)


_WORD_LISTS = tuple(f.name for f in fields(Rules) if f.type == "frozenset[str]")
_KEYS = (
    "version",
    "languages_category",
    *_WORD_LISTS,
    "evidence_mentions",
    "technology_min_tokens",
    "headings",
    "date_kinds",
    "intent",
    "company_headings",
    "category_weights",
)
_LEVELS = ("required", "preferred", "unspecified")
#: kinds of date-range lines: only a role (job) entry gives years of experience
DATE_KINDS = ("copyright", "education", "role")


@lru_cache(maxsize=1)
def _bundled_path() -> Path:
    return Path(str(resources.files("skillmatch.taxonomies").joinpath(*BUNDLED_RULES))).resolve()


def _read(path: Path, problems: list[TaxonomyProblem]) -> dict[str, Any]:
    """The checked values of one rules file (only the keys it gives); problems name the file and the key."""
    file = str(path)
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except OSError as exc:
        problems.append(TaxonomyProblem(file, None, f"cannot read the rules file: {exc.strerror or exc}"))
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problems.append(TaxonomyProblem(file, None, f"not valid YAML{where}"))
        return {}
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        problems.append(TaxonomyProblem(file, None, "a rules file must be a mapping of keys to word lists"))
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            problems.append(
                TaxonomyProblem(file, None, f"unknown key {key!r}; valid keys: {', '.join(_KEYS)}")
            )
        elif key == "version":
            if value != 1:
                problems.append(TaxonomyProblem(file, None, f"version: expected 1, got {value!r}"))
        elif key == "languages_category":
            if not isinstance(value, str) or not value.strip():
                problems.append(TaxonomyProblem(file, None, f"{key}: expected a category id, got {value!r}"))
            else:
                out[key] = value.strip()
        elif key in ("evidence_mentions", "technology_min_tokens"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(
                    TaxonomyProblem(file, None, f"{key}: expected a whole number >= 1, got {value!r}")
                )
            else:
                out[key] = value
        elif key == "headings":
            headings = _groups(value, file, problems, key, "level", _LEVELS)
            if headings is not None:
                out[key] = headings
        elif key == "date_kinds":
            kinds = _groups(value, file, problems, key, "kind", DATE_KINDS)
            if kinds is not None:
                out[key] = kinds
        elif key == "intent":
            if not isinstance(value, list) or not value or not all(isinstance(p, str) and p for p in value):
                problems.append(TaxonomyProblem(file, None, f"{key}: expected a non-empty list of phrases"))
                continue
            try:
                out[key] = re.compile(r"(?<!\w)(?:" + "|".join(value) + r")(?!\w)")
            except re.error as exc:
                problems.append(TaxonomyProblem(file, None, f"{key}: not a regular expression ({exc})"))
        elif key == "company_headings":
            if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
                problems.append(TaxonomyProblem(file, None, f"{key}: expected a list of phrases"))
            else:
                out[key] = tuple(" ".join(p.lower().split()) for p in value)
        elif key == "category_weights":
            bad = (
                not isinstance(value, Mapping)
                or not all(isinstance(k, str) for k in value)
                or not all(
                    isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value.values()
                )
            )
            if bad:
                problems.append(
                    TaxonomyProblem(
                        file, None, f"{key}: expected category ids mapped to weights >= 0, got {value!r}"
                    )
                )
            else:
                out[key] = {k: float(v) for k, v in value.items()}
        else:
            if not isinstance(value, list) or not value:
                problems.append(TaxonomyProblem(file, None, f"{key}: expected a non-empty list of words"))
                continue
            wrong = [w for w in value if not isinstance(w, str) or not w.strip()]
            if wrong:
                problems.append(
                    TaxonomyProblem(
                        file,
                        None,
                        f"{key}: {wrong[0]!r} is not a word (quote words YAML reads otherwise, such as "
                        "'on', 'no', '&' and '*')",
                    )
                )
                continue
            spaced = [w for w in value if any(c.isspace() for c in w)]
            if spaced:
                problems.append(
                    TaxonomyProblem(
                        file, None, f"{key}: {spaced[0]!r} is several words; the rules compare single tokens"
                    )
                )
                continue
            out[key] = frozenset(w.lower() for w in value)
    return out


def _groups(
    value: object, file: str, problems: list[TaxonomyProblem], key: str, name: str, valid: tuple[str, ...]
) -> tuple[tuple[re.Pattern[str], str], ...] | None:
    """``headings``, ``date_kinds``: a list of ``{<name>, phrases}``, each phrase a regular expression."""
    if not isinstance(value, list) or not value:
        problems.append(TaxonomyProblem(file, None, f"{key}: expected a list of {{{name}, phrases}} entries"))
        return None
    out = []
    for n, entry in enumerate(value):
        where = f"{key}[{n}]"
        if not isinstance(entry, Mapping) or set(entry) != {name, "phrases"}:
            problems.append(TaxonomyProblem(file, None, f"{where}: expected the keys {name} and phrases"))
            continue
        if entry[name] not in valid:
            message = f"{where}.{name}: {entry[name]!r} is not one of {', '.join(valid)}"
            problems.append(TaxonomyProblem(file, None, message))
            continue
        phrases = entry["phrases"]
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p for p in phrases):
            message = f"{where}.phrases: expected a non-empty list of phrases"
            problems.append(TaxonomyProblem(file, None, message))
            continue
        try:
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")
        except re.error as exc:
            problems.append(TaxonomyProblem(file, None, f"{where}.phrases: not a regular expression ({exc})"))
            continue
        out.append((pattern, entry[name]))
    return tuple(out) if len(out) == len(value) else None


def _is_weight(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def validate_rules(path: str | Path) -> list[TaxonomyProblem]:
    """Every problem in a rules file (an empty list when it is valid); each names the file and the key."""
    problems: list[TaxonomyProblem] = []
    _read(Path(path), problems)
    return problems


@lru_cache(maxsize=16)
def _load(path: str) -> Rules:
    problems: list[TaxonomyProblem] = []
    bundled = _bundled_path()
    values = _read(bundled, problems)
    if path != str(bundled):
        values.update(_read(Path(path), problems))
    if problems:
        raise TaxonomyError(problems)
    missing = [
        k for k in ("languages_category", *_WORD_LISTS, "headings", "date_kinds", "intent") if k not in values
    ]
    if missing:  # only a broken bundled file lacks keys
        raise TaxonomyError(TaxonomyProblem(str(bundled), None, f"missing keys: {', '.join(missing)}"))
    return Rules(**values, origin=path)


def load_rules(path: str | Path | None = None) -> Rules:
    """The rules in ``path`` on top of the bundled ones (``None``: the bundled rules).

    Raises :class:`~skillmatch.TaxonomyError` listing every problem, each naming the file and the key.
    """
    resolved = _bundled_path() if path is None else Path(path).resolve()
    return _load(str(resolved))
