"""Tests for `apiregen.config`: settings files, kebab keys and per-target tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from apiregen.config import TARGETS, load_config, read_table, resolve_spec_path
from apiregen.errors import ConfigError

SPEC = "openapi: 3.1.0\n"


@dataclass(frozen=True)
class SampleSettings:
    title: str = ""
    max_depth: int = 3
    show_examples: bool = True
    logo: Path | None = None
    sections: list[str] | None = None
    ratio: float = 1.0


def test_load_config_defaults(write_files):
    folder = write_files({"spec/openapi.yaml": SPEC})

    config = load_config(start=folder)

    assert config.spec == folder / "spec" / "openapi.yaml"
    assert config.out == folder / "output"
    assert config.source == "defaults"
    assert config.targets == TARGETS
    assert config.allow_invalid is False
    assert config.allow_remote_refs is False
    assert config.allow_refs_outside_spec_dir is False
    assert config.strip_prefixes == ()


def test_load_config_finds_pyproject_from_subfolder(write_files):
    folder = write_files(
        {
            "pyproject.toml": """\
                [project]
                name = "demo"

                [tool.apiregen]
                spec = "api/openapi.yaml"
                out = "docs/reference"
                strip-prefixes = ["codersdk."]
                allow-invalid = true
                """,
            "api/openapi.yaml": SPEC,
            "src/deeper/empty.txt": "",
        }
    )

    config = load_config(start=folder / "src" / "deeper")

    assert config.source == str(folder / "pyproject.toml")
    assert config.spec == folder / "api" / "openapi.yaml"
    assert config.out == folder / "docs" / "reference"
    assert config.strip_prefixes == ("codersdk.",)
    assert config.allow_invalid is True


def test_load_config_skips_pyproject_without_table(write_files):
    folder = write_files(
        {
            "pyproject.toml": '[tool.apiregen]\nspec = "openapi.yaml"\n',
            "openapi.yaml": SPEC,
            "inner/pyproject.toml": '[project]\nname = "inner"\n',
        }
    )

    config = load_config(start=folder / "inner")

    assert config.source == str(folder / "pyproject.toml")


def test_load_config_file_paths_from_its_folder(write_files, monkeypatch):
    folder = write_files(
        {
            "settings/apiregen.toml": """\
                spec = "../api/openapi.yaml"
                out = "generated"
                templates = "templates"
                targets = ["markdown"]
                """,
            "api/openapi.yaml": SPEC,
            "elsewhere/empty.txt": "",
            # The templates folder must exist.
            "settings/templates/markdown/tag_page.md.j2": "",
        }
    )
    monkeypatch.chdir(folder / "elsewhere")

    config = load_config(Path("../settings/apiregen.toml"))

    assert config.spec == folder / "api" / "openapi.yaml"
    assert config.out == folder / "settings" / "generated"
    assert config.templates == folder / "settings" / "templates"
    assert config.targets == ("markdown",)
    assert config.source == str(folder / "settings" / "apiregen.toml")


def test_load_config_pyproject_given_reads_tool_table(write_files):
    folder = write_files(
        {
            "pyproject.toml": '[tool.apiregen]\nspec = "openapi.yaml"\nout = "gen"\n',
            "openapi.yaml": SPEC,
        }
    )

    config = load_config(folder / "pyproject.toml")

    assert config.out == folder / "gen"


def test_load_config_overrides_win(write_files):
    folder = write_files(
        {"settings.toml": 'spec = "a.yaml"\nallow-invalid = false\n', "a.yaml": SPEC}
    )
    other = write_files({"b.yaml": SPEC}) / "b.yaml"

    config = load_config(
        folder / "settings.toml",
        overrides={"spec": other, "allow_invalid": True, "out": None},
    )

    assert config.spec == other
    assert config.allow_invalid is True
    assert config.out == folder / "output"


def test_load_config_unknown_key_names_key_and_file(write_files):
    folder = write_files({"settings.toml": 'spce = "openapi.yaml"\n'})

    with pytest.raises(ConfigError) as caught:
        load_config(folder / "settings.toml")

    message = caught.value.message
    assert "unknown setting 'spce'" in message
    assert str(folder / "settings.toml") in message
    assert "spec" in message
    assert "markdown" in message


def test_load_config_wrong_type_names_key_and_file(write_files):
    folder = write_files({"settings.toml": 'allow-invalid = "yes"\n'})

    with pytest.raises(ConfigError) as caught:
        load_config(folder / "settings.toml")

    assert caught.value.message == (
        f"setting 'allow-invalid' in {folder / 'settings.toml'} must be true or false, "
        "not 'yes'"
    )


def test_load_config_string_for_list_rejected(write_files):
    folder = write_files({"settings.toml": 'strip-prefixes = "codersdk."\n'})

    with pytest.raises(ConfigError) as caught:
        load_config(folder / "settings.toml")

    assert "'strip-prefixes'" in caught.value.message
    assert "a list of strings" in caught.value.message


def test_load_config_unknown_target(write_files):
    folder = write_files({"settings.toml": 'targets = ["markdown", "rust"]\n'})

    with pytest.raises(ConfigError) as caught:
        load_config(folder / "settings.toml")

    assert "unknown target 'rust'" in caught.value.message
    assert "markdown, typescript, python" in caught.value.message


def test_load_config_target_not_table(write_files):
    folder = write_files({"settings.toml": "markdown = 3\n"})

    with pytest.raises(ConfigError) as caught:
        load_config(folder / "settings.toml")

    assert "'markdown'" in caught.value.message
    assert "must be a table" in caught.value.message


def test_load_config_invalid_toml(write_files):
    folder = write_files({"settings.toml": "spec = \n"})

    with pytest.raises(ConfigError) as caught:
        load_config(folder / "settings.toml")

    assert "invalid TOML" in caught.value.message
    assert "settings.toml" in caught.value.message


def test_load_config_missing_file(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "absent.toml")

    assert "absent.toml" in caught.value.message


def test_load_config_missing_spec(write_files):
    folder = write_files({"settings.toml": 'spec = "nothere.yaml"\n'})

    with pytest.raises(ConfigError) as caught:
        load_config(folder / "settings.toml")

    assert f"spec not found: {folder / 'nothere.yaml'}" in caught.value.message


def test_resolve_spec_path_folder_finds_openapi_yaml(write_files):
    folder = write_files({"api/openapi.yaml": SPEC, "api/swagger.json": "{}"})

    assert resolve_spec_path(folder / "api") == folder / "api" / "openapi.yaml"


def test_resolve_spec_path_folder_finds_swagger_json(write_files):
    folder = write_files({"api/swagger.json": "{}"})

    assert resolve_spec_path(folder / "api") == folder / "api" / "swagger.json"


def test_resolve_spec_path_empty_folder(tmp_path):
    with pytest.raises(ConfigError) as caught:
        resolve_spec_path(tmp_path)

    assert f"no spec file in folder {tmp_path}" in caught.value.message
    assert "openapi.yaml" in caught.value.message


# Target tables --------------------------------------------------------------------


def test_target_settings_reads_kebab_keys(write_files):
    folder = write_files(
        {
            "settings.toml": """\
                spec = "openapi.yaml"

                [markdown]
                title = "API"
                max-depth = 5
                show-examples = false
                logo = "img/logo.svg"
                sections = ["a", "b"]
                ratio = 2
                """,
            "openapi.yaml": SPEC,
        }
    )
    config = load_config(folder / "settings.toml")

    settings = config.target_settings("markdown", SampleSettings)

    assert settings == SampleSettings(
        title="API",
        max_depth=5,
        show_examples=False,
        logo=folder / "img" / "logo.svg",
        sections=["a", "b"],
        ratio=2,
    )


def test_target_settings_defaults_without_table(write_files):
    folder = write_files(
        {"settings.toml": 'spec = "openapi.yaml"\n', "openapi.yaml": SPEC}
    )
    config = load_config(folder / "settings.toml")

    assert config.target_settings("python", SampleSettings) == SampleSettings()


def test_target_settings_unknown_key(write_files):
    folder = write_files(
        {
            "settings.toml": 'spec = "openapi.yaml"\n[markdown]\ntitel = "x"\n',
            "openapi.yaml": SPEC,
        }
    )
    config = load_config(folder / "settings.toml")

    with pytest.raises(ConfigError) as caught:
        config.target_settings("markdown", SampleSettings)

    message = caught.value.message
    assert "unknown setting 'markdown.titel'" in message
    assert str(folder / "settings.toml") in message
    assert "max-depth" in message


def test_target_settings_wrong_type(write_files):
    folder = write_files(
        {
            "settings.toml": 'spec = "openapi.yaml"\n[python]\nmax-depth = "5"\n',
            "openapi.yaml": SPEC,
        }
    )
    config = load_config(folder / "settings.toml")

    with pytest.raises(ConfigError) as caught:
        config.target_settings("python", SampleSettings)

    assert "'python.max-depth'" in caught.value.message
    assert "a whole number" in caught.value.message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("max-depth", True),
        ("max-depth", 1.5),
        ("ratio", "2"),
        ("show-examples", 1),
        ("logo", ""),
        ("logo", 5),
        ("sections", "a"),
        ("sections", [1]),
    ],
)
def test_read_table_rejects_wrong_type(key, value):
    with pytest.raises(ConfigError) as caught:
        read_table(SampleSettings, {key: value}, "settings.toml")

    assert f"setting '{key}' in settings.toml must be " in caught.value.message


def test_read_table_path_from_base_dir(tmp_path):
    settings = read_table(
        SampleSettings, {"logo": "a/b.svg"}, "x.toml", base_dir=tmp_path
    )

    assert settings.logo == tmp_path / "a" / "b.svg"


def test_read_table_list_field_stays_list():
    settings = read_table(SampleSettings, {"sections": ["a"]}, "x.toml")

    assert settings.sections == ["a"]


def test_read_table_rejects_non_dataclass():
    with pytest.raises(TypeError):
        read_table(dict, {}, "x.toml")
