from __future__ import annotations

import textwrap

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

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
  - {id: bad-own, name: B7, category: languages, aliases: [queues], ambiguous: [B7], needs_context: [queues]}
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
        "'needs_context' entry 'queues' is not listed under 'ambiguous' (listed: 'B7')",
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


# -- the bundled data --
def test_bundled_placements():
    tax = load_taxonomy()
    assert tax["sap-hana"].category == "databases"
    assert "relational-databases" in tax.ancestors("sap-hana")
    assert "SAP HANA" not in tax["sap"].aliases
    for sid in ("salesforce", "servicenow", "power-platform", "sap"):
        assert tax[sid].category == "platforms", sid
    assert {"unittest", "hypothesis"}.isdisjoint(a.casefold() for a in tax["pytest"].aliases)
    assert "testing-and-debugging" not in tax


@pytest.mark.parametrize(
    ("text", "product", "not_product", "shared"),
    [
        ("Experience with Sitecore.", "sitecore", "adobe-experience-manager", "cms"),
        ("Bundling with Vite.", "vite", "webpack", "module-bundlers"),
        ("Transpile with Babel for older browsers, bundle with esbuild.", "babel", "webpack", "javascript"),
        ("Monitoring with Zabbix.", "zabbix", "nagios", "monitoring"),
        ("Load tests in LoadRunner.", "loadrunner", "k6", "load-testing"),
        ("Configure Juniper routers and switches.", "juniper", "cisco-networking", "networking"),
        ("Manage the FortiGate firewalls.", "fortinet", "palo-alto-networks", "network-security"),
        ("Front-end state management with MobX.", "state-management", "redux", "frontend-development"),
        ("Reports in SAP BusinessObjects.", "sap-businessobjects", "cognos", "business-intelligence"),
        ("Games in Unreal Engine 5 and C++.", "unreal-engine", "unity", "game-engines"),
        ("Version control in Perforce.", "perforce", "mercurial", "version-control"),
        ("RAG pipelines with LlamaIndex.", "llamaindex", "langchain", "llms"),
        ("Builds with CMake and GCC.", "cmake", "make", "build-tools"),
        ("Desktop apps in WinForms.", "winforms", "wpf", "dotnet"),
        ("Reports in Crystal Reports.", "crystal-reports", "ssrs", "business-intelligence"),
        ("Dashboards in Plotly.", "plotly", "matplotlib", "data-analysis"),
        ("Models in XGBoost.", "gradient-boosting", "scikit-learn", "machine-learning"),
        ("Web scraping with BeautifulSoup.", "web-scraping", "scrapy", None),
    ],
)
def test_distinct_products_are_separate_skills_that_share_a_broader_one(
    matcher, text, product, not_product, shared
):
    found = set(matcher.extract(text)["skill_id"])
    assert product in found, text
    assert not_product not in found, text
    if shared is not None:
        tax = matcher.taxonomy
        assert shared in tax.ancestors(product), (product, shared)


def test_a_business_object_of_the_domain_model_is_no_businessobjects(matcher):
    assert "sap-businessobjects" not in set(
        matcher.extract("Map the business objects to tables.")["skill_id"]
    )


