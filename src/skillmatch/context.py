"""Requirement level, negation, years of experience and proficiency of skill mentions.

The matcher calls :func:`annotate` once per document with the character spans of all its matches. Everything
is plain Python and :mod:`re`: the document is read once (section headings and their scopes, sentence and
clause boundaries, cue phrases, negation scopes, years-of-experience claims, proficiency cues; cue phrases
only in the sentences that hold a span and name one of the cue's anchor words) and each span is then looked
up with :mod:`bisect`, so the cost per span does not grow with the length of the text.

>>> text = "Requirements\\n- 5+ years of Python\\nNice to have: Kafka. We don't use PHP."
>>> [c.requirement for c in annotate(text, [(27, 33), (49, 54), (70, 73)])]
['required', 'preferred', 'unspecified']
>>> annotate(text, [(27, 33)])[0].years, annotate(text, [(70, 73)])[0].negated
(5.0, True)

Rules, in short:

* **requirement**: the section a span is in (``Requirements``, ``Must have``, ``Qualifications``,
  ``You have`` ... → required; ``Nice to have``, ``Bonus points``, ``Preferred qualifications``, ``Desired``
  ... → preferred; any other heading → unspecified; a heading's scope ends at the next heading; a heading
  with text after its colon covers its line and a bulleted list after it), overridden by cue phrases in the
  same sentence (``is a plus``, ``ideally``, ``preferred`` ... → preferred; ``must have``, ``required``,
  ``mandatory`` ... → required; the weaker ``strong experience`` and ``5+ years of`` only lift unspecified
  text to required). A cue in a parenthesis that names its own subject (``Kubernetes (EKS preferred)``)
  applies inside the parenthesis only. A negated mention is always ``unspecified``.
* **negated**: ``no``, ``not``, ``without``, ``never``, ``we don't use``, ``no need for`` ... negate what
  they govern: when the first word after them that is no filler is about having, using or needing skills
  (``no prior experience with``, ``we don't use``), forward to the end of the clause (a sentence end, a line
  break, a parenthesis, or ``but``/``however``/``although``/``whereas``/``while``), into a parenthesis or
  a colon list right after the negated words, unless the scope ends earlier (a new clause: ``so``,
  ``because``, ``, we ...``; a pronoun object; a plain noun before a preposition: ``not need an index in
  X``); else only the names right after them (``not SRE``). ``not ... without X`` is a need.
  ``is not required``, ``not needed``, ``doesn't matter`` ... negate the subject before them in the clause;
  a parenthesis such as ``(no prior experience required)`` negates the mention just before it. A
  ``not required`` next to a preference in the same sentence (``a plus, but not required``) means
  "preferred", not negated.
* **years**: ``5+ years of``, ``3-5 years of experience with`` (lower bound), ``at least two years``,
  ``5 yrs``, ``over 3 years``, ``minimum of 4 years``; for the skills after such a phrase in its clause
  when it reads as experience, and for a skill just before it (``Python (5+ years)``, ``Python: 4 yrs``,
  ``Django – 3 years``); else the date range of the job entry the skill is in (``Backend Developer,
  Jan 2018 - Mar 2021`` and the lines under it, up to the next date range, heading, title line or paragraph;
  ``present`` is the current year, or ``reference_year``). A date range counts only on a short line that
  the rules' ``date_kinds`` read as a role (the line, the title line above it, or its section heading):
  copyright, education and certification ranges and dates without a role give nothing, as does
  ``founded 10 years ago``.
* **intent**: a skill after ``would like to learn``, ``interested in``, ``eager to learn`` ... (the rules'
  ``intent`` phrases) in its clause is wanted, not had: it is negated. Not when the wish is a posting's
  (``we``/``you``/``who`` before it, or a requirements or preferences section), nor after a verb or without
  an object (``interested in joining``, ``eager to learn, and ...``).
* **proficiency**: the nearest proficiency phrase before the skill in its sentence (``expert in``,
  ``strong``, ``proficient in``, ``working knowledge of``, ``familiar with`` ...), where a plain
  ``experience with`` or ``knowledge of`` in between resets it, or a level just after it
  (``Python (expert)``, ``Go: basic``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from .rules import Rules, load_rules

__all__ = ["PROFICIENCY_LEVELS", "REQUIREMENT_LEVELS", "SpanContext", "annotate"]

REQUIREMENT_LEVELS = ("required", "preferred", "unspecified")
PROFICIENCY_LEVELS = ("expert", "advanced", "intermediate", "basic")


@dataclass(frozen=True, slots=True)
class SpanContext:
    """Context of one skill mention."""

    requirement: str  # "required" | "preferred" | "unspecified"
    negated: bool
    years: float | None  # years of experience stated for this skill
    proficiency: str | None  # "expert" | "advanced" | "intermediate" | "basic" | None


_REQ, _PREF, _NONE = "required", "preferred", "unspecified"
_KEEP = "keep"  # a sub-heading that does not change the section
_DEFAULT = SpanContext(_NONE, False, None, None)
# one instance per distinct context (they are frozen): few distinct ones, and no allocation per mention
_CONTEXTS: dict[tuple[str, bool, float | None, str | None], SpanContext] = {}
_F = re.IGNORECASE
_APOS = "['’]"

# ----------------------------------------------------------------------------------------------------------
# Section headings
# ----------------------------------------------------------------------------------------------------------

# The heading phrases and their levels come from the rules file (``headings``): see skillmatch.rules.
_Headings = tuple[tuple[re.Pattern[str], str], ...]

_BULLET = re.compile(r"\s*(?:[-*•·◦▪●–—+>]|\d{1,2}[.)]|[a-z][.)])\s+")
_MD_HEADING = re.compile(r"\s*#{1,6}\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*(:?)\s*(.*?)\s*$")
_COLON_LINE = re.compile(r"\s*([^:\n]{2,70}?)\s*:\s*(.*?)\s*$")
_WORD = re.compile(r"[^\W\d_][\w'’&/-]*")
_LETTER_RUN = re.compile(r"[a-z]+")
# a run of names after a negation: capitalised or symbol-led words ("C#", ".NET") and the glue of a list
_NAMES_AFTER = re.compile(r"(?:[\s,/&:()\[\]\"'“‘*-]+|(?<!\w)(?:or|and|nor)\b|[A-Z0-9.#+][\w.#+]*)*")
# plain title lines ("Preferred Qualifications", "Nice to have"): a heading word must come first
_PLAIN_START = re.compile(
    r"\s*(?:(?:the|your|our|a|an|some|key|core|basic|minimum|required|preferred|desired|additional"
    r"|technical|general|essential|primary|job|position|candidate|role|ideal|other|top|extra)\s+)*"
    r"(?:requirements?|required|qualifications?|must|nice|bonus|preferred|desired|desirable|pluses|plus"
    r"|extra|good\s+to|what|who|you|about|responsibilit\w*|duties|benefits?|perks|compensation|salary"
    r"|overview|summary|description|ideally|essential|skills|competencies|location|why|how|day|in\s+this"
    r"|the|impact|mission|culture|meet|optional|knowledge|education|experience|tech|stack|it['’]?s|profile)\b",
    _F,
)


def _classify_heading(label: str, rules: _Headings) -> str | None:
    low = label.lower().replace("’", "'")
    for pattern, level in rules:
        if pattern.search(low):
            return level
    return None


def _headings(text: str, rules: _Headings) -> tuple[list[int], list[str], list[tuple[int, int]]]:
    """Scope starts and levels, and the character ranges of heading labels (never cue text).

    A heading's scope runs to the next heading. A heading with text after its colon ("Nice to have: Kafka")
    covers its own line, and the lines after it only when they are a bulleted list.
    """
    starts: list[int] = []
    levels: list[str] = []
    labels: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    inline_from: str | None = None  # the level to return to after an inline heading's line
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        if line.strip():
            found = _heading_of_line(line, rules) if len(line) <= 200 else None
            if found is not None:
                level, label_len, inline = found
                if level != _KEEP:
                    starts.append(pos)
                    levels.append(level)
                labels.append((pos, pos + label_len))
                if inline and level != _KEEP:
                    inline_from = levels[-2] if len(levels) >= 2 else _NONE
                    if nl >= 0 and not _BULLET.match(_next_nonblank(text, nl + 1)):
                        starts.append(nl + 1)
                        levels.append(inline_from)
                        inline_from = None
            elif inline_from is not None and not _BULLET.match(line):
                starts.append(pos)
                levels.append(inline_from)
                inline_from = None
        if nl < 0:
            break
        pos = nl + 1
    return starts, levels, labels


def _next_nonblank(text: str, pos: int) -> str:
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if text[pos:end].strip():
            return text[pos:end]
        pos = end + 1
    return ""


def _heading_of_line(line: str, rules: _Headings) -> tuple[str, int, bool] | None:
    """(level, length of the label part, text follows the label) when ``line`` is a heading, else None."""
    m = _MD_HEADING.match(line)
    if m:
        label = m.group(1).strip("*_ ").rstrip(":")
        return (_classify_heading(label, rules) or _NONE), len(line), False
    bullet = _BULLET.match(line)
    m = _BOLD_LINE.match(line)
    if m and not bullet:
        label, rest = m.group(1).rstrip(": "), m.group(3)
        level = _classify_heading(label, rules)
        if rest:
            return (level, m.start(3), True) if level else None
        return (level or _NONE), len(line), False
    if bullet:
        return None
    stripped = line.strip()
    m = _COLON_LINE.match(line)
    if m and len(_WORD.findall(m.group(1))) <= 7 and not re.search(r"[.;!?]\s", m.group(1)):
        level = _classify_heading(m.group(1), rules)
        if m.group(2):  # "Nice to have: Kafka, Redis": a heading only when the label is one
            return (level, m.start(2), True) if level else None
        return (level or _KEEP), len(line), False
    if stripped[-1] in ".,;!" or len(stripped) > 80:
        return None
    words = _WORD.findall(stripped)
    if not words or len(words) > 8:
        return None
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 5 and all(c.isupper() for c in letters) and "," not in stripped:
        if len(words) >= 2 or len(letters) >= 6:
            return (_classify_heading(stripped, rules) or _NONE), len(line), False
        return None
    if len(words) <= 6 and stripped[0].isupper() and _PLAIN_START.match(stripped):
        if re.search(r"\b(?:with|using|in\s+[A-Z])\b", stripped):
            return None
        level = _classify_heading(stripped, rules)
        if level is not None:
            return level, len(line), False
    return None


# ----------------------------------------------------------------------------------------------------------
# Sentences and clauses
# ----------------------------------------------------------------------------------------------------------

# A "." after an abbreviation ("e.g.", "approx.") ends no sentence, nor does one after an abbreviation and a
# line break; each abbreviation is looked for within the six characters before the ".".
_ABBREVIATIONS = ("e.g", "i.e", "vs", "incl", "approx", "esp", "min", "max", "yr", "yrs", "no")
_ABBREVIATION_REACH = 6
_NOT_ABBREVIATED = "(?i:{})".format(  # after the "."
    "".join(
        rf"(?<!\b{re.escape(word)}\.)"
        + (rf"(?<!\b{re.escape(word)}\n\.)" if len(word) < _ABBREVIATION_REACH else "")
        for word in _ABBREVIATIONS
    )
)
# sentence ends; a line break is one unless the next line runs on (_RUN_ON), see _sentence_cuts
_SENT_END = re.compile(  # one character class first: the scan skips to the candidates
    r"[.!?;•·▪●\n](?:(?<=[!?;])(?=\s|$)|(?<=[•·▪●])|(?<=\n)(?![ \t]*(?:[a-z]|[,;)]))"
    r"|(?<=\.)" + _NOT_ABBREVIATED + r"(?=\s|$))"
)
_RUN_ON = re.compile(r"\n(?=[ \t]*(?:[a-z]|[,;)]))")
_CONTRAST = re.compile(r",?\s*\b(?:but|however|although|though|whereas|while|yet|except)\b|[()]", _F)
_SUBCLAUSE = re.compile(r"[,:()]|\s[-–—]\s|\b(?:but|however|although|though|whereas|while|yet)\b", _F)


def _sentence_cuts(text: str) -> list[int]:
    """Sentence ends, unsorted; a line break is one unless the line runs on ("with a strong\n background")."""
    cuts = [m.end() for m in _SENT_END.finditer(text)]
    for m in _RUN_ON.finditer(text):
        before = text[max(0, m.start() - 80) : m.start()].rstrip()
        if not (before and before[-1] not in ".!?;:" and before[-1].isalnum()):
            cuts.append(m.end())
    return cuts


_PAREN = re.compile(r"\([^()\n]{0,120}\)")


class _Segments:
    """Sorted cut positions; ``around(pos)`` is the segment ``[start, end)`` containing ``pos``."""

    __slots__ = ("cuts", "n")

    def __init__(self, cuts: list[int], n: int) -> None:
        self.cuts = sorted(set(cuts))
        self.n = n

    def around(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.cuts, pos)
        start = self.cuts[i - 1] if i else 0
        end = self.cuts[i] if i < len(self.cuts) else self.n
        return start, end

    def index(self, pos: int) -> int:
        return bisect_right(self.cuts, pos)


class _SentenceSplits:
    """A sentence cut further where ``pattern`` matches; each sentence is read on the first ``around`` in it.

    Gives what ``_Segments(sentence cuts + match ends)`` gives, without reading the sentences that no mention
    asks about: the cost grows with the mentions that need it, not with the length of the document.
    """

    __slots__ = ("cache", "doc", "pattern")

    def __init__(self, doc: _Document, pattern: re.Pattern[str]) -> None:
        self.doc = doc
        self.pattern = pattern
        self.cache: dict[int, list[int]] = {}

    def around(self, pos: int) -> tuple[int, int]:
        a, b = self.doc.sentences.around(pos)
        cuts = self.cache.get(a)
        if cuts is None:
            cuts = self.cache[a] = [m.end() for m in self.doc.finditer(self.pattern, a, b)]
        i = bisect_right(cuts, pos)
        return (cuts[i - 1] if i else a), (cuts[i] if i < len(cuts) else b)


class _Ranges:
    """Character ranges; ``contains(pos)`` by bisection."""

    __slots__ = ("ends", "starts")

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        if not ranges:
            self.starts: list[int] = []
            self.ends: list[int] = []
            return
        ranges.sort()
        self.starts = [a for a, _ in ranges]
        self.ends = [b for _, b in ranges]
        # running maximum of ends, so that overlapping ranges are handled
        best = -1
        for i, b in enumerate(self.ends):
            best = max(best, b)
            self.ends[i] = best

    def contains(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def around(self, pos: int) -> tuple[int, int] | None:
        """The range starting last at or before ``pos`` when it contains ``pos`` (for disjoint ranges)."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.ends[i]:
            return self.starts[i], self.ends[i]
        return None


