"""Matching behaviour on a small hand-written taxonomy (tests/fixtures/mini_taxonomy.yaml)."""

from __future__ import annotations

import pytest

from conftest import found, taxonomy_with_rules


def skills(matcher, text):
    return found(matcher.extract(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JavaScript developers", ["javascript"]),  # Java must not fire inside JavaScript
        ("C#, C++ and .NET", ["csharp", "cpp", "dotnet"]),
        ("C#/.NET and .NET Core/.NET 6", ["csharp", "dotnet", "dotnet", "dotnet"]),
        ("Node.js and PL/SQL, CI/CD or CI / CD", ["nodejs", "plsql", "ci-cd", "ci-cd"]),
        ("relational databases and REST APIs", ["relational-databases", "rest-api"]),
        ("a microservice", ["microservices"]),
        ("Python3 and Java", ["python", "java"]),
    ],
)
def test_tokens_and_inflections(mini_matcher, text, expected):
    assert skills(mini_matcher, text) == expected


def test_evidence_offsets_point_into_original_text(mini_matcher):
    text = "  Experience with  C#/.NET,\n\tPostgress and Mongo DB — Node JS!"
    frame = mini_matcher.extract(text)
    assert len(frame) == 5
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text


@pytest.mark.parametrize(
    ("text", "skill", "method"),
    [
        ("Postgress", "postgresql", "fuzzy"),
        ("Javscript", "javascript", "fuzzy"),
        ("Mongo DB", "mongodb", "fuzzy"),
        ("Node JS", "nodejs", "fuzzy"),
        ("Kubernets", "kubernetes", "fuzzy"),
        ("Spring-Boot", "spring-boot", "fuzzy"),
        ("k8s", "kubernetes", "exact"),
        ("databases", "relational-databases", None),
    ],
)
def test_fuzzy_variants_have_scores(mini_matcher, text, skill, method):
    frame = mini_matcher.extract(f"We use {text} daily.")
    if method is None:
        assert skill not in list(frame["skill_id"])
        return
    row = frame.iloc[0]
    assert (row.skill_id, row.method) == (skill, method)
    assert 0.8 <= row.score <= 1.0


def test_fuzzy_never_turns_words_into_skills(mini_matcher):
    text = "Postage, Kubrick-like rustic javelins; Pythagoras posted messages about mangoes and nodes."
    assert skills(mini_matcher, text) == []


def test_fuzzy_can_be_turned_off(mini_taxonomy):
    from skillmatch import SkillMatcher

    m = SkillMatcher(mini_taxonomy, fuzzy=False)
    assert found(m.extract("Postgress and Python3")) == ["python"]


@pytest.mark.parametrize(
    "text",
    [
        "Go ahead and apply!",
        "This is your go-to place.",
        "The rest of the team.",
        "Join us in the spring semester.",
        "Please express your interest below.",
        "Our R&D lab reports to the C-suite after our Series C.",
        "Rust on the bridge and a ruby ring.",
        "The Rails of the train.",
    ],
)
def test_ambiguous_words_need_context(mini_matcher, text):
    assert skills(mini_matcher, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We write Go and Rust services.", ["go", "rust"]),
        ("R or Python for analysis", ["r", "python"]),
        ("Spring Boot microservices", ["spring-boot", "microservices"]),
        ("Java and Spring", ["java", "spring"]),
        ("experience with Rust", ["rust"]),
        ("Skills:\n- Go\n- Rust\n- Python", ["go", "rust", "python"]),
        ("docker go kubernetes", ["go", "kubernetes"]),
        ("C, C++ and Java", ["c", "cpp", "java"]),
        ("Ruby gems", ["ruby"]),
    ],
)
def test_ambiguous_words_with_context(mini_matcher, text, expected):
    assert skills(mini_matcher, text) == expected


def test_ambiguity_does_not_cross_sentences(mini_matcher):
    assert skills(mini_matcher, "Spring semester. Java is great.") == ["java"]


def test_case_sensitive_forms(mini_matcher):
    assert skills(mini_matcher, "REST and RESTful endpoints; take a rest") == ["rest-api", "rest-api"]
    assert skills(mini_matcher, "r or python") == ["python"]


