"""The committed `output/` must be exactly what the canonical spec generates."""

from __future__ import annotations

import pytest

from apiregen.config import load_config
from apiregen.generate import generate
from apiregen.write import compare, unified_diff
from tests.helpers import REPO

ACCEPT_COMMAND = "make regenerate"


def test_output_matches_canonical_spec() -> None:
    config = load_config(REPO / "pyproject.toml")
    result = generate(config)
    comparison = compare(result.files, config.out)
    if not comparison.clean:
        diff = unified_diff(result.files, config.out, comparison)
        shown = "".join(diff.splitlines(keepends=True)[:200])
        pytest.fail(
            f"output/ differs from what spec/ generates:\n{shown}\n"
            f"If the change is intended, run `{ACCEPT_COMMAND}` and commit output/."
        )


def test_output_has_every_target() -> None:
    config = load_config(REPO / "pyproject.toml")
    files = generate(config).files
    suffixes = {name.rsplit(".", 1)[-1] for name in files}
    assert {"md", "ts", "py"} <= suffixes
