"""Alternative groups: skills a text lists as choices ("one of Go, Rust or Java"), not as separate asks.

A job that asks for "at least one of Go, Rust, C++ or Java" is met by a candidate with any one of them.
:func:`alternative_groups` reads that grouping from a text and the character spans of its skill mentions,
with a mechanism over list structure rather than a list of phrases:

1. **Runs.** Mentions in the same clause that follow one another with only list glue between them
   (commas, ``/``, ``|``, ``&``, parentheses, "or", "and", "and/or", "nor") form a run. A clause ends at
   a sentence end, a semicolon or a line break (a bullet list is handled in step 3).
2. **Disjunction.** A run is split at its "and" links (``Python and Django or Flask`` asks for Python, and
   for Django or Flask). A piece of two or more mentions whose links include "or", "nor" or "and/or" is a
   group. Pieces joined only by ``/`` or ``|`` are a group when every member has the same category
   (``MySQL/PostgreSQL`` is a choice; ``Python/Django`` names a stack).
3. **Cues.** When a choice cue ("one of", "any of", "either", "at least one", "one or more of",
   "familiarity with any") stands in the clause before a run, with no mention between them, the whole run
   is one group, "and" links included (``one of: Java, Kotlin and Scala``). A cue that ends its line with a
   colon ("at least one of the following:") groups every mention of the bullet or numbered lines under it.

Groups are numbered from 0 in order of their first mention, per text; mentions outside any group get
``None``. Only the structure is read: whether a mention is negated or a requirement is left to the context
rules, and scoring decides what a group is worth.

>>> text = "Strong experience in at least one of Go, Rust, C++ or Java, and SQL."
>>> spans = [(37, 39), (41, 45), (47, 50), (54, 58), (64, 67)]
>>> alternative_groups(text, spans)
[0, 0, 0, 0, None]
>>> alternative_groups("MySQL or PostgreSQL; Redis", [(0, 5), (9, 19), (21, 26)])
[0, 0, None]
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterator, Sequence

__all__ = ["alternative_groups"]

# what may stand between two listed mentions: punctuation glue and the coordinating words
_GLUE_RE = re.compile(
    r"""^[\s,/|&()\[\]'"*•·-]*
        (?:(?:and\s*/\s*or|or|nor|and|as\s+well\s+as|plus)[\s,/|&()\[\]'"*•·-]*)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_OR_RE = re.compile(r"\b(?:or|nor)\b", re.IGNORECASE)
_AND_RE = re.compile(r"\band\b(?!\s*/\s*or)|&|\bas\s+well\s+as\b|\bplus\b", re.IGNORECASE)
_SLASH_RE = re.compile(r"[/|]")
# a clause ends at a sentence end (a period followed by a space, not one inside "Node.js"), ; ! ? or a line
_CLAUSE_END_RE = re.compile(r"[;!?]|\.(?=\s)|\n")
_CUE_RE = re.compile(
    r"\b(?:(?:at\s+least|any|only)\s+one|one\s+or\s+more|one|any|either|choice)\s+of\b"
    r"|\beither\b|\bat\s+least\s+one\b|\bany\s+(?:one\s+)?(?:modern\s+)?(?:of\s+)?(?:the\s+)?following\b",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^\s*(?:[-*•·▪◦‣–]|\d{1,2}[.)])\s+")


# a line whose last character other than white space is a colon, and the line break that ends it
_COLON_LINE_RE = re.compile(r":[^\S\n]*\n")
# letters, digits and white space: the only characters a choice cue is made of
_CUE_CHARS_RE = re.compile(r"[\w\s]*")


def _clause_start(text: str, pos: int, floor: int) -> int:
    """The start of the clause that holds ``pos`` (never before ``floor``)."""
    start = floor
    for m in _CLAUSE_END_RE.finditer(text, floor, pos):
        start = m.end()
    return start


def _colon_cues(text: str) -> Iterator[tuple[int, int]]:
    """``(end of the cue, end of its line)`` for every choice cue (:data:`_CUE_RE`, matched over the whole
    text) whose line goes on to end with a colon ("at least one of the following:").

    Only the lines that end with a colon are scanned: the scan of each starts after the last character
    before the line that no cue can hold (neither a letter, a digit nor white space), where a scan of the
    whole text is at a match boundary too, so the matches found are those of the whole text.
    """
    floor = 0
    for colon in _COLON_LINE_RE.finditer(text):
        stop, line_end = colon.start(), colon.end() - 1
        line_start = text.rfind("\n", floor, stop) + 1 or floor
        run = _CUE_CHARS_RE.match(text[floor:line_start][::-1])
        begin = line_start - (run.end() if run is not None else 0)
        # no cue holds the colon at ``stop``: the matches that start before it are those of the whole text
        for cue in _CUE_RE.finditer(text, begin, stop):
            if line_start < cue.end():
                yield cue.end(), line_end
        floor = stop + 1


def _bullet_block(text: str, line_end: int) -> int:
    """The end of the bullet or numbered lines that follow position ``line_end`` (a line break)."""
    pos = line_end + 1
    end = line_end
    while pos < len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        line = text[pos:nl]
        if not line.strip():
            if end > line_end:
                break
            pos = nl + 1
            continue
        if not _BULLET_RE.match(line):
            break
        end = nl
        pos = nl + 1
    return end


def alternative_groups(
    text: str, spans: Sequence[tuple[int, int]], categories: Sequence[str] | None = None
) -> list[int | None]:
    """The alternative group of each mention (``spans`` are ``(start, end)`` offsets into ``text``, in any
    order); ``categories`` (one per span) lets a ``/`` list be told from a stack. See the module docs."""
    n = len(spans)
    out: list[int | None] = [None] * n
    if n < 2:
        return out
    if categories is not None and len(categories) != n:
        raise ValueError(f"categories has {len(categories)} items, spans has {n}")
    order = sorted(range(n), key=lambda i: (spans[i][0], spans[i][1]))
    starts = [spans[i][0] for i in order]  # sorted: mentions in a stretch of text are found by bisection
    # overlapping mentions (the same words matched twice) share the earlier one's place in a run
    label: dict[int, int] = {}
    groups: list[list[int]] = []

    def add_group(members: list[int]) -> None:
        if len({spans[i] for i in members}) < 2:
            return
        fresh = [i for i in members if i not in label]
        if len(fresh) < 2:
            return
        gid = len(groups)
        groups.append(fresh)
        for i in fresh:
            label[i] = gid

    # step 3b: a cue that ends its line with a colon groups the bullet lines under it
    for cue_end, line_end in _colon_cues(text):
        if bisect_left(starts, cue_end) < bisect_left(starts, line_end):
            continue
        block_end = _bullet_block(text, line_end)
        add_group(order[bisect_right(starts, line_end) : bisect_left(starts, block_end)])

    # steps 1-3: runs within a clause
    runs: list[tuple[list[int], list[str]]] = []
    run: list[int] = [order[0]]
    gaps: list[str] = []
    for prev, cur in itertools.pairwise(order):
        a_end, b_start = spans[prev][1], spans[cur][0]
        if b_start < a_end:  # overlapping mention: not a new list item
            continue
        gap = text[a_end:b_start]
        if _GLUE_RE.match(gap) and "\n" not in gap and not _CLAUSE_END_RE.search(gap.replace("/", " ")):
            run.append(cur)
            gaps.append(gap)
        else:
            runs.append((run, gaps))
            run, gaps = [cur], []
    runs.append((run, gaps))

    previous_end = 0
    for members, links in runs:
        first, floor = spans[members[0]][0], previous_end
        previous_end = spans[members[-1]][1]
        if len(members) < 2:
            continue
        # the stretches between runs do not overlap: the clause scans together read the text once at most
        clause = _clause_start(text, first, floor)
        if _CUE_RE.search(text, clause, first):
            # the cue covers the run up to an "and" that follows an "or": "one of Go or Rust, and SQL"
            cut = len(members)
            seen_or = False
            for k, link in enumerate(links):
                if _AND_RE.search(link) and seen_or:
                    cut = k + 1
                    break
                seen_or = seen_or or bool(_OR_RE.search(link))
            add_group(members[:cut])
            members, links = members[cut:], links[cut:]
            if len(members) < 2:
                continue
        piece: list[int] = [members[0]]
        piece_links: list[str] = []
        for member, link in zip(members[1:], links, strict=True):
            if _AND_RE.search(link):
                _piece_group(piece, piece_links, categories, add_group)
                piece, piece_links = [member], []
            else:
                piece.append(member)
                piece_links.append(link)
        _piece_group(piece, piece_links, categories, add_group)

    if not label:
        return out
    # a mention overlapping a grouped one (the same words matched as two skills) joins its group
    # (the first labelled mention in labelling order that overlaps it; labelled mentions are kept sorted
    # by start, and only those starting within the longest mention's length before it can overlap it)
    rank = {j: k for k, j in enumerate(label)}
    labelled = sorted((spans[j][0], rank[j], j) for j in label)
    longest = max(end - start for start, end in spans)
    for i in _overlapping(spans, order):
        if i in label:
            continue
        start, end = spans[i]
        lo = bisect_left(labelled, (start - longest,))
        hi = bisect_left(labelled, (end,))
        hits = [(r, j) for _, r, j in labelled[lo:hi] if start < spans[j][1]]
        if hits:
            _, j = min(hits)
            label[i] = label[j]
            groups[label[j]].append(i)
            rank[i] = len(rank)
            insort(labelled, (start, rank[i], i))
    # number groups in order of first mention
    firsts = sorted(range(len(groups)), key=lambda g: min(spans[i][0] for i in groups[g]))
    renumber = {g: k for k, g in enumerate(firsts)}
    for i, g in label.items():
        out[i] = renumber[g]
    return out


def _overlapping(spans: Sequence[tuple[int, int]], order: list[int]) -> list[int]:
    """The mentions (``order``: sorted by start, then end) that overlap another one, in that order."""
    out = []
    reach = -1  # the furthest end of the mentions before
    last = len(order) - 1
    for k, i in enumerate(order):
        start, end = spans[i]
        if start < reach or (k < last and spans[order[k + 1]][0] < end):
            out.append(i)
        reach = max(reach, end)
    return out


def _piece_group(
    piece: list[int],
    links: list[str],
    categories: Sequence[str] | None,
    add_group: Callable[[list[int]], None],
) -> None:
    if len(piece) < 2:
        return
    disjunction = any(_OR_RE.search(link) for link in links)
    # a bare slash list is a choice between things of one kind, not a stack ("Python/Django")
    same_kind = categories is None or len({categories[i] for i in piece}) == 1
    if disjunction or (all(_SLASH_RE.search(link) for link in links) and same_kind):
        add_group(piece)
