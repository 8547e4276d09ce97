"""Tests for `apiregen.validate`: validator errors as one plain line each."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema_path import SchemaPath

from apiregen.errors import Diagnostic
from apiregen.library_locations import node_parts
from apiregen.load import load_document
from apiregen.validate import validate

CODER_CORPUS = (
    Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "coder"
)

PROVISIONER_JOBS = "/paths/~1api~1v2~1organizations~1{organization}~1provisionerjobs"


def line_of(path: Path, needle: str, after: int = 0) -> int:
    """Return the 1-based number of the first line below line `after` containing `needle`."""
    lines = path.read_text().splitlines()
    for number, line in enumerate(lines, start=1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path} after line {after}")


def validate_file(path: Path) -> list[Diagnostic]:
    return validate(load_document(path))


@pytest.fixture(scope="module")
def coder_diagnostics() -> tuple[Path, list[Diagnostic]]:
    swagger = CODER_CORPUS / "swagger.json"
    if not swagger.is_file():
        pytest.skip(
            f"the coder corpus is absent: expected {swagger} beside the checkout"
        )
    return swagger, validate_file(swagger)


def test_validate_coder_reports_duplicate_status_enum(coder_diagnostics):
    swagger, diagnostics = coder_diagnostics
    pointer = f"{PROVISIONER_JOBS}/get/parameters/3/enum"

    found = [d for d in diagnostics if d.location and d.location.pointer == pointer]

    assert len(found) == 1
    path_line = line_of(
        swagger, '"/api/v2/organizations/{organization}/provisionerjobs"'
    )
    assert found[0].location.line == line_of(swagger, '"enum"', after=path_line)
    assert Path(found[0].location.file).resolve() == swagger.resolve()


def test_validate_coder_duplicate_message_is_plain(coder_diagnostics):
    _, diagnostics = coder_diagnostics
    pointer = f"{PROVISIONER_JOBS}/get/parameters/3/enum"

    (found,) = [d for d in diagnostics if d.location and d.location.pointer == pointer]

    assert found.message.startswith("enum lists duplicate values: 'pending', 'running'")
    assert "'unknown'" not in found.message
    assert "{" not in found.message
    assert len(found.message) < 160
    assert "\n" not in found.message


def test_validate_missing_info_in_30(write_files):
    folder = write_files({"openapi.yaml": "openapi: 3.0.3\npaths: {}\n"})

    diagnostics = validate_file(folder / "openapi.yaml")

    assert [d.message for d in diagnostics] == ["missing required field 'info'"]
    assert Path(diagnostics[0].location.file).name == "openapi.yaml"
    assert diagnostics[0].location.line == 1


def test_validate_wrong_type_in_31(write_files):
    spec = 'openapi: 3.1.0\ninfo:\n  title: 5\n  version: "1"\npaths: {}\n'
    folder = write_files({"openapi.yaml": spec})

    diagnostics = validate_file(folder / "openapi.yaml")

    assert len(diagnostics) == 1
    assert diagnostics[0].message == "must be of type string, not int 5"
    assert diagnostics[0].location.pointer == "/info/title"
    assert diagnostics[0].location.line == 3


def test_validate_undeclared_path_parameter_in_20(write_files):
    spec = """\
        swagger: "2.0"
        info: {title: T, version: "1"}
        paths:
          /items/{id}:
            get:
              responses:
                "200": {description: OK}
        """
    folder = write_files({"swagger.yaml": spec})

    diagnostics = validate_file(folder / "swagger.yaml")

    assert len(diagnostics) == 1
    assert "{id}" in diagnostics[0].message
    assert "in: path" in diagnostics[0].message
    assert diagnostics[0].location.pointer == "/paths/~1items~1{id}/get"
    assert diagnostics[0].location.line == 5


def test_validate_diagnostic_prints_file_line_pointer(write_files):
    folder = write_files({"openapi.yaml": "openapi: 3.0.3\npaths: {}\n"})

    (diagnostic,) = validate_file(folder / "openapi.yaml")

    assert str(diagnostic).endswith(
        "openapi.yaml:1:1: /: missing required field 'info'"
    )


def test_validate_valid_spec_gives_none(write_files):
    spec = """\
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /items/{id}:
            get:
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                "200": {description: OK}
        """
    folder = write_files({"openapi.yaml": spec})

    assert validate_file(folder / "openapi.yaml") == []


def test_validate_bundled_error_names_inlined_file(write_files):
    folder = write_files(
        {
            "openapi.yaml": """\
                openapi: 3.1.0
                info: {title: T, version: "1"}
                paths:
                  /items:
                    $ref: './items.yaml'
                """,
            "items.yaml": """\
                get:
                  responses:
                    "200":
                      summary: no description here
                """,
        }
    )

    diagnostics = validate_file(folder / "openapi.yaml")

    assert [d.message for d in diagnostics] == [
        "missing required field 'description'",
        "unknown field 'summary'; check its spelling and where it is placed",
    ]
    assert {Path(d.location.file).name for d in diagnostics} == {"items.yaml"}
    # The missing field is reported at its object, the unknown one at its key.
    assert [d.location.line for d in diagnostics] == [3, 4]


REF_CHAIN = {
    "a": {"$ref": "#/b"},
    "b": {"$ref": "#/c"},
    "c": {"items": {"x": 1}},
}


def test_node_parts_follow_ref_chain() -> None:
    node = SchemaPath.from_dict(REF_CHAIN) / "a" / "items"
    assert node_parts(node) == ["c", "items"]


def test_node_parts_keep_missing_tail() -> None:
    node = SchemaPath.from_dict(REF_CHAIN) / "a" / "nothing" / "here"
    assert node_parts(node) == ["c", "nothing", "here"]


def test_node_parts_stop_at_ref_cycle() -> None:
    node = SchemaPath.from_dict({"a": {"$ref": "#/a"}}) / "a"
    assert node_parts(node) == ["a"]
