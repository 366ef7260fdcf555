"""Skills and taxonomies: load from YAML, validate (every problem at once), merge, inspect.

A taxonomy is a folder holding a manifest ``taxonomy.yaml`` (name, version, categories, global exclusions)
and any number of ``*.yaml`` files with a ``skills:`` list, or a single YAML file holding both. The format
is documented in ``docs/taxonomy-format.md``. YAML is read with PyYAML's safe loader only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import TaxonomyError, TaxonomyProblem, UnknownSkillError
from .rules import validate_rules

__all__ = ["Category", "Skill", "Taxonomy", "bundled_taxonomies", "load_taxonomy", "validate_taxonomy"]

DEFAULT_TAXONOMY = "backend"
MANIFEST = "taxonomy.yaml"
SOURCES = ("guide", "extended")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LIST_FIELDS = (
    "aliases",
    "broader",
    "patterns",
    "ambiguous",
    "needs_context",
    "case_sensitive",
    "context",
    "exclude",
)
_BOOL_FIELDS = {"fuzzy": True, "umbrella": False}  # optional true/false fields and their defaults
_SKILL_FIELDS = ("id", "name", "category", "source", "description", *_BOOL_FIELDS, *_LIST_FIELDS)
# values that YAML aliases may add to a file when expanded; a taxonomy that shares a few lists stays far below
MAX_ALIAS_EXPANSION = 100_000
_ANCHOR_RE = re.compile(r"(?:^|[\s\[{,:-])&[^\s\]},]")  # a YAML anchor, without which no alias exists
_MANIFEST_FIELDS = ("name", "version", "description", "categories", "exclude", "rules", "skills")


def _key(text: str) -> str:
    """The case- and space-insensitive key under which aliases are compared."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Category:
    """A category of skills (``languages``, ``databases``, ...)."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Skill:
    """One skill of a taxonomy. ``surface_forms`` are the strings matched in text (name first)."""

    id: str
    name: str
    category: str
    source: str = "extended"
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    description: str = ""
    patterns: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    #: ambiguous forms that need their own context even in a text that names many technologies: everyday
    #: words whose other sense is common in technical text too ("messaging" of marketing, printer "queues")
    needs_context: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fuzzy: bool = True
    umbrella: bool = False

    @property
    def surface_forms(self) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        for form in (self.name, *self.aliases):
            seen.setdefault(_key(form), form.strip())
        return tuple(seen.values())

    def is_ambiguous(self, form: str) -> bool:
        return _key(form) in {_key(a) for a in self.ambiguous}

    def needs_own_context(self, form: str) -> bool:
        return _key(form) in {_key(a) for a in self.needs_context}

    def is_case_sensitive(self, form: str) -> bool:
        return _key(form) in {_key(a) for a in self.case_sensitive}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "category": self.category}
        for name in _LIST_FIELDS:
            value = getattr(self, name)
            if value:
                out[name] = list(value)
        out["source"] = self.source
        if self.description:
            out["description"] = self.description
        if not self.fuzzy:
            out["fuzzy"] = False
        if self.umbrella:
            out["umbrella"] = True
        return out


@dataclass
class Taxonomy:
    """A validated set of skills with categories and a ``broader`` hierarchy.

    >>> tax = load_taxonomy()
    >>> "python" in tax and tax["django"].category == "frameworks"
    True
    >>> "python" in tax.ancestors("django")
    True
    """

    name: str
    version: str
    categories: dict[str, Category]
    skills: dict[str, Skill]
    description: str = ""
    exclude: tuple[str, ...] = ()
    origin: str = ""
    #: the rules file (words the matching rules look for) named by the manifest; None: the bundled rules
    rules: str | None = None
    _children: dict[str, set[str]] | None = field(default=None, repr=False, compare=False)

    # -- container protocol ----
    def __len__(self) -> int:
        return len(self.skills)

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self.skills

    def __iter__(self) -> Iterator[Skill]:
        return iter(self.skills.values())

    def __getitem__(self, skill_id: str) -> Skill:
        try:
            return self.skills[skill_id]
        except (KeyError, TypeError):
            close = difflib.get_close_matches(str(skill_id), list(self.skills), n=5, cutoff=0.6)
            raise UnknownSkillError(skill_id, close) from None

    def get(self, skill_id: str, default: Skill | None = None) -> Skill | None:
        return self.skills.get(skill_id, default)

    @property
    def ids(self) -> list[str]:
        return list(self.skills)

    def __repr__(self) -> str:
        return f"Taxonomy(name={self.name!r}, version={self.version!r}, skills={len(self)})"

    def _repr_html_(self) -> str:
        from .render import taxonomy_html

        return taxonomy_html(self)

    # -- hierarchy ----
    def ancestors(self, skill_id: str) -> set[str]:
        """Every skill reachable through ``broader`` links (not including the skill itself)."""
        seen: set[str] = set()
        stack = list(self[skill_id].broader)
        while stack:
            sid = stack.pop()
            if sid not in seen and sid in self.skills:
                seen.add(sid)
                stack.extend(self.skills[sid].broader)
        return seen

    def children(self, skill_id: str) -> set[str]:
        """Skills that name ``skill_id`` directly as broader."""
        if self._children is None:
            kids: dict[str, set[str]] = {}
            for skill in self.skills.values():
                for parent in skill.broader:
                    kids.setdefault(parent, set()).add(skill.id)
            self._children = kids
        self[skill_id]
        return set(self._children.get(skill_id, set()))

    def descendants(self, skill_id: str) -> set[str]:
        """Every skill below ``skill_id`` in the hierarchy."""
        seen: set[str] = set()
        stack = list(self.children(skill_id))
        while stack:
            sid = stack.pop()
            if sid not in seen:
                seen.add(sid)
                stack.extend(self.children(sid))
        return seen

    def in_category(self, category: str) -> list[str]:
        if category not in self.categories:
            raise TaxonomyError(
                f"unknown category {category!r}; valid categories: {', '.join(self.categories)}"
            )
        return [s.id for s in self.skills.values() if s.category == category]

    # -- derived taxonomies ----
    def merge(self, other: Taxonomy) -> Taxonomy:
        """A new taxonomy: ``self`` extended by ``other``; a skill in both takes ``other``'s definition."""
        skills = dict(self.skills)
        skills.update(other.skills)
        categories = {**self.categories, **other.categories}
        exclude = tuple(dict.fromkeys((*self.exclude, *other.exclude)))
        merged = Taxonomy(
            name=self.name,
            version=self.version,
            categories=categories,
            skills=skills,
            description=self.description,
            exclude=exclude,
            origin=f"{self.origin} + {other.origin}",
            rules=other.rules or self.rules,
        )
        _raise_if_problems(_check_graph(merged.origin, merged))
        return merged

    def subset(self, *, categories: Iterable[str] | None = None, exclude_ids: Iterable[str] = ()) -> Taxonomy:
        """A new taxonomy keeping only ``categories`` (all if None) and dropping ``exclude_ids``.
        Broader links to dropped skills are removed."""
        cats = list(self.categories) if categories is None else list(categories)
        for cat in cats:
            self.in_category(cat)  # raises on an unknown category
        drop = set(exclude_ids)
        for sid in drop:
            self[sid]
        keep = {sid: s for sid, s in self.skills.items() if s.category in cats and sid not in drop}
        skills = {
            sid: replace(s, broader=tuple(b for b in s.broader if b in keep)) for sid, s in keep.items()
        }
        return Taxonomy(
            name=self.name,
            version=self.version,
            categories={c: self.categories[c] for c in cats},
            skills=skills,
            description=self.description,
            exclude=self.exclude,
            origin=self.origin,
            rules=self.rules,
        )

    # -- export ----
    def to_frame(self) -> pd.DataFrame:
        """One row per skill: ``id, name, category, aliases, broader, source`` (plus description)."""
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "category": s.category,
                "aliases": list(s.aliases),
                "broader": list(s.broader),
                "source": s.source,
                "description": s.description,
            }
            for s in self.skills.values()
        ]
        frame = pd.DataFrame(
            rows, columns=["id", "name", "category", "aliases", "broader", "source", "description"]
        )
        for col in ("id", "name", "category", "source", "description"):
            frame[col] = frame[col].astype("string")
        return frame

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "categories": {
                c.id: {"name": c.name, "description": c.description} for c in self.categories.values()
            },
            "exclude": list(self.exclude),
            **({"rules": self.rules} if self.rules else {}),
            "skills": [s.to_dict() for s in self.skills.values()],
        }

    def to_yaml(self, path: str | Path) -> Path:
        """Write the whole taxonomy as one YAML file (atomically) and return its path."""
        from .io import atomic_write_text

        text = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=110)
        return atomic_write_text(Path(path), text)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "<dict>") -> Taxonomy:
        """Build and validate a taxonomy from plain data (the single-file YAML layout)."""
        problems: list[TaxonomyProblem] = []
        manifest = _read_manifest(data, origin, problems, require_categories=False)
        skills = _read_skills(data.get("skills"), origin, problems)
        return _assemble(manifest, [(origin, skills)], origin, problems)


