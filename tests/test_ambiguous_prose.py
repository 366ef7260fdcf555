"""Ambiguous language names in developer prose, and one-letter names that are labels (bundled taxonomy)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, found, taxonomy_with_rules
from skillmatch import SkillMatcher


def languages(matcher, text):
    """The ids of the languages found in ``text`` (negated mentions included: the name is still there)."""
    frame = matcher.extract(text)
    return list(frame.loc[frame["category"] == "languages", "skill_id"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a language cue right after the name, whatever its case
        ("I wrote a quick perl script that renames the photos.", ["perl"]),
        ("The ruby files are loaded twice after the upgrade.", ["ruby"]),
        ("Those C macros expand before the compiler sees them.", ["c"]),
        ("Where is the c code that opens the socket?", ["c"]),
        ("Is there a bash function that trims the output?", ["bash"]),
        ("The JSON parser is C-based and small.", ["c"]),
        # a version number after the name as the language writes it
        ("After moving to Swift 5.9 the warnings went away.", ["swift"]),
    ],
)
def test_a_cue_or_a_version_after_the_name(matcher, text, expected):
    assert languages(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a code word in the sentence
        ("Why does Ruby treat this variable as a constant?", ["ruby"]),
        # a code-like token in the sentence
        ("Calling get_items() from Rust returns an empty list.", ["rust"]),
        ("The helper parseRow converts each line when Julia reads it.", ["julia"]),
        # another technology in the sentence
        ("We moved the importer from Python to Ruby last spring.", ["python", "ruby"]),
        # at the start of a sentence, a verb after the name makes it the subject
        ("Ruby has no separate integer type for small values.", ["ruby"]),
        ("Go is statically typed, so the compiler catches this.", ["go"]),
    ],
)
def test_a_name_in_a_sentence_about_code(matcher, text, expected):
    assert languages(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Go ahead and run the code again.",  # an imperative opens the sentence
        "Go to the settings page and paste the code there.",
        "The crew will test and Go Live with the new code on Monday.",  # a capitalised word follows
        "Our Crystal Reports templates use one function per page.",
        "Taylor Swift tickets went on sale this morning.",  # nothing about code
        "The hull was covered in rust when the code inspector came.",  # lower case, no clause end
        "Clearance: TS/SCI with an active polygraph; Python code review.",  # an alias, not the name
        "Payment files in SWIFT format must reach the bank by noon with the code.",  # capitals not the name's
    ],
)
def test_ordinary_words_stay_out(matcher, text):
    assert languages(matcher, text) in ([], ["python"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How do I read a fixed-width file in R?", ["r"]),  # a clause ends after "in R"
        ("how do I split a string in r?", ["r"]),  # lower case: the sentence speaks of code
        ("how do I get there in r?", []),  # lower case without code: nothing
        ("Is reading past the array undefined behaviour in c?", ["c"]),
    ],
)
def test_a_name_closing_a_clause(matcher, text, expected):
    assert languages(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We engage C-level executives and their teams.", []),  # hyphened to a word
        ("Benefits: Zone C: $120,000 - $150,000.", []),  # before a colon
        ("Support for SAP R/3 migrations and A/R automation.", []),  # slashed to a number or a letter
        ("Pick option A, B or C and explain it in Java.", ["java"]),  # letters labelling options
        ("The R & D group meets on Fridays; they write Python.", ["python"]),
        ("Series-C startup, hiring now.", []),
        ("You must be (a) a citizen, (b) a resident or (C) eligible; write Python.", ["python"]),  # brackets
        ("Strong C/C++ skills and embedded Linux.", ["c", "cpp"]),  # slashed to a technology
        ("A strong background in R and Python is required.", ["r", "python"]),  # "A" is the article
        ("Experience with R and C on Unix.", ["r", "c"]),  # two names, not labels
    ],
)
def test_one_letter_names_that_are_labels(matcher, text, expected):
    assert languages(matcher, text) == expected


def test_lower_case_letters_need_a_language_place(matcher):
    # an enumeration's "c)" is no language, whatever follows it
    assert languages(matcher, "a) pointers b) kernels c) systems programming") == []
    assert languages(matcher, "this c program leaks memory") == ["c"]
    assert languages(matcher, "Vitamin c tablets, twice a day") == []


def test_ambiguous_names_in_ordinary_postings_stay_out(matcher):
    posting = (
        "Store Associate\n"
        "Go the extra mile for every customer.\n"
        "Keep the ruby and emerald displays tidy; report rust on the shelves.\n"
        "Swift replies matter: we answer fast.\n"
        "Plan A, B or C: you choose your shift."
    )
    assert found(matcher.extract(posting)) == []


def test_a_taxonomy_brings_its_own_language_and_code_words(tmp_path):
    # "kata" and "spreadsheet" are neither a language cue nor a code word in the bundled rules
    code = "The team said Rust beat the spreadsheet."
    bundled = SkillMatcher(FIXTURES / "mini_taxonomy.yaml")
    assert languages(bundled, "Every Rust kata passed.") == []
    assert languages(bundled, code) == []
    folder = taxonomy_with_rules(tmp_path, "language_cues: [kata]\ncode_words: [spreadsheet]\n")
    own = SkillMatcher(folder / "taxonomy.yaml")
    assert languages(own, "Every Rust kata passed.") == ["rust"]
    assert languages(own, code) == ["rust"]
    assert languages(own, "We solved the kata in Rust.") == ["rust"]  # a clause ends after "in Rust"


def skills(matcher, text):
    """The ids of every skill found in ``text`` (negated mentions included)."""
    return list(matcher.extract(text)["skill_id"])


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        # a library's or a language's container holds beans or values, not software images
        ("Register the bean in the Spring container before startup.", "containers", "spring"),
        ("The Java EE container starts a thread pool per application.", "containers", "jakarta-ee"),
        ("Use an STL container such as a vector for the results.", "containers", "cpp-standard-library"),
        # signing in and out is not the logging skill
        ("The page keeps logging users out after an hour.", "logging", None),
        ("Users logging in with their badge see the dashboard.", "logging", None),
        # a name glued to the rest of an identifier is code
        ("Set android:layout_width on the view.", "android", None),
        ("Run mvn jaxb2:generate before the build.", "jakarta-ee", None),
        ("The mysql_connect call is deprecated.", "mysql", None),
        ("It deletes the Elixir.Blank.List.beam files.", "elixir", None),
        # a program's name before a command-line option
        ("Start it with java -jar server.jar on the box.", "java", None),
        # a lower-case name between a definite determiner and an identifier noun
        ("The markup is kept in the html variable until render.", "html", None),
        ("Append the clause to the query's sql property.", "sql", None),
    ],
)
def test_other_senses_in_developer_prose(matcher, text, absent, present):
    found_ids = skills(matcher, text)
    assert absent not in found_ids, text
    if present:
        assert present in found_ids, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the skill where the qualifier is of another kind, or where the word is the skill
        ("Experience with Linux containers and Kubernetes.", "containers"),
        ("We ship NGC containers to the GPU servers.", "containers"),
        ("Implement logging in production services.", "logging"),
        ("Structured logging with Python is a plus.", "logging"),
        # a full stop run on into the next sentence is no member access
        ("Experience with Python.Strong communication skills.", "python"),
        ("Experience with Node.JS.Knowledge of Angular is a plus.", "nodejs"),
        # a bullet after a name is no command-line option
        ("Good communication skills -Excellent writing", "communication"),
        # plural, own case or indefinite: the language or the format
        ("My php variables are set like this.", "php"),
        ("Pass the SQL parameter to the procedure.", "sql"),
        ("Parse a json attribute from the response.", "json"),
        ("Leadership in the analytics field.", "data-analysis"),
    ],
)
def test_the_skill_stays_where_the_word_is_the_skill(matcher, text, expected):
    assert expected in skills(matcher, text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The table lives in a Visual FoxPro9 database file.", "foxpro"),
        ("The old FoxPro app still runs the billing.", "foxpro"),
        ("VB2010 shows a form where the user types a number.", "visual-basic"),
        ("This only works in c languages with a preprocessor.", "c"),
    ],
)
def test_language_names_of_developer_prose(matcher, text, expected):
    assert expected in skills(matcher, text), text


def test_a_glued_version_needs_the_case_of_a_case_sensitive_name(matcher):
    # "VB2010" is Visual Basic; "vb2010" in lower case is no name, and acronyms of other kinds with a
    # number ("WP7", "CI4") are other names
    assert "visual-basic" not in skills(matcher, "the vb2010 folder is empty")
    assert skills(matcher, "A WP7 app built with CI4.") == []


def test_stl_needs_a_cue_of_cpp(matcher):
    # STL is also a city's code ("St. Louis")
    assert "cpp-standard-library" not in skills(matcher, "Based in the STL area, hybrid schedule.")
    assert "cpp-standard-library" in skills(matcher, "Experience with STL and modern C++.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a case-sensitive name in lower case, listed between lower-case technologies
        ("stack: kotlin, postgres, rest, terraform", ["kotlin", "postgresql", "rest-api", "terraform"]),
        # two listed on one side are enough, at either end of the list
        ("we like ruby, redis and rest", ["ruby", "redis", "rest-api"]),
        ("ci, jenkins, gradle", ["continuous-integration", "jenkins", "gradle"]),
        # a line of its own holding tags separated by spaces only
        ("Tags\nvue rest graphql\nAbout the job", ["vue", "rest-api", "graphql"]),
    ],
)
def test_lower_case_names_in_a_lower_case_list(matcher, text, expected):
    assert sorted(found(matcher.extract(text))) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("After lunch the rest of us reviewed the kotlin, postgres code.", "rest-api"),
        ("kotlin and rest", "rest-api"),  # one listed neighbour is not a list of technologies
        ("Good food, rest, and a kotlin meetup.", "rest-api"),
        ("You bring solid kotlin skills and postgres tuning.", "solid-principles"),  # no list glue between
        ("We make kotlin, postgres and terraform easy to use.", "make"),
        ("stack: Kotlin, Postgres, rest, Terraform", "rest-api"),  # the list is not written in lower case
    ],
)
def test_lower_case_names_outside_a_list_stay_out(matcher, text, absent):
    assert absent not in found(matcher.extract(text))
