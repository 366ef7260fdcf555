"""Requirement level, negation, years and proficiency of skill mentions (skillmatch.context)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatch.context import PROFICIENCY_LEVELS, REQUIREMENT_LEVELS, SpanContext, annotate
from skillmatch.rules import load_rules


def span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    """The character span of the nth occurrence of ``word``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def ctx(text: str, word: str, nth: int = 0) -> SpanContext:
    return annotate(text, [span(text, word, nth)])[0]


def req(text: str, word: str, nth: int = 0) -> str:
    return ctx(text, word, nth).requirement


# ---------------------------------------------------------------------------------------------------------
# interface
# ---------------------------------------------------------------------------------------------------------


def test_empty_spans_list() -> None:
    assert annotate("Requirements\n- Python", []) == []
    assert annotate("", []) == []


def test_one_context_per_span_in_order() -> None:
    text = "Requirements\n- Python\nNice to have\n- Kafka"
    spans = [span(text, "Kafka"), span(text, "Python"), span(text, "Kafka")]
    out = annotate(text, spans)
    assert [c.requirement for c in out] == ["preferred", "required", "preferred"]
    assert all(isinstance(c, SpanContext) for c in out)


def test_context_is_frozen() -> None:
    c = ctx("Python", "Python")
    with pytest.raises(AttributeError):
        c.negated = True  # type: ignore[misc]


def test_spans_at_very_start_and_end() -> None:
    text = "Python is required and so is Go"
    first, last = annotate(text, [(0, 6), (len(text) - 2, len(text))])
    assert first.requirement == "required"
    assert last.requirement == "required"
    assert annotate("Go", [(0, 2)])[0] == SpanContext("unspecified", False, None, None)


def test_plain_text_is_unspecified() -> None:
    assert ctx("We build services in Go.", "Go") == SpanContext("unspecified", False, None, None)


# ---------------------------------------------------------------------------------------------------------
# sections
# ---------------------------------------------------------------------------------------------------------


def test_nice_to_have_then_requirements_scopes_end_at_next_heading() -> None:
    text = "## Nice to have\n- Kafka\n- Redis\n\n## Requirements\n- Python\n- Java\n\n## Benefits\n- Free Go lessons"
    assert req(text, "Kafka") == "preferred"
    assert req(text, "Redis") == "preferred"
    assert req(text, "Python") == "required"
    assert req(text, "Java") == "required"
    assert req(text, "Go") == "unspecified"


@pytest.mark.parametrize(
    "heading",
    [
        "## Requirements",
        "**Requirements**",
        "**Requirements:**",
        "REQUIREMENTS",
        "Requirements:",
        "Requirements",
        "Required skills",
        "Must have:",
        "Must-haves",
        "What you'll need",
        "What we’re looking for",
        "Minimum Qualifications",
        "Basic qualifications:",
        "Qualifications",
        "You have",
        "Who you are",
        "### About you",
    ],
)
def test_required_heading_styles(heading: str) -> None:
    text = f"About us\nWe sell shoes online.\n\n{heading}\n- Experience with Python\n- Django"
    assert req(text, "Python") == "required"
    assert req(text, "Django") == "required"


@pytest.mark.parametrize(
    "heading",
    [
        "## Nice to have",
        "**Nice-to-haves**",
        "NICE TO HAVE",
        "Bonus points:",
        "Bonus",
        "Preferred Qualifications",
        "Preferred skills:",
        "Pluses",
        "Extra credit",
        "Good to have",
        "Desired:",
    ],
)
def test_preferred_heading_styles(heading: str) -> None:
    text = f"Requirements\n- Java\n\n{heading}\n- Experience with Python\n- Django"
    assert req(text, "Java") == "required"
    assert req(text, "Python") == "preferred"
    assert req(text, "Django") == "preferred"


@pytest.mark.parametrize(
    "heading", ["Responsibilities", "## About us", "Benefits:", "What you'll do", "WHAT YOU WILL DO"]
)
def test_other_headings_reset_to_unspecified(heading: str) -> None:
    text = f"Requirements\n- Java\n\n{heading}\n- Build services in Python"
    assert req(text, "Java") == "required"
    assert req(text, "Python") == "unspecified"


def test_colon_heading_with_inline_text() -> None:
    text = "Requirements:\n- Java\nNice to have: Kafka, Redis\nWe run on Python."
    assert req(text, "Java") == "required"
    assert req(text, "Kafka") == "preferred"
    assert req(text, "Redis") == "preferred"
    # an inline heading covers its own line (and a bulleted list after it), not the prose that follows
    assert req(text, "Python") == "required"


def test_inline_heading_followed_by_bullets() -> None:
    text = "Must have: Java\n- Spring\n- Kafka\n\nAbout us\nWe love Go."
    assert req(text, "Java") == "required"
    assert req(text, "Kafka") == "required"
    assert req(text, "Go") == "unspecified"


def test_bullets_do_not_end_a_scope() -> None:
    text = "Nice to have\n* Kafka\n- Redis\n• Docker\n1. Kubernetes\n- Languages: Rust, Go"
    for word in ("Kafka", "Redis", "Docker", "Kubernetes", "Rust", "Go"):
        assert req(text, word) == "preferred", word


