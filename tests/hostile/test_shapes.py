"""Schema shapes that trip generators: required-only allOf members, allOf-only responses."""

from __future__ import annotations

import re

import pytest

from apiregen.errors import ApiregenError
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


@pytest.mark.xfail(
    strict=True,
    reason="the TypeScript renderer drops an allOf member that lists only `required`, "
    "so NamedPet is an alias of Pet with `id` still optional",
)
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


@pytest.mark.xfail(
    strict=True,
    reason="with --allow-invalid a keyword of the wrong type (`pattern: 0`, as in "
    "api.video's spec) reaches datamodel-code-generator, whose error has no location",
)
def test_wrong_keyword_type_with_allow_invalid(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER + "paths: {}\ncomponents:\n  schemas:\n"
        "    Pick: {type: object, properties: {code: {type: string, pattern: 0}}}\n"
    )
    try:
        files = generate_files(spec, allow_invalid=True)
    except ApiregenError as error:
        assert error.location is not None
        return
    assert "class Pick" in files["python/models.py"]


def test_string_extension_in_paths_validates(write_spec: WriteSpec) -> None:
    # openapi-spec-validator reads every entry of `paths` as a path item.
    spec = write_spec(
        HEADER + "paths:\n  x-context-root: /api/v2\n"
        "  /a: {get: {responses: {'200': {description: ok}}}}\n"
    )
    assert "## GET /a" in generate_files(spec)["reference/default.md"]
