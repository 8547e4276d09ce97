"""Odd enums: YAML 1.1 booleans, duplicates, colliding names, reserved names, odd places."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from apiregen.errors import InvalidSpecError
from apiregen.generate import load
from tests.helpers import run_tsc
from tests.hostile.conftest import HEADER, WriteSpec, generate_files, make_config


def problems(spec: Path) -> list[str]:
    with pytest.raises(InvalidSpecError) as caught:
        load(make_config(spec))
    return [str(diagnostic) for diagnostic in caught.value.diagnostics]


def schema_spec(body: str) -> str:
    return HEADER + "paths: {}\ncomponents:\n  schemas:\n" + body


# YAML 1.1 booleans in string enums -----------------------------------------------------

YES_NO = schema_spec(
    """\
    Answer:
      type: string
      enum:
        - maybe
        - yes
        - no
        - on
        - off
"""
)


def test_yaml11_yes_in_string_enum_is_reported_with_line(write_spec: WriteSpec) -> None:
    lines = problems(write_spec(YES_NO))
    assert any(line.endswith(
        "openapi.yaml:10:11: /components/schemas/Answer/enum/1: unquoted yes in a string "
        "enum is read by YAML 1.1 as the boolean true; quote it: 'yes'"
    ) for line in lines)  # fmt: skip


def test_yaml11_each_word_is_reported(write_spec: WriteSpec) -> None:
    lines = problems(write_spec(YES_NO))
    assert [line.split("unquoted ")[1].split(" ")[0] for line in lines] == [
        "yes",
        "no",
        "on",
        "off",
    ]


def test_yaml11_words_are_not_reported_as_duplicates(write_spec: WriteSpec) -> None:
    assert not any("duplicate" in line for line in problems(write_spec(YES_NO)))


def test_yaml11_in_flow_list_has_column(write_spec: WriteSpec) -> None:
    spec = write_spec(schema_spec("    A: {type: string, enum: [x, on]}\n"))
    assert problems(spec)[0].split(": /")[0].endswith("openapi.yaml:6:33")


def test_yaml11_in_parameter_enum_is_reported(write_spec: WriteSpec) -> None:
    spec = write_spec(
        HEADER + "paths:\n  /a:\n    get:\n      parameters:\n"
        "        - {name: q, in: query, schema: {type: string, enum: [off, low]}}\n"
        "      responses: {'200': {description: ok}}\n"
    )
    assert "unquoted off" in problems(spec)[0]


def test_yaml11_in_untyped_string_enum_is_reported(write_spec: WriteSpec) -> None:
    spec = write_spec(schema_spec("    A: {enum: [red, yes]}\n"))
    assert "unquoted yes" in problems(spec)[0]


def test_quoted_yes_is_a_string(write_spec: WriteSpec) -> None:
    spec = write_spec(schema_spec("    A: {type: string, enum: ['yes', \"no\"]}\n"))
    files = generate_files(spec)
    assert 'export type A = "yes" | "no";' in files["typescript/types.ts"]


def test_boolean_enum_with_true_false_is_fine(write_spec: WriteSpec) -> None:
    spec = write_spec(schema_spec("    A: {type: boolean, enum: [true, false]}\n"))
    assert (
        "export type A = true | false;" in generate_files(spec)["typescript/types.ts"]
    )


def test_json_boolean_in_string_enum_is_reported(write_spec: WriteSpec) -> None:
    document = {
        "openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"schemas": {"A": {"type": "string", "enum": ["x", True]}}},
    }  # fmt: skip
    spec = write_spec(json.dumps(document, indent=2), "openapi.json")
    assert "is a boolean but the schema's type is string" in problems(spec)[0]


def test_yaml11_check_allowed_invalid_generates(write_spec: WriteSpec) -> None:
    files = generate_files(write_spec(YES_NO), allow_invalid=True)
    assert "export type Answer =" in files["typescript/types.ts"]


# Duplicates ----------------------------------------------------------------------------

DUPLICATES = schema_spec(
    "    Color: {type: string, enum: [red, green, red, blue, green]}\n"
)


def test_duplicate_enum_values_are_reported(write_spec: WriteSpec) -> None:
    spec = write_spec(DUPLICATES)
    expected = (
        f"{spec}:6:27: /components/schemas/Color/enum: enum lists "
        "duplicate values: 'red', 'green'; remove the repeats"
    )
    assert problems(spec) == [expected]


def test_duplicate_enum_values_are_dropped_in_typescript(write_spec: WriteSpec) -> None:
    files = generate_files(write_spec(DUPLICATES), allow_invalid=True)
    assert (
        'export type Color = "red" | "green" | "blue";' in files["typescript/types.ts"]
    )


def test_duplicate_enum_values_are_dropped_in_python(write_spec: WriteSpec) -> None:
    files = generate_files(write_spec(DUPLICATES), allow_invalid=True)
    assert files["python/models.py"].count(' = "red"') == 1


def test_duplicate_enum_values_are_dropped_on_the_page(write_spec: WriteSpec) -> None:
    files = generate_files(write_spec(DUPLICATES), allow_invalid=True)
    assert "`red`, `green`, `blue` |" in files["reference/schemas.md"]


def test_one_and_true_are_not_duplicates(write_spec: WriteSpec) -> None:
    spec = write_spec(schema_spec("    M: {enum: [1, true, 1.0]}\n"))
    assert (
        "export type M = 1 | true | 1.0;" in generate_files(spec)["typescript/types.ts"]
    )


# Names ---------------------------------------------------------------------------------

COLLIDING = schema_spec(
    """\
    Op:
      type: string
      enum: ["+", "-", "a-b", "a_b", "Foo", "foo", "mro", "name", "value", "***", "", "only"]
    Single: {type: string, enum: [only]}
    Quoted:
      type: string
      enum: ["it's", "say \\"hi\\"", "back\\\\slash", "naïve", "日本", "*/", "a`b"]