@pytest.mark.parametrize(
    ("text", "skill", "evidence"),
    [
        ("Ruby on Rails apps", "ruby-on-rails", "Ruby on Rails"),
        ("Spring Boot", "spring-boot", "Spring Boot"),
        ("PL/SQL", "plsql", "PL/SQL"),
    ],
)
def test_most_specific_match_wins(mini_matcher, text, skill, evidence):
    frame = mini_matcher.extract(text)
    assert list(frame["skill_id"]) == [skill]
    assert list(frame["text"]) == [evidence]


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("You will document the APIs.", "api-documentation"),
        ("Write API documentation.", "api-documentation"),
        ("Documenting REST endpoints is part of the job.", "api-documentation"),
        ("Designing scalable architectures.", "scalability"),
        ("Optimizing SQL queries in production.", "query-optimization"),
    ],
)
def test_responsibility_patterns(mini_matcher, text, skill):
    frame = mini_matcher.extract(text)
    assert skill in list(frame["skill_id"])
    row = frame[frame["skill_id"] == skill].iloc[0]
    assert text[row.start : row.end] == row.text


def test_patterns_do_not_cross_lines_or_punctuation(mini_matcher):
    assert "api-documentation" not in skills(mini_matcher, "We document everything.\nAPI keys are secret.")
    assert "api-documentation" not in skills(mini_matcher, "Document, sign, stamp; the API is new.")


def test_job_title_mentions_give_way_to_other_mentions(mini_matcher):
    text = "Senior Java Software Engineer (m/f/d)\nYou know Java 17, and our QA/Test Developers use Python."
    frame = mini_matcher.extract(text)
    # "Java" in the title adds nothing when the body names Java
    assert list(zip(frame["skill_id"], frame["start"], strict=True)) == [
        ("java", text.index("Java 17")),
        ("python", text.index("Python")),
    ]


@pytest.mark.parametrize(
    "text",
    ["Python Developer at Acme, 2019-2023", "We hire Kubernetes engineers", "java developers wanted"],
)
def test_a_skill_named_only_in_a_job_title_is_kept(mini_matcher, text):
    assert len(skills(mini_matcher, text)) == 1


def test_role_skills_are_found_in_titles(matcher):
    # the role itself is kept; "Python team" names a team, and Python is named before it
    frame = matcher.extract("Backend Engineer (Python) - join our Python team")
    assert list(zip(frame["skill_id"], frame["start"], strict=True)) == [
        ("backend-developer", 0),
        ("python", 18),
    ]


def test_a_team_name_is_a_title_but_not_a_role(matcher):
    # "technical support to the team" ends in a team noun, not a person noun: it is no role skill
    text = "You provide production support for the API. Join our production support team."
    frame = matcher.extract(text)
    found = list(zip(frame["skill_id"], frame["start"], strict=True))
    assert found == [("technical-support", 12), ("apis", 39)]


def test_a_definite_team_name_is_no_skill(matcher):
    # "our DevOps team", "the Data Warehouse team": the employer's teams, not what the reader must know
    for text in [
        "You will work with our DevOps team on releases.",
        "Work closely with the Quality Assurance team to drive bug resolution.",
        "In our Software Engineering Group we look for people who like hard problems.",
    ]:
        assert skills(matcher, text) == [], text
    # without a determiner, or as a way of working, the mention stays
    assert "agile" in skills(matcher, "You have worked in agile teams before.")
    assert "devops" in skills(matcher, "Experience in a DevOps team is a plus.")


@pytest.mark.parametrize(
    "text",
    [
        "Proficiency with programming languages such as Java, C++ or Python.",
        "Experience with Java, Python or other programming languages.",
        "Excellent knowledge of one or more of the following programming languages: Scala, Java, Go",
        "Proficient in programming languages (e.g. Python/Java/Ruby).",
    ],
)
def test_an_umbrella_name_gives_way_to_its_examples(matcher, text):
    found_ids = skills(matcher, text)
    assert "programming-languages" not in found_ids
    assert len(found_ids) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "Proficiency in one or more modern programming languages.",
        "Experience in any modern programming language.\nPython or Go are ideal.",
        "Strong programming languages background; we use Python.",
    ],
)
def test_an_umbrella_name_on_its_own_is_kept(matcher, text):
    assert "programming-languages" in skills(matcher, text)


