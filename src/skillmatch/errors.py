"""Every error skillmatch raises. Each subclasses a built-in exception, names the bad value and lists
what is valid, so that ``except ValueError`` still works for callers who do not import these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TaxonomyProblem:
    """One problem found while validating a taxonomy."""

    file: str
    skill: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.skill is not None:
            where.append(f"skill '{self.skill}'")
        return ": ".join([*where, self.message])


class TaxonomyError(ValueError):
    """A taxonomy file or folder is invalid. ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: list[TaxonomyProblem] | TaxonomyProblem | str, *, file: str = "") -> None:
        if isinstance(problems, str):
            problems = [TaxonomyProblem(file, None, problems)]
        elif isinstance(problems, TaxonomyProblem):
            problems = [problems]
        self.problems: list[TaxonomyProblem] = list(problems)
        n = len(self.problems)
        head = f"Invalid taxonomy ({n} problem{'s' if n != 1 else ''}):"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class UnknownSkillError(KeyError):
    """A skill id that the taxonomy does not contain."""

    def __init__(self, skill_id: object, suggestions: list[str]) -> None:
        self.skill_id = skill_id
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown skill id {skill_id!r}.{hint}")

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


class PatternError(ValueError):
    """A lemma phrase pattern that cannot be parsed."""


class InputError(ValueError):
    """Input texts of the wrong shape or type: a missing column, a value that is not text."""


class InputEncodingError(UnicodeError):
    """Bytes that cannot be decoded with the given encoding."""


class ConfigError(ValueError):
    """A setting outside its valid range or set of choices."""


class ResumeError(ValueError):
    """A batch run cannot be resumed: the unfinished run used other inputs or settings."""


class OutputError(OSError):
    """An output file cannot be written where it was asked for (its folder cannot be created or written)."""


class WorkerError(RuntimeError):
    """A worker process of a parallel batch run died (killed, or out of memory) before its chunk was done."""


def choices(values: object) -> str:
    """Format a list of valid values for an error message."""
    return ", ".join(repr(v) for v in values)  # type: ignore[attr-defined]
