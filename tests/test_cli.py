"""The `apiregen` command end to end: exit codes, messages, and what lands on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from apiregen.cli import main
from apiregen.errors import ExitCode
from tests.helpers import REPO, copy_spec, require_coder_corpus, run_tsc


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apiregen", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        check=False,
    )


def folder_contents(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture()
def spec_copy(tmp_path: Path) -> Path:
    return copy_spec(tmp_path)


def test_generate_then_check_passes(spec_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    generated = runner.invoke(
        main, ["generate", "--spec", str(spec_copy), "--out", str(out)]
    )
    assert generated.exit_code == 0, generated.output
    checked = runner.invoke(
        main, ["check", "--spec", str(spec_copy), "--out", str(out)]
    )
    assert checked.exit_code == 0, checked.output


def test_new_enum_value_makes_check_fail_until_regenerated(
    spec_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    args = ["--spec", str(spec_copy), "--out", str(out)]
    assert runner.invoke(main, ["generate", *args]).exit_code == 0
    jobs = spec_copy.parent / "schemas" / "jobs.yaml"
    text = jobs.read_text()
    assert "- REQUIRED_TEMPLATE_VARIABLES" in text
    # The value comes with its name and description: the lists are matched by
    # position, and a list that falls short is a validation problem.
    added = {
        "- REQUIRED_TEMPLATE_VARIABLES": "- BUDGET_EXCEEDED",
        "- RequiredTemplateVariables": "- BudgetExceeded",
        "without a value.": "- The build would go over the owner's budget.",
    }
    for after, line in added.items():
        text = text.replace(after, f"{after}\n    {line}", 1)
    jobs.write_text(text)
    before = folder_contents(out)

    stale = runner.invoke(main, ["check", *args])

    assert stale.exit_code == ExitCode.STALE
    assert "BUDGET_EXCEEDED" in stale.output
    assert folder_contents(out) == before
    regenerated = runner.invoke(main, ["generate", *args])
    assert regenerated.exit_code == 0
    changed = {
        line.split()[-1].split("/", 1)[1]
        for line in regenerated.output.splitlines()
        if line.startswith("wrote ")
    }
    assert any(name.endswith(".md") for name in changed)
    assert any(name.endswith(".ts") for name in changed)
    assert any(name.endswith(".py") for name in changed)
    assert runner.invoke(main, ["check", *args]).exit_code == 0


def test_broken_yaml_reports_line_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: '1'\npaths: {}\n"
    )
    out = tmp_path / "out"

    result = run_cli("generate", "--spec", str(spec), "--out", str(out))

    assert result.returncode == ExitCode.LOAD
    assert f"{spec}:" in result.stderr or "openapi.yaml:" in result.stderr
    assert ":4:" in result.stderr or ":3:" in result.stderr
    assert not out.exists()


def test_dangling_ref_reports_line_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: T, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    A:\n"
        "      type: object\n"
        "      properties:\n"
        "        b: {$ref: '#/components/schemas/Missing'}\n"
    )
    out = tmp_path / "out"

    result = run_cli("generate", "--spec", str(spec), "--out", str(out))

    assert result.returncode == ExitCode.LOAD
    assert "openapi.yaml:9:" in result.stderr
    assert "#/components/schemas/Missing" in result.stderr
    assert not out.exists()


def test_invalid_spec_lists_each_problem_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: T, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: ok}\n"
        "      parameters:\n"
        "        - {name: q, in: nowhere, schema: {type: string}}\n"
    )
    out = tmp_path / "out"

    result = run_cli("generate", "--spec", str(spec), "--out", str(out))

    assert result.returncode == ExitCode.INVALID
    problem_lines = [
        line for line in result.stderr.splitlines() if "openapi.yaml:9:" in line
    ]
    assert len(problem_lines) == 1
    assert "--allow-invalid" in result.stderr
    assert not out.exists()


def test_validate_command_accepts_canonical_spec() -> None:
    result = run_cli("validate", "spec")
    assert result.returncode == 0, result.stderr


def test_coder_corpus_fails_validation_with_duplicate_enum() -> None:
    coder = require_coder_corpus()
    result = run_cli("validate", str(coder / "swagger.json"))
    assert result.returncode == ExitCode.INVALID
    assert "duplicate values" in result.stderr


def test_coder_corpus_generates_valid_outputs(tmp_path: Path) -> None:
    coder = require_coder_corpus()
    out = tmp_path / "out"

    result = run_cli(
        "generate", "--allow-invalid", "--spec", str(coder / "swagger.json"), "--out", str(out),
        cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr
    pages = {path.name for path in (out / "reference").glob("*.md")}
    assert "schemas.md" in pages
    published = {path.name for path in (coder / "reference").glob("*.md")} - {
        "index.md",
        "authentication.md",
    }
    assert published <= pages
    typescript = next(out.rglob("*.ts"))
    compiled = run_tsc(typescript)
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    models = next(out.rglob("*.py"))
    imported = subprocess.run(
        [sys.executable, "-c", "import models"],
        cwd=models.parent, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(models.parent)},
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr[-3000:]


def test_misspelled_key_is_named_at_its_line(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: T, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: ok}\n"
        "      sumary: List pets\n"
    )

    result = run_cli("validate", str(spec))

    assert result.returncode == ExitCode.INVALID
    assert (
        "openapi.yaml:8:7: /paths/~1pets/get/sumary: unknown field 'sumary'"
        in result.stderr
    )
    assert "(1 problem); fix it," in result.stderr


def test_empty_out_is_rejected(spec_copy: Path, tmp_path: Path) -> None:
    result = run_cli("generate", "--spec", str(spec_copy), "--out", "", cwd=tmp_path)

    assert result.returncode == ExitCode.USAGE
    assert "is empty" in result.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "spec"]


def test_out_naming_a_file_is_rejected(spec_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("mine\n")

    result = run_cli("generate", "--spec", str(spec_copy), "--out", str(target))

    assert result.returncode == ExitCode.USAGE
    assert "is a file" in result.stderr
    assert target.read_text() == "mine\n"


def test_allow_invalid_prints_each_problem_once(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: T, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: ok}\n"
        "      sumary: A\n"
    )

    result = run_cli(
        "generate",
        "--allow-invalid",
        "--spec",
        str(spec),
        "--out",
        str(tmp_path / "out"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.count("unknown field 'sumary'") == 1
