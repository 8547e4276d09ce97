"""Model output and references from hostile specs: typed extras, controls, odd refs."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from apiregen.errors import ExitCode, LoadError
from apiregen.generate import load_api
from apiregen.load import load_document
from apiregen.render.python import models_document
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


def schema_spec(body: str, header: str = HEADER) -> str:
    return header + "paths: {}\ncomponents:\n  schemas:\n" + body


HEADER_30 = HEADER.replace("3.1.0", "3.0.3")


def load_error(spec: Path) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_document(spec)
    return caught.value


def python_run(files: dict[str, str], folder: Path, code: str) -> str:
    """Import the generated module as `m`, run `code` and return what it prints."""
    (folder / "models_refs.py").write_text(files["python/models.py"], encoding="utf-8")
    script = (
        f"import sys; sys.path.insert(0, sys.argv[1]); import models_refs as m; {code}"
    )
    done = subprocess.run([sys.executable, "-W", "error", "-c", script, str(folder)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def python_file(files: dict[str, str], folder: Path) -> Path:
    path = folder / "models_refs_mypy.py"
    path.write_text(files["python/models.py"], encoding="utf-8")
    return path


def typescript_file(files: dict[str, str], folder: Path) -> Path:
    path = folder / "types.ts"
    path.write_text(files["typescript/types.ts"], encoding="utf-8")
    return path


# `additionalProperties` as a schema beside `properties` -----------------------------

TYPED_EXTRAS = schema_spec(
    """\
    M:
      type: object
      properties: {fixed: {type: string}}
      additionalProperties: {type: integer}
"""
)


@pytest.fixture
def typed_extras(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(TYPED_EXTRAS))


def test_typed_extras_import_field(typed_extras: dict[str, str]) -> None:
    assert (
        "from pydantic import BaseModel, ConfigDict, Field\n"
        in (typed_extras["python/models.py"])
    )


def test_typed_extras_module_validates_extra_values(
    typed_extras: dict[str, str], tmp_path: Path
) -> None:
    code = "print(m.M.model_validate({'fixed': 'a', 'n': '3'}).model_extra)"
    assert python_run(typed_extras, tmp_path, code) == "{'n': 3}"


@pytest.mark.mypy
def test_typed_extras_pass_mypy(typed_extras: dict[str, str], tmp_path: Path) -> None:
    result = run_mypy(python_file(typed_extras, tmp_path))
    assert result.returncode == 0, result.stdout


# Control characters in text that reaches a docstring or a comment --------------------

CONTROLS = json.dumps(
    {
        "openapi": "3.1.0",
        "info": {"title": "A\u0000B", "version": "1\u0007"},
        "paths": {},
        "components": {
            "schemas": {
                "S": {
                    "type": "object",
                    "description": "x\u0000y\u001bz",
                    "properties": {"a": {"type": "string"}},
                }
            }
        },
    }
)


@pytest.fixture
def controls(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(CONTROLS, "openapi.json"))


def test_nul_in_title_is_escaped_in_module_docstring(
    controls: dict[str, str],
) -> None:
    docstring = ast.get_docstring(ast.parse(controls["python/models.py"]))
    assert docstring is not None and docstring.startswith(
        "Pydantic models for A\x00B 1\x07."
    )


def test_nul_in_description_is_escaped_in_class_docstring(
    controls: dict[str, str],
) -> None:
    assert '    """x\\x00y\\x1bz"""\n' in controls["python/models.py"]


def test_controls_module_imports(controls: dict[str, str], tmp_path: Path) -> None:
    assert (
        python_run(controls, tmp_path, "print(repr(m.S.__doc__))") == "'x\\x00y\\x1bz'"
    )


def test_nul_in_description_is_escaped_in_typescript_comment(
    controls: dict[str, str],
) -> None:
    assert "/** x\\u0000y\\u001bz */\n" in controls["typescript/types.ts"]


def test_no_raw_control_character_in_typescript(controls: dict[str, str]) -> None:
    text = controls["typescript/types.ts"]
    assert [c for c in text if ord(c) < 32 and c not in "\n"] == []


def test_controls_typescript_compiles(controls: dict[str, str], tmp_path: Path) -> None:
    result = run_tsc(typescript_file(controls, tmp_path))
    assert result.returncode == 0, result.stdout


# `const` of an object or an array ----------------------------------------------------

CONST_CONTAINERS = schema_spec(
    """\
    K:
      type: object
      properties:
        fixed:
          const: {a: 1, b: [true, null]}
        pair:
          const: [x, 2]
        s:
          const: "x"
