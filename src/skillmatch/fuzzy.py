"""Typos and spelling variants: which tokens may be misspellings of a skill's name, and of which.

The rule is a spell checker's: **only a token that is not a known word can be a typo.** A known word is

* an English word or a regular inflection of one (the lemma tables of ``spacy-lookups-data``, see
  :func:`skillmatch.patterns.is_english`, and spaCy's English function words): ``scalar``, ``trails``,
  ``sparks``, ``grade``, ``mavens``, ``its``;
* a name or alias of any skill in the taxonomy, or one word of a name written in several words;
* a word of the user's own allow list (surnames, places, product names of their domain).

A known word is never corrected, whatever its distance to a skill's name. Any other token is compared with
the skills' names and aliases after folding case, accents and punctuation (``Node.js`` -> ``nodejs``),
by *optimal string alignment* distance: an insertion, a deletion, a substitution or a swap of two
neighbouring letters is one edit each. The number of edits allowed depends on the length of the shorter
of the two words:

==============  ==============
letters         edits allowed
==============  ==============
below minimum   0 (never corrected; the minimum is ``min_length``, 5 by default)
minimum to 10   1
11 or more      2
==============  ==============

and the first letter must be right (or swapped with the second): people seldom mistype the first letter,
and most ordinary words and names one edit from a skill's name differ there (``Cafka``, ``Jango``).
When names of two different skills are equally close, the token is left alone. Names written as one
word only (``Kubernetes``, ``RabbitMQ``): one token is never read as a name of several words.

A correction is a mention that needs context like an ambiguous name (a context word, a cue such as
``experience with``, or a list with another technology) when it is weak: a word under 8 letters, two
edits, or a name's plural or singular (a name does not inflect: ``Datadogs`` are a company's staff,
``Jenkin`` a surname). A typo of an ambiguous name always needs that context, as the name does. A
token written with more capitals than the name (``FISMA`` for ``Figma``) is an acronym, not a typo.

The similarity reported for a correction is ``1 - edits / length of the longer word`` (folded), between
0 and 1: ``Pyhton`` -> ``python`` 0.833, ``Kubernets`` -> ``kubernetes`` 0.9. A correction is kept only
when it reaches the cut-off (``cutoff``, 0.75 by default, so the edit budget decides by default).

A name written as two tokens with a typo in one half (``Rabit MQ``, ``Grpah QL``, ``Elastic Serach``) is
corrected when the other half is written right and the misspelled half is not a known word; the edit
budget is the misspelled half's (``its development`` is not ``iOS development``).

Lookups are cached per distinct token, so a long text costs one comparison per new word; candidates
come from rapidfuzz's batch search over the aliases that share the token's first letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.lang.en.stop_words import STOP_WORDS

from .errors import ConfigError
from .patterns import is_english

__all__ = [
    "Correction",
    "TypoIndex",
    "allow_list",
    "case_fits",
    "edit_budget",
    "fold",
    "name_parts",
    "similarity",
]

_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEP_RE = re.compile(r"[\s.\-_/]+")
_LONG = 11  # from this many letters, two edits are allowed
_SURE = 8  # one edit in a word this long is a typo on its own; shorter words or two edits need context
_ONE_WORD = re.compile(r"^[^\s\-./_]+$")
_CACHE_LIMIT = 200_000


def fold(text: str) -> str:
    """Lower case, accents and every character that is not a letter or a digit removed.

    >>> fold("Node.js"), fold("Élixir"), fold("Spring-Boot")
    ('nodejs', 'elixir', 'springboot')
    """
    if text.isalnum() and text.isascii():  # the common case, fast
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum()).lower()


def allow_list(words: Iterable[str] | str) -> list[str]:
    """The user's words that are never corrected, checked: one word or a list of words.

    >>> allow_list("Jango"), allow_list(["Kafkaesque", "Gradle"])
    (['Jango'], ['Kafkaesque', 'Gradle'])
    """
    out = [words] if isinstance(words, str) else list(words)
    bad = [w for w in out if not isinstance(w, str) or not fold(w)]
    if bad:
        raise ConfigError(
            f"fuzzy_allow must hold words (strings with a letter or digit), got {bad[0]!r}; "
            "for example ['Jango', 'Kafkaesque']"
        )
    return out


def name_parts(form: str) -> list[str]:
    """The words of a name, split at spaces, hyphens, dots and camel case, folded.

    >>> name_parts("RabbitMQ"), name_parts("Spring Boot"), name_parts("Kafka")
    (['rabbit', 'mq'], ['spring', 'boot'], ['kafka'])
    """
    return [fold(p) for p in _SEP_RE.split(_CAMEL_RE.sub(" ", form)) if fold(p)]


def edit_budget(length: int, min_length: int = 5) -> int:
    """Edits allowed between two words whose shorter one has ``length`` letters.

    >>> [edit_budget(n) for n in (4, 5, 10, 11, 14)]
    [0, 1, 1, 2, 2]
    """
    if length < min_length:
        return 0
    return 1 if length < _LONG else 2


def similarity(text: str, form: str) -> float:
    """``1 - edits / length of the longer word`` after folding, rounded to 3 places (1.0 when equal).

    >>> similarity("Pyhton", "Python"), similarity("Mongo DB", "MongoDB")
    (0.833, 1.0)
    """
    a, b = fold(text), fold(form)
    if not a or not b:
        return 0.0
    return round(OSA.normalized_similarity(a, b), 3)


class Correction(NamedTuple):
    """A token read as a skill's name: the skills sharing that name, the folded name, the similarity,
    whether the mention needs context like an ambiguous name (``needs_context``: the name is ambiguous,
    or the correction is weak, see :meth:`TypoIndex.lookup`) and the most capitals the name is written
    with (``capitals``, for :func:`case_fits`)."""

    skill_ids: tuple[str, ...]
    form: str
    score: float
    needs_context: bool
    capitals: int


@dataclass(frozen=True, slots=True)
class _Entry:
    skill_ids: tuple[str, ...]
    ambiguous: bool
    one_word: bool  # written as one word ("RabbitMQ", "Kubernetes"), not "Amazon SNS"
    capitals: int


def _english(word: str) -> bool:
    """An English word: the lemma tables' words and their inflections, and the function words (``its``,
    ``whose``, ``amongst``) that those tables leave out."""
    return is_english(word) or word in STOP_WORDS


def _inflects(word: str, name: str) -> bool:
    """``word`` is ``name`` with a plural ending added or a final ``s`` taken away (``Datadogs``,
    ``Jenkin``): a name does not inflect, so the word is most often another one (a company's staff, a
    surname) and needs context like a weak correction."""
    if name.endswith("s"):  # "Postgress" doubles a letter; the plural would be "Postgreses"
        return word in (name + "es", name[:-1])
    return word in (name + "s", name + "es")


def case_fits(text: str, fix: Correction) -> bool:
    """The token is not written with more capitals than the name, give or take one: ``FISMA`` is an
    acronym, not ``Figma``; ``HIPPA`` is ``HIPAA``; ``pyhton`` and ``Pyhton`` are ``Python``.

    >>> fix = Correction(("figma",), "figma", 0.8, True, 1)
    >>> case_fits("Fgima", fix), case_fits("FISMA", fix)
    (True, False)
    """
    return sum(c.isupper() for c in text) <= fix.capitals + 1


class TypoIndex:
    """The aliases that may be misspelled and the words that may not be corrected.

    ``names`` yields ``(skill id, surface form, may be misspelled, ambiguous)`` for every surface form of
    the taxonomy; forms that may not be misspelled (case-sensitive forms, skills with ``fuzzy: false``)
    are still known words. ``allow`` adds the user's own words; ``known`` replaces the English-word test.
    """

    def __init__(
        self,
        names: Iterable[tuple[str, str, bool, bool]],
        *,
        allow: Iterable[str] = (),
        cutoff: float = 0.75,
        min_length: int = 5,
        known: Callable[[str], bool] | None = None,
    ) -> None:
        if not 0.0 < cutoff <= 1.0:
            raise ConfigError(f"fuzzy_cutoff must be in (0, 1], got {cutoff!r}")
        if min_length < 3:
            raise ConfigError(f"min_fuzzy_length must be at least 3, got {min_length!r}")
        allow = allow_list(allow)
        self.cutoff = cutoff
        self.min_length = min_length
        self._is_english = known if known is not None else _english
        self._allow = frozenset(fold(w) for w in allow)
        self._names: set[str] = set()  # folded names and name words: known words
        entries: dict[str, tuple[list[str], bool, bool, int]] = {}
        splits: dict[str, list[str]] = {}
        for skill_id, form, may_typo, ambiguous in names:
            folded = fold(form)
            if not folded:
                continue
            self._names.add(folded)
            parts = name_parts(form)
            self._names.update(p for p in parts if len(p) > 2)
            if not may_typo or len(folded) < min_length:
                continue
            ids, amb, one, caps = entries.setdefault(folded, ([], False, False, 0))
            if skill_id not in ids:
                ids.append(skill_id)
            one_word = _ONE_WORD.match(form.strip()) is not None
            entries[folded] = (ids, amb or ambiguous, one or one_word, max(caps, sum(map(str.isupper, form))))
            if len(parts) > 1:
                splits[folded] = parts
        self._entries = {k: _Entry(tuple(v[0]), *v[1:]) for k, v in entries.items()}
        # one-word names grouped by first letter: a typo keeps it (or swaps it with the second); a name of
        # several words is corrected as a split name only, so that one token is never read as two words
        self._by_first: dict[str, list[str]] = {}
        for folded in sorted(self._entries):
            if self._entries[folded].one_word:
                self._by_first.setdefault(folded[0], []).append(folded)
        # two-word names by their first and by their last word, for a split with a typo in the other half
        self._by_head: dict[str, list[tuple[str, str]]] = {}
        self._by_tail: dict[str, list[tuple[str, str]]] = {}
        for folded, parts in splits.items():
            self._by_head.setdefault(parts[0], []).append((folded, "".join(parts[1:])))
            self._by_tail.setdefault(parts[-1], []).append((folded, "".join(parts[:-1])))
        self._cache: dict[str, Correction | None] = {}
        self._known: dict[str, bool] = {}
        self._pair_cache: dict[tuple[str, str], Correction | None] = {}

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """Folded names and aliases that a typo may be corrected to."""
        return tuple(sorted(self._entries))

    @property
    def split_words(self) -> frozenset[str]:
        """Folded first and last words of names written in several words (``rabbit``, ``mq``)."""
        return frozenset(self._by_head) | frozenset(self._by_tail)

    def is_known(self, word: str) -> bool:
        """A word that is never corrected: English, a taxonomy name or name word, or on the allow list."""
        known = self._known.get(word)
        if known is None:
            folded = fold(word)
            lower = word.lower()
            known = (
                folded in self._names
                or folded in self._allow
                or self._is_english(lower)
                or (folded != lower and self._is_english(folded))
            )
            if len(self._known) > _CACHE_LIMIT:
                self._known.clear()
            self._known[word] = known
        return known

    def may_be_typo(self, word: str) -> bool:
        """Plain letters (a word with accents is another language's), long enough, and not a known word."""
        return word.isalpha() and word.isascii() and len(word) >= self.min_length and not self.is_known(word)

    def may_be_half(self, word: str) -> bool:
        """Letters only, three or more, and not a known word: possibly the misspelled half of a split
        name."""
        return word.isalpha() and word.isascii() and len(word) >= 3 and not self.is_known(word)

    def scan(self, word: str) -> tuple[Correction | None, bool]:
        """:meth:`lookup` and :meth:`may_be_half` at once, for a word seen for the first time."""
        if len(word) < 3 or not word.isalpha() or not word.isascii() or self.is_known(word):
            return None, False
        return (self.lookup(word) if len(word) >= self.min_length else None), True

    def lookup(self, word: str) -> Correction | None:
        """The skill name ``word`` misspells, or None (cached per distinct word)."""
        if len(word) < self.min_length or not word.isalpha():  # the common case, before any cache
            return None
        found = self._cache.get(word, False)
        if found is not False:
            return found  # type: ignore[return-value]
        result = self._lookup(word) if self.may_be_typo(word) else None
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = result
        return result

    def _lookup(self, word: str) -> Correction | None:
        folded = fold(word)
        if len(folded) > 64:  # longer than any name plus its budget: nothing to compare
            return None
        hits: list[tuple[int, str]] = []
        for first in dict.fromkeys((folded[0], folded[1])):
            choices = self._by_first.get(first)
            if not choices:
                continue
            for choice, dist, _ in process.extract(
                folded, choices, scorer=OSA.distance, score_cutoff=2, limit=None
            ):
                if first != folded[0] and not (choice[0] == folded[1] and choice[1] == folded[0]):
                    continue  # under the second letter only a swap of the first two counts
                hits.append((int(dist), choice))
        return self._choose(folded, hits)

    def lookup_split(self, first: str, second: str) -> Correction | None:
        """The name written as the two tokens ``first second`` with a typo in one of them, or None."""
        key = (first, second)
        found = self._pair_cache.get(key, False)
        if found is not False:
            return found  # type: ignore[return-value]
        result = self._lookup_split(first, second)
        if len(self._pair_cache) > _CACHE_LIMIT:
            self._pair_cache.clear()
        self._pair_cache[key] = result
        return result

    def _lookup_split(self, first: str, second: str) -> Correction | None:
        a, b = fold(first), fold(second)
        if not a or not b or len(a) + len(b) > 64:
            return None
        hits: list[tuple[int, str]] = []
        # the right half is written right and the left one is not a known word, or the other way round
        for good, bad, table in ((b, first, self._by_tail), (a, second, self._by_head)):
            names = table.get(good)
            if not names or not self.may_be_half(bad):
                continue
            rests = [rest for _, rest in names]
            for _, dist, k in process.extract(
                fold(bad), rests, scorer=OSA.distance, score_cutoff=2, limit=None
            ):
                full, rest = names[k]
                # the typo is in this half: its own length sets the budget ("its" is never "iOS")
                budget = edit_budget(min(len(rest), len(fold(bad))), self.min_length)
                if 0 < dist <= budget and rest[0] == fold(bad)[0]:
                    hits.append((int(dist), full))
        return self._choose(a + b, hits)

    def _choose(self, folded: str, hits: list[tuple[int, str]]) -> Correction | None:
        """The closest name within the edit budget, or None when there is none or two skills tie."""
        kept = [
            (dist, name)
            for dist, name in hits
            if 0 < dist <= edit_budget(min(len(folded), len(name)), self.min_length)
        ]
        if not kept:
            return None
        best = min(d for d, _ in kept)
        names = sorted({n for d, n in kept if d == best})
        skills = {sid for n in names for sid in self._entries[n].skill_ids}
        if len(names) > 1 and len(skills) > 1:
            return None
        name = names[0]
        score = round(1.0 - best / max(len(folded), len(name)), 3)
        if score < self.cutoff:
            return None
        entry = self._entries[name]
        weak = best > 1 or len(folded) < _SURE or _inflects(folded, name)
        return Correction(entry.skill_ids, name, score, entry.ambiguous or weak, entry.capitals)
