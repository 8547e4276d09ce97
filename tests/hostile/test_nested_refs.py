"""`$ref`s into the inside of another schema, as in codat.io's and Azure's specs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from apiregen.config import Config
from apiregen.generate import load_api
from tests.helpers import run_tsc
from tests.hostile.conftest import HEADER, WriteSpec, generate_files

# `Option/definitions/property` contains itself (codat.io's `PushOption`), and
# `Server/properties/ip` contains a reference back to itself further down
# (azure.com/network-applicationGateway.json). Neither is under
# `components/schemas`, so the model has to name them for the types to recurse.
NESTED = (
    HEADER
    + """\
paths: {}
components:
  schemas:
    Option:
      type: object
      properties:
        root: {$ref: '#/components/schemas/Option/definitions/property'}
      definitions:
        property:
          type: object
          properties:
            name: {type: string}
            children:
              type: object
              additionalProperties: {$ref: '#/components/schemas/Option/definitions/property'}
    Server:
      type: object
      properties:
        ip:
          type: object
          properties:
            taps:
              type: array
              items:
                type: object
                properties:
                  target: {$ref: '#/components/schemas/Server/properties/ip'}
        plain: {$ref: '#/components/schemas/Option/definitions/property/properties/name'}
"""
)


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    spec = tmp_path_factory.mktemp("nested") / "openapi.yaml"
    spec.write_text(NESTED)
    return generate_files(spec)


def test_recursive_definition_is_a_python_class(nested: dict[str, str]) -> None:
    assert (
        "children: dict[str, OptionProperty] | None = None"
        in nested["python/models.py"]
    )


def test_recursive_definition_is_a_typescript_interface(
    nested: dict[str, str],
) -> None:
    assert (
        "export interface OptionProperty {\n  name?: string;\n"
        "  children?: { [key: string]: OptionProperty };\n}"
        in nested["typescript/types.ts"]
    )


def test_ref_back_into_properties_is_a_typescript_interface(
    nested: dict[str, str],
) -> None:
    assert "target?: ServerIp;" in nested["typescript/types.ts"]


def test_recursive_definition_has_a_schemas_section(nested: dict[str, str]) -> None:
    assert "\n## Option.property\n" in nested["reference/schemas.md"]


def test_nested_refs_typescript_compiles(
    nested: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "types.ts"
    path.write_text(nested["typescript/types.ts"])
    result = run_tsc(path)
    assert result.returncode == 0, result.stdout


def test_nested_refs_python_validates_payload(
    nested: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "nested_models.py").write_text(nested["python/models.py"])
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import nested_models as m; "
        "o = m.Option.model_validate("
        "{'root': {'children': {'a': {'children': {'b': {'name': 'x'}}}}}}); "
        "print(o.root.children['a'].children['b'].name)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.stdout.strip() == "x", done.stderr


def test_ref_without_a_cycle_gets_no_name(write_spec: WriteSpec) -> None:
    spec = write_spec(NESTED)
    api, _ = load_api(Config(spec=spec, out=spec.parent / "out"))
    assert sorted(schema.key for schema in api.schemas) == [
        "Option",
        "Option.property",
        "Server",
        "Server.ip",
    ]


def test_nested_name_does_not_take_a_component_name(write_spec: WriteSpec) -> None:
    # A component already called `OptionProperty` keeps its name.
    spec = write_spec(
        NESTED + "    OptionProperty: {type: object, properties: {z: {type: string}}}\n"
    )
    api, _ = load_api(Config(spec=spec, out=spec.parent / "out"))
    names = {schema.key: schema.type_name for schema in api.schemas}
    assert (names["OptionProperty"], names["Option.property"]) == (
        "OptionProperty",
        "OptionProperty2",
    )