@pytest.mark.parametrize(
    ("text", "vertex"),
    [
        ("Acme is the leading AI platform for insurance.", False),
        ("Contribute to the evolution of our AI Platform strategy.", False),
        ("ML platforms (e.g., AWS SageMaker, Azure ML, Google AI Platform).", True),
        ("Pipelines on Google Cloud AI Platform and Vertex AI.", True),
    ],
)
def test_an_ai_platform_is_google_s_only_when_google_is_named(matcher, text, vertex):
    """Google's service was called "AI Platform" before Vertex AI; without Google the words are any
    company's platform for AI."""
    assert ("vertex-ai" in set(matcher.extract(text)["skill_id"])) is vertex, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("API tests with REST Assured and JUnit.", {"rest-assured", "junit", "api-testing"}),
        ("We use REST-assured for contract tests.", {"rest-assured"}),
        ("Sell things to customers and rest assured.", set()),
        ("Rest assured, we will call you back.", set()),
        ("Python tests with pytest, unittest and Hypothesis.", {"python", "pytest", "python-unittest"}),
        ("The hypothesis is that sales will grow.", set()),
        ("SAP HANA and S/4HANA", {"sap-hana", "sap"}),
    ],
)
def test_bundled_names_and_their_ordinary_words(matcher, text, expected):
    frame = matcher.extract(text)
    assert set(frame["skill_id"]) >= expected
    if not expected:
        assert frame.empty


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Asp.Net", "aspnet"),
        ("Asp.NET", "aspnet"),
        ("Node.JS", "nodejs"),
        ("NODE.JS", "nodejs"),
        ("Vue.JS", "vue"),
        ("Next.JS", "nextjs"),
        ("Ado.Net", "ado-net"),
        ("Mongo db", "mongodb"),
        ("MongoDb", "mongodb"),
    ],
)
def test_case_variants_of_dotted_and_compound_names(matcher, text, skill):
    frame = matcher.extract(f"Experience with {text} and SQL.")
    names = frame[frame["text"] == text]
    assert list(names["skill_id"]) == [skill]


def test_testing_and_debugging_are_two_skills_a_resume_meets(matcher):
    job = matcher.extract("You will do testing and debugging of our services.")
    assert {"testing", "debugging"} <= set(job["skill_id"])
    result = matcher.match(["Skills: testing, debugging"], ["Testing and debugging."])
    row = result.iloc[0]
    assert row["required_coverage"] == 1.0 or pd.isna(row["required_coverage"])
    assert row["n_partial"] == 0 and row["n_missing"] == 0
    assert {"testing", "debugging"} <= set(row["matched"])


# -- hostile and odd taxonomy files --
BOMB = """categories: {languages: L}
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
skills:
  - {id: x, name: X, category: languages, aliases: *i}
"""


def test_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    path = write(tmp_path, BOMB)
    with pytest.raises(
        TaxonomyError, match=r"YAML aliases expand this file to [\d,]+ values from \d+ written"
    ):
        load_taxonomy(path)
    # as an extension of the bundled taxonomy too, where users pass their own files
    with pytest.raises(TaxonomyError, match="write the values out instead of using aliases"):
        load_taxonomy(extend=path)


def test_recursive_alias_is_refused(tmp_path):
    path = write(
        tmp_path,
        "categories: {languages: L}\nskills: &s\n  - {id: x, name: X, category: languages, aliases: *s}\n",
    )
    with pytest.raises(TaxonomyError, match="alias refers to the value that contains it"):
        load_taxonomy(path)


def test_a_few_shared_lists_are_fine(tmp_path):
    path = write(
        tmp_path,
        """
        categories: {languages: L}
        skills:
          - {id: x-lang, name: Xlang, category: languages, ambiguous: [Xlang], context: &cues [compiler, code]}
          - {id: y-lang, name: Ylang, category: languages, ambiguous: [Ylang], context: *cues}
        """,
    )
    tax = load_taxonomy(path)
    assert tax["y-lang"].context == ("compiler", "code")


@pytest.mark.parametrize(
    "content",
    [
        "!!python/object/apply:os.system ['echo hacked']\n",
        "categories: {languages: L}\nskills:\n  - !!python/object:builtins.dict {id: x}\n",
        "categories: {languages: L}\nskills:\n  - {id: x, name: !!python/name:os.system , category: languages}\n",
    ],
)
def test_tags_that_would_build_objects_are_invalid_yaml(tmp_path, content):
    path = write(tmp_path, content)
    with pytest.raises(TaxonomyError, match=r"invalid YAML.*could not determine a constructor"):
        load_taxonomy(path)


