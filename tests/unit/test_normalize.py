"""Tests for `apiregen.normalize`: Swagger 2.0 and OpenAPI 3.0 into OpenAPI 3.1."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator.validation.exceptions import UnresolvableParameterError

from apiregen.errors import LoadError
from apiregen.normalize import normalize, spec_version

CODER_CORPUS = (
    Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "coder"
)


def swagger(paths: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """Return a minimal Swagger 2.0 document with `fields` added at the top level."""
    document = {"swagger": "2.0", "info": {"title": "T", "version": "1"}}
    return {**document, "paths": paths or {}, **fields}


def openapi30(**fields: Any) -> dict[str, Any]:
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}}
    return {**document, "paths": {}, **fields}


def operation_of(result: dict[str, Any], path: str = "/p", method: str = "post") -> Any:
    return result["paths"][path][method]


def one_operation(
    parameters: list[Any],
    responses: Any = None,
    document_fields: dict[str, Any] | None = None,
    **operation_fields: Any,
) -> dict[str, Any]:
    """Return a 2.0 document whose only operation is `POST /p`."""
    operation = {"parameters": parameters, "responses": responses or {"204": {}}}
    item = {"post": {**operation, **operation_fields}}
    return swagger({"/p": item}, **(document_fields or {}))


def iter_refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("$ref"), str):
                yield item["$ref"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def resolve(document: Any, ref: str) -> Any:
    """Follow a local JSON pointer, raising KeyError or IndexError when it dangles."""
    assert ref.startswith("#/"), ref
    node = document
    for token in ref[2:].split("/"):
        name = unquote(token).replace("~1", "/").replace("~0", "~")
        node = node[int(name)] if isinstance(node, list) else node[name]
    return node


def iter_containers(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list)):
            yield item
            stack.extend(item.values() if isinstance(item, dict) else item)


# --- Versions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"swagger": "2.0"}, "2.0"),
        ({"swagger": 2.0}, "2.0"),  # unquoted in YAML
        ({"openapi": "3.0.0"}, "3.0"),
        ({"openapi": "3.0.3"}, "3.0"),
        ({"openapi": "3.1.0"}, "3.1"),
        ({"openapi": "3.1.1"}, "3.1"),
    ],
)
def test_spec_version_reads_the_version_field(document: Any, expected: str) -> None:
    assert spec_version(document) == expected


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"info": {}}, "neither"),
        ({"swagger": "1.2"}, "unsupported Swagger version '1.2'"),
        ({"openapi": "3.2.0"}, "unsupported OpenAPI version '3.2.0'"),
        ({"openapi": 3.0}, "unsupported OpenAPI version 3.0"),
        ([], "not a mapping"),
    ],
)
def test_unknown_version_raises_load_error(document: Any, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        normalize(document)


# --- Swagger 2.0: document level -------------------------------------------------


def test_swagger2_document_fields_and_extensions_are_kept() -> None:
    document = swagger(
        tags=[{"name": "a", "x-tag": 1}],
        externalDocs={"url": "https://example.com/docs"},
        security=[{"key": []}],
        **{"x-apidocgen": {"skip": True}},
    )
    result = normalize(document)
    assert result == {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "tags": [{"name": "a", "x-tag": 1}],
        "externalDocs": {"url": "https://example.com/docs"},
        "security": [{"key": []}],
        "x-apidocgen": {"skip": True},
        "x-apiregen-source-version": "2.0",
    }


@pytest.mark.parametrize(
    ("fields", "servers"),
    [
        (
            {
                "host": "api.example.com",
                "basePath": "/v1/",
                "schemes": ["https", "http"],
            },
            [
                {"url": "https://api.example.com/v1"},
                {"url": "http://api.example.com/v1"},
            ],
        ),
        ({"host": "h:8080", "schemes": ["http"]}, [{"url": "http://h:8080"}]),
        ({"host": "h", "basePath": "/v1"}, [{"url": "//h/v1"}]),
        ({"basePath": "/api/v2"}, [{"url": "/api/v2"}]),
        ({"basePath": "/"}, [{"url": "/"}]),
        ({}, None),
    ],
)
def test_host_base_path_and_schemes_become_servers(fields: Any, servers: Any) -> None:
    result = normalize(swagger(**fields))
    assert result.get("servers") == servers
    assert not {"host", "basePath", "schemes"} & result.keys()


def test_operation_schemes_that_differ_become_operation_servers() -> None:
    document = swagger(
        {"/p": {"get": {"schemes": ["wss"], "responses": {}}}},
        host="h",
        schemes=["https"],
    )
    assert operation_of(normalize(document), method="get") == {
        "servers": [{"url": "wss://h"}],
        "responses": {},
    }


# --- Swagger 2.0: parameters -------------------------------------------------------


def test_body_parameter_becomes_request_body() -> None:
    body = {
        "name": "user",
        "in": "body",
        "required": True,
        "description": "The user",
        "schema": {"$ref": "#/definitions/User"},
        "x-extra": 1,
    }
    document = one_operation([body], consumes=["application/json", "text/yaml"])
    assert operation_of(normalize(document)) == {
        "requestBody": {
            "description": "The user",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/User"}},
                "text/yaml": {"schema": {"$ref": "#/components/schemas/User"}},
            },
            "required": True,
            "x-body-name": "user",
            "x-extra": 1,
        },
        "responses": {"204": {}},
    }


@pytest.mark.parametrize(
    ("document_consumes", "operation_consumes", "expected"),
    [
        (None, None, ["application/json"]),
        (["application/xml"], None, ["application/xml"]),
        (["application/xml"], ["text/plain"], ["text/plain"]),
    ],
)
def test_body_media_type_fallbacks(
    document_consumes: Any, operation_consumes: Any, expected: list[str]
) -> None:
    body = {"name": "b", "in": "body", "schema": {"type": "string"}}
    operation = {"parameters": [body], "responses": {}}
    if operation_consumes:
        operation["consumes"] = operation_consumes
    document = swagger({"/p": {"post": operation}})
    if document_consumes:
        document["consumes"] = document_consumes
    result = normalize(document)
    assert list(operation_of(result)["requestBody"]["content"]) == expected
    assert "consumes" not in result
    assert "consumes" not in operation_of(result)


def test_form_data_with_a_file_becomes_multipart_body() -> None:
    fields = [
        {"name": "file", "in": "formData", "type": "file", "required": True},
        {"name": "note", "in": "formData", "type": "string", "description": "Note"},
        {
            "name": "tags",
            "in": "formData",
            "type": "array",
            "items": {"type": "string"},
            "x-order": 3,
        },
    ]
    assert operation_of(normalize(one_operation(fields))) == {
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "note": {"type": "string", "description": "Note"},
                            "tags": {
                                "type": "array",
                                "items": {"type": "string"},
                                "x-order": 3,
                            },
                        },
                        "required": ["file"],
                    },
                    "encoding": {"tags": {"style": "form", "explode": False}},
                }
            },
            "required": True,
        },
        "responses": {"204": {}},
    }


@pytest.mark.parametrize(
    ("consumes", "media_type"),
    [
        (None, "application/x-www-form-urlencoded"),
        (["multipart/form-data"], "multipart/form-data"),
    ],
)
def test_form_data_without_file_media_type(consumes: Any, media_type: str) -> None:
    field = {"name": "a", "in": "formData", "type": "integer", "minimum": 1}
    extra = {"consumes": consumes} if consumes else {}
    body = operation_of(normalize(one_operation([field], **extra)))["requestBody"]
    assert body == {
        "content": {
            media_type: {
                "schema": {
                    "type": "object",
                    "properties": {"a": {"type": "integer", "minimum": 1}},
                }
            }
        }
    }


def test_simple_parameter_fields_move_into_schema() -> None:
    parameter = {
        "name": "limit",
        "in": "query",
        "description": "Page size",
        "required": False,
        "allowEmptyValue": True,
        "type": "integer",
        "format": "int32",
        "minimum": 0,
        "exclusiveMinimum": True,
        "maximum": 100,
        "default": 10,
        "enum": [10, 50, 100],
        "x-enum-varnames": ["Small", "Medium", "Large"],
    }
    result = normalize(one_operation([parameter]))
    assert operation_of(result)["parameters"] == [
        {
            "name": "limit",
            "in": "query",
            "description": "Page size",
            "required": False,
            "allowEmptyValue": True,
            "x-enum-varnames": ["Small", "Medium", "Large"],
            "schema": {
                "type": "integer",
                "format": "int32",
                "maximum": 100,
                "default": 10,
                "enum": [10, 50, 100],
                "exclusiveMinimum": 0,
            },
        }
    ]


@pytest.mark.parametrize(
    ("location", "collection_format", "style"),
    [
        ("query", None, {"style": "form", "explode": False}),
        ("query", "csv", {"style": "form", "explode": False}),
        ("path", "csv", {"style": "simple", "explode": False}),
        ("header", "csv", {"style": "simple", "explode": False}),
        ("query", "multi", {"style": "form", "explode": True}),
        ("query", "ssv", {"style": "spaceDelimited", "explode": False}),
        ("query", "pipes", {"style": "pipeDelimited", "explode": False}),
        ("query", "tsv", {"x-collection-format": "tsv"}),
        ("path", "pipes", {"x-collection-format": "pipes"}),
    ],
)
def test_collection_format_becomes_style_and_explode(
    location: str, collection_format: str | None, style: dict[str, Any]
) -> None:
    parameter = {
        "name": "ids",
        "in": location,
        "required": True,
        "type": "array",
        "items": {"type": "string"},
    }
    if collection_format:
        parameter["collectionFormat"] = collection_format
    result = normalize(one_operation([parameter]))
    assert operation_of(result)["parameters"] == [
        {
            "name": "ids",
            "in": location,
            "required": True,
            **style,
            "schema": {"type": "array", "items": {"type": "string"}},
        }
    ]


def test_nested_items_collection_format_is_kept_as_extension() -> None:
    parameter = {
        "name": "grid",
        "in": "query",
        "type": "array",
        "collectionFormat": "pipes",
        "items": {
            "type": "array",
            "collectionFormat": "csv",
            "items": {"type": "integer"},
        },
    }
    [converted] = operation_of(normalize(one_operation([parameter])))["parameters"]
    assert converted["schema"] == {
        "type": "array",
        "items": {
            "type": "array",
            "items": {"type": "integer"},
            "x-collection-format": "csv",
        },
    }


def test_path_level_body_moves_to_operations() -> None:
    shared_query = {"name": "q", "in": "query", "type": "string"}
    shared_body = {"name": "b", "in": "body", "schema": {"type": "string"}}
    own_body = {"name": "other", "in": "body", "schema": {"type": "integer"}}
    own_query = {"name": "q", "in": "query", "type": "integer"}
    document = swagger(
        {
            "/p": {
                "parameters": [shared_query, shared_body],
                "put": {"responses": {}},
                "post": {"parameters": [own_body, own_query], "responses": {}},
            }
        }
    )
    item = normalize(document)["paths"]["/p"]
    assert item["parameters"] == [
        {"name": "q", "in": "query", "schema": {"type": "string"}}
    ]
    assert item["put"] == {
        "responses": {},
        "requestBody": {
            "content": {"application/json": {"schema": {"type": "string"}}},
            "x-body-name": "b",
        },
    }
    # The operation's own body replaces the path's. Its own `q` overrides the
    # path's `q` in 3.x as it did in 2.0, so it is written out as it is.
    assert item["post"] == {
        "parameters": [{"name": "q", "in": "query", "schema": {"type": "integer"}}],
        "requestBody": {
            "content": {"application/json": {"schema": {"type": "integer"}}},
            "x-body-name": "other",
        },
        "responses": {},
    }


def test_top_level_parameters_split_by_location() -> None:
    document = swagger(
        {
            "/p": {
                "post": {
                    "parameters": [
                        {"$ref": "#/parameters/Limit"},
                        {"$ref": "#/parameters/Pet"},
                        {"$ref": "#/parameters/Upload"},
                    ],
                    "responses": {},
                },
                "put": {
                    "consumes": ["text/plain"],
                    "parameters": [{"$ref": "#/parameters/Pet"}],
                    "responses": {},
                },
            }
        },
        parameters={
            "Limit": {"name": "limit", "in": "query", "type": "integer"},
            "Pet": {
                "name": "pet",
                "in": "body",
                "schema": {"$ref": "#/definitions/Pet"},
            },
            "Upload": {"name": "upload", "in": "formData", "type": "file"},
        },
        definitions={"Pet": {"type": "object"}},
    )
    result = normalize(document)
    assert result["components"] == {
        "schemas": {"Pet": {"type": "object"}},
        "parameters": {
            "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}
        },
        "requestBodies": {
            "Pet": {
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                },
                "x-body-name": "pet",
            }
        },
    }
    post = operation_of(result)
    assert post["parameters"] == [{"$ref": "#/components/parameters/Limit"}]
    # A body and form fields together are invalid in 2.0, so the body wins.
    assert post["requestBody"] == {"$ref": "#/components/requestBodies/Pet"}
    # Different media types than the document's: the body is converted inline.
    assert operation_of(result, method="put")["requestBody"] == {
        "content": {"text/plain": {"schema": {"$ref": "#/components/schemas/Pet"}}},
        "x-body-name": "pet",
    }


def test_top_level_form_parameter_is_inlined() -> None:
    upload = {"name": "upload", "in": "formData", "type": "file"}
    document = one_operation(
        [{"$ref": "#/parameters/Upload"}],
        document_fields={"parameters": {"Upload": upload}},
    )
    result = normalize(document)
    assert "components" not in result
    assert operation_of(result)["requestBody"]["content"] == {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"upload": {"type": "string", "format": "binary"}},
            }
        }
    }


def test_path_level_form_fields_merge_with_operation_fields() -> None:
    document = swagger(
        {
            "/p": {
                "parameters": [
                    {"name": "a", "in": "formData", "type": "string"},
                    {"name": "b", "in": "formData", "type": "string"},
                ],
                "post": {
                    "parameters": [
                        {"name": "b", "in": "formData", "type": "integer"},
                        {"name": "c", "in": "formData", "type": "boolean"},
                    ],
                    "responses": {},
                },
            }
        }
    )
    item = normalize(document)["paths"]["/p"]
    assert "parameters" not in item
    schema = item["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"
    ]["schema"]
    assert schema["properties"] == {
        "a": {"type": "string"},
        "b": {"type": "integer"},
        "c": {"type": "boolean"},
    }


def test_parameter_x_nullable_moves_to_schema() -> None:
    parameter = {"name": "q", "in": "query", "type": "string", "x-nullable": True}
    assert operation_of(normalize(one_operation([parameter])))["parameters"] == [
        {"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}
    ]


# --- Swagger 2.0: references -----------------------------------------------------


def test_refs_with_escaped_names_are_rewritten_and_resolve() -> None:
    names = ["a/b", "c~d", "pkg.Type", "with space"]
    refs = [
        "#/definitions/a~1b",
        "#/definitions/c~0d",
        "#/definitions/pkg.Type",
        "#/definitions/with%20space",
    ]
    document = swagger(
        definitions={
            **{name: {"type": "string"} for name in names},
            "Holder": {
                "type": "object",
                "properties": {f"p{i}": {"$ref": ref} for i, ref in enumerate(refs)},
            },
        }
    )
    result = normalize(document)
    properties = result["components"]["schemas"]["Holder"]["properties"]
    assert [p["$ref"] for p in properties.values()] == [
        "#/components/schemas/a~1b",
        "#/components/schemas/c~0d",
        "#/components/schemas/pkg.Type",
        # Percent-encoding is decoded, so each schema has one spelling.
        "#/components/schemas/with space",
    ]
    for ref in iter_refs(result):
        assert resolve(result, ref) == {"type": "string"}


def test_escaped_parameter_ref_finds_body() -> None:
    document = one_operation(
        [{"$ref": "#/parameters/body~1x"}],
        document_fields={
            "parameters": {"body/x": {"name": "b", "in": "body", "schema": {}}}
        },
    )
    result = normalize(document)
    assert operation_of(result)["requestBody"] == {
        "$ref": "#/components/requestBodies/body~1x"
    }
    assert resolve(result, "#/components/requestBodies/body~1x")["x-body-name"] == "b"


# --- Swagger 2.0: responses ------------------------------------------------------


def test_response_schema_examples_and_headers() -> None:
    responses = {
        200: {
            "description": "OK",
            "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
            "examples": {"application/json": [{"id": 1}], "text/csv": "id\n1"},
            "headers": {
                "X-Rate-Limit": {"type": "integer", "description": "Calls left"},
                "X-Ids": {"type": "array", "items": {"type": "string"}},
            },
        },
        "default": {"description": "Error"},
        "x-note": "kept",
    }
    document = one_operation([], responses, produces=["application/json"])
    assert operation_of(normalize(document))["responses"] == {
        "200": {
            "description": "OK",
            "headers": {
                "X-Rate-Limit": {
                    "description": "Calls left",
                    "schema": {"type": "integer"},
                },
                "X-Ids": {
                    "style": "simple",
                    "explode": False,
                    "schema": {"type": "array", "items": {"type": "string"}},
                },
            },
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Pet"},
                    },
                    "example": [{"id": 1}],
                },
                "text/csv": {
                    "schema": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Pet"},
                    },
                    "example": "id\n1",
                },
            },
        },
        "default": {"description": "Error"},
        "x-note": "kept",
    }


def test_response_examples_without_schema_keep_their_media_types() -> None:
    response = {"description": "OK", "examples": {"text/plain": "pong"}}
    document = one_operation([], {"200": response})
    assert operation_of(normalize(document))["responses"]["200"] == {
        "description": "OK",
        "content": {"text/plain": {"example": "pong"}},
    }


@pytest.mark.parametrize(
    ("document_produces", "operation_produces", "expected"),
    [
        (None, None, ["*/*"]),
        (["application/xml"], None, ["application/xml"]),
        (["application/xml"], ["text/plain", "text/html"], ["text/plain", "text/html"]),
    ],
)
def test_response_media_type_fallbacks(
    document_produces: Any, operation_produces: Any, expected: list[str]
) -> None:
    operation: dict[str, Any] = {
        "responses": {"200": {"description": "OK", "schema": {"type": "string"}}}
    }
    if operation_produces:
        operation["produces"] = operation_produces
    document = swagger({"/p": {"get": operation}})
    if document_produces:
        document["produces"] = document_produces
    result = normalize(document)
    response = operation_of(result, method="get")["responses"]["200"]
    assert list(response["content"]) == expected
    assert "produces" not in result
    assert "produces" not in operation_of(result, method="get")


def test_response_without_schema_has_no_content() -> None:
    document = one_operation([], {"204": {"description": "Gone"}})
    assert operation_of(normalize(document))["responses"] == {
        "204": {"description": "Gone"}
    }


def test_response_ref_kept_or_inlined() -> None:
    document = swagger(
        {
            "/p": {
                "get": {"responses": {"404": {"$ref": "#/responses/NotFound"}}},
                "put": {
                    "produces": ["text/plain"],
                    "responses": {"404": {"$ref": "#/responses/NotFound"}},
                },
            }
        },
        responses={
            "NotFound": {"description": "Missing", "schema": {"type": "string"}}
        },
    )
    result = normalize(document)
    assert result["components"]["responses"] == {
        "NotFound": {
            "description": "Missing",
            "content": {"*/*": {"schema": {"type": "string"}}},
        }
    }
    assert operation_of(result, method="get")["responses"] == {
        "404": {"$ref": "#/components/responses/NotFound"}
    }
    assert operation_of(result, method="put")["responses"] == {
        "404": {
            "description": "Missing",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    }


# --- Swagger 2.0: security -------------------------------------------------------


def test_security_definitions_become_security_schemes() -> None:
    definitions = {
        "basicAuth": {"type": "basic", "description": "Basic", "x-a": 1},
        "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
        "implicit": {
            "type": "oauth2",
            "flow": "implicit",
            "authorizationUrl": "https://a.example/auth",
            "scopes": {"read": "Read"},
        },
        "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t"},
        "application": {
            "type": "oauth2",
            "flow": "application",
            "tokenUrl": "https://t",
            "scopes": {},
        },
        "accessCode": {
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": "https://a",
            "tokenUrl": "https://t",
            "scopes": {"w": "Write"},
        },
    }
    document = swagger(securityDefinitions=definitions, security=[{"key": []}])
    result = normalize(document)
    assert result["components"]["securitySchemes"] == {
        "basicAuth": {
            "type": "http",
            "scheme": "basic",
            "description": "Basic",
            "x-a": 1,
        },
        "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
        "implicit": {
            "type": "oauth2",
            "flows": {
                "implicit": {
                    "authorizationUrl": "https://a.example/auth",
                    "scopes": {"read": "Read"},
                }
            },
        },
        "password": {
            "type": "oauth2",
            "flows": {"password": {"tokenUrl": "https://t", "scopes": {}}},
        },
        "application": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}},
        },
        "accessCode": {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "https://a",
                    "tokenUrl": "https://t",
                    "scopes": {"w": "Write"},
                }
            },
        },
    }
    assert result["security"] == [{"key": []}]


# --- Schema rules --------------------------------------------------------------------


def definitions_of(result: dict[str, Any]) -> dict[str, Any]:
    return result["components"]["schemas"]


def test_x_nullable_makes_types_and_refs_nullable() -> None:
    document = swagger(
        definitions={
            "Pet": {
                "type": "object",
                "discriminator": "kind",
                "properties": {
                    "name": {"type": "string", "x-nullable": True},
                    "kind": {"type": "string", "enum": ["a", "b"], "x-nullable": True},
                    "owner": {
                        "$ref": "#/definitions/Owner",
                        "x-nullable": True,
                        "description": "Who",
                    },
                    "photo": {"type": "file"},
                    "age": {"type": "integer", "x-nullable": False},
                },
            }
        }
    )
    assert definitions_of(normalize(document))["Pet"] == {
        "type": "object",
        "discriminator": {"propertyName": "kind"},
        "properties": {
            "name": {"type": ["string", "null"]},
            "kind": {"type": ["string", "null"], "enum": ["a", "b", None]},
            "owner": {
                "anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}],
                "description": "Who",
            },
            "photo": {"type": "string", "format": "binary"},
            "age": {"type": "integer"},
        },
    }


def test_openapi30_nullable_on_type_enum_ref_and_composition() -> None:
    schemas = {
        "Name": {"type": "string", "nullable": True, "example": "x"},
        "Color": {"type": "string", "enum": ["red", None], "nullable": True},
        "Size": {"type": "integer", "enum": [1, 2], "nullable": True},
        "Ref": {
            "$ref": "#/components/schemas/Name",
            "nullable": True,
            "readOnly": True,
        },
        "Both": {"allOf": [{"$ref": "#/components/schemas/Name"}], "nullable": True},
        "Any": {"description": "anything", "nullable": True},
        "NotNull": {"type": "string", "nullable": False},
    }
    result = normalize(openapi30(components={"schemas": schemas}))
    assert definitions_of(result) == {
        "Name": {"type": ["string", "null"], "example": "x"},
        "Color": {"type": ["string", "null"], "enum": ["red", None]},
        "Size": {"type": ["integer", "null"], "enum": [1, 2, None]},
        "Ref": {
            "anyOf": [{"$ref": "#/components/schemas/Name"}, {"type": "null"}],
            "readOnly": True,
        },
        "Both": {
            "anyOf": [
                {"allOf": [{"$ref": "#/components/schemas/Name"}]},
                {"type": "null"},
            ]
        },
        "Any": {"description": "anything"},
        "NotNull": {"type": "string"},
    }
    assert result["openapi"] == "3.1.0"
    assert result["x-apiregen-source-version"] == "3.0"


def test_openapi30_status_codes_become_strings_and_refs_stay() -> None:
    responses = {200: {"$ref": "#/components/responses/R"}, "x-a": {"nullable": True}}
    document = openapi30(paths={"/p": {"get": {"responses": responses}}})
    assert operation_of(normalize(document), method="get")["responses"] == {
        "200": {"$ref": "#/components/responses/R"},
        "x-a": {"nullable": True},
    }


def test_exclusive_bounds_become_numbers() -> None:
    schema = {
        "type": "number",
        "minimum": 1,
        "exclusiveMinimum": True,
        "maximum": 9,
        "exclusiveMaximum": False,
    }
    result = normalize(openapi30(components={"schemas": {"N": schema}}))
    assert definitions_of(result)["N"] == {
        "type": "number",
        "maximum": 9,
        "exclusiveMinimum": 1,
    }


NULLABLE_30 = {"type": "string", "nullable": True}
NULLABLE_31 = {"type": ["string", "null"]}


def test_schema_rules_reach_nested_keywords() -> None:
    schema = {
        "type": "object",
        "properties": {"p": NULLABLE_30},
        "additionalProperties": NULLABLE_30,
        "patternProperties": {"^x": NULLABLE_30},
        "allOf": [NULLABLE_30],
        "oneOf": [NULLABLE_30],
        "anyOf": [NULLABLE_30],
        "not": NULLABLE_30,
        "prefixItems": [NULLABLE_30],
        "items": {"type": "array", "items": NULLABLE_30},
        "example": {"nullable": True},  # data, not a schema
        "x-meta": {"nullable": True},
    }

    result = normalize(openapi30(components={"schemas": {"S": schema}}))

    assert definitions_of(result)["S"] == {
        "type": "object",
        "properties": {"p": NULLABLE_31},
        "additionalProperties": NULLABLE_31,
        "patternProperties": {"^x": NULLABLE_31},
        "allOf": [NULLABLE_31],
        "oneOf": [NULLABLE_31],
        "anyOf": [NULLABLE_31],
        "not": NULLABLE_31,
        "prefixItems": [NULLABLE_31],
        "items": {"type": "array", "items": NULLABLE_31},
        "example": {"nullable": True},
        "x-meta": {"nullable": True},
    }


def test_schema_rules_reach_every_openapi30_object() -> None:
    parameter = {"name": "q", "in": "query", "schema": NULLABLE_30}
    header = {"schema": NULLABLE_30}
    media = {"application/json": {"schema": NULLABLE_30}}
    callback = {"{$request.body#/url}": {"post": {"requestBody": {"content": media}}}}
    operation = {
        "parameters": [parameter],
        "requestBody": {"content": media},
        "responses": {"200": {"description": "OK", "headers": {"H": header}}},
        "callbacks": {"cb": callback},
    }
    document = openapi30(
        paths={"/p": {"parameters": [parameter], "post": operation}},
        components={
            "parameters": {"P": parameter},
            "headers": {"H": header},
            "requestBodies": {"B": {"content": media}},
            "responses": {"R": {"description": "R", "content": media}},
        },
    )

    result = normalize(document)

    components = result["components"]
    converted_media = {"application/json": {"schema": NULLABLE_31}}
    assert components["parameters"]["P"]["schema"] == NULLABLE_31
    assert components["headers"]["H"]["schema"] == NULLABLE_31
    assert components["requestBodies"]["B"]["content"] == converted_media
    assert components["responses"]["R"]["content"] == converted_media
    assert result["paths"]["/p"]["parameters"][0]["schema"] == NULLABLE_31
    post = operation_of(result)
    assert post["parameters"][0]["schema"] == NULLABLE_31
    assert post["requestBody"]["content"] == converted_media
    assert post["responses"]["200"]["headers"]["H"]["schema"] == NULLABLE_31
    callback_post = post["callbacks"]["cb"]["{$request.body#/url}"]["post"]
    assert callback_post["requestBody"]["content"] == converted_media


def test_shared_sub_objects_are_converted_once_per_place() -> None:
    shared = {"type": "string", "x-nullable": True}  # like a YAML anchor
    document = swagger(
        definitions={
            "A": {"type": "object", "properties": {"x": shared, "y": shared}},
            "B": shared,
        }
    )
    schemas = definitions_of(normalize(document))
    expected = {"type": ["string", "null"]}
    assert schemas["A"]["properties"] == {"x": expected, "y": expected}
    assert schemas["B"] == expected
    assert schemas["A"]["properties"]["x"] is not schemas["A"]["properties"]["y"]


@pytest.mark.parametrize(
    ("make_document", "leaf"),
    [
        (
            lambda schema: swagger(definitions={"Deep": schema}),
            {"type": ["string", "null"]},
        ),
        (
            lambda schema: openapi30(components={"schemas": {"Deep": schema}}),
            # 3.0 gives `x-nullable` no meaning, so it stays as an extension.
            {"type": ["string", "null"], "x-nullable": True},
        ),
        (
            lambda schema: {
                "openapi": "3.1.0",
                "components": {"schemas": {"Deep": schema}},
            },
            {"type": "string", "x-nullable": True, "nullable": True},
        ),
    ],
    ids=["2.0", "3.0", "3.1"],
)
def test_deep_schema_does_not_exhaust_the_stack(make_document: Any, leaf: Any) -> None:
    depth = 5000  # far past Python's default recursion limit of 1000
    schema: dict[str, Any] = {"type": "string", "x-nullable": True, "nullable": True}
    for _ in range(depth):
        schema = {"type": "array", "items": schema}
    node = normalize(make_document(schema))["components"]["schemas"]["Deep"]
    for _ in range(depth):
        node = node["items"]
    assert node == leaf


# --- 3.1 and immutability ------------------------------------------------------------


def test_openapi31_is_copied_through() -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "components": {"schemas": {"S": {"type": "string", "nullable": True}}},
    }
    result = normalize(document)
    assert result == {**document, "x-apiregen-source-version": "3.1"}
    assert result["components"] is not document["components"]
    assert "x-apiregen-source-version" not in document


@pytest.mark.parametrize(
    "document",
    [
        one_operation(
            [
                {"name": "b", "in": "body", "schema": {"$ref": "#/definitions/D"}},
                {
                    "name": "q",
                    "in": "query",
                    "type": "array",
                    "items": {"type": "string"},
                },
            ],
            {"200": {"description": "OK", "schema": {"$ref": "#/definitions/D"}}},
            {"definitions": {"D": {"type": "string", "x-nullable": True}}},
        ),
        openapi30(
            components={
                "schemas": {
                    "S": {"type": "string", "enum": ["a"], "nullable": True},
                    "T": {"$ref": "#/components/schemas/S", "nullable": True},
                    "U": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
                }
            }
        ),
        {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}},
    ],
    ids=["2.0", "3.0", "3.1"],
)
def test_input_is_not_mutated_and_shares_nothing(document: dict[str, Any]) -> None:
    before = copy.deepcopy(document)
    result = normalize(document)
    assert document == before
    source_ids = {id(container) for container in iter_containers(document)}
    assert not any(id(c) in source_ids for c in iter_containers(result))


# --- A real Swagger 2.0 spec ---------------------------------------------------------


@pytest.fixture(scope="module")
def coder_spec() -> dict[str, Any]:
    path = CODER_CORPUS / "swagger.json"
    if not path.is_file():
        pytest.skip(f"../shared/corpus is absent: no Swagger 2.0 test spec at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def test_coder_swagger_converts_to_valid_openapi31(coder_spec: dict[str, Any]) -> None:
    result = normalize(coder_spec)
    assert result["openapi"] == "3.1.0"
    assert "definitions" not in result
    assert len(result["components"]["schemas"]) == len(coder_spec["definitions"])
    for ref in iter_refs(result):
        assert ref.startswith("#/components/"), ref
        resolve(result, ref)  # raises when the target is missing
    errors = list(OpenAPIV31SpecValidator(result).iter_errors())
    # Both errors come from the source: it declares an `in: path` parameter
    # `organization` on two paths whose template has no `{organization}`, and
    # openapi-spec-validator 0.9 reports the same two on the 2.0 document. The
    # source's duplicate enum values in the `status` query parameters break draft
    # 4's `uniqueItems` (so 2.0 validation), but JSON Schema 2020-12 allows them.
    assert sorted(str(error) for error in errors) == [
        f"Path parameter 'organization' for 'get' operation in '{path}' "
        "was not resolved"
        for path in (
            "/api/v2/settings/idpsync/available-fields",
            "/api/v2/settings/idpsync/field-values",
        )
    ]
    assert all(isinstance(error, UnresolvableParameterError) for error in errors)


def test_coder_swagger_keeps_extensions_and_moves_bodies(
    coder_spec: dict[str, Any],
) -> None:
    result = normalize(coder_spec)
    source_ops = [op for item in coder_spec["paths"].values() for op in item.values()]
    result_ops = [op for item in result["paths"].values() for op in item.values()]
    assert len(result_ops) == len(source_ops)
    skipped = [op for op in result_ops if op.get("x-apidocgen") == {"skip": True}]
    assert len(skipped) == sum(
        op.get("x-apidocgen") == {"skip": True} for op in source_ops
    )
    for op in result_ops:
        for parameter in op.get("parameters", []):
            assert parameter["in"] in ("path", "query", "header"), parameter
            assert "schema" in parameter
            assert "type" not in parameter
        assert "consumes" not in op
        assert "produces" not in op
    with_varnames = [
        s for s in coder_spec["definitions"].values() if "x-enum-varnames" in s
    ]
    assert with_varnames
    assert sum(
        "x-enum-varnames" in s for s in result["components"]["schemas"].values()
    ) == len(with_varnames)
