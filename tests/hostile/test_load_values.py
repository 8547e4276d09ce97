"""Values that JSON cannot hold, and repeated keys: read as JSON or rejected at load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from apiregen.errors import ExitCode, InvalidSpecError, LoadError, OutputError
from apiregen.generate import load
from apiregen.load import load_document
from apiregen.write import STAGING_NAME, write_plan
from tests.helpers import run_tsc
from tests.hostile.conftest import (
    HEADER,
    WriteSpec,
    empty_config,
    generate_files,
    make_config,
    run_cli,
)

SCHEMAS = HEADER + "paths: {}\ncomponents:\n  schemas:\n"


def load_error(spec: Path) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_document(spec)
    return caught.value


def where(error: LoadError) -> str:
    """The location as printed, without the folder: `file:line:column: pointer`."""
    assert error.location is not None
    return str(error.location).rsplit("/spec/", 1)[-1]


def json_spec(schemas: str) -> str:
    return (
        '{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},\n'
        ' "components": {"schemas": ' + schemas + "}}\n"
    )


# YAML dates and timestamps become the text written ------------------------------


def test_yaml_date_is_read_as_its_text(write_spec: WriteSpec) -> None:
    spec = write_spec(
        SCHEMAS + "    D: {type: string, format: date, example: 2024-01-02}\n"
    )
    schema = load_document(spec).root["components"]["schemas"]["D"]
    assert schema["example"] == "2024-01-02"


def test_yaml_timestamp_is_read_as_its_text(write_spec: WriteSpec) -> None:
    spec = write_spec(
        SCHEMAS + "    D: {type: string, example: 2001-12-14 21:59:43.10 -5}\n"
    )
    schema = load_document(spec).root["components"]["schemas"]["D"]
    assert schema["example"] == "2001-12-14 21:59:43.10 -5"


def test_yaml_date_enum_is_text(write_spec: WriteSpec) -> None:
    spec = write_spec(
        SCHEMAS + "    D: {type: string, enum: [2024-01-02, 2024-02-03]}\n"
    )
    schema = load_document(spec).root["components"]["schemas"]["D"]
    assert schema["enum"] == ["2024-01-02", "2024-02-03"]


@pytest.fixture
def date_files(write_spec: WriteSpec) -> dict[str, str]:
    spec = write_spec(
        SCHEMAS + "    D: {type: string, format: date, example: 2024-01-02,"
        " default: 2024-01-03}\n"
    )
    return generate_files(spec)


def test_yaml_date_example_on_page(date_files: dict[str, str]) -> None:
    assert '"2024-01-02"' in date_files["reference/schemas.md"]


def test_yaml_date_example_in_typescript(date_files: dict[str, str]) -> None:
    assert '@example "2024-01-02"' in date_files["typescript/types.ts"]


def test_yaml_date_example_in_python(date_files: dict[str, str]) -> None:
    assert 'examples=["2024-01-02"]' in date_files["python/models.py"]


def test_yaml_date_typescript_compiles(
    date_files: dict[str, str], tmp_path: Path
) -> None:
    types = tmp_path / "types.ts"
    types.write_text(date_files["typescript/types.ts"], encoding="utf-8")
    result = run_tsc(types)
    assert result.returncode == 0, result.stdout


def test_yaml_date_python_imports(date_files: dict[str, str], tmp_path: Path) -> None:
    module = tmp_path / "models.py"
    module.write_text(date_files["python/models.py"], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(module)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("value", "tag"),
    [("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"),
     ("!!omap [{a: 1}]", "!!omap"), ("!!pairs [{a: 1}]", "!!pairs")],
)  # fmt: skip
def test_yaml_non_json_tag_is_rejected(
    write_spec: WriteSpec, value: str, tag: str
) -> None:
    spec = write_spec(SCHEMAS + f"    B: {{type: string, example: {value}}}\n")
    assert f"the YAML tag {tag} makes" in load_error(spec).message


def test_yaml_binary_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    B: {type: string, example: !!binary aGVsbG8=}\n")
    assert where(load_error(spec)) == "openapi.yaml:6:32: /components/schemas/B/example"


# NaN and infinity -----------------------------------------------------------------


def test_yaml_nan_in_enum_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    F: {type: number, enum: [.nan]}\n")
    assert where(load_error(spec)) == "openapi.yaml:6:30: /components/schemas/F/enum/0"


def test_yaml_nan_message(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    F: {type: number, enum: [.nan]}\n")
    assert load_error(spec).message.startswith(".nan is not a JSON number")


def test_yaml_inf_default_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    F:\n      type: number\n      default: -.inf\n")
    assert where(load_error(spec)) == "openapi.yaml:8:16: /components/schemas/F/default"


def test_yaml_float_overflow_is_rejected(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    F: {type: number, maximum: 1.0e+400}\n")
    assert "1.0e+400 is too large" in load_error(spec).message


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_json_constant_is_rejected(write_spec: WriteSpec, token: str) -> None:
    spec = write_spec(
        json_spec('{"F": {"type": "number", "enum": [1.5, ' + token + "]}}"),
        "openapi.json",
    )
    assert where(load_error(spec)) == "openapi.json:2:67: /components/schemas/F/enum/1"


def test_json_nan_message(write_spec: WriteSpec) -> None:
    spec = write_spec(json_spec('{"F": {"example": NaN}}'), "openapi.json")
    assert load_error(spec).message.startswith("NaN is not a JSON number")


def test_json_overflow_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(
        json_spec('{"F": {"type": "number", "default": 1e400}}'), "openapi.json"
    )
    assert where(load_error(spec)) == "openapi.json:2:64: /components/schemas/F/default"


def test_json_overflow_message(write_spec: WriteSpec) -> None:
    spec = write_spec(json_spec('{"F": {"default": -2.5E+999}}'), "openapi.json")
    assert "-2.5E+999 is too large" in load_error(spec).message


def test_json_large_finite_number_loads(write_spec: WriteSpec) -> None:
    spec = write_spec(json_spec('{"F": {"maximum": 1.5e308}}'), "openapi.json")
    assert load_document(spec).root["components"]["schemas"]["F"]["maximum"] == 1.5e308


def test_nan_cli_exits_3_and_writes_nothing(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    spec = write_spec(SCHEMAS + "    F: {type: number, enum: [.nan]}\n")
    out = tmp_path / "out"
    result = run_cli("generate", "--config", str(empty_config(tmp_path)),
                     "--spec", str(spec), "--out", str(out))  # fmt: skip
    assert (result.exit_code, out.exists()) == (ExitCode.LOAD, False)


# Lone surrogates --------------------------------------------------------------------


def test_json_lone_surrogate_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(json_spec('{"S": {"description": "a\\ud800b"}}'), "openapi.json")
    assert (
        where(load_error(spec))
        == "openapi.json:2:50: /components/schemas/S/description"
    )


def test_json_lone_surrogate_message(write_spec: WriteSpec) -> None:
    spec = write_spec(json_spec('{"S": {"description": "a\\udc00"}}'), "openapi.json")
    assert load_error(spec).message.startswith("\\udc00 is half of a UTF-16 surrogate")


def test_json_lone_surrogate_in_key_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(
        json_spec('{"S": {"properties": {"\\ud800": {}}}}'), "openapi.json"
    )
    assert where(load_error(spec)).endswith(": /components/schemas/S/properties/\ud800")


def test_json_surrogate_pair_loads(write_spec: WriteSpec) -> None:
    spec = write_spec(
        json_spec('{"S": {"description": "\\ud83d\\ude00"}}'), "openapi.json"
    )
    schema = load_document(spec).root["components"]["schemas"]["S"]
    assert schema["description"] == "\U0001f600"


def test_surrogate_cli_exits_3_and_writes_nothing(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    spec = write_spec(json_spec('{"S": {"description": "\\ud800"}}'), "openapi.json")
    out = tmp_path / "out"
    result = run_cli("generate", "--config", str(empty_config(tmp_path)),
                     "--spec", str(spec), "--out", str(out))  # fmt: skip
    assert (result.exit_code, out.exists()) == (ExitCode.LOAD, False)


def test_write_failure_on_first_run_leaves_no_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    with pytest.raises(OutputError):
        write_plan({"a.md": "ok\n", "b.md": "\ud800"}, out)
    assert not (tmp_path / "new").exists()


def test_write_failure_removes_staging(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan({"a.md": "one\n"}, out)
    with pytest.raises(OutputError):
        write_plan({"a.md": "two\n", "b.md": "\ud800"}, out)
    assert not (out / STAGING_NAME).exists()


def test_write_failure_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan({"a.md": "one\n"}, out)
    with pytest.raises(OutputError):
        write_plan({"a.md": "two\n", "b.md": "\ud800"}, out)
    assert (out / "a.md").read_text(encoding="utf-8") == "one\n"


# Repeated keys --------------------------------------------------------------------

DUPLICATE_SCHEMA = """\
    User:
      type: object
      properties:
        id: {type: string}
    User:
      type: object
