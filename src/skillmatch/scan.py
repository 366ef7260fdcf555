"""Character-level candidate scanning: which parts of a text can hold a skill mention at all.

Most of a posting names no technology. Before spaCy tokenises anything, one pass of an Aho–Corasick
automaton (pyahocorasick) over the case-folded text finds every occurrence of a *key*: for each surface
form, variant and pattern anchor of the taxonomy, its longest token, which every match of that form must
contain as a whole token. An occurrence counts when it starts and ends on a word boundary (a digit may
touch it: ``16GB``, ``Python3``). Runs of letters that the typo lookup accepts (``Postgress``) are
candidates too; each distinct word is asked once.

Around each candidate, ``margin`` whitespace-separated pieces on either side are kept: every rule of the
matcher looks at fewer tokens than that, and a piece holds at least one token, so tokenising only these
regions gives the same mentions, with the same character offsets, as tokenising the whole text. Regions are
cut at white space, where spaCy's tokenizer cuts too, and joined by a separator that ends a sentence and is
neither a word nor list glue.

Very long runs without white space (a line of ``=====``, a minified blob) are cut into chunks before they
reach the tokenizer, whose cost on such a run grows with the square of its length.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

import ahocorasick
from spacy.lang.en.stop_words import STOP_WORDS

from .patterns import is_english

__all__ = ["CHUNK", "LONG_PIECE", "SEPARATOR", "RegionScanner", "Regions"]

#: what joins two regions in the text handed to the tokenizer: a line break, a full stop, a line break
SEPARATOR = "\n.\n"
#: a whitespace-free run longer than this is cut into chunks of about ``CHUNK`` characters
LONG_PIECE = 256
CHUNK = 32
_V_VERSION = re.compile(r"(?<=[^\W\d_])v\d")


class _LettersOnly(dict[int, int]):
    """A ``str.translate`` table keeping letters and turning every other character into a space."""

    def __missing__(self, code: int) -> int:
        value = code if chr(code).isalpha() else 32
        self[code] = value
        return value


_LETTERS_ONLY = _LettersOnly()
_SPACE_RUN = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w]")
_LONG_RUN = re.compile(rf"\S{{{LONG_PIECE + 1},}}")


@dataclass(slots=True)
class Regions:
    """The text to tokenise and how its offsets map back to the original text.

    ``text[doc_starts[i]:doc_starts[i] + length]`` is ``original[orig_starts[i]:orig_starts[i] + length]``.
    """

    text: str
    doc_starts: list[int]
    orig_starts: list[int]

    def to_original(self, pos: int) -> int:
        """The original offset of ``pos``, a position in :attr:`text` inside a segment (or at its end)."""
        i = bisect_right(self.doc_starts, pos) - 1
        return self.orig_starts[i] + pos - self.doc_starts[i]

    def shift(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of a ``[start, end)`` range that lies within one segment."""
        i = bisect_right(self.doc_starts, start) - 1
        delta = self.orig_starts[i] - self.doc_starts[i]
        return start + delta, end + delta


