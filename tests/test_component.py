"""The spaCy pipeline component in the default pipeline and in a user's own."""

from __future__ import annotations

import pandas as pd
import spacy

from skillmatch import SkillMatcher, make_nlp


def test_component_writes_spans(mini_taxonomy):
    nlp = make_nlp()
    comp = nlp.add_pipe("skillmatch", config={"fuzzy": True})
    comp.set_taxonomy(mini_taxonomy)
    doc = nlp("Go and Rust services on Postgress.")
    spans = doc.spans["skills"]
    assert [(s.text, s.label_) for s in spans] == [
        ("Go", "go"),
        ("Rust", "rust"),
        ("Postgress", "postgresql"),
    ]
    assert spans[2]._.skill_method == "fuzzy"
    assert 0.8 < spans[2]._.skill_score < 1


def test_component_in_a_plain_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("skillmatch", config={"spans_key": "tech"})
    doc = nlp("Django and PostgreSQL")
    assert [s.label_ for s in doc.spans["tech"]] == ["django", "postgresql"]


def test_user_pipeline_with_other_components(mini_taxonomy):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    m = SkillMatcher(mini_taxonomy, nlp=nlp)
    assert nlp.pipe_names == ["sentencizer", "skillmatch"]
    assert list(m.extract("We use Python. And Java.")["skill_id"]) == ["python", "java"]


def test_save_and_load_round_trip(tmp_path, mini_taxonomy):
    nlp = make_nlp()
    comp = nlp.add_pipe("skillmatch", config={"fuzzy_cutoff": 0.85, "fuzzy_allow": ["Kafkaesque"]})
    comp.set_taxonomy(mini_taxonomy)
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    text = "Go and Rust services, C#/.NET, Postgress; document the APIs."
    doc_before, doc_after = nlp(text), loaded(text)
    before = [(s.start_char, s.end_char, s.label_) for s in doc_before.spans["skills"]]
    after = [(s.start_char, s.end_char, s.label_) for s in doc_after.spans["skills"]]
    assert before == after and len(before) >= 6
    assert loaded.get_pipe("skillmatch").taxonomy.skills == mini_taxonomy.skills
    assert loaded.get_pipe("skillmatch").cfg["fuzzy_cutoff"] == 0.85
    assert loaded.get_pipe("skillmatch").cfg["fuzzy_allow"] == ["Kafkaesque"]


def test_bytes_round_trip(mini_taxonomy):
    nlp = make_nlp()
    nlp.add_pipe("skillmatch").set_taxonomy(mini_taxonomy)
    other = make_nlp()
    other.add_pipe("skillmatch")
    other.from_bytes(nlp.to_bytes())
    assert other.get_pipe("skillmatch").taxonomy.skills == mini_taxonomy.skills


def test_spans_carry_every_column_of_the_dataframe(matcher):
    """A user of nlp.pipe gets what a DataFrame user gets: same mentions, same fields."""
    texts = [
        "Requirements:\n- 5+ years of Python\n- expert in Kubernetes\nNice to have: Kafka. We don't use PHP.",
        "Jan 2018 - present: Java developer at ACME, Postgress and Spring Boot.",
    ]
    frame = matcher.extract(texts)
    columns = ["skill_id", "category", "method", "score", "requirement", "negated", "years", "proficiency"]
    rows = []
    for i, doc in enumerate(matcher.nlp.pipe(texts)):
        for span in doc.spans["skills"]:
            fields = [getattr(span._, c) for c in columns]
            rows.append((i, span.start_char, span.end_char, *fields))
    expected = [
        (r.doc_id, r.start, r.end, *[None if v is pd.NA else v for v in (getattr(r, c) for c in columns)])
        for r in frame.itertuples()
    ]
    assert rows == expected
    by_skill = {r[3]: r for r in rows}
    assert by_skill["python"][9] == 5.0 and by_skill["php"][8] is True
    assert by_skill["kafka"][7] == "preferred" and by_skill["postgresql"][5] == "fuzzy"


def test_component_context_can_be_switched_off(mini_taxonomy):
    nlp = make_nlp()
    nlp.add_pipe("skillmatch", config={"context": False}).set_taxonomy(mini_taxonomy)
    doc = nlp("Python is required.")
    span = doc.spans["skills"][0]
    assert (span._.requirement, span._.negated, span._.years) == ("unspecified", False, None)


def test_reference_year_makes_present_reproducible(mini_taxonomy):
    nlp = make_nlp()
    nlp.add_pipe("skillmatch", config={"reference_year": 2020}).set_taxonomy(mini_taxonomy)
    doc = nlp("Backend engineer, 2015 - present: Java")
    assert doc.spans["skills"][0]._.years == 5.0
    m = SkillMatcher(mini_taxonomy, reference_year=2030)
    assert m.extract("Backend engineer, 2015 - present: Java")["years"].iloc[0] == 15.0
