"""Charts of skillmatch results on matplotlib (``pip install 'skillmatch[plot]'``); each returns its Axes.

* :func:`demand`: how many documents ask for each skill (or category), split by requirement level;
* :func:`cooccurrence`: how often the most asked-for skills appear in the same document;
* :func:`coverage`: coverage per category for one or several documents;
* :func:`gap`: a résumé against a job: each job skill's weight, and how much of it the résumé earns.

The tables behind the charts (:func:`demand_table`, :func:`cooccurrence_table`) need only pandas.
matplotlib is imported when a chart is drawn, so ``import skillmatch.plot`` works without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError
from .render import NEGATED_COLOR, PALETTE, category_colors

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["cooccurrence", "cooccurrence_table", "coverage", "demand", "demand_table", "gap"]

LEVEL_COLORS = {"required": "#0072B2", "preferred": "#56B4E9", "unspecified": "#BBBBBB"}
STATUS_COLORS = {"met": "#009E73", "partial": "#E69F00", "missing": "#D55E00"}
_PALE = {"met": "#CCEBE3", "partial": "#F8E5BF", "missing": "#F5D0BD"}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("skillmatch's charts need matplotlib: pip install 'skillmatch[plot]'") from None
    return plt


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, new = _pyplot().subplots(figsize=size, layout="constrained")
    return new


def _need(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{what} needs the column(s) {', '.join(map(repr, missing))}; "
            f"the frame has: {', '.join(map(str, frame.columns))}"
        )


def demand_table(matches: pd.DataFrame, *, by: str = "skill") -> pd.DataFrame:
    """Documents asking for each skill (``by="skill"``) or category (``by="category"``), per requirement
    level, from an ``extract`` frame. Negated mentions do not count; a document counts once per row, at
    the firmest level it states. Columns ``required``, ``preferred``, ``unspecified`` and ``documents``,
    sorted by ``documents``.

    >>> m = pd.DataFrame({"doc_id": [1, 1, 2], "skill": ["Go", "Go", "Go"], "category": ["languages"] * 3,
    ...                   "requirement": ["preferred", "required", "unspecified"], "negated": [False] * 3})
    >>> demand_table(m).loc["Go"].tolist()
    [1, 0, 1, 2]
    """
    if by not in ("skill", "category"):
        raise ConfigError(f"by must be 'skill' or 'category', got {by!r}")
    _need(matches, ["doc_id", by], "demand")
    rows = matches
    if "negated" in rows.columns:
        rows = rows[~rows["negated"].fillna(False).astype(bool)]
    levels = list(LEVEL_COLORS)
    level = (
        rows["requirement"].astype("string").fillna("unspecified")
        if "requirement" in rows.columns
        else pd.Series("unspecified", index=rows.index)
    )
    rank = level.map({lv: i for i, lv in enumerate(levels)}).fillna(len(levels) - 1).astype(int)
    firm = (
        pd.DataFrame({"doc_id": rows["doc_id"], "key": rows[by].astype(str), "rank": rank})
        .groupby(["key", "doc_id"], sort=False)["rank"]
        .min()
        .map(dict(enumerate(levels)))
    )
    table = firm.groupby(level=0).value_counts().unstack(fill_value=0)
    table = table.reindex(columns=levels, fill_value=0).astype("int64")
    table["documents"] = table.sum(axis=1)
    table.index.name = by
    table.columns.name = None
    return table.sort_values(["documents", "required"], ascending=False, kind="stable")


def demand(
    matches: pd.DataFrame,
    *,
    top: int = 20,
    by: str = "skill",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Horizontal bars: the ``top`` skills (or categories) by number of documents, stacked by requirement
    level (required, preferred, unspecified)."""
    table = demand_table(matches, by=by).head(top)
    ax = _axes(ax, (7.5, 0.32 * max(len(table), 3) + 1.3))
    left = np.zeros(len(table))
    y = np.arange(len(table))
    for level, color in LEVEL_COLORS.items():
        values = table[level].to_numpy() if len(table) else np.zeros(0)
        ax.barh(y, values, left=left, color=color, label=level, height=0.72)
        left += values
    ax.set_yticks(y, table.index.tolist())
    ax.invert_yaxis()
    ax.set_xlabel("documents")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    ax.spines[["top", "right"]].set_visible(False)
    what = "skills" if by == "skill" else "categories"
    ax.set_title(title or f"Top {what} asked for", loc="left")
    return ax


