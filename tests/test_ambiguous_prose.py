"""Ambiguous language names in developer prose, and one-letter names that are labels (bundled taxonomy)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, found
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
    folder = tmp_path / "tax"
    folder.mkdir()
    text = (FIXTURES / "mini_taxonomy.yaml").read_text(encoding="utf-8")
    (folder / "taxonomy.yaml").write_text("rules: my_rules.yaml\n" + text, encoding="utf-8")
    (folder / "my_rules.yaml").write_text("language_cues: [kata]\ncode_words: [spreadsheet]\n", "utf-8")
    own = SkillMatcher(folder / "taxonomy.yaml")
    assert languages(own, "Every Rust kata passed.") == ["rust"]
    assert languages(own, code) == ["rust"]
    assert languages(own, "We solved the kata in Rust.") == ["rust"]  # a clause ends after "in Rust"
