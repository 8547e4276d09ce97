"""Helpers of the workflow tests: a small spec, git repositories, running the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers import REPO

# A fixed identity and date make a commit's id depend on its content only.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "apiregen tests",
    "GIT_AUTHOR_EMAIL": "tests@apiregen.invalid",
    "GIT_COMMITTER_NAME": "apiregen tests",
    "GIT_COMMITTER_EMAIL": "tests@apiregen.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

SMALL_SPEC = """\
openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
servers:
  - url: https://pets.example.com/api
tags:
  - name: Pets
paths:
  /pets:
    get:
      tags: [Pets]
      operationId: listPets
      summary: List the pets
      responses:
        "200":
          description: The pets
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Pet"
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name:
          type: string
        kind:
          $ref: "#/components/schemas/Kind"
    Kind:
      type: string
      enum:
        - cat
        - dog
"""

PYPROJECT = """\
[tool.apiregen]
spec = "spec/openapi.yaml"
out = "output"
targets = ["markdown", "typescript"]
"""


def write_project(
    root: Path, spec: str = SMALL_SPEC, pyproject: str = PYPROJECT
) -> Path:
    """Write a project with the small spec and its pyproject.toml; return `root`."""
    (root / "spec").mkdir(parents=True, exist_ok=True)
    (root / "spec" / "openapi.yaml").write_text(spec, encoding="utf-8")
    (root / "pyproject.toml").write_text(textwrap.dedent(pyproject), encoding="utf-8")
    return root


def add_enum_value(root: Path, value: str = "parrot") -> None:
    spec = root / "spec" / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("        - dog\n", f"        - dog\n        - {value}\n")
    )


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV},
        capture_output=True, text=True, check=True,
    )  # fmt: skip


def commit_all(cwd: Path, message: str = "snapshot") -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "--no-verify", "-m", message)


def init_repo(cwd: Path) -> None:
    cwd.mkdir(parents=True, exist_ok=True)
    git(cwd, "init", "-q", "-b", "main")


def snapshot_checkout(destination: Path) -> Path:
    """Copy what a clone of this checkout would hold, as it is now, into a new git repo.

    `pre-commit try-repo` clones the repository it is given, and leaves out
    files git does not track yet; a snapshot of the work tree tests the hooks
    as they are before and after the lead commits them.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    wanted = (
        "generator/",
        "templates/",
        "pyproject.toml",
        "README.md",
        ".pre-commit-hooks.yaml",
    )
    for name in listed:
        source = REPO / name
        if name.startswith(wanted) and source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    init_repo(destination)
    commit_all(destination)
    return destination


def run_apiregen(*args: str, cwd: Path, env: dict[str, str] | None = None,
                 ) -> subprocess.CompletedProcess[str]:  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "apiregen", *args], cwd=cwd,
        env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False,
    )  # fmt: skip


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative POSIX path."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