# -- loading ----
def bundled_taxonomies() -> list[str]:
    """Names of the taxonomies shipped with skillmatch."""
    root = resources.files("skillmatch.taxonomies")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / MANIFEST).is_file())


def _bundled_path(name: str) -> Path:
    root = resources.files("skillmatch.taxonomies")
    candidate = root / name
    if not (candidate.is_dir() and (candidate / MANIFEST).is_file()):
        raise TaxonomyError(
            f"no bundled taxonomy named {name!r} and no such file or folder; "
            f"bundled taxonomies: {', '.join(bundled_taxonomies())}"
        )
    return Path(str(candidate))


def load_taxonomy(
    source: str | Path | Taxonomy | None = None, *, extend: str | Path | Taxonomy | None = None
) -> Taxonomy:
    """Load a taxonomy.

    Parameters
    ----------
    source
        ``None`` for the bundled back-end taxonomy, the name of a bundled taxonomy, a path to a YAML file
        or a taxonomy folder, or a :class:`Taxonomy` (returned as is).
    extend
        Optional second taxonomy (same forms) merged on top of ``source``: new skills are added and a skill
        with the same id replaces the original. A file used this way may omit ``categories`` (the base's
        are used).

    Raises
    ------
    TaxonomyError
        With every problem found, each naming the file and skill.

    >>> tax = load_taxonomy()
    >>> len(tax) >= 250
    True
    """
    base = _load_one(source, base_categories=None)
    if extend is None:
        return base
    return base.merge(_load_one(extend, base_categories=base.categories))


