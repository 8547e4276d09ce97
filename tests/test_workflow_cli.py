"""What the command prints, its help, its settings errors, its cache, and `make check`."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from apiregen.cache import generate_cached, lookup, run_key
from apiregen.cli import main
from apiregen.config import load_config
from apiregen.errors import ConfigError, ExitCode
from tests.helpers import REPO
from tests.workflow_helpers import add_enum_value, run_apiregen, write_project

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("APIREGEN_CACHE_DIR", str(cache))
    return cache


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def invoke(*args: str, color: bool = False) -> object:
    return CliRunner().invoke(main, list(args), color=color)


def help_text(*args: str) -> str:
    """The help of a command, with click's line wrapping undone."""
    return " ".join(invoke(*args, "--help").output.split())  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["generate", "check", "watch"])
def test_help_lists_defaults(command: str) -> None:
    text = help_text(command)
    assert "[default: (setting 'spec', else spec/)]" in text
    assert "[default: (setting 'out', else output/)]" in text


def test_help_lists_numeric_defaults() -> None:
    assert "[default: 400; x>=0]" in help_text("check")
    assert "[default: 200; x>=1]" in help_text("watch")


def test_top_help_lists_commands() -> None:
    output = invoke("--help").output  # type: ignore[attr-defined]
    for command in ("generate", "check", "watch", "validate"):
        assert command in output


def test_generate_prints_line_per_file_and_summary(project: Path) -> None:
    result = run_apiregen("generate", cwd=project)
    lines = result.stdout.splitlines()
    assert "wrote output/reference/pets.md" in lines
    assert re.fullmatch(r"5 written, 0 unchanged, 0 removed in \d+\.\d\d s", lines[-1])


def test_generate_again_prints_only_summary(project: Path) -> None:
    run_apiregen("generate", cwd=project)
    lines = run_apiregen("generate", cwd=project).stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("0 written, 5 unchanged, 0 removed")


def test_generate_verbose_lists_unchanged(project: Path) -> None:
    run_apiregen("generate", cwd=project)
    add_enum_value(project)
    output = run_apiregen("generate", "-v", cwd=project).stdout
    assert "unchanged output/reference/manifest.json" in output
    assert "wrote output/typescript/types.ts" in output


def test_generate_quiet_prints_nothing(project: Path) -> None:
    result = run_apiregen("generate", "-q", cwd=project)
    assert result.stdout == ""
    assert result.returncode == 0


def test_removed_tag_page_is_reported(project: Path) -> None:
    run_apiregen("generate", cwd=project)
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("tags: [Pets]", "tags: [Animals]"))
    output = run_apiregen("generate", cwd=project).stdout
    assert "removed output/reference/pets.md" in output
    assert "wrote output/reference/animals.md" in output


def test_no_colour_when_not_a_terminal(project: Path) -> None:
    add_enum_value(project)
    result = run_apiregen("check", cwd=project)
    assert "\x1b[" not in result.stdout + result.stderr


def test_colour_on_a_terminal(project: Path) -> None:
    result = invoke("check", color=True)
    assert ANSI.search(result.output)  # type: ignore[attr-defined]


def test_check_exit_code_and_writes_nothing(project: Path) -> None:
    run_apiregen("generate", cwd=project)
    add_enum_value(project)
    before = (project / "output" / "typescript" / "types.ts").read_bytes()
    result = run_apiregen("check", "--diff-lines", "3", cwd=project)
    assert result.returncode == ExitCode.STALE
    assert "more diff lines not shown" in result.stdout
    assert (project / "output" / "typescript" / "types.ts").read_bytes() == before


def test_unknown_key_names_key_and_file(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "colour = true\n")
    result = run_apiregen("check", cwd=project)
    assert result.returncode == ExitCode.USAGE
    assert f"unknown setting 'colour' in {pyproject}" in result.stderr


def test_wrong_type_names_key_and_file(tmp_path: Path) -> None:
    config = tmp_path / "apiregen.toml"
    config.write_text('spec = "spec"\n[typescript]\nenum-objects = "yes"\n')
    loaded = load_config(config, {"spec": REPO / "spec"})
    with pytest.raises(ConfigError, match=f"'typescript.enum-objects' in {config}"):
        loaded.target_settings("typescript", _typescript_settings())


