"""Schema shapes that trip generators: required-only allOf members, allOf-only responses."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from apiregen.errors import InvalidSpecError
from tests.helpers import run_tsc
from tests.hostile.conftest import HEADER, WriteSpec, generate_files

SHAPES = (
    HEADER
    + """\
paths:
  /pets:
    post:
      operationId: createPet
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/Pet'
                  - required: [id]
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        id: {type: integer}
        name: {type: string}
    NamedPet:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - required: [id]
    Status:
      enum: [active, retired]
"""
)


@pytest.fixture
def shapes(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(SHAPES))


def section(page: str, heading: str) -> str:
    return page.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def row(text: str, name: str) -> list[str]:
    match = re.search(rf"^\| `{name}` +\|(.*)\|$", text, re.MULTILINE)
    assert match is not None, f"no row for {name}"
    return [cell.strip() for cell in match.group(1).split("|")]


def test_required_only_member_makes_property_required_on_page(
    shapes: dict[str, str],
) -> None:
    assert row(section(shapes["reference/schemas.md"], "NamedPet"), "id")[1] == "true"


def test_required_only_member_keeps_inherited_required(shapes: dict[str, str]) -> None:
    assert row(section(shapes["reference/schemas.md"], "NamedPet"), "name")[1] == "true"


def test_required_only_member_in_python(shapes: dict[str, str]) -> None:
    block = shapes["python/models.py"].split("class NamedPet(Pet):", 1)[1]
    assert re.search(r"^    id: int$", block, re.MULTILINE) is not None


def test_required_only_member_in_typescript(shapes: dict[str, str]) -> None:
    assert re.search(r"export interface NamedPet extends Pet \{\n  id: number;",
                     shapes["typescript/types.ts"]) is not None  # fmt: skip


def test_response_that_is_only_all_of_lists_properties(shapes: dict[str, str]) -> None:
    page = shapes["reference/default.md"]
    table = page.split("Response Schema", 1)[1]
    assert [row(table, "id")[1], row(table, "name")[1]] == ["true", "true"]


def test_response_that_is_only_all_of_has_example(shapes: dict[str, str]) -> None:
    page = shapes["reference/default.md"]
    assert '"id": 0' in page.split("> 201 Response", 1)[1]


def test_enum_only_schema_is_on_the_schemas_page(shapes: dict[str, str]) -> None:
    assert "`active`, `retired`" in section(shapes["reference/schemas.md"], "Status")


def test_enum_only_schema_example(shapes: dict[str, str]) -> None:
    assert '```json\n"active"\n```' in section(shapes["reference/schemas.md"], "Status")


def test_enum_only_schema_in_typescript(shapes: dict[str, str]) -> None:
    assert 'export type Status = "active" | "retired";' in shapes["typescript/types.ts"]


WRONG_TYPES = (
    HEADER + "paths: {}\ncomponents:\n  schemas:\n"
    "    Pick:\n      type: object\n      properties:\n"
    "        code: {type: string, pattern: 0}\n"
    "        kind: {type: {type: string, enum: [a, b]}}\n"
    "        pattern: {type: string, maxLength: many}\n"
)


def test_wrong_keyword_type_with_allow_invalid(write_spec: WriteSpec) -> None:
    # api.video's spec has `pattern: 0`; datamodel-code-generator failed on it.
    files = generate_files(write_spec(WRONG_TYPES), allow_invalid=True)
    assert "    code: str | None = None\n" in files["python/models.py"]


def test_wrong_keyword_left_out_of_page(write_spec: WriteSpec) -> None:
    files = generate_files(write_spec(WRONG_TYPES), allow_invalid=True)
    assert "many" not in files["reference/schemas.md"]


def test_type_given_a_schema_is_left_out(write_spec: WriteSpec) -> None:
    # codat.io's accounting spec writes a whole schema as the value of `type`.
    files = generate_files(write_spec(WRONG_TYPES), allow_invalid=True)
    assert "    kind: Any | None = None\n" in files["python/models.py"]


def wrong_type_problems(write_spec: WriteSpec) -> list[str]:
    with pytest.raises(InvalidSpecError) as caught:
        generate_files(write_spec(WRONG_TYPES))
    return [str(diagnostic) for diagnostic in caught.value.diagnostics]


def test_wrong_keyword_type_is_a_located_problem(write_spec: WriteSpec) -> None:
    assert any(
        problem.endswith(
            "openapi.yaml:9:30: /components/schemas/Pick/properties/code/pattern: "
            "pattern must be a string, not int 0; apiregen ignores it"
        )
        for problem in wrong_type_problems(write_spec)
    )


def test_keyword_named_property_not_reported(
    write_spec: WriteSpec,
) -> None:
    # `pattern` under `properties` names a property; its value is a schema.
    assert not any(
        "/properties/pattern:" in problem for problem in wrong_type_problems(write_spec)
    )


def test_string_extension_in_paths_validates(write_spec: WriteSpec) -> None:
    # openapi-spec-validator reads every entry of `paths` as a path item.
    spec = write_spec(
        HEADER + "paths:\n  x-context-root: /api/v2\n"
        "  /a: {get: {responses: {'200': {description: ok}}}}\n"
    )
    assert "## GET /a" in generate_files(spec)["reference/default.md"]


# dnd5eapi.co's spec writes an `allOf` as a mapping and refers into it from
# another operation; validation drops the mapping, so the ref lands on nothing.
REF_INTO_DROPPED = (
    HEADER
    + """\
