"""Skill mentions highlighted in their text, in displaCy's span style, as HTML.

Every mention is underlined in its category's colour with the skill's name below it; required mentions
have a solid bar and a filled dot, preferred ones a dashed bar and an open dot, negated ones ("no PHP
needed") a grey bar, struck-through text and a cross. Hovering a mention shows the skill, its category,
the requirement level, stated years and how it was matched. All text from the input is escaped.

>>> import skillmatch
>>> html = skillmatch.render("Python is required; <b>Go</b> is a plus.")
>>> "sm-required" in html and "&lt;b&gt;" in html and "<b>" not in html
True
"""

from __future__ import annotations

import html as _html
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from spacy.displacy.render import SpanRenderer
from spacy.tokens import Doc

from .errors import InputError

if TYPE_CHECKING:
    from .api import SkillMatcher
    from .taxonomy import Taxonomy

__all__ = ["RenderedHTML", "category_colors", "matcher_html", "render", "render_frame", "taxonomy_html"]

#: Colour-blind-safe qualitative palette (Okabe–Ito, then Tableau 10), assigned to categories in order.
PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#0072B2",
    "#D55E00",
    "#F0E442",
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#B07AA1",
    "#76B7B2",
    "#EDC948",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
)
NEGATED_COLOR = "#9a9a9a"
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
LEVEL_MARKS = {"required": "●", "preferred": "○", "unspecified": "", "negated": "✕"}