# ----------------------------------------------------------------------------------------------------------
# Cues
# ----------------------------------------------------------------------------------------------------------

_PREF_CUE = re.compile(
    r"\b(?:(?:is|are|would\s+be|will\s+be|be)\s+)?(?:a|an)\s+(?:big\s+|huge\s+|major\s+|definite\s+|strong\s+"
    r"|nice\s+|great\s+|real\s+|added\s+|additional\s+|distinct\s+)?(?:plus|bonus|advantage)\b"
    r"|\b(?:big|huge|major|definite|strong|nice)\s+plus\b|\bpluses\b|\bbonus\s+(?:points?|if)\b|\bbonus\b"
    r"|\bnice[\s-]*to[\s-]*haves?\b|\bnice\s+if\b|\bwould\s+be\s+(?:nice|great|ideal|helpful|beneficial)\b"
    r"|\bgood[\s-]*to[\s-]*have\b|\bideal(?:ly)?\b|\bprefer(?:red|ably|able)?\b|\bbonus\s+points?\s+if\b|\bdesir(?:ed|able)\b"
    r"|\badvantageous\b|\bhelpful\b|\bbeneficial\b|\boptional\b|\bextra\s+credit\b|\bis\s+an?\s+asset\b"
    r"|\bwe['’]?d\s+love\b|\bstand\s+out\b|\bsets?\s+you\s+apart\b|\bnot\s+(?:a\s+)?must\b",
    _F,
)
_REQ_CUE = re.compile(
    r"\bmust(?:[\s-]+haves?)?\b|\brequired\b|\brequires?\b|\brequirements?\b|\bmandatory\b|\bessential\b"
    r"|\bneeded\b|\byou['’]?(?:ll|\s+will)?\s+need\b|\bneed\s+to\s+have\b|\bis\s+a\s+must\b"
    r"|\bhave\s+to\s+have\b|\bshould\s+(?:have|possess|be\s+(?:proficient|skilled|expert|strong))\b",
    _F,
)
# "as required", "if required": not about the candidate
_REQ_FALSE = re.compile(
    r"(?:as|if|when|where|wherever|whenever)\s+(?:is\s+|are\s+)?(?:required|needed|necessary)\b"
    r"|\brequired\s+to\s+(?:travel|work|pass|obtain|maintain|be\s+on|relocate|sit|lift|stand)"
    r"|\brequires?\s+(?:travel|the\s+ability)|\bmust\s+be\s+(?:able|willing|authorized|eligible|legally)",
    _F,
)
# weak cues lift unspecified text to required but never override a "preferred" section
# cues that only reach forward: "ideally Go", "bonus if you know Rust"
# what a parenthesis may hold besides cues for the cue to apply to what precedes it: "(a plus, not required)"
_CUE_WORDS = re.compile(
    r"\b(?:is|are|would|be|will|a|an|but|and|or|not|strongly|highly|very|also|big|huge|nice|to|have|haves|plus"
    r"|bonus|advantage|preferred|preferably|desired|desirable|required|mandatory|optional|must|ideal|ideally"
    r"|helpful|beneficial|essential|needed|necessary|good|great|strong|definite)\b|[\W\d_]",
    _F,
)
_FORWARD_ONLY = re.compile(r"(?i)ideally|preferably|bonus\s+(?:points?\s+)?if|nice\s+if|we['’]?d\s+love")
_WEAK_REQ_CUE = re.compile(
    r"\b(?:strong|solid|proven|extensive|demonstrated|deep)\s+(?:hands[\s-]+on\s+)?(?:professional\s+)?"
    r"(?:experience|background|knowledge|expertise|proficiency|understanding|track\s+record)\b"
    r"|(?<!\d)\d+\s*\+\s*(?:years?|yrs?)\b|\b(?:minimum|at\s+least)\s+(?:of\s+)?\w+\s+(?:years?|yrs?)\b",
    _F,
)