def test_sub_heading_with_colon_keeps_the_section() -> None:
    text = "Requirements\nLanguages:\n- Python\nDatabases:\n- PostgreSQL"
    assert req(text, "Python") == "required"
    assert req(text, "PostgreSQL") == "required"


def test_bold_heading_with_inline_text() -> None:
    text = "**Nice to have:** Kafka and Redis\n\n**Requirements**\n- Go"
    assert req(text, "Kafka") == "preferred"
    assert req(text, "Go") == "required"


# ---------------------------------------------------------------------------------------------------------
# cue phrases
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Kafka is a plus.",
        "Kafka experience a plus.",
        "Kafka is an advantage.",
        "Kafka would be a bonus.",
        "Kafka is nice to have.",
        "Ideally you know Kafka.",
        "Kafka preferred.",
        "Preferably Kafka.",
        "Kafka is desirable.",
        "Familiarity with Kafka is an advantage.",
        "Bonus if you know Kafka.",
    ],
)
def test_preferred_cue_overrides_required_section(sentence: str) -> None:
    text = f"Requirements\n- Python\n- {sentence}"
    assert req(text, "Python") == "required"
    assert req(text, "Kafka") == "preferred"


@pytest.mark.parametrize(
    "sentence",
    [
        "You must have Kafka experience.",
        "Kafka is required.",
        "This role requires Kafka.",
        "You must know Kafka.",
        "Kafka is mandatory.",
        "Kafka is essential.",
        "Must have: Kafka",
    ],
)
def test_required_cue_overrides_preferred_section(sentence: str) -> None:
    text = f"Nice to have\n- Redis\n- {sentence}"
    assert req(text, "Redis") == "preferred"
    assert req(text, "Kafka") == "required"


def test_weak_required_cues_lift_unspecified_text_only() -> None:
    assert req("About the role\nYou have strong experience with Java.", "Java") == "required"
    assert req("We want 5+ years of Java.", "Java") == "required"
    assert req("Nice to have\n- Strong experience with Java", "Java") == "preferred"
    assert req("Nice to have\n- 3+ years of Rust", "Rust") == "preferred"


def test_mixed_cues_in_one_sentence() -> None:
    text = "Java is required, Kafka is a plus."
    assert req(text, "Java") == "required"
    assert req(text, "Kafka") == "preferred"
    text = "We are looking for someone with Python and ideally Go."
    assert req(text, "Go") == "preferred"
    assert req(text, "Python") == "unspecified"


def test_cue_does_not_leak_into_next_sentence() -> None:
    text = "Kafka is a plus. We build in Python."
    assert req(text, "Python") == "unspecified"


def test_parenthetical_preference_about_something_else() -> None:
    text = "Requirements\n- Proven experience with Kubernetes (EKS preferred).\n- Working knowledge of Angular (v10+ preferred)"
    assert req(text, "Kubernetes") == "required"
    assert req(text, "EKS") == "preferred"
    assert req(text, "Angular") == "required"
    text = "Requirements\n- Frontend experience with JavaScript (Angular preferred, but not required)."
    assert req(text, "JavaScript") == "required"
    assert req(text, "Angular") == "preferred"
    assert not ctx(text, "Angular").negated


def test_as_required_is_not_a_cue() -> None:
    assert req("Deploy Go services as required.", "Go") == "unspecified"
    assert req("Our mission-critical systems run on Java.", "Java") == "unspecified"


# ---------------------------------------------------------------------------------------------------------
# negation
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Stack: Python, no PHP.", "PHP"),
        ("We use Kotlin, not Java.", "Java"),
        ("A backend without MongoDB.", "MongoDB"),
        ("We don't use Rails.", "Rails"),
        ("We don’t use Rails.", "Rails"),
        ("We do not use Perl here.", "Perl"),
        ("We never deploy to Azure.", "Azure"),
        ("No prior Go experience required.", "Go"),
        ("Scala is not required.", "Scala"),
        ("Scala isn't required.", "Scala"),
        ("There is no need for Docker knowledge.", "Docker"),
        ("Kubernetes is not necessary.", "Kubernetes"),
        ("Terraform is not a requirement.", "Terraform"),
        ("Knowledge of Haskell not needed.", "Haskell"),
        ("Using Scala (no prior experience required) every day.", "Scala"),
        ("Ruby on Rails (experience not required)", "Rails"),
        ("Tech doesn't matter (Python, Java, Go).", "Java"),
        ("We don't require experience in it: TypeScript, React.", "React"),
    ],
)
def test_negated(text: str, word: str) -> None:
    c = ctx(text, word)
    assert c.negated, text
    assert c.requirement == "unspecified"


def test_no_prior_experience_required_is_not_required() -> None:
    text = "Requirements\n- No prior Go experience required"
    assert ctx(text, "Go") == SpanContext("unspecified", True, None, None)


def test_negation_does_not_leak_across_sentences() -> None:
    text = "We don't use PHP. We use Python."
    assert ctx(text, "PHP").negated
    assert not ctx(text, "Python").negated
    text = "Not Java. Something else here. We love Kotlin."
    assert not ctx(text, "Kotlin").negated


