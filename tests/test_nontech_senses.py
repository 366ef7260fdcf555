"""Words of software in their everyday senses: an adjective of people ("agile partners", "stay agile"),
marketing "messaging" and the lab's "high-throughput sequencing". Invented sentences; each rule also has
sentences where it must not fire."""

from __future__ import annotations

import pytest

from conftest import found, taxonomy_with_rules

STACK = "Our stack: Java, Kafka and PostgreSQL on AWS."  # a document naming several technologies


def skills(matcher, text):
    return found(matcher.extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Build a network of agile partners and regional resellers.",
        "Agile and creative problem solver who keeps the customers happy.",
        "You are agile in a big organisation and keep your promises.",
        "We help our clients stay agile in a changing market.",
        "Our customers become more agile and resilient.",
        "Be an agile, dependable team player in the shop.",
        "A highly agile company with short decision paths.",
        "She is quick and agile enough to handle a busy reception.",
    ],
)
def test_agile_as_an_adjective_of_people_is_no_practice(matcher, text):
    assert "agile" not in skills(matcher, text), text


@pytest.mark.parametrize(
    "text",
    [
        "Experience working in an agile environment with two-week sprints.",
        "You deliver features in an agile manner with the product owners.",
        "Familiarity with Agile or Waterfall development methodologies.",
        # capitalised inside a sentence, the practice's name, whatever follows
        "Experience coaching Agile partners and delivery teams.",
        "Knowledge of agile, Scrum and Kanban.",
        # a break word ends the scan: the people are not what the word describes
        "We work in an agile way with our partners.",
        # another mention between the word and the people noun: a list of practices
        "Experience with agile, DevOps engineers and the release train.",
        "Certified in agile project management and Scrum.",
    ],
)
def test_agile_as_a_practice_is_kept(matcher, text):
    assert "agile" in skills(matcher, text), text


def test_adjective_words_are_read_from_the_rules(tmp_path):
    from skillmatch import SkillMatcher

    folder = taxonomy_with_rules(
        tmp_path, "adjective_forms: [python]\npeople_nouns: [wranglers]\npredicate_words: [seem]\n"
    )
    matcher = SkillMatcher(folder / "taxonomy.yaml")
    assert skills(matcher, "We hire python wranglers.") == []
    assert skills(matcher, "The keepers seem python today.") == []
    assert skills(matcher, "We write python services.") == ["python"]


@pytest.mark.parametrize(
    ("text", "skill", "found_it"),
    [
        # marketing and person-to-person senses of "messaging" are no message queues
        ("Prepare product messaging and positioning for the spring launch.", "message-queues", False),
        ("You write the brand messaging for our shoe stores.", "message-queues", False),
        ("We may contact you by text messaging about your application.", "message-queues", False),
        ("Experience with messaging systems such as Kafka and RabbitMQ.", "message-queues", True),
        ("Asynchronous messaging between our Java services.", "message-queues", True),
        # the lab's high-throughput methods are no performance work
        ("Analyse high-throughput sequencing data of tumour samples.", "performance-optimization", False),
        ("Build high-throughput, low-latency APIs in Go and Kafka.", "performance-optimization", True),
    ],
)
def test_everyday_compounds_of_technical_words(matcher, text, skill, found_it):
    assert (skill in skills(matcher, text)) is found_it, text


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        ("Define the go-to-market strategy and manage the execution plan.", False),
        ("Indexing of the library's new books and the card catalogue.", False),
        ("Read SQL execution plans and tune slow queries.", True),
        ("Query tuning and indexing of the PostgreSQL tables.", True),
    ],
)
def test_query_optimisation_words_need_software_evidence(matcher, text, found_it):
    assert ("query-optimization" in skills(matcher, text)) is found_it, text


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        # a document naming several technologies: the evidence is there, the sense is not
        (f"{STACK}\nExperience building scalable partner ecosystems with resellers.", False),
        (f"{STACK}\nYou are building scalable businesses in new markets.", False),
        # said of systems, "scalable" stays, also before a noun phrase that mentions the business later
        (f"{STACK}\nExperience building scalable services.", True),
        (f"{STACK}\nBuilding scalable solutions that automate our business processes.", True),
        ("Design scalable partner APIs in Go.", True),
    ],
)
def test_scalable_said_of_organisations_is_no_scalability(matcher, text, found_it):
    assert ("scalability" in skills(matcher, text)) is found_it, text


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        # said of a team or an organisation: a well-performing group of people
        (f"{STACK}\nJoin a high performance global team working on trading.", False),
        (f"{STACK}\nWe are building a high-performance engineering team.", False),
        (f"{STACK}\nWe are a high-performance organization.", False),
        (f"{STACK}\nYou will lead high-performance teams.", False),
        # said of software, also where a team comes later in a list or a clause
        (f"{STACK}\nBuild high-performance services for our teams.", True),
        (f"{STACK}\nEnhance system performance, maintainability, and team efficiency.", True),
        (f"{STACK}\nWrite high-performance code that teams reuse.", True),
    ],
)
def test_high_performance_of_a_team_is_no_performance_optimisation(matcher, text, found_it):
    assert ("performance-optimization" in skills(matcher, text)) is found_it, text


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        (f"{STACK}\nWe are building scalable engineering teams.", False),
        (f"{STACK}\nWork in an agile team and ship weekly.", True),  # "agile teams" are the method's
    ],
)
def test_team_nouns_end_only_words_said_of_systems_too(matcher, text, found_it):
    skill = "scalability" if "scalable" in text else "agile"
    assert (skill in skills(matcher, text)) is found_it, text


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        # doors, badges and guards: the physical sense
        ("Keep the doors locked and the access control cards up to date at the warehouse.", False),
        ("Plan the guard rounds, access control and evacuation drills for the campus.", False),
        # software evidence in the sentence: an evidence word, a technology, a skill of the same field
        ("Implement role-based access control for the web portal.", True),
        ("Implement role-based access control for the REST API.", True),
        ("Define access controls together with encryption of customer records.", True),
        # a software posting: the document's technologies are the evidence
        (f"{STACK}\nOwn access control and least privilege for the platform.", True),
    ],
)
def test_access_control_needs_software_evidence(matcher, text, found_it):
    assert ("access-control" in skills(matcher, text)) is found_it, text