"""
)


@pytest.fixture
def colliding(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(COLLIDING))


def python_module(files: dict[str, str], folder: Path) -> Path:
    path = folder / "models_under_test.py"
    path.write_text(files["python/models.py"], encoding="utf-8")
    return path


def python_members(files: dict[str, str], folder: Path, enum: str) -> dict[str, object]:
    module = python_module(files, folder)
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import models_under_test as m; "
        # Iterating skips aliases: a value Python's `==` merges into another member.
        f"print(json.dumps({{v.name: v.value for v in m.{enum}}}))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(module.parent)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout)


def test_colliding_names_keep_every_value_in_python(
    colliding: dict[str, str], tmp_path: Path
) -> None:
    members = python_members(colliding, tmp_path, "Op")
    assert list(members.values()) == ["+", "-", "a-b", "a_b", "Foo", "foo", "mro", "name",
                                      "value", "***", "", "only"]  # fmt: skip


def test_colliding_names_are_distinct(
    colliding: dict[str, str], tmp_path: Path
) -> None:
    members = python_members(colliding, tmp_path, "Op")
    assert list(members) == ["PLUS", "MINUS", "A_B", "A_B_2", "FOO", "FOO_2", "MRO", "NAME",
                             "VALUE", "STAR_STAR_STAR", "EMPTY", "ONLY"]  # fmt: skip


def test_quotes_backslashes_and_non_ascii_survive_python(
    colliding: dict[str, str], tmp_path: Path
) -> None:
    members = python_members(colliding, tmp_path, "Quoted")
    assert list(members.values()) == ["it's", 'say "hi"', "back\\slash", "naïve", "日本",
                                      "*/", "a`b"]  # fmt: skip


def test_single_value_enum_in_typescript(colliding: dict[str, str]) -> None:
    assert 'export type Single = "only";' in colliding["typescript/types.ts"]


def test_odd_enum_values_compile_in_typescript(
    colliding: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "types.ts"
    path.write_text(colliding["typescript/types.ts"], encoding="utf-8")
    result = run_tsc(path)
    assert result.returncode == 0, result.stdout


def test_odd_enum_values_literal_in_typescript(colliding: dict[str, str]) -> None:
    assert '"say \\"hi\\""' in colliding["typescript/types.ts"]


def test_enum_members_object_names_are_quoted_or_valid(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    files = generate_files(
        write_spec(COLLIDING), target_tables={"typescript": {"enum-objects": True}}
    )
    path = tmp_path / "types.ts"
    path.write_text(files["typescript/types.ts"], encoding="utf-8")
    assert run_tsc(path).returncode == 0


# Integer, boolean and mixed enums --------------------------------------------------------

TYPED = schema_spec(
    """\
    Level: {type: integer, enum: [1, 2, -3, 0]}
    Flag: {type: boolean, enum: [true]}
    Mixed: {enum: [1, "one", 2.5, null]}