_NEG_PRE = re.compile(
    r"\bno\s+(?:need|requirement)\s+(?:for|to\s+know|of)\b|\bno\b(?![\s-]*(?:longer|later|more|less|matter"
    r"|fewer|one|doubt|exception|cost|charge|sponsorship|problem|[-/]|\.\s*\d))"
    r"|\bnot\b(?!\s+(?:only|just|limited|merely|simply|necessarily\s+required|least|to\s+mention|yet|sure))"
    r"|\b(?:do|does|did|is|are|was|were|has|have|had|ca|wo|should|could|would|need)n['’]?t\b"
    r"(?!\s+(?:only|just|limited|merely|simply))"
    r"|\bwithout\b|\bnever\b|\bnor\b|\bneither\b|\binstead\s+of\b|\brather\s+than\b",
    _F,
)
# negations that do not negate what follows ("not only", "whether or not", "not limited to", "can not wait")
_NEG_FALSE = re.compile(
    r"\b(?:whether\s+or\s+not|if\s+not|or\s+not|not\s+(?:only|just|limited|merely|simply|least)"
    r"|but\s+not\s+limited|no\s+(?:two|day|matter)|without\s+(?:regard|sponsorship|the\s+need|requiring"
    r"|needing|compromising|sacrificing|supervision|unlawful|discrimination)"
    r"|not\s+(?:an?\s+)?(?:exhaustive|complete|all-inclusive)|never\s+(?:stop|stops|settle|been\s+a\s+better)"
    r"|no\s+(?:surprise|wonder|exception)|don['’]?t\s+(?:meet|check|have\s+(?:all|every|100))"
    r"|don['’]?t\s+(?:hesitate|wait|worry)|non[\s-]+(?:discriminat|profit|exempt|compete|solicit)"
    r"|no\s+shying\s+away|no[\s-]*sql)"
    r"|(?:\bnot|n['’]t)\s+(?:your|a|an|the|just\s+another)\s+(?:typical|average|usual|ordinary"
    r"|run[\s-]of[\s-]the[\s-]mill|standard|regular|everyday)",
    _F,
)
_NEG_POST = re.compile(
    r"\b(?:does|do|did)(?:\s+not|n['’]t)\s+(?:matter|count)\b|\b(?:is|are)\s+not\s+important\b"
    r"|\b(?:is|are)?\s*(?:not|n['’]t)\s+(?:(?:strictly|absolutely|necessarily)\s+)?(?:required|needed|necessary"
    r"|mandatory|essential|expected|a\s+(?:requirement|prerequisite|must))\b"
    r"|\b(?:isn|aren)['’]?t\s+(?:(?:strictly|absolutely|necessarily)\s+)?(?:required|needed|necessary"
    r"|mandatory|a\s+(?:requirement|prerequisite|must))\b",
    _F,
)

# where a negation's scope ends before its clause does: a new clause ("so", "because", "in this case",
# ", we ...", "and I ..."), or a coordinated verb with its own object ("and create it")
_SCOPE_BREAK = re.compile(
    r"\b(?:so|because|since|therefore|thus|hence|unless|until|whereas|otherwise|then|when|whenever|once)\b"
    r"|\bin\s+(?:this|that|which|such\s+a|each|either)\s+cases?\b"
    r"|(?:[,;]\s*(?:(?:and|or|but|so|yet|then)\s+)?|\b(?:and|or|but)\s+)(?:i|we|you|he|she|they|it)\b(?!['’]s\b)"
    r"|\b(?:and|or)\s+[a-z]+\s+(?:it|them)\b",
    _F,
)
# the words of a negation's scope: words, and the punctuation between them
_SCOPE_TOKEN = re.compile(r"[^\W_][\w'’+#.-]*(?<!\.)|[^\w\s]")
_NAME_START = re.compile(r"[A-Z0-9.#+]")
_OF_PHRASE = frozenset({"of", "for", "with", "about", "to"})  # "no documentation of the system"
_SCOPE_READ = 400  # characters of a negation's scope read for the word it governs and where it ends
_BY_NAME = -2  # a negation governing the names right after it ("not necessarily in C#")
# negations that are prepositions: they govern the noun phrase after them ("without some module like X")
_NEG_PREPOSITION = re.compile(r"without|instead\s+of|rather\s+than", _F)
_ARTICLES = frozenset({"a", "an", "the"})
_PRONOUN_OBJECTS = frozenset({"it", "them", "this", "these", "those"})
# a negation that "without" turns around: "may not work without X", "cannot build it without X" (X is needed)
_DOUBLE_NEG_FIRST = re.compile(r"not|never|cannot|\w+n['’]?t", _F)

# "not required" and the like: with a preference in the same sentence ("a plus but not required") they
# say "optional", not "absent"
_NOT_REQUIRED = re.compile(
    r"\s*(?:(?:strictly|absolutely|necessarily)\s+)?(?:required|needed|necessary|mandatory|essential"
    r"|a\s+(?:requirement|prerequisite|must))\b",
    _F,
)
# words a parenthesis may hold before a negation that applies to what precedes it: "(experience not required)"
_PAREN_FILLER = re.compile(
    r"\(\s*(?:(?:prior|previous|direct|any|professional)\s+)?(?:experience|knowledge|familiarity|background)?"
    r"\s*(?:(?:is|are)\s+)?$",
    _F,
)

# ----------------------------------------------------------------------------------------------------------
# Years of experience
# ----------------------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "a": 1, "an": 1,
}  # fmt: skip
_NUM = (
    r"(?:\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen)"
)
_YEARS = re.compile(
    rf"(?:\b(?:at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|min\.?|over|more\s+than|upwards\s+of"
    rf"|in\s+excess\s+of)\s+)?\b(?P<n>{_NUM})(?:\s*\(\d{{1,2}}\))?\s*\+?\s*(?:(?:-|–|—|to)\s*{_NUM}\s*\+?\s*)?"
    rf"(?:\+\s*)?(?:years?|yrs?)\b\.?(?:{_APOS}s?)?(?:\s*\+)?",
    _F,
)
# what may follow the year phrase when it is an experience claim about the skills after it
_YEARS_AFTER = re.compile(
    r"\s*(?:(?:of|in|with|using|working|developing|building|programming|coding|designing|writing|as|on"
    r"|professional|hands[\s-]+on|industry|relevant|related|proven|practical|commercial|production|prior"
    r"|recent|direct|demonstrated|combined|total|overall|solid|strong|progressive|deep|extensive|full[\s-]time"
    r"|software|engineering|development|backend|back[\s-]end|technical|the|a|an|and|or|&|/|,)\b[\s,/&]*)*"
    r"(?:experience|exp\b|expertise)?",
    _F,
)
_EXPERIENCE_WORD = re.compile(
    r"experience|exp\b|expertise|\bof\b|\bin\b|\bwith\b|\busing\b|working|developing|building|programming"
    r"|coding",
    _F,
)
_YEARS_BAD = re.compile(
    r"\s*(?:ago|old|of\s+age|in\s+business|of\s+(?:history|operation|service|growth|innovation|success"
    r"|excellence)|running|in\s+a\s+row|warranty)\b",
    _F,
)
_YEARS_BAD_BEFORE = re.compile(
    r"\b(?:founded|established|since|for\s+(?:over|more\s+than)|company|we|our)\b", _F
)
# between a skill and a following year phrase: "Python (5+ years)", "Python: 4 yrs", "Django – 3 years"
_YEARS_ADJ = re.compile(
    r"\s*(?:(?:experience|development|programming|skills?|exp)\s*)?(?:[(:\-–—,]\s*|\s+for\s+|\s+)"
    r"(?:[a-z]+\s*:\s*)?$",
    _F,
)

