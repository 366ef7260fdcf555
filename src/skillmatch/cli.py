"""The ``skillmatch`` command line: thin commands over the library.

Each command builds library objects, calls one method and translates library errors into CLI errors.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Any

import click
import pandas as pd

from . import __version__
from .api import SkillMatcher
from .errors import ConfigError, InputEncodingError, InputError, TaxonomyError, UnknownSkillError
from .io import read_table, write_table
from .scoring import skill_summary
from .taxonomy import load_taxonomy, validate_taxonomy

__all__ = ["cli", "main"]

#: Exit codes: 0 success; 1 unexpected error; 2 bad usage or options; 3 invalid taxonomy; 4 bad input data.
EXIT_TAXONOMY = 3
EXIT_INPUT = 4


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
        except (InputError, InputEncodingError, UnknownSkillError) as exc:
            raise _Fail(str(exc), EXIT_INPUT) from None
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from None

    return wrapper


def _matcher_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--taxonomy", "taxonomy", default=None, help="Bundled name or path (default: backend)."),
        click.option("--extend", default=None, type=click.Path(exists=True), help="Taxonomy merged on top."),
        click.option("--no-fuzzy", is_flag=True, help="Turn off typo matching."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _io_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, allow_dash=True)),
        click.option(
            "--text-column", "-t", multiple=True, required=True, help="Text column (repeat to join)."
        ),
        click.option("--id-column", default=None, help="Id column (default: the row number)."),
        click.option("--encoding", default="utf-8", show_default=True, help="Input encoding."),
        click.option(
            "-o",
            "--output",
            default="-",
            show_default=True,
            help="Output .csv, .jsonl or .parquet; - for stdout.",
        ),
        click.option(
            "--no-formula-protection", is_flag=True, help="Write CSV cells starting with = + - @ as they are."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _make_matcher(taxonomy: str | None, extend: str | None, no_fuzzy: bool) -> SkillMatcher:
    return SkillMatcher(load_taxonomy(taxonomy, extend=extend), fuzzy=not no_fuzzy)


def _read(
    input_path: str, text_column: tuple[str, ...], id_column: str | None, encoding: str
) -> pd.DataFrame:
    frame = read_table(input_path, encoding=encoding)
    missing = [c for c in [*text_column, *([id_column] if id_column else [])] if c not in frame.columns]
    if missing:
        raise InputError(
            f"column {missing[0]!r} is not in {input_path}; its columns are: {', '.join(map(str, frame.columns))}"
        )
    if id_column is None:
        frame.index = pd.RangeIndex(len(frame), name="row")
    return frame


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skillmatch")
def cli() -> None:
    """Find back-end developer skills in job postings and résumés."""


@cli.command()
@_io_options
@_matcher_options
@_translate_errors
def extract(
    input_path: str,
    text_column: tuple[str, ...],
    id_column: str | None,
    encoding: str,
    output: str,
    no_formula_protection: bool,
    taxonomy: str | None,
    extend: str | None,
    no_fuzzy: bool,
) -> None:
    """One row per skill mention found in INPUT (CSV, TSV, JSONL or Parquet)."""
    frame = _read(input_path, text_column, id_column, encoding)
    matcher = _make_matcher(taxonomy, extend, no_fuzzy)
    result = matcher.extract(frame, text_column=list(text_column), id_column=id_column)
    write_table(result, output, protect=not no_formula_protection)


@cli.command()
@_io_options
@_matcher_options
@click.option("--against", default=None, help="Comma-separated skill ids to score against (default: all).")
@_translate_errors
def coverage(
    input_path: str,
    text_column: tuple[str, ...],
    id_column: str | None,
    encoding: str,
    output: str,
    no_formula_protection: bool,
    taxonomy: str | None,
    extend: str | None,
    no_fuzzy: bool,
    against: str | None,
) -> None:
    """One row per document of INPUT with overall and per-category coverage."""
    frame = _read(input_path, text_column, id_column, encoding)
    matcher = _make_matcher(taxonomy, extend, no_fuzzy)
    targets = [s.strip() for s in against.split(",") if s.strip()] if against else None
    result = matcher.coverage(frame, text_column=list(text_column), id_column=id_column, against=targets)
    write_table(result, output, protect=not no_formula_protection)


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
        tax.in_category(category)
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


def main() -> None:
    """Console entry point."""
    cli(prog_name="skillmatch")


if __name__ == "__main__":  # pragma: no cover
    main()
