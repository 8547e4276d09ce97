"""Problems found by the library's per-node checks are reported at the node's own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from apiregen.errors import ExitCode, InvalidSpecError
from apiregen.generate import load
from apiregen.load import load_document
from apiregen.validate import validate
from tests.hostile.conftest import (
    HEADER,
    WriteSpec,
    empty_config,
    generate_files,
    make_config,
    run_cli,
)


def problems(spec: Path) -> list[str]:
    with pytest.raises(InvalidSpecError) as caught:
        load(make_config(spec))
    return [str(diagnostic) for diagnostic in caught.value.diagnostics]


def schema_spec(body: str, header: str = HEADER) -> str:
    return header + "paths: {}\ncomponents:\n  schemas:\n" + body


BAD_DEFAULT = """\
    D:
      type: object
      properties:
        i: {type: integer, default: "ten"}
"""


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_default_of_wrong_type_is_at_the_default(
    write_spec: WriteSpec, version: str
) -> None:
    spec = write_spec(schema_spec(BAD_DEFAULT, HEADER.replace("3.1.0", version)))
    assert problems(spec) == [
        (
            f"{spec}:9:28: /components/schemas/D/properties/i/default: "
            "must be of type integer, not str 'ten'"
        )
    ]


@pytest.mark.parametrize("fast", [True, False])
def test_default_location_without_jsonschema_rs(
    write_spec: WriteSpec, fast: bool
) -> None:
    document = load_document(write_spec(schema_spec(BAD_DEFAULT)))
    (diagnostic,) = validate(document, fast=fast)
    assert diagnostic.location is not None
    assert (diagnostic.location.line, diagnostic.location.column) == (9, 28)


def test_examples_mapping_is_at_the_examples(write_spec: WriteSpec) -> None:
    spec = write_spec(
        schema_spec(
            """\
    S:
      type: object
      properties:
        n: {type: string, examples: {first: {value: x}}}
"""
        )
    )
    assert problems(spec) == [
        (
            f"{spec}:9:27: /components/schemas/S/properties/n/examples: "
            "must be of type array, not dict {'first': {'value': 'x'}}"
        )
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_duplicate_enum_is_reported_once(write_spec: WriteSpec, version: str) -> None:
    header = HEADER.replace("3.1.0", version)
    spec = write_spec(schema_spec("    C: {type: string, enum: [a, a]}\n", header))
    assert problems(spec) == [
        (
            f"{spec}:6:23: /components/schemas/C/enum: "
            "enum lists duplicate values: 'a'; remove the repeats"
        )
    ]


def test_number_too_large_is_reported_once(write_spec: WriteSpec) -> None:
    spec = write_spec(schema_spec("    F: {type: number, maximum: 1e400}\n"))
    assert problems(spec) == [
        (
            f"{spec}:6:23: /components/schemas/F/maximum: "
            "maximum must be a number, not str '1e400'; apiregen ignores it"
        )
    ]


def test_non_object_schema_reported_once(write_spec: WriteSpec) -> None:
    spec = write_spec(schema_spec("    A: just a string\n"))
    assert problems(spec) == [
        (
            f"{spec}:6:5: /components/schemas/A: "
            "must be of type ['object', 'boolean'], not str 'just a string'"
        )
    ]


def test_unknown_dialect_is_at_the_schema(write_spec: WriteSpec) -> None:
    spec = write_spec(
        schema_spec('    S: {$schema: "urn:example:unknown", type: object}\n')
    )
    assert problems(spec) == [
        (
            f"{spec}:6:5: /components/schemas/S: "
            "Unknown JSON Schema dialect: 'urn:example:unknown'"
        )
    ]


def test_required_without_property_is_at_required(write_spec: WriteSpec) -> None:
    spec = write_spec(
        schema_spec(
            """\
    R:
      required: [zz]
      allOf: [{type: object}]
