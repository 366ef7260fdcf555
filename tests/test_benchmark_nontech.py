"""The held-out pool of ``benchmarks/nontech.py``: texts first drawn by the later seeds."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from nontech import held_out, sample, verdicts_by_text


def test_held_out_texts_were_never_drawn_by_an_earlier_seed():
    texts = [f"posting {i}" for i in range(40)]
    docs = held_out(texts, [3, 4], first=3, size=10)
    earlier = set(sample(40, 1, 10)) | set(sample(40, 2, 10))
    later = set(sample(40, 3, 10)) | set(sample(40, 4, 10))
    assert docs == sorted(later - earlier)
    assert docs  # two samples of 10 out of 40 leave new postings for the later seeds


def test_held_out_counts_each_text_once_and_sets_aside_repeats_of_earlier_texts():
    # postings 0-19 repeat the text of postings 20-39: a text is held out only if no earlier sample
    # drew it under either number, and once however often the later samples draw it
    texts = [f"posting {i % 20}" for i in range(40)]
    docs = held_out(texts, [2], first=2, size=15)
    earlier = {texts[d] for d in sample(40, 1, 15)}
    assert all(texts[d] not in earlier for d in docs)
    assert len({texts[d] for d in docs}) == len(docs)
    assert {texts[d] for d in docs} == {texts[d] for d in sample(40, 2, 15)} - earlier


def test_seeds_below_the_first_held_out_seed_add_nothing():
    texts = [f"posting {i}" for i in range(30)]
    assert held_out(texts, [1, 2], first=3, size=10) == []


def test_a_verdict_holds_for_verbatim_copies_of_its_text_and_only_its_set():
    texts = ["Sell cloud software.", "Plan the testing of water.", "Sell cloud software."]
    labels = {
        ("google", 0, 5, 10, "cloud-computing"): "right",
        ("google", 1, 9, 16, "testing"): "wrong",
        ("house", 2, 5, 10, "cloud-computing"): "wrong",  # another set's document 2
        ("google", 7, 0, 4, "sql"): "wrong",  # a document number the set does not have
    }
    by_text = verdicts_by_text(labels, "google", texts)
    assert by_text == {
        ("Sell cloud software.", 5, 10, "cloud-computing"): "right",
        ("Plan the testing of water.", 9, 16, "testing"): "wrong",
    }
    # document 2 repeats document 0's text: the same match gets document 0's verdict
    assert by_text[(texts[2], 5, 10, "cloud-computing")] == "right"
