"""The mkdocs plugin: `mkdocs build --strict` regenerates the reference pages first."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")

from mkdocs.config import load_config as load_mkdocs_config

from apiregen.mkdocs_plugin import ApiregenPlugin
from tests.helpers import REPO
from tests.workflow_helpers import add_enum_value, write_project

ENTRY_POINT = "apiregen.mkdocs_plugin:ApiregenPlugin"
MKDOCS_YML = """\
site_name: Pets
strict: true
nav:
  - Home: index.md
  - Pets: reference/pets.md
  - Schemas: reference/schemas.md
plugins:
  - apiregen
"""


def registered() -> bool:
    plugins = metadata.entry_points(group="mkdocs.plugins")
    return any(
        plugin.name == "apiregen" and plugin.value == ENTRY_POINT for plugin in plugins
    )


def entry_point_shim(folder: Path) -> Path:
    """A dist-info folder declaring the entry point, for mkdocs to find on PYTHONPATH.

    NOTE: needed only until pyproject.toml declares the entry point and the
    package is reinstalled; the test then runs against the real registration.
    """
    dist_info = folder / "apiregen_mkdocs_shim-0.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: apiregen-mkdocs-shim\nVersion: 0\n"
    )
    (dist_info / "entry_points.txt").write_text(
        f"[mkdocs.plugins]\napiregen = {ENTRY_POINT}\n"
    )
    return folder


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "site")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(
        "# Pets\n\nSee [the reference](reference/pets.md).\n"
    )
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    return root


def mkdocs_build(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if not registered():
        env["PYTHONPATH"] = str(entry_point_shim(tmp_path / "shim"))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_mkdocs_strict_build_writes_reference_pages(site: Path, tmp_path: Path) -> None:
    result = mkdocs_build(site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (site / "docs" / "reference" / "pets.md").is_file()
    assert (site / "site" / "reference" / "pets" / "index.html").is_file()


def test_mkdocs_build_picks_up_spec_change(site: Path, tmp_path: Path) -> None:
    assert mkdocs_build(site, tmp_path).returncode == 0
    add_enum_value(site, "hamster")
    result = mkdocs_build(site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "hamster" in (site / "site" / "reference" / "pets" / "index.html").read_text()
    )


def test_mkdocs_build_fails_on_invalid_spec(site: Path, tmp_path: Path) -> None:
    (site / "spec" / "openapi.yaml").write_text("openapi: 3.1.0\npaths: [\n")
    result = mkdocs_build(site, tmp_path)
    assert result.returncode != 0
    assert "apiregen:" in result.stderr


def test_mkdocs_build_lists_each_validation_problem(site: Path, tmp_path: Path) -> None:
    spec = site / "spec" / "openapi.yaml"
    spec.write_text(
        spec.read_text().replace("paths:", "paths:\n  /typo:\n    gett: {}", 1)
    )
    result = mkdocs_build(site, tmp_path)
    assert result.returncode != 0
    assert "unknown field 'gett'" in result.stderr
    assert "allow_invalid: true" in result.stderr


def test_mkdocs_plugin_writes_markdown_only(site: Path) -> None:
    mkdocs_config = load_mkdocs_config(str(site / "mkdocs.yml"), plugins=[])
    plugin = ApiregenPlugin()
    plugin.load_config({})
    written = plugin.regenerate(mkdocs_config)
    assert "reference/pets.md" in written
    assert not any(name.startswith("typescript/") for name in written)


def test_mkdocs_plugin_leaves_unchanged_pages_alone(site: Path) -> None:
    mkdocs_config = load_mkdocs_config(str(site / "mkdocs.yml"), plugins=[])
    plugin = ApiregenPlugin()
    plugin.load_config({})
    plugin.regenerate(mkdocs_config)
    assert plugin.regenerate(mkdocs_config) == []


def test_mkdocs_entry_point_declared_in_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = project.get("entry-points", {}).get("mkdocs.plugins", {})
    if not declared:
        pytest.skip(
            "pyproject.toml does not declare the mkdocs.plugins entry point yet"
        )
    assert declared == {"apiregen": ENTRY_POINT}
