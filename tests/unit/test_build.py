"""Tests for `apiregen.model.build`: the model every renderer reads."""

from __future__ import annotations

from typing import Any

import pytest

from apiregen.model.build import DEFAULT_TAG, build_api, build_enum
from apiregen.model.types import Api, Operation

OK = {"200": {"description": "OK"}}


def document(paths: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """Return a minimal normalized OpenAPI 3.1 document with `fields` at the top level."""
    base = {"openapi": "3.1.0", "info": {"title": "Demo", "version": "2.1"}}
    return {**base, "paths": paths or {}, **fields}


def operation(**fields: Any) -> dict[str, Any]:
    return {"responses": OK, **fields}


def only_operation(api: Api) -> Operation:
    (tag,) = api.tags
    (found,) = tag.operations
    return found


# Document fields ---------------------------------------------------------------------


def test_build_api_info_and_servers():
    api = build_api(
        document(
            servers=[{"url": "https://api.example.invalid/v2"}],
            info={"title": "Demo", "version": "2.1", "description": "About"},
        )
    )

    assert api.title == "Demo"
    assert api.version == "2.1"
    assert api.description == "About"
    assert api.servers == ("https://api.example.invalid/v2",)


def test_build_api_source_version():
    api = build_api(document(**{"x-apiregen-source-version": "2.0"}))

    assert api.source_version == "2.0"


# Tags -------------------------------------------------------------------------------


def test_build_tags_declared_then_first_seen():
    paths = {
        "/a": {"get": operation(tags=["Zeta"])},
        "/b": {"get": operation(tags=["Beta"])},
        "/c": {"get": operation(tags=["Alpha"])},
        "/d": {"get": operation(tags=["Gamma"])},
    }
    tags = [{"name": "Gamma"}, {"name": "Alpha"}, {"name": "Unused"}]

    api = build_api(document(paths, tags=tags))

    assert [tag.name for tag in api.tags] == ["Gamma", "Alpha", "Zeta", "Beta"]


def test_build_tags_operation_under_first_tag_only():
    paths = {"/a": {"get": operation(tags=["One", "Two"])}}

    api = build_api(document(paths))

    assert [tag.name for tag in api.tags] == ["One"]
    assert api.tags[0].operations[0].tags == ("One", "Two")


def test_build_tags_untagged_under_default():
    paths = {"/a": {"get": operation(), "post": operation(tags=[])}}

    api = build_api(document(paths))

    assert [tag.name for tag in api.tags] == [DEFAULT_TAG]
    assert [op.method for op in api.tags[0].operations] == ["get", "post"]


def test_build_tags_description_from_declaration():
    paths = {"/a": {"get": operation(tags=["Users"])}}

    api = build_api(document(paths, tags=[{"name": "Users", "description": "People"}]))

    assert api.tags[0].description == "People"


def test_build_tags_operations_in_path_then_method_order():
    paths = {
        "/b": {"post": operation(tags=["T"]), "get": operation(tags=["T"])},
        "/a": {"delete": operation(tags=["T"])},
    }

    api = build_api(document(paths))

    found = [(op.path, op.method) for op in api.tags[0].operations]
    assert found == [("/b", "get"), ("/b", "post"), ("/a", "delete")]


def test_build_tags_pages_unique():
    paths = {
        "/a": {"get": operation(tags=["Schemas"])},
        "/b": {"get": operation(tags=["index"])},
        "/c": {"get": operation(tags=["Git SSH"])},
        "/d": {"get": operation(tags=["gitssh"])},
    }

    api = build_api(document(paths))

    pages = {tag.name: tag.page for tag in api.tags}
    assert pages == {
        "Schemas": "schemas-2.md",
        "index": "index-2.md",
        "Git SSH": "gitssh.md",
        "gitssh": "gitssh-2.md",
    }


# Operations --------------------------------------------------------------------------


def test_build_operation_fields():
    paths = {
        "/users/{id}": {
            "get": operation(
                operationId="getUser",
                summary="Get a user",
                description="Long text",
                deprecated=True,
                **{"x-codegen": "skip"},
            )
        }
    }

    found = only_operation(build_api(document(paths)))

    assert found.operation_id == "getUser"
    assert found.summary == "Get a user"
    assert found.description == "Long text"
    assert found.deprecated is True
    assert found.extensions == {"x-codegen": "skip"}
    assert found.pointer == "#/paths/~1users~1{id}/get"


def test_build_operation_from_ref_path_item():
    paths = {"/a": {"$ref": "#/components/pathItems/A"}}
    components = {"pathItems": {"A": {"get": operation(summary="shared")}}}

    found = only_operation(build_api(document(paths, components=components)))

    assert found.summary == "shared"


# Parameters ---------------------------------------------------------------------------


def test_build_parameters_merged_from_path_level():
    paths = {
        "/items/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "description": "path level"},
            ],
            "get": operation(
                parameters=[
                    {"name": "limit", "in": "query", "description": "operation level"},
                    {"name": "limit", "in": "header", "description": "a header"},
                ]
            ),
        }
    }

    found = only_operation(build_api(document(paths)))

    keys = [(p.name, p.location, p.description) for p in found.parameters]
    assert keys == [
        ("id", "path", None),
        ("limit", "query", "operation level"),
        ("limit", "header", "a header"),
    ]


