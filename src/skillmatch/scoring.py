"""Scores computed from match frames: per-document coverage and résumé-to-job matching.

Coverage of a document against a target set of skills ``T`` (by default every skill of the taxonomy;
``against`` names a profile instead, see :func:`target_skills`):

* ``F`` is the set of distinct skills found in the document (negated mentions excluded);
* ``coverage = |F ∩ T| / |T|``;
* for each category ``c``: ``coverage_<c> = |F ∩ T_c| / |T_c|`` where ``T_c`` are the targets in ``c``
  (``NaN`` when ``T_c`` is empty), and ``n_<c> = |F ∩ T_c|``;
* ``n_matches`` counts every mention, ``n_skills = |F|`` (all distinct skills, targets or not).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import ConfigError, UnknownSkillError
from .frames import empty_frame, frame_from_columns
from .taxonomy import Taxonomy

__all__ = [
    "MatchCorpus",
    "MatchWeights",
    "coverage_columns",
    "coverage_frame",
    "reasons",
    "score_pairs",
    "skill_summary",
    "specificity_weight",
    "target_skills",
    "top_k",
]

CATEGORY_PREFIX = "category:"


def target_skills(taxonomy: Taxonomy, against: str | Iterable[str] | None) -> set[str]:
    """The skill ids a coverage is measured against.

    ``None`` means every skill of the taxonomy. Otherwise ``against`` is one name or an iterable of names;
    each name is a skill id, or ``category:NAME`` for every skill of a category. A bare category name that
    is not also a skill id (``"frameworks"``) means the category too; where a category and a skill share a
    name (``"databases"``), the bare name is the skill and ``category:databases`` the category. An unknown
    name raises :class:`UnknownSkillError` suggesting close skill ids and categories.
    """
    if against is None:
        return set(taxonomy.skills)
    names = [against] if isinstance(against, str) else list(against)
    targets: set[str] = set()
    for name in names:
        key = str(name).strip()
        category = key[len(CATEGORY_PREFIX) :] if key.startswith(CATEGORY_PREFIX) else None
        if category is None and key not in taxonomy.skills and key in taxonomy.categories:
            category = key
        if category is None:
            targets.add(taxonomy[key].id)  # UnknownSkillError for an unknown id
        elif category in taxonomy.categories:
            targets.update(sid for sid, s in taxonomy.skills.items() if s.category == category)
        else:
            known = [f"{CATEGORY_PREFIX}{c}" for c in taxonomy.categories]
            close = difflib.get_close_matches(key, known, n=5, cutoff=0.6)
            raise UnknownSkillError(key, close or known)
    return targets


def coverage_columns(taxonomy: Taxonomy) -> dict[str, str]:
    cols = {
        "doc_id": "object",
        "empty": "bool",
        "n_matches": "int64",
        "n_skills": "int64",
        "coverage": "float64",
    }
    for cat in taxonomy.categories:
        cols[f"coverage_{cat}"] = "float64"
    for cat in taxonomy.categories:
        cols[f"n_{cat}"] = "int64"
    return cols


def coverage_frame(
    found: list[set[str]],
    n_matches: list[int],
    ids: pd.Index,
    empty: list[bool],
    taxonomy: Taxonomy,
    *,
    against: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Coverage per document: ``found[i]`` is the set of skill ids found in document ``i``."""
    columns = coverage_columns(taxonomy)
    targets = target_skills(taxonomy, against)  # UnknownSkillError for an unknown name
    if not len(ids):
        return empty_frame(columns, id_dtype=ids.dtype)
    cats = list(taxonomy.categories)
    cat_of = {sid: s.category for sid, s in taxonomy.skills.items()}
    per_cat_total = {c: sum(1 for s in targets if cat_of[s] == c) for c in cats}
    n_docs = len(ids)
    values: dict[str, object] = {
        "doc_id": ids,
        "empty": list(empty),
        "n_matches": list(n_matches),
        "n_skills": [len(f) for f in found],
        "coverage": [len(f & targets) / len(targets) if targets else np.nan for f in found],
    }
    hit_counts = {c: [0] * n_docs for c in cats}
    for i, f in enumerate(found):
        for sid in f & targets:
            hit_counts[cat_of[sid]][i] += 1
    for c in cats:
        total = per_cat_total[c]
        values[f"coverage_{c}"] = [n / total if total else np.nan for n in hit_counts[c]]
        values[f"n_{c}"] = hit_counts[c]
    return frame_from_columns(columns, values)  # type: ignore[arg-type]


# -- résumé-to-job matching ----
LEVELS = ("required", "preferred", "unspecified")
STATUSES = ("met", "partial", "missing", "alternative", "unnamed", "lexical", "extra")
_INSTALL_RANK = "pip install scikit-learn"


