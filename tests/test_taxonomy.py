from __future__ import annotations

import textwrap

import pandas as pd
import pytest

import skillmatch
from skillmatch import Taxonomy, TaxonomyError, UnknownSkillError, load_taxonomy, validate_taxonomy

CONTRACT_IDS = """python java ruby php javascript sql html css nodejs django flask laravel ruby-on-rails mysql
postgresql mongodb nosql wordpress drupal rest-api api-documentation authentication encryption access-control
sql-injection vulnerability-testing data-privacy ci-cd server-configuration performance-monitoring scalability
performance-optimization testing debugging database-design query-optimization middleware machine-learning
data-analysis""".split()

REQUIRED_CATEGORIES = """languages frameworks databases apis security devops testing architecture frontend
responsibilities specialisations traits""".split()


def write(tmp_path, text, name="tax.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_bundled_taxonomy_has_contract_ids_and_size():
    tax = load_taxonomy()
    missing = [i for i in CONTRACT_IDS if i not in tax]
    assert missing == []
    assert len(tax) >= 250
    assert set(REQUIRED_CATEGORIES) <= set(tax.categories)
    assert {s.source for s in tax} == {"guide", "extended"}


def test_bundled_hierarchy_examples():
    tax = load_taxonomy()
    assert "python" in tax.ancestors("django")
    assert "relational-databases" in tax.ancestors("postgresql")
    assert "postgresql" in tax.descendants("relational-databases")
    assert "mysql" in tax.children("relational-databases")


def test_bundled_taxonomy_by_name_and_listing():
    assert "backend" in skillmatch.bundled_taxonomies()
    assert len(load_taxonomy("backend")) == len(load_taxonomy())


def test_container_protocol(mini_taxonomy):
    assert len(mini_taxonomy) == len(list(mini_taxonomy))
    assert mini_taxonomy["django"].broader == ("python",)
    assert "django" in mini_taxonomy and "cobol" not in mini_taxonomy
    with pytest.raises(UnknownSkillError, match=r"djangoo.*Did you mean: django"):
        mini_taxonomy["djangoo"]
    with pytest.raises(KeyError):
        mini_taxonomy["nothing-like-it"]


def test_to_frame_schema(mini_taxonomy):
    frame = mini_taxonomy.to_frame()
    assert list(frame.columns)[:6] == ["id", "name", "category", "aliases", "broader", "source"]
    assert len(frame) == len(mini_taxonomy)
    row = frame.set_index("id").loc["postgresql"]
    assert row["aliases"] == ["Postgres"] and row["broader"] == ["relational-databases"]


def test_round_trip_yaml(tmp_path, mini_taxonomy):
    path = mini_taxonomy.to_yaml(tmp_path / "out.yaml")
    again = load_taxonomy(path)
    assert again.skills == mini_taxonomy.skills
    assert again.categories == mini_taxonomy.categories
    assert again.exclude == mini_taxonomy.exclude


def test_extend_overrides_and_adds(tmp_path):
    extra = write(
        tmp_path,
        """
        skills:
          - {id: python, name: Python, category: languages, aliases: [py3], source: guide}
          - {id: my-framework, name: Zorblax, category: frameworks, broader: [python], source: extended}
        """,
    )
    tax = load_taxonomy(extend=extra)
    assert tax["python"].aliases == ("py3",)
    assert tax["my-framework"].broader == ("python",)
    assert len(tax) == len(load_taxonomy()) + 1


def test_folder_loading(tmp_path):
    folder = tmp_path / "tax"
    folder.mkdir()
    write(folder, "name: t\nversion: '2.0'\ncategories: {languages: Languages}\n", "taxonomy.yaml")
    write(folder, "skills:\n  - {id: a-lang, name: Alang, category: languages, source: extended}\n", "a.yaml")
    write(
        folder, "skills:\n  - {id: b-lang, name: Blang, category: languages, broader: [a-lang]}\n", "b.yaml"
    )
    tax = load_taxonomy(folder)
    assert tax.version == "2.0" and tax.ids == ["a-lang", "b-lang"]


BROKEN = """
categories: {languages: Languages, frameworks: Frameworks}
skills:
  - {id: python, name: Python, category: languages, source: guide}
  - {id: python, name: Python again, category: languages}
  - {id: Bad_Id, name: Bad, category: languages}
  - {id: flask, name: Flask, category: web, broader: [pyton]}
  - {id: a, name: A, category: languages, broader: [b]}
  - {id: b, name: B, category: languages, broader: [a]}
  - {id: empty-alias, name: E, category: languages, aliases: ["  "]}
  - {id: shared-1, name: S1, category: languages, aliases: [Shared]}
  - {id: shared-2, name: S2, category: languages, aliases: [shared]}
  - {id: wrong-type, name: W, category: languages, aliases: Java}
  - {id: bad-source, name: B2, category: languages, source: blog}
  - {id: bad-amb, name: B3, category: languages, ambiguous: [Other]}
  - {id: bad-pattern, name: B4, category: languages, patterns: ["* api"]}
  - {id: bad-umbrella, name: B5, category: languages, umbrella: "yes"}
  - {id: bad-fuzzy, name: B6, category: languages, fuzzy: 0}
"""


def test_validation_reports_every_problem_at_once(tmp_path):
    path = write(tmp_path, BROKEN)
    problems = validate_taxonomy(path)
    text = "\n".join(map(str, problems))
    for expected in [
        "skill 'python': duplicate id",
        "'Bad_Id': 'id' must be lowercase kebab-case",
        "unknown category 'web'",
        "unknown broader skill 'pyton'; did you mean python",
        "cycle: a -> b -> a",
        "'aliases' has an empty entry",
        "alias 'shared' is claimed by several skills (shared-1, shared-2)",
        "'aliases' must be a list of strings, got str",
        "'source' is 'blog'; valid: guide, extended",
        "'ambiguous' entry 'Other' is not the skill's name or one of its aliases",
        "must start with a required word",
        "'umbrella' must be true or false, got 'yes'",
        "'fuzzy' must be true or false, got 0",
    ]:
        assert expected in text, expected
    assert all(str(path) in str(p) for p in problems)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert len(info.value.problems) == len(problems)
    assert isinstance(info.value, ValueError)


def test_shared_alias_allowed_when_disambiguated(tmp_path):
    path = write(
        tmp_path,
        """
        categories: {databases: Databases, cloud: Cloud}
        skills:
          - {id: oracle-db, name: Oracle Database, aliases: [Oracle], ambiguous: [Oracle], context: [sql], category: databases}
          - {id: oracle-cloud, name: Oracle Cloud, aliases: [Oracle], ambiguous: [Oracle], context: [oci], category: cloud}
        """,
    )
    assert validate_taxonomy(path) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("skills: [\n  {id: x", "invalid YAML at line"),
        ("- just\n- a list\n", "expected a mapping"),
        ("categories: {languages: L}\nskills: {id: x}\n", "'skills' must be a list"),
        (
            "categories: {languages: L}\nskills:\n  - {id: x, name: X, category: languages, colour: red}\n",
            "unknown keys ['colour']",
        ),
        ("!!python/object/apply:os.system ['echo hacked']\n", "invalid YAML"),
        (
            "categories: {languages: {name: L, description: Programming, scripting}}\nskills: []\n",
            "category 'languages' has unknown keys ['scripting']",
        ),
    ],
)
def test_broken_files_give_clear_errors(tmp_path, content, message):
    path = write(tmp_path, content)
    with pytest.raises(TaxonomyError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_taxonomy(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(
        "categories: {languages: L}\nskills:\n  - {id: x, name: Caf\xe9, category: languages}\n".encode(
            "latin-1"
        )
    )
    with pytest.raises(TaxonomyError, match="not UTF-8"):
        load_taxonomy(path)


def test_missing_source_lists_bundled():
    with pytest.raises(TaxonomyError, match="bundled taxonomies: backend"):
        load_taxonomy("no-such-taxonomy")
    with pytest.raises(TaxonomyError, match="no such taxonomy file"):
        load_taxonomy("missing/file.yaml")


def test_subset(mini_taxonomy):
    sub = mini_taxonomy.subset(categories=["databases"], exclude_ids=["mongodb"])
    assert set(sub.ids) == {"relational-databases", "postgresql", "mysql"}
    with pytest.raises(TaxonomyError, match="valid categories"):
        mini_taxonomy.subset(categories=["nope"])


def test_from_dict_round_trip(mini_taxonomy):
    again = Taxonomy.from_dict(mini_taxonomy.to_dict())
    assert again.skills == mini_taxonomy.skills


def test_to_frame_dtypes(mini_taxonomy):
    frame = mini_taxonomy.to_frame()
    assert isinstance(frame["id"].dtype, pd.StringDtype)