def test_umbrella_is_a_taxonomy_flag(tmp_path):
    from skillmatch import SkillMatcher, load_taxonomy

    path = tmp_path / "tax.yaml"
    path.write_text(
        "categories: {databases: Databases}\n"
        "skills:\n"
        "  - {id: rdbms, name: relational databases, category: databases, umbrella: true}\n"
        "  - {id: postgresql, name: PostgreSQL, category: databases, broader: [rdbms]}\n"
        "  - {id: mongodb, name: MongoDB, category: databases}\n",
        encoding="utf-8",
    )
    tax = load_taxonomy(path)
    assert tax["rdbms"].umbrella and tax["rdbms"].to_dict()["umbrella"] is True
    m = SkillMatcher(tax)
    assert skills(m, "relational databases such as PostgreSQL") == ["postgresql"]
    # MongoDB is not one of its examples
    assert skills(m, "relational databases such as MongoDB") == ["rdbms", "mongodb"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C programming for embedded systems", ["c", "embedded-systems"]),
        ("Fluent Python coding and SQL", ["python", "sql"]),
        ("Strong programming skills in Java", ["software-development", "java"]),
    ],
)
def test_a_language_absorbs_the_activity_word_after_it(matcher, text, expected):
    assert skills(matcher, text) == expected


def test_a_duty_verb_used_as_a_noun_is_no_duty(matcher):
    assert "mentoring" not in skills(matcher, "Our mentor developer will help you on-board.")
    assert "mentoring" in skills(matcher, "You will mentor developers in the team.")


@pytest.mark.parametrize(
    "text",
    [
        "We serve chai tea with mocha in the lobby.",
        "Fiber optics installation and echo cancellation.",
        "Karma yoga and jasmine tea on Fridays.",
    ],
)
def test_unconfirmed_ambiguous_names_do_not_confirm_each_other(matcher, text):
    assert skills(matcher, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Experience with tools such as Chef, Puppet, etc.", ["chef", "puppet"]),
        ("Unit tests with Mocha and Chai", ["unit-testing", "mocha", "chai"]),
        ("* Experience with  Spark   , or similar preferred.", ["spark"]),
    ],
)
def test_ambiguous_names_listed_together_or_cued_are_kept(matcher, text, expected):
    assert skills(matcher, text) == expected


STACK_LINE = "We use Java, Kafka and AWS."


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("* Adaptability and resilience: you thrive when requirements change.", "fault-tolerance"),
        ("* Excellent communication, networking, and self-management skills.", "networking"),
        ("A culture built on curiosity, experimentation, and ownership.", "ab-testing"),
        ("* Team play & communication pave the road to success.", "play-framework"),
    ],
)
def test_a_trait_beside_an_everyday_word_confirms_no_technology(matcher, text, skill):
    """A trait lists a person's qualities: listed with one, "resilience" is the person's."""
    assert skill not in skills(matcher, f"{STACK_LINE}\n{text}"), text


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        # a technology beside it still confirms it, and so does its own context word
        ("* Resilience, observability and Kubernetes.", "fault-tolerance"),
        ("* Design for resilience of distributed systems, and teamwork.", "fault-tolerance"),
        # a trait confirms another trait
        ("* Teamwork, collaborative spirit.", "collaboration"),
    ],
)
def test_a_trait_still_confirms_a_trait_and_a_technology_still_confirms(matcher, text, skill):
    assert skill in skills(matcher, f"{STACK_LINE}\n{text}"), text


@pytest.mark.parametrize(
    ("trap", "real", "skill"),
    [
        ("At Postman, we value curiosity.", "Test the REST APIs with Postman collections.", "postman"),
        ("We install parquet flooring.", "Store data as Parquet files on S3.", "serialization-formats"),
        ("Measure the redshift of distant galaxies.", "Load the data into Redshift on AWS.", "redshift"),
    ],
)
def test_product_names_that_are_also_words_need_context(matcher, trap, real, skill):
    assert skill not in skills(matcher, trap)
    assert skill in skills(matcher, real)


