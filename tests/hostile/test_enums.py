"""Odd enums: YAML 1.1 booleans, duplicates, colliding names and values, odd places."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from apiregen.errors import ExitCode, InvalidSpecError
from apiregen.generate import load
from tests.helpers import run_tsc
from tests.hostile.conftest import (
    HEADER,
    WriteSpec,
    empty_config,
    generate_files,
    make_config,
    run_cli,
)
from tests.test_python_models import run_mypy


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


# Values Python's equality merges (1 and true, 0 and false, 1 and 1.0) -----------------

MERGED = schema_spec(
    """\
    M:
      description: A one or a yes.
      enum: [1, true]
      x-enum-descriptions: [The number, The boolean]
    Z: {enum: [0, false, "x"]}
    F: {enum: [1, 1.0]}
    T: {enum: [true, 1.0]}
    Box:
      type: object
      properties:
        m: {$ref: '#/components/schemas/M'}
        inline: {enum: [1, true]}
"""
)


@pytest.fixture
def merged(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(MERGED))


def round_trips(
    files: dict[str, str], folder: Path, model: str, payloads: list[str]
) -> list[str]:
    """Validate each JSON payload with `model` and return its JSON dump, or "rejected"."""
    module = python_module(files, folder)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import models_under_test as m\n"
        "model = getattr(m, sys.argv[2])\n"
        "for payload in sys.argv[3:]:\n"
        "    try: print(model.model_validate_json(payload).model_dump_json())\n"
        "    except ValueError: print('rejected')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(module.parent), model, *payloads],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.splitlines()


def test_literal_enum_round_trips_one_and_true(
    merged: dict[str, str], tmp_path: Path
) -> None:
    assert round_trips(merged, tmp_path, "M", ["1", "true"]) == ["1", "true"]


def test_literal_enum_rejects_a_third_value(
    merged: dict[str, str], tmp_path: Path
) -> None:
    assert round_trips(merged, tmp_path, "M", ["2", '"1"']) == ["rejected", "rejected"]


def test_literal_enum_round_trips_zero_and_false(
    merged: dict[str, str], tmp_path: Path
) -> None:
    assert round_trips(merged, tmp_path, "Z", ["0", "false", '"x"', "1"]) == [
        "0",
        "false",
        '"x"',
        "rejected",
    ]


def test_literal_enum_in_property_round_trips(
    merged: dict[str, str], tmp_path: Path
) -> None:
    payloads = ['{"m": true, "inline": 1}', '{"m": 1, "inline": true}']
    assert round_trips(merged, tmp_path, "Box", payloads) == [
        '{"m":true,"inline":1}',
        '{"m":1,"inline":true}',
    ]


def test_merged_enum_is_literal_root_model(merged: dict[str, str]) -> None:
    assert "class M(RootModel[Literal[1, True]]):" in merged["python/models.py"]


def test_merged_inline_enum_is_literal(merged: dict[str, str]) -> None:
    assert "inline: Literal[1, True] | None = None" in merged["python/models.py"]


def test_merged_enum_docstring_lists_values(merged: dict[str, str]) -> None:
    assert (
        '"""A one or a yes.\n\n    Values:\n        1: The number\n'
        '        true: The boolean\n    """'
    ) in merged["python/models.py"]


def test_float_in_merged_enum_is_float(merged: dict[str, str]) -> None:
    # A Literal cannot contain a float, so 1.0 is typed `float`.
    assert "class F(RootModel[Literal[1] | float]):" in merged["python/models.py"]


@pytest.mark.xfail(
    strict=True,
    reason="pydantic matches a float equal to a Literal member (1.0 to True or 1) "
    "before the `float` part of the union, so 1.0 is read back as true",
)
def test_true_and_float_one_round_trip(merged: dict[str, str], tmp_path: Path) -> None:
    assert round_trips(merged, tmp_path, "T", ["true", "1.0"]) == ["true", "1.0"]


def test_merged_enums_in_typescript(merged: dict[str, str]) -> None:
    lines = merged["typescript/types.ts"].splitlines()
    assert [line for line in lines if line.startswith("export type")][:4] == [
        "export type M = 1 | true;",
        'export type Z = 0 | false | "x";',
        "export type F = 1 | 1.0;",
        "export type T = true | 1.0;",
    ]