@pytest.mark.parametrize(
    ("text", "skill", "found_it"),
    [
        # another skill of the same field that needs no evidence is evidence
        ("Experience in information security and cryptography.", "security", True),
        ("Build data models and dashboards in Power BI.", "data-modeling", True),
        # without one, the everyday senses stay out
        ("Experience in information security and vendor management.", "security", False),
        ("Build data models for the quarterly budget.", "data-modeling", False),
        # a skill that needs evidence itself is none for its neighbour
        ("Plan the guard rounds, access control and security of the campus.", "security", False),
    ],
)
def test_a_skill_of_the_same_field_is_evidence(matcher, text, skill, found_it):
    assert (skill in skills(matcher, text)) is found_it, text


@pytest.mark.parametrize(
    ("text", "skill", "found_it"),
    [
        # a department's name and a workforce: the everyday senses
        ("Support the Global Security and Resilience Services team with reports.", "fault-tolerance", False),
        ("Manage team metrics, load balancing and the staffing of the call centre.", "load-balancing", False),
        ("Replace worn circuit breakers in the substation switchgear.", "fault-tolerance", False),
        # said of software: an evidence word or a technology in the sentence
        ("Build resilient services with retries and circuit breakers in Java.", "fault-tolerance", True),
        ("Configure load balancing for the web servers.", "load-balancing", True),
        ("Set up load balancers and autoscaling on AWS.", "load-balancing", True),
        # a software posting: the document's technologies are the evidence
        (f"{STACK}\nYou care about resilience and graceful degradation.", "fault-tolerance", True),
    ],
)
def test_resilience_and_load_balancing_need_software_evidence(matcher, text, skill, found_it):
    assert (skill in skills(matcher, text)) is found_it, text


