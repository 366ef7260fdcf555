"""The reader's sample of ``benchmarks/read_sample.py``: drawing, verdicts and intervals."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from read_sample import draw, read_labels, wilson


def test_draw_takes_size_keys_in_document_order_and_is_repeatable():
    keys = [("dice", d, s, s + 4, "java") for d in range(10) for s in (0, 10, 20)]
    sample = draw(keys, 7, seed=3)
    assert len(sample) == 7 == len(set(sample))
    assert sample == sorted(sample)
    assert set(sample) <= set(keys)
    assert draw(list(reversed(keys)), 7, seed=3) == sample  # the order keys come in does not matter
    assert draw(keys, 100, seed=3) == sorted(keys)  # fewer keys than asked: all of them


def test_wilson_interval_holds_the_proportion_and_stays_in_bounds():
    low, high = wilson(118, 120)
    assert low < 118 / 120 < high <= 1.0
    assert wilson(0, 10)[0] == 0.0
    assert wilson(10, 10)[1] == 1.0
    assert wilson(0, 0) == (0.0, 1.0)
    # more reads, a narrower interval
    assert wilson(900, 1000)[1] - wilson(900, 1000)[0] < wilson(9, 10)[1] - wilson(9, 10)[0]


def test_verdicts_are_read_by_key_and_an_unknown_verdict_is_named(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "corpus,doc,start,end,skill_id,verdict\nlinkedin,3,10,16,python,right\ndice,0,5,9,java,other\n",
        encoding="utf-8",
    )
    assert read_labels(path) == {
        ("linkedin", 3, 10, 16, "python"): "right",
        ("dice", 0, 5, 9, "java"): "other",
    }
    path.write_text("corpus,doc,start,end,skill_id,verdict\ndice,0,5,9,java,maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"'maybe'.*right, other, wrong"):
        read_labels(path)
    assert read_labels(tmp_path / "missing.csv") == {}
