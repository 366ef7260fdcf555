"""Batch data safety: the command line never overwrites, merges, mixes or invents rows, and every error is a
message with a documented exit code (never a traceback)."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import skillmatch.batch
from skillmatch.cli import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_RESUME, EXIT_USAGE, cli
from skillmatch.io import TableSpec, count_records, write_frame

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini_taxonomy.yaml")

TEXTS = [
    "We need Python and PostgreSQL. Docker is a plus.",
    "Spring Boot, Java and MySQL; no PHP.",
    "",
    "Go services with goroutines.",
    "Django and Postgres on Linux.",
    "Sell things to customers.",
]


def run(*args: str, input: bytes | str | None = None):
    """The command line in-process with the small taxonomy; a traceback fails the test."""
    args_list = [*args, "--taxonomy", MINI] if args[0] != "taxonomy" else list(args)
    result = CliRunner().invoke(cli, args_list, input=input, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def postings(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    pd.DataFrame({"id": [f"p{i}" for i in range(len(TEXTS))], "text": TEXTS}).to_csv(path, index=False)
    return path


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- 1, 2: outputs never replace an input or each other ----------------------------------------------------


def test_output_equal_to_input_is_refused(postings: Path) -> None:
    before = postings.read_bytes()
    result = run("extract", str(postings), "-t", "text", "-o", str(postings))
    assert result.exit_code == EXIT_USAGE
    assert "is the input" in result.output and "another output" in result.output
    assert postings.read_bytes() == before


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_output_linked_to_input_is_refused(postings: Path, tmp_path: Path, link: str) -> None:
    alias = tmp_path / "alias.csv"
    if link == "symlink":
        alias.symlink_to(postings)
    else:
        os.link(postings, alias)
    before = postings.read_bytes()
    result = run("extract", str(postings), "-t", "text", "-o", str(alias))
    assert result.exit_code == EXIT_USAGE and "is the input" in result.output
    assert postings.read_bytes() == before


def test_side_files_equal_to_an_input_are_refused(postings: Path, tmp_path: Path) -> None:
    jobs = tmp_path / "jobs.csv"
    postings_bytes = postings.read_bytes()
    jobs.write_bytes(postings_bytes)
    out = str(tmp_path / "pairs.csv")
    cases = [
        ["match", "--resumes", str(postings), "--jobs", str(jobs), "-t", "text", "-o", str(jobs)],
        [
            "match",
            "--resumes",
            str(postings),
            "--jobs",
            str(jobs),
            "-t",
            "text",
            "-o",
            out,
            "--report",
            str(jobs),
        ],
        ["extract", str(postings), "-t", "text", "-o", out, "--rejects", str(postings)],
    ]
    for args in cases:
        result = run(*args)
        assert result.exit_code == EXIT_USAGE, args
        assert "input" in result.output
    assert jobs.read_bytes() == postings_bytes and postings.read_bytes() == postings_bytes
    assert not Path(out).exists()


def test_two_outputs_on_one_path_are_refused(postings: Path, tmp_path: Path) -> None:
    same = tmp_path / "same.csv"
    result = run("extract", str(postings), "-t", "text", "-o", str(same), "--rejects", str(same))
    assert result.exit_code == EXIT_USAGE and "same file" in result.output
    result = run(
        "match", "--resumes", str(postings), "--jobs", str(postings), "-t", "text", "-o", str(same),
        "--report", str(same),
    )  # fmt: skip
    assert result.exit_code == EXIT_USAGE and "same file" in result.output
    assert not same.exists()


# -- 3: an unclosed quote is a malformed record, not one giant text ------------------------------------------


def _unclosed(tmp_path: Path) -> Path:
    path = tmp_path / "unclosed.csv"
    path.write_text('id,text\n0,Python\n1,"Python and Django\n2,Java\n3,Go\n4,Rust\n', encoding="utf-8")
    return path


def test_unclosed_quote_fails_naming_the_line_where_it_opened(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run("extract", str(_unclosed(tmp_path)), "-t", "text", "--id-column", "id", "-o", str(out))
    assert result.exit_code == EXIT_INPUT
    assert "line 3" in result.output and "quote" in result.output
    assert not out.exists()


def test_unclosed_quote_skipped_lists_its_lines(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run(
        "extract",
        str(_unclosed(tmp_path)),
        "-t",
        "text",
        "--id-column",
        "id",
        "-o",
        str(out),
        "--on-error",
        "skip",
    )
    assert result.exit_code == 0, result.output
    rejects = pd.read_csv(tmp_path / "out.rejected.csv")
    assert rejects["line"].tolist() == [3] and rejects["reason"].tolist() == ["malformed"]
    assert "line 3 to line 6" in rejects["message"].iloc[0]
    assert pd.read_csv(out)["doc_id"].tolist() == [0]


def test_stray_quote_closed_later_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    # the quote opened on line 3 closes inside line 5's quoted field, followed by text: not a CSV record
    path.write_text('id,text\n0,Python\n1,"Django\n2,Java\n3,"Go"\n4,Rust\n', encoding="utf-8")
    result = run(
        "extract",
        str(path),
        "-t",
        "text",
        "--id-column",
        "id",
        "-o",
        str(tmp_path / "o.csv"),
        "--on-error",
        "skip",
    )
    assert result.exit_code == 0, result.output
    rejects = pd.read_csv(tmp_path / "o.rejected.csv")
    assert rejects["line"].tolist()[0] == 3
    frame = pd.read_csv(tmp_path / "o.csv")
    assert 0 in set(frame["doc_id"]) and "rows read: 1" not in result.stderr


def test_a_quoted_field_past_the_line_limit_is_malformed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("skillmatch.io.MAX_RECORD_LINES", 3)
    path = tmp_path / "in.csv"
    path.write_text('id,text\n0,"a\nb"\n1,"a\nb\nc\nd\ne"\n2,Go\n', encoding="utf-8")
    result = run("extract", str(path), "-t", "text", "--id-column", "id", "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == EXIT_INPUT and "line 4" in result.output and "3 lines" in result.output


# -- 4: --resume refuses a changed input --------------------------------------------------------------------


def _interrupt_second_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = skillmatch.batch.score_chunk
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(skillmatch.batch, "score_chunk", flaky)


def test_resume_refuses_an_edited_document_in_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    with monkeypatch.context() as m:
        _interrupt_second_chunk(m)
        result = run("extract", str(folder), "-o", str(out), "--chunk-size", "2")
    assert result.exit_code == EXIT_INTERRUPTED
    (folder / "5.txt").write_text("Now Rust and Python, a longer text.", encoding="utf-8")
    result = run("extract", str(folder), "-o", str(out), "--chunk-size", "2", "--resume")
    assert result.exit_code == EXIT_RESUME
    assert "'5.txt'" in result.output and "changed" in result.output and "mtime" not in result.output
    assert not out.exists()


def test_resume_refuses_a_file_edited_in_place(
    postings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.csv"
    with monkeypatch.context() as m:
        _interrupt_second_chunk(m)
        assert (
            run("extract", str(postings), "-t", "text", "-o", str(out), "--chunk-size", "2").exit_code == 130
        )
    stat = postings.stat()
    data = postings.read_bytes()
    postings.write_bytes(data.replace(b"Python", b"Kotlin"))  # same size
    os.utime(postings, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same modification time
    result = run("extract", str(postings), "-t", "text", "-o", str(out), "--chunk-size", "2", "--resume")
    assert result.exit_code == EXIT_RESUME and "was changed" in result.output
    assert "mtime" not in result.output


def test_resume_of_an_unchanged_input_completes(
    postings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, clean = tmp_path / "out.csv", tmp_path / "clean.csv"
    assert run("extract", str(postings), "-t", "text", "-o", str(clean)).exit_code == 0
    with monkeypatch.context() as m:
        _interrupt_second_chunk(m)
        assert (
            run("extract", str(postings), "-t", "text", "-o", str(out), "--chunk-size", "2").exit_code == 130
        )
    result = run("extract", str(postings), "-t", "text", "-o", str(out), "--chunk-size", "2", "--resume")
    assert result.exit_code == 0, result.output
    assert "resumed: 1 of 3 chunks" in result.stderr
    assert out.read_bytes() == clean.read_bytes()


# -- 5: every cell a reader could split is quoted -----------------------------------------------------------

cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(cells, cells), min_size=1, max_size=6), fmt=st.sampled_from(["csv", "tsv"]))
def test_written_cells_round_trip_through_csv_and_pandas(rows: list[tuple[str, str]], fmt: str) -> None:
    frame = pd.DataFrame(rows, columns=["a", "b"], dtype=object)
    buffer = io.StringIO()
    write_frame(frame, buffer, fmt, protect=False, header=True)
    text = buffer.getvalue()
    sep = "," if fmt == "csv" else "\t"
    parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    assert parsed[1:] == [list(r) for r in rows]
    back = pd.read_csv(io.StringIO(text, newline=""), sep=sep, dtype=str, keep_default_na=False)
    assert back.values.tolist() == [list(r) for r in rows]


def test_carriage_return_in_a_kept_cell_is_one_row(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "Python", "note": "a\rb"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run("extract", str(path), "-t", "text", "-k", "note", "-o", str(out)).exit_code == 0
    frame = pd.read_csv(out)
    assert len(frame) == 1 and frame["note"].iloc[0] == "a\rb"


# -- 6: kept columns named like output columns --------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_kept_columns_named_like_output_columns_get_a_prefix(
    postings: Path, tmp_path: Path, suffix: str
) -> None:
    frame = pd.read_csv(postings)
    frame["row"] = [f"r{i}" for i in range(len(frame))]
    frame["skill"] = "x"
    source = tmp_path / "with_clash.csv"
    frame.to_csv(source, index=False)
    out = tmp_path / f"out{suffix}"
    result = run("extract", str(source), "-t", "text", "-k", "row,skill", "-o", str(out))
    assert result.exit_code == 0, result.output
    got = {".csv": pd.read_csv, ".jsonl": lambda p: pd.read_json(p, lines=True), ".parquet": pd.read_parquet}[
        suffix
    ](out)
    assert list(got.columns[:4]) == ["row", "doc_id", "input.row", "input.skill"]
    assert sorted(set(got["row"])) == list(range(len(frame)))  # skillmatch's row numbers, not the input's
    assert set(got["input.row"]) == set(frame["row"])
    cover = tmp_path / f"cover{suffix}"
    assert run("coverage", str(source), "-t", "text", "-k", "row", "-o", str(cover)).exit_code == 0


# -- 7: all outputs of a run are published together, or none ---------------------------------------------


def test_failed_report_leaves_every_previous_output(
    postings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, report = tmp_path / "pairs.csv", tmp_path / "report.csv"
    out.write_text("old pairs\n")
    report.write_text("old report\n")
    real = skillmatch.batch._concat_parts

    def failing(parts, target, fmt):
        if "report" in Path(target).name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(parts, target, fmt)

    monkeypatch.setattr(skillmatch.batch, "_concat_parts", failing)
    result = run(
        "match", "--resumes", str(postings), "--jobs", str(postings), "-t", "text", "--id-column", "id",
        "-o", str(out), "--report", str(report),
    )  # fmt: skip
    assert result.exit_code == EXIT_OUTPUT and "No space left" in result.output
    assert out.read_text() == "old pairs\n" and report.read_text() == "old report\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- messages and exit codes instead of tracebacks -----------------------------------------------------------


def test_unknown_encoding_names_the_flag(postings: Path, tmp_path: Path) -> None:
    result = run("extract", str(postings), "-t", "text", "--encoding", "utf-9", "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == EXIT_USAGE and "--encoding" in result.output and "utf-9" in result.output
    assert "encoding=" not in result.output


def test_utf16_on_a_utf8_file_is_an_input_error(postings: Path, tmp_path: Path) -> None:
    result = run(
        "extract", str(postings), "-t", "text", "--encoding", "utf-16", "-o", str(tmp_path / "o.csv")
    )
    assert result.exit_code == EXIT_INPUT and "--encoding" in result.output


def test_unknown_output_suffixes_are_usage_errors(postings: Path, tmp_path: Path) -> None:
    result = run("extract", str(postings), "-t", "text", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == EXIT_USAGE and "valid suffixes" in result.output
    result = run(
        "match", "--resumes", str(postings), "--jobs", str(postings), "-t", "text", "-o", str(tmp_path / "p.csv"),
        "--report", str(tmp_path / "x.xlsx"),
    )  # fmt: skip
    assert result.exit_code == EXIT_USAGE and "valid suffixes" in result.output
    assert not (tmp_path / "p.csv").exists()


def test_unknown_input_suffix_and_parquet_on_stdin_are_usage_errors(tmp_path: Path) -> None:
    odd = tmp_path / "in.xlsx"
    odd.write_text("text\nPython\n")
    assert run("extract", str(odd), "-t", "text").exit_code == EXIT_USAGE
    result = run("extract", "-", "-t", "text", "--format", "parquet", input=b"PAR1")
    assert result.exit_code == EXIT_USAGE and "standard input" in result.output


def test_match_takes_a_folder_of_jobs(postings: Path, tmp_path: Path) -> None:
    folder = tmp_path / "jobs"
    folder.mkdir()
    (folder / "backend.txt").write_text("Python, Django and PostgreSQL.", encoding="utf-8")
    (folder / "java.md").write_text("Java and Spring Boot.", encoding="utf-8")
    out = tmp_path / "pairs.csv"
    result = run(
        "match",
        "--resumes",
        str(postings),
        "--jobs",
        str(folder),
        "-t",
        "text",
        "--id-column",
        "id",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    pairs = pd.read_csv(out)
    assert sorted(set(pairs["job_id"])) == ["backend.txt", "java.md"] and len(pairs) == 2 * len(TEXTS)


def test_dask_engine_on_a_malformed_input_fails_cleanly(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    path = tmp_path / "bad.csv"
    path.write_text("id,text\n0,Python\n1,too,many\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run("extract", str(path), "-t", "text", "--engine", "dask", "-j", "1", "-o", str(out))
    assert result.exit_code == EXIT_INPUT and "line 3" in result.output
    assert _files(tmp_path) == ["bad.csv"]


def test_json_errors_say_at_once(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Python"}\n{"text": "unterminated\n', encoding="utf-8")
    result = run("extract", str(path), "-t", "text", "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == EXIT_INPUT and "line 2" in result.output
    assert "at at" not in result.output


# -- friction ---------------------------------------------------------------------------------------------


def test_semicolon_csv_with_sep(tmp_path: Path) -> None:
    path = tmp_path / "eu.csv"
    path.write_text("id;text\na;Python, Django\nb;Java\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = run("extract", str(path), "-t", "text", "--id-column", "id", "--sep", ";", "-o", str(out))
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert set(frame["skill_id"]) == {"python", "django", "java"}
    assert run("extract", str(path), "-t", "text", "--delimiter", ";;").exit_code == EXIT_USAGE


def test_progress_total_counts_rows_not_lines(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    pd.DataFrame({"text": ["line one\nline two\nline three", "Python", "a\n\nb"]}).to_csv(path, index=False)
    assert count_records(TableSpec(str(path), ("text",))) == 3


def test_quiet_prints_only_errors(postings: Path, tmp_path: Path) -> None:
    result = run("extract", str(postings), "-t", "text", "-o", str(tmp_path / "o.csv"), "-q")
    assert result.exit_code == 0 and result.stderr == ""
    result = run("extract", str(postings), "-t", "nope", "-o", str(tmp_path / "o.csv"), "-q")
    assert result.exit_code == EXIT_INPUT and "nope" in result.stderr


def test_a_stale_rejects_file_is_removed_by_a_clean_run(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("text\nPython\nJava,extra\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run("extract", str(path), "-t", "text", "-o", str(out), "--on-error", "skip").exit_code == 0
    assert (tmp_path / "out.rejected.csv").exists()
    path.write_text("text\nPython\nJava\n", encoding="utf-8")
    assert run("extract", str(path), "-t", "text", "-o", str(out), "--on-error", "skip").exit_code == 0
    assert not (tmp_path / "out.rejected.csv").exists()


def test_jsonl_rows_without_the_text_field(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [{"id": 1, "text": "Python"}, {"id": 2, "txet": "Java"}, {"id": 3, "text": "Go"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    out = tmp_path / "o.csv"
    result = run("extract", str(path), "-t", "text", "--id-column", "id", "-o", str(out))
    assert result.exit_code == EXIT_INPUT and "line 2" in result.output and "'text'" in result.output
    result = run(
        "extract", str(path), "-t", "text", "--id-column", "id", "-o", str(out), "--on-error", "skip"
    )
    assert result.exit_code == 0 and "missing field: 1" in result.stderr
    assert sorted(set(pd.read_csv(out)["doc_id"])) == [1, 3]


# -- a corpus of awkward files -------------------------------------------------------------------------------

FILES = {
    "embedded NUL": (b"id,text\n1,Py\x00thon and Java\n2,Go\n", (), {"1": ["java"], "2": []}),
    "mixed line endings": (
        b'id,text\r\n1,Python\r\n2,Java\n3,"Django\r\nand PostgreSQL"\r4,Rust\n',
        (),
        {"1": ["python"], "2": ["java"], "3": ["django", "postgresql"], "4": []},
    ),
    "UTF-8 byte-order mark": ("\ufeffid,text\n1,Python\n".encode(), (), {"1": ["python"]}),
    "UTF-16 with --encoding": (
        "id,text\n1,Python and Java\n".encode("utf-16"),
        ("--encoding", "utf-16"),
        {"1": ["python", "java"]},
    ),
    "Latin-1 with --encoding": (
        "id,text\n1,Python für café\n".encode("latin-1"),
        ("--encoding", "latin-1"),
        {"1": ["python"]},
    ),
    "a 1 MB field": (b"id,text\n1," + b"Python " * 150_000 + b"\n2,Java\n", (), None),
}


@pytest.mark.parametrize("name", list(FILES))
def test_awkward_files_are_read_row_for_row(tmp_path: Path, name: str) -> None:
    data, extra, expected = FILES[name]
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    out = tmp_path / "out.csv"
    result = run("extract", str(path), "-t", "text", "--id-column", "id", "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype={"doc_id": str}, keep_default_na=False, na_values=[""])
    got = {d: sorted(g["skill_id"].dropna()) for d, g in frame.groupby("doc_id", sort=False)}
    if expected is None:  # one huge document, read whole (its last word matched), the next row intact
        assert frame.loc[frame["doc_id"] == "1", "end"].max() == len("Python " * 150_000) - 1
        assert got["2"] == ["java"]
    else:
        assert got == {k: sorted(v) for k, v in expected.items()}


def test_duplicate_ids_in_match_are_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,text\n1,Python\n1,Java\n", encoding="utf-8")
    result = run(
        "match", "--resumes", str(path), "--jobs", str(path), "-t", "text", "--id-column", "id",
        "--jobs-id-column", "id", "-o", str(tmp_path / "pairs.csv"),
    )  # fmt: skip
    assert result.exit_code == EXIT_INPUT and "unique" in result.output and "'1'" in result.output