# -- names and words with another sense, and compliance outside software --------------------------------


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        # venture capitalists, design mock-ups, financial stress tests
        ("We are a seed-stage start-up backed by top VCs and angel investors.", "version-control"),
        ("Build partnerships with VCs, incubators and accelerators. " + STACK, "version-control"),
        ("Create visual concepts, branding, mock-ups and presentation layouts.", "mocking"),
        ("Produce UI mock ups and prototypes for the design review. " + STACK, "mocking"),
        ("Run stress testing and backtesting of the bank's portfolios.", "load-testing"),
        ("Model regulatory capital and stress tests for the credit book.", "load-testing"),
        # compliance of regulated trades and of campus security
        ("Assist with implementing corporate security standards, policies and practices.", "compliance"),
        ("Ensure regulatory compliance and safety standards of the medical devices.", "compliance"),
        ("Knowledge of safety and compliance standards for industrial robots.", "compliance"),
        # everyday first words and other everyday senses
        ("Registered nurse on the cardiac telemetry unit.", "observability"),
        ("Wrap the two divs in a container div to centre them.", "containers"),
        ("Collected waste and placed it in refuse containers.", "containers"),
        ("Partner with Industrial Design and Reliability Engineering on hardware.", "sre"),
        ("An eloquent communicator with clients and partners.", "laravel"),
        ("Focus on Search Engine Management (SEM) and AdWords.", "search-engines"),
        ("Define the information architecture and design language of products.", "software-architecture"),
        # everyday words that a document naming many technologies does not confirm: they need their own
        # context words (taxonomy key needs_context)
        ("Craft compelling messaging and tailor it for executives. " + STACK, "message-queues"),
        ("Create, manage and troubleshoot printer queues on Windows servers. " + STACK, "message-queues"),
        ("Administer Active Directory forests, trusts and replication. " + STACK, "database-replication"),
        ("Hardware bring-up, motor control and system integration. " + STACK, "systems-integration"),
        ("This position uses a computer terminal to enter orders. " + STACK, "command-line"),
        ("Craft compelling mesaging for executives. " + STACK, "message-queues"),  # a typo is no surer
        ("Administer Active Directory forests, trusts and replicaton. " + STACK, "database-replication"),
        ("PlayStation is the best place to Play. " + STACK, "play-framework"),
        ("You will play a key role in building our Java services.", "play-framework"),
        ("Experience with Windchill PDM and Agile PLM.", "agile"),
        # a technology's name inside a longer proper name or a line in title case: a technical document
        # does not confirm it
        ("Offices in Sacramento | Salt Lake City | San Diego. " + STACK, "saltstack"),
        ("Benefits at Credit Karma include medical coverage. " + STACK, "karma"),
        ("Mental wellness benefits through Spring Health. " + STACK, "spring"),
        ("What Will Make You Stand Out. " + STACK, "make"),
        ("Offices in London and Hong Kong. " + STACK, "api-gateway"),
        # the employer that shares its name with a technology
        (
            "Why Cisco? At Cisco, we connect everything. Cisco stock units vest yearly. " + STACK,
            "cisco-networking",
        ),
        ("When you join Apex, you become part of a team that values growth. " + STACK, "apex"),
        ("Join Red Hat's Hybrid Cloud team. Benefits for associates at Red Hat. " + STACK, "rhel"),
    ],
)
def test_other_senses_are_left_out(matcher, text, skill):
    assert skill not in skills(matcher, text), text


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Experience with a VCS such as Git or Mercurial.", "version-control"),
        ("Write unit tests with mocks and stubs for every service.", "mocking"),
        ("Perform load and stress testing of our APIs and services.", "load-testing"),
        ("Stress testing of the payment platform before peak season. " + STACK, "load-testing"),
        ("Ensure compliance with security standards for our APIs and microservices.", "compliance"),
        ("Security compliance reviews of the code base before each release.", "compliance"),
        ("Regulatory compliance of the payments platform. " + STACK, "compliance"),
        ("Telemetry and tracing for every service.", "observability"),
        ("Run the services in containers. " + STACK, "containers"),
        ("Work with sockets and TCP.", "tcp-ip"),
        ("Site reliability engineering for our platform.", "sre"),
        ("Set up CI for the team.", "continuous-integration"),
        ("Serialization with Protocol Buffers.", "serialization-formats"),
        ("Models and queries with Eloquent in Laravel.", "laravel"),
        ("Build our search engine on Elasticsearch.", "search-engines"),
        ("Messaging between the services over JMS and IBM MQ. " + STACK, "message-queues"),
        ("Configure replication of the PostgreSQL databases. " + STACK, "database-replication"),
        ("Design system integrations with REST APIs and webhooks. " + STACK, "systems-integration"),
        ("Comfortable in the terminal with bash and git.", "command-line"),
        # forms without the mark are still confirmed by a technical document
        ("A passion for the cloud. " + STACK, "cloud-computing"),
        ("Experience in an Agile/Scrum environment.", "agile"),
        ("Build web services with Scala and Play.", "play-framework"),
        ("The importer is in Ruby and the glue is Bash. " + STACK, "ruby"),
        ("We manage the servers with Salt. " + STACK, "saltstack"),
        ("Experience with Cisco UCS and Juniper routers. " + STACK, "cisco-networking"),
        ("Android libraries such as Butterknife Retrofit Dagger 2 Picasso. " + STACK, "android"),
        ("At Postman, we build APIs. Experience with Postman collections. " + STACK, "postman"),
        ("Learn about Spark, Kafka and Flink. " + STACK, "spark"),
        ("Configure Cisco routers at Cisco, Juniper and Arista sites. " + STACK, "cisco-networking"),
    ],
)
def test_the_software_sense_is_kept(matcher, text, skill):
    assert skill in skills(matcher, text), text


