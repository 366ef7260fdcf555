"""Text handed to the tokenizer: long whitespace-free runs are cut, offsets map back to the original.

spaCy's tokenizer strips prefixes and suffixes one at a time from each whitespace-separated piece, so its
cost on one long run without white space (a line of ``=====``, a minified blob, a base64 string) grows
with the square of the run's length: 6,000 ``=`` take seconds. :func:`guard` cuts every run longer than
:data:`LONG_PIECE` characters into chunks of at most :data:`CHUNK` characters (after a punctuation mark
where the chunk has one), joined by a space, and :class:`Regions` maps positions in the cut text back to
the original, so offsets into the original text stay exact. Text without such runs is not copied.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["CHUNK", "LONG_PIECE", "Regions", "guard"]

#: a whitespace-free run longer than this is cut into chunks
LONG_PIECE = 256
#: the longest chunk of a cut run
CHUNK = 32
_PUNCT = re.compile(r"[^\w]")
_WORD_CHAR = re.compile(r"[^\W_]")
_LONG_RUN = re.compile(rf"\S{{{LONG_PIECE + 1},}}")
_SPACE = re.compile(r"\s")
# every run of at least 2 * _BLOCK - 1 characters holds an aligned block: runs longer than LONG_PIECE do
_BLOCK = (LONG_PIECE + 2) // 2


@dataclass(slots=True)
class Regions:
    """The text to tokenise and how its offsets map back to the original text.

    ``text[doc_starts[i]:doc_starts[i] + length]`` is ``original[orig_starts[i]:orig_starts[i] + length]``.
    """

    text: str
    doc_starts: list[int]
    orig_starts: list[int]

    def to_original(self, pos: int) -> int:
        """The original offset of ``pos``, a position in :attr:`text` inside a segment."""
        i = bisect_right(self.doc_starts, pos) - 1
        return self.orig_starts[i] + pos - self.doc_starts[i]


def guard(text: str) -> Regions | None:
    """``text`` with its long whitespace-free runs cut, or None when it has none.

    >>> cut = guard("a " + "=" * 300)
    >>> max(len(piece) for piece in cut.text.split()) <= CHUNK, cut.to_original(len(cut.text) - 1)
    (True, 301)
    """
    if len(text) <= LONG_PIECE or not _may_have_long_run(text) or _LONG_RUN.search(text) is None:
        return None
    parts: list[str] = []
    doc_starts: list[int] = []
    orig_starts: list[int] = []
    pos = 0
    for seg_start, seg_end, glue in _segments(text, 0, len(text)):
        if glue:
            parts.append(" ")
            pos += 1
        parts.append(text[seg_start:seg_end])
        doc_starts.append(pos)
        orig_starts.append(seg_start)
        pos += seg_end - seg_start
    return Regions("".join(parts), doc_starts, orig_starts)


def _may_have_long_run(text: str) -> bool:
    """A quick test that is true for every text with a run longer than :data:`LONG_PIECE`: such a run holds
    a whole block of :data:`_BLOCK` characters starting at a multiple of it, and a block with white space
    costs one short search."""
    search = _SPACE.search
    for start in range(0, len(text) - _BLOCK + 1, _BLOCK):
        if search(text, start, start + _BLOCK) is None:
            return True
    return False


def _segments(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """``text[start:end]`` as segments ``(start, end, joined to the previous one with a space)``: every
    whitespace-free run longer than :data:`LONG_PIECE` is cut into chunks."""
    cuts: list[int] = []
    for m in _LONG_RUN.finditer(text, start, end):
        cuts.extend(_chunk_cuts(text, m.start(), m.end()))
    # every segment after the first starts at a cut and is joined to the previous one with a space; a
    # chunk of a long run with neither letters nor digits cannot be part of a mention and is left out
    bounds = [start, *cuts, end]
    inner = set(cuts)
    out: list[tuple[int, int, bool]] = []
    for a, b in pairwise(bounds):
        if a in inner and b in inner and _WORD_CHAR.search(text, a, b) is None:
            continue
        out.append((a, b, bool(out)))
    return out


def _chunk_cuts(text: str, start: int, end: int) -> list[int]:
    """Cut points that split ``text[start:end]`` into chunks of at most :data:`CHUNK` characters."""
    cuts = []
    pos = start
    while end - pos > CHUNK:
        limit = pos + CHUNK
        marks = [m.end() for m in _PUNCT.finditer(text, pos + CHUNK // 2, limit)]
        cut = marks[-1] if marks else limit
        cuts.append(cut)
        pos = cut
    return cuts