paths:
  /things:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                properties:
                  box:
                    allOf:
                      '0':
                        properties:
                          size: {type: integer}
                  twin:
                    $ref: '#/paths/~1things/get/responses/200/content/application~1json/schema/properties/box/allOf/0'
components:
  schemas:
    Thing:
      properties:
        twin:
          $ref: '#/paths/~1things/get/responses/200/content/application~1json/schema/properties/box/allOf/0'
"""
)


def test_ref_into_dropped_keyword_is_any_in_python(write_spec: WriteSpec) -> None:
    files = generate_files(write_spec(REF_INTO_DROPPED), allow_invalid=True)
    assert "    twin: Any | None = None\n" in files["python/models.py"]


def test_ref_into_dropped_keyword_is_unknown_in_typescript(
    write_spec: WriteSpec,
) -> None:
    files = generate_files(write_spec(REF_INTO_DROPPED), allow_invalid=True)
    assert "  twin?: unknown;\n" in files["typescript/types.ts"]


# shipengine.com's spec: an allOf child lists required names its parent does
# not have and closes additionalProperties; a second child opens it with a type.
CLOSED_AND_OPEN_CHILDREN = (
    HEADER
    + """\
paths: {}
components:
  schemas:
    Rate:
      type: object
      properties:
        days: {type: integer}
        carrier: {type: string}
    Closed:
      type: object
      additionalProperties: false
      allOf:
        - $ref: '#/components/schemas/Rate'
      required: [rates, errors]
    Open:
      type: object
      allOf:
        - $ref: '#/components/schemas/Rate'
      properties:
        note: {type: string}
      additionalProperties: {type: boolean}
"""
)


@pytest.fixture
def children_types(write_spec: WriteSpec) -> str:
    files = generate_files(write_spec(CLOSED_AND_OPEN_CHILDREN), allow_invalid=True)
    return files["typescript/types.ts"]


def test_closed_child_has_no_index_signature(children_types: str) -> None:
    assert "export interface Closed extends Rate {}" in children_types


def test_open_child_index_admits_optional_parent_members(children_types: str) -> None:
    assert "| undefined;" in children_types.split("interface Open", 1)[1]


def test_closed_and_open_children_compile(children_types: str, tmp_path: Path) -> None:
    path = tmp_path / "types.ts"
    path.write_text(children_types, encoding="utf-8")
    result = run_tsc(path)
    assert result.returncode == 0, result.stdout


# OpenAPI 3.1 allows `true` and `false` as schemas; a component of `true`
# stopped every target with an AttributeError.
BOOLEAN_SCHEMAS = (
    HEADER
    + """\
paths: {}
components:
  schemas:
    Anything: true
    Nothing: false
    Box:
      type: object
      properties:
        free: true
        banned: false
      allOf:
        - true
"""
)


@pytest.fixture
def boolean_files(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(BOOLEAN_SCHEMAS))


def test_true_schema_is_unknown_in_typescript(boolean_files: dict[str, str]) -> None:
    assert "export type Anything = unknown;" in boolean_files["typescript/types.ts"]


def test_boolean_schemas_compile(boolean_files: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "types.ts"
    path.write_text(boolean_files["typescript/types.ts"], encoding="utf-8")
    result = run_tsc(path)
    assert result.returncode == 0, result.stdout


def test_boolean_schemas_on_schemas_page(boolean_files: dict[str, str]) -> None:
    assert "## Anything" in boolean_files["reference/schemas.md"]


def test_boolean_schemas_import_in_python(
    boolean_files: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "models.py").write_text(boolean_files["python/models.py"], "utf-8")
    code = "import models; print(models.Box(free=1, banned=2).free)"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.stdout.strip() == "1", result.stderr
