"""Coverage against a profile the user names: skill ids and categories, in Python and on the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from skillmatch import UnknownSkillError, load_taxonomy
from skillmatch.cli import EXIT_INPUT, cli
from skillmatch.scoring import target_skills

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini_taxonomy.yaml")
TEXTS = ["Python, Django and PostgreSQL", "Java and MongoDB", "no skills here"]


def _ids(taxonomy, category: str) -> set[str]:
    return {sid for sid, s in taxonomy.skills.items() if s.category == category}


def test_a_category_name_selects_the_category(mini_taxonomy):
    languages = _ids(mini_taxonomy, "languages")
    assert target_skills(mini_taxonomy, "languages") == languages
    assert target_skills(mini_taxonomy, ["category:languages"]) == languages
    both = target_skills(mini_taxonomy, ["category:databases", "django"])
    assert both == _ids(mini_taxonomy, "databases") | {"django"}
    assert target_skills(mini_taxonomy, None) == set(mini_taxonomy.skills)


def test_one_skill_id_as_a_string_is_one_skill(mini_taxonomy):
    # not iterated character by character
    assert target_skills(mini_taxonomy, "python") == {"python"}


def test_a_name_that_is_a_skill_and_a_category_is_the_skill_unless_prefixed():
    taxonomy = load_taxonomy()
    shared = sorted(set(taxonomy.categories) & set(taxonomy.skills))
    assert shared, "the bundled taxonomy has a name that is both"
    name = shared[0]
    assert target_skills(taxonomy, name) == {name}
    assert target_skills(taxonomy, f"category:{name}") == _ids(taxonomy, name)


def test_an_unknown_category_lists_the_categories(mini_taxonomy):
    with pytest.raises(UnknownSkillError) as info:
        target_skills(mini_taxonomy, ["category:langauges"])
    assert "category:languages" in str(info.value)
    with pytest.raises(KeyError):
        target_skills(mini_taxonomy, ["nope-not-a-skill"])


def test_coverage_against_a_category(mini_matcher, mini_taxonomy):
    cover = mini_matcher.coverage(TEXTS, against="languages")
    n = len(_ids(mini_taxonomy, "languages"))
    assert list(cover["coverage"]) == pytest.approx([1 / n, 1 / n, 0.0])
    assert cover["coverage_languages"].tolist() == pytest.approx([1 / n, 1 / n, 0.0])
    assert cover["coverage_databases"].isna().all()  # no target in that category
    assert cover["n_databases"].tolist() == [0, 0, 0]


def _cli_coverage(tmp_path: Path, *extra: str):
    source = tmp_path / "in.csv"
    pd.DataFrame({"text": TEXTS}).to_csv(source, index=False)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        cli,
        ["coverage", str(source), "-t", "text", "-o", str(out), "-q", "--taxonomy", MINI, *extra],
        catch_exceptions=False,
    )
    return result, out


def test_cli_against_a_profile_and_rounded_shares(tmp_path, mini_matcher):
    result, out = _cli_coverage(tmp_path, "--against", "category:databases,python")
    assert result.exit_code == 0, result.output
    got = pd.read_csv(out)
    want = mini_matcher.coverage(TEXTS, against=["category:databases", "python"])
    assert got["coverage"].tolist() == want["coverage"].round(4).tolist()
    assert got["n_databases"].tolist() == [1, 1, 0]


def test_cli_default_coverage_is_rounded_to_four_decimals(tmp_path, mini_matcher):
    result, out = _cli_coverage(tmp_path)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    got = pd.read_csv(out)
    want = mini_matcher.coverage(TEXTS)
    assert got["coverage"].tolist() == want["coverage"].round(4).tolist()
    assert str(want["coverage"].iloc[0]) not in text  # the unrounded share is not written


def test_cli_unknown_profile_name_is_an_input_error(tmp_path):
    result, out = _cli_coverage(tmp_path, "--against", "category:nope")
    assert result.exit_code == EXIT_INPUT
    assert "category:languages" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
