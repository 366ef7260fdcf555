"""The SkillSpan scoring of ``benchmarks/accuracy.py``: which words' gold tags it sets aside."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from accuracy import gap_rates, gold_gaps, reviewed, skillspan_scores
from datasets import Posting
from skillmatch import SkillMatcher


def _posting(*sentences: str) -> Posting:
    text = "\n".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    return Posting("dev", 0, text, spans)


def _words_at(post: Posting, starts: set[int]) -> list[str]:
    return [post.text[s:].split()[0] for s in sorted(starts)]


def test_word_after_an_abbreviation_with_or_without_its_full_stop() -> None:
    post = _posting("Tools ( e.g . Ansible Puppet ) and queues ( i.e Kafka )")
    assert _words_at(post, gold_gaps(post)) == ["Ansible", "Kafka"]


def test_first_word_of_a_sentence_after_a_full_stop() -> None:
    post = _posting("We like Python 3 .", "Airflow and Flask help", "Requirements", "Docker is used")
    # "Docker" follows a sentence that ends without a full stop: its tag is kept
    assert _words_at(post, gold_gaps(post)) == ["Airflow"]


def test_full_stop_inside_a_sentence_is_no_split_point() -> None:
    post = _posting("Use Java . Spring is a plus")
    assert gold_gaps(post) == set()


def test_gap_rates_count_untagged_technology_words_at_split_points() -> None:
    post = _posting("Know Flask and Airflow well", "Flask , Airflow are used .", "Airflow and Flask help")
    gap = min(gold_gaps(post))
    # every "Flask" and "Airflow" is tagged but the one after the full stop, as in the release
    post.knowledge = [
        (m.start(), m.end()) for m in re.finditer(r"Flask|Airflow", post.text) if m.start() != gap
    ]
    rates = gap_rates([post], [gold_gaps(post)])
    assert rates["technology words untagged, after a split point"] == "1 of 1 (1.00)"
    assert rates["technology words untagged, elsewhere"] == "0 of 5 (0.00)"


def test_reader_verdicts_raise_precision_only_for_asks_the_gold_misses() -> None:
    false = {
        ("skillspan-dev", 0, 0, 4, "java"): "body",
        ("skillspan-dev", 0, 9, 14, "agile"): "body",
        ("skillspan-dev", 1, 0, 6, "python"): "metadata",
        ("skillspan-dev", 1, 9, 12, "aws"): "body",
    }
    labels = {
        ("skillspan-dev", 0, 0, 4, "java"): "right",
        ("skillspan-dev", 0, 9, 14, "agile"): "other",
        ("skillspan-dev", 1, 0, 6, "python"): "right",
        # a verdict on a match the matcher no longer gives is not counted
        ("skillspan-dev", 2, 0, 4, "java"): "wrong",
    }
    out = reviewed(false, labels, {"all": 6, "body": 4})
    assert out["false matches read (annotated sentences)"] == "3 of 4: right 2, other 1, wrong 0"
    assert out["precision[annotated sentences], reader's verdicts: ask"] == 8 / 10
    assert out["precision[annotated sentences], reader's verdicts: sense"] == 9 / 10
    # the unread match counts as wrong
    assert out["false matches read (body sentences)"] == "2 of 3: right 1, other 1, wrong 0"
    assert out["precision[body sentences], reader's verdicts: ask"] == 5 / 7
    assert out["precision[body sentences], reader's verdicts: sense"] == 6 / 7


def test_scores_read_the_verdicts_of_the_false_matches(tmp_path: Path) -> None:
    folder = tmp_path / "skillspan" / "json"
    folder.mkdir(parents=True)
    tokens = "We use Python and Kafka daily".split()
    tags = ["O", "O", "B", "O", "O", "O"]
    row = {"source": "tech", "idx": 7, "tokens": tokens, "tags_knowledge": tags, "tags_skill": ["O"] * 6}
    (folder / "dev.json").write_text(json.dumps(row) + "\n", encoding="utf-8")
    review = tmp_path / "verdicts.csv"
    start = len("We use Python and ")
    review.write_text(
        f"corpus,doc,start,end,skill_id,verdict\nskillspan-dev,7,{start},{start + 5},kafka,right\n",
        encoding="utf-8",
    )
    out = skillspan_scores(SkillMatcher(), tmp_path, ("dev",), 0, review=review)
    assert out["true / false matches, annotated sentences"] == "1 / 1"
    assert out["false matches read (annotated sentences)"] == "1 of 1: right 1, other 0, wrong 0"
    assert out["precision[annotated sentences], reader's verdicts: ask"] == 1.0
    review.write_text("corpus,doc,start,end,skill_id,verdict\n", encoding="utf-8")
    out = skillspan_scores(SkillMatcher(), tmp_path, ("dev",), 0, review=review)
    assert out["precision[annotated sentences], reader's verdicts: ask"] == 0.5
