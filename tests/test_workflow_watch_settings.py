"""`apiregen watch` regenerates when a file the settings name changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_workflow_watch import Watcher
from tests.unit.test_cache_inputs import EDITS, SETTINGS
from tests.workflow_helpers import write_project

# Each watched file, the output file its edit rewrites, and a word the edit adds.
OUTPUTS = {
    "docsrc/index.md": ("output/reference/index.md", "owners"),
    "docsrc/site.json": ("output/site.json", "Guide"),
}


@pytest.fixture()
def watcher(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = write_project(tmp_path / "project", pyproject=SETTINGS)
    (root / "docsrc").mkdir()
    for name, (text, _) in EDITS.items():
        (root / name).write_text(text, encoding="utf-8")
    running = Watcher(root, tmp_path / "cache")
    yield root, running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


@pytest.mark.parametrize("name", sorted(EDITS))
def test_watch_regenerates_after_setting_file_change(
    watcher: tuple[Path, Watcher], name: str
) -> None:
    root, running = watcher
    running.wait_for("watching")
    (root / name).write_text(EDITS[name][1], encoding="utf-8")
    output, word = OUTPUTS[name]
    running.wait_for(f"changed: {Path(name).name}")
    running.wait_for(f"wrote {output}")
    assert word in (root / output).read_text()


def test_watch_sees_second_edit_of_static_page(watcher: tuple[Path, Watcher]) -> None:
    root, running = watcher
    page = root / "docsrc" / "index.md"
    running.wait_for("watching")
    page.write_text("# First edit\n", encoding="utf-8")
    running.wait_for("wrote output/reference/index.md")
    running.wait_for("watching")
    page.write_text("# Second edit\n", encoding="utf-8")
    running.wait_for("changed: index.md")
    running.wait_for("wrote output/reference/index.md")
    assert (root / "output" / "reference" / "index.md").read_text() == "# Second edit\n"