@pytest.mark.parametrize(
    "text",
    [
        "Patrolled the facility and served as a general security presence.",
        "Ensure the safety and security of the detention facility.",
        "You get the security of an established company.",
        "Experience with SWIFT payments and ACH transfers.",
        "Express Scripts - pharmacy benefits, May 2020 to March 2021",
        "Builds relationships and opportunities to proactively build pipeline.",
        "We perform pre-employment substance abuse testing.",
        "Secured premises by patrolling property and monitoring surveillance equipment.",
    ],
)
def test_everyday_and_business_senses_name_no_skill(matcher, text):
    assert skills(matcher, text) == []


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Ensure the performance, scalability and security of our APIs.", "security"),
        ("Create Swift code to automate application workflows.", "swift"),
        ("Experience with automated build pipelines with MS Azure.", "ci-cd"),
        ("REST APIs in Node.js with Express.", "express"),
        ("I found a Spring plugin for that.", "spring"),
        ("Writing R or Rmarkdown code for the plots.", "r"),
    ],
)
def test_the_technical_sense_is_still_found(matcher, text, skill):
    assert skill in skills(matcher, text)


def test_an_edition_is_not_a_framework(matcher):
    assert "express" not in skills(matcher, "Connect to a SQL Server 2012 express database.")


@pytest.mark.parametrize(
    "text",
    [
        "Collect water samples for testing and monitoring of patients.",
        "Maintain the claims documentation and a database of contacts.",
        "Medical coding and billing for the clinic.",
        "Operate the warehouse automation line on a night rota.",
    ],
)
def test_everyday_practice_words_need_software_evidence(matcher, text):
    assert skills(matcher, text) == [], text


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Write automated testing for the API.", "testing"),  # an evidence word in the sentence
        ("Software testing of new releases.", "testing"),  # the mention's own words count
        ("Monitoring of services with Prometheus.", "monitoring"),  # a technology in the sentence
        # a document that names several technologies is software text as a whole
        ("We use Java, Kafka and PostgreSQL.\nYou care about testing and monitoring.", "monitoring"),
    ],
)
def test_practice_words_with_software_evidence_are_kept(matcher, text, skill):
    assert skill in skills(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "Provide technical support to our dairy customers and the sales force.",
        "An invitation-only event driven by prescheduled business meetings.",
        "Keep the reception desk tidy and maintain databases of visitors.",
        "Handle reconciliations, data retrieval and filing of tax matters.",
    ],
)
def test_more_everyday_words_need_software_evidence(matcher, text):
    assert skills(matcher, text) == [], text


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Provide production support for the payments API.", "technical-support"),
        ("Design event-driven microservices on Kafka.", "event-driven-architecture"),
        ("Database management of the PostgreSQL clusters.", "database-management"),
    ],
)
def test_the_same_words_with_software_evidence_are_kept(matcher, text, skill):
    assert skill in skills(matcher, text), text


@pytest.mark.parametrize(
    ("text", "skill", "found"),
    [
        # an alias that is also an everyday phrase needs its context, like an ambiguous name
        ("We meet the costs of your authorisation and relocation.", "access-control", False),
        ("Implement authorization with OAuth2 and JWT tokens.", "access-control", True),
        ("Audio-visual room design and system integration.", "systems-integration", False),
        ("Build system integrations with REST APIs.", "systems-integration", True),
        ("Build SPAs with React and TypeScript.", "spa", True),
        # the app store is not the Scala framework
        ("Ship our Java and Kotlin apps to Google Play.", "play-framework", False),
    ],
)
def test_everyday_aliases_need_their_context(matcher, text, skill, found):
    assert (skill in skills(matcher, text)) is found, text


@pytest.mark.parametrize(
    "text",
    [
        "Troubleshooting of pumps and a root cause analysis of every failure.",
        "You diagnose the problem with the customer's washing machine.",
        "Documented experience working as a site manager.",
        "Engage C-level executives and C-levels of the partners.",
        "Advice in the SPA programme (the Strategic Partnership Agreement).",
    ],
)
def test_everyday_phrases_and_acronyms_are_no_skills(matcher, text):
    assert skills(matcher, text) == [], text