def test_build_parameters_path_required_by_default():
    paths = {
        "/items/{id}": {"get": operation(parameters=[{"name": "id", "in": "path"}])}
    }

    (parameter,) = only_operation(build_api(document(paths))).parameters

    assert parameter.required is True


def test_build_parameters_query_optional_by_default():
    paths = {"/items": {"get": operation(parameters=[{"name": "q", "in": "query"}])}}

    (parameter,) = only_operation(build_api(document(paths))).parameters

    assert parameter.required is False


def test_build_parameters_from_ref():
    components = {
        "parameters": {
            "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}
        }
    }
    paths = {
        "/items": {
            "parameters": [{"$ref": "#/components/parameters/Limit"}],
            "get": operation(),
        }
    }

    (parameter,) = only_operation(
        build_api(document(paths, components=components))
    ).parameters

    assert parameter.name == "limit"
    assert parameter.schema == {"type": "integer"}


def test_build_parameters_schema_from_content():
    parameter = {
        "name": "filter",
        "in": "query",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    paths = {"/items": {"get": operation(parameters=[parameter])}}

    (built,) = only_operation(build_api(document(paths))).parameters

    assert built.schema == {"type": "object"}


# Request bodies and responses ------------------------------------------------------


def test_build_request_body_from_ref():
    components = {
        "requestBodies": {
            "NewUser": {
                "required": True,
                "description": "the user",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/User"},
                        "example": {"name": "a"},
                    }
                },
            }
        }
    }
    body = {"$ref": "#/components/requestBodies/NewUser"}
    paths = {"/users": {"post": operation(requestBody=body)}}

    found = only_operation(build_api(document(paths, components=components)))

    assert found.request_body is not None
    assert found.request_body.required is True
    assert found.request_body.description == "the user"
    (media,) = found.request_body.content
    assert media.content_type == "application/json"
    assert media.schema == {"$ref": "#/components/schemas/User"}
    assert media.example == {"name": "a"}
    assert media.has_example is True


def test_build_request_body_absent():
    found = only_operation(build_api(document({"/a": {"get": operation()}})))

    assert found.request_body is None


def test_build_example_from_examples_map():
    content = {
        "application/json": {
            "examples": {"first": {"value": 1}, "second": {"value": 2}}
        }
    }
    paths = {"/a": {"post": operation(requestBody={"content": content})}}

    (media,) = only_operation(build_api(document(paths))).request_body.content

    assert media.example == 1
    assert media.has_example is True


def test_build_example_from_ref_example():
    components = {"examples": {"One": {"value": {"id": 1}}}}
    content = {
        "application/json": {"examples": {"one": {"$ref": "#/components/examples/One"}}}
    }
    paths = {"/a": {"post": operation(requestBody={"content": content})}}

    found = only_operation(build_api(document(paths, components=components)))

    (media,) = found.request_body.content
    assert media.example == {"id": 1}
    assert media.has_example is True


