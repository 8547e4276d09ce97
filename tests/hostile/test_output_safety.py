"""No lost output: atomic writes, a `check` that writes nothing, no foreign file touched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from apiregen.errors import ExitCode
from tests.hostile.conftest import HEADER, WriteSpec, empty_config, run_cli

TWO_TAGS = (
    HEADER
    + """\
paths:
  /a:
    get:
      tags: [Alpha]
      responses: {'200': {description: ok}}
  /b:
    get:
      tags: [Beta]
      responses: {'200': {description: ok}}
components:
  schemas:
    Thing: {type: object, properties: {name: {type: string}}}
"""
)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time in nanoseconds."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def run(tmp_path: Path, write_spec: WriteSpec):  # type: ignore[no-untyped-def]
    spec = write_spec(TWO_TAGS)
    config = empty_config(tmp_path)
    out = tmp_path / "out"

    def invoke(command: str = "generate", *extra: str):  # type: ignore[no-untyped-def]
        return run_cli(command, "--config", str(config), "--spec", str(spec),
                       "--out", str(out), *extra)  # fmt: skip

    invoke.spec, invoke.out = spec, out  # type: ignore[attr-defined]
    return invoke


def test_first_generate_succeeds(run) -> None:  # type: ignore[no-untyped-def]
    assert run().exit_code == 0


def test_generate_leaves_no_temporary_files(run) -> None:  # type: ignore[no-untyped-def]
    run()
    names = {path.name for path in run.out.rglob("*")}
    assert not any(name.startswith(".apiregen-") and name != ".apiregen-manifest.json"
                   for name in names)  # fmt: skip


def test_changed_file_is_replaced_not_rewritten_in_place(run) -> None:  # type: ignore[no-untyped-def]
    # A hard link keeps the old inode: an atomic rename leaves it holding the old text,
    # a write in place would change it too.
    run()
    page = run.out / "reference" / "alpha.md"
    link = run.out.parent / "alpha-link.md"
    os.link(page, link)
    before = link.read_text()
    run.spec.write_text(
        run.spec.read_text().replace(
            "description: ok}}\n  /b", "description: fine}}\n  /b"
        )
    )
    run()
    assert [link.read_text() == before, page.read_text() != before] == [True, True]


def test_check_writes_nothing_when_stale(run) -> None:  # type: ignore[no-untyped-def]
    run()
    run.spec.write_text(run.spec.read_text().replace("Thing", "Other"))
    before = snapshot(run.out)
    result = run("check")
    assert result.exit_code == ExitCode.STALE
    assert snapshot(run.out) == before


def test_check_does_not_create_the_output_folder(run) -> None:  # type: ignore[no-untyped-def]
    result = run("check")
    assert result.exit_code == ExitCode.STALE
    assert not run.out.exists()


def test_user_file_in_output_folder_is_kept(run) -> None:  # type: ignore[no-untyped-def]
    run()
    mine = run.out / "reference" / "index.md"
    mine.write_text("my page\n")
    run.spec.write_text(run.spec.read_text().replace("tags: [Beta]", "tags: [Alpha]"))
    run()
    assert mine.read_text() == "my page\n"


def test_page_of_removed_tag_is_removed(run) -> None:  # type: ignore[no-untyped-def]
    run()
    run.spec.write_text(run.spec.read_text().replace("tags: [Beta]", "tags: [Alpha]"))
    run()
    assert not (run.out / "reference" / "beta.md").exists()


def test_user_file_in_the_way_stops_the_run(run) -> None:  # type: ignore[no-untyped-def]
    (run.out / "reference").mkdir(parents=True)
    mine = run.out / "reference" / "alpha.md"
    mine.write_text("hand-written\n")
    result = run()
    assert result.exit_code == ExitCode.OUTPUT
    assert mine.read_text() == "hand-written\n"


def test_user_file_in_the_way_means_nothing_written(run) -> None:  # type: ignore[no-untyped-def]
    (run.out / "reference").mkdir(parents=True)
    (run.out / "reference" / "alpha.md").write_text("hand-written\n")
    before = snapshot(run.out)
    run()
    assert snapshot(run.out) == before


def test_manifest_listing_a_path_outside_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    run()
    victim = run.out.parent / "victim.txt"
    victim.write_text("keep me\n")
    manifest = run.out / ".apiregen-manifest.json"
    data = json.loads(manifest.read_text())
    data["files"].append("../victim.txt")
    manifest.write_text(json.dumps(data))
    result = run()
    assert result.exit_code == ExitCode.OUTPUT
    assert victim.read_text() == "keep me\n"


def test_failed_load_changes_nothing(run) -> None:  # type: ignore[no-untyped-def]
    run()
    before = snapshot(run.out)
    run.spec.write_text(run.spec.read_text() + "paths: [\n")
    result = run()
    assert result.exit_code == ExitCode.LOAD
    assert snapshot(run.out) == before


def test_failed_validation_changes_nothing(run) -> None:  # type: ignore[no-untyped-def]
    run()
    before = snapshot(run.out)
    # A response with no description is not valid OpenAPI.
    run.spec.write_text(
        run.spec.read_text().replace("{description: ok}", "{summary: ok}", 1)
    )
    result = run()
    assert result.exit_code == ExitCode.INVALID
    assert snapshot(run.out) == before


def test_failed_render_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run()
    before = snapshot(run.out)
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "tag_page.md.j2").write_text("{{ 1 / 0 }}\n")
    config = tmp_path / "broken.toml"
    config.write_text(f'templates = "{templates.parent}"\n')
    result = run_cli("generate", "--config", str(config), "--spec", str(run.spec),
                     "--out", str(run.out))  # fmt: skip
    assert result.exit_code == ExitCode.OUTPUT
    assert snapshot(run.out) == before


def test_failed_template_names_file_and_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "tag_page.md.j2").write_text("line one\n{{ 1 / 0 }}\n")
    config = tmp_path / "broken.toml"
    config.write_text(f'templates = "{templates.parent}"\n')
    result = run_cli("generate", "--config", str(config), "--spec", str(run.spec),
                     "--out", str(run.out))  # fmt: skip
    assert (
        f"{templates / 'tag_page.md.j2'}:2: the markdown template failed: "
        in result.stderr
    )


def test_failed_first_run_creates_no_folder(run) -> None:  # type: ignore[no-untyped-def]
    run.spec.write_text("openapi: [\n")
    result = run()
    assert result.exit_code == ExitCode.LOAD
    assert not run.out.exists()