@dataclass(frozen=True)
class MatchWeights:
    """Every knob of the résumé-to-job score, with its default and the reason for it (see docs/scoring.md).

    The score of a pair is ``(1 - lexical) * skill_score + lexical * text_similarity``, and

        skill_score = sum(weight * credit) / (sum(weight) + evidence_prior)

    over the job's requirements: a requirement is one job skill, or one group of alternatives ("one of
    Go, Rust or Java") met by its best member. A requirement's weight is

        requirement[level] * category[category] * specificity_weight * (core if core else 1)

    and its credit is 1 when the résumé shows the skill or a narrower one, ``sibling`` for a skill sharing a
    broader skill, ``broader`` for only a broader skill, else 0; times ``max(years_floor, shown / asked)``
    when the résumé states fewer years than the job asks.

    Attributes
    ----------
    requirement
        Weight per requirement level. Default required 1.0, unspecified 0.7, preferred 0.4: a firm ask
        counts most; a skill named without a level is usually part of the stack.
    category
        Weight per category (1.0 when absent). Default traits 0.0, specialisations 0.2, responsibilities
        0.5, practices 0.7: traits ("communication") and generic kinds of work are in nearly every posting
        and, when counted like technologies, dilute the score of every candidate alike.
    sibling, broader
        Partial credit for a related skill (0.5 and 0.4): MySQL for PostgreSQL is a short step, Python for
        Django a longer one.
    years_floor
        The least credit a skill shown with fewer years than asked keeps (0.5).
    specificity
        Exponent on the specificity weight ``1 + ln((N + m) / (df + m * prior))`` where ``N`` is the number
        of jobs in the corpus, ``df`` how many of them name the skill, ``m`` = ``prior_documents`` and
        ``prior = 0.5 ** (1 + depth)`` with ``depth`` the skill's depth in the taxonomy's hierarchy (an
        umbrella skill counts as depth 0). Default 1.0: a rare, specific skill (Kafka, ABAP) says more about
        a job than one every posting names (APIs, SQL). 0 makes every skill equal.
    prior_documents
        How many pseudo-documents the taxonomy prior is worth (20): with a handful of jobs the hierarchy
        decides, with hundreds the corpus does.
    core
        Multiplier for a job's core skills (2.0): those named in its lead (the first ``lead_chars``
        characters, where the title and the summary stand) or in a heading line. "Java Developer" asks for
        Java first.
    lead_chars
        Length of the lead, in characters (250: a title and a sentence or two).
    evidence_prior
        Weight of the requirements a job leaves unnamed (20, in the units of the weights above, where a
        required skill weighs about 2 to 7, twice that when core): a job that names two skills, both
        shown, is weaker evidence of a fit than one that names twenty, all shown. It keeps the few-skill
        job from outranking every well-described one; the full match of a job whose named weight is ``W``
        scores ``W / (W + 20)``. The gap report shows it as an ``unnamed`` row that earns nothing. 0 makes
        ``skill_score`` the plain weighted coverage.
    lexical
        Share of the score given to the TF-IDF cosine similarity of the two texts (0.7; needs the texts
        and scikit-learn, a dependency of skillmatch). Skills say what a job needs; the rest of the
        words (domain, seniority, duties outside the taxonomy) say what it is about. Cosines of two real
        texts are small (0.05 to 0.4) while ``skill_score`` spans 0 to 1, so a large share keeps the two
        parts of about equal pull on the ranking. 0 turns it off; it is also off when either text is not
        given, and takes the whole score when the job has no weighted skill.
    """

    requirement: Mapping[str, float] = field(
        default_factory=lambda: {"required": 1.0, "unspecified": 0.7, "preferred": 0.4}
    )
    category: Mapping[str, float] = field(
        default_factory=lambda: {
            "traits": 0.0,
            "specialisations": 0.2,
            "responsibilities": 0.5,
            "practices": 0.7,
        }
    )
    sibling: float = 0.5
    broader: float = 0.4
    years_floor: float = 0.5
    specificity: float = 1.0
    prior_documents: float = 20.0
    core: float = 2.0
    lead_chars: int = 250
    evidence_prior: float = 20.0
    lexical: float = 0.7

    def __post_init__(self) -> None:
        missing = [lvl for lvl in LEVELS if lvl not in self.requirement]
        if missing:
            raise ConfigError(f"requirement weights lack {missing}; valid levels: {', '.join(LEVELS)}")
        for name in ("sibling", "broader", "years_floor", "lexical"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be between 0 and 1, got {value!r}")
        for name in ("specificity", "prior_documents", "core", "lead_chars", "evidence_prior"):
            value = getattr(self, name)
            if not value >= 0:
                raise ConfigError(f"{name} must not be negative, got {value!r}")
        for key, value in [*self.requirement.items(), *self.category.items()]:
            if not value >= 0:
                raise ConfigError(f"weight for {key!r} must not be negative, got {value!r}")


@dataclass
class MatchCorpus:
    """What specificity and the lexical part are measured against: by default the jobs being matched.

    Build one from a larger body of postings (``MatchCorpus.from_matches(skillmatch.extract(texts),
    texts)``) to score a few jobs with the statistics of many; pass it as ``corpus=`` to the match
    functions. Résumés never enter it, so a pair's score does not depend on which other résumés are scored.
    Built without texts it has no vocabulary, and the lexical part of the score is off.
    """

    n_documents: int
    skill_documents: Mapping[str, int]
    vectorizer: Any = None  # a fitted scikit-learn TfidfVectorizer, or None

    @classmethod
    def from_matches(
        cls, matches: pd.DataFrame, texts: Iterable[str] | None = None, *, lexical: bool = True
    ) -> MatchCorpus:
        """Statistics of an ``extract`` frame (and of the same documents' texts, for the lexical part)."""
        rows = matches[~matches["negated"].astype(bool)]
        df = rows.drop_duplicates(["doc_id", "skill_id"])["skill_id"].value_counts()
        docs = list(texts) if texts is not None else None
        n = len(docs) if docs is not None else int(matches["doc_id"].nunique())
        vectorizer = _fit_tfidf(docs) if docs is not None and lexical else None
        return cls(n, {str(k): int(v) for k, v in df.items()}, vectorizer)


def _fit_tfidf(texts: list[str]) -> Any:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError as exc:
        raise ImportError(
            f"the lexical part of the match score needs scikit-learn: {_INSTALL_RANK}, "
            "or turn it off with MatchWeights(lexical=0)"
        ) from exc
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    if not any(t.strip() for t in texts):
        return None
    try:
        vectorizer.fit(texts)
    except ValueError:  # only stop words
        return None
    return vectorizer


@dataclass
class _Evidence:
    skill_id: str
    text: str
    start: int
    end: int
    years: float | None = None


@dataclass
class _JobSkill:
    skill_id: str
    requirement: str
    years: float | None
    group: int | None = None
    core: bool = False
    weight: float = 0.0
    specificity: float = 1.0


@dataclass
class _Unit:
    """One requirement: a skill, or a group of alternatives met by any member."""

    members: list[_JobSkill]
    weight: float
    requirement: str


_RANK = {"required": 0, "preferred": 1, "unspecified": 2}
LEVELS_BY_RANK = ("required", "preferred", "unspecified")

PAIR_COLUMNS: dict[str, str] = {
    "resume_id": "object",
    "job_id": "object",
    "score": "float64",
    "skill_score": "float64",
    "lexical_score": "float64",
    "required_coverage": "float64",
    "preferred_coverage": "float64",
    "n_job_skills": "int64",
    "n_met": "int64",
    "n_partial": "int64",
    "n_missing": "int64",
    "matched": "object",
    "partial": "object",
    "missing": "object",
    "extra": "object",
    "decisive_matched": "object",
    "decisive_missing": "object",
}

REPORT_COLUMNS: dict[str, str] = {
    "resume_id": "object",
    "job_id": "object",
    "skill_id": "string",
    "skill": "string",
    "category": "string",
    "requirement": "string",
    "status": "string",
    "core": "boolean",
    "alternatives": "Int64",
    "specificity": "float64",
    "weight": "float64",
    "credit": "float64",
    "contribution": "float64",
    "via": "string",
    "evidence_skill_id": "string",
    "evidence": "string",
    "evidence_start": "Int64",
    "evidence_end": "Int64",
    "snippet": "string",
    "job_years": "Float64",
    "resume_years": "Float64",
}

_HEADING_RE = re.compile(r"^\s*(?:#{1,6}\s+\S.*|\*\*[^*\n]{1,80}\*\*\s*:?|[^\n.!?]{1,80}:)\s*$")


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of heading-like lines: Markdown headings, bold lines, short lines ending in a colon,
    and short upper-case lines."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and (
            _HEADING_RE.match(line)
            or (len(stripped) <= 80 and stripped.isupper() and any(c.isalpha() for c in stripped))
        ):
            out.append((pos, pos + len(line)))
        pos += len(line)
    return out