def _typescript_settings() -> type:
    from apiregen.render.typescript import TypeScriptSettings

    return TypeScriptSettings


def test_wrong_top_level_type_exits_with_usage(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.apiregen]\ntargets = "markdown"\n')
    result = run_apiregen("generate", cwd=project)
    assert result.returncode == ExitCode.USAGE
    assert "'targets'" in result.stderr


def test_make_check_runs_apiregen_check() -> None:
    # Under `make test` this make is nested; without MAKEFLAGS and MAKELEVEL it
    # prints no "Entering directory" lines around the command.
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    }
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "check"],
        cwd=REPO, capture_output=True, text=True, check=False, env=environment,
    )  # fmt: skip
    assert dry_run.stdout.splitlines()[-1] == ".venv/bin/apiregen check"


# The cache -------------------------------------------------------------------


def cached_config(project: Path):  # type: ignore[no-untyped-def]
    return load_config(project / "pyproject.toml")


def test_cache_hit_after_first_run(project: Path) -> None:
    config = cached_config(project)
    first = generate_cached(config)
    assert lookup(config) is not None
    assert generate_cached(config).files == first.files


def test_cache_missed_after_spec_change(project: Path) -> None:
    config = cached_config(project)
    generate_cached(config)
    add_enum_value(project)
    assert lookup(config) is None
    assert "parrot" in generate_cached(config).files["typescript/types.ts"]


def test_cache_missed_after_referenced_file_change(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace(
        "    Kind:\n      type: string\n      enum:\n        - cat\n        - dog\n",
        '    Kind:\n      $ref: "./kind.yaml"\n'))  # fmt: skip
    kind = project / "spec" / "kind.yaml"
    kind.write_text("type: string\nenum: [cat, dog]\n")
    config = cached_config(project)
    generate_cached(config)
    kind.write_text("type: string\nenum: [cat, dog, owl]\n")
    assert lookup(config) is None


def test_cache_missed_after_config_change(project: Path) -> None:
    generate_cached(cached_config(project))
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + "\n[tool.apiregen.typescript]\nenum-objects = true\n"
    )
    assert lookup(cached_config(project)) is None


def test_cache_missed_after_template_change(project: Path) -> None:
    templates = project / "templates" / "typescript"
    templates.mkdir(parents=True)
    source = REPO / "templates" / "typescript" / "types.ts.jinja"
    (templates / "types.ts.jinja").write_text(source.read_text())
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'templates = "templates"\n')
    config = cached_config(project)
    generate_cached(config)
    (templates / "types.ts.jinja").write_text(source.read_text() + "\n// edited\n")
    assert lookup(config) is None


def test_cache_key_covers_tool_version(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import apiregen

    config = cached_config(project)
    before = run_key(config)
    monkeypatch.setattr(apiregen, "__version__", "999.0")
    assert run_key(config) != before


def test_cache_never_written_into_output(project: Path, private_cache: Path) -> None:
    run_apiregen(
        "generate", cwd=project, env={"APIREGEN_CACHE_DIR": str(private_cache)}
    )
    names = {path.name for path in (project / "output").rglob("*")}
    assert not any(name.endswith(".json") and len(name) > 40 for name in names)
    assert any(private_cache.iterdir())


def test_check_uses_cache_without_importing_pipeline(
    project: Path, private_cache: Path
) -> None:
    env = {"APIREGEN_CACHE_DIR": str(private_cache)}
    run_apiregen("generate", cwd=project, env=env)
    # A first check refreshes the entry if apiregen's own source changed meanwhile.
    run_apiregen("check", cwd=project, env=env)
    probe = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-c",
         ("import sys, runpy; sys.argv = ['apiregen', 'check', '-q'];"
          "\ntry: runpy.run_module('apiregen', run_name='__main__')"
          "\nexcept SystemExit: pass"
          "\nprint('apiregen.generate' in sys.modules)")],
        cwd=project, capture_output=True, text=True, check=False,
        env={**__import__('os').environ, **env},
    )  # fmt: skip
    assert probe.stdout.strip().splitlines()[-1] == "False", probe.stderr