"""
)


@pytest.fixture
def const_containers(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(CONST_CONTAINERS))


def test_const_object_is_any_object_in_python(
    const_containers: dict[str, str],
) -> None:
    assert (
        "    fixed: dict[str, Any] | None = None\n"
        in const_containers["python/models.py"]
    )


def test_const_array_is_any_list_in_python(const_containers: dict[str, str]) -> None:
    assert "    pair: list[Any] | None = None\n" in const_containers["python/models.py"]


@pytest.mark.mypy
def test_const_containers_pass_mypy(
    const_containers: dict[str, str], tmp_path: Path
) -> None:
    result = run_mypy(python_file(const_containers, tmp_path))
    assert result.returncode == 0, result.stdout


def test_const_object_is_its_literal_type_in_typescript(
    const_containers: dict[str, str],
) -> None:
    assert (
        "  fixed?: { a: 1; b: [true, null] };\n"
        in const_containers["typescript/types.ts"]
    )


def test_const_array_is_a_tuple_in_typescript(const_containers: dict[str, str]) -> None:
    assert '  pair?: ["x", 2];\n' in const_containers["typescript/types.ts"]


def test_const_containers_typescript_compiles(
    const_containers: dict[str, str], tmp_path: Path
) -> None:
    result = run_tsc(typescript_file(const_containers, tmp_path))
    assert result.returncode == 0, result.stdout


# `$ref` to a node that is not a schema -----------------------------------------------

ODD_REF = (
    HEADER
    + """\
paths:
  /a:
    get:
      responses:
        "200": {description: ok}
components:
  examples:
    E: {value: {x: 1}}
  schemas:
    A:
      type: object
      properties:
        p: {$ref: "TARGET"}
"""
)


@pytest.mark.parametrize(
    ("target", "what"),
    [
        ("#/components", "the node /components"),
        ("#", "the whole document"),
        ("#/info", "the node /info"),
        ("#/components/examples/E", "the node /components/examples/E"),
        ("#/paths/~1a/get", "the node /paths/~1a/get"),
        ("#/components/schemas", "the node /components/schemas"),
    ],
)
def test_ref_to_non_schema_is_a_load_error(
    write_spec: WriteSpec, target: str, what: str
) -> None:
    error = load_error(write_spec(ODD_REF.replace("TARGET", target)))
    assert str(error).endswith(
        f"openapi.yaml:15:13: /components/schemas/A/properties/p/$ref: $ref '{target}' "
        f"points at {what}, which is not a schema; point it at a schema such as "
        "'#/components/schemas/Name'"
    )


def test_ref_to_non_schema_exits_3(write_spec: WriteSpec, spec_dir: Path) -> None:
    spec = write_spec(ODD_REF.replace("TARGET", "#/info"))
    result = run_cli("generate", "--spec", str(spec), "--out", str(spec_dir / "out"),
                     "--config", str(empty_config(spec_dir)))  # fmt: skip
    assert result.exit_code == ExitCode.LOAD


def test_ref_to_example_from_examples_map_is_fine(write_spec: WriteSpec) -> None:
    spec = write_spec(
        ODD_REF.replace("TARGET", "#/components/schemas/B").replace(
            '"200": {description: ok}',
            '"200":\n          description: ok\n          content:\n'
            "            application/json:\n"
            "              examples: {e: {$ref: '#/components/examples/E'}}",
        )
        + "    B: {type: string}\n"
    )
    assert load_document(spec).root["openapi"] == "3.1.0"


# `patternProperties` beside `additionalProperties: false` ----------------------------

PATTERN_PROPERTIES = schema_spec(
    """\
    M:
      type: object
      properties:
        id: {type: string}
      patternProperties:
        "^x-": {type: integer}
      additionalProperties: false
