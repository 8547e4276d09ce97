"""A spec with 10,000 operations finishes with bounded memory.

The spec is written into the test's temporary folder and run by the real
command in a child process; its peak resident memory comes from
`resource.getrusage(RUSAGE_CHILDREN)`. Only memory is asserted, never time.
The 50 MB case takes minutes, so it lives in `scripts/big_specs.py` and its
figures in `docs/hostile-input.md`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from big_specs import big_spec, measure

# Measured at about 150 MiB; the bound leaves room for other machines and versions.
MEMORY_BOUND_KIB = 1024 * 1024


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int, Path]:
    folder = tmp_path_factory.mktemp("big")
    spec = folder / "openapi.json"
    spec.write_text(json.dumps(big_spec(10_000)))
    out = folder / "out"
    code, peak, _ = measure(spec, out)
    return code, peak, out


def test_ten_thousand_operations_succeed(ten_thousand: tuple[int, int, Path]) -> None:
    assert ten_thousand[0] == 0


def test_ten_thousand_operations_stay_under_memory_bound(
    ten_thousand: tuple[int, int, Path],
) -> None:
    assert ten_thousand[1] < MEMORY_BOUND_KIB


def test_ten_thousand_operations_write_every_tag_page(
    ten_thousand: tuple[int, int, Path],
) -> None:
    pages = sorted((ten_thousand[2] / "reference").glob("tag*.md"))
    assert len(pages) == 50


def test_ten_thousand_operations_are_all_on_the_pages(
    ten_thousand: tuple[int, int, Path],
) -> None:
    pages = (ten_thousand[2] / "reference").glob("tag*.md")
    assert sum(page.read_text().count("\n## ") for page in pages) == 10_000
