"""Faults during a batch run: a full disk, an unwritable output, a dying worker, signals, a dying parent.

The process tests run the real command line as a subprocess on a small input and a small taxonomy, and
stop it with a real signal once a few chunks are done; each has a timeout.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import skillmatch.batch
from skillmatch.batch import BatchOptions, MatcherConfig, run_batch
from skillmatch.cli import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_TERMINATED, cli
from skillmatch.io import TableSpec

MINI = str(Path(__file__).parent / "fixtures" / "mini_taxonomy.yaml")
TEXTS = [
    "We need Python and PostgreSQL. Docker is a plus.",
    "Spring Boot, Java and MySQL; no PHP.",
    "Go and Rust services on Kubernetes with goroutines and cargo.",
    "Django and Postgres, some JavaScript and Node with npm.",
]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _input(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "in.csv"
    texts = [f"{TEXTS[i % len(TEXTS)]} ({i})" for i in range(n)]
    pd.DataFrame({"id": [f"d{i}" for i in range(n)], "text": texts}).to_csv(path, index=False)
    return path


def _args(src: Path, out: Path, *extra: str) -> list[str]:
    return [
        "extract",
        str(src),
        "-t",
        "text",
        "--id-column",
        "id",
        "-o",
        str(out),
        "--taxonomy",
        MINI,
        *extra,
    ]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _workers(parent: int) -> list[int]:
    """The pool workers of ``parent`` (spawned children, not the resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found


# A pool runs ahead of the chunks its parent has stored: a run with workers gets enough rows that it is still
# busy when the fault comes, however fast the machine.
POOL_ROWS = 6000


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def _running(
    args: list[str], parts: Path, chunks: int, workers: int = 0
) -> Iterator[subprocess.Popen[bytes]]:
    """Start the command line; yield once ``chunks`` chunks are stored (and ``workers`` workers run)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "skillmatch", *args],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        # Ctrl-C as in a terminal: a suite started in the background inherits SIGINT ignored
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            done = len(list(parts.glob("meta-*.json"))) if parts.exists() else 0
            if done >= chunks and len(_workers(proc.pid)) >= workers:
                break
            if proc.poll() is not None:
                pytest.fail("the run ended before the fault could be injected")
            time.sleep(0.02)
        else:
            pytest.fail("no chunk finished in time")
        yield proc
    finally:
        if proc.poll() is None:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    """The pids still alive after ``seconds`` (killed then, so that a failing test leaves no process)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    alive = [p for p in pids if _alive(p)]
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return alive


def _resume_equals_a_clean_run(src: Path, out: Path, tmp_path: Path, *extra: str) -> None:
    result = CliRunner().invoke(cli, [*_args(src, out, *extra), "--resume"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "already done" in result.stderr
    clean = tmp_path / "clean.csv"
    assert CliRunner().invoke(cli, _args(src, clean, *extra), catch_exceptions=False).exit_code == 0
    assert out.read_bytes() == clean.read_bytes()


# -- signals -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sig", "code", "workers"),
    [(signal.SIGINT, EXIT_INTERRUPTED, 1), (signal.SIGTERM, EXIT_TERMINATED, 2)],
    ids=["sigint", "sigterm"],
)
def test_signal_exits_with_its_code_and_keeps_the_parts(
    tmp_path: Path, sig: int, code: int, workers: int
) -> None:
    pool = workers if workers > 1 else 0
    rows = POOL_ROWS if pool else 600
    src, out, parts = _input(tmp_path, rows), tmp_path / "out.csv", tmp_path / ".out.csv.parts"
    args = _args(src, out, "--chunk-size", "10", "-j", str(workers))
    with _running(args, parts, chunks=2, workers=pool) as proc:
        children = _workers(proc.pid)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err.decode()
    assert b"--resume" in err and b"Traceback" not in err
    assert not out.exists() and list(parts.glob("meta-*.json"))
    assert _wait_gone(children, 5) == []
    if sig == signal.SIGINT:  # resuming after a kill is the same for every signal
        _resume_equals_a_clean_run(src, out, tmp_path, "--chunk-size", "10")


# -- processes -----------------------------------------------------------------------------------------------


def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    src, out, parts = _input(tmp_path, POOL_ROWS), tmp_path / "out.csv", tmp_path / ".out.csv.parts"
    with _running(_args(src, out, "--chunk-size", "10", "-j", "2"), parts, chunks=1, workers=2) as proc:
        children = _workers(proc.pid)
        assert len(children) == 2
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert _wait_gone(children, 5) == []


def test_a_dying_worker_fails_the_run_loudly(tmp_path: Path) -> None:
    src, out, parts = _input(tmp_path, POOL_ROWS), tmp_path / "out.csv", tmp_path / ".out.csv.parts"
    with _running(_args(src, out, "--chunk-size", "10", "-j", "2"), parts, chunks=2, workers=2) as proc:
        children = _workers(proc.pid)
        os.kill(children[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    assert _wait_gone(children, 5) == []
    assert proc.returncode == EXIT_ERROR, err.decode()
    assert b"worker process died" in err and b"--resume" in err and b"Traceback" not in err
    assert not out.exists()  # never a short output
    assert list(parts.glob("meta-*.json"))  # the finished chunks are kept for --resume


# -- files ---------------------------------------------------------------------------------------------------


def test_disk_full_keeps_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = _input(tmp_path, 12), tmp_path / "out.csv"
    out.write_text("previous results\n")

    def full(parts, target, fmt):
        Path(target).write_text("half a fi")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(skillmatch.batch, "_concat_parts", full)
    result = CliRunner().invoke(cli, _args(src, out, "--chunk-size", "5"), catch_exceptions=False)
    assert result.exit_code == EXIT_OUTPUT
    assert "No space left on device" in result.output and "unchanged" in result.output
    assert out.read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".out.csv.parts")) == [
        "in.csv",
        "out.csv",
    ]


def test_an_output_folder_that_cannot_exist_is_an_output_error(tmp_path: Path) -> None:
    src = _input(tmp_path, 3)
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = CliRunner().invoke(cli, _args(src, blocker / "sub" / "out.csv"), catch_exceptions=False)
    assert result.exit_code == EXIT_OUTPUT and "is not a folder" in result.output


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_take_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    path = tmp_path / "in.csv"
    path.write_text("text\nPython\nJava,extra\n", encoding="utf-8")
    old = os.umask(umask)
    try:
        run_batch(
            "extract",
            TableSpec(str(path), ("text",)),
            str(tmp_path / "out.csv"),
            config=MatcherConfig(MINI),
            options=BatchOptions(on_error="skip"),
        )
    finally:
        os.umask(old)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == mode
    assert (tmp_path / "out.rejected.csv").stat().st_mode & 0o777 == mode