# a date range gives years only on a short line (a job entry), never in a paragraph of prose
_ENTRY_LINE_MAX = 200
_PROSE_LINE = 300  # a line longer than this is a paragraph of prose, not a job's bullet
_HEADING_LOOKBACK = 40  # lines scanned back from a date range for its section's title
# a line of one to four capitalised words: the title of a section or of the next entry ("Skills",
# "Additional Information", "Software Engineer")
_TITLE_LINE = re.compile(
    r"[ \t]*[A-Z][A-Za-z&'’/-]*(?:[ \t]+(?:[A-Z][A-Za-z&'’/-]*|&|and|of)){0,3}[ \t]*:?[ \t\r\n]*"
)
# after an intent phrase, a verb moves the interest off the skill ("interested in joining"), unless it is
# a verb of learning; so does a question word ("would like to learn more about your ..."), and a phrase
# without an object ("eager to learn, and committed to mentoring") has no reach
_INTENT_OFF = re.compile(
    r"\s+(?:(?!learn|explor|pick|gett|try|study)[a-z]+ing\b|(?:more|about|how|what|why|whether|if|from|and|or"
    r"|alongside|with|to)\b)|\s*(?:[,.;!?)]|$)",
    _F,
)
# a posting's wish is an ask, not an interest: the employer's ("we're especially interested in Go
# experience"), or one put to the candidate ("you are eager to learn Go", "engineers who are excited to
# learn Rust"); so is one in a requirements or preferences section
_ASKER = re.compile(
    r"\b(?:we|you|your|who|candidates?|applicants?|students?|someone|anyone|those)\b[^\n.;!?]*$", _F
)
_INTENT_REACH = 120  # characters an intent phrase reaches forward in its clause
# a new subject ends the reach of an intent phrase: "I'd like to learn Go, and I use Python daily"
_NEW_SUBJECT = re.compile(r"[,;]\s*(?:(?:and|but|so|yet|then)\s+)?(?:i|we|you|he|she|they|it)\b", _F)

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DATE_RANGE = re.compile(
    rf"\b(?:(?P<m1>{_MON})[ \t]+|(?P<n1>\d{{1,2}})/)?(?P<y1>(?:19|20)\d\d)[ \t]*(?:-|–|—|to|until)[ \t]*"
    rf"(?:(?:(?P<m2>{_MON})[ \t]+|(?P<n2>\d{{1,2}})/)?(?P<y2>(?:19|20)\d\d)\b"
    r"|(?P<now>present|current|now|today|date)\b)",
    _F,
)

# ----------------------------------------------------------------------------------------------------------
# Proficiency
# ----------------------------------------------------------------------------------------------------------

_KNOW = (
    r"(?:knowledge|understanding|experience|skills?|background|command|grasp|expertise|proficiency"
    r"|foundation)"
)
_PROF_PRE: list[tuple[str, str]] = [
    (
        "expert",
        r"\bexpert(?:s|ise)?\s+(?:level\s+)?(?:in|with|on|at|of)\b|\bexpert[\s-]+level\b|\bmastery\s+(?:of|in)\b"
        r"|\bdeep\s+(?:knowledge|understanding|expertise|experience)\b|\bexpert\b(?=\s+[A-Z])"
        r"|\bin[\s-]+depth\s+(?:knowledge|understanding|expertise)\b",
    ),
    (
        "advanced",
        r"\badvanced\s+(?:knowledge|understanding|experience|skills?|proficiency|user|level)\b"
        r"|\bstrong\s+(?:hands[\s-]+on\s+)?(?:working\s+)?" + _KNOW + r"?\b|\bproficien(?:t|cy)\b"
        r"|\bfluen(?:t|cy)\b|\bhighly\s+skilled\b|\bexcellent\s+" + _KNOW + r"\b",
    ),
    (
        "intermediate",
        r"\bworking\s+knowledge\b|\bintermediate\b|\bsolid\b|\bgood\s+" + _KNOW + r"\b"
        r"|\bhands[\s-]+on\s+experience\b|\bcompetent\b|\bcompetence\b",
    ),
    (
        "basic",
        r"\bfamiliar(?:ity)?\b|\bbasic\s+(?:knowledge|understanding|experience|skills?|familiarity)\b"
        r"|\bexposure\b|\bsome\s+(?:experience|knowledge|exposure|familiarity)\b|\bbeginner\b"
        r"|\bcurrently\s+learning\b|\bintroductory\b|\bawareness\s+of\b",
    ),
]
_PROF_PRE_RE = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PROF_PRE), _F)
# a plain capability phrase resets the level: "strong communication skills and experience with Python"
_PROF_RESET = re.compile(
    r"\b(?:experience|knowledge|understanding|background|ability|skills)\s+(?:with|in|of|using|to)\b", _F
)
_PROF_POST = re.compile(
    r"\s*(?:[(:\-–—,]\s*|\s)\s*(?:level\s*:\s*)?(?P<w>expert|advanced|proficient|fluent|intermediate"
    r"|beginner|basic|novice|familiar|learning|working\s+knowledge)\b",
    _F,
)
_PROF_WORD = {
    "expert": "expert", "advanced": "advanced", "proficient": "advanced", "fluent": "advanced",
    "intermediate": "intermediate", "working knowledge": "intermediate", "beginner": "basic",
    "basic": "basic", "novice": "basic", "familiar": "basic", "learning": "basic",
}  # fmt: skip
_PROF_REACH = 160  # characters a proficiency phrase reaches forward


_NOT_REQUIRED_ENDS = (
    "required",
    "needed",
    "necessary",
    "mandatory",
    "essential",
    "requirement",
    "must",
    "prerequisite",
)


# (position, level, strong, forward only, reach): see _Document._requirement_cues
_Cue = tuple[int, str, bool, bool, tuple[int, int] | None]
_MANY_CUES = 12  # a sentence with more requirement cues than this is answered from a _CueIndex


class _CueIndex:
    """A document's requirement cues by kind and level, for sentences with many cues.

    Gives what :meth:`_Document._requirement` gives from a pass over a sentence's cues (the levels of the
    cues that apply to a span, the nearest of them in its sub-clause, the first after it, the last), each
    with a few bisections, so that a long sentence full of cues costs no pass over them per span.
    """

    def __init__(self, cues: list[_Cue], parens: _Ranges) -> None:
        self.cues = cues
        self.parens = parens
        # (kind, level) -> (cue indexes, their positions); the indexes are in order, so are the positions
        self.lists: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        self.reach: dict[tuple[int, int], list[int]] = {}  # a parenthesis -> the cues that apply inside it
        for g, (pos, level, strong, forward, reach) in enumerate(cues):
            if reach is not None:
                self.reach.setdefault(reach, []).append(g)
                continue
            kind = "forward" if forward else "strong" if strong else "weak"
            gs, ps = self.lists.setdefault((kind, level), ([], []))
            gs.append(g)
            ps.append(pos)

    def level(
        self, start: int, end: int, section: str, sentence: tuple[int, int], subclauses: _SentenceSplits
    ) -> str:
        s_start, s_end = sentence
        ranges = []  # (indexes, positions, first, end) of the cues that apply, one per list
        levels = set()
        for (kind, level), (gs, ps) in self.lists.items():
            if kind == "weak" and section != _NONE:
                continue
            j0 = bisect_left(ps, s_start)
            j1 = bisect_left(ps, s_end)
            if kind == "forward":
                j1 = min(j1, bisect_right(ps, start))
            if j0 < j1:
                ranges.append((gs, ps, j0, j1))
                levels.add(level)
        extra = []  # the cues of the parenthesis the span is in
        paren = self.parens.around(start)
        if paren is not None:
            for g in self.reach.get(paren, ()):
                pos, level, _, forward, _ = self.cues[g]
                if s_start <= pos < s_end and not (forward and pos > start):
                    extra.append(g)
                    levels.add(level)
        if not levels:
            return section
        if len(levels) == 1:
            return levels.pop()
        # the nearest cue in the span's sub-clause; on a tie, the first
        sub_start, sub_end = subclauses.around(start)
        best: tuple[int, int] | None = None
        for gs, ps, j0, j1 in ranges:
            k0 = max(j0, bisect_left(ps, sub_start))
            k1 = min(j1, bisect_left(ps, sub_end))
            if k0 >= k1:
                continue
            m = bisect_right(ps, start, k0, k1)
            if m > k0:
                i = bisect_left(ps, ps[m - 1], k0, m)
                best = min(best, (start - ps[i], gs[i])) if best else (start - ps[i], gs[i])
            if m < k1:
                best = min(best, (ps[m] - start, gs[m])) if best else (ps[m] - start, gs[m])
        for g in extra:
            pos = self.cues[g][0]
            if sub_start <= pos < sub_end:
                best = min(best, (abs(pos - start), g)) if best else (abs(pos - start), g)
        if best is not None:
            return self.cues[best[1]][1]
        # else the first cue after the span, else the last cue
        after = [gs[k] for gs, ps, j0, j1 in ranges if (k := max(j0, bisect_left(ps, end))) < j1]
        after += [g for g in extra if self.cues[g][0] >= end]
        if after:
            return self.cues[min(after)][1]
        return self.cues[max([gs[j1 - 1] for gs, _, _, j1 in ranges] + extra)][1]