def test_negation_two_sentences_away() -> None:
    text = "No PHP here. The team is great. Requirements: Python"
    assert not ctx(text, "Python").negated
    assert req(text, "Python") == "required"


def test_negation_stops_at_but() -> None:
    text = "Not Java but Kotlin."
    assert ctx(text, "Java").negated
    assert not ctx(text, "Kotlin").negated
    text = "We don't use Perl, however Python is everywhere."
    assert not ctx(text, "Python").negated
    text = "Scala is not required, but Java is."
    assert ctx(text, "Scala").negated
    assert not ctx(text, "Java").negated


def test_negation_stops_at_newline() -> None:
    text = "- no PHP\n- Python"
    assert ctx(text, "PHP").negated
    assert not ctx(text, "Python").negated


def test_negated_list() -> None:
    text = "No PHP, Perl or Ruby please. Also Go."
    for word in ("PHP", "Perl", "Ruby"):
        assert ctx(text, word).negated, word
    assert not ctx(text, "Go").negated


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Tools including but not limited to Java and Python.", "Java"),
        ("Not only Go but also Rust.", "Rust"),
        ("Experience with SQL and NoSQL databases.", "NoSQL"),
        ("Experience with SQL/No SQL databases like MongoDB.", "MongoDB"),
        ("Kafka is a plus but not required.", "Kafka"),
        ("Preferred but not required: Docker and Kubernetes.", "Docker"),
        ("Prior experience with Golang is not required, but will be helpful.", "Golang"),
        ("Able to complete projects with no assistance) in Java", "Java"),
        ("This isn't your run-of-the-mill TypeScript role.", "TypeScript"),
        ("Whether or not you know Elixir, apply.", "Elixir"),
    ],
)
def test_not_negated(text: str, word: str) -> None:
    assert not ctx(text, word).negated, text


def test_not_required_with_a_preference_is_preferred() -> None:
    text = "Requirements\n- Kafka is a plus but not required."
    assert ctx(text, "Kafka") == SpanContext("preferred", False, None, None)
    text = "- Experience with NiFi, Kafka, or Airflow (not required, nice to have)."
    assert req(text, "Airflow") == "preferred"


# ---------------------------------------------------------------------------------------------------------
# intent: wanting a skill is not having it
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Don't have experience with Rust but would like to learn.", "Rust"),
        ("I don't have experience with Rust but would like to learn it.", "Rust"),
        ("I would like to learn Haskell.", "Haskell"),
        ("I'd love to explore Elixir next year.", "Elixir"),
        ("Interested in Scala and Kotlin.", "Scala"),
        ("Interested in Scala and Kotlin.", "Kotlin"),
        ("Interests: I am interested in Terraform", "Terraform"),
        ("Eager to learn Kubernetes", "Kubernetes"),
        ("Keen to pick up GraphQL and gRPC", "gRPC"),
        ("Currently hoping to learn Rust", "Rust"),
        ("Python developer, interested in: Go, Rust", "Rust"),
    ],
)
def test_intent_is_not_a_skill(text: str, word: str) -> None:
    c = ctx(text, word)
    assert c.negated, text
    assert c.requirement == "unspecified"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("I would like to learn Haskell, and I use Python daily.", "Python"),
        ("Interested in Scala but I work in Java.", "Java"),
        ("If you are interested in joining us to build Python services, apply.", "Python"),
        ("Interested in working with Go? You need 3 years of Java.", "Java"),
        ("We would like to learn more about your Django projects.", "Django"),
        ("We're especially interested in experience with Golang and Python.", "Python"),
        ("We are interested in candidates who know Elixir.", "Elixir"),
        ("Requirements\n- Interest in distributed systems and Kubernetes", "Kubernetes"),
        ("Requirements\n- Interested in distributed systems and Kubernetes", "Kubernetes"),
        ("You have experience with or are eager to learn Go and Python.", "Python"),
        ("We hire engineers who are excited to learn and work with Go.", "Go"),
        ("Curious, eager to learn, and committed to mentoring in Python.", "Python"),
    ],
)
def test_intent_stays_with_its_own_clause(text: str, word: str) -> None:
    assert not ctx(text, word).negated, text


@pytest.mark.parametrize(
    ("text", "word", "level"),
    [
        ("Experience with Kafka is a plus.", "Kafka", "preferred"),
        ("Nice to have: Kafka, Redis", "Redis", "preferred"),
        ("Bonus points if you would like to mentor on Go.", "Go", "preferred"),
        ("Requirements\n- Python\nNice to have\n- Kafka", "Kafka", "preferred"),
        ("Requirements\n- Python\nNice to have\n- Kafka", "Python", "required"),
    ],
)
def test_preference_cues_are_not_intent(text: str, word: str, level: str) -> None:
    c = ctx(text, word)
    assert not c.negated
    assert c.requirement == level