def test_troubleshooting_of_software_is_debugging(matcher):
    assert "debugging" in skills(matcher, "Troubleshooting of our Java services in production.")
    # "debugging" itself needs no evidence, and troubleshooting skills are a trait in any trade
    assert "debugging" in skills(matcher, "Debugging and a steady hand.")
    assert "problem-solving" in skills(matcher, "Strong troubleshooting skills for the pumps.")


def test_meeting_deadlines_is_time_management_not_estimation(matcher):
    found = skills(matcher, "You are organised and consistently meeting deadlines.")
    assert "time-management" in found
    assert "estimation" not in found
    assert "estimation" in skills(matcher, "You lead sprint estimation for the team.")


def test_evidence_words_are_read_from_the_rules(tmp_path):
    from skillmatch import SkillMatcher

    folder = taxonomy_with_rules(
        tmp_path, "needs_evidence: [python]\nevidence_words: [snake]\nevidence_mentions: 5\n"
    )
    matcher = SkillMatcher(folder / "taxonomy.yaml")
    assert skills(matcher, "Python skills.") == []
    assert skills(matcher, "Python, the snake language.") == ["python"]


@pytest.mark.parametrize("value", ["0", "two", "[3]", "true"])
def test_evidence_mentions_must_be_a_positive_whole_number(tmp_path, value):
    from skillmatch.rules import validate_rules

    path = tmp_path / "rules.yaml"
    path.write_text(f"evidence_mentions: {value}\n", encoding="utf-8")
    assert any("evidence_mentions" in p.message for p in validate_rules(path))


@pytest.mark.parametrize(
    "text",
    [
        "We build the fastest time-series database.",
        "Join our award-winning Kafka streaming platform.",
        "You will partner with our data scientists.",
        "You will work alongside DevOps engineers.",
        "We value curiosity and teamwork.",
    ],
)
def test_the_employers_own_things_and_people_are_not_asks(matcher, text):
    assert skills(matcher, text) == [], text


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("You bring curiosity and teamwork.", "collaboration"),
        ("We are looking for someone with a love of teamwork.", "collaboration"),
        ("We use Kafka for streaming.", "kafka"),
        ("Experience with the AWS platform.", "aws"),
        ("We are hiring a DevOps engineer.", "devops-engineer"),
    ],
)
def test_asks_near_employer_words_are_kept(matcher, text, skill):
    assert skill in skills(matcher, text), text


@pytest.mark.parametrize(
    "text",
    [
        "Please see the MongoDB careers site for salary and pension details.",
        "Perks: a gym membership, remote work and a mentoring programme.",
    ],
)
def test_what_the_employer_gives_is_not_an_ask(matcher, text):
    assert skills(matcher, text) == [], text


def test_a_benefit_word_beside_an_ask_keeps_the_ask(matcher):
    # a candidate word makes it an ask; a long run-on "sentence" is not read as a list of benefits
    assert "mongodb" in skills(matcher, "You will run MongoDB; the salary range is below.")
    run_on = "Experience with MongoDB and Kafka " + "and more " * 20 + "plus a yearly gym allowance"
    assert {"mongodb", "kafka"} <= set(skills(matcher, run_on))