def test_merged_enums_compile_in_typescript(
    merged: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "types.ts"
    path.write_text(merged["typescript/types.ts"], encoding="utf-8")
    result = run_tsc(path)
    assert result.returncode == 0, result.stdout


@pytest.mark.mypy
def test_merged_enums_pass_mypy(merged: dict[str, str], tmp_path: Path) -> None:
    result = run_mypy(python_module(merged, tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


# x-enum-varnames and x-enum-descriptions that do not fit the values ---------------------


def extension_problems(write_spec: WriteSpec, line: str) -> list[str]:
    """Validate one schema written as `line` (line 6 of the spec); return the problems.

    Each problem loses the spec's folder, so it starts with `openapi.yaml:`.
    """
    spec = write_spec(schema_spec(f"    {line}\n"))
    return [problem.replace(f"{spec.parent}/", "") for problem in problems(spec)]


def test_fewer_varnames_are_reported(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a, b, c], x-enum-varnames: [A, B]}"
    )
    expected = (
        "openapi.yaml:6:40: /components/schemas/S/x-enum-varnames: x-enum-varnames "
        "lists 2 names for 3 values; give one name per value (a value without one "
        "is named after the value)"
    )
    assert found == [expected]


def test_more_varnames_are_reported(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a], x-enum-varnames: [A, B]}"
    )
    expected = (
        "openapi.yaml:6:34: /components/schemas/S/x-enum-varnames: x-enum-varnames "
        "lists 2 names for 1 value; give one name per value (the extra names are "
        "ignored)"
    )
    assert found == [expected]


def test_repeated_varname_is_reported(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a, b, c], x-enum-varnames: [A, B, A]}"
    )
    expected = (
        "openapi.yaml:6:64: /components/schemas/S/x-enum-varnames/2: x-enum-varnames "
        "repeats the name 'A' of entry 0; give each value its own name (this one "
        "gets a suffix: A_2, ...)"
    )
    assert found == [expected]


def test_number_varname_is_reported(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a, b], x-enum-varnames: [A, 2]}"
    )
    expected = (
        "openapi.yaml:6:58: /components/schemas/S/x-enum-varnames/1: x-enum-varnames "
        "entry 1 is the number 2, not a string; quote it (until then the value 'b' "
        "gets a name made from the value)"
    )
    assert found == [expected]


def test_yaml11_varname_is_quoted(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a, b], x-enum-varnames: [A, YES]}"
    )
    assert "entry 1 is unquoted YES, read by YAML 1.1 as the boolean true" in found[0]


def test_varnames_not_a_list_reported(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a], x-enum-varnames: A}"
    )
    expected = (
        "openapi.yaml:6:34: /components/schemas/S/x-enum-varnames: x-enum-varnames "
        "must be a list with one entry per enum value, not a string; it is ignored"
    )
    assert found == [expected]


def test_more_descriptions_are_reported(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a], x-enum-descriptions: [One, Two]}"
    )
    expected = (
        "openapi.yaml:6:34: /components/schemas/S/x-enum-descriptions: "
        "x-enum-descriptions lists 2 descriptions for 1 value; give at most one per "
        "value (the extra descriptions are ignored)"
    )
    assert found == [expected]


def test_null_description_is_reported(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a, b], x-enum-descriptions: [One, null]}"
    )
    expected = (
        "openapi.yaml:6:64: /components/schemas/S/x-enum-descriptions/1: "
        "x-enum-descriptions entry 1 is null, not a string; write a string, or write "
        "'' for none (until then the value 'b' is shown without a description)"
    )
    assert found == [expected]


FITTING = schema_spec(
    """\
    Fewer: {type: string, enum: [a, b], x-enum-descriptions: [One]}
    NullLast: {type: [string, "null"], enum: [a, null], x-enum-varnames: [A]}
    Objects: {type: object, enum: [{a: 1}], x-enum-varnames: [A, B]}
"""
)


def test_fitting_extensions_are_not_reported(write_spec: WriteSpec) -> None:
    assert "typescript/types.ts" in generate_files(write_spec(FITTING))


def test_repeated_value_name_not_reported(write_spec: WriteSpec) -> None:
    found = extension_problems(
        write_spec, "S: {type: string, enum: [a, b, a], x-enum-varnames: [A, B, A]}"
    )
    assert [problem.split(": ", 2)[2] for problem in found] == [
        "enum lists duplicate values: 'a'; remove the repeats"
    ]


MISFITTING = schema_spec(
    """\
    Short: {type: string, enum: [a, b, c], x-enum-varnames: [One, Two]}
    Repeat: {type: string, enum: [a, b, c], x-enum-varnames: [One, Two, One]}
    Long: {type: string, enum: [a], x-enum-varnames: [One, Two]}
"""
)


def test_misfitting_varnames_exit_4(write_spec: WriteSpec, tmp_path: Path) -> None:
    result = run_cli("generate", "--config", str(empty_config(tmp_path)),
                     "--spec", str(write_spec(MISFITTING)),
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.exit_code == ExitCode.INVALID


def test_misfitting_varnames_keep_usable_names(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    files = generate_files(write_spec(MISFITTING), allow_invalid=True)
    assert [
        list(python_members(files, tmp_path, enum))
        for enum in ("Short", "Repeat", "Long")
    ] == [["One", "Two", "C"], ["One", "Two", "One_2"], ["One"]]


def test_misfitting_varnames_in_typescript(
    write_spec: WriteSpec,
) -> None:
    files = generate_files(
        write_spec(MISFITTING),
        allow_invalid=True,
        target_tables={"typescript": {"enum-objects": True}},
    )
    assert '  One_2: "c",' in files["typescript/types.ts"]


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