# ---------------------------------------------------------------------------------------------------------
# years of experience
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "years"),
    [
        ("5+ years of Python", "Python", 5.0),
        ("3-5 years of experience with Java and Spring", "Java", 3.0),
        ("3-5 years of experience with Java and Spring", "Spring", 3.0),
        ("3–5 years of experience with Java", "Java", 3.0),
        ("at least two years of Rust", "Rust", 2.0),
        ("At least twelve years of experience in C++", "C++", 12.0),
        ("5 years' experience in Scala", "Scala", 5.0),
        ("5 years’ experience in Scala", "Scala", 5.0),
        ("5yrs Kafka", "Kafka", 5.0),
        ("over 3 years of Docker", "Docker", 3.0),
        ("minimum of 4 years AWS experience", "AWS", 4.0),
        ("2+ yrs SQL", "SQL", 2.0),
        ("Python (5+ years)", "Python", 5.0),
        ("Python: 4 yrs", "Python", 4.0),
        ("Python (4 yrs)", "Python", 4.0),
        ("Django – 3 years", "Django", 3.0),
        ("Django - 3 years", "Django", 3.0),
        ("Seven years of professional experience building Go services", "Go", 7.0),
    ],
)
def test_years(text: str, word: str, years: float) -> None:
    assert ctx(text, word).years == years


def test_years_do_not_cross_sentences() -> None:
    text = "5+ years of Python. We also use Go."
    assert ctx(text, "Python").years == 5.0
    assert ctx(text, "Go").years is None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The company was founded 10 years ago and uses Python.", "Python"),
        ("For over 30 years, we have built software in Java.", "Java"),
        ("We are 20 years old and run on Ruby.", "Ruby"),
        ("We offer 3 years of free training and Go lessons.", "Go"),
        ("Python is great.", "Python"),
    ],
)
def test_no_years(text: str, word: str) -> None:
    assert ctx(text, word).years is None


def years_of(text: str, word: str, nth: int = 0) -> float | None:
    return annotate(text, [span(text, word, nth)], reference_year=2026)[0].years


@pytest.mark.parametrize(
    ("text", "word", "years"),
    [
        ("Software engineer, 2019 – present, Django", "Django", 7.0),
        ("Consultant, Jan 2018 - Mar 2021: Java", "Java", 3.2),
        ("Backend developer, 2015-2020, Python and Flask", "Flask", 5.0),
        ("06/2020 – 06/2023 Kotlin developer", "Kotlin", 3.0),
        ("Intern at Initech, March 2022 to current — Rust", "Rust", 4.0),
    ],
)
def test_years_from_the_date_range_of_a_job_line(text: str, word: str, years: float) -> None:
    assert years_of(text, word) == years


@pytest.mark.parametrize(
    "text",
    [
        "2019 – present, Django",  # no role: a date is not a job
        "Jan 2018 - Mar 2021: Java",
        "Founded in Oslo, 1999 – 2001 was spent building Java tools.",
    ],
)
def test_dates_without_a_role_give_no_years(text: str) -> None:
    word = next(w for w in ("Django", "Java") if w in text)
    assert years_of(text, word) is None


def test_copyright_footer_gives_no_years() -> None:
    text = (
        "Backend Developer (Python, Go). You will build APIs with Python and PostgreSQL. "
        "© 2003–2024 Example Corp. All rights reserved."
    )
    for word in ("Python", "Go", "PostgreSQL"):
        assert years_of(text, word) is None, word
    footer = "Requirements\n- Kafka\n\nCopyright 2010-2024 Initech Ltd. Careers: Java developer jobs"
    assert years_of(footer, "Kafka") is None
    assert years_of(footer, "Java") is None
    assert years_of("(c) 2001 - 2024 Acme Inc., Python", "Python") is None


def test_education_ranges_give_no_years() -> None:
    resume = (
        "Jane Doe\n"
        "B.Sc. Computer Science, Example University, 2014 – 2018\n"
        "Coursework: Java, C, SQL\n"
        "M.Sc. in Data Science 2018-2020: thesis on Spark\n"
        "AWS Certified Solutions Architect, 2020 – 2023\n"
        "Skills: Python, Docker"
    )
    for word in ("Java", "SQL", "Spark", "AWS", "Python", "Docker"):
        assert years_of(resume, word) is None, word


def test_education_section_gives_no_years_to_its_lines() -> None:
    resume = "EDUCATION\nExample University\n2012 - 2016\nProjects in Haskell and Prolog"
    assert years_of(resume, "Haskell") is None


def test_each_skill_gets_the_years_of_its_own_job() -> None:
    resume = (
        "EXPERIENCE\n"
        "Senior Backend Engineer, Initech\n"
        "Jan 2019 – Jan 2024\n"
        "- Built payment services in Go and PostgreSQL\n"
        "- Ran them on Kubernetes\n"
        "Web Developer, Acme Corp, 2015 – 2017\n"
        "- PHP and MySQL shop sites\n"
        "EDUCATION\n"
        "B.Sc. Computer Science, 2011 – 2015\n"
        "SKILLS\n"
        "Python, Redis"
    )
    assert years_of(resume, "Go") == 5.0
    assert years_of(resume, "PostgreSQL") == 5.0
    assert years_of(resume, "Kubernetes") == 5.0
    assert years_of(resume, "PHP") == 2.0
    assert years_of(resume, "MySQL") == 2.0
    assert years_of(resume, "Python") is None  # after a heading: not the job's section
    assert years_of(resume, "Redis") is None


