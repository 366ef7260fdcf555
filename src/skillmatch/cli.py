"""The ``skillmatch`` command line: thin commands over the library.

Each command builds library objects, calls one method and translates library errors into CLI errors.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Any

import click
import pandas as pd

from . import __version__
from .api import SkillMatcher
from .batch import ON_ERROR, BatchOptions, MatcherConfig, run_batch
from .documents import MissingDependencyError
from .errors import (
    ConfigError,
    InputEncodingError,
    InputError,
    OutputError,
    ResumeError,
    TaxonomyError,
    UnknownSkillError,
    WorkerError,
)
from .io import FORMATS, TableSpec, write_table
from .scoring import skill_summary
from .taxonomy import load_taxonomy, validate_taxonomy

__all__ = ["cli", "main"]

#: Exit codes: 0 success; 1 unexpected error, or a worker process died (the finished chunks are kept for
#: --resume); 2 bad usage or options (an unknown suffix or encoding, an output that would overwrite an
#: input or another output); 3 invalid taxonomy; 4 bad input data (missing file or column, malformed row
#: with --on-error fail, undecodable text); 5 a file cannot be read or written (permissions, disk full);
#: 6 --resume refused (the unfinished run used other inputs or settings); 130 interrupted (Ctrl-C, SIGINT);
#: 143 terminated (SIGTERM). After 130 and 143 the finished chunks are kept for --resume.
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_TAXONOMY = 3
EXIT_INPUT = 4
EXIT_OUTPUT = 5
EXIT_RESUME = 6
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
EXIT_CODES = (0, EXIT_ERROR, EXIT_USAGE, EXIT_TAXONOMY, EXIT_INPUT, EXIT_OUTPUT, EXIT_RESUME, 130, 143)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that it unwinds like Ctrl-C (parts kept, workers stopped)."""


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into :class:`_Terminated` for the duration of a batch command (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Fail(click.ClickException):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code


def _translate_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TaxonomyError as exc:
            raise _Fail(str(exc), EXIT_TAXONOMY) from None
        except ResumeError as exc:
            raise _Fail(str(exc), EXIT_RESUME) from None
        except (InputError, InputEncodingError, UnknownSkillError) as exc:
            raise _Fail(str(exc), EXIT_INPUT) from None
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from None
        except UnicodeError as exc:  # a codec's own error, e.g. a UTF-16 stream without a byte-order mark
            raise _Fail(
                f"the input cannot be decoded ({exc}); pass the right --encoding", EXIT_INPUT
            ) from None
        except OutputError as exc:
            raise _Fail(str(exc), EXIT_OUTPUT) from None
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise _Fail(str(exc), EXIT_INPUT) from None
        except MissingDependencyError as exc:
            raise _Fail(str(exc), EXIT_INPUT) from None
        except WorkerError as exc:
            raise _Fail(str(exc), EXIT_ERROR) from None
        except BrokenPipeError:
            raise  # the reader of standard output went away (``| head``): handled in main
        except OSError as exc:
            where = f" '{os.fspath(exc.filename)}'" if exc.filename else ""
            reason = exc.strerror or str(exc)
            raise _Fail(
                f"cannot write or read the file{where}: {reason}; the previous output files are unchanged",
                EXIT_OUTPUT,
            ) from None
        except KeyboardInterrupt as exc:
            code, what = (
                (EXIT_TERMINATED, "terminated")
                if isinstance(exc, _Terminated)
                else (EXIT_INTERRUPTED, "interrupted")
            )
            raise _Fail(
                f"{what}; rerun with --resume to continue from the last finished chunk", code
            ) from None

    return wrapper


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(
            f"unknown encoding {value!r}; valid examples: utf-8, cp1252, latin-1, utf-16"
        ) from None
    return value


def _matcher_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--taxonomy", "taxonomy", default=None, help="Bundled name or path (default: backend)."),
        click.option("--extend", default=None, type=click.Path(exists=True), help="Taxonomy merged on top."),
        click.option("--no-fuzzy", is_flag=True, help="Turn off typo matching."),
        click.option(
            "--fuzzy-cutoff",
            type=click.FloatRange(0.0, 1.0),
            default=None,
            help="Minimum similarity (0-1) of a typo match (default: the matcher's).",
        ),
        click.option(
            "--no-context",
            is_flag=True,
            help="Skip requirement, negation, years and proficiency (faster; not for match).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _io_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("input_path", metavar="INPUT", type=click.Path(allow_dash=True)),
        click.option(
            "--format",
            "input_format",
            type=click.Choice(FORMATS),
            default=None,
            help="Input format (default: from the suffix; CSV on stdin).",
        ),
        click.option(
            "--text-column",
            "-t",
            multiple=True,
            help="Text column (repeat to join several, e.g. -t title -t description).",
        ),
        click.option("--id-column", default=None, help="Id column (default: the row number)."),
        click.option(
            "--keep-columns",
            "-k",
            multiple=True,
            help="Input columns to carry into the output (repeat or comma-separate).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _batch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--encoding", default="utf-8", show_default=True, callback=_check_encoding, help="Input encoding."
        ),
        click.option(
            "--sep",
            "--delimiter",
            "delimiter",
            default=None,
            help="Field delimiter of CSV input, e.g. ';' (default: ',' for .csv, tab for .tsv).",
        ),
        click.option(
            "-o",
            "--output",
            default="-",
            show_default=True,
            help="Output .csv, .tsv, .jsonl or .parquet; - for stdout.",
        ),
        click.option(
            "--output-format",
            type=click.Choice(FORMATS),
            default=None,
            help="Output format (default: from the suffix; CSV on stdout).",
        ),
        click.option(
            "--no-formula-protection",
            is_flag=True,
            help="Write CSV cells starting with = + - @ as they are (default: prefix a quote).",
        ),
        click.option(
            "--workers",
            "-j",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Worker processes; the output is the same for any number.",
        ),
        click.option(
            "--chunk-size",
            type=click.IntRange(min=1),
            default=1000,
            show_default=True,
            help="Rows read and scored at a time (memory does not grow with the input).",
        ),
        click.option(
            "--on-error",
            type=click.Choice(ON_ERROR),
            default="fail",
            show_default=True,
            help="Unreadable rows: stop with an error, or skip them and list them in a side file.",
        ),
        click.option(
            "--rejects",
            default=None,
            help="Side file for skipped rows (default: OUTPUT's name + .rejected.csv).",
        ),
        click.option(
            "--resume",
            "resume_run",
            is_flag=True,
            help="Continue an interrupted run into the same output, keeping its finished chunks.",
        ),
        click.option(
            "--quiet", "-q", is_flag=True, help="Only errors on stderr: no progress bar, no summary."
        ),
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="Run here, or on a Dask cluster (pip install 'skillmatch[dask]').",
        ),
        click.option(
            "--scheduler",
            default=None,
            help="Dask scheduler address (default: a local cluster with --workers processes).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skillmatch")
def cli() -> None:
    """Find back-end developer skills in job postings and résumés."""


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _spec(
    input_path: str,
    text_column: tuple[str, ...],
    id_column: str | None,
    keep: tuple[str, ...],
    input_format: str | None,
    encoding: str,
    what: str = "INPUT",
    delimiter: str | None = None,
) -> TableSpec:
    is_folder = input_path != "-" and Path(input_path).is_dir()
    if not text_column and not is_folder:
        raise click.UsageError(
            f"--text-column is required for the table {what} (a folder of documents needs none)"
        )
    if is_folder and (text_column or id_column):
        raise click.UsageError(
            f"{what} is a folder of documents: each file is one document (columns 'id' and 'text'); "
            "drop --text-column and --id-column"
        )
    if delimiter == "\\t":
        delimiter = "\t"
    return TableSpec(
        input_path,
        _split(text_column),
        id_column,
        _split(keep),
        fmt=input_format,
        encoding=encoding,
        delimiter=None if is_folder else delimiter,
    )


def _table(input_path: str, opts: dict[str, Any]) -> TableSpec:
    return _spec(
        input_path,
        opts["text_column"],
        opts["id_column"],
        opts["keep_columns"],
        opts["input_format"],
        opts["encoding"],
        delimiter=opts["delimiter"],
    )


def _command(kind: str, spec: TableSpec, opts: dict[str, Any], **extra: Any) -> None:
    """Run a batch command from its parsed options (the library does the work)."""
    options = BatchOptions(
        workers=opts["workers"],
        chunk_size=opts["chunk_size"],
        on_error=opts["on_error"],
        resume=opts["resume_run"],
        protect=not opts["no_formula_protection"],
        output_format=opts["output_format"],
        rejects=opts["rejects"],
        progress=False if opts["quiet"] else None,
        **extra,
    )
    config = MatcherConfig(
        opts["taxonomy"],
        opts["extend"],
        fuzzy=not opts["no_fuzzy"],
        fuzzy_cutoff=opts["fuzzy_cutoff"],
        context=not opts["no_context"],
    )
    _run(kind, spec, opts["output"], config, options, opts["quiet"], opts["engine"], opts["scheduler"])


def _run(
    kind: str,
    spec: TableSpec,
    output: str,
    config: MatcherConfig,
    options: BatchOptions,
    quiet: bool,
    engine: str = "local",
    scheduler: str | None = None,
) -> None:
    def log(message: str) -> None:
        if not quiet:
            click.echo(f"skillmatch: {message}", err=True)

    with _sigterm_as_interrupt():
        if engine == "dask":
            from .dask import run_batch_dask

            summary = run_batch_dask(kind, spec, output, config=config, options=options, scheduler=scheduler)
        else:
            summary = run_batch(kind, spec, output, config=config, options=options, log=log)
    for line in summary.lines():
        log(line)


@cli.command()
@_io_options
@_batch_options
@_matcher_options
@_translate_errors
def extract(input_path: str, **opts: Any) -> None:
    """One row per skill mention found in INPUT.

    INPUT is a CSV, TSV, JSONL or Parquet file, - for standard input, or a folder of .txt, .md, .pdf
    and .docx documents. A document without any match keeps one row with an empty skill_id.
    """
    _command("extract", _table(input_path, opts), opts)


@cli.command()
@_io_options
@_batch_options
@_matcher_options
@click.option(
    "--against",
    default=None,
    help="The profile to measure against: comma-separated skill ids and categories "
    "(category:NAME, or a bare category name that is not a skill id). Default: every skill; "
    "then the n_CATEGORY counts say more than the overall share.",
)
@_translate_errors
def coverage(input_path: str, against: str | None, **opts: Any) -> None:
    """One row per document of INPUT with overall and per-category coverage."""
    targets = tuple(s.strip() for s in against.split(",") if s.strip()) if against else None
    _command("coverage", _table(input_path, opts), opts, against=targets)


@cli.command()
@click.option(
    "--resumes",
    "resumes_path",
    required=True,
    help="Résumés: a CSV, TSV, JSONL or Parquet file, or a folder of .txt/.md/.pdf/.docx files.",
)
@click.option(
    "--jobs",
    "jobs_path",
    required=True,
    help="Job postings: a CSV, TSV, JSONL or Parquet file, or a folder of .txt/.md/.pdf/.docx files.",
)
@click.option("--text-column", "-t", multiple=True, help="Résumé text column(s) (not for a folder).")
@click.option("--id-column", default=None, help="Résumé id column (default: the row number or file name).")
@click.option("--jobs-text-column", multiple=True, help="Job text column(s) (default: as --text-column).")
@click.option("--jobs-id-column", default=None, help="Job id column (default: the row number).")
@click.option(
    "--format",
    "input_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Résumés format (default: from the suffix).",
)
@click.option("--top-k", type=click.IntRange(min=1), default=None, help="Only the K best résumés per job.")
@click.option("--report", default=None, help="Also write the gap report (one row per job skill and pair).")
@click.option(
    "--explain", is_flag=True, help="Add a 'reasons' column: each pair's decisive matched and missing skills."
)
@_batch_options
@_matcher_options
@_translate_errors
def match(
    resumes_path: str,
    jobs_path: str,
    jobs_text_column: tuple[str, ...],
    jobs_id_column: str | None,
    top_k: int | None,
    report: str | None,
    explain: bool,
    **opts: Any,
) -> None:
    """Score every résumé against every job: one row per pair (score, coverage, matched, missing)."""
    if opts["no_context"]:
        raise click.UsageError(
            "match needs the context pass (requirement levels drive the scores): drop --no-context"
        )
    resumes = _spec(
        resumes_path,
        opts["text_column"],
        opts["id_column"],
        (),
        opts["input_format"],
        opts["encoding"],
        "--resumes",
        opts["delimiter"],
    )
    jobs_is_folder = jobs_path != "-" and Path(jobs_path).is_dir()
    # a folder of job documents needs no columns; only explicit --jobs-* columns are an error there
    jobs_text = jobs_text_column or (() if jobs_is_folder else opts["text_column"])
    jobs = _spec(
        jobs_path, jobs_text, jobs_id_column, (), None, opts["encoding"], "--jobs", opts["delimiter"]
    )
    _command("match", resumes, opts, jobs=jobs, report=report, top_k=top_k, explain=explain)


@cli.group()
def taxonomy() -> None:
    """Inspect and validate taxonomies."""


@taxonomy.command("show")
@click.argument("source", required=False)
@click.option("--category", default=None, help="Only this category.")
@click.option(
    "-o", "--output", default=None, help="Write the table (.csv, .jsonl, .parquet) instead of printing."
)
@_translate_errors
def taxonomy_show(source: str | None, category: str | None, output: str | None) -> None:
    """Print the skills of a taxonomy (default: the bundled one)."""
    tax = load_taxonomy(source)
    frame = tax.to_frame()
    if category is not None:
        names = list(dict.fromkeys(frame["category"]))
        if category not in names:
            raise click.BadParameter(
                f"no category {category!r} in {tax.name}; valid categories: {', '.join(names)}",
                param_hint="'--category'",
            )
        frame = frame[frame["category"] == category]
    if output:
        write_table(frame, output, protect=True)
        return
    counts = frame["category"].value_counts()
    click.echo(f"{tax.name} {tax.version}: {len(frame)} skills")
    for cat, n in counts.items():
        click.echo(f"  {cat:<18} {n}")
    click.echo()
    view = frame[["id", "name", "category", "aliases", "broader", "source"]].copy()
    view["aliases"] = view["aliases"].map(lambda a: ", ".join(a))
    view["broader"] = view["broader"].map(lambda a: ", ".join(a))
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 40, "display.width", 200):
        click.echo(view.to_string(index=False))