def _load_one(source: str | Path | Taxonomy | None, base_categories: dict[str, Category] | None) -> Taxonomy:
    if isinstance(source, Taxonomy):
        return source
    if source is None:
        source = DEFAULT_TAXONOMY
    if not isinstance(source, str | Path):
        raise TypeError(
            f"taxonomy must be None, a bundled name, a path or a Taxonomy, not {type(source).__name__}"
        )
    path = Path(source)
    if not path.exists():
        if isinstance(source, str) and "/" not in source and not path.suffix:
            path = _bundled_path(source)
        else:
            raise TaxonomyError(f"no such taxonomy file or folder: {str(source)!r}")
    if base_categories is None:
        base_categories = _default_categories() if path != _safe_bundled_default() else None
    return _load_path(path, base_categories)


def _safe_bundled_default() -> Path | None:
    try:
        return _bundled_path(DEFAULT_TAXONOMY)
    except TaxonomyError:
        return None


def _default_categories() -> dict[str, Category] | None:
    default = _safe_bundled_default()
    if default is None:
        return None
    problems: list[TaxonomyProblem] = []
    data = _read_yaml(default / MANIFEST, problems)
    if problems or not isinstance(data, Mapping):
        return None
    return _read_manifest(data, str(default / MANIFEST), problems, require_categories=True)["categories"]


def validate_taxonomy(source: str | Path) -> list[TaxonomyProblem]:
    """Every problem in a taxonomy file or folder (an empty list when it is valid)."""
    try:
        _load_one(source, base_categories=None)
    except TaxonomyError as exc:
        return exc.problems
    return []