def test_a_job_title_above_its_dates_starts_the_entry() -> None:
    resume = "Company Name\nJava Developer\n2016 - 2020\n- Spring Boot services\nSKILLS\nRust"
    assert years_of(resume, "Java") == 4.0
    assert years_of(resume, "Spring Boot") == 4.0
    assert years_of(resume, "Rust") is None


def test_a_title_line_ends_the_job_entry() -> None:
    resume = (
        "Software Engineer\nJanuary 1989 to January 1993 Company Name\n- Perl tools\n"
        "Education\nM.S. Computer Science, 1989\nSkills\nPHP, Java\n"
    )
    assert years_of(resume, "Perl") == 4.0
    assert years_of(resume, "PHP") is None
    assert years_of(resume, "Java") is None
    volunteer = "Fall 2011-Present Scout Pack Leader\nMerit Badge Counselor\nSkills\nMicrosoft Windows"
    assert years_of(volunteer, "Microsoft Windows") is None


def test_experience_section_makes_a_bare_date_line_a_job() -> None:
    resume = "WORK HISTORY\nMarch 2020 - March 2023\n- Django REST APIs\nINTERESTS\nChess"
    assert years_of(resume, "Django") == 3.0


def test_an_unlisted_section_title_above_classifies_its_dates() -> None:
    resume = (
        "Experience\n2019 - present, Logistics Co: services in Django\n2017 - 2019, Web Agency: PHP sites\n"
        "Education\n2013 - 2017, State University: Haskell"
    )
    assert years_of(resume, "Django") == 7.0
    assert years_of(resume, "PHP") == 2.0
    assert years_of(resume, "Haskell") is None


def test_a_paragraph_of_prose_ends_the_job_entry() -> None:
    posting = (
        "Internship Term: Winter 2026 (January 2026 - August 2026)\n"
        + "You will join the platform group and help us ship. " * 8
        + "We use Go.\n- Kafka"
    )
    assert years_of(posting, "Go") is None
    assert years_of(posting, "Kafka") is None


def test_stated_years_still_win_in_a_resume() -> None:
    resume = "Backend Developer, Initech, 2019 – 2024\n- 2 years of Rust; Go services"
    assert years_of(resume, "Rust") == 2.0
    assert years_of(resume, "Go") == 5.0


def test_date_range_in_a_long_paragraph_gives_no_years() -> None:
    text = "As a developer from 2010 - 2020 I wrote " + "many programs, " * 20 + "mostly in Python."
    assert years_of(text, "Python") is None


# ---------------------------------------------------------------------------------------------------------
# proficiency
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Expert in Python.", "expert"),
        ("Expertise in Python.", "expert"),
        ("Mastery of Python.", "expert"),
        ("Deep knowledge of Python.", "expert"),
        ("Advanced knowledge of Python.", "advanced"),
        ("Strong Python skills.", "advanced"),
        ("Strong experience with Python.", "advanced"),
        ("Proficient in Python.", "advanced"),
        ("Proficiency in Python.", "advanced"),
        ("Fluent in Python.", "advanced"),
        ("Working knowledge of Python.", "intermediate"),
        ("Intermediate Python.", "intermediate"),
        ("Solid Python experience.", "intermediate"),
        ("Good knowledge of Python.", "intermediate"),
        ("Hands-on experience with Python.", "intermediate"),
        ("Familiar with Python.", "basic"),
        ("Familiarity with Python.", "basic"),
        ("Basic knowledge of Python.", "basic"),
        ("Exposure to Python.", "basic"),
        ("Some experience with Python.", "basic"),
        ("Beginner Python.", "basic"),
        ("Currently learning Python.", "basic"),
        ("Python (expert)", "expert"),
        ("Python: advanced", "advanced"),
        ("Python - intermediate", "intermediate"),
        ("Python (learning)", "basic"),
        ("Experience with Python.", None),
    ],
)
def test_proficiency(text: str, level: str | None) -> None:
    assert ctx(text, "Python").proficiency == level


def test_proficiency_applies_to_a_list_and_stays_in_its_sentence() -> None:
    text = "Expert in Python, Java and Go. We also use Rust."
    assert [ctx(text, w).proficiency for w in ("Python", "Java", "Go")] == ["expert"] * 3
    assert ctx(text, "Rust").proficiency is None


def test_nearest_proficiency_phrase_wins() -> None:
    text = "Strong Python, familiarity with Go."
    assert ctx(text, "Python").proficiency == "advanced"
    assert ctx(text, "Go").proficiency == "basic"
    text = "Strong communication skills and experience with Go."
    assert ctx(text, "Go").proficiency is None


def test_machine_learning_is_not_a_level() -> None:
    assert ctx("Machine learning with Python.", "Python").proficiency is None


# ---------------------------------------------------------------------------------------------------------
# invariants
# ---------------------------------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"abcPython GoJava.,;:!?()-–*#\n\t0123456789+'’",
        "no ",
        "not ",
        "but ",
        "years ",
        "yrs",
        "Requirements\n",
        "Nice to have:",
        "## ",
        "**",
        "2019 - present",
        "is a plus",
        "required",
        "expert in ",
        "familiar with ",
        " (",
        ")",
        "don't use ",
    ]
)


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = "".join(draw(st.lists(_ALPHABET, max_size=60)))
    n = len(text)
    pairs = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=12))
    return text, [(min(a, b), max(a, b)) for a, b in pairs]


