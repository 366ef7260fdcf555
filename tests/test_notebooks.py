"""Every notebook in notebooks/ is stored without outputs and runs top to bottom without error in under
a minute."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
EXPECTED = ["01-quickstart", "02-analyse-postings", "03-resume-vs-job", "04-custom-taxonomy", "05-at-scale"]
nbformat = pytest.importorskip("nbformat")


def _run(path: Path, folder: Path):
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    start = time.perf_counter()
    client.execute()
    return notebook, time.perf_counter() - start


def _errors(notebook):
    return [
        o
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]


#: what each notebook must show as rich output (HTML, or PNG charts), beyond running without error
SHOWS = {
    "01-quickstart": [
        "SkillMatcher",
        "Taxonomy backend",
        'class="sm-span sm-required"',
        'class="sm-span sm-preferred"',
    ],
    "02-analyse-postings": ["image/png"] * 4,
    "03-resume-vs-job": ["image/png", "<iframe srcdoc=", 'class="sm-span'],
    "04-custom-taxonomy": ['title="Hyperion (frameworks)'],
}


def _rich(notebook) -> list[str]:
    out = []
    for cell in notebook.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = o.get("data", {})
            out.extend(["image/png"] if "image/png" in data else [])
            out.extend([data["text/html"]] if "text/html" in data else [])
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    notebook, seconds = _run(path, tmp_path)
    assert _errors(notebook) == []
    if os.environ.get("CI"):  # a shared developer machine can be slower than CI
        assert seconds < 60, f"{path.name} took {seconds:.0f} s"
    rich = _rich(notebook)
    for wanted in set(SHOWS.get(path.stem, [])):
        count = SHOWS[path.stem].count(wanted)
        assert sum(wanted in r for r in rich) >= count, f"{path.name} does not show {wanted!r}"


def test_the_notebooks_are_there():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