def _load_path(path: Path, base_categories: dict[str, Category] | None) -> Taxonomy:
    problems: list[TaxonomyProblem] = []
    origin = str(path)
    if path.is_dir():
        manifest_path = path / MANIFEST
        if not manifest_path.is_file():
            raise TaxonomyError(f"taxonomy folder has no {MANIFEST} manifest", file=origin)
        data = _read_yaml(manifest_path, problems)
        if not isinstance(data, Mapping):
            if data is not None or not problems:
                problems.append(TaxonomyProblem(str(manifest_path), None, "the manifest must be a mapping"))
            raise TaxonomyError(problems)
        manifest = _read_manifest(data, str(manifest_path), problems, require_categories=True)
        parts = [(str(manifest_path), _read_skills(data.get("skills"), str(manifest_path), problems))]
        for file in sorted(path.glob("*.y*ml")):
            if file.name == MANIFEST or file.suffix not in (".yaml", ".yml"):
                continue
            if manifest["rules"] == str(file.resolve()):  # the rules file, not skills
                continue
            content = _read_yaml(file, problems)
            if content is None:
                continue
            if not isinstance(content, Mapping) or "skills" not in content:
                problems.append(TaxonomyProblem(str(file), None, "expected a mapping with a 'skills' list"))
                continue
            extra = set(content) - {"skills"}
            if extra:
                problems.append(
                    TaxonomyProblem(str(file), None, f"unknown keys {sorted(extra)}; valid keys: ['skills']")
                )
            parts.append((str(file), _read_skills(content["skills"], str(file), problems)))
        return _assemble(manifest, parts, origin, problems)
    data = _read_yaml(path, problems)
    if not isinstance(data, Mapping):
        if not problems:
            problems.append(TaxonomyProblem(origin, None, "expected a mapping with a 'skills' list"))
        raise TaxonomyError(problems)
    manifest = _read_manifest(data, origin, problems, require_categories=base_categories is None)
    if not manifest["categories"] and base_categories:
        manifest["categories"] = dict(base_categories)
    return _assemble(
        manifest, [(origin, _read_skills(data.get("skills"), origin, problems))], origin, problems
    )


