"""skillmatch: find back-end developer skills in job postings and résumés, with evidence, as DataFrames.

>>> import skillmatch
>>> skillmatch.extract("Django and PostgreSQL on AWS")["skill_id"].tolist()
['django', 'postgresql', 'aws']
"""

from __future__ import annotations

from . import accessor as _accessor  # registers the DataFrame accessor ``df.skills``
from . import component as _component  # registers the "skillmatch" spaCy factory
from . import plot
from .api import SkillMatcher, coverage, extract, match
from .errors import (
    ConfigError,
    InputEncodingError,
    InputError,
    PatternError,
    TaxonomyError,
    TaxonomyProblem,
    UnknownSkillError,
)
from .render import render
from .report import report
from .rules import Rules, load_rules, validate_rules
from .scoring import MatchCorpus, MatchWeights, reasons, skill_summary, top_k
from .taxonomy import Category, Skill, Taxonomy, bundled_taxonomies, load_taxonomy, validate_taxonomy
from .tokenizer import customize_tokenizer, make_nlp

__version__ = "0.1.0"

__all__ = [
    "Category",
    "ConfigError",
    "InputEncodingError",
    "InputError",
    "MatchCorpus",
    "MatchWeights",
    "PatternError",
    "Rules",
    "Skill",
    "SkillMatcher",
    "Taxonomy",
    "TaxonomyError",
    "TaxonomyProblem",
    "UnknownSkillError",
    "__version__",
    "bundled_taxonomies",
    "coverage",
    "customize_tokenizer",
    "extract",
    "load_rules",
    "load_taxonomy",
    "make_nlp",
    "match",
    "plot",
    "reasons",
    "render",
    "report",
    "skill_summary",
    "top_k",
    "validate_rules",
    "validate_taxonomy",
]

del _component, _accessor