def test_longer_cycle_is_named(tmp_path):
    path = write(
        tmp_path,
        """
        categories: {languages: L}
        skills:
          - {id: a, name: A, category: languages, broader: [c]}
          - {id: b, name: B, category: languages, broader: [a]}
          - {id: c, name: C, category: languages, broader: [b]}
        """,
    )
    with pytest.raises(TaxonomyError, match=r"broader links form a cycle: (\w -> ){3}\w"):
        load_taxonomy(path)


@pytest.mark.parametrize(
    "content", ["", "categories: {languages: L}\n", "categories: {languages: L}\nskills: []\n"]
)
def test_empty_taxonomy_is_refused(tmp_path, content):
    path = write(tmp_path, content)
    with pytest.raises(TaxonomyError, match=r"no skills|expected a mapping"):
        load_taxonomy(path)


def big_taxonomy_text(n: int) -> str:
    lines = [
        "name: big",
        "version: '1'",
        "categories: {languages: Languages, frameworks: Frameworks}",
        "skills:",
    ]
    for i in range(n):
        broader = f", broader: [skill-{i // 2}]" if i else ""
        cat = "languages" if i % 2 else "frameworks"
        lines.append(
            f"  - {{id: skill-{i}, name: Skill {i}, category: {cat}, aliases: [sk{i}, skill number {i}]{broader}}}"
        )
    return "\n".join(lines) + "\n"