"""
)


def test_pattern_properties_keep_matching_keys_in_python(
    write_spec: WriteSpec, tmp_path: Path
) -> None:
    files = generate_files(write_spec(PATTERN_PROPERTIES))
    code = "print(m.M.model_validate({'id': 'a', 'x-foo': 1}).model_extra)"
    assert python_run(files, tmp_path, code) == "{'x-foo': 1}"


def test_pattern_properties_give_no_library_warning(
    write_spec: WriteSpec, recwarn: pytest.WarningsRecorder
) -> None:
    generate_files(write_spec(PATTERN_PROPERTIES))
    assert [
        str(w.message) for w in recwarn if "patternProperties" in str(w.message)
    ] == []


# `$ref` with sibling keywords --------------------------------------------------------

SIBLINGS = """\
    Name: {type: string, description: base desc}
    Obj: {type: object, properties: {x: {type: string}}}
    User:
      type: object
      required: [n, o]
      properties:
        n: {$ref: "#/components/schemas/Name", description: sibling desc, maxLength: 5}
        o:
          $ref: "#/components/schemas/Obj"
          properties:
            extra: {type: integer}
          required: [extra]
"""


@pytest.fixture
def siblings_30(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(schema_spec(SIBLINGS, HEADER_30)))


@pytest.fixture
def siblings_31(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(schema_spec(SIBLINGS)))


def test_ref_siblings_ignored_in_30_python(
    siblings_30: dict[str, str], tmp_path: Path
) -> None:
    code = "print(type(m.User.model_validate({'n': 'a', 'o': {'x': 'a'}}).o).__name__)"
    assert python_run(siblings_30, tmp_path, code) == "Obj"


def test_ref_siblings_ignored_in_30_typescript(siblings_30: dict[str, str]) -> None:
    assert "  o: Obj;\n" in siblings_30["typescript/types.ts"]


def test_ref_description_kept_in_30(siblings_30: dict[str, str]) -> None:
    assert "  /** sibling desc */\n  n: Name;\n" in siblings_30["typescript/types.ts"]


def test_ref_siblings_ignored_in_30_page(siblings_30: dict[str, str]) -> None:
    assert "extra" not in siblings_30["reference/schemas.md"]


def test_ref_siblings_apply_in_31_python(
    siblings_31: dict[str, str], tmp_path: Path
) -> None:
    code = (
        "print(m.User.model_fields['o'].annotation.model_fields['extra'].is_required())"
    )
    assert python_run(siblings_31, tmp_path, code) == "True"


def test_ref_bound_applies_in_31_python(siblings_31: dict[str, str]) -> None:
    assert (
        'n: str = Field(..., description="sibling desc", max_length=5)'
        in (siblings_31["python/models.py"])
    )


def test_ref_siblings_apply_in_31_typescript(siblings_31: dict[str, str]) -> None:
    assert (
        "  o: Obj & {\n    extra: number;\n  };\n" in siblings_31["typescript/types.ts"]
    )


def test_ref_siblings_apply_in_31_page(siblings_31: dict[str, str]) -> None:
    assert (
        "| `» extra` | integer       | true     |"
        in siblings_31["reference/schemas.md"]
    )


def test_ref_siblings_31_typescript_compiles(
    siblings_31: dict[str, str], tmp_path: Path
) -> None:
    result = run_tsc(typescript_file(siblings_31, tmp_path))
    assert result.returncode == 0, result.stdout


# Percent-encoded `$ref` --------------------------------------------------------------

PERCENT_REF = schema_spec(
    """\
    Abc: {type: object, properties: {x: {type: string}}}
    User:
      type: object
      properties:
        a: {$ref: "#/components/schemas/%41bc"}