def _job_skills(
    matches: pd.DataFrame, texts: Mapping[object, str] | None, lead_chars: int
) -> dict[object, dict[str, _JobSkill]]:
    """Per job: its non-negated skills, each at its firmest requirement level and highest stated years,
    in its alternatives group when every mention of it is in one, and core when a mention is in the lead
    or a heading line."""
    out: dict[object, dict[str, _JobSkill]] = {}
    standalone: set[tuple[object, str]] = set()
    rows = matches[~matches["negated"].astype(bool)]
    groups = rows["alternatives"] if "alternatives" in rows.columns else pd.Series([pd.NA] * len(rows))
    headings: dict[object, list[tuple[int, int]]] = {}
    for doc_id, sid, level, years, group, start in zip(
        rows["doc_id"],
        rows["skill_id"],
        rows["requirement"],
        rows["years"],
        groups,
        rows["start"],
        strict=True,
    ):
        skills = out.setdefault(doc_id, {})
        y = None if pd.isna(years) else float(years)
        g = None if pd.isna(group) else int(group)
        core = start < lead_chars
        if not core and texts is not None and doc_id in texts:
            if doc_id not in headings:
                headings[doc_id] = _heading_lines(texts[doc_id])
            core = any(lo <= start < hi for lo, hi in headings[doc_id])
        cur = skills.get(sid)
        if g is None:
            standalone.add((doc_id, sid))
        if cur is None:
            skills[sid] = _JobSkill(sid, level, y, g, core)
        else:
            if _RANK[level] < _RANK[cur.requirement]:
                cur.requirement = level
            if y is not None and (cur.years is None or y > cur.years):
                cur.years = y
            if cur.group is None and g is not None:
                cur.group = g
            cur.core = cur.core or core
    for doc_id, skills in out.items():
        for sid, js in skills.items():
            if (doc_id, sid) in standalone:
                js.group = None
    return out


