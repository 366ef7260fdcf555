"""Streaming readers and writers: every record comes back once, in order, whatever the chunk size.

Generated texts leave out a bare carriage return: pandas writes it unquoted, which makes a CSV line end.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatch.batch import BatchOptions, MatcherConfig, run_batch
from skillmatch.errors import InputError
from skillmatch.io import ROW, TableSpec, atomic_path, count_records, iter_chunks, protect_formulas

MINI = str(Path(__file__).parent / "fixtures" / "mini_taxonomy.yaml")

cell = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=40),
)


def _roundtrip(path: Path, spec: TableSpec, size: int) -> pd.DataFrame:
    chunks = list(iter_chunks(spec, size))
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert all(c.n_records <= size for c in chunks)
    return pd.concat([c.frame for c in chunks]) if chunks else pd.DataFrame()


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(cell, min_size=1, max_size=25),
    size=st.integers(1, 7),
    fmt=st.sampled_from(["csv", "tsv", "jsonl"]),
)
def test_every_record_read_once_in_order(tmp_path_factory, texts, size, fmt) -> None:
    path = tmp_path_factory.mktemp("io") / f"in.{fmt}"
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(texts))], "text": texts})
    if fmt == "jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_csv(path, sep="," if fmt == "csv" else "\t", index=False)
    got = _roundtrip(path, TableSpec(str(path), ("text",), "id"), size)
    assert got.index.name == ROW and got.index.tolist() == list(range(len(texts)))
    assert got["id"].tolist() == frame["id"].tolist()
    # CSV cannot tell an empty string from a missing value: both read as missing, i.e. an empty document
    expected = [t if t else None for t in texts] if fmt != "jsonl" else texts
    assert [None if pd.isna(v) else v for v in got["text"]] == expected


def test_parquet_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pd.DataFrame({"text": [f"Python {i}" for i in range(23)], "other": range(23)}).to_parquet(path)
    chunks = list(iter_chunks(TableSpec(str(path), ("text",), keep_columns=("other",)), 5))
    assert [c.n_records for c in chunks] == [5, 5, 5, 5, 3]
    assert pd.concat([c.frame for c in chunks])["other"].tolist() == list(range(23))
    assert count_records(TableSpec(str(path), ("text",))) == 23


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"text\nPython\nGo\n")))
    chunks = list(iter_chunks(TableSpec("-", ("text",)), 10))
    assert chunks[0].frame["text"].tolist() == ["Python", "Go"]


def test_header_errors(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match=r"column 'text' is not in .*its columns are: a, b"):
        list(iter_chunks(TableSpec(str(path), ("text",)), 10))
    with pytest.raises(FileNotFoundError, match="no such input file"):
        list(iter_chunks(TableSpec(str(tmp_path / "nope.csv"), ("text",)), 10))
    with pytest.raises(ValueError, match="valid suffixes"):
        list(iter_chunks(TableSpec(str(tmp_path / "in.xlsx"), ("text",)), 10))
    with pytest.raises(ValueError, match="unknown encoding"):
        list(iter_chunks(TableSpec(str(path), ("a",), encoding="klingon"), 10))


def test_bom_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes("\ufefftext\nPython\n\nGo\n".encode())
    chunks = list(iter_chunks(TableSpec(str(path), ("text",)), 10))
    assert chunks[0].frame["text"].tolist() == ["Python", "Go"]


def test_huge_field_is_read(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    pd.DataFrame({"text": ["Python " * 100_000]}).to_csv(path, index=False)  # beyond csv's default limit
    chunks = list(iter_chunks(TableSpec(str(path), ("text",)), 10))
    assert len(chunks[0].frame["text"].iloc[0]) == 700_000


def test_protect_formulas_leaves_numbers_and_missing() -> None:
    frame = pd.DataFrame({"a": ["=1", "+x", "@SUM", "-2", "ok", None], "n": [1, 2, 3, 4, 5, 6]})
    out = protect_formulas(frame)
    assert out["a"].tolist()[:5] == ["'=1", "'+x", "'@SUM", "'-2", "ok"]
    assert out["a"].isna().tolist()[5] and out["n"].tolist() == [1, 2, 3, 4, 5, 6]


def test_atomic_path_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")

    def crash() -> None:
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("crash")

    with pytest.raises(RuntimeError):
        crash()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_run_batch_accounts_for_every_row(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b'text\nPython\n\n""\nJava,extra\n   \nGo and Rust services\n')
    out = tmp_path / "cov.csv"
    summary = run_batch(
        "coverage",
        TableSpec(str(path), ("text",)),
        str(out),
        config=MatcherConfig(MINI),
        options=BatchOptions(chunk_size=2, on_error="skip"),
    )
    assert summary.rows_read == summary.rows_scored + summary.rows_rejected == 5
    assert summary.rows_rejected == 1 and summary.rejected_by_reason == {"field count": 1}
    assert summary.rows_empty == 2
    frame = pd.read_csv(out)
    assert frame["row"].tolist() == [0, 1, 3, 4]
    assert frame["empty"].tolist() == [False, True, True, False]


def test_progress_bar_on_request_and_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    pd.DataFrame({"text": ["Python"] * 30}).to_csv(path, index=False)
    assert count_records(TableSpec(str(path), ("text",))) == 30
    summary = run_batch(
        "extract",
        TableSpec(str(path), ("text",)),
        str(tmp_path / "out.jsonl"),
        config=MatcherConfig(MINI),
        options=BatchOptions(chunk_size=7, progress=True),
    )
    err = capsys.readouterr().err
    assert "30/30" in err and "rows" in err
    assert summary.chunks == 5 and summary.output_rows == 30
    assert any("rows read: 30" in line for line in summary.lines())


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet"])
def test_a_lone_surrogate_in_a_kept_cell_is_written_as_a_replacement_character(tmp_path, fmt):
    from skillmatch.io import write_table

    frame = pd.DataFrame({"id": ["a", "b"], "text": pd.Series(["Python \ud800 Java", "plain"], dtype=object)})
    path = tmp_path / f"out.{fmt}"
    write_table(frame, path)
    back = pd.read_parquet(path) if fmt == "parquet" else None
    if back is None:
        raw = path.read_text(encoding="utf-8")
        assert "Python \ufffd Java" in raw and "plain" in raw
    else:
        assert back["text"].tolist() == ["Python \ufffd Java", "plain"]
