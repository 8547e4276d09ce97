"""Schemas that contain themselves: generation ends, types recurse, examples stop."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from apiregen.model import samples
from tests.helpers import run_tsc
from tests.hostile.conftest import HEADER, WriteSpec, generate_files

RECURSIVE = (
    HEADER
    + """\
paths:
  /nodes:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      properties:
        name: {type: string}
        parent: {$ref: '#/components/schemas/Node'}
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
    Tree:
      allOf:
        - $ref: '#/components/schemas/Node'
        - type: object
          properties:
            subtree: {$ref: '#/components/schemas/Tree'}
    Ping:
      type: object
      properties:
        pong: {$ref: '#/components/schemas/Pong'}
    Pong:
      type: object
      properties:
        ping:
          allOf:
            - $ref: '#/components/schemas/Ping'
            - description: back to ping
"""
)


@pytest.fixture(scope="module")
def recursive(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("recursive")
    spec = folder / "openapi.yaml"
    spec.write_text(RECURSIVE)
    return generate_files(spec)


def test_recursive_typescript_property(recursive: dict[str, str]) -> None:
    assert "  parent?: Node;\n  children?: Node[];" in recursive["typescript/types.ts"]


def test_recursive_typescript_through_all_of(recursive: dict[str, str]) -> None:
    assert (
        "export interface Tree extends Node {\n  subtree?: Tree;"
        in recursive["typescript/types.ts"]
    )


def test_recursive_typescript_compiles(
    recursive: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "types.ts"
    path.write_text(recursive["typescript/types.ts"])
    result = run_tsc(path)
    assert result.returncode == 0, result.stdout


def test_recursive_python_validates_nested_payload(
    recursive: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "recursive_models.py").write_text(recursive["python/models.py"])
    payload = {"name": "a", "children": [{"name": "b", "parent": {"name": "a"}}],
               "subtree": {"subtree": {"name": "c"}}}  # fmt: skip
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import recursive_models as m; "
        "tree = m.Tree.model_validate(json.loads(sys.argv[2])); "
        "print(tree.subtree.subtree.name, tree.children[0].parent.name)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), json.dumps(payload)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.stdout.split() == ["c", "a"], done.stderr


def example_after(page: str, heading: str) -> object:
    block = page.split(heading, 1)[1].split("```json\n", 1)[1].split("\n```", 1)[0]
    return json.loads(block)


def depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def test_recursive_example_is_valid_json(recursive: dict[str, str]) -> None:
    assert isinstance(example_after(recursive["reference/schemas.md"], "## Node"), dict)


def test_recursive_example_stops_at_fixed_depth(recursive: dict[str, str]) -> None:
    example = example_after(recursive["reference/schemas.md"], "## Tree")
    assert depth(example) <= samples.MAX_DEPTH + 1


def nested_objects(levels: int) -> str:
    schema = "{type: string}"
    for _ in range(levels):
        schema = f"{{type: object, properties: {{down: {schema}}}}}"
    return schema


def test_deep_inline_example_is_cut_at_max_depth(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER
        + "paths: {}\ncomponents:\n  schemas:\n    Deep: "
        + nested_objects(25)
        + "\n"
    )
    example = example_after(generate_files(spec)["reference/schemas.md"], "## Deep")
    assert depth(example) == samples.MAX_DEPTH + 1


def test_recursive_example_ends_with_empty_object(recursive: dict[str, str]) -> None:
    example = example_after(recursive["reference/schemas.md"], "## Node")
    assert example["parent"]["parent"] == {}


def test_mutual_recursion_through_all_of_ends(recursive: dict[str, str]) -> None:
    section = recursive["reference/schemas.md"].split("## Pong", 1)[1]
    assert re.search(r"\| `ping` +\|", section) is not None


def test_self_containing_property_row_links_itself(recursive: dict[str, str]) -> None:
    section = (
        recursive["reference/schemas.md"].split("## Node", 1)[1].split("## Tree")[0]
    )
    assert re.search(r"\| `parent` +\| \[Node\]\(#node\)", section) is not None


def test_self_ref_in_other_file_becomes_a_component(write_spec: WriteSpec) -> None:
    spec = write_spec(
        {
            "openapi.yaml": HEADER + "paths: {}\ncomponents:\n  schemas:\n"
            "    Holder:\n      type: object\n"
            "      properties:\n        chain: {$ref: './chain.yaml#/Chain'}\n",
            "chain.yaml": "Chain:\n  type: object\n  properties:\n"
            "    next: {$ref: '#/Chain'}\n",
        }
    )
    types = generate_files(spec)["typescript/types.ts"]
    assert "export interface Chain {\n  next?: Chain;" in types


def wide_levels(levels: int, width: int) -> dict[str, object]:
    """Return a document whose level n has `width` properties of level n - 1."""
    schemas: dict[str, object] = {"L0": {"type": "string"}}
    for level in range(1, levels + 1):
        below = {"$ref": f"#/components/schemas/L{level - 1}"}
        properties = {f"p{index}": below for index in range(width)}
        schemas[f"L{level}"] = {"type": "object", "properties": properties}
    return {"components": {"schemas": schemas}}


def count_values(value: object) -> int:
    if isinstance(value, dict):
        return 1 + sum(count_values(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(count_values(v) for v in value)
    return 1


def test_wide_example_is_cut_at_max_values() -> None:
    # Uncut, this example would hold 6 ** 8 strings (DocuSign's specs have the shape).
    document = wide_levels(8, 6)
    example = samples.sample({"$ref": "#/components/schemas/L8"}, document)
    # Objects under way when the budget runs out still get a `{}` per property.
    assert count_values(example) <= samples.MAX_VALUES + 8 * 6


def test_wide_example_keeps_its_first_values() -> None:
    example = samples.sample({"$ref": "#/components/schemas/L8"}, wide_levels(8, 6))
    assert isinstance(example, dict)
    assert example["p0"]["p0"]["p0"]["p0"]["p0"]["p0"]["p0"]["p0"] == "string"
