"""The command line, run in-process: formats, bad rows, workers, exit codes and resuming after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from skillmatch import SkillMatcher
from skillmatch.cli import EXIT_INPUT, EXIT_RESUME, EXIT_TAXONOMY, cli

FIXTURES = Path(__file__).parent / "fixtures"

MINI = str(FIXTURES / "mini_taxonomy.yaml")

POSTINGS = [
    ("p1", "Backend engineer", "We need Python and PostgreSQL. Docker is a plus."),
    ("p2", "Java developer", "Spring Boot, Java and MySQL; no PHP."),
    ("p3", "Empty", ""),
    ("p4", "Sales", "Sell things to customers and rest assured."),
    ("p5", "Go", "Go and Rust services on Kubernetes (k8s)."),
    ("p6", "Formula", '=HYPERLINK("http://x") Python'),
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(POSTINGS, columns=["id", "title", "description"])


def run(*args: str, input: bytes | str | None = None) -> object:
    result = CliRunner().invoke(
        cli,
        [*args, "--taxonomy", MINI] if args[0] != "taxonomy" else list(args),
        input=input,
        catch_exceptions=False,
    )
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def postings_csv(tmp_path: Path) -> Path:
    path = tmp_path / "postings.csv"
    _frame().to_csv(path, index=False)
    return path


def test_extract_keeps_every_row_and_flags_empty(postings_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run(
        "extract", str(postings_csv), "-t", "description", "--id-column", "id", "-k", "title", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert sorted(set(frame["doc_id"])) == [p[0] for p in POSTINGS]
    assert list(frame.columns[:4]) == ["row", "doc_id", "title", "empty"]
    empty = frame[frame["doc_id"] == "p3"]
    assert len(empty) == 1 and bool(empty["empty"].iloc[0]) and pd.isna(empty["skill_id"].iloc[0])
    sales = frame[frame["doc_id"] == "p4"]
    assert len(sales) == 1 and pd.isna(sales["skill_id"].iloc[0])  # no skill, still one row
    assert {"python", "postgresql"} <= set(frame.loc[frame["doc_id"] == "p1", "skill_id"])
    # offsets point into the input text
    texts = dict(zip(_frame()["id"], _frame()["description"], strict=True))
    for _, row in frame.dropna(subset=["skill_id"]).iterrows():
        assert texts[row["doc_id"]][int(row["start"]) : int(row["end"])] == row["text"].lstrip("'")
    assert "rows read: 6" in result.stderr and "1 with empty text" in result.stderr


def test_formula_protection_on_by_default_and_can_be_turned_off(postings_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    run(
        "extract",
        str(postings_csv),
        "-t",
        "description",
        "--id-column",
        "id",
        "-k",
        "description",
        "-o",
        str(out),
        "-q",
    )
    cells = pd.read_csv(out)["description"].tolist()
    assert '\'=HYPERLINK("http://x") Python' in cells
    run(
        "extract",
        str(postings_csv),
        "-t",
        "description",
        "--id-column",
        "id",
        "-k",
        "description",
        "-o",
        str(out),
        "-q",
        "--no-formula-protection",
    )
    assert '=HYPERLINK("http://x") Python' in pd.read_csv(out)["description"].tolist()


@pytest.mark.parametrize("in_suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
@pytest.mark.parametrize("out_suffix", [".csv", ".jsonl", ".parquet"])
def test_every_format_gives_the_same_matches(tmp_path: Path, in_suffix: str, out_suffix: str) -> None:
    frame = _frame()
    src = tmp_path / f"in{in_suffix}"
    if in_suffix == ".csv":
        frame.to_csv(src, index=False)
    elif in_suffix == ".tsv":
        frame.to_csv(src, sep="\t", index=False)
    elif in_suffix == ".jsonl":
        frame.to_json(src, orient="records", lines=True)
    else:
        frame.to_parquet(src)
    out = tmp_path / f"out{out_suffix}"
    result = run(
        "coverage", str(src), "-t", "title", "-t", "description", "--id-column", "id", "-o", str(out), "-q"
    )
    assert result.exit_code == 0, result.output
    got = {".csv": pd.read_csv, ".jsonl": lambda p: pd.read_json(p, lines=True), ".parquet": pd.read_parquet}[
        out_suffix
    ](out)
    assert got["doc_id"].astype(str).tolist() == frame["id"].tolist()
    expected = SkillMatcher(MINI).coverage(frame, text_column=["title", "description"])
    assert got["n_skills"].tolist() == expected["n_skills"].tolist()
    assert expected["n_skills"].tolist()[:4] == [2, 3, 0, 0]


def test_stdin_to_stdout() -> None:
    text = _frame().to_csv(index=False)
    result = run("extract", "-", "-t", "description", "-q", input=text)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("row,doc_id,empty,skill_id")
    assert {line.split(",")[0] for line in lines[1:]} == {"0", "1", "2", "3", "4", "5"}


def test_jsonl_stdout_and_parquet_stdout_refused(postings_csv: Path) -> None:
    result = run("coverage", str(postings_csv), "-t", "description", "--output-format", "jsonl", "-q")
    assert [json.loads(line)["row"] for line in result.stdout.splitlines()] == list(range(6))
    result = run("coverage", str(postings_csv), "-t", "description", "--output-format", "parquet", "-q")
    assert result.exit_code == 2 and "standard output" in result.output


def _bad_csv(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        b"id,description\n"
        b"a,Python and Docker\n"
        b"b,too,many,fields\n"
        b"c,caf\xe9 with Java\n"  # latin-1 byte in a UTF-8 file
        b'd,"an open quote\n'
    )
    return path


def test_bad_rows_fail_by_default_naming_the_line(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run("extract", str(_bad_csv(tmp_path)), "-t", "description", "--id-column", "id", "-o", str(out))
    assert result.exit_code == EXIT_INPUT
    assert "line 3" in result.output and "4 fields" in result.output and "--on-error skip" in result.output
    assert not out.exists()
    assert not any(p.name.startswith(".out.csv") for p in tmp_path.iterdir())


def test_bad_rows_skipped_are_listed_in_a_side_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run(
        "extract",
        str(_bad_csv(tmp_path)),
        "-t",
        "description",
        "--id-column",
        "id",
        "-o",
        str(out),
        "--on-error",
        "skip",
    )
    assert result.exit_code == 0, result.output
    rejects = pd.read_csv(tmp_path / "out.rejected.csv")
    assert rejects["row"].tolist() == [1, 2, 3]
    assert rejects["line"].tolist() == [3, 4, 5]
    assert rejects["reason"].tolist() == ["field count", "encoding", "malformed"]
    assert "caf" not in rejects.to_csv()  # the record's text is not copied
    frame = pd.read_csv(out)
    # row 3 is a quote left open to the end of the file: rejected with the line where it opened
    assert sorted(set(frame["row"]) | set(rejects["row"])) == [0, 1, 2, 3]
    assert "rows rejected: 3" in result.stderr


def test_bad_encoding_is_fixed_by_the_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("id,description\na,Café Python\n".encode("cp1252"))
    out = tmp_path / "out.csv"
    assert run("extract", str(path), "-t", "description", "-o", str(out), "-q").exit_code == EXIT_INPUT
    result = run("extract", str(path), "-t", "description", "-o", str(out), "-q", "--encoding", "cp1252")
    assert result.exit_code == 0
    assert pd.read_csv(out)["skill_id"].tolist() == ["python"]


def test_invalid_json_lines_are_rejected_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Python"}\n{"text": broken}\n[1, 2]\n{"text": null}\n{"text": 42}\n')
    out = tmp_path / "out.jsonl"
    result = run("coverage", str(path), "-t", "text", "-o", str(out), "--on-error", "skip", "-q")
    assert result.exit_code == 0, result.output
    rejects = pd.read_csv(tmp_path / "out.rejected.csv")
    assert rejects["line"].tolist() == [2, 3, 5]
    got = pd.read_json(out, lines=True)
    assert got["row"].tolist() == [0, 3] and got["empty"].tolist() == [False, True]


def test_missing_column_names_the_columns(postings_csv: Path) -> None:
    result = run("extract", str(postings_csv), "-t", "body")
    assert result.exit_code == EXIT_INPUT
    assert "'body'" in result.output and "id, title, description" in result.output


def test_missing_file_and_bad_taxonomy_exit_codes(tmp_path: Path, postings_csv: Path) -> None:
    assert run("extract", str(tmp_path / "nope.csv"), "-t", "x").exit_code == EXIT_INPUT
    broken = tmp_path / "broken.yaml"
    broken.write_text("skills: [{id: Bad Id}]\n")
    result = CliRunner().invoke(
        cli, ["extract", str(postings_csv), "-t", "description", "--taxonomy", str(broken)]
    )
    assert result.exit_code == EXIT_TAXONOMY
    assert run("extract", str(postings_csv)).exit_code == 2  # no --text-column


def test_workers_give_identical_output(tmp_path: Path) -> None:
    frame = pd.concat([_frame()] * 10, ignore_index=True)
    frame["id"] = [f"d{i}" for i in range(len(frame))]
    src = tmp_path / "in.csv"
    frame.to_csv(src, index=False)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    for out, workers in ((one, "1"), (two, "2")):
        result = run(
            "extract",
            str(src),
            "-t",
            "description",
            "--id-column",
            "id",
            "-o",
            str(out),
            "--workers",
            workers,
            "--chunk-size",
            "7",
            "-q",
        )
        assert result.exit_code == 0, result.output
    assert one.read_bytes() == two.read_bytes()
    assert set(pd.read_csv(one)["doc_id"]) == set(frame["id"])


def test_folder_of_documents(tmp_path: Path) -> None:
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "alice.txt").write_text("Python, Django and PostgreSQL.")
    (folder / "bob.md").write_text("# Bob\nJava and Spring Boot")
    (folder / "notes.xyz").write_text("ignored")
    out = tmp_path / "out.csv"
    result = run("coverage", str(folder), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    got = pd.read_csv(out)
    assert got["doc_id"].tolist() == ["alice.txt", "bob.md"]
    assert got["n_skills"].tolist() == [3, 2]


def test_match_with_report_and_top_k(tmp_path: Path) -> None:
    jobs = tmp_path / "jobs.csv"
    pd.DataFrame(
        {"id": ["j1", "j2"], "text": ["Must have: Python, Django, PostgreSQL.", "Java and Spring Boot."]}
    ).to_csv(jobs, index=False)
    resumes = tmp_path / "cvs.jsonl"
    pd.DataFrame(
        {
            "name": ["ann", "ben", "cy"],
            "text": ["Python and Django for 5 years; MySQL.", "Java, Spring Boot, Kubernetes.", ""],
        }
    ).to_json(resumes, orient="records", lines=True)
    out, report = tmp_path / "pairs.csv", tmp_path / "report.parquet"
    result = run(
        "match",
        "--resumes",
        str(resumes),
        "--jobs",
        str(jobs),
        "-t",
        "text",
        "--id-column",
        "name",
        "--jobs-id-column",
        "id",
        "--report",
        str(report),
        "-o",
        str(out),
        "-q",
    )
    assert result.exit_code == 0, result.output
    pairs = pd.read_csv(out)
    assert len(pairs) == 6
    best = pairs.sort_values("score").groupby("job_id").tail(1).set_index("job_id")["resume_id"].to_dict()
    assert best == {"j1": "ann", "j2": "ben"}
    rep = pd.read_parquet(report)
    assert {"met", "partial", "missing", "lexical", "unnamed"} >= set(
        rep.loc[rep["status"] != "extra", "status"]
    )
    # mysql is a sibling of postgresql: partial credit for ann on j1
    row = rep[(rep["resume_id"] == "ann") & (rep["job_id"] == "j1") & (rep["skill_id"] == "postgresql")]
    assert row["status"].tolist() == ["partial"]
    top = tmp_path / "top.csv"
    result = run(
        "match",
        "--resumes",
        str(resumes),
        "--jobs",
        str(jobs),
        "-t",
        "text",
        "--id-column",
        "name",
        "--jobs-id-column",
        "id",
        "--top-k",
        "1",
        "-o",
        str(top),
        "-q",
        "--chunk-size",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert dict(zip(*pd.read_csv(top)[["job_id", "resume_id"]].T.values, strict=True)) == best


def test_resume_refuses_other_settings(postings_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    parts = tmp_path / ".out.csv.parts"
    parts.mkdir()
    (parts / "manifest.json").write_text(json.dumps({"version": 1, "chunk_size": 5}))
    result = run("extract", str(postings_csv), "-t", "description", "-o", str(out), "--resume")
    assert result.exit_code == EXIT_RESUME and "different" in result.output


def test_resume_after_sigkill_gives_every_row_exactly_once(tmp_path: Path) -> None:
    """Kill a real run mid-way with SIGKILL, then finish it with --resume."""
    n = 400
    frame = pd.DataFrame(
        {
            "id": [f"doc-{i}" for i in range(n)],
            "description": [POSTINGS[i % len(POSTINGS)][2] + f" ({i})" for i in range(n)],
        }
    )
    src = tmp_path / "in.csv"
    frame.to_csv(src, index=False)
    out = tmp_path / "out.csv"
    parts = tmp_path / ".out.csv.parts"
    args = [
        "extract",
        str(src),
        "-t",
        "description",
        "--id-column",
        "id",
        "-o",
        str(out),
        "--chunk-size",
        "10",
        "--taxonomy",
        MINI,
        "-q",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "skillmatch", *args], env=env)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if parts.exists() and len(list(parts.glob("meta-*.json"))) >= 3:
                break
            if proc.poll() is not None:
                pytest.fail("the run ended before it could be killed")
            time.sleep(0.02)
        else:
            pytest.fail("no chunk finished in time")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()  # nothing under the final name
    done_before = len(list(parts.glob("meta-*.json")))
    assert done_before < n // 10
    result = CliRunner().invoke(cli, [*args[:-1], "--resume"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "already done" in result.stderr
    got = pd.read_csv(out)
    rows = got.drop_duplicates(["row"])["row"].tolist()
    assert rows == list(range(n))  # every row, once, in order
    # each row's matches appear once: the same as a fresh run
    fresh = tmp_path / "fresh.csv"
    fresh_args = [a if a != str(out) else str(fresh) for a in args]
    assert CliRunner().invoke(cli, fresh_args, catch_exceptions=False).exit_code == 0
    assert out.read_bytes() == fresh.read_bytes()
    assert not parts.exists()


def test_dask_engine_gives_the_local_output(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    frame = pd.concat([_frame()] * 40, ignore_index=True)
    frame["id"] = [f"d{i}" for i in range(len(frame))]
    src = tmp_path / "in.csv"
    frame.to_csv(src, index=False)
    local, remote = tmp_path / "local.csv", tmp_path / "dask.csv"
    args = ["extract", str(src), "-t", "description", "--id-column", "id", "-q", "--chunk-size", "7"]
    assert run(*args, "-o", str(local)).exit_code == 0
    result = run(*args, "-o", str(remote), "--engine", "dask", "--workers", "2")  # 35 chunks
    assert result.exit_code == 0, result.output
    assert remote.read_bytes() == local.read_bytes()


def test_match_output_is_the_same_for_any_workers_and_chunk_size(tmp_path: Path) -> None:
    """Ties between equally good partial evidence resolve the same way in every process."""
    from importlib import resources

    examples = resources.files("skillmatch.examples")
    jobs, resumes = str(examples / "postings.csv"), str(examples / "resumes.csv")
    digests = set()
    for workers, chunk in (("1", "1000"), ("2", "1")):
        out, report = tmp_path / f"pairs-{workers}.csv", tmp_path / f"report-{workers}.csv"
        result = CliRunner().invoke(
            cli,
            [
                "match",
                "--resumes",
                resumes,
                "--jobs",
                jobs,
                "-t",
                "text",
                "--id-column",
                "resume_id",
                "--jobs-text-column",
                "description",
                "--jobs-id-column",
                "job_id",
                "-o",
                str(out),
                "--report",
                str(report),
                "-q",
                "--workers",
                workers,
                "--chunk-size",
                chunk,
            ],
        )
        assert result.exit_code == 0, result.output
        digests.add((out.read_bytes(), report.read_bytes()))
    assert len(digests) == 1
    pairs = pd.read_csv(tmp_path / "pairs-1.csv")
    assert pairs["resume_id"].tolist()[:5] == ["res-001"] * 5  # résumé-major order


def test_input_without_rows_gives_an_output_with_columns(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,description\n")
    for kind, out in (("extract", tmp_path / "m.parquet"), ("coverage", tmp_path / "c.csv")):
        result = run(kind, str(src), "-t", "description", "-o", str(out))
        assert result.exit_code == 0, result.output
        frame = pd.read_parquet(out) if out.suffix == ".parquet" else pd.read_csv(out)
        assert frame.empty and {"row", "doc_id", "empty"} <= set(frame.columns)
        assert "rows read: 0" in result.stderr


def test_matcher_options_are_the_same_in_every_command() -> None:
    for command in ("extract", "coverage", "match"):
        help_text = CliRunner().invoke(cli, [command, "--help"]).output
        for flag in ("--taxonomy", "--extend", "--no-fuzzy", "--fuzzy-cutoff", "--no-context", "--sep"):
            assert flag in help_text, (command, flag)


def test_no_context_and_fuzzy_cutoff_reach_the_matcher(postings_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    args = ("extract", str(postings_csv), "-t", "description", "--id-column", "id", "-o", str(out))
    assert run(*args, "--no-context", "--fuzzy-cutoff", "0.99").exit_code == 0
    got = pd.read_csv(out, keep_default_na=False, na_values=[""]).dropna(subset=["skill_id"])
    frame = _frame().set_index("id")
    expected = SkillMatcher(MINI, fuzzy_cutoff=0.99, context=False).extract(frame, text_column="description")
    assert got["skill_id"].tolist() == expected["skill_id"].tolist()
    assert set(got["requirement"]) == {"unspecified"}
    result = run("match", "--resumes", str(postings_csv), "--jobs", str(postings_csv), "-t", "description",
                 "--no-context")  # fmt: skip
    assert result.exit_code == 2 and "--no-context" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_kept_text_holding_a_lone_surrogate_is_written(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d1", "text": "Python \ud800 Java"}) + "\n", encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    result = run("extract", str(src), "-t", "text", "--id-column", "id", "-k", "text", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out) if suffix == ".parquet" else None
    if frame is None:
        assert "Python \ufffd Java" in out.read_text(encoding="utf-8")
    else:
        assert set(frame["input.text"]) == {"Python \ufffd Java"}  # "text" is the evidence column
