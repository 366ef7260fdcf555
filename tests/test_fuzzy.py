"""Typos and spelling variants: what is corrected, what never is, and the evidence a correction needs."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import found
from skillmatch import ConfigError, SkillMatcher, load_taxonomy
from skillmatch.fuzzy import TypoIndex, edit_budget, fold, similarity

TAXONOMY = """\
name: typos
version: "0.1.0"
categories:
  languages: Languages
  tools: Tools
skills:
  - {id: python, name: Python, category: languages}
  - {id: scala, name: Scala, category: languages}
  - {id: kotlin, name: Kotlin, category: languages}
  - {id: jenkins, name: Jenkins, category: tools}
  - {id: docker, name: Docker, category: tools}
  - {id: maven, name: Maven, category: tools}
  - {id: gradle, name: Gradle, category: tools}
  - {id: kubernetes, name: Kubernetes, category: tools}
  - {id: postgresql, name: PostgreSQL, aliases: [Postgres], category: tools}
  - {id: rabbitmq, name: RabbitMQ, category: tools}
  - {id: spring, name: Spring, ambiguous: [Spring], context: [java, beans], category: tools}
  - {id: spring-boot, name: Spring Boot, category: tools}
  - {id: figma, name: Figma, category: tools}
  - {id: hipaa, name: HIPAA, category: tools}
  - {id: sentry, name: Sentry, category: tools}
  - {id: senty, name: Sentx, category: tools}
  - {id: crystal, name: Crystal, ambiguous: [Crystal], category: languages}
  - {id: elasticsearch, name: Elasticsearch, category: tools}
