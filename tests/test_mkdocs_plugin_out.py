"""The mkdocs plugin's `out` option: the pages must stay inside the docs folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")

from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.exceptions import ConfigurationError

from apiregen.mkdocs_plugin import ApiregenPlugin
from tests.test_workflow_mkdocs import entry_point_shim, registered
from tests.workflow_helpers import write_project

MKDOCS_YML = """\
site_name: Pets
plugins:
  - apiregen:
      out: "{out}"
"""


def site(tmp_path: Path, out: str) -> Path:
    root = write_project(tmp_path / "site")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Pets\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(out=out))
    return root


def plugin_for(root: Path, out: str) -> tuple[ApiregenPlugin, object]:
    mkdocs_config = load_mkdocs_config(str(root / "mkdocs.yml"), plugins=[])
    plugin = ApiregenPlugin()
    plugin.load_config({"out": out})
    return plugin, mkdocs_config


def test_plugin_out_outside_docs_is_config_error(tmp_path: Path) -> None:
    plugin, mkdocs_config = plugin_for(site(tmp_path, "../outside"), "../outside")
    with pytest.raises(ConfigurationError, match="leaves the docs folder"):
        plugin.on_config(mkdocs_config)  # type: ignore[arg-type]


def test_plugin_out_inside_docs_is_accepted(tmp_path: Path) -> None:
    plugin, mkdocs_config = plugin_for(site(tmp_path, "api"), "api")
    written = plugin.regenerate(mkdocs_config)  # type: ignore[arg-type]
    assert "reference/pets.md" in written


def test_mkdocs_build_with_out_outside_docs_fails(tmp_path: Path) -> None:
    root = site(tmp_path, "../outside")
    env = dict(os.environ)
    if not registered():
        env["PYTHONPATH"] = str(entry_point_shim(tmp_path / "shim"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "leaves the docs folder" in result.stderr


def test_mkdocs_build_with_out_outside_docs_writes_nothing(tmp_path: Path) -> None:
    root = site(tmp_path, "../outside")
    env = dict(os.environ)
    if not registered():
        env["PYTHONPATH"] = str(entry_point_shim(tmp_path / "shim"))
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert not (root / "outside").exists()
