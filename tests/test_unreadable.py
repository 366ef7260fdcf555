"""Files the process may not read or write: an unreadable input, an unreadable document in a folder, a
read-only output folder. Permission bits do not stop root (which runs many CI containers), so the refusal
is simulated where the operating system would raise it."""

from __future__ import annotations

import builtins
import errno
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillmatch.cli import EXIT_INPUT, EXIT_OUTPUT, cli

MINI = str(Path(__file__).parent / "fixtures" / "mini_taxonomy.yaml")


def run(*args: str):
    result = CliRunner().invoke(cli, [*args, "--taxonomy", MINI], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def _denied(path: object) -> PermissionError:
    return PermissionError(errno.EACCES, "Permission denied", str(path))


def test_an_unreadable_input_file_is_an_input_error(tmp_path, monkeypatch):
    source = tmp_path / "in.csv"
    source.write_text("text\nPython\n", encoding="utf-8")
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file) == str(source):
            raise _denied(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    out = tmp_path / "out.csv"
    result = run("extract", str(source), "-t", "text", "-o", str(out))
    assert result.exit_code == EXIT_INPUT, result.output
    assert "in.csv" in result.output and "ermission denied" in result.output
    assert "PosixPath" not in result.output
    assert not out.exists()


def test_an_unreadable_document_in_a_folder_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Python", encoding="utf-8")
    (folder / "b.txt").write_text("SECRET-b Java", encoding="utf-8")
    real = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self.name == "b.txt":
            raise _denied(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    out = tmp_path / "out.csv"
    failed = run("extract", str(folder), "-o", str(out))
    assert failed.exit_code == EXIT_INPUT and "b.txt" in failed.output and not out.exists()
    skipped = run("extract", str(folder), "-o", str(out), "--on-error", "skip")
    assert skipped.exit_code == 0, skipped.output
    rejects = (tmp_path / "out.rejected.csv").read_text(encoding="utf-8")
    assert "b.txt" in rejects and "unreadable" in rejects
    assert "python" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("earlier", [False, True])
def test_a_read_only_output_folder_is_an_output_error(tmp_path, monkeypatch, earlier):
    source = tmp_path / "in.csv"
    source.write_text("text\nPython\n", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "out.csv"
    if earlier:
        out.write_text("an earlier output\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise _denied(kwargs.get("dir", folder))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    real_mkdir = Path.mkdir

    def guarded_mkdir(self: Path, *args, **kwargs):
        if self.parent == folder and not self.exists():
            raise _denied(self)
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", guarded_mkdir)
    result = run("extract", str(source), "-t", "text", "-o", str(out))
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert "ermission denied" in result.output and "PosixPath" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == (["out.csv"] if earlier else [])
    if earlier:
        assert out.read_text(encoding="utf-8") == "an earlier output\n"