@taxonomy.command("validate")
@click.argument("source", type=click.Path(exists=True))
def taxonomy_validate(source: str) -> None:
    """Check a taxonomy file or folder and report every problem at once."""
    problems = validate_taxonomy(source)
    if not problems:
        click.echo(f"{source}: valid ({len(load_taxonomy(source))} skills)")
        return
    click.echo(f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''}", err=True)
    for problem in problems:
        click.echo(f"  - {problem}", err=True)
    sys.exit(EXIT_TAXONOMY)


def _example(name: str) -> Path:
    return Path(str(resources.files("skillmatch.examples") / name))


@cli.command()
@_translate_errors
def demo() -> None:
    """Run on the bundled example postings and print what was found."""
    postings = pd.read_csv(_example("postings.csv")).set_index("job_id")
    matcher = SkillMatcher()
    matches, cover = matcher.extract_and_cover(postings, text_column="description")
    click.echo(
        f"skillmatch {__version__}: {len(postings)} example postings, {len(matcher.taxonomy)} skills\n"
    )
    summary = skill_summary(matches)
    for job_id, row in postings.iterrows():
        found = summary[summary["doc_id"] == job_id]
        click.echo(click.style(f"{job_id}  {row['title']}", bold=True))
        wanted = found[~found["negated"]]
        if wanted.empty:
            click.echo("  no back-end skills found\n")
            continue
        for category, group in wanted.groupby("category", sort=False):
            names = [
                s if level == "unspecified" else f"{s} ({level})"
                for s, level in zip(group["skill"], group["requirement"], strict=True)
            ]
            click.echo(f"  {category:<17} " + ", ".join(names))
        negated = found[found["negated"]]
        if not negated.empty:
            click.echo(f"  {'not wanted':<17} " + ", ".join(negated["skill"]))
        click.echo()
    summary = cover.set_index("doc_id")[["n_skills", "n_matches", "coverage"]]
    with pd.option_context("display.float_format", "{:.3f}".format):
        click.echo(summary.to_string())


