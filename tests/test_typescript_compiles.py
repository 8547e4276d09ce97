"""TypeScript output of the rules spec, canonical spec and coder corpus compiles."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from apiregen.config import Config
from apiregen.generate import load_api
from apiregen.model import names
from apiregen.model.build import build_api
from apiregen.model.types import Api
from apiregen.render import typescript
from apiregen.render.environment import create_environment
from tests.helpers import REPO, require_coder_corpus, run_tsc

ALL_OPTIONS = typescript.TypeScriptSettings(enum_objects=True, operations=True)

_REF = "#/components/schemas/"

# One schema or operation for each rule of the TypeScript output, with the
# shapes that compile only when handled with care: index signatures beside
# optional members, recursive aliases, conflicting `allOf` parents.
RULES_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Rules */ API\u2028", "version": "1.0.0"},
    "paths": {
        "/items/{item_id}": {
            "parameters": [
                {
                    "name": "item_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                }
            ],
            "get": {
                "operationId": "getItem",
                "summary": "Get an item",
                "parameters": [
                    {
                        "name": "view",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["full", "brief"]},
                    },
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "headers": {"X-Rate-Limit": {"schema": {"type": "integer"}}},
                        "content": {
                            "application/json": {"schema": {"$ref": _REF + "Item"}}
                        },
                    },
                    "404": {"description": "Not found */ here"},
                    "default": {
                        "description": "Error",
                        "content": {
                            "application/json": {"schema": {"$ref": _REF + "Error"}}
                        },
                    },
                },
            },
            "put": {
                "deprecated": True,
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {"type": "string", "format": "binary"}
                                },
                            }
                        },
                        "application/json": {"schema": {"$ref": _REF + "Item"}},
                    },
                },
                "responses": {"204": {"description": "Saved"}},
            },
        },
        "/search": {
            "post": {
                "operationId": "getItem",
                "requestBody": {
                    "content": {"application/json": {"schema": {"type": "object"}}}
                },
                "responses": {},
            }
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "description": "An item.\n\nIts second paragraph ends */ early.",
                "required": ["id", "kind"],
                "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": True},
                    "kind": {"$ref": _REF + "Kind"},
                    "count": {"type": "integer", "format": "int64", "example": 3},
                    "ratio": {"type": "number", "format": "double"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "note": {"type": ["string", "null"], "deprecated": True},
                    "parent": {"anyOf": [{"$ref": _REF + "Item"}, {"type": "null"}]},
                    "labels": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                    },
                    "mixed": {
                        "type": "array",
                        "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "pair": {
                        "type": "array",
                        "prefixItems": [{"type": "string"}, {"type": "integer"}],
                    },
                    "version": {"const": 2},
                    "blob": {"type": "string", "format": "binary"},
                    "x-custom": {"type": "boolean"},
                    "1st": {"type": "string"},
                    "with space": {"type": "string", "description": "Line\u2028break"},
                    "état": {"type": "string"},
                    "shape": {"type": "string", "enum": ["round", "square", None]},
                    "nested": {
                        "type": "object",
                        "properties": {"depth": {"type": "integer"}},
                    },
                },
            },
            "Kind": {
                "type": "string",
                "enum": [
                    "plain",
                    "fancy",
                    "plain",
                    'quo"te',
                    "end */",
                    "line\u2028sep",
                ],
            },
            "Kinds": {"type": "array", "items": {"$ref": _REF + "Kind"}},
            "Box": {"type": "string", "enum": ["small"]},
            "Priority": {"type": "integer", "enum": [1, 2, 3, -1]},
            "Flag": {"type": "boolean", "enum": [True, False]},
            "Tristate": {"type": ["string", "null"], "enum": ["yes", "no", None]},
            "Empty": {"type": "string", "enum": []},
            "Error": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "message": {"type": "string"},
                    "code": {"type": "integer"},
                },
                "additionalProperties": {"type": "boolean"},
            },
            "Free": {"type": "object"},
            "Closed": {"type": "object", "additionalProperties": False},
            "Map": {"type": "object", "additionalProperties": {"$ref": _REF + "Item"}},
            "Base": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}},
            },
            "Timestamps": {
                "type": "object",
                "properties": {"created_at": {"type": "string", "format": "date-time"}},
            },
            "Derived": {
                "allOf": [
                    {"$ref": _REF + "Base"},
                    {"$ref": _REF + "Timestamps"},
                    {"type": "object", "properties": {"extra": {"type": "boolean"}}},
                ]
            },
            "Clash": {
                "allOf": [
                    {"$ref": _REF + "Base"},
                    {"type": "object", "properties": {"id": {"type": "integer"}}},
                ]
            },
            "WithUnion": {"allOf": [{"$ref": _REF + "Pet"}, {"$ref": _REF + "Base"}]},
            "Cat": {
                "type": "object",
                "required": ["pet_type"],
                "properties": {
                    "pet_type": {"type": "string"},
                    "meows": {"type": "boolean"},
                },
            },
            "Dog": {
                "type": "object",
                "required": ["pet_type"],
                "properties": {
                    "pet_type": {"type": "string"},
                    "barks": {"type": "boolean"},
                },
            },
            "Pet": {
                "oneOf": [{"$ref": _REF + "Cat"}, {"$ref": _REF + "Dog"}],
                "discriminator": {
                    "propertyName": "pet_type",
                    "mapping": {"cat": _REF + "Cat", "kitty": "Cat"},
                },
            },
            "Json": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "number"},
                    {"type": "boolean"},
                    {"type": "null"},
                    {"type": "array", "items": {"$ref": _REF + "Json"}},
                    {"type": "object", "additionalProperties": {"$ref": _REF + "Json"}},
                ]
            },
            "Node": {
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": {"$ref": _REF + "Node"}},
                    "meta": {
                        "type": "object",
                        "properties": {"owner": {"$ref": _REF + "Node"}},
                    },
                },
                "additionalProperties": True,
            },
            "MaybeItem": {
                "type": ["object", "null"],
                "properties": {"a": {"type": "string"}},
            },
            "Anything": {},
        }
    },
}


def _render(api: Api, settings: typescript.TypeScriptSettings) -> str:
    environment = create_environment(filters=typescript.FILTERS)
    return typescript.render_typescript(api, settings, environment)[settings.file]


def _assert_compiles(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")
    result = run_tsc(path)
    assert result.returncode == 0, result.stdout + result.stderr


def _load_api(spec: Path, out: Path) -> Api:
    api, _ = load_api(Config(spec=spec, out=out, allow_invalid=True))
    return api


@pytest.mark.parametrize("settings", [typescript.TypeScriptSettings(), ALL_OPTIONS])
def test_rules_spec_compiles(
    tmp_path: Path, settings: typescript.TypeScriptSettings
) -> None:
    text = _render(build_api(RULES_SPEC), settings)
    _assert_compiles(text, tmp_path / "rules.ts")


def test_rules_spec_compiles_with_blob(tmp_path: Path) -> None:
    settings = typescript.TypeScriptSettings(
        operations=True, binary_type="Blob | string"
    )
    text = _render(build_api(RULES_SPEC), settings)
    _assert_compiles(text, tmp_path / "rules.ts")


def test_canonical_spec_compiles(tmp_path: Path) -> None:
    spec = REPO / "spec" / "openapi.yaml"
    if not spec.is_file():
        pytest.skip(f"the canonical spec is absent: expected {spec}")
    text = _render(_load_api(spec, tmp_path / "out"), ALL_OPTIONS)
    _assert_compiles(text, tmp_path / "canonical.ts")


@pytest.fixture(scope="module")
def coder_api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    corpus = require_coder_corpus()
    return _load_api(corpus / "swagger.json", tmp_path_factory.mktemp("out"))


@pytest.mark.parametrize("settings", [typescript.TypeScriptSettings(), ALL_OPTIONS])
def test_coder_corpus_compiles(
    tmp_path: Path, coder_api: Api, settings: typescript.TypeScriptSettings
) -> None:
    _assert_compiles(_render(coder_api, settings), tmp_path / "coder.ts")


def _declared_literals(text: str, pattern: str) -> list[Any]:
    match = re.search(pattern, text, re.MULTILINE | re.DOTALL)
    assert match is not None, f"no match for {pattern!r}"
    body = match.group(1).strip().rstrip(",")
    if "\n" in body:
        body = ",".join(
            line.strip().lstrip("| ").rstrip(",") for line in body.splitlines()
        )
    else:
        body = body.replace(" | ", ",")
    return json.loads(f"[{body}]")


def test_coder_enums_keep_spec_values(coder_api: Api) -> None:
    """Every coder enum is a union of its distinct spec values and an array of them."""
    text = _render(coder_api, typescript.TypeScriptSettings())
    spec = json.loads(
        (require_coder_corpus() / "swagger.json").read_text(encoding="utf-8")
    )
    definitions = spec["definitions"]
    constant_names = names.enum_constant_names(
        (named.type_name for named in coder_api.enums),
        (named.type_name for named in coder_api.schemas),
    )
    checked = 0
    for named in coder_api.enums:
        expected = list(dict.fromkeys(definitions[named.key]["enum"]))
        name = re.escape(named.type_name)
        union = _declared_literals(text, rf"^export type {name} =(.*?);$")
        values_name = re.escape(constant_names[named.type_name][0])
        values = _declared_literals(
            text, rf"^export const {values_name}: {name}\[\] = \[(.*?)\];$"
        )
        assert union == expected, named.key
        assert values == expected, named.key
        checked += 1
    assert checked == 90