def test_many_skills_load(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(big_taxonomy_text(2_000), encoding="utf-8")
    tax = load_taxonomy(path)
    assert len(tax) == 2_000
    assert tax.ancestors("skill-1999") == {
        "skill-999",
        "skill-499",
        "skill-249",
        "skill-124",
        "skill-62",
        "skill-31",
        "skill-15",
        "skill-7",
        "skill-3",
        "skill-1",
        "skill-0",
    }


@pytest.mark.slow
def test_100k_skills_load(tmp_path, request):
    """Figures in docs/taxonomy.md come from this check (``pytest -m slow -s tests/test_taxonomy.py``): the load
    runs in a fresh process, timed against PyYAML's own parse of the same file in that process."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("long: run with -m slow")
    import json
    import subprocess
    import sys

    path = tmp_path / "big.yaml"
    path.write_text(big_taxonomy_text(100_000), encoding="utf-8")
    code = (
        "import json, resource, sys, time, yaml\n"
        "from skillmatch import load_taxonomy\n"
        "t = time.perf_counter(); yaml.load(open(sys.argv[1]).read(), Loader=yaml.CSafeLoader)\n"
        "parse = time.perf_counter() - t\n"
        "t = time.perf_counter(); tax = load_taxonomy(sys.argv[1]); load = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'skills': len(tax), 'parse': parse, 'load': load, 'rss_mb': rss}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout)
    print(
        f"100,000 skills ({path.stat().st_size / 1e6:.1f} MB of YAML): load {figures['load']:.1f} s, "
        f"{figures['load'] / figures['parse']:.2f}x PyYAML's parse alone ({figures['parse']:.1f} s); "
        f"peak RSS {figures['rss_mb']:.0f} MB"
    )
    assert figures["skills"] == 100_000
    assert figures["load"] < 3 * figures["parse"] + 5
    assert figures["rss_mb"] < 4000


# -- round trip: load -> save -> load gives the same taxonomy --
_WORD = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters="+#.-/'&"),
    min_size=1,
    max_size=12,
)
_PHRASE = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_PATTERNS = ["design * api", "optimize * query", "write|writing * test", "=build pipeline?"]


@st.composite
def taxonomies(draw: st.DrawFn) -> Taxonomy:
    cat_ids = draw(
        st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=4, unique=True)
    )
    categories = {c: {"name": draw(_PHRASE), "description": draw(st.just("") | _PHRASE)} for c in cat_ids}
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True), max_size=12, unique=True
        )
    )
    taken: set[str] = set()  # surface forms (compared like the validator) already owned by a skill
    skills = []
    for sid in ids:
        forms = [f for f in draw(st.lists(_PHRASE, min_size=1, max_size=4)) if " ".join(f.casefold().split())]
        forms = [f for f in dict.fromkeys(forms) if " ".join(f.casefold().split()) not in taken]
        if not forms:
            continue
        taken.update(" ".join(f.casefold().split()) for f in forms)
        name, aliases = forms[0], forms[1:]
        entry = {"id": sid, "name": name, "category": draw(st.sampled_from(cat_ids))}
        if aliases:
            entry["aliases"] = aliases
        earlier = [s["id"] for s in skills]
        if earlier:
            broader = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
            if broader:
                entry["broader"] = broader
        entry["source"] = draw(st.sampled_from(["guide", "extended"]))
        for field_name, pool in (("ambiguous", forms), ("case_sensitive", forms), ("patterns", _PATTERNS)):
            chosen = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
            if chosen:
                entry[field_name] = chosen
        for field_name in ("context", "exclude"):
            chosen = draw(st.lists(_PHRASE, max_size=3, unique_by=lambda p: p))
            if chosen:
                entry[field_name] = chosen
        if draw(st.booleans()):
            entry["description"] = draw(_PHRASE)
        entry["fuzzy"] = draw(st.booleans())
        entry["umbrella"] = draw(st.booleans())
        skills.append(entry)
    data = {
        "name": draw(_WORD),
        "version": draw(st.sampled_from(["1", "1.0", "2.3.4", "0.1-beta"])),
        "description": draw(st.just("") | _PHRASE),
        "categories": categories,
        "exclude": draw(st.lists(_PHRASE, max_size=3, unique=True)),
        "skills": skills,
    }
    assume(skills)
    return Taxonomy.from_dict(data)


@given(taxonomies())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # examples: the profile
def test_round_trip_property(tmp_path, tax):
    path = tax.to_yaml(tmp_path / "round.yaml")
    again = load_taxonomy(path)
    assert again.skills == tax.skills
    assert list(again.skills) == list(tax.skills)
    assert again.categories == tax.categories
    assert (again.name, again.version, again.description, again.exclude) == (
        tax.name,
        tax.version,
        tax.description,
        tax.exclude,
    )
    twice = load_taxonomy(again.to_yaml(tmp_path / "twice.yaml"))
    assert twice.to_dict() == again.to_dict()


def test_bundled_round_trip(tmp_path):
    tax = load_taxonomy()
    again = load_taxonomy(tax.to_yaml(tmp_path / "backend.yaml"))
    assert again.skills == tax.skills and again.categories == tax.categories and again.exclude == tax.exclude


def test_needs_context_forms_are_not_confirmed_by_a_technical_document(tmp_path):
    """A form under ``needs_context`` needs its own context words even where the text names several
    technologies; the other ambiguous forms of the same skill are confirmed by such a text."""
    from skillmatch import SkillMatcher

    path = write(
        tmp_path,
        """
        categories: {languages: Languages, databases: Databases, cloud: Cloud, apis: APIs}
        skills:
          - {id: java, name: Java, category: languages}
          - {id: postgresql, name: PostgreSQL, category: databases}
          - {id: aws, name: AWS, category: cloud}
          - id: message-queues
            name: message queues
            category: apis
            aliases: [messaging, queues]
            ambiguous: [messaging, queues]
            needs_context: [messaging]
            context: [kafka, broker]
        """,
    )
    matcher = SkillMatcher(taxonomy=path)
    stack = " We run Java and PostgreSQL on AWS."

    def has_queues(text):
        return "message-queues" in set(matcher.extract(text)["skill_id"])

    assert not has_queues("Craft compelling messaging for executives." + stack)
    assert has_queues("Messaging through a Kafka broker." + stack)  # its own context word
    assert has_queues("Drain the work queues every night." + stack)  # not marked: the document confirms it
    assert not has_queues("Drain the work queues every night.")  # and without the document, nothing does