@settings(max_examples=150, deadline=None)
@given(text_and_spans())
def test_invariants(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    out = annotate(text, spans)
    assert len(out) == len(spans)
    for c in out:
        assert c.requirement in REQUIREMENT_LEVELS
        assert c.proficiency is None or c.proficiency in PROFICIENCY_LEVELS
        assert c.years is None or c.years >= 0
        assert isinstance(c.negated, bool)
        if c.negated:
            assert c.requirement == "unspecified"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.data())
def test_never_raises_on_arbitrary_text(text: str, data: st.DataObject) -> None:
    n = len(text)
    spans = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=8))
    spans = [(min(a, b), max(a, b)) for a, b in spans]
    assert len(annotate(text, spans)) == len(spans)


@settings(max_examples=50, deadline=None)
@given(text_and_spans())
def test_deterministic_and_independent_of_other_spans(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    together = annotate(text, spans)
    assert together == annotate(text, spans)
    assert together == [annotate(text, [s])[0] for s in spans]


# Cue phrases, their near-misses, and filler: enough to put every cue in and out of a sentence.
_CUE_PHRASES = [
    "Python", "Go", "Java", "Kafka", "not required", "is not needed", "isnt necessary", "doesn't matter",
    "no", "without", "never", "is a plus", "nice to have", "would be great", "good to have", "ideally",
    "preferred", "desirable", "helpful", "optional", "extra credit", "is an asset", "we'd love",
    "stand out", "sets you apart", "must have", "required", "as required", "must be able to",
    "strong experience with", "solid background in", "proven track record", "5+ years of", "3 yrs",
    "at least two years", "2019 - 2021", "Jan 2020 - present", "expert in", "mastery of",
    "in-depth knowledge of", "advanced knowledge", "proficient in", "fluent", "working knowledge of",
    "good understanding of", "hands-on experience", "familiar with", "basic knowledge", "some exposure to",
    "currently learning", "awareness of", "experience with", "ability to", "and", "or", ",", ".", ";",
    "(", ")", "\n", "Requirements:\n", "Nice to have:\n", "but", "however", "the team", "our product",
    "don't", "dont", "can’t", "isn't", "whether or not", "not only", "no longer", "not limited to",
    "instead of", "rather than", "neither", "nor", "non-profit", "NoSQL", "whereas", "while", "except",
    "yet", "although", "though", "should have", "you will need", "need to have", "have to have",
    "mandatory", "essential", "needed", "is a must", "5years", "e.g.", "approx.", "!", "•",
    "would like to learn", "interested in", "know", "node", "technology", "butter",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(_CUE_PHRASES), min_size=1, max_size=40))
def test_skipping_sentences_without_cue_words_changes_nothing(words: list[str]) -> None:
    import skillmatch.context as context

    text = " ".join(words)
    spans = [span(text, w) for w in ("Python", "Go", "Java", "Kafka") if w in text]
    gated = annotate(text, spans)
    everywhere = annotate(text, [(0, len(text))])  # every sentence is read
    with pytest.MonkeyPatch.context() as mp:  # every pattern in every sentence
        mp.setattr(context._ANCHORS, "mask", lambda lower, a, b: context._ANCHORS.all)
        assert annotate(text, spans) == gated
        assert annotate(text, [(0, len(text))]) == everywhere


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(_CUE_PHRASES), min_size=1, max_size=30))
def test_the_anchor_table_gives_the_same_answer_full_or_empty(words: list[str]) -> None:
    import skillmatch.context as context

    text = " ".join(words)
    spans = [span(text, w) for w in ("Python", "Go", "Java", "Kafka") if w in text]
    expected = annotate(text, spans)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(context, "_CACHE_MAX", 0)  # nothing kept: every letter run looked up afresh
        mp.setattr(context, "_ANCHORS", context._Anchors(context._GATES))
        assert annotate(text, spans) == expected
        assert not context._ANCHORS.seen
    assert annotate(text, spans) == expected  # runs now kept from the first call


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(_CUE_PHRASES), min_size=1, max_size=60))
def test_the_cue_index_of_long_sentences_answers_as_a_pass_over_the_cues(words: list[str]) -> None:
    import re

    import skillmatch.context as context

    text = " ".join(words)
    spans = [(m.start(), m.end()) for m in re.finditer(r"Python|Go|Java|Kafka", text)]
    by_pass = annotate(text, spans)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(context, "_MANY_CUES", -1)  # every sentence with a cue answered from the index
        assert annotate(text, spans) == by_pass


def test_a_long_sentence_of_cues_gives_each_mention_its_own_level() -> None:
    items = ["Python required", "Go is a plus", "ideally Rust", "Java (preferred)", "Kafka, a must"] * 10
    text = ", ".join(items) + "."
    levels = [req(text, word, nth) for nth in range(10) for word in ("Python", "Go", "Rust", "Java", "Kafka")]
    expected = ["required", "preferred", "preferred", "preferred", "required"] * 10
    assert levels == expected


