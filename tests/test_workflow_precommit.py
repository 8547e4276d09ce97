"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit through try-repo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workflow_helpers import (
    GIT_ENV,
    add_enum_value,
    commit_all,
    git,
    init_repo,
    run_apiregen,
    snapshot_checkout,
    write_project,
)

# NOTE: try-repo builds its hook environment in a temporary store on every call
# (a virtualenv with apiregen installed by pip from the snapshot, about 40 s),
# so these tests make two calls in all.


def pre_commit(
    project: Path, hooks_repo: Path, hook: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV}
    hook_ids = [hook] if hook else []
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), *hook_ids,
         "--all-files", "--color", "never"],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_checkout(tmp_path_factory.mktemp("apiregen-snapshot"))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "project")
    init_repo(root)
    generated = run_apiregen("generate", cwd=root)
    assert generated.returncode == 0, generated.stderr
    commit_all(root, "spec and output")
    return root


def test_precommit_check_hook_fails_on_stale_output(
    project: Path, hooks_repo: Path
) -> None:
    add_enum_value(project)
    git(project, "add", "spec")
    before = (project / "output" / "typescript" / "types.ts").read_text()
    result = pre_commit(project, hooks_repo, "apiregen-check")
    assert result.returncode == 1
    assert "stale: output/typescript/types.ts" in result.stdout
    assert '"dog" | "parrot"' in result.stdout
    assert (project / "output" / "typescript" / "types.ts").read_text() == before


def test_precommit_check_passes_after_regenerate_hook(
    project: Path, hooks_repo: Path
) -> None:
    add_enum_value(project)
    git(project, "add", "spec")
    # With no hook named, try-repo runs both, in id order: apiregen, then apiregen-check.
    result = pre_commit(project, hooks_repo)
    lines = result.stdout.splitlines()
    regenerate = next(line for line in lines if line.startswith("apiregen (regenerate"))
    check = next(line for line in lines if line.startswith("apiregen (check"))
    # pre-commit fails a hook that changed files, so the author reviews and stages them.
    assert regenerate.endswith("Failed")
    assert check.endswith("Passed")
    assert "parrot" in (project / "output" / "typescript" / "types.ts").read_text()
