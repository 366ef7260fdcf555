from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from skillmatch import SkillMatcher, load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures"

# A short sample in the default suite; `--hypothesis-profile long` for the published figures.
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")


@pytest.fixture(scope="session")
def mini_taxonomy():
    return load_taxonomy(FIXTURES / "mini_taxonomy.yaml")


@pytest.fixture(scope="session")
def mini_matcher(mini_taxonomy):
    return SkillMatcher(mini_taxonomy)


@pytest.fixture(scope="session")
def matcher():
    """The bundled taxonomy with default settings."""
    return SkillMatcher()


def taxonomy_with_rules(tmp_path: Path, rules: str) -> Path:
    """A folder holding the mini taxonomy with its own rules file (``my_rules.yaml``, text ``rules``)."""
    folder = tmp_path / "tax"
    folder.mkdir()
    text = (FIXTURES / "mini_taxonomy.yaml").read_text(encoding="utf-8")
    (folder / "taxonomy.yaml").write_text("rules: my_rules.yaml\n" + text, encoding="utf-8")
    (folder / "my_rules.yaml").write_text(rules, encoding="utf-8")
    return folder


def found(frame, doc_id=None):
    """The skill ids of an extract frame (one document if doc_id is given), negated ones excluded."""
    if doc_id is not None:
        frame = frame[frame["doc_id"] == doc_id]
    return list(frame.loc[~frame["negated"], "skill_id"])
