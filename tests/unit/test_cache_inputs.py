"""The cache key covers every file a run reads, and `watch` watches the same files."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.workflow_helpers import PYPROJECT, write_project

from apiregen import cache
from apiregen.cli import main
from apiregen.config import load_config
from apiregen.errors import ExitCode
from apiregen.generate import TARGETS, _renderer
from apiregen.watch import ChangeFilter

SITE_MANIFEST = """\
{
  "routes": [
    {
      "title": "Docs",
      "path": "./README.md",
      "children": [
        {"title": "REST API", "path": "./reference/README.md", "children": []}
      ]
    }
  ]
}
"""

SETTINGS = (
    PYPROJECT
    + """
[tool.apiregen.markdown]
static-pages = ["docsrc/index.md"]
site-manifest = "docsrc/site.json"
"""
)

# Each file a setting names, and an edit that changes what the run writes.
EDITS = {
    "docsrc/index.md": ("# Pets\n", "# Pets and their owners\n"),
    "docsrc/site.json": (SITE_MANIFEST, SITE_MANIFEST.replace('"Docs"', '"Guide"')),
}


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_project(tmp_path / "project", pyproject=SETTINGS)
    (root / "docsrc").mkdir()
    for name, (text, _) in EDITS.items():
        (root / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("APIREGEN_CACHE_DIR", str(tmp_path / "cache"))
    return root


def invoke(*args: str) -> typing.Any:
    return CliRunner().invoke(main, list(args))


def edit(root: Path, name: str) -> None:
    (root / name).write_text(EDITS[name][1], encoding="utf-8")


def test_setting_files_lists_static_page_and_site_manifest(project: Path) -> None:
    config = load_config(project / "pyproject.toml")
    expected = [project / "docsrc" / "index.md", project / "docsrc" / "site.json"]
    assert cache.setting_files(config) == expected


def test_setting_files_skips_targets_not_run(project: Path) -> None:
    config = load_config(project / "pyproject.toml")
    config = dataclasses.replace(config, targets=("typescript",))
    assert cache.setting_files(config) == []


@pytest.mark.parametrize("name", sorted(EDITS))
def test_cache_key_changes_with_setting_file(project: Path, name: str) -> None:
    config = load_config(project / "pyproject.toml")
    before = cache.run_key(config)
    edit(project, name)
    assert cache.run_key(config) != before


@pytest.mark.parametrize("name", sorted(EDITS))
def test_check_fails_after_setting_file_change(project: Path, name: str) -> None:
    assert invoke("generate").exit_code == 0
    edit(project, name)
    assert invoke("check").exit_code == ExitCode.STALE


@pytest.mark.parametrize("name", sorted(EDITS))
def test_generate_writes_after_setting_file_change(project: Path, name: str) -> None:
    invoke("generate")
    edit(project, name)
    assert "1 written" in invoke("generate").output


def test_cache_key_changes_with_current_folder(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Diagnostics name spec files relative to the current folder.
    config = load_config(project / "pyproject.toml")
    before = cache.run_key(config)
    monkeypatch.chdir(tmp_path)
    assert cache.run_key(config) != before


def test_cache_key_lists_isort_version() -> None:
    versions = cache._library_versions()
    assert any(version.startswith("isort-") for version in versions)


def _path_settings() -> set[tuple[str, str]]:
    """Return every (target, key) whose settings field is a path or paths."""
    found = set()
    for target in TARGETS:
        settings_class, _, _ = _renderer(target)
        hints = typing.get_type_hints(settings_class)
        for field in dataclasses.fields(settings_class):
            if "Path" in str(hints[field.name]):
                found.add((target, field.name.replace("_", "-")))
    return found


def test_setting_files_cover_every_path_setting() -> None:
    assert _path_settings() == set(cache.SETTING_FILES)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_watch_filter_accepts_setting_file(project: Path, name: str) -> None:
    config = load_config(project / "pyproject.toml")
    change_filter = ChangeFilter(config, [config.spec])
    assert change_filter(None, str(project / name))


@pytest.mark.parametrize("name", sorted(EDITS))
def test_watch_roots_cover_setting_file(project: Path, name: str) -> None:
    config = load_config(project / "pyproject.toml")
    roots = ChangeFilter(config, [config.spec]).roots()
    assert any((project / name).is_relative_to(root) for root in roots)


def test_watch_filter_ignores_other_file_beside_setting_file(project: Path) -> None:
    config = load_config(project / "pyproject.toml")
    change_filter = ChangeFilter(config, [config.spec])
    assert not change_filter(None, str(project / "docsrc" / "notes.md"))
