"""Settings mistakes a new user makes: each is a usage error (exit 2) naming the setting.

Also the `templates` command, the paths `generate` prints, and the Markdown
settings the README promises (`enum-member-names` on tag pages).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from apiregen.errors import ExitCode, SettingError
from apiregen.render.markdown import check_schema_link
from tests.helpers import REPO

SPEC = """\
openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      tags: [Pets]
      summary: List pets
      parameters:
        - name: kind
          in: query
          schema:
            type: string
            enum: [cat, dog]
            x-enum-varnames: [Cat, Dog]
            x-enum-descriptions: [A cat, A dog]
      responses:
        "200":
          description: The pets
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
"""

SITE_MANIFEST = '{"routes": [{"title": "Docs", "path": "./docs.md", "children": []}]}\n'


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "nav.json").write_text(SITE_MANIFEST, encoding="utf-8")
    return tmp_path


def run_cli(
    folder: Path, *args: str, settings: str | None = None, target: str = "markdown"
) -> subprocess.CompletedProcess[str]:
    """Run apiregen in `folder`; `settings` become its apiregen.toml."""
    options: list[str] = []
    if settings is not None:
        header = f'spec = "spec/openapi.yaml"\nout = "out"\ntargets = ["{target}"]\n'
        config = folder / "apiregen.toml"
        config.write_text(header + textwrap.dedent(settings), encoding="utf-8")
        options = ["--config", str(config), "--no-cache"]
    return subprocess.run(
        [sys.executable, "-m", "apiregen", *args, *options],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip


def generate(
    folder: Path, settings: str, target: str = "markdown"
) -> subprocess.CompletedProcess[str]:
    return run_cli(folder, "generate", settings=settings, target=target)


# schema-link -------------------------------------------------------------------


def test_schema_link_unknown_field_is_usage_error(project: Path) -> None:
    result = generate(project, '[markdown]\nschema-link = "[{name}]({page})"\n')
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_schema_link_unknown_field_message_names_all(project: Path) -> None:
    result = generate(project, '[markdown]\nschema-link = "[{name}]({page})"\n')
    for part in ("'markdown.schema-link'", "apiregen.toml", "{name}", "{type_name}"):
        assert part in result.stderr, part


def test_schema_link_stray_brace_is_usage_error(project: Path) -> None:
    result = generate(project, '[markdown]\nschema-link = "[{key}]({page}#{"\n')
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_schema_link_stray_brace_prints_no_traceback(project: Path) -> None:
    result = generate(project, '[markdown]\nschema-link = "[{key}]({page}#{"\n')
    assert "Traceback" not in result.stderr


def test_schema_link_failure_writes_nothing(project: Path) -> None:
    generate(project, '[markdown]\nschema-link = "[{name}]({page})"\n')
    assert not (project / "out").exists()


def test_check_schema_link_accepts_escaped_braces() -> None:
    check_schema_link("{{[{key}]({page}#{anchor})}}")


def test_check_schema_link_rejects_positional_field() -> None:
    with pytest.raises(SettingError, match="unknown field"):
        check_schema_link("[{}]({page})")


def test_check_schema_link_rejects_attribute_of_field() -> None:
    with pytest.raises(SettingError, match="unknown field"):
        check_schema_link("[{key.upper}]({page})")


def test_check_schema_link_rejects_bad_format_spec() -> None:
    with pytest.raises(SettingError, match="cannot be formatted"):
        check_schema_link("[{key:d}]({page})")


# Files that settings name -------------------------------------------------------


def test_site_manifest_without_section_is_usage_error(project: Path) -> None:
    result = generate(
        project,
        '[markdown]\nsite-manifest = "nav.json"\nsite-manifest-section = "HTTP API"\n',
    )
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_site_manifest_without_section_names_setting(project: Path) -> None:
    result = generate(
        project,
        '[markdown]\nsite-manifest = "nav.json"\nsite-manifest-section = "HTTP API"\n',
    )
    assert "'markdown.site-manifest-section' in " in result.stderr


def test_site_manifest_missing_file_is_usage_error(project: Path) -> None:
    result = generate(project, '[markdown]\nsite-manifest = "missing.json"\n')
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_site_manifest_section_without_children_is_usage_error(project: Path) -> None:
    (project / "nav.json").write_text('{"title": "REST API", "path": "./r.md"}')
    result = generate(project, '[markdown]\nsite-manifest = "nav.json"\n')
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_site_manifest_with_section_is_rewritten(project: Path) -> None:
    generate(
        project,
        '[markdown]\nsite-manifest = "nav.json"\nsite-manifest-section = "Docs"\n',
    )
    assert '"path": "./pets.md"' in (project / "out" / "nav.json").read_text()


def test_static_page_missing_is_usage_error(project: Path) -> None:
    result = generate(project, '[markdown]\nstatic-pages = ["index.md"]\n')
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_static_page_missing_names_setting(project: Path) -> None:
    result = generate(project, '[markdown]\nstatic-pages = ["index.md"]\n')
    assert "'markdown.static-pages' in " in result.stderr


@pytest.mark.parametrize("target", ["typescript", "python"])
def test_target_file_outside_output_is_usage_error(project: Path, target: str) -> None:
    result = generate(project, f'[{target}]\nfile = "../../escape.ts"\n', target)
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_target_file_outside_output_names_setting(project: Path) -> None:
    result = generate(project, '[typescript]\nfile = "../x.ts"\n', "typescript")
    assert "'typescript.file' in " in result.stderr


def test_markdown_directory_outside_output_is_usage_error(project: Path) -> None:
    result = generate(project, '[markdown]\ndirectory = "../pages"\n')
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_python_setting_error_names_file(project: Path) -> None:
    result = generate(project, '[python]\nformatter = "yapf"\n', "python")
    assert f"'python.formatter' in {project / 'apiregen.toml'}" in result.stderr


# templates ----------------------------------------------------------------------


def test_templates_missing_folder_is_usage_error(project: Path) -> None:
    result = generate(project, 'templates = "my-templates"\n')
    assert result.returncode == ExitCode.USAGE, result.stderr


def test_templates_file_replacing_nothing_is_warned(project: Path) -> None:
    (project / "my-templates").mkdir()
    (project / "my-templates" / "tag_page.md.j2").write_text("{{ title }}\n")
    result = generate(project, 'templates = "my-templates"\n')
    assert "template tag_page.md.j2 in " in result.stderr
    assert "markdown/tag_page.md.j2" in result.stderr


def test_templates_file_replacing_one_is_not_warned(project: Path) -> None:
    folder = project / "my-templates" / "markdown"
    folder.mkdir(parents=True)
    builtin = REPO / "templates" / "markdown" / "tag_page.md.j2"
    (folder / "tag_page.md.j2").write_bytes(builtin.read_bytes())
    result = generate(project, 'templates = "my-templates"\n')
    assert "WARNING" not in result.stderr


def test_templates_command_lists_builtin_names(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "templates", "--list")
    assert "markdown/tag_page.md.j2" in result.stdout


def test_templates_command_copies_every_template(tmp_path: Path) -> None:
    run_cli(tmp_path, "templates", "--copy", "mine")
    copied = sorted(p.relative_to(tmp_path / "mine").as_posix()
                    for p in (tmp_path / "mine").rglob("*") if p.is_file())  # fmt: skip
    builtin = sorted(p.relative_to(REPO / "templates").as_posix()
                     for p in (REPO / "templates").rglob("*") if p.is_file())  # fmt: skip
    assert copied == builtin


def test_templates_command_rejects_existing_files(tmp_path: Path) -> None:
    run_cli(tmp_path, "templates", "--copy", "mine")
    result = run_cli(tmp_path, "templates", "--copy", "mine")
    assert result.returncode == ExitCode.USAGE


# What `generate` prints ---------------------------------------------------------


def test_generate_prints_paths_from_current_folder(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "apiregen", "generate", "--no-cache",
         "--spec", "spec/openapi.yaml", "--out", "s9/out"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "wrote s9/out/reference/pets.md" in result.stdout


def test_generate_prints_absolute_paths_outside_current_folder(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("elsewhere") / "out"
    result = subprocess.run(
        [sys.executable, "-m", "apiregen", "generate", "--no-cache",
         "--spec", "spec/openapi.yaml", "--out", str(out)],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert f"wrote {out}/reference/pets.md" in result.stdout


def test_yaml_tab_indent_says_tabs_cannot_indent(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(SPEC.replace("info:", "info:\n\tx: 1\ninfo2:", 1))
    result = run_cli(project, "validate", str(spec))
    assert "YAML indents with spaces only" in result.stderr


# Markdown settings on tag pages -----------------------------------------------


def test_enum_member_names_on_tag_page(project: Path) -> None:
    generate(project, "[markdown]\nenum-member-names = true\n")
    page = (project / "out" / "reference" / "pets.md").read_text()
    assert "| `kind`    | `cat` | `Cat` | A cat       |" in page


def test_enum_member_names_off_keeps_values_column(project: Path) -> None:
    generate(project, "")
    page = (project / "out" / "reference" / "pets.md").read_text()
    assert "| `kind`    | `cat`, `dog` |" in page
