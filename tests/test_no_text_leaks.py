"""No document text in exception messages, log records, stderr or rejects files: a secret marker is fed
through every failing path, and only ids, row and line numbers, offsets and reasons come out."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from skillmatch.cli import cli

MINI = str(Path(__file__).parent / "fixtures" / "mini_taxonomy.yaml")
SECRET = "SECRETMARKER7f3a"


@pytest.mark.parametrize(
    "texts",
    [
        [[f"{SECRET} Python"]],  # a list where a text belongs
        [{"note": f"{SECRET} Java"}],  # a dict where a text belongs
        [f"{SECRET} Python".encode() + b"\xff\xfe"],  # bytes that are not UTF-8
        pd.DataFrame({"text": [f"{SECRET} Python"]}),  # a DataFrame without text_column
        {"text": [f"{SECRET} Python"], "id": [1]},  # a column-shaped dict
    ],
    ids=["list", "dict", "bytes", "frame", "columns"],
)
def test_api_errors_hold_no_text(mini_matcher, texts, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises((ValueError, UnicodeError)) as info:
        mini_matcher.extract(texts)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    assert SECRET not in caplog.text


def _cases(tmp_path: Path) -> list[tuple[str, list[str]]]:
    ragged = tmp_path / "ragged.csv"
    ragged.write_text(f'text\nPython\n{SECRET} Java,extra,"{SECRET}"\nGo\n', encoding="utf-8")
    quote = tmp_path / "quote.csv"
    quote.write_text(f'id,text\n1,"{SECRET} Python\n2,Java\n', encoding="utf-8")
    stray = tmp_path / "stray.csv"
    stray.write_text(f'id,text\n1,"{SECRET}"x Python\n2,Java\n', encoding="utf-8")
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text(
        f'{{"text": "Python"}}\n{{"text": "{SECRET} Java\n{{"txet": "{SECRET}"}}\n[1, "{SECRET}"]\n',
        encoding="utf-8",
    )
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"text\n{SECRET} caf".encode() + b"\xe9 Python\n")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Python", encoding="utf-8")
    (folder / "b.txt").write_bytes(f"{SECRET} ".encode() + b"\xff\xfe Java")
    (folder / "c.pdf").write_bytes(f"%PDF-1.4\n{SECRET}\n".encode())
    (folder / "d.docx").write_bytes(f"PK\x03\x04{SECRET}".encode())
    return [
        (str(ragged), ["-t", "text"]),
        (str(quote), ["-t", "text"]),
        (str(stray), ["-t", "text"]),
        (str(jsonl), ["-t", "text"]),
        (str(latin), ["-t", "text"]),
        (str(folder), []),
        (str(ragged), ["-t", SECRET]),  # a column name is not text, but still not echoed from the file
    ]


@pytest.mark.parametrize("on_error", ["fail", "skip"])
def test_cli_failures_print_and_write_no_text(tmp_path, on_error, caplog):
    caplog.set_level(logging.DEBUG)
    for k, (source, extra) in enumerate(_cases(tmp_path)):
        out = tmp_path / f"out{k}.csv"
        args = ["extract", source, *extra, "-o", str(out), "--on-error", on_error, "--taxonomy", MINI]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert "Traceback" not in result.output
        shown = result.output.replace(f"'{SECRET}'", "")  # the -t value the user typed may be echoed
        assert SECRET not in shown, (source, result.output)
        rejects = tmp_path / f"out{k}.rejected.csv"
        if rejects.exists():
            assert SECRET not in rejects.read_text(encoding="utf-8", errors="replace"), source
    assert SECRET not in caplog.text