class _Document:
    """One text, read once.

    Headings and sentence ends are found over the whole text (one scan each). Cues, negations, year phrases
    and proficiency phrases are looked for only in the sentences that hold a span, since no rule reaches past
    the sentence of a span; and a sentence is scanned with a cue pattern only when one pass over its letter
    runs (:class:`_Anchors`) finds one of the pattern's anchor words in it. Date ranges are looked for only
    on the lines holding a year. Clause and sub-clause cuts and the line index are computed on first use.
    """

    def __init__(self, text: str, spans: list[tuple[int, int]], reference_year: int, rules: Rules) -> None:
        self.text = text
        self.reference_year = reference_year
        self.rules = rules
        lower = text.lower()
        # case-insensitive regexes are several times slower in Python: scan the lower-cased text with
        # case-sensitive copies where lower-casing keeps every offset (it does for almost all text)
        self.lower = lower if len(lower) == len(text) else None
        n = len(text)
        self.sec_starts, self.sec_levels, labels = _headings(text, rules.headings)
        self.label_starts = [a for a, _ in labels]
        self.label_ends = [b for _, b in labels]
        sent_cuts = _sentence_cuts(text)
        self.sentences = _Segments(sent_cuts, n)
        ends = [p for s, e in spans for p in (s, max(s, e - 1))]
        cuts = self.sentences.cuts
        self.windows = [
            (cuts[i - 1] if i else 0, cuts[i] if i < len(cuts) else n)
            for i in sorted({bisect_right(cuts, p) for p in ends})
        ]
        self.window_masks = self._window_masks()
        self.any_mask = 0
        for mask in self.window_masks:
            self.any_mask |= mask
        self.parens = _Ranges(self._scan(_PAREN))
        self._sent_cuts = sent_cuts
        self._clauses: _Segments | None = None
        self._lines: _Segments | None = None
        self._subclauses: _SentenceSplits | None = None
        self._scope_breaks: tuple[list[int], list[int]] | None = None
        self.pref_cues = list(self._matches(_PREF_CUE))
        self._negation(text)
        self._years_claims(text)
        self._requirement_cues(text)
        self._proficiency_cues(text)

    def _window_masks(self) -> list[int]:
        """For each window, the bits of the cue patterns whose anchor words it holds (one scan)."""
        if self.lower is None:
            return [_ANCHORS.all] * len(self.windows)
        mask, lower = _ANCHORS.mask, self.lower
        return [mask(lower, a, b) for a, b in self.windows]

    @property
    def lines(self) -> _Segments:
        """Lines, each with its line break (computed on first use)."""
        if self._lines is None:
            self._lines = _Segments([m.end() for m in re.finditer("\n", self.text)], len(self.text))
        return self._lines

    @property
    def clauses(self) -> _Segments:
        """Clauses: sentences cut at contrast words and parentheses (computed on first use)."""
        if self._clauses is None:
            cuts = self._sent_cuts + [a for a, _ in self._scan(_CONTRAST)]
            self._clauses = _Segments(cuts, len(self.text))
        return self._clauses

    @property
    def subclauses(self) -> _SentenceSplits:
        """Clauses cut at commas, colons, dashes and parentheses too (each sentence's on first use)."""
        if self._subclauses is None:
            self._subclauses = _SentenceSplits(self, _SUBCLAUSE)
        return self._subclauses

    def _source(self, pattern: re.Pattern[str]) -> tuple[str, re.Pattern[str]]:
        """The text to scan with ``pattern`` and the pattern to scan it with: the case-folded text and the
        pattern's case-sensitive copy when both exist (same spans, faster), else the text and ``pattern``."""
        fast = _CASE_FOLDED.get(id(pattern)) if self.lower is not None else None
        if fast is None or self.lower is None:
            return self.text, pattern
        return self.lower, fast

    def finditer(self, pattern: re.Pattern[str], start: int, end: int) -> Iterator[re.Match[str]]:
        """The matches of ``pattern`` in ``text[start:end]``."""
        source, pat = self._source(pattern)
        return pat.finditer(source, start, end)

    def _matches(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """The matches of ``pattern`` in the sentences that hold a span, in order."""
        key = id(pattern)  # hashing a compiled pattern hashes its whole program: look up by identity
        bit = _ANCHORS.bits.get(key)
        if bit is not None and not self.any_mask & bit:
            return []
        source, pat = self._source(pattern)
        out: list[re.Match[str]] = []
        if bit is None:
            for a, b in self.windows:
                out.extend(pat.finditer(source, a, b))
            return out
        for (a, b), mask in zip(self.windows, self.window_masks, strict=True):
            if mask & bit:  # scan only sentences holding one of the pattern's anchor words
                out.extend(pat.finditer(source, a, b))
        return out

    def _scan(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in self._matches(pattern)]

    def _negation(self, text: str) -> None:
        """Negated character ranges, and the text of negation cues (never a requirement cue)."""
        ranges: list[tuple[int, int]] = []
        masked: list[tuple[int, int]] = []
        parens: list[int] = []
        false_neg = _Ranges(self._scan(_NEG_FALSE))
        preferences = [m.start() for m in self.pref_cues if not self._in_label(m.start())]

        def optional(cue: int, end: int) -> bool:
            """A "not required" with a preference in its sentence ("a plus, but not required")."""
            if not _NOT_REQUIRED.match(text, end) and not text[cue:end].lower().endswith(_NOT_REQUIRED_ENDS):
                return False
            s_start, s_end = self.sentences.around(cue)
            return bisect_left(preferences, s_start) < bisect_left(preferences, s_end)

        cues = [
            m
            for m in self._matches(_NEG_PRE)
            if not (
                false_neg.contains(m.start()) or false_neg.contains(m.end() - 1) or self._in_label(m.start())
            )
        ]
        cancelled: set[int] = set()
        heads: dict[int, int] = {}  # the word a negation governs when it is no object word -> scope end
        for k, m in enumerate(cues):
            if m.start() in cancelled:
                continue
            cstart, cend = self.clauses.around(m.start())
            masked.append((m.start(), min(m.end() + 40, cend)))
            if optional(m.start(), m.end()):
                continue
            scope_end = self._scope_end(m.end(), cend)
            # "not ... without X": a double negation, X is needed; neither rules anything out past "without"
            if k + 1 < len(cues) and _DOUBLE_NEG_FIRST.fullmatch(m.group()):
                after = cues[k + 1]
                if after.start() < scope_end and after.group().lower() == "without":
                    cancelled.add(after.start())
                    scope_end = after.start()
            preposition = _NEG_PREPOSITION.fullmatch(m.group()) is not None
            governs, scope_end, head = self._governs(text, m.end(), scope_end, preposition)
            if not governs:
                if head >= 0:
                    heads[head] = scope_end
                # a negation of something else still rules out names listed right after it ("not SRE",
                # "(no Java)", "no PHP, Perl or Ruby"), not one a lower-case word sets apart from it ("no
                # native PHP function")
                named = _NAMES_AFTER.match(text, m.end(), scope_end)
                if named.end() > m.end():
                    ranges.append((m.end(), named.end()))
                continue
            # "(no experience required)" is about what precedes; "(rather than X)", "(not DRF)" are not
            if not preposition and head != _BY_NAME:
                self._paren(text, cstart, m.start(), parens)
            if scope_end > m.end():
                ranges.append((m.end(), scope_end))
            if scope_end == cend:
                ranges.extend(self._extend(text, cend))
        for m in self._matches(_NEG_POST):
            cue = m.start() + (len(m.group()) - len(m.group().lstrip()))
            masked.append((cue, m.end()))
            if optional(cue, m.end()):
                continue
            cstart, _ = self.clauses.around(cue)
            self._paren(text, cstart, cue, parens)
            # back to the start of the clause, or of the new clause the cue is in ("so that X is not needed")
            starts, ends = self.scope_breaks
            i = bisect_left(starts, cue) - 1  # the last new clause before the cue, if in this clause
            start = max(cstart, ends[i]) if i >= 0 and starts[i] >= cstart and ends[i] <= cue else cstart
            if cue > start:
                ranges.append((start, cue))
        ranges.extend(self._intent(text))
        self.paren_negated = sorted(parens)
        self.negated_heads = heads
        self.negated_ranges = _Ranges(ranges)
        self.masked = _Ranges(masked + ranges)

    @property
    def scope_breaks(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the new clauses a negation's scope stops at (found on first use, one scan)."""
        if self._scope_breaks is None:
            found = self._scan(_SCOPE_BREAK)
            self._scope_breaks = [a for a, _ in found], [b for _, b in found]
        return self._scope_breaks

    def _scope_end(self, start: int, end: int) -> int:
        """Where a negation's scope ends: at its clause end, or where a new clause starts before it."""
        starts = self.scope_breaks[0]
        i = bisect_left(starts, start)
        return starts[i] if i < len(starts) and starts[i] < end else end

    def _governs(self, text: str, start: int, end: int, preposition: bool = False) -> tuple[bool, int, int]:
        """Whether a negation whose scope is ``text[start:end]`` rules skills out, where its scope ends, and
        the start of the word it governs when that is no object word (``_BY_NAME`` when it governs the
        names after it, else -1).

        The negation governs the first word after it that is not a filler (``negation_fillers``): it rules
        skills out when that word, or the one after it, is one of the rules' ``negation_objects`` ("no prior
        experience with X", "we don't use X", "no X experience"), or when the word takes "to" and such a
        word ("not expected to know X"). Then the scope ends at
        a pronoun object ("don't use it in X") or at a plain noun followed by one of ``scope_prepositions``
        ("will not need an index in X"): X says where that thing is, it is not ruled out. Without
        ``negation_objects`` every negation rules out its whole scope. A ``preposition`` ("without")
        governs the noun phrase after it whatever its head ("without some module like X"), to the same ends;
        an action after it is read as after "not" ("without installing X" is about installing).
        """
        rules = self.rules
        objects = rules.negation_objects
        if not objects:
            return True, end, -1
        fillers, glue, preps = rules.negation_fillers, rules.list_glue, rules.scope_prepositions
        # the words a negation's scope is read in: its first _SCOPE_READ characters (a paragraph without
        # full stops is one clause; past them, the scope runs to the clause end)
        read_end = min(end, start + _SCOPE_READ)
        tokens = [
            (m.start(), m.end(), m.group().lower()) for m in _SCOPE_TOKEN.finditer(text, start, read_end)
        ]
        head = next((i for i, t in enumerate(tokens) if t[2] not in fillers and t[2] not in glue), -1)
        if head < 0:
            return True, end, -1
        # a preposition governs a noun phrase; an action after it ("without installing X") is about that
        # action, as a verb after "not" is
        gerund = tokens[head][2].endswith("ing")
        if tokens[head][2] not in objects and (not preposition or gerund):
            # the word after the head (past a list glued to it: "no java/python experience") may be the
            # governed noun the head qualifies ("no java experience"), or a "to" and an object word ("not
            # expected to know X")
            i = head + 1
            while i + 1 < len(tokens) and tokens[i][2] in glue and tokens[i][2] not in {"and", "or"}:
                i += 2
            nxt = [t[2] for t in tokens[i : i + 2]]
            if not (nxt[:1] and nxt[0] in objects) and not (
                nxt[:1] == ["to"] and nxt[1:] and nxt[1] in objects
            ):
                # names the negation governs ("not necessarily in C#", "(no Django)"); not names that
                # qualify a lower-case noun ("not as a Java system property") nor a noun phrase ("the
                # problem is not the API")
                j = head
                while j < len(tokens) and (_NAME_START.match(text, tokens[j][0]) or tokens[j][2] in glue):
                    j += 1
                direct = not any(t[2] in _ARTICLES for t in tokens[:head])  # "not the API": a noun phrase
                if direct and j > head and (j == len(tokens) or not tokens[j][2][0].isalpha()):
                    return True, tokens[j - 1][1], _BY_NAME
                return False, end, tokens[head][0] if direct else -1
        for i in range(head + 1, len(tokens)):
            _, b, word = tokens[i]
            if word in objects or word in fillers or word in glue or not word[0].isalpha():
                continue
            if word in _PRONOUN_OBJECTS:
                if tokens[i - 1][2] not in fillers:  # "use it", not "experience in it"
                    return True, b, -1
                continue
            if i + 1 < len(tokens):
                if tokens[i + 1][2] in preps or tokens[i + 1][2] == "(":
                    return True, b, -1
            elif read_end == end and text[end : end + 3].lstrip()[:1] == "(":  # "no support for X (unlike Y)"
                return True, b, -1
        return True, end, -1

    def _heading_above(self, text: str, pos: int) -> str:
        """The label of the section heading or title line ("Experience") nearest above ``pos``, else ""."""
        i = bisect_right(self.label_starts, pos) - 1
        label_start = self.label_starts[i] if i >= 0 else -1
        for _ in range(_HEADING_LOOKBACK):
            if pos <= 0 or pos <= label_start:
                break
            a, b = self.lines.around(pos - 1)
            if a <= label_start:
                break
            if _TITLE_LINE.fullmatch(text, a, b):
                return text[a:b]
            pos = a
        return text[label_start : self.label_ends[i]] if i >= 0 else ""

    def _intent(self, text: str) -> list[tuple[int, int]]:
        """After a phrase of wanting a skill ("would like to learn", "interested in"), to its clause end."""
        pattern = self.rules.intent
        if pattern is None:
            return []
        source = self.lower
        if source is None:
            source, pattern = text, re.compile(pattern.pattern, _F)
        out = []
        for a, b in self.windows:
            for m in pattern.finditer(source, a, b):
                if _INTENT_OFF.match(source, m.end()) or self._in_label(m.start()):
                    continue
                asked = _ASKER.search(source, max(a, m.start() - 60), m.start())
                if asked or self._section(m.start()) != _NONE:
                    continue
                _, cend = self.clauses.around(m.start())
                cend = min(cend, m.end() + _INTENT_REACH)
                new_subject = _NEW_SUBJECT.search(source, m.end(), cend)
                if new_subject is not None:
                    out.append((m.end(), new_subject.start()))
                    continue
                if cend > m.end():
                    out.append((m.end(), cend))
                out.extend(self._extend(text, cend))
        return out

    def _extend(self, text: str, end: int) -> list[tuple[int, int]]:
        """A negation reaches into a parenthesis right after it, and into a list after a colon."""
        out = []
        paren = self.parens.around(end)
        if paren is not None and paren[0] == end:
            out.append(paren)
            end = paren[1]
        rest = text[end : end + 3].lstrip(" ")
        if rest.startswith(":"):
            colon = text.index(":", end)
            s_end = self.sentences.around(colon)[1]
            out.append((colon, s_end))
        return out

    def _paren(self, text: str, cstart: int, cue: int, parens: list[int]) -> None:
        if cstart < len(text) and text[cstart] == "(" and _PAREN_FILLER.match(text[cstart:cue]):
            parens.append(cstart)

    def _years_claims(self, text: str) -> None:
        """Year phrases: (start, end, value, reads as experience of what follows)."""
        self.years: list[tuple[int, int, float, bool]] = []
        for m in self._matches(_YEARS):
            value = _number(m.group("n"))
            if value is None or value > 50 or _YEARS_BAD.match(text, m.end()):
                continue
            cstart, _ = self.clauses.around(m.start())
            if _YEARS_BAD_BEFORE.search(text, max(cstart, m.start() - 30), m.start()):
                continue
            after = _YEARS_AFTER.match(text, m.end())
            forward = after is not None and _EXPERIENCE_WORD.search(after.group()) is not None
            self.years.append((m.start(), m.end(), value, forward))
        self.years_pos = [y[0] for y in self.years]
        self._job_entries(text)

    def _job_entries(self, text: str) -> None:
        """The scopes of job entries: (start, end, years), from the date ranges of role lines.

        Each short line holding a date range is classified with the rules' ``date_kinds`` (its own text,
        else the line before it, else its section's heading). A role entry reaches from its line (or the
        title line above it) to the next date-range line or heading; other kinds give nothing.
        """
        self.jobs: list[tuple[int, int, float]] = []
        kinds = self.rules.date_kinds
        dated: dict[int, tuple[int, int, re.Match[str]]] = {}  # line index -> line range, first range
        for m in self._date_ranges():
            a, b = self.lines.around(m.start())
            if b - a <= _ENTRY_LINE_MAX:
                dated.setdefault(self.lines.index(m.start()), (a, b, m))
        if not dated:
            return
        entries: list[tuple[int, int, float | None]] = []  # (scope start, line end, years of a role)
        for index, (a, b, m) in sorted(dated.items()):
            kind, start = _kind(text[a:b], kinds), a
            if kind is None and a > 0 and index - 1 not in dated:
                pa, pb = self.lines.around(a - 1)
                title = text[pa:pb]
                if title.strip() and len(title) <= _ENTRY_LINE_MAX and not _BULLET.match(title):
                    kind = _kind(title, kinds)
                    start = pa if kind == "role" else a
            if kind is None:
                kind = _kind(self._heading_above(text, a), kinds)
            value = _range_years(m, self.reference_year) if kind == "role" else None
            entries.append((start, b, value))
        breaks = sorted({e[0] for e in entries} | set(self.label_starts))
        for start, line_end, value in entries:
            if value is None:
                continue
            i = bisect_left(breaks, line_end)
            end = breaks[i] if i < len(breaks) else len(text)
            pos = line_end + 1
            while pos < end:  # a title line ("Skills", "Software Engineer") starts another part
                a, b = self.lines.around(pos)
                if _TITLE_LINE.fullmatch(text, a, b) or b - a > _PROSE_LINE:  # so does a paragraph
                    end = a
                    break
                pos = b + 1
            self.jobs.append((start, end, value))
        self.job_starts = [j[0] for j in self.jobs]

    def _date_ranges(self) -> Iterator[re.Match[str]]:
        """Every date range of the text, in order: only the lines holding a year are scanned.

        A date range never spans a line break, so a line's ranges are the same as in a scan of the whole text.
        """
        source, pattern = self._source(_DATE_RANGE)
        line_end = -1
        for year in _YEAR_ANCHOR.finditer(source):
            if year.start() < line_end:
                continue
            a, line_end = self.lines.around(year.start())
            yield from pattern.finditer(source, a, line_end)

    def _requirement_cues(self, text: str) -> None:
        """(position, level, strong, forward only, reach), skipping cues in headings or negations.

        ``reach`` is the parenthesis a cue is in when the parenthesis also names what it is about
        ("Kubernetes (EKS preferred)"): the cue then applies inside it only. Otherwise it is None.
        """
        false_req = _Ranges(self._scan(_REQ_FALSE))
        cues: list[_Cue] = []

        def add(m: re.Match[str], level: str, strong: bool, forward: bool) -> None:
            pos = m.start()
            if self._in_label(pos):
                return
            reach = self.parens.around(pos) if strong else None
            if reach is not None:
                inside = _CUE_WORDS.sub(" ", text[reach[0] + 1 : reach[1] - 1])
                if not re.search(r"[^\W\d_]", inside):
                    reach = None
            cues.append((pos, level, strong, forward, reach))

        for m in self.pref_cues:
            if not self.negated_ranges.contains(m.start()):
                add(m, _PREF, True, _FORWARD_ONLY.match(m.group()) is not None)
        for m in self._matches(_REQ_CUE):
            if not (false_req.contains(m.start()) or self.masked.contains(m.start())):
                add(m, _REQ, True, False)
        for m in self._matches(_WEAK_REQ_CUE):
            add(m, _REQ, False, False)
        for start, _, _, forward in self.years:
            if forward:
                cues.append((start, _REQ, False, False, None))
        cues.sort(key=lambda c: c[0])
        self.cue_pos = [c[0] for c in cues]
        self.cues = cues
        self._cue_index: _CueIndex | None = None

    def _proficiency_cues(self, text: str) -> None:
        """(position, end, level), level None for a plain capability phrase that resets it."""
        prof: list[tuple[int, int, str | None]] = [
            (m.start(), m.end(), m.lastgroup) for m in self._matches(_PROF_PRE_RE)
        ]
        marked = _Ranges([(a, b + 2) for a, b, _ in prof])
        for m in self._matches(_PROF_RESET):
            if not marked.contains(m.start()):
                prof.append((m.start(), m.end(), None))
        prof.sort()
        self.prof = prof
        self.prof_pos = [p[0] for p in prof]

    # -- helpers ---------------------------------------------------------------------------------------------
    def _in_label(self, pos: int) -> bool:
        i = bisect_right(self.label_starts, pos) - 1
        return i >= 0 and pos < self.label_ends[i]

    # -- per span --------------------------------------------------------------------------------------------
    def context(self, start: int, end: int) -> SpanContext:
        sentence = self.sentences.around(start)
        negated = self._negated(start, end)
        requirement = _NONE if negated else self._requirement(start, end, sentence)
        key = (
            requirement,
            negated,
            self._years(start, end, sentence),
            self._proficiency(start, end, sentence),
        )
        found = _CONTEXTS.get(key)
        if found is None:
            found = SpanContext(*key)
            if len(_CONTEXTS) < _CACHE_MAX:
                found = _CONTEXTS.setdefault(key, found)
        return found

    def _section(self, pos: int) -> str:
        i = bisect_right(self.sec_starts, pos) - 1
        return self.sec_levels[i] if i >= 0 else _NONE

    def _requirement(self, start: int, end: int, sentence: tuple[int, int]) -> str:
        section = self._section(start)
        s_start, s_end = sentence
        lo = bisect_left(self.cue_pos, s_start)
        hi = bisect_left(self.cue_pos, s_end)
        if lo == hi:
            return section
        if hi - lo > _MANY_CUES:
            if self._cue_index is None:
                self._cue_index = _CueIndex(self.cues, self.parens)
            return self._cue_index.level(start, end, section, sentence, self.subclauses)
        cues = [
            c
            for c in self.cues[lo:hi]
            if (c[2] or section == _NONE)
            and not (c[3] and c[0] > start)
            and (c[4] is None or c[4][0] <= start < c[4][1])
        ]
        if not cues:
            return section
        kinds = {c[1] for c in cues}
        if len(kinds) == 1:
            return cues[0][1]
        sub_start, sub_end = self.subclauses.around(start)
        inside = [c for c in cues if sub_start <= c[0] < sub_end]
        if inside:
            return min(inside, key=lambda c: abs(c[0] - start))[1]
        after = [c for c in cues if c[0] >= end]
        if after:
            return after[0][1]
        return cues[-1][1]

    def _negated(self, start: int, end: int) -> bool:
        if self.negated_ranges.contains(start):
            return True
        scope_end = self.negated_heads.get(start)
        if scope_end is not None:
            # the mention is the word the negation governs, and the whole of its noun phrase ("little or no
            # documentation", "no Kafka."); not when it qualifies the next noun ("no matlab function")
            nxt = _SCOPE_TOKEN.search(self.text, end, scope_end) if end < scope_end else None
            word = "" if nxt is None else nxt.group().lower()
            if (
                not word
                or not word[0].isalpha()
                or word in _OF_PHRASE
                or word in self.rules.list_glue
                or word in self.rules.scope_prepositions
            ):
                return True
        if self.paren_negated:
            i = bisect_left(self.paren_negated, end)
            if i < len(self.paren_negated):
                paren = self.paren_negated[i]
                between = self.text[end:paren] if paren - end <= 30 else ""
                if paren - end <= 30 and re.fullmatch(r"[\s\w.+#/-]*", between) and len(between.split()) <= 2:
                    return True
        return False

    def _years(self, start: int, end: int, sentence: tuple[int, int]) -> float | None:
        if self.years:
            c_start, _ = self.clauses.around(start)
            # a phrase just after the skill: "Python (5+ years)", "Python: 4 yrs"
            i = bisect_left(self.years_pos, end)
            if i < len(self.years) and self.years[i][0] < sentence[1]:
                y_start, _, value, _ = self.years[i]
                if y_start - end <= 30 and _YEARS_ADJ.match(self.text[end:y_start]):
                    return value
            # a phrase earlier in the clause that reads as experience
            j = i - 1
            while j >= 0 and self.years[j][0] >= c_start:
                _, y_end, value, forward = self.years[j]
                if y_end <= start and (forward or not self.text[y_end:start].strip()):
                    return value
                j -= 1
        if self.jobs:
            i = bisect_right(self.job_starts, start) - 1
            if i >= 0 and start < self.jobs[i][1]:
                return self.jobs[i][2]
        return None

    def _proficiency(self, start: int, end: int, sentence: tuple[int, int]) -> str | None:
        m = _PROF_POST.match(self.text, end)
        if m and self.sentences.around(m.start("w"))[0] <= start:
            return _PROF_WORD[re.sub(r"\s+", " ", m.group("w").lower())]
        if not self.prof:
            return None
        s_start = sentence[0]
        i = bisect_left(self.prof_pos, start) - 1
        while i >= 0:
            p_start, p_end, level = self.prof[i]
            if p_start < s_start or start - p_end > _PROF_REACH:
                return None
            if p_end <= start:
                return level
            i -= 1
        return None


def _kind(line: str, kinds: Sequence[tuple[re.Pattern[str], str]]) -> str | None:
    """The first kind (copyright, education, role) with a phrase in ``line``, else None."""
    low = line.lower()
    for pattern, kind in kinds:
        if pattern.search(low):
            return kind
    return None


def _number(word: str) -> float | None:
    word = word.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


def _month(name: str | None, number: str | None) -> int | None:
    if name:
        return _MONTHS.get(
            name.lower().rstrip(".")[:4].rstrip("t") if name.lower().startswith("sept") else name.lower()[:3]
        )
    if number and 1 <= int(number) <= 12:
        return int(number)
    return None


def _range_years(m: re.Match[str], reference_year: int) -> float | None:
    y1 = int(m.group("y1"))
    m1 = _month(m.group("m1"), m.group("n1"))
    if m.group("now"):
        y2, m2 = reference_year, m1
    else:
        y2, m2 = int(m.group("y2")), _month(m.group("m2"), m.group("n2"))
    same_precision = m1 is not None and m2 is not None
    months = (y2 * 12 + (m2 or 0)) - (y1 * 12 + (m1 or 0)) if same_precision else (y2 - y1) * 12
    if months < 0 or months > 50 * 12:
        return None
    return round(months / 12, 1)


def annotate(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    reference_year: int | None = None,
    rules: Rules | None = None,
) -> list[SpanContext]:
    """Context for each (start, end) character span of `text`, in the same order.

    ``reference_year`` is the year that ``present`` stands for in a date range (``2019 - present``);
    ``None`` takes the current year from the clock. Pass it for runs that must give the same result
    in every year. ``rules`` gives the section-heading phrases (default: the bundled rules file).
    """
    if not spans:
        return []
    if not text:
        return [_DEFAULT for _ in spans]
    year = reference_year if reference_year is not None else date.today().year
    n = len(text)
    clipped = []
    for start, end in spans:
        s = min(max(int(start), 0), n)
        clipped.append((s, min(max(int(end), s), n)))
    doc = _Document(text, clipped, year, rules if rules is not None else load_rules())
    return [doc.context(s, e) for s, e in clipped]


# Anchor words of the cue patterns (lower-cased): every match of a pattern holds at least one of its words,
# either anywhere (first tuple) or at the start of a word (second tuple). A sentence without any of a
# pattern's words is not scanned with it. Only for patterns whose every alternative has such a word outside
# a \s+ run. The sub-clause and intent patterns have none: they are scanned in every sentence.
# "<aux>n't" without its apostrophe: "dont", "cant"
_NOT_AUX = (
    "do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "ca", "wo", "should", "could",
    "would", "need",
)  # fmt: skip
_GATES: dict[re.Pattern[str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    _YEARS: (("year", "yr"), ()),
    _REQ_FALSE: (("require", "needed", "necessary", "must"), ()),
    _WEAK_REQ_CUE: (("strong", "solid", "proven", "extensive", "demonstrated", "deep", "year", "yr"), ()),
    _PREF_CUE: ((
        "plus", "bonus", "advantage", "nice", "would", "good", "ideal", "prefer", "desir", "helpful",
        "beneficial", "optional", "extra", "asset", "love", "stand", "apart", "must",
    ), ()),
    _NEG_POST: (("not", "n't", "n’t", "isnt", "arent"), ()),
    _PROF_RESET: (("experience", "knowledge", "understanding", "background", "ability", "skills"), ()),
    _PROF_PRE_RE: ((
        "expert", "mastery", "deep", "depth", "advanced", "strong", "proficien", "fluen", "highly",
        "excellent", "working", "intermediate", "solid", "good", "hands", "competen", "familiar", "basic",
        "exposure", "some", "beginner", "learning", "introductory", "awareness",
    ), ()),
    _REQ_CUE: ((), ("must", "require", "mandatory", "essential", "need", "have", "should")),
    _CONTRAST: (
        ("(", ")"), ("but", "however", "although", "though", "whereas", "while", "yet", "except")
    ),
    _NEG_PRE: (
        ("n't", "n’t"),
        ("no", "without", "never", "neither", "instead", "rather", *(aux + "nt" for aux in _NOT_AUX)),
    ),
    _NEG_FALSE: (("n't", "n’t"), ("no", "without", "never", "don")),
    _PAREN: (("(",), ()),
}  # fmt: skip


_CACHE_MAX = 50_000  # entries of the shared tables (letter runs and their anchor bits, contexts): a few MB


class _Anchors:
    """Which cue patterns a sentence can match, from the anchor words it holds.

    A sentence is read once: its letter runs (``[a-z]+`` on the lower-cased text) are looked up in a table
    of the runs seen before, which holds the bits of the patterns whose anchor words each run contains (or
    starts with); anchors that are not letters (``"n't"``, ``"("``) are found with :meth:`str.find`. The
    table only grows (to a bound), so that threads may share it.
    """

    def __init__(self, gates: dict[re.Pattern[str], tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        self.bits = {id(pattern): 1 << i for i, pattern in enumerate(gates)}  # by the pattern's identity
        self.all = (1 << len(gates)) - 1
        self.inside: list[tuple[str, int]] = []  # letter anchors found anywhere in a run
        self.starts: list[tuple[str, int]] = []  # letter anchors found at the start of a run
        self.marks: list[tuple[str, int]] = []  # anchors with other characters, found in the text
        for pattern, (anywhere, starts) in gates.items():
            bit = self.bits[id(pattern)]
            for word in anywhere:
                (self.inside if word.isalpha() and word.isascii() else self.marks).append((word, bit))
            for word in starts:
                (self.starts if word.isalpha() and word.isascii() else self.marks).append((word, bit))
        self.hits: dict[str, int] = {}  # runs seen with some anchor
        self.seen: set[str] = set()  # runs seen

    def _run_mask(self, run: str) -> int:
        mask = 0
        for word, bit in self.inside:
            if word in run:
                mask |= bit
        for word, bit in self.starts:
            if run.startswith(word):
                mask |= bit
        return mask

    def mask(self, lower: str, a: int, b: int) -> int:
        """The bits of the patterns with an anchor word in ``lower[a:b]``."""
        runs = set(_LETTER_RUN.findall(lower, a, b))
        mask = 0
        for run in runs - self.seen:
            run_mask = self._run_mask(run)
            mask |= run_mask
            if len(self.seen) < _CACHE_MAX:
                if run_mask:
                    self.hits[run] = run_mask  # before ``seen``: a run in ``seen`` is always in ``hits``
                self.seen.add(run)
        hits = self.hits
        for run in runs & hits.keys():
            mask |= hits[run]
        for word, bit in self.marks:
            if not mask & bit and lower.find(word, a, b) >= 0:
                mask |= bit
        return mask


_ANCHORS = _Anchors(_GATES)
# every date range holds a year: only the lines with one are scanned for date ranges
_YEAR_ANCHOR = re.compile(r"(?:19|20)\d\d")


# Case-sensitive copies of the case-insensitive patterns, run on lower-cased text (same spans, faster).
# A case-insensitive [A-Z] matches every letter: on lower-cased text that is [a-z].
_CASE_FOLDED: dict[int, re.Pattern[str]] = {  # by the identity of the original
    id(pat): re.compile(pat.pattern.replace("[A-Z]", "[a-z]"), pat.flags & ~re.IGNORECASE)
    for pat in (
        _REQ_FALSE,
        _PROF_PRE_RE,
        _CONTRAST,
        _SUBCLAUSE,
        _PREF_CUE,
        _REQ_CUE,
        _WEAK_REQ_CUE,
        _NEG_PRE,
        _NEG_POST,
        _NEG_FALSE,
        _YEARS,
        _PROF_RESET,
        _DATE_RANGE,
    )
}