def _read_yaml(path: Path, problems: list[TaxonomyProblem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            TaxonomyProblem(str(path), None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        )
        return None
    except OSError as exc:
        problems.append(TaxonomyProblem(str(path), None, f"cannot be read: {exc.strerror}"))
        return None
    try:
        # the C-accelerated safe loader when PyYAML was built with libyaml; both build only plain data
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            problem = _alias_problem(node) if _ANCHOR_RE.search(text) else None
            if problem:
                problems.append(TaxonomyProblem(str(path), None, problem))
                return None
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(TaxonomyProblem(str(path), None, f"invalid YAML{where}: {reason}"))
        return None


def _alias_problem(root: yaml.Node) -> str | None:
    """Why the YAML node graph may not be built, or None: aliases (``*name``) that refer to themselves,
    or that would expand the document by more than ``MAX_ALIAS_EXPANSION`` values (a "billion laughs"
    file, a few hundred bytes that become gigabytes once its aliases are followed). Counted on the
    composed graph, in which every alias is one shared node, so the check costs one pass over the file."""
    sizes: dict[int, int] = {}  # node id -> values in its expansion
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            return f"a YAML alias refers to the value that contains it (line {node.start_mark.line + 1})"
        open_nodes.add(key)
        distinct += 1
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    if sizes[id(root)] - distinct > MAX_ALIAS_EXPANSION:
        return (
            f"YAML aliases expand this file to {sizes[id(root)]:,} values from {distinct:,} written "
            f"(more than {MAX_ALIAS_EXPANSION:,} added); write the values out instead of using aliases"
        )
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _read_manifest(
    data: Mapping[str, Any], file: str, problems: list[TaxonomyProblem], *, require_categories: bool
) -> dict[str, Any]:
    unknown = set(data) - set(_MANIFEST_FIELDS)
    if unknown:
        problems.append(
            TaxonomyProblem(
                file, None, f"unknown keys {sorted(unknown)}; valid keys: {list(_MANIFEST_FIELDS)}"
            )
        )
    name = data.get("name", Path(file).stem)
    version = data.get("version", "0")
    if not isinstance(name, str) or not name.strip():
        problems.append(TaxonomyProblem(file, None, f"'name' must be a non-empty string, got {name!r}"))
        name = Path(file).stem
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str):
        problems.append(
            TaxonomyProblem(file, None, f"'version' must be a string such as '1.0.0', got {version!r}")
        )
        version = "0"
    description = data.get("description") or ""
    categories: dict[str, Category] = {}
    raw = data.get("categories")
    if raw is None:
        if require_categories:
            problems.append(
                TaxonomyProblem(file, None, "missing 'categories' (a mapping of category id to name)")
            )
    elif not isinstance(raw, Mapping):
        problems.append(
            TaxonomyProblem(file, None, f"'categories' must be a mapping, got {type(raw).__name__}")
        )
    else:
        for cid, spec in raw.items():
            if not isinstance(cid, str) or not ID_RE.match(cid):
                problems.append(
                    TaxonomyProblem(file, None, f"category id {cid!r} must be lowercase kebab-case")
                )
                continue
            if isinstance(spec, str):
                categories[cid] = Category(cid, spec)
            elif isinstance(spec, Mapping) and isinstance(spec.get("name", cid), str):
                stray = set(spec) - {"name", "description"}
                if stray:
                    problems.append(
                        TaxonomyProblem(
                            file,
                            None,
                            f"category {cid!r} has unknown keys {sorted(map(str, stray))}; valid keys: "
                            "['name', 'description'] (quote a description that contains commas)",
                        )
                    )
                categories[cid] = Category(cid, spec.get("name", cid), str(spec.get("description") or ""))
            else:
                problems.append(
                    TaxonomyProblem(file, None, f"category {cid!r} must be a name or a mapping with 'name'")
                )
    exclude = _string_list(data.get("exclude"), "exclude", file, None, problems)
    return {
        "name": name,
        "version": version,
        "description": str(description),
        "categories": categories,
        "exclude": exclude,
        "rules": _rules_path(data.get("rules"), file, problems),
    }


def _rules_path(value: Any, file: str, problems: list[TaxonomyProblem]) -> str | None:
    """The manifest's rules file (relative to the manifest), checked; None when it names none."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        message = f"rules: expected the path of a rules file, got {value!r}"
        problems.append(TaxonomyProblem(file, None, message))
        return None
    base = Path(file).parent if Path(file).is_file() else Path.cwd()
    path = (base / value).resolve()
    if not path.is_file():
        problems.append(TaxonomyProblem(file, None, f"rules: no rules file at {path}"))
        return None
    problems.extend(validate_rules(path))
    return str(path)


def _string_list(
    value: Any, field_name: str, file: str, skill: str | None, problems: list[TaxonomyProblem]
) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(
            TaxonomyProblem(
                file, skill, f"'{field_name}' must be a list of strings, got {type(value).__name__} {value!r}"
            )
        )
        return ()
    out: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            problems.append(
                TaxonomyProblem(file, skill, f"'{field_name}' entries must be strings, got {item!r}")
            )
        elif not str(item).strip():
            problems.append(TaxonomyProblem(file, skill, f"'{field_name}' has an empty entry"))
        else:
            out.append(str(item).strip())
    return tuple(dict.fromkeys(out))


def _read_skills(raw: Any, file: str, problems: list[TaxonomyProblem]) -> list[Skill]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(TaxonomyProblem(file, None, f"'skills' must be a list, got {type(raw).__name__}"))
        return []
    skills = []
    for pos, entry in enumerate(raw, 1):
        if not isinstance(entry, Mapping):
            problems.append(TaxonomyProblem(file, None, f"skill #{pos} must be a mapping, got {entry!r}"))
            continue
        sid = entry.get("id")
        label = sid if isinstance(sid, str) else f"#{pos}"
        n_before = len(problems)
        unknown = set(entry) - set(_SKILL_FIELDS)
        if unknown:
            problems.append(
                TaxonomyProblem(
                    file, label, f"unknown keys {sorted(unknown)}; valid keys: {list(_SKILL_FIELDS)}"
                )
            )
        if not isinstance(sid, str) or not ID_RE.match(sid):
            problems.append(
                TaxonomyProblem(
                    file, label, f"'id' must be lowercase kebab-case (e.g. 'ruby-on-rails'), got {sid!r}"
                )
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(TaxonomyProblem(file, label, f"'name' must be a non-empty string, got {name!r}"))
        category = entry.get("category")
        if not isinstance(category, str):
            problems.append(TaxonomyProblem(file, label, f"'category' must be a string, got {category!r}"))
        source = entry.get("source", "extended")
        if source not in SOURCES:
            problems.append(
                TaxonomyProblem(file, label, f"'source' is {source!r}; valid: {', '.join(SOURCES)}")
            )
        description = entry.get("description") or ""
        if not isinstance(description, str):
            problems.append(TaxonomyProblem(file, label, "'description' must be a string"))
        flags = {f: entry.get(f, default) for f, default in _BOOL_FIELDS.items()}
        for f, value in flags.items():
            if not isinstance(value, bool):
                problems.append(TaxonomyProblem(file, label, f"'{f}' must be true or false, got {value!r}"))
        lists = {f: _string_list(entry.get(f), f, file, label, problems) for f in _LIST_FIELDS}
        if len(problems) > n_before:
            continue
        skill = Skill(
            id=sid,
            name=name.strip(),
            category=category,
            source=source,
            description=description.strip(),
            **flags,
            **lists,
        )
        forms = {_key(f) for f in skill.surface_forms}
        for flag in ("ambiguous", "case_sensitive"):
            for alias in getattr(skill, flag):
                if _key(alias) not in forms:
                    problems.append(
                        TaxonomyProblem(
                            file,
                            sid,
                            f"'{flag}' entry {alias!r} is not the skill's name or one of its aliases",
                        )
                    )
        ambiguous = {_key(a) for a in skill.ambiguous}
        for form in skill.needs_context:
            if _key(form) not in ambiguous:
                listed = ", ".join(repr(a) for a in skill.ambiguous) or "none"
                problems.append(
                    TaxonomyProblem(
                        file,
                        sid,
                        f"'needs_context' entry {form!r} is not listed under 'ambiguous' (listed: {listed})",
                    )
                )
        for pattern in skill.patterns:
            from .patterns import PatternError, parse_pattern

            try:
                parse_pattern(pattern)
            except PatternError as exc:
                problems.append(TaxonomyProblem(file, sid, str(exc)))
        skills.append(skill)
    return skills


def _assemble(
    manifest: dict[str, Any],
    parts: list[tuple[str, list[Skill]]],
    origin: str,
    problems: list[TaxonomyProblem],
) -> Taxonomy:
    skills: dict[str, Skill] = {}
    where: dict[str, str] = {}
    categories: dict[str, Category] = manifest["categories"]
    for file, items in parts:
        for skill in items:
            if skill.id in skills:
                problems.append(
                    TaxonomyProblem(file, skill.id, f"duplicate id (already defined in {where[skill.id]})")
                )
                continue
            if categories and skill.category not in categories:
                problems.append(
                    TaxonomyProblem(
                        file,
                        skill.id,
                        f"unknown category {skill.category!r}; valid categories: {', '.join(categories)}",
                    )
                )
            skills[skill.id] = skill
            where[skill.id] = file
    if not skills and not any(p.file in {f for f, _ in parts} for p in problems):
        problems.append(
            TaxonomyProblem(
                origin, None, "defines no skills; give a 'skills' list of mappings with id, name and category"
            )
        )
    tax = Taxonomy(
        name=manifest["name"],
        version=manifest["version"],
        categories=categories,
        skills=skills,
        description=manifest["description"],
        exclude=manifest["exclude"],
        origin=origin,
        rules=manifest["rules"],
    )
    problems.extend(_check_graph(origin, tax, where))
    _raise_if_problems(problems)
    return tax


def _check_graph(origin: str, tax: Taxonomy, where: dict[str, str] | None = None) -> list[TaxonomyProblem]:
    """Broader links exist, no cycles, and shared aliases are disambiguated."""
    where = where or {}
    problems: list[TaxonomyProblem] = []
    for skill in tax.skills.values():
        for parent in skill.broader:
            if parent == skill.id:
                problems.append(
                    TaxonomyProblem(where.get(skill.id, origin), skill.id, "lists itself as broader")
                )
            elif parent not in tax.skills:
                close = difflib.get_close_matches(parent, list(tax.skills), n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                problems.append(
                    TaxonomyProblem(
                        where.get(skill.id, origin), skill.id, f"unknown broader skill {parent!r}{hint}"
                    )
                )
    # cycles: iterative DFS with colours
    colour: dict[str, int] = {}
    for root in tax.skills:
        if colour.get(root):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(tax.skills[root].broader))]
        path = [root]
        colour[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next((p for p in it if p in tax.skills and p != node), None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
                path.pop()
            elif colour.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                problems.append(
                    TaxonomyProblem(
                        where.get(node, origin), node, "broader links form a cycle: " + " -> ".join(cycle)
                    )
                )
            elif not colour.get(nxt):
                colour[nxt] = 1
                stack.append((nxt, iter(tax.skills[nxt].broader)))
                path.append(nxt)
    # aliases claimed by several skills
    owners: dict[str, list[Skill]] = {}
    for skill in tax.skills.values():
        for form in skill.surface_forms:
            owners.setdefault(_key(form), []).append(skill)
    for form, claimants in owners.items():
        if len(claimants) < 2:
            continue
        unresolved = [s for s in claimants if not (s.is_ambiguous(form) and s.context)]
        if unresolved:
            ids = ", ".join(s.id for s in claimants)
            bad = unresolved[0]
            problems.append(
                TaxonomyProblem(
                    where.get(bad.id, origin),
                    bad.id,
                    f"alias {form!r} is claimed by several skills ({ids}); list it under 'ambiguous' "
                    "and give 'context' words in each of them, or remove it from all but one",
                )
            )
    return problems


def _raise_if_problems(problems: list[TaxonomyProblem]) -> None:
    if problems:
        raise TaxonomyError(problems)
