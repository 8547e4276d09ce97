"""Tests for `apiregen.write`: the manifest, writing a plan and comparing with it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from apiregen.errors import OutputError
from apiregen.write import (
    MANIFEST_NAME,
    compare,
    read_manifest,
    unified_diff,
    write_plan,
)

PLAN = {"index.md": "# API\n", "pages/users.md": "# Users\n"}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Return every file under `folder` with its bytes and mtime in nanoseconds."""
    return {
        path.relative_to(folder).as_posix(): (
            path.read_bytes(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def manifest_files(out: Path) -> list[str]:
    return json.loads((out / MANIFEST_NAME).read_text())["files"]


# write_plan ----------------------------------------------------------------------------


def test_write_plan_writes_files(tmp_path):
    out = tmp_path / "out"

    report = write_plan(PLAN, out)

    assert report.written == ["index.md", "pages/users.md"]
    assert (out / "index.md").read_text() == "# API\n"
    assert (out / "pages" / "users.md").read_text() == "# Users\n"


def test_write_plan_records_manifest(tmp_path):
    out = tmp_path / "out"

    write_plan(PLAN, out)

    assert manifest_files(out) == ["index.md", "pages/users.md"]


def test_write_plan_leaves_no_temporary_files(tmp_path):
    out = tmp_path / "out"

    write_plan(PLAN, out)

    names = sorted(path.relative_to(out).as_posix() for path in out.rglob("*"))
    assert names == [MANIFEST_NAME, "index.md", "pages", "pages/users.md"]


def test_write_plan_keeps_line_endings(tmp_path):
    out = tmp_path / "out"

    write_plan({"a.txt": "one\r\ntwo\n"}, out)

    assert (out / "a.txt").read_bytes() == b"one\r\ntwo\n"


def test_write_plan_second_run_unchanged(tmp_path):
    out = tmp_path / "out"
    write_plan(PLAN, out)
    before = snapshot(out)
    before.pop(MANIFEST_NAME)

    report = write_plan(PLAN, out)

    after = snapshot(out)
    after.pop(MANIFEST_NAME)
    assert report.written == []
    assert report.unchanged == ["index.md", "pages/users.md"]
    assert report.removed == []
    assert after == before


def test_write_plan_rewrites_changed_file(tmp_path):
    out = tmp_path / "out"
    write_plan(PLAN, out)

    report = write_plan({**PLAN, "index.md": "# API v2\n"}, out)

    assert report.written == ["index.md"]
    assert (out / "index.md").read_text() == "# API v2\n"


def test_write_plan_removes_file_no_longer_planned(tmp_path):
    out = tmp_path / "out"
    write_plan(PLAN, out)

    report = write_plan({"index.md": "# API\n"}, out)

    assert report.removed == ["pages/users.md"]
    assert not (out / "pages" / "users.md").exists()
    assert not (out / "pages").exists()
    assert manifest_files(out) == ["index.md"]


def test_write_plan_keeps_file_not_in_manifest(tmp_path):
    out = tmp_path / "out"
    write_plan(PLAN, out)
    (out / "pages" / "notes.md").write_text("mine")

    report = write_plan({"index.md": "# API\n"}, out)

    assert report.removed == ["pages/users.md"]
    assert (out / "pages" / "notes.md").read_text() == "mine"


def test_write_plan_refuses_to_overwrite_foreign_file(tmp_path):
    out = tmp_path / "out"
    (out / "pages").mkdir(parents=True)
    (out / "pages" / "users.md").write_text("hand written")

    with pytest.raises(OutputError) as caught:
        write_plan(PLAN, out)

    assert "was not written by apiregen" in caught.value.message
    assert str(out / "pages" / "users.md") in caught.value.message
    assert (out / "pages" / "users.md").read_text() == "hand written"
    assert not (out / "index.md").exists()
    assert not (out / MANIFEST_NAME).exists()


def test_write_plan_adopts_identical_foreign_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.md").write_text("# API\n")

    report = write_plan(PLAN, out)

    assert report.unchanged == ["index.md"]
    assert "index.md" in manifest_files(out)


@pytest.mark.parametrize(
    "relative",
    ["../escape.md", "pages/../../escape.md", "/tmp/escape.md", "", ".", MANIFEST_NAME],
)
def test_write_plan_rejects_bad_path(tmp_path, relative):
    out = tmp_path / "out"

    with pytest.raises(OutputError):
        write_plan({"index.md": "# API\n", relative: "x"}, out)

    assert not out.exists()
    assert not (tmp_path / "escape.md").exists()


def test_write_plan_rejects_manifest_path_outside(tmp_path):
    out = tmp_path / "out"
    write_plan(PLAN, out)
    victim = tmp_path / "victim.md"
    victim.write_text("keep me")
    manifest = {
        "version": 1,
        "generator": "apiregen",
        "files": ["../victim.md", "index.md"],
    }
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))

    with pytest.raises(OutputError) as caught:
        write_plan({"index.md": "# API\n"}, out)

    assert "'../victim.md'" in caught.value.message
    assert victim.read_text() == "keep me"


def test_write_plan_rejects_absolute_manifest_path(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_text("keep me")
    (out / MANIFEST_NAME).write_text(json.dumps({"files": [str(victim)]}))

    with pytest.raises(OutputError):
        write_plan({"index.md": "# API\n"}, out)

    assert victim.read_text() == "keep me"


def test_write_plan_non_utf8_file_counts_as_changed(tmp_path):
    out = tmp_path / "out"
    write_plan({"empty.py": ""}, out)
    (out / "empty.py").write_bytes(b"\xff\xfe")

    report = write_plan({"empty.py": ""}, out)

    assert report.written == ["empty.py"]
    assert (out / "empty.py").read_bytes() == b""


# read_manifest ----------------------------------------------------------------------------


def test_read_manifest_absent_is_empty(tmp_path):
    assert read_manifest(tmp_path) == []


@pytest.mark.parametrize(
    "text", ["not json", "[1, 2]", '{"files": "a.md"}', '{"files": [1]}']
)
def test_read_manifest_rejects_bad_content(tmp_path, text):
    (tmp_path / MANIFEST_NAME).write_text(text)

    with pytest.raises(OutputError) as caught:
        read_manifest(tmp_path)

    assert MANIFEST_NAME in caught.value.message
    assert "delete" in caught.value.message


# compare and unified_diff ----------------------------------------------------------------


@pytest.fixture
def drifted(tmp_path) -> Path:
    """An output folder written from an older plan, then edited by hand."""
    out = tmp_path / "out"
    write_plan({"index.md": "# API\n", "old.md": "gone\n", "same.md": "same\n"}, out)
    (out / "index.md").write_text("# API (edited)\n")
    (out / "notes.md").write_text("not ours\n")
    return out


NEW_PLAN = {"index.md": "# API\n", "new.md": "fresh\n", "same.md": "same\n"}


def test_compare_finds_stale_missing_extra(drifted):
    comparison = compare(NEW_PLAN, drifted)

    assert comparison.stale == ["index.md"]
    assert comparison.missing == ["new.md"]
    assert comparison.extra == ["old.md"]
    assert comparison.unchanged == ["same.md"]
    assert comparison.clean is False


def test_compare_writes_nothing(drifted):
    before = snapshot(drifted)

    comparison = compare(NEW_PLAN, drifted)
    unified_diff(NEW_PLAN, drifted, comparison)

    assert snapshot(drifted) == before


def test_compare_missing_folder(tmp_path):
    out = tmp_path / "out"

    comparison = compare(PLAN, out)

    assert comparison.missing == ["index.md", "pages/users.md"]
    assert not out.exists()


def test_compare_clean_after_write(tmp_path):
    out = tmp_path / "out"
    write_plan(PLAN, out)

    comparison = compare(PLAN, out)

    assert comparison.clean is True
    assert comparison.unchanged == ["index.md", "pages/users.md"]


def test_compare_rejects_bad_path(tmp_path):
    with pytest.raises(OutputError):
        compare({"../x.md": ""}, tmp_path)


def test_unified_diff_output(drifted):
    comparison = compare(NEW_PLAN, drifted)

    diff = unified_diff(NEW_PLAN, drifted, comparison)

    assert diff == (
        "--- a/index.md\n"
        "+++ b/index.md\n"
        "@@ -1 +1 @@\n"
        "-# API (edited)\n"
        "+# API\n"
        "--- a/new.md\n"
        "+++ b/new.md\n"
        "@@ -0,0 +1 @@\n"
        "+fresh\n"
        "--- a/old.md\n"
        "+++ b/old.md\n"
        "@@ -1 +0,0 @@\n"
        "-gone\n"
    )


def test_unified_diff_missing_final_newline(tmp_path):
    out = tmp_path / "out"
    write_plan({"a.md": "x\n"}, out)
    plan = {"a.md": "x\ny"}

    diff = unified_diff(plan, out, compare(plan, out))

    assert diff.endswith("+y\n")
    assert diff.count("\n") == len(diff.splitlines())


def test_write_plan_file_mode_follows_umask(tmp_path):
    out = tmp_path / "out"
    umask = os.umask(0o022)
    try:
        write_plan({"a.md": "x"}, out)
    finally:
        os.umask(umask)

    assert stat.S_IMODE((out / "a.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((out / MANIFEST_NAME).stat().st_mode) == 0o644


def test_write_plan_dot_slash_path_kept(tmp_path):
    out = tmp_path / "out"
    write_plan({"./a.md": "A\n"}, out)

    try:
        write_plan({"a.md": "A\n"}, out)
    except OutputError:
        return  # rejecting a path that is not in normal form is fine as well

    assert (out / "a.md").read_text() == "A\n"
