"""One self-contained HTML page of results: résumés against jobs, or the market view of a corpus.

The page needs no network and runs no script: CSS is inline, charts are SVG images inside the file
(``data:`` URLs, drawn with matplotlib when ``skillmatch[plot]`` is installed), and every text from the
input is escaped, so a résumé containing ``<script>`` shows that text and runs nothing.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ConfigError, InputError
from .inputs import TextsLike, as_texts
from .render import RenderedHTML, category_colors, esc, matcher_or_default, page, render_frame

if TYPE_CHECKING:
    from .api import SkillMatcher

__all__ = ["report"]

_CSS = """
h1 { font-size: 1.6em; margin: 0 0 0.2em; }
h2 { font-size: 1.25em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid #e3e3e3; }
h3 { font-size: 1.05em; margin: 1em 0 0.4em; }
.sm-sub { color: #666; margin: 0 0 1em; }
.sm-card { background: #fff; border: 1px solid #e3e3e3; border-radius: 8px; padding: 1rem 1.25rem;
           margin: 1rem 0; box-shadow: 0 1px 2px rgba(0,0,0,0.04); }
.sm-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; }
.sm-chart img { max-width: 100%; height: auto; display: block; }
table.sm-table { border-collapse: collapse; font-size: 0.92em; }
table.sm-table th { text-align: left; font-weight: 600; color: #555; padding: 4px 10px;
                    border-bottom: 2px solid #ddd; }
table.sm-table td { padding: 4px 10px; border-bottom: 1px solid #eee; vertical-align: top; }
table.sm-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sm-card > h3:first-child { margin-top: 0; }
.sm-kind { color: #888; font-weight: 400; font-size: 0.85em; margin-right: 0.3em; }
table.sm-table td.sm-nowrap { white-space: nowrap; }
.sm-bar { display: inline-block; width: 80px; height: 10px; background: #eee; border-radius: 5px;
          vertical-align: middle; margin-right: 6px; overflow: hidden; }
.sm-bar > span { display: block; height: 100%; background: #0072B2; }
.sm-pill { display: inline-block; padding: 1px 8px; margin: 2px 3px 2px 0; border-radius: 10px;
           font-size: 0.85em; white-space: nowrap; }
.sm-met { background: #d5efe6; color: #00573f; }
.sm-partial { background: #fbe7c2; color: #6b4700; }
.sm-missing { background: #f8d8ca; color: #7a2c00; }
.sm-score { font-size: 1.5em; font-weight: 700; color: #0072B2; }
.sm-text { background: #fff; border: 1px solid #eee; border-radius: 6px; padding: 0.5rem 0.8rem;
           max-height: 34rem; overflow: auto; font-size: 0.92em; }
details > summary { cursor: pointer; color: #0b5394; margin: 0.3em 0; }
a { color: #0b5394; }
.sm-note { color: #777; font-size: 0.85em; }
"""


# -- inputs ----
def _frame(
    source: TextsLike | str | Path, text_column: str | Sequence[str] | None, id_column: str | None, what: str
) -> tuple[Any, str | Sequence[str] | None, str | None]:
    """A path is read (a table, or a folder of documents); anything else is passed on as it is."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and Path(source).exists()):
        path = Path(source)
        if path.is_dir():
            from .documents import read_documents

            texts, _ = read_documents(path)
            return texts, "text", "id"
        from .io import read_table

        table = read_table(path)
        if text_column is None:
            raise InputError(
                f"{what} is a table ({path.name}): name its text column; "
                f"its columns are: {', '.join(map(str, table.columns))}"
            )
        return table, text_column, id_column
    if isinstance(source, str | Path):
        raise InputError(f"{what}: no such file or folder: {str(source)!r}")
    return source, text_column, id_column


def _texts(data: Any, text_column: Any, id_column: str | None) -> dict[object, str]:
    t = as_texts(data, text_column=text_column, id_column=id_column)
    return dict(zip(t.ids, t.texts, strict=True))


# -- charts ----
def _chart(draw: Any, size: tuple[float, float], alt: str) -> str:
    """A chart as an inline SVG image, or a note when matplotlib is not installed."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return "<p class=\"sm-note\">Charts need matplotlib: pip install 'skillmatch[plot]'.</p>"
    import matplotlib

    fig = Figure(figsize=size, layout="constrained")
    draw(fig.subplots())
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "skillmatch", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.1)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<div class="sm-chart"><img alt="{esc(alt)}" src="data:image/svg+xml;base64,{data}"></div>'


def _height(n: int, per: float = 0.3, base: float = 1.4) -> float:
    return per * max(n, 3) + base


# -- pieces ----
def _bar(value: float) -> str:
    if pd.isna(value):
        return '<span class="sm-note">n/a</span>'
    width = max(0.0, min(1.0, float(value))) * 100
    return (
        f'<span style="white-space: nowrap"><span class="sm-bar"><span style="width: {width:.0f}%"></span>'
        f"</span>{float(value):.2f}</span>"
    )


def _pills(rows: pd.DataFrame, css: str, limit: int = 10) -> str:
    if rows.empty:
        return '<span class="sm-note">none</span>'
    marks = {"required": " ●", "preferred": " ○"}
    out = []
    for _, r in rows.head(limit).iterrows():
        mark = marks.get(str(r.get("requirement")), "")
        tip = f"{r.get('category')} · {r.get('requirement')} · weight {float(r.get('weight', 0)):.2f}"
        if isinstance(r.get("evidence"), str) and r.get("evidence"):
            tip += f" · résumé says “{r['evidence']}”"
        if isinstance(r.get("via"), str) and r.get("via") not in ("same",):
            tip += f" · via {r['via']}"
        out.append(f'<span class="sm-pill {css}" title="{esc(tip)}">{esc(r["skill"])}{mark}</span>')
    more = len(rows) - limit
    if more > 0:
        out.append(f'<span class="sm-note">and {more} more</span>')
    return "".join(out)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f'<table class="sm-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _highlight(text: str, matches: pd.DataFrame, doc_id: object, colors: dict[str, str]) -> str:
    rows = matches[matches["doc_id"] == doc_id]
    return f'<div class="sm-text">{render_frame(text, rows, colors=colors)}</div>'


def _header(title: str, subtitle: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    from . import __version__

    return f'<h1>{esc(title)}</h1><p class="sm-sub">{subtitle} · skillmatch {esc(__version__)} · {stamp}</p>'


# -- the two modes ----
def _pair_page(
    matcher: SkillMatcher,
    resumes: Any,
    jobs: Any,
    cols: dict[str, Any],
    *,
    detail: int,
    ranking: int,
    title: str,
) -> str:
    from .plot import STATUS_COLORS, gap
    from .scoring import top_k

    pairs, rep = matcher.match_with_report(
        resumes,
        jobs,
        resume_text_column=cols["resume_text_column"],
        resume_id_column=cols["resume_id_column"],
        job_text_column=cols["job_text_column"],
        job_id_column=cols["job_id_column"],
    )
    resume_texts = _texts(resumes, cols["resume_text_column"], cols["resume_id_column"])
    job_texts = _texts(jobs, cols["job_text_column"], cols["job_id_column"])
    res_m = matcher.extract(
        resumes, text_column=cols["resume_text_column"], id_column=cols["resume_id_column"]
    )
    job_m = matcher.extract(jobs, text_column=cols["job_text_column"], id_column=cols["job_id_column"])
    colors = category_colors(matcher.taxonomy.categories)
    ranked = top_k(pairs, max(min(len(resume_texts), ranking), 1), per="job_id") if len(pairs) else pairs
    anchors: dict[tuple[object, object], str] = {}
    for job_id, group in ranked.groupby("job_id", sort=False):
        for resume_id in group["resume_id"].head(detail):
            anchors[(resume_id, job_id)] = f"pair-{len(anchors) + 1}"

    parts = [
        _header(
            title,
            f"{len(resume_texts)} résumé(s) against {len(job_texts)} job(s); "
            f"details for the best {detail} per job",
        )
    ]
    parts.append('<h2>Ranking</h2><div class="sm-grid">')
    for job_id, group in ranked.groupby("job_id", sort=False):
        rows = []
        for _, r in group.iterrows():
            anchor = anchors.get((r["resume_id"], job_id))
            who = esc(r["resume_id"])
            link = f'<a href="#{anchor}">{who}</a>' if anchor else who
            rows.append(
                [
                    str(int(r["rank"])),
                    link,
                    _bar(r["score"]),
                    _bar(r["required_coverage"]),
                    str(int(r["n_met"])),
                    str(int(r["n_partial"])),
                    str(int(r["n_missing"])),
                ]
            )
        parts.append(f'<div class="sm-card"><h3><span class="sm-kind">job</span>{esc(job_id)}</h3>')
        if len(resume_texts) > ranking:
            rows.append(["", f'<span class="sm-note">{len(resume_texts) - ranking} more</span>', *[""] * 5])
        parts.append(
            _table(
                ["rank", "résumé", "score", "required skills", "met", "partial", "missing"],
                rows,
                numeric=(0, 4, 5, 6),
            )
        )
        parts.append("</div>")

    parts.append("</div><h2>Pairs</h2>")
    for (resume_id, job_id), anchor in anchors.items():
        pair = pairs[(pairs["resume_id"] == resume_id) & (pairs["job_id"] == job_id)].iloc[0]
        rows = rep[(rep["resume_id"] == resume_id) & (rep["job_id"] == job_id)]
        status = rows["status"].astype(str)
        earned = rows[status.isin(["met", "partial"])].sort_values(
            "contribution", ascending=False, kind="stable"
        )
        missing = rows[status == "missing"].sort_values("weight", ascending=False, kind="stable")
        scored = rows[status.isin(list(STATUS_COLORS))]
        parts.append(f'<div class="sm-card" id="{anchor}">')
        parts.append(
            f'<h3><span class="sm-kind">résumé</span>{esc(resume_id)} <span class="sm-kind">for job</span>'
            f"{esc(job_id)}</h3>"
        )
        n_skills = int(pair["n_job_skills"]) if pd.notna(pair["n_job_skills"]) else 0
        if n_skills and pd.notna(pair["score"]):
            counts = (
                f"score (0–1) · {int(pair['n_met'])} met, {int(pair['n_partial'])} partial, "
                f"{int(pair['n_missing'])} missing of {int(pair['n_job_skills'])} job skills"
            )
            parts.append(
                f'<p><span class="sm-score">{float(pair["score"]):.2f}</span> '
                f'<span class="sm-note">{counts}</span></p>'
            )
        elif pd.notna(pair["score"]):
            parts.append(
                f'<p><span class="sm-score">{float(pair["score"]):.2f}</span> <span class="sm-note">'
                "The job names no skill of the taxonomy: the score is the similarity of the two texts "
                "alone.</span></p>"
            )
        else:
            parts.append('<p class="sm-note">The job names no skill of the taxonomy: no score.</p>')
        met = earned[earned["status"] == "met"]
        partial = earned[earned["status"] == "partial"]
        parts.append(
            '<div class="sm-grid"><div>'
            f"<p><strong>Decisive matches</strong><br>{_pills(met, 'sm-met')}</p>"
            + (
                f"<p><strong>Partly shown</strong><br>{_pills(partial, 'sm-partial', 8)}</p>"
                if len(partial)
                else ""
            )
            + f"<p><strong>Missing</strong><br>{_pills(missing, 'sm-missing')}</p></div><div>"
        )
        if not scored.empty:
            parts.append(
                _chart(
                    lambda ax, r=resume_id, j=job_id: gap(rep, resume_id=r, job_id=j, top=15, ax=ax),
                    (6.4, _height(min(len(scored), 15), 0.26, 1.2)),
                    f"gap chart of {resume_id} against {job_id}",
                )
            )
        parts.append("</div></div>")
        parts.append(
            '<div class="sm-grid">'
            f'<div><h3><span class="sm-kind">job</span>{esc(job_id)}</h3>'
            f"{_highlight(job_texts[job_id], job_m, job_id, colors)}</div>"
            f'<div><h3><span class="sm-kind">résumé</span>{esc(resume_id)}</h3>'
            f"{_highlight(resume_texts[resume_id], res_m, resume_id, colors)}</div></div>"
        )
        parts.append("</div>")
    legend = " ".join(f'<span class="sm-pill sm-{s}">{s}</span>' for s in STATUS_COLORS)
    parts.append(
        f'<p class="sm-note">{legend} ● required ○ preferred. Hover a skill to see its category, level and '
        "the résumé's evidence.</p>"
    )
    return "".join(parts)


def _corpus_page(
    matcher: SkillMatcher, data: Any, text_column: Any, id_column: str | None, *, examples: int, title: str
) -> str:
    from .plot import cooccurrence, cooccurrence_table, demand, demand_table

    matches, cover = matcher.extract_and_cover(data, text_column=text_column, id_column=id_column)
    texts = _texts(data, text_column, id_column)
    colors = category_colors(matcher.taxonomy.categories)
    n_docs = len(cover)
    with_skills = int((cover["n_skills"] > 0).sum()) if n_docs else 0
    parts = [
        _header(title, f"{n_docs} document(s), {with_skills} naming at least one skill of the taxonomy"),
        "<h2>Market view</h2>",
    ]
    if matches.empty:
        parts.append('<p class="sm-note">No skill of the taxonomy was found.</p>')
        return "".join(parts)
    skills = demand_table(matches)
    cats = demand_table(matches, by="category")
    top = skills.head(20)
    parts.append('<div class="sm-grid"><div class="sm-card">')
    parts.append(
        _chart(lambda ax: demand(matches, top=20, ax=ax), (6.4, _height(len(top), 0.28)), "top skills")
    )
    parts.append('</div><div class="sm-card">')
    parts.append(
        _chart(lambda ax: demand(matches, by="category", ax=ax), (6.4, _height(len(cats), 0.3)), "categories")
    )
    parts.append("</div></div>")
    co = cooccurrence_table(matches, top=15)
    side = 0.36 * max(len(co), 4)
    parts.append('<div class="sm-grid"><div class="sm-card">')
    parts.append(
        _chart(lambda ax: cooccurrence(matches, top=15, ax=ax), (side + 2.6, side + 1.9), "co-occurrence")
    )
    parts.append('</div><div class="sm-card"><h3>Requirement levels by category</h3>')
    rows = [
        [esc(c), str(r["required"]), str(r["preferred"]), str(r["unspecified"]), str(r["documents"])]
        for c, r in cats.iterrows()
    ]
    parts.append(
        _table(["category", "required", "preferred", "unspecified", "documents"], rows, (1, 2, 3, 4))
    )
    if "years" in matches.columns:
        years = matches[matches["years"].notna()]
        if not years.empty:
            by_skill = years.groupby("skill")["years"].agg(["count", "median", "max"])
            by_skill = by_skill.sort_values("count", ascending=False).head(10)
            parts.append("<h3>Years of experience asked for</h3>")
            parts.append(
                _table(
                    ["skill", "mentions", "median", "max"],
                    [
                        [esc(s), str(int(r["count"])), f"{float(r['median']):g}", f"{float(r['max']):g}"]
                        for s, r in by_skill.iterrows()
                    ],
                    (1, 2, 3),
                )
            )
    parts.append("</div></div>")
    parts.append('<h2>Top skills</h2><div class="sm-card">')
    parts.append(
        _table(
            ["skill", "required", "preferred", "unspecified", "documents", "share"],
            [
                [
                    esc(s),
                    str(r["required"]),
                    str(r["preferred"]),
                    str(r["unspecified"]),
                    str(r["documents"]),
                    _bar(r["documents"] / n_docs),
                ]
                for s, r in skills.head(30).iterrows()
            ],
            (1, 2, 3, 4),
        )
    )
    parts.append("</div>")
    if examples:
        parts.append(f"<h2>Highlighted documents (the first {min(examples, n_docs)})</h2>")
        for k, doc_id in enumerate(list(texts)[:examples]):
            opened = " open" if k == 0 else ""
            parts.append(
                f'<details class="sm-card"{opened}><summary><span class="sm-kind">document</span>'
                f"{esc(doc_id)}</summary>"
                f"{_highlight(texts[doc_id], matches, doc_id, colors)}</details>"
            )
    return "".join(parts)


def report(
    texts: TextsLike | str | Path | None = None,
    *,
    resumes: TextsLike | str | Path | None = None,
    jobs: TextsLike | str | Path | None = None,
    text_column: str | Sequence[str] | None = None,
    id_column: str | None = None,
    resume_text_column: str | Sequence[str] | None = None,
    resume_id_column: str | None = None,
    job_text_column: str | Sequence[str] | None = None,
    job_id_column: str | None = None,
    matcher: SkillMatcher | None = None,
    detail: int = 3,
    ranking: int = 25,
    examples: int = 5,
    title: str | None = None,
    path: str | Path | None = None,
) -> RenderedHTML:
    """A self-contained HTML report.

    Pair mode (``resumes`` and ``jobs``): the ranking of résumés for every job (the best ``ranking``),
    and for the best
    ``detail`` résumés of each job the score, the decisive matched and missing skills, a gap chart and
    both texts with their skills highlighted. Corpus mode (``texts``): the market view of a set of
    postings (top skills, categories, requirement levels, co-occurrence, years asked for) and the first
    ``examples`` documents highlighted.

    Inputs are what :func:`skillmatch.extract` takes (a list, a Series, a DataFrame with its text and id
    columns), or a path to a CSV, TSV, JSONL or Parquet file or a folder of documents. The job columns
    default to the résumé ones. ``path`` writes the page (atomically); the HTML is returned either way
    and displays as HTML in a notebook.
    """
    from .io import atomic_write_text

    if detail < 0 or examples < 0 or ranking < 1:
        raise ConfigError(
            f"detail and examples must not be negative and ranking must be positive, got detail={detail!r}, "
            f"examples={examples!r}, ranking={ranking!r}"
        )
    m = matcher_or_default(matcher)
    if resumes is not None or jobs is not None:
        if resumes is None or jobs is None or texts is not None:
            raise ConfigError("a report takes either texts (a corpus) or both resumes and jobs (pairs)")
        job_text_column = job_text_column if job_text_column is not None else resume_text_column
        res, resume_text_column, resume_id_column = _frame(
            resumes, resume_text_column, resume_id_column, "resumes"
        )
        job, job_text_column, job_id_column = _frame(jobs, job_text_column, job_id_column, "jobs")
        cols = {
            "resume_text_column": resume_text_column,
            "resume_id_column": resume_id_column,
            "job_text_column": job_text_column,
            "job_id_column": job_id_column,
        }
        body = _pair_page(
            m, res, job, cols, detail=detail, ranking=ranking, title=title or "Résumés against jobs"
        )
    elif texts is not None:
        data, text_column, id_column = _frame(texts, text_column, id_column, "texts")
        body = _corpus_page(
            m, data, text_column, id_column, examples=examples, title=title or "Skills asked for"
        )
    else:
        raise ConfigError("a report needs texts (a corpus) or both resumes and jobs (pairs)")
    html = RenderedHTML(
        page(f'<main class="skillmatch-report">{body}</main>', title=title or "skillmatch report", css=_CSS)
    )
    if path is not None:
        atomic_write_text(Path(path), str(html))
    return html
