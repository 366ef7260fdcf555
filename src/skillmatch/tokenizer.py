"""The default offline pipeline: ``spacy.blank("en")`` with a tokenizer that keeps technology names whole.

spaCy's English tokenizer leaves ``C#/.NET``, ``Core/.NET`` or ``node.js/express`` as single tokens and
splits ``F#``. :func:`customize_tokenizer` splits on every slash and keeps ``F#``-style names, ``.NET``
and ``ASP.NET`` together. Patterns are tokenized with the same tokenizer as the texts, so any pipeline
works; only this one is tuned for technology names.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

__all__ = ["DEFAULT_MAX_LENGTH", "customize_tokenizer", "make_nlp"]

DEFAULT_MAX_LENGTH = 1_000_000

_URL_RE = re.compile(r"(?:[a-z][a-z0-9+.\-]*://|www\.)\S+$", re.IGNORECASE)
# JavaScript libraries' names and the .NET names stay one token in any casing ("Node.JS", "Asp.Net"):
# spaCy splits a full stop between a lower-case and an upper-case letter, which broke these names in two
_INVISIBLE = "[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]"
_DOTTED_NAME_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9]*\.js|(?:asp|ado|vb)\.net)$", re.IGNORECASE)
_SPECIAL = ["C#", "F#", "J#", "C++", "G++", "Q#", "A#", ".NET", "ASP.NET", "VB.NET", "ADO.NET", "Node.js"]


def customize_tokenizer(nlp: Language) -> Language:
    """Tune ``nlp``'s tokenizer for technology names, in place, and return ``nlp``.

    >>> nlp = make_nlp()
    >>> [t.text for t in nlp("C#/.NET, F# and CI/CD; node.js/express")]
    ['C#', '/', '.NET', ',', 'F#', 'and', 'CI', '/', 'CD', ';', 'node.js', '/', 'express']
    >>> [t.text for t in nlp("<li>C++</li> [Go](https://go.dev)")][:6]
    ['<', 'li', '>', 'C++', '<', '/']
    """
    tok = nlp.tokenizer
    # every slash; markup brackets, so that a name glued to a tag or a link ("<li>Python</li>",
    # "[PostgreSQL](url)") stands alone; full-width punctuation, which East Asian text sets without spaces
    infixes = [*nlp.Defaults.infixes, r"/", r"[<>\[\]]", r"[，、；：。（）！？]"]
    tok.infix_finditer = compile_infix_regex(infixes).finditer
    # a trailing full stop after a word of two or more letters is punctuation ("RoR.", "Golang.")
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Za-z]{2})\.$", r"(?<=[A-Za-z][#+])\.$", _INVISIBLE]
    tok.suffix_search = compile_suffix_regex(suffixes).search
    # an invisible character at a word's edge (a byte-order mark, a zero-width space) is a token of its
    # own, so a name's token holds the name alone
    tok.prefix_search = compile_prefix_regex([*nlp.Defaults.prefixes, _INVISIBLE]).search
    # "node.js/express" looks like a host and a path; here only text with a scheme or "www." is a URL
    tok.url_match = _URL_RE.match
    tok.token_match = _DOTTED_NAME_RE.match
    for text in _SPECIAL:
        for variant in {text, text.lower(), text.upper()}:
            tok.add_special_case(variant, [{"ORTH": variant}])
    return nlp


def make_nlp(lang: str = "en", *, max_length: int = DEFAULT_MAX_LENGTH) -> Language:
    """A blank spaCy pipeline with the technology-aware tokenizer; needs no trained model."""
    nlp = spacy.blank(lang)
    nlp.max_length = max_length
    return customize_tokenizer(nlp)