def _resume_evidence(matches: pd.DataFrame) -> dict[object, dict[str, _Evidence]]:
    out: dict[object, dict[str, _Evidence]] = {}
    rows = matches[~matches["negated"].astype(bool)]
    years_col = rows["years"].astype("float64").tolist() if len(rows) else []
    for doc_id, sid, text, start, end, years in zip(
        rows["doc_id"].tolist(),
        rows["skill_id"].tolist(),
        rows["text"].tolist(),
        rows["start"].tolist(),
        rows["end"].tolist(),
        years_col,
        strict=True,
    ):
        skills = out.setdefault(doc_id, {})
        y = None if years != years else float(years)  # NaN
        cur = skills.get(sid)
        if cur is None:
            skills[sid] = _Evidence(sid, str(text), int(start), int(end), y)
        elif y is not None and (cur.years is None or y > cur.years):
            cur.years = y
    return out


def _snippet(text: str, start: int, end: int, width: int = 40) -> str:
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    piece = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")


class _Hierarchy:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.tax = taxonomy
        self._desc: dict[str, set[str]] = {}
        self._anc: dict[str, set[str]] = {}
        self._sib: dict[str, set[str]] = {}
        self._depth: dict[str, int] = {}

    def narrower(self, sid: str) -> set[str]:
        if sid not in self._desc:
            self._desc[sid] = self.tax.descendants(sid)
        return self._desc[sid]

    def broader(self, sid: str) -> set[str]:
        if sid not in self._anc:
            self._anc[sid] = self.tax.ancestors(sid)
        return self._anc[sid]

    def siblings(self, sid: str) -> set[str]:
        if sid not in self._sib:
            out: set[str] = set()
            for parent in self.tax[sid].broader:
                # skills that share only an umbrella (a whole field: "programming languages") are no
                # substitutes for each other: Python is no part-way Java
                if not self.tax[parent].umbrella:
                    out |= self.tax.children(parent)
            out.discard(sid)
            self._sib[sid] = out
        return self._sib[sid]

    def depth(self, sid: str) -> int:
        """Length of the longest chain of broader skills above ``sid`` (0 for an umbrella skill)."""
        if sid not in self._depth:
            skill = self.tax[sid]
            self._depth[sid] = 0  # guards against a cycle
            if not skill.umbrella and skill.broader:
                self._depth[sid] = 1 + max(self.depth(b) for b in skill.broader)
        return self._depth[sid]


def specificity_weight(
    skill_id: str, corpus: MatchCorpus, taxonomy: Taxonomy, weights: MatchWeights | None = None
) -> float:
    """The specificity factor of a job skill's weight (see :class:`MatchWeights`)."""
    return _specificity(skill_id, corpus, _Hierarchy(taxonomy), weights or MatchWeights())


def _specificity(sid: str, corpus: MatchCorpus, h: _Hierarchy, w: MatchWeights) -> float:
    if w.specificity == 0:
        return 1.0
    prior = 0.5 ** (1 + h.depth(sid))
    m = w.prior_documents
    n = corpus.n_documents
    df = min(corpus.skill_documents.get(sid, 0), n)
    if n + m <= 0:
        return 1.0
    if df + m * prior <= 0:  # no prior and an unseen skill: as rare as one document in the corpus
        df = 1
    return float((1.0 + math.log((n + m) / (df + m * prior))) ** w.specificity)