"""
)


def test_percent_encoded_ref_uses_the_named_class(write_spec: WriteSpec) -> None:
    module = generate_files(write_spec(PERCENT_REF))["python/models.py"]
    assert "    a: Abc | None = None\n" in module


def test_percent_encoded_ref_makes_no_second_class(write_spec: WriteSpec) -> None:
    module = generate_files(write_spec(PERCENT_REF))["python/models.py"]
    assert module.count("\nclass ") == 2


# `$dynamicRef` and `$recursiveRef` ---------------------------------------------------


@pytest.mark.parametrize("keyword", ["$dynamicRef", "$recursiveRef"])
def test_dynamic_ref_to_url_is_a_load_error(
    write_spec: WriteSpec, keyword: str
) -> None:
    spec = write_spec(
        schema_spec(
            "    S:\n      type: object\n      properties:\n"
            f'        dyn: {{{keyword}: "https://example.invalid/dyn#x"}}\n'
        )
    )
    assert str(load_error(spec)).endswith(
        f"openapi.yaml:9:15: /components/schemas/S/properties/dyn/{keyword}: "
        f"{keyword} to another document is not supported: "
        "'https://example.invalid/dyn#x'; apiregen fetches nothing, so use a $ref "
        "to a schema of this spec"
    )


def test_dynamic_ref_to_file_exits_3(write_spec: WriteSpec, spec_dir: Path) -> None:
    spec = write_spec(schema_spec("    S: {$dynamicRef: 'other.yaml#node'}\n"))
    result = run_cli("generate", "--spec", str(spec), "--out", str(spec_dir / "out"),
                     "--config", str(empty_config(spec_dir)))  # fmt: skip
    assert result.exit_code == ExitCode.LOAD


def test_local_dynamic_ref_stripped_for_library(write_spec: WriteSpec) -> None:
    spec = write_spec(
        schema_spec(
            "    S:\n      $id: https://example.invalid/s\n      $dynamicAnchor: node\n"
            "      type: object\n      properties:\n"
            "        kids: {type: array, items: {$dynamicRef: '#node'}}\n"
        )
    )
    api, _ = load_api(make_config(spec))
    text = json.dumps(models_document(api))
    assert "$dynamicRef" not in text
    assert "$id" not in text


# Discriminator mapping to a missing schema -------------------------------------------

MISSING_MAPPING = schema_spec(
    """\
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
      discriminator:
        propertyName: kind
        mapping:
          cat: "#/components/schemas/Cat"
          dog: "#/components/schemas/Dog"
    Cat:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
"""
)


def test_discriminator_mapping_to_nothing_is_a_load_error(
    write_spec: WriteSpec,
) -> None:
    error = load_error(write_spec(MISSING_MAPPING))
    assert str(error).endswith(
        "openapi.yaml:13:11: /components/schemas/Pet/discriminator/mapping/dog: "
        "discriminator mapping 'dog' points at nothing: '#/components/schemas/Dog'; "
        "name a schema such as '#/components/schemas/Name'"
    )


def test_missing_mapping_name_is_load_error(
    write_spec: WriteSpec,
) -> None:
    spec = write_spec(MISSING_MAPPING.replace('"#/components/schemas/Dog"', "Dog"))
    assert "discriminator mapping 'dog' points at nothing: 'Dog'" in str(
        load_error(spec)
    )


def test_discriminator_mapping_by_name_is_fine(write_spec: WriteSpec) -> None:
    spec = write_spec(MISSING_MAPPING.replace('"#/components/schemas/Dog"', "Cat"))
    assert load_document(spec).root["openapi"] == "3.1.0"


# `required` names a property that `properties` lacks ---------------------------------

GHOST = schema_spec(
    """\
    O:
      type: object
      required: [ghost, a]
      properties:
        a: {type: string}
    Base:
      type: object
      properties:
        id: {type: integer}
    Child:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [id, b]
          properties:
            b: {type: string}
"""
)


@pytest.fixture
def ghost(write_spec: WriteSpec) -> dict[str, str]:
    return generate_files(write_spec(GHOST))


def test_required_ghost_is_required_in_python(ghost: dict[str, str]) -> None:
    assert "    ghost: Any\n" in ghost["python/models.py"]


def test_required_ghost_is_required_in_typescript(ghost: dict[str, str]) -> None:
    assert "  ghost: unknown;\n" in ghost["typescript/types.ts"]


def test_required_ghost_is_a_required_row(ghost: dict[str, str]) -> None:
    assert "| `ghost` | any    | true     |" in ghost["reference/schemas.md"]


def test_required_ghost_rejects_missing_key(
    ghost: dict[str, str], tmp_path: Path
) -> None:
    code = "print(m.O.model_fields['ghost'].is_required())"
    assert python_run(ghost, tmp_path, code) == "True"


def test_required_from_all_of_base_keeps_its_type(ghost: dict[str, str]) -> None:
    assert "id: Any" not in ghost["python/models.py"]


@pytest.mark.mypy
def test_required_ghost_passes_mypy(ghost: dict[str, str], tmp_path: Path) -> None:
    result = run_mypy(python_file(ghost, tmp_path))
    assert result.returncode == 0, result.stdout
