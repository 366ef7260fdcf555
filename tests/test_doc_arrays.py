"""The per-Doc token tables behind matching: every way of reading them gives what a token-by-token reading
gives, on short Docs (scanned in Python) and long ones (scanned with numpy)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc

from skillmatch.matching import _BLOCKED, _NEWLINE, _SCAN_IN_PYTHON, _SPACE, _DocArrays

WORDS = [
    "Python",
    "and",
    "Go",
    "or",
    "data",
    "base",
    ".",
    ",",
    "!",
    "\n",
    "\n\n",
    " ",
    "  ",
    "our",
    "team",
    "-",
]

# short Docs, and Docs long enough to be scanned with numpy
docs_words = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
    st.lists(st.sampled_from(WORDS), min_size=_SCAN_IN_PYTHON, max_size=_SCAN_IN_PYTHON + 60),
)


def _arrays(matcher, words: list[str]) -> _DocArrays:
    index = matcher.component.index
    return _DocArrays(Doc(matcher.nlp.vocab, words=words), index._hashes, index._kinds)


def _keys(matcher, words: list[str]) -> set[int]:
    strings = matcher.nlp.vocab.strings
    return {strings.add(w.lower()) for w in words}


@given(docs_words, st.lists(st.sampled_from(WORDS), max_size=30))
def test_positions_are_those_of_a_token_scan(matcher, words, wanted):
    a = _arrays(matcher, words)
    keys = _keys(matcher, wanted)
    assert a.positions(keys) == [i for i, key in enumerate(a.lowers) if key in keys]


@given(docs_words, st.data())
def test_sentences_end_at_sentence_final_words_and_line_breaks(matcher, words, data):
    a = _arrays(matcher, words)
    sentence_end = matcher.component.index._hashes.sentence_end
    ends = [i for i, w in enumerate(words) if "\n" in w or a.lowers[i] in sentence_end]
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    first, last = a.sentence(start, end)
    assert first == max([i + 1 for i in ends if i < start], default=0)
    assert last == min([i for i in ends if i >= end], default=len(words))


@given(docs_words)
def test_token_kinds_agree_with_the_token_text(matcher, words):
    a = _arrays(matcher, words)
    kinds = matcher.component.index._kinds
    for i, w in enumerate(words):
        space = w.isspace()
        assert a.is_glue(i) == (space or a.lowers[i] in matcher.component.index._hashes.glue)
        assert a.blocked(i) == (space or all(not c.isalnum() for c in w))
        assert kinds.of(a.lowers[i]) == (
            (_BLOCKED | _SPACE | (_NEWLINE if "\n" in w else 0))
            if space
            else (_BLOCKED if a.blocked(i) else 0)
        )


def test_offsets_of_a_long_doc(matcher):
    text = "We use Python and Go.\n" * (_SCAN_IN_PYTHON // 3)
    hits = matcher.component.index.find(matcher.nlp.make_doc(text))
    assert len(hits) == 2 * (_SCAN_IN_PYTHON // 3)
    assert all(text[h.start_char : h.end_char] in ("Python", "Go") for h in hits)


@given(docs_words, st.data())
def test_context_window_stops_at_sentence_boundaries(matcher, words, data):
    a = _arrays(matcher, words)
    n = len(words)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, min(n, start + 3)))
    size = data.draw(st.integers(1, 10))
    skip = set(data.draw(st.lists(st.integers(0, n - 1), max_size=6)))
    expected: set[int] = set()
    for step, first, stop in ((-1, start - 1, max(-1, start - 1 - size)), (1, end, min(n, end + size))):
        for i in range(first, stop, step):
            if a.is_boundary(i):
                break
            if i not in skip:
                expected.add(a.lowers[i])
    assert a.window(start, end, size, skip) == expected
