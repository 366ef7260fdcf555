"""Lemma phrase patterns and inflection.

Skills written in many phrasings ("documenting REST endpoints" for API documentation) are described by a
small pattern language and compiled to spaCy ``Matcher`` token patterns. Each item stands for every
inflection of a lemma, taken from the English lemma table of ``spacy-lookups-data``, so matching needs
no lemmatizer at run time and works the same in any pipeline.

=========  ===============================================================
item       matches
=========  ===============================================================
``word``   any inflection of the lemma ``word``
``a|b``    any inflection of any alternative
``=word``  exactly this form
``word?``  optional item
``*``      zero to three tokens that are not punctuation
=========  ===============================================================

>>> first, second = (set(t["LOWER"]["IN"]) for t in compile_pattern("document api"))
>>> {"documenting", "documents"} <= first and "apis" in second
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import PatternError

__all__ = [
    "Item",
    "compile_pattern",
    "english_words",
    "inflections",
    "is_english",
    "item_forms",
    "parse_pattern",
]

_WORD_RE = re.compile(r"^[^\s|?*=]+$")
GAP = "{0,3}"


@dataclass(frozen=True)
class Item:
    """One item of a parsed pattern: alternatives, or a gap when ``alternatives`` is empty."""

    alternatives: tuple[str, ...]
    exact: bool = False
    optional: bool = False

    @property
    def is_gap(self) -> bool:
        return not self.alternatives


def parse_pattern(pattern: str) -> list[Item]:
    """Parse a lemma phrase pattern, raising :class:`PatternError` with the reason.

    >>> parse_pattern("design * scalable? system|service")[2]
    Item(alternatives=('scalable',), exact=False, optional=True)
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise PatternError(
            f"pattern {pattern!r} is empty; write words separated by spaces, e.g. 'document * api'"
        )
    items: list[Item] = []
    for raw in pattern.split():
        if raw == "*":
            if items and items[-1].is_gap:
                raise PatternError(f"pattern {pattern!r} has two gaps '*' in a row")
            items.append(Item(()))
            continue
        optional = raw.endswith("?")
        body = raw[:-1] if optional else raw
        exact = body.startswith("=")
        body = body[1:] if exact else body
        # "=a|=b" and "=a|b" both mean exact forms: the "=" may be repeated on each alternative
        alts = tuple(a.lower().removeprefix("=") for a in body.split("|"))
        if not alts or any(not a or not _WORD_RE.match(a) for a in alts):
            raise PatternError(
                f"pattern {pattern!r}: item {raw!r} is not valid; items are word, a|b, =word, word? or *"
            )
        split = [a for a in alts if len(a) > 1 and re.search(r"[-/]", a)]
        if split:
            raise PatternError(
                f"pattern {pattern!r}: {split[0]!r} is several tokens; an item is one token, so write "
                f"{' '.join(re.split(r'([-/])', split[0]))!r} as separate items"
            )
        items.append(Item(alts, exact=exact, optional=optional))
    if all(i.is_gap or i.optional for i in items):
        raise PatternError(f"pattern {pattern!r} needs at least one required word")
    if items[0].is_gap or items[-1].is_gap or items[0].optional:
        raise PatternError(f"pattern {pattern!r} must start with a required word and must not end with '*'")
    return items


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    from spacy.lookups import load_lookups

    try:
        lookups = load_lookups("en", ["lemma_lookup"], strict=True)
    except (ValueError, ImportError) as exc:  # pragma: no cover - the package is a dependency
        raise ImportError(
            "skillmatch needs the English lemma tables of 'spacy-lookups-data': "
            "pip install spacy-lookups-data"
        ) from exc
    return dict(lookups.get_table("lemma_lookup").items())


@lru_cache(maxsize=1)
def _forms_by_lemma() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for form, lemma in _lemma_table().items():
        if isinstance(form, str) and isinstance(lemma, str):
            table[lemma.lower()].add(form.lower())
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-cased English words: the lemma lookup table's forms and lemmas, the lemmatizer's word index
    (nouns, verbs, adjectives, adverbs) and its irregular forms. Fuzzy matching never touches these."""
    from spacy.lookups import load_lookups

    words: set[str] = set()
    for form, lemma in _lemma_table().items():
        if isinstance(form, str):
            words.add(form.lower())
        if isinstance(lemma, str):
            words.add(lemma.lower())
    lookups = load_lookups("en", ["lemma_index", "lemma_exc"], strict=False)
    for name in ("lemma_index", "lemma_exc"):
        if not lookups.has_table(name):
            continue
        for value in lookups.get_table(name).values():
            entries = value.keys() if isinstance(value, dict) else value
            for entry in entries:
                if isinstance(entry, str):
                    words.add(entry.lower())
            if name == "lemma_exc":
                for forms in value.values():
                    words.update(f.lower() for f in forms if isinstance(f, str))
    return frozenset(words)


_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")


def is_english(word: str) -> bool:
    """True when ``word`` (lower case) is an English word or a regular inflection of one.

    >>> is_english("sharing"), is_english("postgress")
    (True, False)
    """
    words = english_words()
    if word in words:
        return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if stem in words or stem + "e" in words:
                return True
    return False


def _regular_forms(word: str) -> set[str]:
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return {word, word + "s"} if word.isalnum() else forms
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {word + "es", word + "ed", word + "ing"}
    elif word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
    return forms


@lru_cache(maxsize=65536)
def inflections(word: str) -> frozenset[str]:
    """Every form of ``word``: the lemma table's forms of its lemma, or regular English endings.

    >>> sorted(inflections("query"))
    ['queried', 'queries', 'query', 'querying']
    """
    word = word.lower()
    lemma = _lemma_table().get(word, word).lower()
    forms = set(_forms_by_lemma().get(lemma, ())) | {lemma, word}
    if len(forms) <= 2:
        forms |= _regular_forms(lemma)
    return frozenset(forms)


def item_forms(item: Item) -> frozenset[str]:
    """Every lower-case token form an item matches (empty for a gap)."""
    forms: set[str] = set()
    for alt in item.alternatives:
        forms |= {alt} if item.exact else set(inflections(alt))
    return frozenset(forms)


def compile_pattern(pattern: str) -> list[dict[str, Any]]:
    """Compile a lemma phrase pattern to a spaCy ``Matcher`` token pattern."""
    tokens: list[dict[str, Any]] = []
    for item in parse_pattern(pattern):
        if item.is_gap:
            tokens.append({"IS_PUNCT": False, "IS_SPACE": False, "OP": GAP})
            continue
        spec: dict[str, Any] = {"LOWER": {"IN": sorted(item_forms(item))}}
        if item.optional:
            spec["OP"] = "?"
        tokens.append(spec)
    return tokens
