"""The HTML report: self-contained, escaped, with the ranking, the pairs and the market view."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest
from click.testing import CliRunner

import skillmatch
from conftest import FIXTURES
from skillmatch.cli import cli
from skillmatch.errors import ConfigError, InputError

EVIL = '<script>document.title="pwned"</script><img src=x onerror="alert(1)"><b>bold</b>'
RESUMES = pd.DataFrame(
    {
        "id": ["r-good", "r-evil", "r-none"],
        "text": [
            "Python for 6 years, Django, PostgreSQL and Java.",
            f"Java developer. {EVIL} Spring Boot.",
            "I like gardening.",
        ],
    }
)
JOBS = pd.DataFrame(
    {
        "id": ["j-py", "j-java"],
        "text": [
            "Requirements: 5+ years of Python, Django and PostgreSQL. Nice to have: Ruby on Rails.",
            "Must have Java and Spring Boot. MySQL is a plus.",
        ],
    }
)


@pytest.fixture(scope="module")
def pair_page(mini_matcher):
    return skillmatch.report(
        resumes=RESUMES,
        jobs=JOBS,
        resume_text_column="text",
        resume_id_column="id",
        job_id_column="id",
        matcher=mini_matcher,
        detail=2,
    )


def _without_tags(html):
    return re.sub(r"<[^>]+>", " ", html)


def test_ranking_orders_resumes_by_score(pair_page, mini_matcher):
    pairs = mini_matcher.match(
        RESUMES,
        JOBS,
        resume_text_column="text",
        resume_id_column="id",
        job_text_column="text",
        job_id_column="id",
    )
    best = pairs.sort_values("score", ascending=False).groupby("job_id").head(1)
    ranking = pair_page.split("<h2>Ranking</h2>", 1)[1].split("<h2>Pairs</h2>", 1)[0]
    for job_id in ("j-py", "j-java"):
        card = ranking.split(f"{job_id}</h3>", 1)[1].split("</table>", 1)[0]
        order = re.findall(r"<td>(?:<a [^>]*>)?(r-[a-z]+)", card)
        assert order[0] == best.loc[best["job_id"] == job_id, "resume_id"].iloc[0]
        assert sorted(order) == ["r-evil", "r-good", "r-none"]


def test_each_detailed_pair_shows_score_skills_chart_and_both_texts(pair_page):
    cards = re.findall(
        r'<div class="sm-card" id="pair-\d+">(.*?)(?=<div class="sm-card" id="pair-|<p class="sm-note">)',
        pair_page,
        flags=re.S,
    )
    assert len(cards) == 4  # the best 2 of 3 résumés for each of 2 jobs
    good = next(c for c in cards if "r-good" in c.split("</h3>", 1)[0] and "j-py" in c.split("</h3>", 1)[0])
    assert re.search(r'class="sm-score">0\.\d\d<', good)
    assert 'class="sm-pill sm-met"' in good and ">Python" in good
    assert 'class="sm-pill sm-missing"' in good and ">Ruby on Rails" in good
    assert "data:image/svg+xml;base64," in good
    assert good.count('class="skillmatch-render"') == 2  # the job's text and the résumé's


def test_every_input_text_is_escaped(pair_page):
    assert "<script" not in pair_page.lower()
    assert "onerror=" not in pair_page.replace("onerror=&quot;", "")
    assert "<b>bold</b>" not in pair_page
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in pair_page


def test_page_is_self_contained(pair_page):
    # no address to fetch: every src is an inline data: URL, no link or script element
    assert re.findall(r'\b(?:src|href)="(?!data:|#)', pair_page) == []
    assert "<link" not in pair_page and "<script" not in pair_page
    assert "default-src 'none'" in pair_page


def test_charts_are_valid_svg_images(pair_page):
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', pair_page)
    assert images
    svg = base64.b64decode(images[0]).decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "<script" not in svg


def test_corpus_mode_shows_the_market(mini_matcher, tmp_path):
    out = tmp_path / "market.html"
    html = skillmatch.report(JOBS, text_column="text", id_column="id", matcher=mini_matcher, path=out)
    assert out.read_text(encoding="utf-8") == html
    text = _without_tags(html)
    assert "Market view" in text and "Requirement levels by category" in text
    assert "Years of experience asked for" in text
    assert (
        len(re.findall(r'src="data:image/svg\+xml;base64,', html)) == 3
    )  # skills, categories, co-occurrence
    assert html.count('class="skillmatch-render"') == 2


def test_paths_are_read(mini_matcher, tmp_path):
    jobs = tmp_path / "jobs.csv"
    JOBS.to_csv(jobs, index=False)
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "ana.txt").write_text("Python and Django.", encoding="utf-8")
    html = skillmatch.report(
        resumes=folder, jobs=jobs, job_text_column="text", job_id_column="id", matcher=mini_matcher
    )
    assert "ana.txt" in html or "ana" in html
    with pytest.raises(InputError, match="its columns are: id, text"):
        skillmatch.report(jobs, matcher=mini_matcher)
    with pytest.raises(InputError, match="no such file"):
        skillmatch.report(str(tmp_path / "nope.csv"), text_column="text", matcher=mini_matcher)


def test_bad_combinations_are_refused(mini_matcher):
    with pytest.raises(ConfigError, match="either texts"):
        skillmatch.report(JOBS, resumes=RESUMES, text_column="text", matcher=mini_matcher)
    with pytest.raises(ConfigError, match="needs texts"):
        skillmatch.report(matcher=mini_matcher)


def test_cli_writes_the_same_report(tmp_path):
    jobs, resumes = tmp_path / "jobs.csv", tmp_path / "resumes.csv"
    JOBS.to_csv(jobs, index=False)
    RESUMES.to_csv(resumes, index=False)
    tax = str(FIXTURES / "mini_taxonomy.yaml")
    out = tmp_path / "pairs.html"
    args = ["report", "--resumes", str(resumes), "--jobs", str(jobs), "-t", "text", "--id-column", "id"]
    result = CliRunner().invoke(cli, [*args, "--jobs-id-column", "id", "--taxonomy", tax, "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<h2>Ranking</h2>" in html and "r-good" in html and "<script" not in html
    corpus = tmp_path / "market.html"
    result = CliRunner().invoke(
        cli, ["report", str(jobs), "-t", "text", "--taxonomy", tax, "-o", str(corpus)]
    )
    assert result.exit_code == 0, result.output
    assert "Market view" in corpus.read_text(encoding="utf-8")


def test_cli_errors_have_exit_codes(tmp_path):
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "nope.csv"), "-t", "text", "-o", "x.html"])
    assert result.exit_code == 4 and "no such file" in result.output
    result = CliRunner().invoke(cli, ["report", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "needs texts" in result.output


def test_a_report_displays_in_a_notebook_in_its_own_frame(pair_page):
    shown = pair_page._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and 'sandbox=""' in shown
    assert "<script" not in shown


def test_ranking_can_be_cut(mini_matcher):
    html = skillmatch.report(
        resumes=RESUMES,
        jobs=JOBS,
        resume_text_column="text",
        resume_id_column="id",
        job_id_column="id",
        matcher=mini_matcher,
        detail=1,
        ranking=1,
    )
    ranking = html.split("<h2>Ranking</h2>", 1)[1].split("<h2>Pairs</h2>", 1)[0]
    assert ranking.count("2 more") == 2
    assert len(re.findall(r'id="pair-\d+"', html)) == 2
    with pytest.raises(ConfigError, match="ranking=0"):
        skillmatch.report(
            resumes=RESUMES, jobs=JOBS, resume_text_column="text", ranking=0, matcher=mini_matcher
        )


def test_texts_without_skills_still_give_a_page(mini_matcher):
    html = skillmatch.report(["", "nothing to see", "We don't use Java."], matcher=mini_matcher)
    assert "<h2>Market view</h2>" in html
    pairs = skillmatch.report(resumes=["Python"], jobs=["nothing here", "Python"], matcher=mini_matcher)
    assert "names no skill of the taxonomy" in pairs and "<h2>Pairs</h2>" in pairs
