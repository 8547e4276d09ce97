"""Specs that cannot be read: each stops with a LoadError naming file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from apiregen.errors import ExitCode, LoadError
from apiregen.load import load_document
from apiregen.load.bundle import MAX_NESTING
from apiregen.load.source import MAX_ALIAS_EXPANSION
from tests.hostile.conftest import (
    HEADER,
    WriteSpec,
    empty_config,
    generate_files,
    run_cli,
)


def load_error(spec: Path, **settings: bool) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_document(spec, **settings)
    return caught.value


# Malformed YAML and JSON ----------------------------------------------------------


def test_malformed_yaml_names_line_and_column(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "paths:\n  /a: {get: [\n")
    error = load_error(spec)
    assert error.location.line == 5
    assert error.location.column == 1


def test_malformed_yaml_names_the_file(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "paths:\n  /a: {get: [\n")
    assert load_error(spec).location.file.endswith("openapi.yaml")


def test_malformed_yaml_message_says_yaml(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "paths:\n  /a: {get: [\n")
    assert load_error(spec).message.startswith("invalid YAML: ")


def test_malformed_yaml_tab_indent_names_line(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "paths:\n\t/a: {}\n")
    assert load_error(spec).location.line == 4


def test_malformed_json_names_line_and_column(write_spec: WriteSpec) -> None:
    spec = write_spec(
        '{\n  "openapi": "3.1.0",\n  "info": {"title": "T",}\n}\n', "openapi.json"
    )
    error = load_error(spec)
    assert error.location.line == 3
    assert error.location.column == 25


def test_malformed_json_message_says_json(write_spec: WriteSpec) -> None:
    spec = write_spec(
        '{\n  "openapi": "3.1.0",\n  "info": {"title": "T",}\n}\n', "openapi.json"
    )
    assert load_error(spec).message.startswith("invalid JSON: ")


def test_malformed_json_in_referenced_file_names_that_file(
    write_spec: WriteSpec,
) -> None:
    spec = write_spec(
        {
            "openapi.yaml": HEADER + "paths: {}\ncomponents:\n  schemas:\n"
            "    A: {$ref: './a.json#/A'}\n",
            "a.json": '{"A": {"type": "string",,}}\n',
        }
    )
    error = load_error(spec)
    assert Path(error.location.file).name == "a.json"
    assert error.location.line == 1


def test_cli_prints_file_line_column_and_exits_3(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    spec = write_spec(HEADER + "paths:\n  /a: {get: [\n")
    result = run_cli("generate", "--config", str(empty_config(tmp_path)),
                     "--spec", str(spec), "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.exit_code == ExitCode.LOAD
    assert "openapi.yaml:5:1: " in result.stderr


def test_not_utf8_is_a_load_error(spec_dir: Path) -> None:
    spec = spec_dir / "openapi.yaml"
    spec.write_bytes(b"openapi: 3.1.0\ninfo: {title: \xff\xfe, version: '1'}\n")
    assert "not UTF-8" in load_error(spec).message


def test_top_level_list_is_a_load_error(write_spec: WriteSpec) -> None:
    spec = write_spec("- openapi\n- 3.1.0\n")
    assert "mapping at the top level" in load_error(spec).message


# References that lead nowhere --------------------------------------------------------

REF_TO = (
    HEADER
    + """\
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '%s'}
"""
)


def test_dangling_ref_points_at_its_line(write_spec: WriteSpec) -> None:
    spec = write_spec(REF_TO % "#/components/schemas/Missing")
    error = load_error(spec)
    assert error.location.line == 9
    assert "points at nothing" in error.message


def test_dangling_ref_pointer_is_the_ref(write_spec: WriteSpec) -> None:
    spec = write_spec(REF_TO % "#/components/schemas/Missing")
    assert (
        load_error(spec).location.pointer == "/components/schemas/A/properties/b/$ref"
    )


def test_ref_to_missing_file_names_the_file(write_spec: WriteSpec) -> None:
    spec = write_spec(REF_TO % "./nowhere.yaml#/B")
    error = load_error(spec)
    assert "file not found" in error.message
    assert error.location.line == 9


def test_ref_to_missing_pointer_in_other_file(write_spec: WriteSpec) -> None:
    spec = write_spec(
        {"openapi.yaml": REF_TO % "./b.yaml#/Nope", "b.yaml": "B: {type: string}\n"}
    )
    assert "/Nope not found in b.yaml" in load_error(spec).message


def test_ref_only_cycle_is_rejected(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER + "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {$ref: '#/components/schemas/B'}\n"
        "    B: {$ref: '#/components/schemas/C'}\n"
        "    C: {$ref: '#/components/schemas/A'}\n"
    )
    assert "$ref cycle with no schema in it" in load_error(spec).message


def test_ref_only_cycle_through_files_is_rejected(write_spec: WriteSpec) -> None:
    spec = write_spec(
        {
            "openapi.yaml": HEADER + "paths: {}\ncomponents:\n  schemas:\n"
            "    A: {$ref: './a.yaml#/A'}\n",
            "a.yaml": "A: {$ref: '#/B'}\nB: {$ref: '#/A'}\n",
        }
    )
    with pytest.raises(LoadError):
        generate_files(spec)


def test_self_ref_is_a_cycle(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER
        + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n"
    )
    assert "cycle" in load_error(spec).message


# Remote and climbing references -----------------------------------------------------

REMOTE_REFS = [
    "http://example.invalid/schemas.yaml#/B",
    "https://example.invalid/schemas.yaml#/B",
    "file:///etc/passwd",
    "HTTPS://example.invalid/x.json",
]


@pytest.mark.parametrize("ref", REMOTE_REFS)
def test_remote_ref_is_refused(write_spec: WriteSpec, ref: str) -> None:
    spec = write_spec(REF_TO % ref)
    assert "apiregen fetches nothing" in load_error(spec).message


def test_remote_ref_refusal_does_not_suggest_setting(write_spec: WriteSpec) -> None:
    # The setting changes only the message, so suggesting it would mislead.
    spec = write_spec(REF_TO % REMOTE_REFS[0])
    assert "allow-remote-refs" not in load_error(spec).message


@pytest.mark.parametrize("ref", REMOTE_REFS)
def test_remote_ref_allowed_is_still_not_fetched(
    write_spec: WriteSpec, ref: str
) -> None:
    # The autouse `no_network` fixture fails the test if anything connects.
    spec = write_spec(REF_TO % ref)
    assert (
        "fetching is not supported yet"
        in load_error(spec, allow_remote_refs=True).message
    )


def test_remote_ref_error_points_at_the_ref_line(write_spec: WriteSpec) -> None:
    spec = write_spec(REF_TO % REMOTE_REFS[0])
    assert load_error(spec).location.line == 9


def test_remote_ref_in_other_file_is_refused(write_spec: WriteSpec) -> None:
    spec = write_spec(
        {
            "openapi.yaml": REF_TO % "./b.yaml#/B",
            "b.yaml": "B: {$ref: 'https://example.invalid/c.yaml#/C'}\n",
        }
    )
    assert Path(load_error(spec).location.file).name == "b.yaml"


def test_remote_ref_is_refused_by_the_cli_with_exit_3(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    spec = write_spec(REF_TO % REMOTE_REFS[1])
    result = run_cli("generate", "--config", str(empty_config(tmp_path)),
                     "--spec", str(spec), "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.exit_code == ExitCode.LOAD


def test_climbing_ref_is_refused(write_spec: WriteSpec, tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("B: {type: string}\n")
    spec = write_spec(REF_TO % "../outside.yaml#/B")
    assert "outside the spec's folder" in load_error(spec).message


def test_climbing_ref_through_subfolder_is_refused(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    (tmp_path / "outside.yaml").write_text("B: {type: string}\n")
    spec = write_spec(REF_TO % "./sub/../../outside.yaml#/B")
    assert "outside the spec's folder" in load_error(spec).message


def test_climbing_ref_allowed_by_setting_loads(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    (tmp_path / "outside.yaml").write_text("B: {type: string}\n")
    spec = write_spec(REF_TO % "../outside.yaml#/B")
    document = load_document(spec, allow_refs_outside_spec_dir=True)
    assert document.root["components"]["schemas"]["A"]["properties"]["b"] == {
        "type": "string"
    }


def test_absolute_path_ref_outside_is_refused(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    (tmp_path / "outside.yaml").write_text("B: {type: string}\n")
    spec = write_spec(REF_TO % f"{tmp_path / 'outside.yaml'}#/B")
    assert "outside the spec's folder" in load_error(spec).message


# YAML alias bombs ---------------------------------------------------------------------


def alias_bomb(levels: int, width: int) -> str:
    lines = ["x-bomb:", '  a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        items = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"  a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_rejected(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "paths: {}\n" + alias_bomb(9, 9))
    assert "alias bomb" in load_error(spec).message


def test_alias_bomb_error_points_at_first_anchor(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "paths: {}\n" + alias_bomb(9, 9))
    assert load_error(spec).location.line == 5


def test_alias_bomb_under_the_limit_loads(write_spec: WriteSpec) -> None:
    # 5**5 = 3,125 leaves: well under the limit.
    spec = write_spec(HEADER + "paths: {}\n" + alias_bomb(5, 5))
    assert len(load_document(spec).root["x-bomb"]["a5"]) == 5


def test_alias_limit_is_a_million() -> None:
    assert MAX_ALIAS_EXPANSION == 1_000_000


def test_alias_loop_is_rejected(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "paths: {}\nx-loop: &a {b: *a}\n")
    assert "never ends" in load_error(spec).message


# Deep nesting ---------------------------------------------------------------------------


def nested_schema(levels: int) -> str:
    schema = "{type: string}"
    for _ in range(levels):
        schema = f"{{type: object, properties: {{down: {schema}}}}}"
    return schema


def test_json_nested_past_the_parser_limit_is_a_load_error(
    write_spec: WriteSpec,
) -> None:
    text = '{"openapi": "3.1.0", "x-deep": ' + "[" * 5000 + "]" * 5000 + "}"
    error = load_error(write_spec(text, "openapi.json"))
    assert error.message == "invalid JSON: nested more than 1000 levels deep"
    assert error.location.line == 1


def test_yaml_nested_past_libyaml_limit_is_a_load_error(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "x-deep: " + "[" * 1500 + "]" * 1500 + "\n")
    assert "maximum nesting depth" in load_error(spec).message


def test_schema_nested_past_max_nesting_is_a_load_error(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER
        + "paths: {}\ncomponents:\n  schemas:\n    Deep: "
        + nested_schema(60)
        + "\n"
    )
    error = load_error(spec)
    assert error.location.line == 6
    assert f"more than {MAX_NESTING} levels" in error.message


def test_schema_nested_just_under_max_nesting_generates(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER
        + "paths: {}\ncomponents:\n  schemas:\n    Deep: "
        + nested_schema(46)
        + "\n"
    )
    assert "export interface Deep" in generate_files(spec)["typescript/types.ts"]
