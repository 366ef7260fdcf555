"""The Python examples in README.md run as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_blocks_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 3
    namespace: dict[str, object] = {}
    for block in blocks:
        if "my-skills.yaml" in block or "en_core_web_sm" in block:
            continue  # needs a user file or an optional trained pipeline
        exec(compile(block, str(README), "exec"), namespace)
    assert "pairs" in namespace