def cooccurrence_table(matches: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """A symmetric ``top × top`` table: documents naming both skills (the diagonal: documents naming the
    skill), for the ``top`` skills named in most documents; negated mentions do not count.

    >>> m = pd.DataFrame({"doc_id": [1, 1, 2], "skill": ["Go", "SQL", "Go"]})
    >>> cooccurrence_table(m).loc["Go", "SQL"]
    np.int64(1)
    """
    _need(matches, ["doc_id", "skill"], "cooccurrence")
    rows = matches
    if "negated" in rows.columns:
        rows = rows[~rows["negated"].fillna(False).astype(bool)]
    pairs = rows[["doc_id", "skill"]].astype({"skill": str}).drop_duplicates()
    if pairs.empty:
        return pd.DataFrame(np.zeros((0, 0), dtype="int64"))
    names = pairs["skill"].value_counts(sort=True).head(top).index
    onehot = pd.crosstab(pairs["doc_id"], pairs["skill"]).reindex(columns=names, fill_value=0)
    onehot = (onehot > 0).astype("int64")
    table = onehot.T @ onehot
    table.index.name = table.columns.name = None
    return table


def cooccurrence(
    matches: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A heatmap of :func:`cooccurrence_table`: how many documents name both skills (the diagonal, in
    grey, how many name the skill)."""
    table = cooccurrence_table(matches, top=top)
    n = len(table)
    ax = _axes(ax, (0.3 * max(n, 4) + 2.6, 0.3 * max(n, 4) + 1.9))
    values = table.to_numpy()
    if n == 0:
        ax.text(0.5, 0.5, "no skills found", ha="center", va="center", transform=ax.transAxes, color="#777")
        ax.set_axis_off()
        return ax
    # the diagonal (documents naming the skill at all) is larger than any pair: grey, out of the scale
    pairs = np.ma.masked_array(values, mask=np.eye(n, dtype=bool))
    from matplotlib import colormaps

    cmap = colormaps["Blues"].with_extremes(bad="#e6e6e6")
    image = ax.imshow(pairs, cmap=cmap, vmin=0, vmax=max(int(pairs.max() or 0), 1))
    ax.set_xticks(range(n), table.columns.tolist(), rotation=50, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(n), table.index.tolist())
    high = int(pairs.max() or 0) if n > 1 else 0
    if n <= 20 and (values.max() if values.size else 0) < 1000:  # more digits than a cell holds
        for i in range(n):
            for j in range(n):
                if values[i, j]:
                    color = "white" if i != j and values[i, j] > high * 0.6 else "#333"
                    ax.text(j, i, str(values[i, j]), ha="center", va="center", fontsize=8, color=color)
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.7, label="documents naming both")
    bar.ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title or "Skills named together", loc="left")
    return ax


def coverage(
    cover: pd.DataFrame,
    *,
    docs: Sequence[object] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Coverage per category (0–1) for one or several documents of a ``coverage`` frame, as grouped
    horizontal bars; ``docs`` picks documents by ``doc_id`` (default: all, at most 8)."""
    _need(cover, ["doc_id"], "coverage")
    cats = [c.removeprefix("coverage_") for c in cover.columns if c.startswith("coverage_")]
    if not cats:
        raise InputError("coverage needs a frame from skillmatch.coverage (no coverage_<category> column)")
    frame = cover.set_index("doc_id")
    if docs is not None:
        unknown = [d for d in docs if d not in frame.index]
        if unknown:
            raise InputError(f"doc_id {unknown[0]!r} is not in the frame; ids: {list(frame.index)[:10]}")
        frame = frame.loc[list(docs)]
    elif len(frame) > 8:
        frame = frame.head(8)
    ax = _axes(ax, (7.5, 0.28 * len(cats) * max(1, min(len(frame), 3)) + 1.5))
    y = np.arange(len(cats))
    height = 0.8 / max(len(frame), 1)
    colors = list(category_colors([str(d) for d in frame.index]).values()) if len(frame) > 1 else [PALETTE[4]]
    for k, (doc_id, row) in enumerate(frame.iterrows()):
        values = [float(row[f"coverage_{c}"]) if pd.notna(row[f"coverage_{c}"]) else 0.0 for c in cats]
        ax.barh(y + k * height, values, height=height, label=str(doc_id), color=colors[k % len(colors)])
    ax.set_yticks(y + height * (len(frame) - 1) / 2, cats)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the category's skills found")
    if len(frame) > 1:
        ax.legend(frameon=False, fontsize="small", loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or "Coverage per category", loc="left")
    return ax


def gap(
    report: pd.DataFrame,
    *,
    resume_id: object = None,
    job_id: object = None,
    top: int = 25,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """One résumé against one job, from a gap report (:meth:`SkillMatcher.gap_report`): a bar per job skill
    as long as its weight, the earned part (weight × credit) filled by status: met, partial, missing.
    ``resume_id`` and ``job_id`` pick the pair (default: the first one)."""
    _need(report, ["resume_id", "job_id", "skill", "status", "weight", "credit"], "gap")
    # the job's skills; the text-similarity ("lexical") and "unnamed" rows of the score are not skills
    rows = report[report["status"].astype(str).isin(["met", "partial", "missing", "alternative"])]
    if rows.empty:
        raise InputError("the gap report has no job skills to draw")
    resume_id = rows["resume_id"].iloc[0] if resume_id is None else resume_id
    job_id = rows["job_id"].iloc[0] if job_id is None else job_id
    rows = rows[(rows["resume_id"] == resume_id) & (rows["job_id"] == job_id)]
    if rows.empty:
        raise InputError(f"no pair ({resume_id!r}, {job_id!r}) in the gap report")
    rows = rows.sort_values("weight", ascending=False, kind="stable").head(top)
    ax = _axes(ax, (7.5, 0.3 * max(len(rows), 3) + 1.4))
    y = np.arange(len(rows))
    weight = rows["weight"].astype(float).to_numpy()
    earned = weight * rows["credit"].astype(float).to_numpy()
    status = rows["status"].astype(str).tolist()
    # the part not earned, in a pale shade of the status colour; the earned part in the full colour
    ax.barh(
        y,
        weight,
        color=[_PALE.get(s, "#eeeeee") for s in status],
        edgecolor=[STATUS_COLORS.get(s, NEGATED_COLOR) for s in status],
        height=0.7,
        linewidth=0.8,
    )
    ax.barh(y, earned, color=[STATUS_COLORS.get(s, NEGATED_COLOR) for s in status], height=0.7)
    labels = rows["skill"].astype(str).tolist()
    if "requirement" in rows.columns:
        marks = {"required": " ●", "preferred": " ○"}
        labels = [f"{n}{marks.get(str(lv), '')}" for n, lv in zip(labels, rows["requirement"], strict=True)]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("weight (filled: what the résumé earns)")
    from matplotlib.patches import Rectangle

    handles = [Rectangle((0, 0), 1, 1, color=c, label=s) for s, c in STATUS_COLORS.items() if s in status]
    # above the bars, right of the title: the bars can reach the right edge on any row
    ax.legend(
        handles=handles, frameon=False, fontsize="small", loc="lower right", bbox_to_anchor=(1, 1), ncols=3
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"{resume_id} against {job_id}", loc="left")
    return ax
