"""Highlighted text: every mention marked, levels distinct, names on hover, input text escaped."""

from __future__ import annotations

import html as std_html
import itertools
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import skillmatch
from skillmatch.errors import InputError
from skillmatch.render import RenderedHTML, category_colors, render_frame

TEXT = "Requirements: 5+ years of Python and PostgreSQL. Nice to have: Django. We don't use Java."


def spans(html):
    """(level, hover text, highlighted text) for every highlighted mention."""
    found = re.findall(r'<span class="sm-span sm-(\w+)" title="([^"]*)"[^>]*>([^<]*)<', html)
    return [(level, title, text) for level, title, text in found]


def test_every_mention_is_highlighted_with_its_level(mini_matcher):
    html = skillmatch.render(TEXT, matcher=mini_matcher)
    got = {text: level for level, _, text in spans(html)}
    assert got == {"Python": "required", "PostgreSQL": "required", "Django": "preferred", "Java": "negated"}


def test_levels_look_different(mini_matcher):
    html = skillmatch.render(TEXT, matcher=mini_matcher)
    styles = dict(re.findall(r'class="sm-span sm-(\w+)"[^>]*style="([^"]*)"', html))
    assert "line-through" in styles["negated"]
    assert "line-through" not in styles["required"]
    # preferred mentions have a dashed bar, required ones a solid one
    assert "repeating-linear-gradient" in html.split("Django", 1)[1].split("</span></span>", 1)[0]
    assert "repeating-linear-gradient" not in html.split(">Python", 1)[1].split("</span></span>", 1)[0]


def test_hover_names_skill_category_level_and_years(mini_matcher):
    html = skillmatch.render(TEXT, matcher=mini_matcher)
    titles = {text: title for _, title, text in spans(html)}
    assert "Python (languages)" in titles["Python"]
    assert "required" in titles["Python"] and "5+ years" in titles["Python"]
    assert "not wanted" in titles["Java"]


def test_label_shows_the_skill_name_when_the_text_differs(mini_matcher):
    html = skillmatch.render("We run Postgres.", matcher=mini_matcher)
    assert re.search(r'class="sm-label"[^>]*>PostgreSQL<', html)


def test_input_markup_is_shown_as_text(mini_matcher):
    evil = 'Python <script>alert("x")</script> <img src=x onerror=alert(1)> "quoted" & Java'
    html = skillmatch.render(evil, matcher=mini_matcher)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp; " in html


def test_markup_in_skill_names_is_escaped():
    matches = pd.DataFrame(
        {"start": [0], "end": [6], "skill_id": ["x"], "skill": ['<b onclick="x">'], "category": ["<i>"]}
    )
    html = render_frame("Python rocks", matches)
    assert "<b onclick" not in html and "<i>" not in html
    assert "&lt;b onclick=&quot;x&quot;&gt;" in html


def test_whitespace_and_text_are_kept(mini_matcher):
    text = "Python,\nDjango  and\tJava"
    html = skillmatch.render(text, matcher=mini_matcher)
    visible = re.sub(
        r'<span class="sm-label"[^>]*>[^<]*</span>', "", html.split('class="skillmatch-render"')[1]
    )
    visible = re.sub(r"<[^>]+>", "", visible.split(">", 1)[1])
    assert visible == text


def test_extra_columns_and_missing_context_columns_are_fine():
    matches = pd.DataFrame(
        {"start": [0], "end": [6], "skill_id": ["python"], "alternatives": [["py"]], "whatever": [1]}
    )
    html = render_frame("Python", matches)
    assert spans(html)[0][0] == "unspecified"


def test_missing_offset_columns_name_the_problem():
    with pytest.raises(InputError, match="'start'"):
        render_frame("Python", pd.DataFrame({"skill_id": ["python"]}))