def _reference_sentence_cuts(text: str) -> list[int]:
    """Sentence ends as the rules state them, one candidate at a time."""
    import re

    cuts = []
    for m in re.finditer(r"[.!?;](?=\s|$)|\n|[•·▪●]", text):
        if m.group() == "." and re.compile(
            r"\b(?:e\.g|i\.e|vs|incl|approx|esp|min|max|yrs?|no)$", re.IGNORECASE
        ).search(text, max(0, m.start() - 6), m.start()):
            continue
        if m.group() == "\n" and re.match(r"[ \t]*(?:[a-z]|[,;)])", text[m.end() :]):
            before = text[max(0, m.start() - 80) : m.start()].rstrip()
            if before and before[-1] not in ".!?;:" and before[-1].isalnum():
                continue
        cuts.append(m.end())
    return cuts


_SENTENCE_PIECES = [
    "e.g", "E.G", "i.e.", "approx.", "no.", "Yrs.", "i.e", "vs", "incl", "approx", "esp", "min", "Max", "yr", "yrs", "no", "x", "ab", "5", "_",
    ".", "!", "?", ";", "•", "·", " ", "\t", "\n", "\n ", "\r", "\u00a0", ",", ")", " a", "ſ",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=20))
def test_sentence_ends_follow_the_rules(pieces: list[str]) -> None:
    from skillmatch.context import _sentence_cuts

    text = "".join(pieces)
    assert sorted(_sentence_cuts(text)) == _reference_sentence_cuts(text)


@pytest.mark.parametrize(
    "abbreviation", ["e.g", "i.e", "vs", "incl", "approx", "esp", "min", "max", "yr", "yrs", "no"]
)
def test_a_dot_after_an_abbreviation_ends_no_sentence(abbreviation: str) -> None:
    from skillmatch.context import _sentence_cuts

    text = f"Tools {abbreviation}. Kafka. {abbreviation.upper()}. Go"
    assert sorted(_sentence_cuts(text)) == [text.index("Kafka.") + 6]


def test_abbreviations_do_not_end_sentences() -> None:
    from skillmatch.context import _sentence_cuts

    text = "Tools, e.g. Kafka. Approx. 5 yrs. of Go\nand Rust\nJava"
    assert sorted(_sentence_cuts(text)) == [text.index("Kafka.") + 6, text.index("Rust\n") + 5]


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from([
            "Backend Developer, Initech", "Jan 2018 - Mar 2021", "2019 – present", "Python and Kafka",
            "Education", "B.Sc. 2010 - 2014", "Skills", "Go, Rust since 2015", "", "Software Engineer 2012 to 2016",
            "Developer, Jan 1996 - Dec 1999 Python", "Kafka 1999-2001",
        ]),
        min_size=1,
        max_size=12,
    )
)  # fmt: skip
def test_date_ranges_read_line_by_line_match_a_whole_text_scan(lines: list[str]) -> None:
    import re

    import skillmatch.context as context

    text = "\n".join(lines)
    spans = [(m.start(), m.end()) for m in re.finditer(r"Python|Kafka|Go|Rust", text)]
    by_line = annotate(text, spans, reference_year=2024)
    with pytest.MonkeyPatch.context() as mp:  # every line read, with or without a year
        mp.setattr(context, "_YEAR_ANCHOR", re.compile(r"(?m)^"))
        assert annotate(text, spans, reference_year=2024) == by_line


@settings(max_examples=60, deadline=None)
@given(
    first=st.integers(1950, 2025),
    length=st.integers(0, 40),
    cue=st.sampled_from(["©", "(c)", "Copyright", "B.Sc. Computer Science,", "Master of Science", "Diploma"]),
    job_line=st.booleans(),
)
def test_copyright_and_education_ranges_never_give_years(
    first: int, length: int, cue: str, job_line: bool
) -> None:
    line = f"{cue} {first} - {first + length} Example University Python"
    text = ("Backend Developer, Initech\n" if job_line else "") + line
    assert years_of(text, "Python") is None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("There is no native Perl module for this.", "Perl"),
        ("The report was not rendered as HTML because the template broke.", "HTML"),
        ("It never shows the output of the Lua script.", "Lua"),
        ("This bug is not a problem of Kotlin itself.", "Kotlin"),
    ],
)
def test_negation_about_something_else_leaves_the_skill(text: str, word: str) -> None:
    # the negation is about a function, a rendering or a problem: the skill is named, not ruled out
    assert not ctx(text, word).negated, text


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("I have never worked with Erlang.", "Erlang"),
        ("We do not use Perl here.", "Perl"),
        ("Candidates without Kotlin experience are welcome.", "Kotlin"),
        ("A back-end role, not Android.", "Android"),
        ("Rails (no Django).", "Django"),
    ],
)
def test_negation_of_having_or_of_the_name_itself(text: str, word: str) -> None:
    assert ctx(text, word).negated, text


