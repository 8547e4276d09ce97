"""Shared locations and checks for the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CODER = CORPUS / "coder"


def require_coder_corpus() -> Path:
    """Return the coder corpus folder, or skip the test when ../shared/corpus is absent."""
    if not (CODER / "swagger.json").is_file():
        pytest.skip(
            f"the coder corpus is absent: expected {CODER}/swagger.json beside the checkout"
        )
    return CODER


def tsc_path() -> Path:
    """Return the TypeScript compiler that `make test` installs, or skip or fail without it.

    In CI (`CI` set) a missing compiler is a failure, since `make test` installs it.
    """
    tsc = REPO / "node_modules" / ".bin" / "tsc"
    if tsc.is_file():
        return tsc
    reason = f"TypeScript is not installed at {tsc}; run `make test` (it runs npm ci)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def run_tsc(*files: Path) -> subprocess.CompletedProcess[str]:
    tsc = tsc_path()
    return subprocess.run(
        [str(tsc), "--strict", "--noEmit", "--target", "es2020", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def copy_spec(destination: Path) -> Path:
    """Copy the canonical spec into `destination` and return the copy's root file."""
    shutil.copytree(REPO / "spec", destination / "spec")
    return destination / "spec" / "openapi.yaml"