def _credit(
    js: _JobSkill,
    evidence: dict[str, _Evidence],
    h: _Hierarchy,
    w: MatchWeights,
    order: Mapping[str, int] | None = None,
) -> tuple[float, str, _Evidence | None]:
    """Credit (0–1), how it was earned, and the résumé evidence used (``order``: each evidence skill's
    position in ``evidence``)."""
    if order is None:
        order = {sid: k for k, sid in enumerate(evidence)}
    best: tuple[float, str, _Evidence | None] = (0.0, "", None)
    candidates: list[tuple[float, str, _Evidence]] = []
    if js.skill_id in evidence:
        candidates.append((1.0, "same", evidence[js.skill_id]))
    # candidates in the résumé's order (never a set's order), so that ties resolve the same way in every
    # process and the gap report is reproducible
    narrower, siblings, broader = h.narrower(js.skill_id), h.siblings(js.skill_id), h.broader(js.skill_id)
    for kind, credit, related in (
        ("narrower", 1.0, narrower),
        ("sibling", w.sibling, siblings),
        ("broader", w.broader, broader),
    ):
        if not related or credit <= 0:
            continue
        if len(related) < len(evidence):
            shown = [sid for sid in related if sid in evidence]
            shown.sort(key=order.__getitem__)
            candidates.extend((credit, kind, evidence[sid]) for sid in shown)
        else:
            candidates.extend((credit, kind, ev) for sid, ev in evidence.items() if sid in related)
    for credit, via, ev in candidates:
        if js.years and ev.years is not None and ev.years < js.years:
            credit *= max(w.years_floor, ev.years / js.years)
            via = f"{via}, fewer years"
        if credit > best[0]:
            best = (credit, via, ev)
    return best


def _credit_map(
    evidence: dict[str, _Evidence], h: _Hierarchy, w: MatchWeights
) -> dict[str, tuple[float, str, _Evidence | None, bool]]:
    """For every skill the résumé gives credit to: ``(credit, via, evidence, years)`` before any years
    adjustment, ``years`` telling whether some candidate evidence states years. The same choice as
    :func:`_credit` makes (highest credit; ties: same, narrower, sibling, broader, then résumé order),
    computed from the résumé's side once instead of once per job skill."""
    best: dict[str, tuple[float, int, int, str, _Evidence]] = {}
    has_years: set[str] = set()
    for pos, (sid, ev) in enumerate(evidence.items()):
        for rank, kind, credit, targets in (
            (0, "same", 1.0, (sid,)),
            (1, "narrower", 1.0, h.broader(sid)),  # the résumé shows a narrower skill than the target
            (2, "sibling", w.sibling, h.siblings(sid)),
            (3, "broader", w.broader, h.narrower(sid)),  # the résumé shows only a broader skill
        ):
            if credit <= 0:
                continue
            for target in targets:
                cur = best.get(target)
                if cur is None or (-credit, rank, pos) < (-cur[0], cur[1], cur[2]):
                    best[target] = (credit, rank, pos, kind, ev)
                if ev.years is not None:
                    has_years.add(target)
    return {t: (c, kind, ev, t in has_years) for t, (c, _, _, kind, ev) in best.items()}


def _units(skills: dict[str, _JobSkill]) -> list[_Unit]:
    """The job's requirements, heaviest first (ties: firmest level, then skill id)."""
    grouped: dict[int, list[_JobSkill]] = {}
    units: list[_Unit] = []
    for js in skills.values():
        if js.group is None:
            units.append(_Unit([js], js.weight, js.requirement))
        else:
            grouped.setdefault(js.group, []).append(js)
    for members in grouped.values():
        members.sort(key=lambda j: (-j.weight, _RANK[j.requirement], j.skill_id))
        level = min((m.requirement for m in members), key=_RANK.__getitem__)
        units.append(_Unit(members, max(m.weight for m in members), level))
    units.sort(key=lambda u: (-u.weight, _RANK[u.requirement], u.members[0].skill_id))
    return units


def _lexical_matrix(
    corpus: MatchCorpus,
    resume_ids: pd.Index,
    job_ids: pd.Index,
    resume_texts: Mapping[object, str] | None,
    job_texts: Mapping[object, str] | None,
) -> np.ndarray | None:
    if corpus.vectorizer is None or resume_texts is None or job_texts is None:
        return None
    if not len(resume_ids) or not len(job_ids):
        return np.zeros((len(resume_ids), len(job_ids)))
    r = corpus.vectorizer.transform([resume_texts.get(i, "") or "" for i in resume_ids])
    j = corpus.vectorizer.transform([job_texts.get(i, "") or "" for i in job_ids])
    return np.asarray((r @ j.T).todense(), dtype=float).clip(0.0, 1.0)


