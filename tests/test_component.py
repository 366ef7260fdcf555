"""The spaCy pipeline component in the default pipeline and in a user's own."""

from __future__ import annotations

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