# Negation scope: what a negation governs and where it ends (invented sentences)
@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a new clause after the negated words
        ("The build runs without Gradle installed so in that case the Kotlin script compiles it.", "Kotlin"),
        ("It is not stable enough because the Elixir port drops frames.", "Elixir"),
        ("We had no budget for it, we wrote the tool in Go later.", "Go"),
        # a coordinated verb with its own object
        ("The job runs without any config from the host and loads it from the Lua script.", "Lua"),
        # a negated adjective or noun phrase, not having or using
        ("It is not reliable to stick with Perl for this.", "Perl"),
        ("It is not possible to convert all the Scala classes to Java here.", "Java"),
        ("Calling it twice is not the best idea to write a parser I need in Rust.", "Rust"),
        ("The problem is not the Haskell compiler.", "Haskell"),
        # the negated verb's object is another noun; the name only says where it is
        ("Then you will not need an index in Clojure.", "Clojure"),
        ("I want not to use annotations at all in a Groovy class.", "Groovy"),
        ("Try not to call it, in the Erlang shell.", "Erlang"),
        # double negation: "not ... without" is a need
        ("The page may not render without TypeScript, or needs a token made in TypeScript.", "TypeScript"),
        ("You can't build the plugin without Maven.", "Maven"),
        # names that qualify a lower-case noun after the negation
        ("It is stored not as a Java system property but in a file.", "Java"),
        # a contrast in a parenthesis after a negated clause
        ("It has no support for macros (unlike Rust and Scala).", "Rust"),
        # an action after "without" is about that action
        ("The service restarts without reloading Nginx.", "Nginx"),
        # a parenthesis that names another thing ("Not DRF") says nothing of the name before it
        ("You know Django (not DRF) well.", "Django"),
    ],
)
def test_negation_scope_ends_where_it_should(text: str, word: str) -> None:
    assert not ctx(text, word).negated, text


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # postings and résumés keep their negations
        ("No prior experience with Elixir required.", "Elixir"),
        ("You don't need to know Scala for this role.", "Scala"),
        ("We don't use Perl anymore.", "Perl"),
        ("Candidates who do not have experience in Ruby need not apply.", "Ruby"),
        ("Please do not apply if you have experience with Mongo or Cassandra.", "Cassandra"),
        ("This is not required to know Haskell.", "Haskell"),
        ("You are not expected to know Rust on day one.", "Rust"),
        ("No java experience needed.", "java"),
        ("Not necessarily in C#.", "C#"),
        ("We have little or no documentation of the old system.", "documentation"),
        ("You will not be responsible for building machine learning models.", "machine learning"),
        ("We do not rely on Jenkins for releases.", "Jenkins"),
        ("This role is not eligible for remote work outside Ohio.", "remote work"),
        ("Auditing, rather than active software development.", "software development"),
        ("Built without some internal module like Redis.", "Redis"),
        ("The script ran without Python, so it failed.", "Python"),
        ("Written in plain SQL, not ORM code.", "ORM"),
        ("I have no knowledge about Python at all.", "Python"),
    ],
)
def test_negation_still_rules_out_what_it_governs(text: str, word: str) -> None:
    assert ctx(text, word).negated, text


def test_a_noun_the_negation_governs_must_be_the_whole_phrase() -> None:
    # "no documentation" rules documentation out; "no matlab function" is about a function
    assert ctx("There is no documentation.", "documentation").negated
    assert not ctx("There is no matlab function to do this.", "matlab").negated


def test_so_that_clause_limits_a_negation_after_the_subject() -> None:
    # "X is not required" negates the subject of its own clause, not a name before "so that"
    text = "I store the column as XML, so that this cast is not required."
    assert not ctx(text, "XML").negated
    assert ctx("Kotlin is not required.", "Kotlin").negated


def test_negation_scope_words_come_from_the_rules() -> None:
    # without the scope prepositions the negated verb reaches the name in the prepositional phrase
    text = "Then you will not need an index in Clojure."
    start = text.index("Clojure")
    rules = replace(load_rules(), scope_prepositions=frozenset())
    (context,) = annotate(text, [(start, start + 7)], rules=rules)
    assert context.negated
    assert not ctx(text, "Clojure").negated


def test_negation_objects_come_from_the_rules() -> None:
    # without the word list every negation before a skill rules it out, as a field's own rules may choose
    text = "There is no native Perl module for this."
    assert not ctx(text, "Perl").negated
    rules = replace(load_rules(), negation_objects=frozenset())
    start = text.index("Perl")
    (context,) = annotate(text, [(start, start + 4)], rules=rules)
    assert context.negated


@settings(deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab ,:()-–\n.", "but ", "While ", "Python ", " - ", "e.g. "]), max_size=60
    ).map("".join)
)
def test_comma_cuts_sentence_by_sentence_equal_a_whole_text_scan(text: str) -> None:
    # the comma cuts are read one sentence at a time, when a mention asks; they must be the cuts of a scan
    # of every sentence up front
    from skillmatch.context import _SUBCLAUSE, _Document, _Segments, _sentence_cuts
    from skillmatch.rules import load_rules

    if not text:
        return
    every = [(i, i + 1) for i in range(len(text))]
    doc = _Document(text, every, 2026, load_rules())
    sentences = _Segments(_sentence_cuts(text), len(text))
    bounds = sorted({sentences.around(p) for p in range(len(text))})
    ends = [m.end() for a, b in bounds for m in _SUBCLAUSE.finditer(text, a, b)]
    whole = _Segments(_sentence_cuts(text) + ends, len(text))
    for pos in range(len(text)):
        assert doc.subclauses.around(pos) == whole.around(pos), pos
