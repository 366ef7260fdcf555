"""The case table of docs/reliability.md is checked here: every row names tests that exist, and the rows
together reach every exit code the command line documents."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from skillmatch.cli import EXIT_CODES

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "reliability.md"
HEADER = ["case", "input", "expected outcome", "test"]
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def _cells(line: str) -> list[str]:
    # split on pipes that are not inside backticks
    cells, current, in_code = [], "", False
    for char in line.strip().strip("|"):
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code:
            cells.append(current.strip())
            current = ""
        else:
            current += char
    cells.append(current.strip())
    return cells


def case_rows() -> list[list[str]]:
    """The rows of the case table (the table whose header is ``case | input | expected outcome | test``)."""
    rows: list[list[str]] = []
    in_table = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        cells = _cells(line)
        if cells == HEADER:
            in_table = True
            continue
        if in_table and not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return rows


@cache
def _test_names(path: str) -> frozenset[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(
        n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    )


ROWS = case_rows()


def test_the_table_has_rows_with_every_cell() -> None:
    assert len(ROWS) >= 40
    for row in ROWS:
        assert len(row) == len(HEADER) and all(row), row
    cases = [row[0] for row in ROWS]
    assert len(cases) == len(set(cases)), "each case once"


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_every_row_names_existing_tests(row: list[str]) -> None:
    refs = TEST_REF.findall(row[3])
    assert refs, f"no `tests/FILE.py::test_name` in the test cell of {row[0]!r}"
    for path, name in refs:
        assert (ROOT / path).is_file(), f"{path} does not exist"
        assert name in _test_names(path), f"{path} has no test {name}"


def test_the_rows_reach_every_documented_exit_code() -> None:
    reached = {int(code) for row in ROWS for code in re.findall(r"exit (\d+)", row[2])}
    assert set(EXIT_CODES) <= reached, f"no case reaches exit {sorted(set(EXIT_CODES) - reached)}"


def test_the_exit_code_table_lists_every_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = {int(c) for c in re.findall(r"^\| +(\d+) \|", text, flags=re.MULTILINE)}
    assert documented == set(EXIT_CODES)