def score_pairs(
    resume_matches: pd.DataFrame,
    job_matches: pd.DataFrame,
    resume_ids: pd.Index,
    job_ids: pd.Index,
    taxonomy: Taxonomy,
    *,
    resume_texts: Mapping[object, str] | None = None,
    job_texts: Mapping[object, str] | None = None,
    weights: MatchWeights | None = None,
    corpus: MatchCorpus | None = None,
    report: bool = True,
    n_decisive: int = 3,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every (résumé, job) pair from two ``extract`` frames, without extracting again.

    Returns the pairs frame and (if ``report``) the long-form gap report, whose ``contribution`` column
    sums to the pair's ``score``: one row per job skill (the best member of a group of alternatives carries
    the group; the others have status ``alternative``), one ``lexical`` row when the lexical part is on, and
    the résumé's ``extra`` skills. ``corpus`` defaults to the jobs given (their frame and texts).
    """
    w = weights or MatchWeights()
    h = _Hierarchy(taxonomy)
    if corpus is None:
        use_texts = job_texts is not None and w.lexical > 0 and resume_texts is not None
        corpus = MatchCorpus.from_matches(
            job_matches[job_matches["doc_id"].isin(job_ids)] if len(job_matches) else job_matches,
            [job_texts.get(i, "") or "" for i in job_ids] if use_texts and job_texts is not None else None,
            lexical=use_texts,
        )
        if not use_texts:
            corpus.n_documents = len(job_ids)
    lex = _lexical_matrix(corpus, resume_ids, job_ids, resume_texts, job_texts) if w.lexical > 0 else None
    jobs = _job_skills(job_matches, job_texts, w.lead_chars)
    resumes = _resume_evidence(resume_matches)
    pair_cols: dict[str, list[object]] = {k: [] for k in PAIR_COLUMNS}
    rep_cols: dict[str, list[object]] = {k: [] for k in REPORT_COLUMNS}
    names = {s.id: s.name for s in taxonomy}
    cats = {s.id: s.category for s in taxonomy}
    spec_cache: dict[str, float] = {}
    for skills in jobs.values():
        for js in skills.values():
            if js.skill_id not in spec_cache:
                spec_cache[js.skill_id] = _specificity(js.skill_id, corpus, h, w)
            js.specificity = spec_cache[js.skill_id]
            js.weight = (
                w.requirement[js.requirement]
                * w.category.get(cats[js.skill_id], 1.0)
                * js.specificity
                * (w.core if js.core else 1.0)
            )
    credit_cache: dict[object, dict[tuple[str, float | None], tuple[float, str, _Evidence | None]]] = {}
    credit_maps: dict[object, dict[str, tuple[float, str, _Evidence | None, bool]]] = {}
    orders: dict[object, dict[str, int]] = {}

    for j_pos, job_id in enumerate(job_ids):
        units = _units(jobs.get(job_id, {}))
        named = sum(u.weight for u in units)
        total = named + w.evidence_prior if named > 0 else 0.0
        wanted_ids = {m.skill_id for u in units for m in u.members}
        for r_pos, resume_id in enumerate(resume_ids):
            evidence = resumes.get(resume_id, {})
            memo = credit_cache.setdefault(resume_id, {})
            cmap = credit_maps.get(resume_id)
            if cmap is None:
                cmap = credit_maps[resume_id] = _credit_map(evidence, h, w)
                orders[resume_id] = {sid: k for k, sid in enumerate(evidence)}
            lexical = None if lex is None else float(lex[r_pos, j_pos])
            if lexical is None:
                share_lex, share_skill = 0.0, 1.0
            elif total > 0:
                share_lex, share_skill = w.lexical, 1.0 - w.lexical
            else:
                share_lex, share_skill = 1.0, 0.0
            skill_score = 0.0
            got = {"required": [0.0, 0], "preferred": [0.0, 0]}
            status_lists: dict[str, list[str]] = {"met": [], "partial": [], "missing": []}
            decisive: dict[str, list[str]] = {"met": [], "missing": []}
            used: set[str] = set()
            text = resume_texts.get(resume_id, "") if (report and resume_texts is not None) else ""
            for unit in units:
                best: tuple[float, str, _Evidence | None, _JobSkill] | None = None
                for member in unit.members:
                    found = cmap.get(member.skill_id)
                    if found is None:
                        credit, via, ev = 0.0, "", None
                    elif member.years and found[3]:  # years may lower the credit: the full rule
                        key = (member.skill_id, member.years)
                        if key not in memo:
                            memo[key] = _credit(member, evidence, h, w, orders[resume_id])
                        credit, via, ev = memo[key]
                    else:
                        credit, via, ev = found[0], found[1], found[2]
                    if best is None or credit > best[0]:
                        best = (credit, via, ev, member)
                assert best is not None
                credit, via, ev, chosen = best
                share = share_skill * unit.weight / total if total > 0 else 0.0
                contribution = share * credit
                skill_score += unit.weight * credit
                status = "met" if credit >= 1.0 else "partial" if credit > 0 else "missing"
                label = "|".join(m.skill_id for m in unit.members) if status == "missing" else chosen.skill_id
                status_lists[status].append(label)
                if unit.weight > 0:
                    if status == "missing" and len(decisive["missing"]) < n_decisive:
                        decisive["missing"].append(label)
                    elif status != "missing" and len(decisive["met"]) < n_decisive:
                        decisive["met"].append(label)
                if unit.requirement in got:
                    got[unit.requirement][0] += credit
                    got[unit.requirement][1] += 1
                if ev is not None:
                    used.add(ev.skill_id)
                if not report:
                    continue
                for member in unit.members:
                    is_chosen = member is chosen
                    m_ev = ev if is_chosen else None
                    _append(
                        rep_cols,
                        resume_id=resume_id,
                        job_id=job_id,
                        skill_id=member.skill_id,
                        skill=names[member.skill_id],
                        category=cats[member.skill_id],
                        requirement=member.requirement,
                        status=status if is_chosen else "alternative",
                        core=member.core,
                        alternatives=member.group,
                        specificity=member.specificity,
                        weight=share if is_chosen else 0.0,
                        credit=credit if is_chosen else 0.0,
                        contribution=contribution if is_chosen else 0.0,
                        via=(via or None) if is_chosen else None,
                        evidence_skill_id=m_ev.skill_id if m_ev else None,
                        evidence=m_ev.text if m_ev else None,
                        evidence_start=m_ev.start if m_ev else None,
                        evidence_end=m_ev.end if m_ev else None,
                        snippet=_snippet(text, m_ev.start, m_ev.end) if m_ev and text else None,
                        job_years=member.years,
                        resume_years=m_ev.years if m_ev else None,
                    )
            skill_part = skill_score / total if total > 0 else np.nan
            if report and total > 0 and w.evidence_prior > 0:
                _append_part(
                    rep_cols,
                    resume_id,
                    job_id,
                    "requirements the job does not name",
                    "unnamed",
                    share_skill * w.evidence_prior / total,
                    0.0,
                )
            if lexical is not None:
                score = share_skill * (0.0 if total <= 0 else skill_part) + share_lex * lexical
            else:
                score = skill_part
            extra = [sid for sid in evidence if sid not in wanted_ids and sid not in used]
            if report:
                if lexical is not None:
                    _append_part(
                        rep_cols,
                        resume_id,
                        job_id,
                        "text similarity (TF-IDF cosine)",
                        "lexical",
                        share_lex,
                        lexical,
                    )
                for sid in extra:
                    ev = evidence[sid]
                    _append(
                        rep_cols,
                        resume_id=resume_id,
                        job_id=job_id,
                        skill_id=sid,
                        skill=names[sid],
                        category=cats[sid],
                        requirement=None,
                        status="extra",
                        core=None,
                        alternatives=None,
                        specificity=np.nan,
                        weight=0.0,
                        credit=0.0,
                        contribution=0.0,
                        via=None,
                        evidence_skill_id=sid,
                        evidence=ev.text,
                        evidence_start=ev.start,
                        evidence_end=ev.end,
                        snippet=_snippet(text, ev.start, ev.end) if text else None,
                        job_years=None,
                        resume_years=ev.years,
                    )
            _append(
                pair_cols,
                resume_id=resume_id,
                job_id=job_id,
                score=score,
                skill_score=skill_part,
                lexical_score=np.nan if lexical is None else lexical,
                required_coverage=got["required"][0] / got["required"][1] if got["required"][1] else np.nan,
                preferred_coverage=got["preferred"][0] / got["preferred"][1]
                if got["preferred"][1]
                else np.nan,
                n_job_skills=len(units),
                n_met=len(status_lists["met"]),
                n_partial=len(status_lists["partial"]),
                n_missing=len(status_lists["missing"]),
                matched=status_lists["met"],
                partial=status_lists["partial"],
                missing=status_lists["missing"],
                extra=extra,
                decisive_matched=decisive["met"],
                decisive_missing=decisive["missing"],
            )
    pairs = _typed(PAIR_COLUMNS, pair_cols, resume_ids, job_ids)
    rep = _typed(REPORT_COLUMNS, rep_cols, resume_ids, job_ids)
    return pairs, rep


def _append_part(
    cols: dict[str, list[object]],
    resume_id: object,
    job_id: object,
    label: str,
    status: str,
    weight: float,
    credit: float,
) -> None:
    """A gap-report row for a part of the score that is no job skill (``unnamed``, ``lexical``)."""
    _append(
        cols,
        resume_id=resume_id,
        job_id=job_id,
        skill_id=None,
        skill=label,
        category=None,
        requirement=None,
        status=status,
        core=None,
        alternatives=None,
        specificity=np.nan,
        weight=weight,
        credit=credit,
        contribution=weight * credit,
        via=None,
        evidence_skill_id=None,
        evidence=None,
        evidence_start=None,
        evidence_end=None,
        snippet=None,
        job_years=None,
        resume_years=None,
    )


def _append(cols: dict[str, list[object]], **values: object) -> None:
    for key, value in values.items():
        cols[key].append(value)


def _typed(
    schema: dict[str, str], cols: dict[str, list[object]], resume_ids: pd.Index, job_ids: pd.Index
) -> pd.DataFrame:
    if not cols["resume_id"]:
        frame = empty_frame(schema)
        frame["resume_id"] = pd.Series([], dtype=resume_ids.dtype)
        frame["job_id"] = pd.Series([], dtype=job_ids.dtype)
        return frame
    data: dict[str, object] = {}
    for name, dtype in schema.items():
        if name == "resume_id":
            data[name] = pd.Series(cols[name], dtype=resume_ids.dtype)
        elif name == "job_id":
            data[name] = pd.Series(cols[name], dtype=job_ids.dtype)
        elif dtype == "object":
            data[name] = pd.Series(cols[name], dtype=object)
        else:
            data[name] = pd.Series(cols[name], dtype=dtype)
    return pd.DataFrame(data)


def reasons(pairs: pd.DataFrame) -> pd.Series:
    """One line per pair saying why it scores what it does: its decisive matched and missing requirements
    (the heaviest, at most three of each; ``a|b`` is a group of alternatives) and the text similarity.

    >>> row = {"decisive_matched": ["java"], "decisive_missing": ["go|rust"], "lexical_score": 0.2}
    >>> reasons(pd.DataFrame([row])).tolist()
    ['matched: java; missing: go|rust; text similarity 0.20']
    """
    out = []
    for matched, missing, lexical in zip(
        pairs["decisive_matched"], pairs["decisive_missing"], pairs["lexical_score"], strict=True
    ):
        parts = []
        if len(matched):
            parts.append("matched: " + ", ".join(matched))
        if len(missing):
            parts.append("missing: " + ", ".join(missing))
        if not pd.isna(lexical):
            parts.append(f"text similarity {lexical:.2f}")
        out.append("; ".join(parts))
    return pd.Series(out, index=pairs.index, dtype="string")


def top_k(pairs: pd.DataFrame, k: int, *, per: str = "job_id") -> pd.DataFrame:
    """The ``k`` best-scoring rows for each job (``per="job_id"``: résumés for a job) or each résumé
    (``per="resume_id"``: jobs for a résumé), ranked 1..k in a ``rank`` column. Ties keep input order (a
    stable sort), so equal scores rank the same way in every run; a missing score ranks last. When the
    pairs carry the decisive skills, a ``reasons`` column says why (see :func:`reasons`)."""
    if per not in ("job_id", "resume_id"):
        raise ConfigError(f"per must be 'job_id' or 'resume_id', got {per!r}")
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise ConfigError(f"k must be a positive integer, got {k!r}")
    ordered = pairs.assign(_order=np.arange(len(pairs))).sort_values(
        [per, "score", "_order"], ascending=[True, False, True], kind="stable", na_position="last"
    )
    ordered = ordered[ordered.groupby(per, sort=False).cumcount() < k]
    ordered = ordered.assign(rank=ordered.groupby(per, sort=False).cumcount() + 1)
    if {"decisive_matched", "decisive_missing", "lexical_score"} <= set(
        ordered.columns
    ) and "reasons" not in ordered:
        ordered = ordered.assign(reasons=reasons(ordered))
    return ordered.drop(columns="_order").reset_index(drop=True)


def skill_summary(matches: pd.DataFrame) -> pd.DataFrame:
    """One row per document and skill from an ``extract`` frame: ``doc_id, skill_id, skill, category,
    requirement`` (the firmest level stated: required, then preferred, then unspecified), ``negated``
    (true only when every mention is negated), ``years`` (the most stated), ``n_mentions`` and the first
    mention's ``start``, ``end`` and ``text``. Rows keep the order of first mention.

    >>> import skillmatch
    >>> m = skillmatch.extract("We build Python services. Requirements: 5+ years of Python.")
    >>> skill_summary(m)[["skill_id", "requirement", "years", "n_mentions"]].values.tolist()
    [['python', 'required', 5.0, 2]]
    """
    columns = [
        "doc_id",
        "skill_id",
        "skill",
        "category",
        "requirement",
        "negated",
        "years",
        "n_mentions",
        "start",
        "end",
        "text",
    ]
    if matches.empty:
        out = matches.reindex(columns=columns).astype(
            {"n_mentions": "int64", "negated": "bool", "requirement": "string", "years": "Float64"}
        )
        return out.reset_index(drop=True)
    frame = matches.assign(_rank=matches["requirement"].map(_RANK).fillna(2), _order=range(len(matches)))
    grouped = frame.groupby(["doc_id", "skill_id"], sort=False)
    first = grouped.head(1).set_index(["doc_id", "skill_id"])
    out = pd.DataFrame(
        {
            "skill": first["skill"],
            "category": first["category"],
            "requirement": grouped["_rank"].min().map(dict(enumerate(LEVELS_BY_RANK))).astype("string"),
            "negated": grouped["negated"].all().astype(bool),
            "years": grouped["years"].max().astype("Float64"),
            "n_mentions": grouped.size().astype("int64"),
            "start": first["start"],
            "end": first["end"],
            "text": first["text"],
        }
    )
    return out.reset_index()[columns]