"""


def test_yaml_duplicate_key_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + DUPLICATE_SCHEMA)
    assert where(load_error(spec)) == "openapi.yaml:10:5: /components/schemas/User"


def test_yaml_duplicate_key_names_first_line(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + DUPLICATE_SCHEMA)
    assert load_error(spec).message.startswith(
        "duplicate key 'User': line 6 already has it"
    )


def test_yaml_duplicate_key_in_flow_mapping(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    A: {type: string, type: integer}\n")
    assert where(load_error(spec)) == "openapi.yaml:6:23: /components/schemas/A/type"


def test_yaml_merge_key_may_be_overridden(write_spec: WriteSpec) -> None:
    spec = write_spec(
        SCHEMAS + "    A: &a {type: string, description: a}\n"
        "    B: {<<: *a, description: b}\n"
    )
    schema = load_document(spec).root["components"]["schemas"]["B"]
    assert schema == {"type": "string", "description": "b"}


def test_yaml_shared_anchor_is_not_a_duplicate(write_spec: WriteSpec) -> None:
    spec = write_spec(
        SCHEMAS + "    A: &a {<<: {type: string}, format: x}\n"
        "    B: {<<: *a, format: y}\n    C: {<<: *a, format: z}\n"
    )
    assert load_document(spec).root["components"]["schemas"]["C"]["format"] == "z"


def test_json_duplicate_key_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(
        json_spec(
            '{"U": {"type": "object", "properties":\n'
            ' {"id": {"type": "string"},\n  "id": {"type": "integer"}}}}'
        ),
        "openapi.json",
    )
    assert (
        where(load_error(spec))
        == "openapi.json:4:3: /components/schemas/U/properties/id"
    )


def test_json_duplicate_key_names_first_line(write_spec: WriteSpec) -> None:
    spec = write_spec(
        json_spec('{"U": {"type": "object",\n "type": "string"}}'), "openapi.json"
    )
    assert load_error(spec).message.startswith("duplicate key 'type': line 2 already")


def test_json_same_key_in_two_objects_loads(write_spec: WriteSpec) -> None:
    spec = write_spec(
        json_spec('{"A": {"type": "string"}, "B": {"type": "string"}}'), "openapi.json"
    )
    assert len(load_document(spec).root["components"]["schemas"]) == 2


# YAML 1.1 numbers read as strings ---------------------------------------------------


def problems(spec: Path) -> list[str]:
    with pytest.raises(InvalidSpecError) as caught:
        load(make_config(spec))
    return [
        str(diagnostic).rsplit("/spec/", 1)[-1]
        for diagnostic in caught.value.diagnostics
    ]


def test_yaml11_exponent_in_number_enum_is_reported(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    Rate: {type: number, enum: [0.5, 1e5]}\n")
    assert problems(spec) == [
        (
            "openapi.yaml:6:38: /components/schemas/Rate/enum/1: unquoted 1e5 in a "
            "number schema is read by YAML 1.1 as the string '1e5', because its "
            "exponent needs a dot and a sign there; write 1.0e+5"
        )
    ]


def test_yaml11_exponent_in_example_is_reported(write_spec: WriteSpec) -> None:
    spec = write_spec(
        SCHEMAS + "    N:\n      type: [integer, 'null']\n      example: 2E10\n"
    )
    assert problems(spec)[0].startswith(
        "openapi.yaml:8:7: /components/schemas/N/example: unquoted 2E10"
    )


def test_yaml11_quoted_exponent_is_not_reported(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    Rate: {type: number, enum: [0.5, '1e5']}\n")
    assert load(make_config(spec))[1] == []


def test_yaml11_exponent_in_string_enum_is_not_reported(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    Code: {type: string, enum: [1e5, 2e6]}\n")
    assert load(make_config(spec))[1] == []


def test_yaml_signed_exponent_is_a_number(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + "    Rate: {type: number, enum: [0.5, 1.0e+5]}\n")
    files = generate_files(spec)
    assert "export type Rate = 0.5 | 100000.0;" in files["typescript/types.ts"]


# Smaller messages -------------------------------------------------------------------


def test_json_with_bom_loads(spec_dir: Path) -> None:
    spec = spec_dir / "openapi.json"
    spec.write_text(
        '\ufeff{"openapi": "3.1.0", "info": {"title": "T", "version": "1"},'
        ' "paths": {}}',
        encoding="utf-8",
    )
    assert load_document(spec).root["openapi"] == "3.1.0"


def test_empty_file_says_empty(write_spec: WriteSpec) -> None:
    spec = write_spec("")
    assert load_error(spec).message.startswith("the spec is empty")


def test_empty_object_error_names_the_file(write_spec: WriteSpec) -> None:
    spec = write_spec("{}\n", "openapi.json")
    with pytest.raises(LoadError) as caught:
        load(make_config(spec))
    assert where(caught.value) == "openapi.json:1:1: /"


def test_empty_ref_says_empty(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + '    A: {$ref: ""}\n')
    assert load_error(spec).message.startswith("$ref is empty")


def test_empty_ref_is_located(write_spec: WriteSpec) -> None:
    spec = write_spec(SCHEMAS + '    A: {$ref: ""}\n')
    assert where(load_error(spec)) == "openapi.yaml:6:9: /components/schemas/A/$ref"


def test_empty_ref_in_bundled_spec_says_empty(write_spec: WriteSpec) -> None:
    spec = write_spec(
        {
            "openapi.yaml": SCHEMAS + "    A: {$ref: './a.yaml#/A'}\n",
            "a.yaml": "A: {properties: {b: {$ref: ''}}}\n",
        }
    )
    assert load_error(spec).message.startswith("$ref is empty")


def test_property_named_type_not_reported(write_spec: WriteSpec) -> None:
    spec = write_spec(
        SCHEMAS + "    A:\n      properties:\n        type: {type: string}\n"
    )
    assert load(make_config(spec))[1] == []