"""


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory):
    path = tmp_path_factory.mktemp("typos") / "typos.yaml"
    path.write_text(TAXONOMY, encoding="utf-8")
    return load_taxonomy(path)


@pytest.fixture(scope="module")
def m(taxonomy):
    return SkillMatcher(taxonomy, context=False)


def skills(matcher, text):
    return found(matcher.extract(text))


# -- what people type ----
def test_a_swapped_pair_in_a_six_letter_name_is_found(m):
    frame = m.extract("We need strong Pyhton skills.")
    row = frame.iloc[0]
    assert (row.skill_id, row.text, row.method) == ("python", "Pyhton", "fuzzy")
    assert row.score == pytest.approx(1 - 1 / 6, abs=1e-3)  # one edit over six letters


def test_a_wrong_letter_in_a_seven_letter_name_is_found(m):
    frame = m.extract("Experience with Jenkens is required.")
    assert list(frame["skill_id"]) == ["jenkins"]
    assert frame.iloc[0].score == pytest.approx(1 - 1 / 7, abs=1e-3)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Clusters run on Kubarnetes.", "kubernetes"),  # wrong letter, long name: no context needed
        ("We store everything in Postgers.", "postgresql"),  # swap in an alias
        ("Nodes run Kuberntes in production.", "kubernetes"),
        ("Experience with Dcoker and Kotiln.", "docker"),  # a short name confirmed by a list
        ("Builds use Maven or Graddle.", "gradle"),  # a doubled letter
        ("Search is powered by Elasticsearh.", "elasticsearch"),  # a dropped letter
        ("Messages go over Rabbbit MQ.", "rabbitmq"),  # a split name with a typo in one half
        ("Services in Sprng Boot.", "spring-boot"),
        ("Compliance with HIPPA and HIPAA audits.", "hipaa"),  # an acronym misspelt in capitals
    ],
)
def test_misspellings(m, text, skill):
    assert skill in skills(m, text)


def test_the_row_holds_the_text_as_written_and_offsets_into_it(m):
    text = "Experience with Rabit MQ, Kotlin and Dcoker."
    frame = m.extract(text)
    assert set(frame["skill_id"]) == {"rabbitmq", "kotlin", "docker"}
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text
    assert set(frame.loc[frame["method"] == "fuzzy", "text"]) == {"Rabit MQ", "Dcoker"}


# -- what never becomes a skill ----
@pytest.mark.parametrize(
    "text",
    [
        "The function returns a scalar value.",  # English, one edit from Scala
        "The workshop sparks new ideas.",
        "Applicants need a grade point average of 3.0.",  # English, Gradle
        "The mavens of retail gathered in Chicago.",  # the plural of the English word, not Maven
        "Our docket of cases is full.",  # English, Docker
        "Justice Scalia wrote the opinion.",  # a surname next to nothing technical
        "Please contact Mr. Jenkin in HR.",  # a surname: a name does not inflect
        "Our Dockers enjoy a hybrid workplace.",  # a company's staff
        "Systems must comply with FISMA.",  # an acronym, not Figma
        "La sécurité des données.",  # a word of another language
    ],
)
def test_ordinary_words_are_never_corrected(m, text):
    assert skills(m, text) == []


def test_a_typo_of_an_ambiguous_name_needs_the_same_evidence_as_the_name(m):
    # the name itself: kept with a context word ("beans"), not without
    assert skills(m, "We met in Spring and again in autumn.") == []
    assert skills(m, "Dependency injection with Spring beans.") == ["spring"]
    # its typo: the same
    assert skills(m, "We met in Sprnig and again in autumn.") == []
    assert skills(m, "Dependency injection with Sprnig beans.") == ["spring"]
    assert skills(m, "A Crystl vase.") == []


def test_a_technical_document_does_not_confirm_a_typo(m):
    # a text naming several technologies confirms an ambiguous name written as the technology writes it, but
    # not a word a letter away from one: there it is more often another name (a bank, a staffing firm)
    stack = " Our stack: Python, Scala and Kotlin."
    assert skills(m, "We met at the Crystal bar." + stack) == ["crystal", "python", "scala", "kotlin"]
    assert skills(m, "We met at the Crystl bar." + stack) == ["python", "scala", "kotlin"]
    # the typo still counts with a context word
    assert "spring" in skills(m, "Dependency injection with Sprnig beans." + stack)


def test_two_skills_equally_close_leave_the_token_alone(m):
    # "Sentrx" is one edit from Sentry and one from Sentx
    assert skills(m, "Errors are tracked in Sentrx and Kubernetes.") == ["kubernetes"]


# -- options ----
def test_fuzzy_false_turns_typos_off(taxonomy):
    off = SkillMatcher(taxonomy, fuzzy=False, context=False)
    assert skills(off, "Clusters run on Kubarnetes with Pyhton.") == []


def test_the_cutoff_is_on_the_documented_similarity(taxonomy):
    strict = SkillMatcher(taxonomy, fuzzy_cutoff=0.85, context=False)
    # Kubarnetes: 1 - 1/10 = 0.9 is kept; Pyhton: 1 - 1/6 = 0.833 is not
    assert skills(strict, "Kubarnetes and Pyhton skills.") == ["kubernetes"]


def test_the_allow_list_names_words_that_are_never_corrected(taxonomy):
    own = SkillMatcher(taxonomy, fuzzy_allow=["Kubarnetes"], context=False)
    assert skills(own, "Clusters run on Kubarnetes.") == []
    with pytest.raises(ConfigError, match="fuzzy_allow"):
        SkillMatcher(taxonomy, fuzzy_allow=["ok", "--"])


# -- bad input ----
def test_a_very_long_nonsense_token_and_a_page_of_random_letters(m):
    rng = random.Random(7)
    token = "".join(rng.choice(string.ascii_lowercase) for _ in range(100_000))
    page = " ".join(
        "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(3, 12))) for _ in range(3000)
    )
    assert skills(m, token) == []
    frame = m.extract(page)
    assert all(frame["method"].isin(["exact", "lemma", "fuzzy", "pattern"]))


# -- the pieces ----
def test_fold_similarity_and_budget():
    assert fold("Node.js") == "nodejs" and fold("Élixir") == "elixir"
    assert similarity("Pyhton", "Python") == 0.833  # a swap is one edit
    assert similarity("Mongo DB", "MongoDB") == 1.0
    assert [edit_budget(n) for n in (4, 5, 10, 11)] == [0, 1, 1, 2]


def test_lookups_are_cached_per_distinct_word(taxonomy):
    index = TypoIndex((s.id, f, True, False) for s in taxonomy for f in s.surface_forms)
    first = index.lookup("pyhton")
    assert first is not None and first.skill_ids == ("python",)
    assert index.lookup("pyhton") is first


WORDS = st.text(alphabet=string.ascii_letters, min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(word=WORDS)
def test_a_correction_is_within_budget_and_above_the_cutoff(taxonomy, word):
    index = TypoIndex(((s.id, f, True, False) for s in taxonomy for f in s.surface_forms), cutoff=0.8)
    fix = index.lookup(word)
    if fix is None:
        return
    assert not index.is_known(word)
    assert 0.8 <= fix.score < 1.0
    edits = round((1 - fix.score) * max(len(fold(word)), len(fix.form)))
    assert 1 <= edits <= edit_budget(min(len(fold(word)), len(fix.form)))
    assert fold(word)[0] in fix.form[:2]
