"""A run changes the output folder as one step: SIGKILL at any point leaves old or new."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from apiregen.write import (
    JOURNAL_NAME,
    MANIFEST_NAME,
    STAGING_NAME,
    compare,
    recover,
    write_plan,
)
from tests.helpers import REPO
from tests.workflow_helpers import tree

OLD_PLAN = {
    f"pages/page{index}.md": f"# Page {index}\n\nold text\n" * 50 for index in range(6)
}
OLD_PLAN["gone/removed.md"] = "# Removed\n\nthe new plan drops this file\n"
NEW_PLAN = {
    f"pages/page{index}.md": f"# Page {index}\n\nnew text\n" * 50 for index in range(5)
}
NEW_PLAN["pages/page5.md"] = OLD_PLAN["pages/page5.md"]  # unchanged
NEW_PLAN["added/new.md"] = "# New\n"
FOREIGN = "notes/mine.md"

# The child writes NEW_PLAN and kills itself with SIGKILL on its N-th file-system
# call (N = 0: never, and it prints how many calls it made).
CHILD = textwrap.dedent(
    """
    import json, os, shutil, signal, sys
    from pathlib import Path

    out, limit, plan_file = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    calls = 0

    def counted(function):
        def wrapper(*args, **kwargs):
            global calls
            calls += 1
            if calls == limit:
                os.kill(os.getpid(), signal.SIGKILL)
            return function(*args, **kwargs)
        return wrapper

    for name in ("open", "replace", "fsync", "unlink", "rmdir", "mkdir", "close"):
        setattr(os, name, counted(getattr(os, name)))

    from apiregen.write import write_plan

    write_plan(json.loads(Path(plan_file).read_text()), out)
    print(calls)
    """
)


def old_output(folder: Path) -> Path:
    write_plan(OLD_PLAN, folder)
    (folder / FOREIGN).parent.mkdir(parents=True)
    (folder / FOREIGN).write_text("mine, not apiregen's\n")
    return folder


def run_child(
    out: Path, limit: int, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(NEW_PLAN))
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    return subprocess.run(
        [sys.executable, str(script), str(out), str(limit), str(plan_file)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def trees(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The old output folder and the new one, as a finished run leaves them."""
    folder = old_output(tmp_path_factory.mktemp("old") / "out")
    old = tree(folder)
    write_plan(NEW_PLAN, folder)
    return old, tree(folder)


def test_atomic_trees_differ_in_every_way(trees: tuple[dict[str, bytes], ...]) -> None:
    old, new = trees
    assert "gone/removed.md" in old
    assert "gone/removed.md" not in new
    assert old[FOREIGN] == new[FOREIGN]
    assert old[MANIFEST_NAME] != new[MANIFEST_NAME]


def test_atomic_sigkill_at_every_step_leaves_old_or_new(
    tmp_path: Path, trees: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = trees
    template = old_output(tmp_path / "template")
    finished = run_child(shutil.copytree(template, tmp_path / "count"), 0, tmp_path)
    assert finished.returncode == 0, finished.stderr
    total = int(finished.stdout)
    assert total > 20
    outcomes = set()
    for limit in range(1, total + 1):
        out = shutil.copytree(template, tmp_path / f"kill{limit}")
        killed = run_child(out, limit, tmp_path)
        assert killed.returncode == -signal.SIGKILL, (limit, killed.stderr)
        # Read-only, before any recovery: compare sees one whole version.
        seen = "new" if compare(NEW_PLAN, out).clean else "old"
        assert compare(OLD_PLAN if seen == "old" else NEW_PLAN, out).clean, limit
        recover(out)
        after = tree(out)
        assert after in (old, new), limit
        assert after == (new if seen == "new" else old), limit
        outcomes.add(seen)
    assert outcomes == {"old", "new"}


def test_atomic_recover_leaves_no_staging_or_journal(tmp_path: Path) -> None:
    out = old_output(tmp_path / "out")
    run_child(out, 12, tmp_path)
    recover(out)
    assert not (out / STAGING_NAME).exists()
    assert not (out / JOURNAL_NAME).exists()


def test_atomic_next_write_after_kill_gives_new_tree(
    tmp_path: Path, trees: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    out = old_output(tmp_path / "out")
    run_child(out, 25, tmp_path)
    report = write_plan(NEW_PLAN, out)
    assert tree(out) == trees[1]
    assert report.recovered in ("completed", "discarded")


@pytest.mark.parametrize(
    ("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)]
)
def test_written_files_get_mode_from_umask(
    tmp_path: Path, umask: int, mode: int
) -> None:
    previous = os.umask(umask)
    try:
        write_plan({"a/page.md": "text\n"}, tmp_path / "out")
    finally:
        os.umask(previous)
    for name in ("a/page.md", MANIFEST_NAME):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == mode, name


def test_rewritten_file_gets_mode_from_umask(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan({"page.md": "one\n"}, out)
    (out / "page.md").chmod(0o600)
    previous = os.umask(0o022)
    try:
        write_plan({"page.md": "two\n"}, out)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((out / "page.md").stat().st_mode) == 0o644


def test_foreign_file_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "pages").mkdir(parents=True)
    (out / "pages" / "page0.md").write_text("mine\n")
    with pytest.raises(Exception, match="not written by apiregen"):
        write_plan(NEW_PLAN, out)
    assert tree(out) == {"pages/page0.md": b"mine\n"}
