"""Scores computed from match frames: per-document coverage and résumé-to-job matching.

Coverage of a document against a target set of skills ``T`` (by default every skill of the taxonomy):

* ``F`` is the set of distinct skills found in the document (negated mentions excluded);
* ``coverage = |F ∩ T| / |T|``;
* for each category ``c``: ``coverage_<c> = |F ∩ T_c| / |T_c|`` where ``T_c`` are the targets in ``c``
  (``NaN`` when ``T_c`` is empty), and ``n_<c> = |F ∩ T_c|``;
* ``n_matches`` counts every mention, ``n_skills = |F|`` (all distinct skills, targets or not).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import ConfigError
from .frames import empty_frame, frame_from_columns
from .taxonomy import Taxonomy

__all__ = ["MatchWeights", "coverage_columns", "coverage_frame", "score_pairs", "skill_summary", "top_k"]


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
    against: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Coverage per document: ``found[i]`` is the set of skill ids found in document ``i``."""
    columns = coverage_columns(taxonomy)
    # an unknown id in ``against`` raises UnknownSkillError
    targets = set(taxonomy.skills) if against is None else {taxonomy[s].id for s in against}
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
STATUSES = ("met", "partial", "missing", "extra")


@dataclass(frozen=True)
class MatchWeights:
    """How a job's skills are weighted and how partial evidence is credited (all documented in the README).

    A job skill's weight is ``requirement[level] * category.get(category, 1.0)``. Its credit is 1 when the
    résumé shows the skill or a narrower one (``postgresql`` for "a relational database"), ``sibling`` when
    the résumé shows a skill sharing a direct broader skill (``mysql`` for ``postgresql``), ``broader`` when
    the résumé shows only a broader skill (``python`` for ``django``), else 0. When the job states years and
    the résumé states fewer for that skill, the credit is multiplied by ``max(years_floor, shown / asked)``.
    """

    requirement: Mapping[str, float] = field(
        default_factory=lambda: {"required": 1.0, "unspecified": 0.7, "preferred": 0.4}
    )
    category: Mapping[str, float] = field(default_factory=lambda: {"traits": 0.3, "specialisations": 0.5})
    sibling: float = 0.5
    broader: float = 0.4
    years_floor: float = 0.5

    def __post_init__(self) -> None:
        missing = [lvl for lvl in LEVELS if lvl not in self.requirement]
        if missing:
            raise ConfigError(f"requirement weights lack {missing}; valid levels: {', '.join(LEVELS)}")
        for name in ("sibling", "broader", "years_floor"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be between 0 and 1, got {value!r}")
        for key, value in [*self.requirement.items(), *self.category.items()]:
            if value < 0:
                raise ConfigError(f"weight for {key!r} must not be negative, got {value!r}")


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


_RANK = {"required": 0, "preferred": 1, "unspecified": 2}
LEVELS_BY_RANK = ("required", "preferred", "unspecified")

PAIR_COLUMNS: dict[str, str] = {
    "resume_id": "object",
    "job_id": "object",
    "score": "float64",
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
}

REPORT_COLUMNS: dict[str, str] = {
    "resume_id": "object",
    "job_id": "object",
    "skill_id": "string",
    "skill": "string",
    "category": "string",
    "requirement": "string",
    "status": "string",
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


def _job_skills(matches: pd.DataFrame) -> dict[object, dict[str, _JobSkill]]:
    """Per job: its non-negated skills, each at its firmest requirement level and highest stated years."""
    out: dict[object, dict[str, _JobSkill]] = {}
    rows = matches[~matches["negated"].astype(bool)]
    for doc_id, sid, level, years in zip(
        rows["doc_id"], rows["skill_id"], rows["requirement"], rows["years"], strict=True
    ):
        skills = out.setdefault(doc_id, {})
        y = None if pd.isna(years) else float(years)
        cur = skills.get(sid)
        if cur is None:
            skills[sid] = _JobSkill(sid, level, y)
        else:
            if _RANK[level] < _RANK[cur.requirement]:
                cur.requirement = level
            if y is not None and (cur.years is None or y > cur.years):
                cur.years = y
    return out


def _resume_evidence(matches: pd.DataFrame) -> dict[object, dict[str, _Evidence]]:
    out: dict[object, dict[str, _Evidence]] = {}
    rows = matches[~matches["negated"].astype(bool)]
    for doc_id, sid, text, start, end, years in zip(
        rows["doc_id"], rows["skill_id"], rows["text"], rows["start"], rows["end"], rows["years"], strict=True
    ):
        skills = out.setdefault(doc_id, {})
        y = None if pd.isna(years) else float(years)
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

    def narrower(self, sid: str) -> set[str]:
        if sid not in self._desc:
            self._desc[sid] = self.tax.descendants(sid)
        return self._desc[sid]

    def broader(self, sid: str) -> set[str]:
        if sid not in self._anc:
            self._anc[sid] = self.tax.ancestors(sid)
        return self._anc[sid]

    def siblings(self, sid: str) -> set[str]:
        out: set[str] = set()
        for parent in self.tax[sid].broader:
            out |= self.tax.children(parent)
        out.discard(sid)
        return out


def _credit(
    js: _JobSkill, evidence: dict[str, _Evidence], h: _Hierarchy, w: MatchWeights
) -> tuple[float, str, _Evidence | None]:
    """Credit (0–1), how it was earned, and the résumé evidence used."""
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
        candidates.extend((credit, kind, ev) for sid, ev in evidence.items() if sid in related)
    for credit, via, ev in candidates:
        if js.years and ev.years is not None and ev.years < js.years:
            credit *= max(w.years_floor, ev.years / js.years)
            via = f"{via}, fewer years"
        if credit > best[0]:
            best = (credit, via, ev)
    return best


def score_pairs(
    resume_matches: pd.DataFrame,
    job_matches: pd.DataFrame,
    resume_ids: pd.Index,
    job_ids: pd.Index,
    taxonomy: Taxonomy,
    *,
    resume_texts: Mapping[object, str] | None = None,
    weights: MatchWeights | None = None,
    report: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every (résumé, job) pair from two ``extract`` frames.

    Returns the pairs frame and (if ``report``) the long-form gap report, whose ``contribution`` column
    sums to the pair's ``score``.
    """
    w = weights or MatchWeights()
    h = _Hierarchy(taxonomy)
    jobs = _job_skills(job_matches)
    resumes = _resume_evidence(resume_matches)
    pair_cols: dict[str, list[object]] = {k: [] for k in PAIR_COLUMNS}
    rep_cols: dict[str, list[object]] = {k: [] for k in REPORT_COLUMNS}
    names = {s.id: s.name for s in taxonomy}
    cats = {s.id: s.category for s in taxonomy}

    def weight_of(js: _JobSkill) -> float:
        return w.requirement[js.requirement] * w.category.get(cats[js.skill_id], 1.0)

    for job_id in job_ids:
        wanted = sorted(
            jobs.get(job_id, {}).values(), key=lambda j: (_RANK[j.requirement], -weight_of(j), j.skill_id)
        )
        total = sum(weight_of(j) for j in wanted)
        for resume_id in resume_ids:
            evidence = resumes.get(resume_id, {})
            score = 0.0
            got = {"required": [0.0, 0], "preferred": [0.0, 0]}
            status_lists: dict[str, list[str]] = {"met": [], "partial": [], "missing": []}
            used: set[str] = set()
            for js in wanted:
                credit, via, ev = _credit(js, evidence, h, w)
                weight = weight_of(js)
                contribution = weight * credit / total if total else 0.0
                score += contribution
                status = "met" if credit >= 1.0 else "partial" if credit > 0 else "missing"
                status_lists[status].append(js.skill_id)
                if js.requirement in got:
                    got[js.requirement][0] += credit
                    got[js.requirement][1] += 1
                if ev is not None:
                    used.add(ev.skill_id)
                if report:
                    text = resume_texts.get(resume_id, "") if resume_texts is not None else ""
                    _append(
                        rep_cols,
                        resume_id=resume_id,
                        job_id=job_id,
                        skill_id=js.skill_id,
                        skill=names[js.skill_id],
                        category=cats[js.skill_id],
                        requirement=js.requirement,
                        status=status,
                        weight=weight,
                        credit=credit,
                        contribution=contribution,
                        via=via or None,
                        evidence_skill_id=ev.skill_id if ev else None,
                        evidence=ev.text if ev else None,
                        evidence_start=ev.start if ev else None,
                        evidence_end=ev.end if ev else None,
                        snippet=_snippet(text, ev.start, ev.end) if ev and text else None,
                        job_years=js.years,
                        resume_years=ev.years if ev else None,
                    )
            wanted_ids = {j.skill_id for j in wanted}
            extra = [sid for sid in evidence if sid not in wanted_ids and sid not in used]
            if report:
                text = resume_texts.get(resume_id, "") if resume_texts is not None else ""
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
                score=score if total else np.nan,
                required_coverage=got["required"][0] / got["required"][1] if got["required"][1] else np.nan,
                preferred_coverage=got["preferred"][0] / got["preferred"][1]
                if got["preferred"][1]
                else np.nan,
                n_job_skills=len(wanted),
                n_met=len(status_lists["met"]),
                n_partial=len(status_lists["partial"]),
                n_missing=len(status_lists["missing"]),
                matched=status_lists["met"],
                partial=status_lists["partial"],
                missing=status_lists["missing"],
                extra=extra,
            )
    pairs = _typed(PAIR_COLUMNS, pair_cols, resume_ids, job_ids)
    rep = _typed(REPORT_COLUMNS, rep_cols, resume_ids, job_ids)
    return pairs, rep


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


def top_k(pairs: pd.DataFrame, k: int, *, per: str = "job_id") -> pd.DataFrame:
    """The ``k`` best-scoring rows for each job (``per="job_id"``: résumés for a job) or each résumé
    (``per="resume_id"``: jobs for a résumé), ranked 1..k in a ``rank`` column; ties keep input order."""
    if per not in ("job_id", "resume_id"):
        raise ConfigError(f"per must be 'job_id' or 'resume_id', got {per!r}")
    if not isinstance(k, int) or k < 1:
        raise ConfigError(f"k must be a positive integer, got {k!r}")
    ordered = pairs.assign(_order=np.arange(len(pairs))).sort_values(
        [per, "score", "_order"], ascending=[True, False, True], kind="stable", na_position="last"
    )
    ordered = ordered[ordered.groupby(per, sort=False).cumcount() < k]
    ordered = ordered.assign(rank=ordered.groupby(per, sort=False).cumcount() + 1)
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
