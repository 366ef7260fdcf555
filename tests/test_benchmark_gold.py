"""The SkillSpan scoring of ``benchmarks/accuracy.py``: which words' gold tags it sets aside."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from accuracy import gap_rates, gold_gaps
from datasets import Posting


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
