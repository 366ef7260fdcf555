"""The rules file: the words the matching rules look for are data a taxonomy can bring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, taxonomy_with_rules
from skillmatch import SkillMatcher, TaxonomyError, load_taxonomy, validate_taxonomy
from skillmatch.rules import load_rules, validate_rules


def test_bundled_rules_are_valid_and_named_by_the_manifest():
    tax = load_taxonomy()
    assert tax.rules is not None and Path(tax.rules).name == "rules.yaml"
    assert validate_rules(tax.rules) == []
    rules = load_rules()
    assert rules.languages_category == "languages"
    assert {"developer", "engineer"} <= rules.person_nouns


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ("next_cues: developer\n", "next_cues"),  # not a list
        ("person_nouns: [engineer, 3]\n", "person_nouns"),  # not a word
        ("prev_links: [in, on]\n", "prev_links"),  # YAML reads an unquoted "on" as true
        ("category_weights: {traits: -1}\n", "category_weights"),
        ("nouns: [x]\n", "nouns"),  # unknown key
        ("languages_category: ''\n", "languages_category"),
        ("team_nouns: [team, dev squad]\n", "team_nouns"),  # several words: never one token
        ("headings: [{level: required, phrases: ['must(']}]\n", "headings[0].phrases"),  # bad regex
        ("headings: [{level: needed, phrases: [must]}]\n", "headings[0].level"),
        ("company_headings: about us\n", "company_headings"),  # not a list
    ],
)
def test_a_broken_rules_file_names_the_file_and_the_key(tmp_path, content, key):
    path = tmp_path / "rules.yaml"
    path.write_text(content, encoding="utf-8")
    problems = validate_rules(path)
    assert len(problems) == 1
    assert problems[0].file == str(path) and key in problems[0].message
    with pytest.raises(TaxonomyError, match=re.escape(key)):
        load_rules(path)


def test_validate_taxonomy_checks_its_rules_file(tmp_path):
    folder = taxonomy_with_rules(tmp_path, "team_nouns: [crew, 7]\n")
    problems = validate_taxonomy(folder / "taxonomy.yaml")
    assert any(p.file.endswith("my_rules.yaml") and "team_nouns" in p.message for p in problems)


def test_a_missing_rules_file_is_a_taxonomy_problem(tmp_path):
    folder = taxonomy_with_rules(tmp_path, "")
    (folder / "my_rules.yaml").unlink()
    problems = validate_taxonomy(folder / "taxonomy.yaml")
    assert any("rules" in p.message and "my_rules.yaml" in p.message for p in problems)


def test_a_taxonomy_brings_its_own_cue_words(tmp_path):
    # "Go" is ambiguous: a cue word right after it confirms it. "wizards" is no cue in the bundled rules.
    text = "Go wizards wanted."
    assert "go" not in set(SkillMatcher(FIXTURES / "mini_taxonomy.yaml").extract(text)["skill_id"])
    folder = taxonomy_with_rules(tmp_path, "next_cues: [wizards]\n")
    matcher = SkillMatcher(folder / "taxonomy.yaml")
    assert "go" in set(matcher.extract(text)["skill_id"])
    # keys the file leaves out keep the bundled words
    assert "developer" in matcher.component.index.rules.person_nouns


def test_a_folder_taxonomy_does_not_read_its_rules_file_as_skills(tmp_path):
    folder = taxonomy_with_rules(tmp_path, "version: 1\n")
    tax = load_taxonomy(folder)
    assert tax.rules == str((folder / "my_rules.yaml").resolve())
    assert "python" in tax


def test_a_taxonomy_brings_its_own_section_headings(tmp_path):
    text = "Toolbox:\n- Python\n"
    bundled = SkillMatcher(FIXTURES / "mini_taxonomy.yaml")
    assert list(bundled.extract(text)["requirement"]) == ["unspecified"]
    rules = "headings:\n  - level: required\n    phrases: [toolbox, 'must\\s+haves?']\n"
    folder = taxonomy_with_rules(tmp_path, rules)
    matcher = SkillMatcher(folder / "taxonomy.yaml")
    assert list(matcher.extract(text)["requirement"]) == ["required"]
    # the component reads the same rules
    doc = matcher.nlp(text)
    assert [s._.requirement for s in doc.spans["skills"]] == ["required"]


def test_a_taxonomy_brings_its_own_company_name_headings(tmp_path):
    text = "Über Acme\nAcme runs Django.\nÜber das Team\nWe run Kubernetes.\nYou know Python.\n"
    folder = taxonomy_with_rules(tmp_path, "company_name_headings: [über]\ncompany_name_stops: [das]\n")
    matcher = SkillMatcher(folder / "taxonomy.yaml")
    assert list(matcher.extract(text)["skill_id"]) == ["kubernetes", "python"]


def test_a_taxonomy_brings_its_own_company_headings(tmp_path):
    text = "Our house\nWe run Django.\nYou know Python.\n"
    bundled = SkillMatcher(FIXTURES / "mini_taxonomy.yaml")
    assert "django" in set(bundled.extract(text)["skill_id"])
    folder = taxonomy_with_rules(tmp_path, "company_headings: [our house]\n")
    matcher = SkillMatcher(folder / "taxonomy.yaml")
    assert list(matcher.extract(text)["skill_id"]) == ["python"]