def test_a_doc_renders_its_spans(mini_matcher):
    doc = mini_matcher.nlp("Python is required; Django is a plus.")
    html = skillmatch.render(doc, matcher=mini_matcher)
    got = {text: level for level, _, text in spans(html)}
    assert got == {"Python": "required", "Django": "preferred"}


def test_not_text_is_refused(mini_matcher):
    with pytest.raises(InputError, match="str or a spaCy Doc"):
        skillmatch.render(["Python"], matcher=mini_matcher)


def test_notebook_display_and_file(mini_matcher, tmp_path):
    html = skillmatch.render(TEXT, matcher=mini_matcher, path=tmp_path / "out.html", title="<Job 1>")
    assert isinstance(html, RenderedHTML) and isinstance(html, str)
    assert html._repr_html_() == str(html)
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and str(html) in page
    assert "&lt;Job 1&gt;" in html


def test_colours_follow_the_taxonomy_order(mini_taxonomy):
    colors = category_colors(mini_taxonomy.categories)
    assert list(colors) == list(mini_taxonomy.categories)
    assert len(set(colors.values())) == len(colors)


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("Python Java<>&\"'\t é")), max_size=60),
    st.lists(st.integers(0, 60), max_size=6),
)
def test_any_text_shows_exactly_as_written(text, cuts):
    # mentions cut at arbitrary places: the visible text is always exactly the input, and no input
    # character becomes markup
    bounds = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    pairs = [(a, b) for a, b in itertools.pairwise(bounds) if a < b]
    matches = pd.DataFrame(
        {"start": [a for a, _ in pairs], "end": [b for _, b in pairs], "skill_id": "s", "category": "c"}
    )
    html = render_frame(text, matches)
    body = html.split('class="skillmatch-render"', 1)[1].split(">", 1)[1]
    body = re.sub(r'<span class="sm-label"[^>]*>[^<]*</span>', "", body)
    assert std_html.unescape(re.sub(r"<[^>]+>", "", body)) == text
    assert "<" not in re.sub(r"<[^>]+>", "", body)


def test_blank_lines_become_one_paragraph_gap(mini_matcher):
    html = skillmatch.render("Python\n\n\n\nJava", matcher=mini_matcher)
    assert html.count('class="sm-para"') == 1


def test_repr_html_of_matcher_and_taxonomy(mini_matcher, mini_taxonomy):
    from skillmatch.render import matcher_html, taxonomy_html

    tax = taxonomy_html(mini_taxonomy)
    assert "Taxonomy mini 0.1.0" in tax and "Python" in tax and "<table" in tax
    assert "SkillMatcher" in matcher_html(mini_matcher) and "fuzzy" in matcher_html(mini_matcher)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 4)), max_size=8))
def test_spans_stack_as_displacy_stacks_them(raw):
    from spacy.displacy.render import SpanRenderer

    from skillmatch.render import _Renderer

    tokens = [f"t{i}" for i in range(16)]

    def spans():
        return [{"start_token": a, "end_token": a + n, "label": str(k)} for k, (a, n) in enumerate(raw)]

    ours = _Renderer([])._assemble_per_token_info(tokens, spans())
    theirs = SpanRenderer()._assemble_per_token_info(tokens, spans())

    def slots(info):
        return [sorted((e["label"], e["is_start"], e["render_slot"]) for e in t["entities"]) for t in info]

    assert slots(ours) == slots(theirs)


def test_many_mentions_render_in_linear_time():
    import time

    text = "Python and Java. " * 4000  # 8,000 mentions
    starts = [i * 17 for i in range(4000)]
    matches = pd.DataFrame(
        {
            "start": [s for b in starts for s in (b, b + 11)],
            "end": [e for b in starts for e in (b + 6, b + 15)],
            "skill_id": ["python", "java"] * 4000,
            "category": "languages",
        }
    )
    begin = time.process_time()
    html = render_frame(text, matches)
    assert html.count('class="sm-span') == 8000
    assert time.process_time() - begin < 5  # tokens × spans would take minutes
