"""A few real specs of the fixed sample, one per spec version, compile under --strict.

The whole sample runs in `scripts/check_typescript.py`, which writes
`docs/typescript.md`. These cases repeat the check on small specs that still
contain named schemas, enums and operations.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, tsc_path

sys.path.insert(0, str(REPO / "scripts"))

import check_typescript

SUBSET = (
    "adyen.com/BalanceControlService.json",  # 3.1
    "aviationdata.systems.json",  # 2.0
    "bbci.co.uk.json",  # 3.0
    "azure.com/keyvault-secrets.json",  # 3.0
)


@pytest.mark.parametrize("name", SUBSET)
def test_sample_spec_compiles(tmp_path: Path, name: str) -> None:
    (case,) = check_typescript.sample_cases([name])
    if not case.path.is_file():
        pytest.skip(
            f"{case.path} is absent: run `python scripts/fetch_specs.py` "
            "to fetch the sample of real specs into .cache/specs"
        )
    tsc_path()
    result = check_typescript.check_spec(case, tmp_path)
    assert result.result == check_typescript.OK, result.detail


def test_sample_subset_covers_every_version() -> None:
    versions = {case.version for case in check_typescript.sample_cases(SUBSET)}
    assert versions == {"2.0", "3.0", "3.1"}


def test_sample_has_twenty_specs_and_github() -> None:
    cases = check_typescript.sample_cases()
    assert len(cases) >= 22
    assert "github" in {case.name for case in cases}


def test_page_lists_results_and_failures() -> None:
    canonical, github = check_typescript.sample_cases(["canonical", "github"])
    results = [
        check_typescript.SpecResult(canonical, check_typescript.OK, 65_000),
        check_typescript.SpecResult(
            github,
            check_typescript.TSC_ERRORS,
            13_000_000,
            detail="github.ts(1,8): error TS2304: Cannot find name 'Foo'.",
        ),
    ]
    text = check_typescript.page(results, "7.0.2")
    assert text.startswith("# TypeScript output\n")
    assert "| canonical | 3.1 | 65 kB | 0 | 0 | ok |" in text
    assert "| github | 3.0 | 13.0 MB | 0 | 0 | tsc errors |" in text
    assert "In all, 2 specs; ok: 1, tsc errors: 1.\n" in text
    assert "### github: tsc errors\n" in text
    assert "error TS2304" in text