def test_build_responses_from_ref_and_headers():
    components = {
        "responses": {
            "NotFound": {
                "description": "Missing",
                "headers": {"X-Trace": {"$ref": "#/components/headers/Trace"}},
            }
        },
        "headers": {"Trace": {"description": "trace id", "schema": {"type": "string"}}},
    }
    responses = {
        200: {"description": "OK"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "x-note": "not a response",
    }
    paths = {"/a": {"get": {"responses": responses}}}

    found = only_operation(build_api(document(paths, components=components)))

    assert [r.status for r in found.responses] == ["200", "404"]
    not_found = found.responses[1]
    assert not_found.description == "Missing"
    (header,) = not_found.headers
    assert header.name == "X-Trace"
    assert header.description == "trace id"
    assert header.schema == {"type": "string"}


# Security ------------------------------------------------------------------------------


def test_build_security_inherited_from_document():
    paths = {"/a": {"get": operation()}}

    found = only_operation(build_api(document(paths, security=[{"token": []}])))

    assert found.security == ({"token": ()},)


def test_build_security_overridden_with_empty_list():
    paths = {"/a": {"get": operation(security=[])}}

    found = only_operation(build_api(document(paths, security=[{"token": []}])))

    assert found.security == ()


def test_build_security_operation_scopes():
    paths = {"/a": {"get": operation(security=[{"oauth": ["read", "write"]}])}}

    found = only_operation(build_api(document(paths, security=[{"token": []}])))

    assert found.security == ({"oauth": ("read", "write")},)


def test_build_security_schemes():
    schemes = {
        "token": {"type": "apiKey", "in": "header", "name": "Coder-Session-Token"},
        "bearer": {"$ref": "#/x-schemes/bearer"},
    }
    api = build_api(
        document(
            components={"securitySchemes": schemes},
            **{"x-schemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        )
    )

    token, bearer = api.security_schemes
    assert (token.name, token.type, token.location, token.parameter_name) == (
        "token",
        "apiKey",
        "header",
        "Coder-Session-Token",
    )
    assert (bearer.name, bearer.type, bearer.scheme) == ("bearer", "http", "bearer")


# Schemas and enums ----------------------------------------------------------------------


def test_build_schemas_names_and_pointers():
    schemas = {"codersdk.User": {"type": "object"}, "a/b": {"type": "string"}}

    api = build_api(document(components={"schemas": schemas}), ["codersdk."])

    user, slash = api.schemas
    assert (user.key, user.type_name, user.pointer, user.anchor) == (
        "codersdk.User",
        "User",
        "#/components/schemas/codersdk.User",
        "codersdkuser",
    )
    assert slash.pointer == "#/components/schemas/a~1b"
    assert user.enum is None


def test_schema_for_ref_finds_named_schema():
    schemas = {"codersdk.User": {"type": "object"}, "a/b": {"type": "string"}}
    api = build_api(document(components={"schemas": schemas}))

    assert (
        api.schema_for_ref("#/components/schemas/codersdk.User").key == "codersdk.User"
    )
    assert api.schema_for_ref("#/components/schemas/a~1b").key == "a/b"
    assert api.schema_for_ref("#/components/schemas/Missing") is None


def test_schema_for_ref_percent_encoded():
    api = build_api(document(components={"schemas": {"Foo Bar": {"type": "string"}}}))

    found = api.schema_for_ref("#/components/schemas/Foo%20Bar")

    assert found is not None


def test_api_enums_lists_enum_schemas():
    schemas = {"Plain": {"type": "object"}, "Status": {"type": "string", "enum": ["a"]}}

    api = build_api(document(components={"schemas": schemas}))

    assert [schema.key for schema in api.enums] == ["Status"]


def test_build_enum_drops_null_and_marks_nullable():
    enum = build_enum("Status", {"enum": ["a", None, "b"]})

    assert enum.values == ("a", "b")
    assert enum.nullable is True


def test_build_enum_nullable_from_type_list():
    enum = build_enum("Status", {"type": ["string", "null"], "enum": ["a"]})

    assert enum.nullable is True


def test_build_enum_not_nullable():
    assert build_enum("Status", {"type": "string", "enum": ["a"]}).nullable is False


def test_build_enum_drops_duplicates():
    enum = build_enum("Status", {"enum": ["a", "b", "a", "c", "b"]})

    assert enum.values == ("a", "b", "c")


def test_build_enum_varnames_matched_before_dedup():
    schema = {
        "enum": ["pending", None, "running", "pending", "failed"],
        "x-enum-varnames": ["Pending", "Null", "Running", "PendingAgain", "Failed"],
        "x-enum-descriptions": ["waits", "", "runs", "again", ""],
    }

    enum = build_enum("Status", schema)

    assert [member.name for member in enum.members] == ["Pending", "Running", "Failed"]
    assert [member.description for member in enum.members] == ["waits", "runs", None]


def test_build_enum_varnames_shorter_than_values():
    enum = build_enum("Status", {"enum": ["a", "b"], "x-enum-varnames": ["Alpha"]})

    assert [member.name for member in enum.members] == ["Alpha", "B"]


def test_build_enum_keeps_int_float_bool_apart():
    enum = build_enum("Mixed", {"enum": [1, 1.0, True, 1]})

    assert enum.values == (1, 1.0, True)
    assert [type(value) for value in enum.values] == [int, float, bool]


@pytest.mark.parametrize(
    ("values", "value_type"),
    [
        (["a", "b"], "string"),
        ([1, 2], "integer"),
        ([1, 2.5], "number"),
        ([1.5], "number"),
        ([True, False], "boolean"),
        (["a", 1], "mixed"),
        ([1, True], "mixed"),
    ],
)
def test_build_enum_value_type(values, value_type):
    assert build_enum("E", {"enum": values}).value_type == value_type


def test_build_enum_without_enum_list():
    assert build_enum("E", {"type": "string"}) is None


def test_build_schemas_enum_uses_type_name():
    schemas = {"codersdk.JobStatus": {"type": "string", "enum": ["pending"]}}

    api = build_api(document(components={"schemas": schemas}), ["codersdk."])

    assert api.schemas[0].enum.type_name == "JobStatus"
    assert api.schemas[0].enum.members[0].name == "PENDING"