@cli.command("report")
@click.argument("input_path", metavar="[INPUT]", required=False)
@click.option("--resumes", "resumes_path", default=None, help="Résumés (a table or a folder): pair mode.")
@click.option("--jobs", "jobs_path", default=None, help="Job postings (a table): pair mode.")
@click.option("--text-column", "-t", multiple=True, help="Text column(s) of INPUT or of the résumés.")
@click.option("--id-column", default=None, help="Id column of INPUT or of the résumés.")
@click.option("--jobs-text-column", multiple=True, help="Job text column(s) (default: as --text-column).")
@click.option("--jobs-id-column", default=None, help="Job id column (default: the row number).")
@click.option(
    "--detail", type=click.IntRange(min=0), default=3, show_default=True, help="Pairs shown per job."
)
@click.option("--title", default=None, help="Page title.")
@click.option("-o", "--output", required=True, help="The HTML file to write.")
@_matcher_options
@_translate_errors
def report_command(input_path: str | None, **opts: Any) -> None:
    """Write a self-contained HTML report: the market view of INPUT, or --resumes against --jobs."""
    from .report import report

    def columns(values: tuple[str, ...]) -> str | list[str] | None:
        parts = _split(values)
        return parts[0] if len(parts) == 1 else list(parts) or None

    matcher = SkillMatcher(load_taxonomy(opts["taxonomy"], extend=opts["extend"]), fuzzy=not opts["no_fuzzy"])
    report(
        input_path,
        resumes=opts["resumes_path"],
        jobs=opts["jobs_path"],
        text_column=columns(opts["text_column"]),
        id_column=opts["id_column"],
        resume_text_column=columns(opts["text_column"]),
        resume_id_column=opts["id_column"],
        job_text_column=columns(opts["jobs_text_column"]),
        job_id_column=opts["jobs_id_column"],
        matcher=matcher,
        detail=opts["detail"],
        title=opts["title"],
        path=opts["output"],
    )


def main() -> None:
    """Console entry point."""
    try:
        cli(prog_name="skillmatch")
    except BrokenPipeError:
        # stdout was closed early (``skillmatch extract ... | head``): stop quietly, as Python's docs advise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