"""
        )
    )
    assert problems(spec) == [
        (
            f"{spec}:7:7: /components/schemas/R/required: "
            "Required list has not defined properties: ['zz']"
        )
    ]


REFERRED = (
    HEADER
    + """\
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/R"}
components:
  schemas:
    R:
      type: object
      properties:
        n: {type: string, examples: {first: x}}
"""
)


def test_referred_schema_at_its_definition(write_spec: WriteSpec) -> None:
    spec = write_spec(REFERRED)
    assert problems(spec) == [
        (
            f"{spec}:17:27: /components/schemas/R/properties/n/examples: "
            "must be of type array, not dict {'first': 'x'}"
        )
    ]


def test_referred_file_problem_in_that_file(write_spec: WriteSpec) -> None:
    spec = write_spec(
        {
            "openapi.yaml": HEADER
            + "paths: {}\ncomponents:\n  schemas:\n"
            + '    D: {$ref: "./d.yaml"}\n',
            "d.yaml": "type: object\nproperties:\n  i: {type: integer, default: x}\n",
        }
    )
    assert [line.split(": /")[0] for line in problems(spec)] == [
        f"{spec.parent / 'd.yaml'}:3:22"
    ]


OPERATIONS = (
    HEADER
    + """\
paths:
  /a:
    get: {operationId: same, responses: {"200": {description: ok}}}
  /b:
    get: {operationId: same, responses: {"200": {description: ok}}}
"""
)


def test_duplicate_operation_id_is_at_the_second_id(write_spec: WriteSpec) -> None:
    spec = write_spec(OPERATIONS)
    assert problems(spec) == [
        (
            f"{spec}:7:11: /paths/~1b/get/operationId: "
            "Operation ID 'same' for 'get' in '/b' is not unique"
        )
    ]


def test_duplicate_parameter_is_at_the_repeat(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER
        + """\
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: r, in: query, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
      responses: {"200": {description: ok}}
"""
    )
    assert problems(spec) == [
        f"{spec}:9:11: /paths/~1a/get/parameters/2: Duplicate parameter 'q'"
    ]


def test_duplicate_tag_is_at_the_repeated_name(write_spec: WriteSpec) -> None:
    spec = write_spec(HEADER + "tags:\n  - name: a\n  - name: a\npaths: {}\n")
    assert problems(spec) == [f"{spec}:5:5: /tags/1/name: Duplicate tag name 'a'"]


def test_swagger2_parameter_default_is_at_the_default(write_spec: WriteSpec) -> None:
    spec = write_spec(
        """\
swagger: "2.0"
info: {title: T, version: "1"}
paths:
  /a:
    get:
      parameters:
        - {name: n, in: query, type: integer, default: "x"}
      responses: {"200": {description: ok}}
"""
    )
    assert problems(spec) == [
        (
            f"{spec}:7:47: /paths/~1a/get/parameters/0/default: "
            "must be of type integer, not str 'x'"
        )
    ]


# Swagger 2.0 `type: file` response -------------------------------------------------

FILE_RESPONSE = """\
swagger: "2.0"
info: {title: T, version: "1"}
produces: [application/octet-stream]
paths:
  /download:
    get:
      operationId: download
      responses:
        "200": {description: the file, schema: {type: file}}
"""


def test_swagger2_file_response_is_valid(write_spec: WriteSpec, tmp_path: Path) -> None:
    result = run_cli("validate", "--config", str(empty_config(tmp_path)),
                     str(write_spec(FILE_RESPONSE)))  # fmt: skip
    assert result.exit_code == ExitCode.OK


def test_swagger2_file_response_is_binary_on_the_page(write_spec: WriteSpec) -> None:
    page = generate_files(write_spec(FILE_RESPONSE))["reference/default.md"]
    (row,) = [line for line in page.splitlines() if line.startswith("| 200 ")]
    assert row.split("|")[-2].strip() == "binary"


def test_swagger2_nested_file_type_invalid(write_spec: WriteSpec) -> None:
    spec = write_spec(
        FILE_RESPONSE.replace("{type: file}", "{type: array, items: {type: file}}")
    )
    assert any("'file' is not" in line for line in problems(spec))