@pytest.mark.parametrize(
    ("text", "skill", "not_skill"),
    [
        # Oracle the ERP (finance and HR applications) and Oracle the database, told apart by their context
        ("Knowledge of Oracle or similar ERP system.", "oracle-applications", "oracle-database"),
        ("Financial systems such as Oracle, Hyperion and SQL.", "oracle-applications", "oracle-database"),
        ("Customize Oracle EBS R12 payables and receivables.", "oracle-applications", "oracle-database"),
        ("Tune Oracle queries and PL/SQL packages.", "oracle-database", "oracle-applications"),
        ("Experience with Oracle and PostgreSQL databases.", "oracle-database", "oracle-applications"),
    ],
)
def test_a_name_shared_by_two_products_goes_to_the_one_its_context_names(matcher, text, skill, not_skill):
    found_here = skills(matcher, text)
    assert skill in found_here and not_skill not in found_here, (text, found_here)


# a trade posting of well over 100 tokens that names no technology and few software words
TRADE = (
    "Senior Project Manager for our bridge and tunnel schemes. You will take the technical lead on bridge "
    "schemes around the globe and lead engineers on site. You keep the technical specifications of the "
    "steel and concrete works up to date and run prototyping workshops with the fabricators. "
    + "You plan the works with the client, the designers and the contractors, and report progress weekly. "
    * 6
)
DUTIES = {"technical-leadership", "requirements-analysis", "prototyping"}


def test_trade_duties_in_a_long_text_without_technology_are_left_out(matcher):
    assert DUTIES.isdisjoint(skills(matcher, TRADE))


@pytest.mark.parametrize(
    "extra",
    [
        "You will also report the progress in Python notebooks.",  # a technology
        "Keep the records in the Salesforce CRM.",  # a platform (technology_categories)
        "Software, an API and a web server support the site team.",  # three distinct evidence words
    ],
)
def test_trade_duties_stay_in_a_text_that_names_a_technology(matcher, extra):
    assert set(skills(matcher, TRADE + " " + extra)) >= DUTIES, extra


def test_trade_duties_stay_with_software_evidence_in_their_sentence(matcher):
    text = TRADE + " You take the technical lead for the scheduling software."
    found = matcher.extract(text)
    leads = found[found["skill_id"] == "technical-leadership"]
    assert list(leads["start"]) == [text.rindex("technical lead")]


@pytest.mark.parametrize(
    "text",
    [
        "Take the technical lead on bridge schemes.",  # a line: too short to say what the text is about
        "Requirements gathering, prototyping and technical leadership.",  # a résumé's skills line
    ],
)
def test_trade_duties_stay_in_a_short_text(matcher, text):
    assert set(skills(matcher, text)) & DUTIES, text


def test_trade_duties_are_no_evidence_for_their_field(matcher):
    # "documentation" needs evidence; a practice of its own field in its sentence would be evidence, but not
    # a trade duty in a text without technology
    text = TRADE + " Program support and technical leadership over the design documentation."
    assert "documentation" not in skills(matcher, text)
    assert "documentation" in skills(matcher, text + " Experience with Java.")


def test_trade_duties_and_their_settings_are_read_from_the_rules(tmp_path):
    from skillmatch import SkillMatcher

    rules = (
        "needs_evidence: [query-optimization]\nneeds_technology: [scalability]\ntechnology_min_tokens: 5\n"
    )
    folder = taxonomy_with_rules(tmp_path, rules)
    matcher = SkillMatcher(folder / "taxonomy.yaml")
    assert skills(matcher, "Scalability matters.") == ["scalability"]  # fewer than five tokens
    assert skills(matcher, "Scalability of the bridge schemes matters.") == []
    assert skills(matcher, "Scalability of the bridge schemes in Python.") == ["scalability", "python"]


@pytest.mark.parametrize("value", ["0", "many", "[100]", "false"])
def test_technology_min_tokens_must_be_a_positive_whole_number(tmp_path, value):
    from skillmatch.rules import validate_rules

    path = tmp_path / "rules.yaml"
    path.write_text(f"technology_min_tokens: {value}\n", encoding="utf-8")
    assert any("technology_min_tokens" in p.message for p in validate_rules(path))


def test_technology_min_tokens_accepts_a_whole_number(tmp_path):
    from skillmatch.rules import validate_rules

    path = tmp_path / "rules.yaml"
    path.write_text("technology_min_tokens: 50\nneeds_technology: [prototyping]\n", encoding="utf-8")
    assert validate_rules(path) == []


@pytest.mark.parametrize(
    "text",
    [
        "You will own the end-to-end development of our billing service in Go.",
        "Collaborate on the end-to-end development process, from ideation to deployment.",
    ],
)
def test_end_to_end_development_is_the_whole_lifecycle_not_full_stack(matcher, text):
    assert "full-stack-development" not in skills(matcher, text), text


def test_full_stack_development_is_still_found(matcher):
    assert "full-stack-development" in skills(matcher, "Full-stack development with React and Django.")