class RegionScanner:
    """Finds the regions of a text that can yield a match (see the module docstring).

    Parameters
    ----------
    forms
        ``(tokens, margin)`` for each form the matcher looks for: its lower-cased tokens, and the number of
        whitespace-separated pieces to keep on either side of it. A form is a candidate where its longest
        token occurs on word boundaries with the other tokens right next to it (at most one space between).
    anchors
        For each first word of a phrase pattern: the words of which one must follow within a number of
        tokens (None: no such condition), and the margin.
    lookup
        The typo and version lookup for one lower-cased token (``None`` when it is no skill).
    min_word
        Shortest run of letters worth asking ``lookup`` about.
    word_margin
        Pieces kept on either side of a word that ``lookup`` accepts.
    """

    def __init__(
        self,
        forms: Iterable[tuple[tuple[str, ...], int]],
        anchors: dict[str, tuple[tuple[frozenset[str], int] | None, int]],
        *,
        lookup: Callable[[str], object | None] | None,
        min_word: int,
        word_margin: int,
    ) -> None:
        self._lookup = lookup
        self._min_word = min_word
        self._word_margin = word_margin
        # key token -> [margin of its one-token forms, its longer forms (tokens, key position, margin) by
        # the first character of the token after the key, the anchor condition (next words, reach,
        # margin) or None]
        entries: dict[str, list[object]] = {}
        forms = [(tuple(t for t in tokens if t), margin) for tokens, margin in forms]
        # the key of a form is its most telling token: a word rather than punctuation; one of three
        # characters or more (short strings occur inside many words); a word that is not English, and
        # among those the one fewest forms share ("kafka" rather than "apache"); else the longest word
        shared = Counter(t for tokens, _ in forms for t in set(tokens))

        def telling(token: str) -> tuple[int, ...]:
            if not any(c.isalnum() for c in token):
                return (3,)
            if len(token) < 3:
                return 2, -len(token), shared[token]
            if token in STOP_WORDS or is_english(token):
                return 1, -len(token), shared[token]
            return 0, shared[token], -len(token)

        for tokens, margin in forms:
            if not tokens:
                continue
            pos = min(range(len(tokens)), key=lambda i: telling(tokens[i]))
            entry = entries.setdefault(tokens[pos], [0, {}, None])
            if len(tokens) == 1:
                entry[0] = max(entry[0], margin)  # type: ignore[call-overload]
            else:
                # filed under the first character of the token after the key, or when the key is last,
                # under "<" and the last character of the token before it
                near = tokens[pos + 1][0] if pos + 1 < len(tokens) else "<" + tokens[pos - 1][-1]
                entry[1].setdefault(near, []).append((tokens, pos, margin))  # type: ignore[attr-defined]
        for word, (after, margin) in anchors.items():
            entry = entries.setdefault(word, [0, {}, None])
            if after is None:
                entry[0] = max(entry[0], margin)  # type: ignore[call-overload]
            else:
                entry[2] = (after[0], after[1], margin)
        # keys made of letters only are looked for in a copy of the text where every other character is a
        # space, padded with spaces: only occurrences on word boundaries come out of the automaton. The few
        # other keys ("c#", "s3", ".net") are looked for in the text itself and checked one by one.
        self._words_automaton = ahocorasick.Automaton()
        self._automaton = ahocorasick.Automaton()
        self._letters: dict[str, tuple[object, ...]] = {}
        for key, entry in entries.items():
            if not key or key.isspace():
                continue
            if key.isalpha():
                self._letters[key] = (len(key), *entry)
                self._words_automaton.add_word(f" {key} ", (len(key), *entry))
            else:
                self._automaton.add_word(key, (len(key), *entry))
        self._has_words = len(self._words_automaton) > 0
        self._has_others = len(self._automaton) > 0
        if self._has_words:
            self._words_automaton.make_automaton()
        if self._has_others:
            self._automaton.make_automaton()
        self._words: dict[str, bool] = {}  # run of letters -> the lookup accepts it
        self._pieces: dict[str, tuple[str, ...]] = {}  # whitespace-free piece -> the words accepted in it
        self._alpha = re.compile(rf"[^\W\d_]{{{min_word},}}")  # runs of letters, only the long ones
        self._reach: dict[int, re.Pattern[str]] = {}

    # -- candidates ----
    def candidates(self, lower: str) -> list[tuple[int, int, int]]:
        """``(start, end, margin)`` of every candidate in a case-folded text."""
        out: list[tuple[int, int, int]] = []
        n = len(lower)
        if self._has_words:
            padded = f" {lower.translate(_LETTERS_ONLY)} "
            for last, (length, single, longer, anchor) in self._words_automaton.iter(padded):
                # ``last`` is the padding space after the key: in ``lower`` the key ends at ``last - 1``
                self._check(lower, last - length - 1, last - 1, single, longer, anchor, out)
            if "v" in lower:  # "pythonv3": a version after a "v"
                for m in _V_VERSION.finditer(lower):
                    start = m.start()
                    while start and lower[start - 1].isalpha():
                        start -= 1
                    entry = self._letters.get(lower[start : m.start()])
                    if entry is not None:
                        self._check(lower, start, m.start(), *entry[1:], out)  # type: ignore[arg-type]
        if self._has_others:
            for last, (length, single, longer, anchor) in self._automaton.iter(lower):
                start = last + 1 - length
                if start and lower[start].isalnum():
                    before = lower[start - 1]
                    if before.isalnum() and not (before.isdigit() and lower[start].isalpha()):
                        continue
                end = last + 1
                if end < n and lower[last].isalnum():
                    after = lower[end]
                    if after.isalpha() and not (after == "v" and end + 1 < n and lower[end + 1].isdigit()):
                        continue
                    if after.isdigit() and not lower[last].isalpha():
                        continue
                self._check(lower, start, end, single, longer, anchor, out)
        if self._lookup is not None:
            out.extend(self._typos(lower))
        return out

    def _check(
        self,
        lower: str,
        start: int,
        end: int,
        single: int,
        longer: dict[str, list[tuple[tuple[str, ...], int, int]]],
        anchor: tuple[frozenset[str], int, int] | None,
        out: list[tuple[int, int, int]],
    ) -> None:
        """Add the key found at ``[start, end)`` when one of its forms or patterns can match there."""
        margin = single
        if longer:
            nxt = lower[end : end + 1]
            if nxt == " ":
                nxt = lower[end + 1 : end + 2]
            prev = lower[start - 1 : start] if start else ""
            if prev == " " and start > 1:
                prev = lower[start - 2]
            for group in (longer.get(nxt), longer.get("<" + prev)):
                for tokens, pos, form_margin in group or ():
                    if form_margin > margin and _fits(lower, start, end, tokens, pos):
                        margin = form_margin
        if anchor is not None and anchor[2] > margin:
            words, reach, anchor_margin = anchor
            m = self._pattern(reach).match(lower, end)
            window = lower[end : m.end()] if m is not None else ""
            if any(w in window for w in words):
                margin = anchor_margin
        if margin:
            out.append((start, end, margin))

    def _typos(self, lower: str) -> list[tuple[int, int, int]]:
        """Runs of letters that the typo lookup accepts (each distinct piece and word looked at once)."""
        pieces = self._pieces
        found: set[str] = set()
        shortest = self._min_word
        for piece in set(lower.split()):
            if len(piece) < shortest:
                continue
            words = pieces.get(piece)
            if words is None:
                words = tuple(w for w in self._alpha.findall(piece) if self._accepts(w))
                if len(pieces) > 500_000:  # bound the memory of very long runs
                    pieces.clear()
                pieces[piece] = words
            if words:
                found.update(words)
        out = []
        for word in found:
            for m in re.finditer(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", lower):
                out.append((m.start(), m.end(), self._word_margin))
        return out

    def _accepts(self, word: str) -> bool:
        ok = self._words.get(word)
        if ok is None:
            assert self._lookup is not None
            ok = self._lookup(word) is not None
            if len(self._words) > 500_000:
                self._words.clear()
            self._words[word] = ok
        return ok

    # -- regions ----
    def regions(self, text: str) -> Regions | None:
        """The regions of ``text`` to tokenise, or None when no part of it can yield a match.

        Raises ``ValueError`` when lower-casing changes the text's length (offsets would not line up);
        the caller then tokenises the whole text.
        """
        lower = text.lower()
        if len(lower) != len(text):
            raise ValueError("lower-casing changes the length of this text")
        found = self.candidates(lower)
        if not found:
            return None
        return self._assemble(text, self._spans(text, found))

    def _pattern(self, margin: int) -> re.Pattern[str]:
        pat = self._reach.get(margin)
        if pat is None:
            # the piece the position falls in (or touches), then ``margin`` more
            pat = self._reach[margin] = re.compile(rf"(?:\s*\S+){{1,{margin + 1}}}")
        return pat

    def _spans(self, text: str, found: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
        """Merged ``(start, end)`` regions around the candidates."""
        n = len(text)
        rev = text[::-1]
        edges: list[tuple[int, int]] = []
        last_margin = -1
        for start, end, margin in sorted(set(found)):
            pat = self._pattern(margin)
            m = pat.match(text, end)
            right = m.end() if m is not None else end
            if margin <= last_margin and start < edges[-1][1] and right <= edges[-1][1]:
                continue  # inside the previous region, and reaching no further
            last_margin = margin
            m = pat.match(rev, n - start)
            left = n - m.end() if m is not None else start
            edges.append((left, right))
        edges.sort()
        spans: list[tuple[int, int]] = []
        for left, right in edges:
            if spans and left <= spans[-1][1]:
                if right > spans[-1][1]:
                    spans[-1] = (spans[-1][0], right)
            else:
                spans.append((left, right))
        return spans

    def _assemble(self, text: str, spans: list[tuple[int, int]]) -> Regions:
        parts: list[str] = []
        doc_starts: list[int] = []
        orig_starts: list[int] = []
        pos = 0
        for k, (start, end) in enumerate(spans):
            if k:
                parts.append(SEPARATOR)
                pos += len(SEPARATOR)
            for seg_start, seg_end, glue in _segments(text, start, end):
                if glue:
                    parts.append(" ")
                    pos += 1
                parts.append(text[seg_start:seg_end])
                doc_starts.append(pos)
                orig_starts.append(seg_start)
                pos += seg_end - seg_start
        return Regions("".join(parts), doc_starts, orig_starts)


def _fits(lower: str, start: int, end: int, tokens: tuple[str, ...], pos: int) -> bool:
    """The tokens of a form lie around ``tokens[pos]`` found at ``[start, end)``, each next to the other or
    one space apart (what a phrase match over spaCy tokens needs)."""
    at = end
    for token in tokens[pos + 1 :]:
        if lower.startswith(token, at):
            at += len(token)
        elif lower.startswith(token, at + 1) and lower[at : at + 1] == " ":
            at += len(token) + 1
        else:
            return False
    at = start
    for token in reversed(tokens[:pos]):
        if lower.endswith(token, 0, at):
            at -= len(token)
        elif at and lower[at - 1] == " " and lower.endswith(token, 0, at - 1):
            at -= len(token) + 1
        else:
            return False
    return True


def _segments(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """``text[start:end]`` as segments ``(start, end, joined to the previous one with a space)``: one segment
    unless a whitespace-free run in it is longer than :data:`LONG_PIECE`; such a run is cut into chunks of
    at most :data:`CHUNK` characters, after a punctuation mark where the chunk has one."""
    if end - start <= LONG_PIECE or _LONG_RUN.search(text, start, end) is None:
        return [(start, end, False)]
    cuts: list[int] = []
    pos = start
    for m in [*_SPACE_RUN.finditer(text, start, end), None]:
        run_end = end if m is None else m.start()
        if run_end - pos > LONG_PIECE:
            cuts.extend(_chunk_cuts(text, pos, run_end))
        if m is not None:
            pos = m.end()
    # every segment after the first starts at a cut and is joined to the previous one with a space
    bounds = [start, *cuts, end]
    return [(a, b, k > 0) for k, (a, b) in enumerate(pairwise(bounds))]


def _chunk_cuts(text: str, start: int, end: int) -> list[int]:
    cuts = []
    pos = start
    while end - pos > CHUNK:
        limit = pos + CHUNK
        marks = [m.end() for m in _PUNCT.finditer(text, pos + CHUNK // 2, limit)]
        cut = marks[-1] if marks else limit
        cuts.append(cut)
        pos = cut
    return cuts