@pytest.mark.parametrize(
    "text",
    [
        "You will sit in the payments DevOps squad.",
        "Coordinate releases with internal DevOps teams.",
        "You report to the software Quality Assurance department.",
        "Work alongside our backend developers and DevOps engineers.",
        "Partner with senior architects, mobile developers and Kubernetes engineers.",
    ],
)
def test_a_particular_team_or_a_list_of_colleagues_is_no_skill(matcher, text):
    # squads and departments are teams; "internal" marks the employer's own team; every role of a list
    # after a colleague cue is a colleague
    assert skills(matcher, text) == [], text


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Experience leading a DevOps squad is a plus.", "devops"),
        ("You build internal QA tooling for our Java services.", "quality-assurance"),
        ("Coordinate releases with DevOps teams.", "devops"),
        ("Work alongside our developers. Kubernetes engineers are welcome to apply.", "kubernetes"),
        ("Alongside the engineers, you will build Kubernetes operators.", "kubernetes"),
        ("Partner with product owners and learn Kubernetes.", "kubernetes"),
    ],
)
def test_asks_next_to_teams_and_colleagues_are_kept(matcher, text, skill):
    assert skill in skills(matcher, text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a heading line: the next line describes the employer
        ("About us\nWe build a payments platform on Kafka and Kubernetes.\nYou know Python.", ["python"]),
        ("**Who We Are**\nAcme sells Kafka hosting.\n\nRequirements\n- PostgreSQL", ["postgresql"]),
        # a label and a colon inside a line: up to the next heading label
        (
            "Company description: We make speech software in Java and Spark. Your profile: Rust, SQL.",
            ["rust", "sql"],
        ),
        # the section ends where a sentence speaks of the candidate
        ("A bit about us: We run Kafka. You will write Python and Django.", ["python", "django"]),
        ("About the company: Acme runs Kafka.\nYou will build Java services.", ["java"]),
        # a heading that runs into its text at the start of a line, the line break lost
        ("About us Acme builds payment software on Kafka.\nYou know Python.", ["python"]),
        ("Who we are <ORGANIZATION> sells Kafka hosting. You will write Python.", ["python"]),
        # "About" and the employer's name: the name is the employer's too
        ("About Acme\nAcme builds payment software on Kafka and Kubernetes.\nYou know Python.", ["python"]),
        ("About MongoDB\nMongoDB is the world's leading database.\nYou know Python.", ["python"]),
        (
            "About Red Hat: Red Hat ships Linux and OpenShift. Your profile: Python, Django.",
            ["python", "django"],
        ),
        # Windows line ends
        ("About us\r\nWe build on Kafka and Kubernetes.\r\nYou know Python.", ["python"]),
        ("About Acme\r\nAcme builds on Kafka and Kubernetes.\r\nYou know Python.", ["python"]),
    ],
)
def test_a_section_about_the_employer_holds_no_asks(matcher, text, expected):
    assert skills(matcher, text) == expected, text


@pytest.mark.parametrize(
    "text",
    [
        "About us\nWe are looking for a Python developer who knows Kafka.",
        "Please join our company\nYou know Python and Kafka.",
        "Who we are looking for: a Python and Kafka expert.",
        "About the role: build Python services on Kafka.",
        "Tell us about us: what Python and Kafka mean to you.",
        # not a run-in heading: a comma, a lower-case word, or the words inside a line
        "About us, you should know Python and Kafka.",
        "About our company culture you will learn on day one; you know Python and Kafka.",
        "We love Java. About us Acme runs Python and Kafka for you.",
        # "About" and words that are no name, or "about" inside a sentence
        "About the Role\nBuild Python services on Kafka.",
        "About This Team\nWe build Python services on Kafka.",
        "About You\nYou know Python and Kafka.",
        "Be curious to learn about Python and Kafka.",
        "We care about Python and Kafka:\nthey run our payments.",
    ],
)
def test_asks_near_company_words_are_kept(matcher, text):
    assert {"python", "kafka"} <= set(skills(matcher, text)), text


def test_a_team_named_by_its_way_of_working_is_a_team(matcher):
    # "the Agile team" ends in the team noun: a particular team; "an agile team" is a way of working
    assert skills(matcher, "Share knowledge within the Agile team.") == []
    assert "agile" in skills(matcher, "Experience working in an agile team.")


def test_ambiguous_names_in_a_technical_document_are_technologies(matcher):
    stack = "We use Java, Kafka and PostgreSQL.\n"
    text = "The importer is in Ruby and the glue is Bash."
    assert skills(matcher, text) == []  # no cue and no technology around
    assert {"ruby", "bash"} <= set(skills(matcher, stack + text))


@pytest.mark.parametrize(
    "text",
    ["Go ahead and tell the rest of the team.", "Send a swift reply; Spring is near."],
)
def test_a_technical_document_does_not_turn_words_into_names(matcher, text):
    stack = "We use Java, Kafka and PostgreSQL.\n"
    assert skills(matcher, stack + text) == ["java", "kafka", "postgresql"]


def test_a_line_of_lower_case_tags_is_a_list_of_technologies(matcher):
    assert skills(matcher, "Technologies\nkubernetes docker go\nAbout us") == ["kubernetes", "docker", "go"]
    # a sentence is no tag line, and most words of a tag line are technologies
    assert "go" not in skills(matcher, "We use docker.\nlet us go\n")
    assert "go" not in skills(matcher, "docker lets us go home early\n")