"""
)


def test_integer_enum_in_typescript(write_spec: WriteSpec) -> None:
    files = generate_files(write_spec(TYPED))
    assert "export type Level = 1 | 2 | -3 | 0;" in files["typescript/types.ts"]


def test_integer_enum_in_python(write_spec: WriteSpec, tmp_path: Path) -> None:
    files = generate_files(write_spec(TYPED))
    assert python_members(files, tmp_path, "Level") == {
        "VALUE_1": 1, "VALUE_2": 2, "VALUE_MINUS_3": -3, "VALUE_0": 0,
    }  # fmt: skip


def test_boolean_enum_in_python(write_spec: WriteSpec, tmp_path: Path) -> None:
    files = generate_files(write_spec(TYPED))
    assert python_members(files, tmp_path, "Flag") == {"TRUE": True}


def test_mixed_enum_in_typescript(write_spec: WriteSpec) -> None:
    files = generate_files(write_spec(TYPED))
    assert 'export type Mixed = 1 | "one" | 2.5 | null;' in files["typescript/types.ts"]


def test_mixed_enum_in_python(write_spec: WriteSpec, tmp_path: Path) -> None:
    files = generate_files(write_spec(TYPED))
    assert list(python_members(files, tmp_path, "Mixed").values()) == [1, "one", 2.5]


@pytest.mark.xfail(
    strict=True,
    reason="Python's Enum makes True an alias of the member equal to 1 (and 1.0 of 1), "
    "so a mixed enum of 1 and true loses a member; the Python renderer needs to "
    "emit such enums as a Literal union or wrap the values",
)
def test_mixed_enum_with_one_and_true_keeps_both_in_python(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    spec = write_spec(schema_spec("    M: {enum: [1, true]}\n"))
    members = python_members(generate_files(spec), tmp_path, "M")
    assert list(members.values()) == [1, True]


# Enums in odd places ---------------------------------------------------------------------

PLACES = (
    HEADER
    + """\
paths:
  /things:
    get:
      parameters:
        - name: sort
          in: query
          schema:
            type: array
            items: {type: string, enum: [asc, desc]}
        - name: misplaced
          in: query
          schema:
            type: array
            enum: [[a], [b]]
            items: {type: string}
      responses:
        '200':
          description: ok
components:
  schemas:
    Box:
      type: object
      properties:
        tags:
          type: array
          items: {type: string, enum: [red, blue]}
    Described:
      type: string
      enum: [a, b, c]
      x-enum-descriptions: [The first]
"""
)


@pytest.fixture
def places(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(PLACES))


def table_rows(page: str, after: str) -> dict[str, list[str]]:
    """The rows of the first table after `after`, keyed by their first cell."""
    rows: dict[str, list[str]] = {}
    for line in page.split(after, 1)[1].lstrip("\n").splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        rows[cells[0]] = cells[1:]
    return rows


def test_array_item_enum_in_parameter_table(places: dict[str, str]) -> None:
    rows = table_rows(places["reference/default.md"], "Enumerated Values")
    assert rows["`sort`"] == ["`asc`, `desc`"]


def test_enum_on_array_itself_is_shown_as_json(places: dict[str, str]) -> None:
    rows = table_rows(places["reference/default.md"], "Enumerated Values")
    assert rows["`misplaced`"] == ['`["a"]`, `["b"]`']


def test_array_item_enum_in_schema_typescript(places: dict[str, str]) -> None:
    assert 'tags?: ("red" | "blue")[];' in places["typescript/types.ts"]


def test_array_item_enum_in_schema_page(places: dict[str, str]) -> None:
    rows = table_rows(
        places["reference/schemas.md"].split("## Box")[1], "Enumerated Values"
    )
    assert rows["`tags`"] == ["`red`, `blue`"]


def test_partial_enum_descriptions_keep_every_value_in_python(
    places: dict[str, str], tmp_path: Path
) -> None:
    assert list(python_members(places, tmp_path, "Described")) == ["A", "B", "C"]


def test_partial_enum_descriptions_keep_every_value_on_the_page(
    write_spec: WriteSpec,
) -> None:
    files = generate_files(
        write_spec(PLACES), target_tables={"markdown": {"enum-member-names": True}}
    )
    section = files["reference/schemas.md"].split("## Described")[1]
    assert [value in section for value in ("`a`", "`b`", "`c`", "The first")] == [
        True
    ] * 4


def test_partial_enum_descriptions_in_python_docstring(places: dict[str, str]) -> None:
    assert "A: The first" in places["python/models.py"]


def test_enum_of_objects_is_typed_by_its_type(write_spec: WriteSpec) -> None:
    # pandascore.co's spec lists objects as the values of an enum.
    spec = write_spec(
        HEADER + "paths: {}\ncomponents:\n  schemas:\n"
        "    Game:\n      type: object\n"
        "      properties: {id: {type: integer}}\n"
        "      enum: [{id: 1}, {id: 2}]\n"
    )
    types = generate_files(spec)["typescript/types.ts"]
    assert "export type Game = {\n  id?: number;\n};" in types