class RenderedHTML(str):
    """An HTML string that a notebook displays as HTML (and everything else treats as a ``str``)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        body = str(self)
        if body.lstrip().lower().startswith("<!doctype"):
            # a whole page (a report) keeps its styles to itself inside a frame
            return (
                f'<iframe srcdoc="{esc(body)}" sandbox="" style="width: 100%; height: 640px; '
                'border: 1px solid #ddd; border-radius: 4px;"></iframe>'
            )
        return body

    def save(self, path: str | Path) -> Path:
        """Write a complete HTML page (UTF-8) to ``path`` and return the path."""
        out = Path(path)
        body = str(self)
        if not body.lstrip().lower().startswith("<!doctype"):
            body = page(body, title="skillmatch")
        out.write_text(body, encoding="utf-8")
        return out


def category_colors(categories: Sequence[str] | Mapping[str, Any]) -> dict[str, str]:
    """One colour per category, in the given order (a taxonomy's ``categories`` keeps its file order).

    >>> category_colors(["languages", "databases"])
    {'languages': '#E69F00', 'databases': '#56B4E9'}
    """
    return {cat: PALETTE[i % len(PALETTE)] for i, cat in enumerate(categories)}


def esc(value: object) -> str:
    """``value`` as text that HTML shows as written (quotes included, so it is safe in attributes)."""
    return _html.escape("" if value is None or value is pd.NA else str(value), quote=True)


# -- templates: displaCy's span look, without the whitespace displaCy puts between tokens ----
_TPL_SPAN = (
    '<span class="sm-span sm-{level}" title="{tooltip}" style="display: inline-block; position: relative; '
    'height: {total_height}px; line-height: 1.5; font-weight: 600;{text_style}">'
    "{text}{span_slices}{span_starts}</span>"
)
_TPL_SLICE = (
    '<span style="position: absolute; left: -1px; width: calc(100% + 2px); top: {top_offset}px; '
    'height: 4px; {bar}"></span>'
)
_TPL_START = (
    '<span style="position: absolute; left: -1px; width: calc(100% + 2px); top: {top_offset}px; '
    'height: 4px; border-radius: 3px 0 0 3px; {bar}"><span class="sm-label" style="position: absolute; '
    "top: 5px; left: 0; z-index: 10; padding: 1px 4px; background: {bg}; color: {fg}; font-size: {size}; "
    'font-weight: 600; line-height: 1.15; white-space: nowrap; border-radius: 3px;">{label}</span></span>'
)
_WRAP = (
    '<div class="skillmatch-render" style="line-height: 2.3; white-space: pre-wrap; '
    'overflow-wrap: anywhere; font-family: {font};">{content}</div>'
)


_BLANK_LINES = re.compile(r"[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)+")
_PARAGRAPH = '<span class="sm-para" style="display: block; height: 0.5em;"></span>'


def _plain(text: str) -> str:
    """Escaped text whose blank lines become a small paragraph gap (a full line each is too tall at
    this line height)."""
    return _PARAGRAPH.join(esc(part) for part in _BLANK_LINES.split(text))


def _bar(color: str, level: str) -> str:
    if level == "preferred":
        return f"background: repeating-linear-gradient(90deg, {color} 0 6px, transparent 6px 9px);"
    if level == "unspecified":
        return f"background: {color}; opacity: 0.75;"
    return f"background: {color};"


def _text_color(bg: str) -> str:
    """Black or white, whichever reads better on ``bg`` (#rrggbb)."""
    r, g, b = (int(bg[i : i + 2], 16) for i in (1, 3, 5))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#fff"


class _Renderer(SpanRenderer):
    """displaCy's span renderer (its stacking of overlapping spans), with each span styled on its own and
    the text's own whitespace kept."""

    def __init__(self, styles: list[dict[str, str]]) -> None:
        super().__init__({"top_offset": 23, "span_label_offset": 20, "top_offset_step": 19})
        self.styles = styles

    @staticmethod
    def _assemble_per_token_info(
        tokens: list[str], spans: list[dict[str, Any]]
    ) -> list[dict[str, list[dict[str, Any]]]]:
        """displaCy's stacking of spans (the same slots), in one sweep: each token looks only at the spans
        that cover it, so that a long text with many mentions costs linear time, not tokens × spans."""
        ordered = sorted(
            spans, key=lambda s: (s["start_token"], -(s["end_token"] - s["start_token"]), s["label"])
        )
        starting: dict[int, list[dict[str, Any]]] = {}
        for span in ordered:
            starting.setdefault(span["start_token"], []).append(span)
        active: list[dict[str, Any]] = []
        out: list[dict[str, Any]] = []
        for idx, token in enumerate(tokens):
            active = [s for s in active if s["end_token"] > idx]
            active.extend(s for s in starting.get(idx, ()) if s["end_token"] > idx)
            entities = []
            for k, span in enumerate(active):
                if span["start_token"] == idx:
                    span["render_slot"] = (active[k - 1]["render_slot"] if k else 0) + 1
                entities.append(
                    {
                        "label": span["label"],
                        "is_start": span["start_token"] == idx,
                        "render_slot": span["render_slot"],
                        "kb_link": "",
                    }
                )
            out.append({"text": token, "entities": entities})
        return out

    def _render_markup(self, per_token_info: list[dict[str, Any]]) -> str:
        parts: list[str] = []
        for token in per_token_info:
            text = token["text"]
            entities = sorted(token["entities"], key=lambda e: e["render_slot"])
            if not entities or not text.strip():
                parts.append(_plain(text))
                continue
            core = text.rstrip()
            trailing = text[len(core) :]
            first = self.styles[int(entities[0]["label"])]
            slices, starts = [], []
            for ent in entities:
                style = self.styles[int(ent["label"])]
                top = self.top_offset + self.offset_step * (ent["render_slot"] - 1)
                slices.append(_TPL_SLICE.format(top_offset=top, bar=style["bar"]))
                if ent["is_start"] and style["label"]:
                    starts.append(
                        _TPL_START.format(
                            top_offset=top,
                            bar=style["bar"],
                            bg=style["bg"],
                            fg=style["fg"],
                            size=style["size"],
                            label=style["label"],
                        )
                    )
            labelled = any(self.styles[int(e["label"])]["label"] for e in entities)
            below = self.span_label_offset if labelled else 6
            height = self.top_offset + below + self.offset_step * (len(entities) - 1)
            tooltip = "&#10;".join(self.styles[int(e["label"])]["tooltip"] for e in entities)
            parts.append(
                _TPL_SPAN.format(
                    level=first["level"],
                    tooltip=tooltip,
                    total_height=height,
                    text_style=first["text_style"],
                    text=esc(core),
                    span_slices="".join(slices),
                    span_starts="".join(starts),
                )
                + _plain(trailing)
            )
        return _WRAP.format(font=FONT, content="".join(parts))


def _level(row: Mapping[str, Any]) -> str:
    negated = row.get("negated")
    if negated is not None and negated is not pd.NA and bool(negated):
        return "negated"
    level = row.get("requirement")
    return level if isinstance(level, str) and level in LEVEL_MARKS else "unspecified"


def _tooltip(row: Mapping[str, Any], level: str) -> str:
    bits = [f"{row.get('skill') or row.get('skill_id')} ({row.get('category') or 'unknown category'})"]
    bits.append("not wanted (negated)" if level == "negated" else level)
    years = row.get("years")
    if years is not None and not pd.isna(years):
        bits.append(f"{float(years):g}+ years")
    proficiency = row.get("proficiency")
    if isinstance(proficiency, str) and proficiency:
        bits.append(proficiency)
    method = row.get("method")
    if isinstance(method, str) and method:
        bits.append(f"{method} match")
    return esc(" · ".join(bits))


def render_frame(
    text: str,
    matches: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    title: str | None = None,
) -> RenderedHTML:
    """Highlight the mentions of an ``extract`` frame (rows of this one text) in ``text``.

    Only ``start``, ``end`` and ``skill_id`` are needed; ``skill``, ``category``, ``requirement``,
    ``negated``, ``years``, ``proficiency`` and ``method`` are shown when present. Other columns are
    ignored. ``colors`` maps a category to a ``#rrggbb`` colour (default: :func:`category_colors` of the
    categories in order of appearance).
    """
    for col in ("start", "end"):
        if col not in matches.columns:
            raise InputError(
                f"matches lacks the column {col!r}; pass a frame from skillmatch.extract "
                f"(its columns are: {', '.join(map(str, matches.columns))})"
            )
    rows = [dict(r) for r in matches.to_dict("records")]
    rows = [r for r in rows if 0 <= int(r["start"]) < int(r["end"]) <= len(text)]
    if colors is None:
        cats = list(dict.fromkeys(str(r.get("category")) for r in rows))
        colors = category_colors(cats)
    # tokens: the text cut at every span boundary and after every run of whitespace, so that a mention
    # is a run of whole tokens and long plain stretches still wrap
    cuts = {0, len(text)}
    for r in rows:
        cuts.update((int(r["start"]), int(r["end"])))
    bounds = sorted(cuts)
    tokens: list[str] = []
    token_at: dict[int, int] = {}
    for lo, hi in itertools.pairwise(bounds):
        token_at[lo] = len(tokens)
        tokens.append(text[lo:hi])
    token_at[len(text)] = len(tokens)
    styles: list[dict[str, str]] = []
    spans = []
    for r in rows:
        level = _level(r)
        color = NEGATED_COLOR if level == "negated" else colors.get(str(r.get("category")), PALETTE[-1])
        name = str(r.get("skill") or r.get("skill_id") or "?")
        mark = LEVEL_MARKS[level]
        if " ".join(text[int(r["start"]) : int(r["end"])].casefold().split()) == name.casefold():
            name = ""  # the text already says it; the label only adds the level's mark
        styles.append(
            {
                "level": level,
                "bar": _bar(color, level),
                "bg": color,
                "fg": _text_color(color),
                "label": esc(" ".join(p for p in (mark, name) if p)),
                # a label that is only the level's mark is drawn as the bare mark in the bar's colour
                "size": "0.62em",
                **({"bg": "transparent", "fg": color, "size": "0.85em"} if not name else {}),
                "tooltip": _tooltip(r, level),
                "text_style": " text-decoration: line-through; color: #777;" if level == "negated" else "",
            }
        )
        spans.append(
            {
                "start_token": token_at[int(r["start"])],
                "end_token": token_at[int(r["end"])],
                "label": str(len(styles) - 1),
            }
        )
    renderer = _Renderer(styles)
    body = renderer._render_markup(renderer._assemble_per_token_info(tokens, spans))
    if title:
        body = f'<h3 class="sm-title" style="margin: 0 0 0.3em;">{esc(title)}</h3>' + body
    used = {str(r.get("category")) for r in rows}
    shown = {c: v for c, v in colors.items() if c in used}
    levels = {style["level"] for style in styles}
    return RenderedHTML(f'<div class="skillmatch">{legend(shown, levels)}{body}</div>')


def legend(colors: Mapping[str, str], levels: Iterable[str] = ("required", "preferred", "negated")) -> str:
    """A one-line key to the categories' colours and to the requirement styles of ``levels``."""
    chip = (
        '<span style="display: inline-block; margin: 0 0.9em 0.2em 0; white-space: nowrap;">'
        '<span style="display: inline-block; width: 1.6em; height: 5px; vertical-align: middle; '
        'margin-right: 0.35em; {bar}"></span>{name}</span>'
    )
    items = [chip.format(bar=_bar(c, "required"), name=esc(cat)) for cat, c in colors.items()]
    keys = {
        "required": chip.format(bar=_bar("#555555", "required"), name="● required"),
        "preferred": chip.format(bar=_bar("#555555", "preferred"), name="○ preferred"),
        "negated": chip.format(bar=_bar(NEGATED_COLOR, "negated"), name="✕ not wanted"),
    }
    items += [keys[level] for level in keys if level in set(levels)]
    return (
        '<div class="sm-legend" style="font-size: 0.8em; color: #444; margin-bottom: 0.4em; '
        "font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif;\">"
        + "".join(items)
        + "</div>"
    )


def _doc_frame(doc: Doc, matcher: SkillMatcher, spans_key: str) -> pd.DataFrame:
    """The mentions of a Doc: its span group, with context from the span extensions when the pipeline
    sets them, else from :meth:`SkillMatcher.extract` on the same text."""
    spans = list(doc.spans.get(spans_key, []))
    if not spans:
        return matcher.extract(doc.text)
    extracted = matcher.extract(doc.text)
    by_offset = {
        (int(s), int(e), str(k)): i
        for i, (s, e, k) in enumerate(
            zip(extracted["start"], extracted["end"], extracted["skill_id"], strict=True)
        )
    }
    tax = matcher.taxonomy
    rows = []
    for span in spans:
        sid = span.label_
        key = (span.start_char, span.end_char, sid)
        row: dict[str, Any] = {"skill_id": sid, "start": span.start_char, "end": span.end_char}
        skill = tax.get(sid)
        row["skill"] = skill.name if skill else sid
        row["category"] = skill.category if skill else None
        if key in by_offset:
            found = extracted.iloc[by_offset[key]]
            for col in ("requirement", "negated", "years", "proficiency", "method"):
                if col in extracted.columns:
                    row[col] = found[col]
        for col in ("requirement", "negated", "years", "proficiency", "method"):
            for attr in (col, f"skill_{col}"):
                if span.has_extension(attr):
                    value = getattr(span._, attr)
                    if value is not None:
                        row[col] = value
                    break
        rows.append(row)
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def _own_default() -> SkillMatcher:
    from .api import SkillMatcher

    return SkillMatcher()


def matcher_or_default(matcher: SkillMatcher | None) -> SkillMatcher:
    """``matcher``, or the default one that :func:`skillmatch.extract` uses (built once per process)."""
    if matcher is not None:
        return matcher
    from . import api

    shared = getattr(api, "_default_matcher", None)  # the shortcuts' matcher, when there is one to share
    return shared() if callable(shared) else _own_default()


def render(
    text_or_doc: str | Doc,
    *,
    matcher: SkillMatcher | None = None,
    matches: pd.DataFrame | None = None,
    spans_key: str = "skills",
    title: str | None = None,
    path: str | Path | None = None,
) -> RenderedHTML:
    """The text with every skill mention highlighted, as HTML.

    Parameters
    ----------
    text_or_doc
        A text, or a spaCy ``Doc`` from a pipeline with the ``skillmatch`` component (its
        ``doc.spans[spans_key]`` are shown).
    matcher
        The :class:`SkillMatcher` to find skills with (default: the bundled taxonomy). Its taxonomy's
        categories fix the colours.
    matches
        An ``extract`` frame for this text, to show instead of matching again (rows of other documents
        must be filtered out first).
    title
        A heading above the text.
    path
        Also write the result as a complete HTML page to this file.

    Returns
    -------
    RenderedHTML
        A ``str`` of HTML, displayed as HTML by Jupyter.
    """
    if isinstance(text_or_doc, Doc):
        text = text_or_doc.text
    elif isinstance(text_or_doc, str):
        text = text_or_doc
    else:
        raise InputError(
            f"render takes a str or a spaCy Doc, not {type(text_or_doc).__name__}; "
            "for several texts call it once per text"
        )
    m = matcher_or_default(matcher)
    if matches is None:
        matches = _doc_frame(text_or_doc, m, spans_key) if isinstance(text_or_doc, Doc) else m.extract(text)
    html = render_frame(text, matches, colors=category_colors(m.taxonomy.categories), title=title)
    if path is not None:
        html.save(path)
    return html


def page(body: str, *, title: str, css: str = "") -> str:
    """A complete, self-contained HTML page around ``body``."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{esc(title)}</title>\n<style>{_BASE_CSS}{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


_BASE_CSS = """
body { font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif;
       color: #222; background: #fafafa; margin: 0; padding: 1.5rem 2rem; font-size: 15px; }
"""


# -- rich display of library objects ----
_TABLE = (
    '<table style="border-collapse: collapse; font-size: 0.9em;">'
    "<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cell = '<td style="padding: 2px 10px; text-align: left; border-top: 1px solid #ddd;">{}</td>'
    head = "".join(f'<th style="padding: 2px 10px; text-align: left;">{esc(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(cell.format(esc(v)) for v in r) + "</tr>" for r in rows)
    return _TABLE.format(head=head, rows=body)


def taxonomy_html(tax: Taxonomy) -> str:
    """A notebook summary of a taxonomy: name, version, and per category its colour, size and examples."""
    colors = category_colors(tax.categories)
    rows = []
    for cat_id, cat in tax.categories.items():
        ids = tax.in_category(cat_id)
        examples = ", ".join(tax[s].name for s in ids[:6]) + (", …" if len(ids) > 6 else "")
        swatch = (
            f'<span style="display:inline-block;width:0.9em;height:0.9em;background:{colors[cat_id]}"></span>'
        )
        rows.append((swatch, cat_id, cat.name, len(ids), examples))
    cell = '<td style="padding: 2px 10px; text-align: left; border-top: 1px solid #ddd;">{}</td>'
    body = "".join(
        "<tr>" + cell.format(r[0]) + "".join(cell.format(esc(v)) for v in r[1:]) + "</tr>" for r in rows
    )
    head = "".join(
        f'<th style="padding: 2px 10px; text-align: left;">{h}</th>'
        for h in ("", "category", "name", "skills", "examples")
    )
    return (
        f'<div class="skillmatch-taxonomy"><strong>Taxonomy {esc(tax.name)} {esc(tax.version)}</strong>: '
        f"{len(tax)} skills in {len(tax.categories)} categories"
        + (f"<br><em>{esc(tax.description)}</em>" if tax.description else "")
        + _TABLE.format(head=head, rows=body)
        + "</div>"
    )


def matcher_html(matcher: SkillMatcher) -> str:
    """A notebook summary of a matcher: its settings, pipeline and taxonomy."""
    cfg = getattr(matcher.component, "cfg", {})
    settings = [
        ("pipeline", " → ".join(matcher.nlp.pipe_names) or "(tokenizer only)"),
        ("context", "on" if matcher.context else "off"),
        *((k, v) for k, v in cfg.items()),
        ("batch_size", matcher.batch_size),
    ]
    return (
        '<div class="skillmatch-matcher"><strong>SkillMatcher</strong>'
        + _table(("setting", "value"), settings)
        + '<div style="margin-top: 0.8em;">'
        + taxonomy_html(matcher.taxonomy)
        + "</div>"
        + "</div>"
    )
