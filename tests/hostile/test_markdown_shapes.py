"""Schema shapes on the Markdown pages: colliding anchors, tuples, enums of map values."""

from __future__ import annotations

import json
import re

import markdown
import pytest

from tests.hostile.conftest import HEADER, WriteSpec, generate_files

PAGE = "reference/schemas.md"

# Names whose headings get the same id from Python-Markdown's `toc`, a schema
# named like a subheading, and a description with a heading of its own.
CLASH = (
    HEADER
    + """\
paths:
  /use:
    get:
      tags: [t]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/foo"}
components:
  schemas:
    Foo: {type: object, properties: {a: {type: string}}}
    foo: {type: object, properties: {b: {type: integer}}}
    Properties:
      type: object
      description: "# Foo\\n\\nA heading in a description."
      properties: {c: {type: string}}
    FooBar: {type: object, properties: {d: {type: string}}}
    foo.bar: {type: object, properties: {e: {type: string}}}
    Use:
      type: object
      properties:
        one: {$ref: "#/components/schemas/Foo"}
        two: {$ref: "#/components/schemas/foo"}
        three: {$ref: "#/components/schemas/Properties"}
        four: {$ref: "#/components/schemas/FooBar"}
        five: {$ref: "#/components/schemas/foo.bar"}
"""
)


@pytest.fixture
def clash(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(CLASH), targets=("markdown",))


def _heading_ids(text: str) -> dict[str, str]:
    """Map the id Python-Markdown gives each schema heading (h2) to its text."""
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "toc"])
    return dict(re.findall(r'<h2 id="([^"]+)">(.*?)</h2>', html))


def _links(text: str, page: str = "") -> dict[str, str]:
    """Map each schema link's text to its anchor, for links to `page`."""
    return dict(re.findall(rf"\[([^\]]+)\]\({re.escape(page)}#([^)]+)\)", text))


@pytest.mark.parametrize("key", ["Foo", "foo", "Properties", "FooBar", "foo.bar"])
def test_anchor_link_reaches_its_heading(clash: dict[str, str], key: str) -> None:
    page = clash[PAGE]
    assert _heading_ids(page)[_links(page)[key]] == key


def test_anchor_second_of_case_pair_numbered(clash: dict[str, str]) -> None:
    assert _links(clash[PAGE])["foo"] == "foo_1"


def test_anchor_after_subheadings_numbered(clash: dict[str, str]) -> None:
    assert _links(clash[PAGE])["Properties"] == "properties_2"


def test_anchor_tag_page_link_numbered(clash: dict[str, str]) -> None:
    assert _links(clash["reference/t.md"], "schemas.md")["foo"] == "foo_1"


def test_anchor_without_collision_unchanged(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER
        + """\
paths: {}
components:
  schemas:
    Foo: {type: object, properties: {a: {type: string}}}
    Use: {type: object, properties: {x: {$ref: "#/components/schemas/Foo"}}}
"""
    )
    page = generate_files(spec, targets=("markdown",))[PAGE]
    assert "| `x`  | [Foo](#foo) |" in page


TUPLE = (
    HEADER
    + """\
paths: {}
components:
  schemas:
    Pair:
      type: array
      minItems: 1
      prefixItems:
        - {type: string, enum: [a, b]}
        - {type: integer}
      items: false
    Holder:
      type: object
      properties:
        p: {$ref: "#/components/schemas/Pair"}
        q:
          type: array
          prefixItems:
            - {type: boolean}
            - {type: object, properties: {n: {type: number}}}
          items: {type: string}
"""
)


@pytest.fixture
def tuple_page(write_spec: WriteSpec) -> str:
    return generate_files(write_spec(TUPLE), targets=("markdown",))[PAGE]


def _example(page: str, schema: str) -> object:
    section = page.split(f"## {schema}\n", 1)[1]
    block = section.split("```json\n", 1)[1].split("\n```", 1)[0]
    return json.loads(block)


def test_tuple_example_one_value_per_position(tuple_page: str) -> None:
    assert _example(tuple_page, "Pair") == ["a", 0]


def test_tuple_example_inline_positions(tuple_page: str) -> None:
    assert _example(tuple_page, "Holder")["q"] == [True, {"n": 0}]  # type: ignore[index]


def test_tuple_row_per_position(tuple_page: str) -> None:
    assert "| `[item 0]` | string  | true     |" in tuple_page


def test_tuple_position_past_min_items_optional(tuple_page: str) -> None:
    assert "| `[item 1]` | integer | false    |" in tuple_page


def test_tuple_type_text_lists_positions(tuple_page: str) -> None:
    assert "| `q`          | [boolean, object, ...string] |" in tuple_page


def test_tuple_object_position_expanded(tuple_page: str) -> None:
    assert "| `»» n`       | number" in tuple_page


def test_tuple_position_enum_listed(tuple_page: str) -> None:
    assert "| `[item 0]` | `a`, `b`" in tuple_page


MAP_ENUM = (
    HEADER
    + """\
paths:
  /m:
    get:
      tags: [t]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  nested:
                    type: object
                    additionalProperties: {type: string, enum: [up, down]}
components:
  schemas:
    M:
      type: object
      required: [fixed]
      properties:
        fixed: {type: string}
      additionalProperties:
        type: string
        enum: [low, high]
"""
)


@pytest.fixture
def map_enum(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(MAP_ENUM), targets=("markdown",))


def test_map_enum_on_schemas_page(map_enum: dict[str, str]) -> None:
    assert "| `[any property]` | `low`, `high` |" in map_enum[PAGE]


def test_map_enum_named_as_flattened_row(map_enum: dict[str, str]) -> None:
    assert "| `[any property]` | `up`, `down` |" in map_enum["reference/t.md"]
