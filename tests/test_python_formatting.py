"""The Python module's layout comes from apiregen's settings, never from the run folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from apiregen.cli import main
from apiregen.errors import ExitCode
from apiregen.model.build import build_api
from apiregen.render.environment import create_environment
from apiregen.render.python import FILTERS, PythonSettings, render_python
from tests.workflow_helpers import write_project

# A field whose line is 63 columns long: one line at 88, wrapped at 40.
SCHEMAS = {
    "Shelter": {
        "type": "object",
        "properties": {
            "animal_with_a_rather_long_name": {"$ref": "#/components/schemas/Animal"}
        },
    },
    "Animal": {"type": "object", "properties": {"name": {"type": "string"}}},
}
ONE_LINE = "animal_with_a_rather_long_name: Animal | None = None"

# The settings a user's project may hold for its own code.
FOLDER_SETTINGS = {
    "pyproject.toml": "[tool.ruff]\nline-length = 30\n\n[tool.black]\nline-length = 30\n"
    "skip-string-normalization = true\n\n[tool.isort]\nline_length = 30\n"
    "force_single_line = true\n",
    "ruff.toml": "line-length = 30\n\n[format]\nquote-style = 'single'\n",
}


def render(**settings: Any) -> str:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Shelter", "version": "1"},
        "paths": {},
        "components": {"schemas": SCHEMAS},
    }
    files = render_python(
        build_api(document),
        PythonSettings(**settings),
        create_environment(None, FILTERS),
    )
    return files["python/models.py"]


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch, **settings: Any) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    with monkeypatch.context() as patch:
        patch.chdir(folder)
        return render(**settings)


@pytest.mark.parametrize("formatter", ["ruff", "black"])
@pytest.mark.parametrize("settings_file", sorted(FOLDER_SETTINGS))
def test_python_format_ignores_run_folder_settings(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    formatter: str,
    settings_file: str,
) -> None:
    plain = run_in(tmp_path / "plain", monkeypatch, formatter=formatter)
    project = tmp_path / "project"
    project.mkdir()
    (project / settings_file).write_text(FOLDER_SETTINGS[settings_file])
    assert run_in(project, monkeypatch, formatter=formatter) == plain


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_python_format_default_keeps_field_on_one_line(formatter: str) -> None:
    assert f"    {ONE_LINE}\n" in render(formatter=formatter)


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_python_format_line_length_40_wraps_field(formatter: str) -> None:
    text = render(formatter=formatter, line_length=40)
    assert ONE_LINE not in text


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_python_format_40_fits_code_lines(formatter: str) -> None:
    text = render(formatter=formatter, line_length=40)
    # Docstrings and the header are text the formatters never rewrap.
    code = text.split("from __future__ import annotations", 1)[1]
    long_lines = [
        line for line in code.splitlines() if len(line) > 40 and '"' not in line
    ]
    assert long_lines == []


@pytest.mark.parametrize("value", ["0", "-1", "19", "321", "100000", "true", '"88"'])
def test_python_line_length_bad_value_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    pyproject = f"""\
[tool.apiregen]
spec = "spec/openapi.yaml"
out = "output"
targets = ["python"]

[tool.apiregen.python]
line-length = {value}
"""
    root = write_project(tmp_path / "project", pyproject=pyproject)
    monkeypatch.chdir(root)
    monkeypatch.setenv("APIREGEN_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(main, ["generate"])
    assert result.exit_code == ExitCode.USAGE


def test_python_line_length_error_names_setting_and_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject = """\
[tool.apiregen]
spec = "spec/openapi.yaml"
targets = ["python"]

[tool.apiregen.python]
line-length = 0
"""
    root = write_project(tmp_path / "project", pyproject=pyproject)
    monkeypatch.chdir(root)
    monkeypatch.setenv("APIREGEN_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(main, ["generate"])
    assert (
        f"setting 'python.line-length' in {root / 'pyproject.toml'} must be"
        in result.output
    )


def test_python_line_length_bad_value_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject = """\
[tool.apiregen]
spec = "spec/openapi.yaml"
out = "output"
targets = ["python"]

[tool.apiregen.python]
line-length = 0
"""
    root = write_project(tmp_path / "project", pyproject=pyproject)
    monkeypatch.chdir(root)
    monkeypatch.setenv("APIREGEN_CACHE_DIR", str(tmp_path / "cache"))
    CliRunner().invoke(main, ["generate"])
    assert not (root / "output").exists()
