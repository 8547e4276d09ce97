"""Build the intermediate model from a normalized OpenAPI 3.1-shaped document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from apiregen.model import names
from apiregen.model.types import (
    Api,
    EnumMember,
    EnumType,
    Header,
    MediaType,
    NamedSchema,
    Operation,
    Parameter,
    RequestBody,
    Response,
    SecurityScheme,
    Tag,
)
from apiregen.pointers import escape_token, resolve_ref

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# The tag of operations that list none; widdershins-style pages call it "Default".
DEFAULT_TAG = "Default"


def build_api(document: Mapping[str, Any], strip_prefixes: Sequence[str] = ()) -> Api:
    """Build the `Api` that every renderer reads from a normalized document."""
    info = document.get("info") or {}
    return Api(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        description=info.get("description"),
        source_version=str(document.get("x-apiregen-source-version", "3.1")),
        servers=tuple(
            str(server.get("url", "")) for server in document.get("servers") or ()
        ),
        tags=_build_tags(document),
        schemas=_build_schemas(document, strip_prefixes),
        security_schemes=_build_security_schemes(document),
        document=document,
    )


def _build_schemas(
    document: Mapping[str, Any], strip_prefixes: Sequence[str]
) -> tuple[NamedSchema, ...]:
    schemas = (document.get("components") or {}).get("schemas") or {}
    type_names = names.type_names(schemas, strip_prefixes)
    return tuple(
        NamedSchema(
            key=key,
            type_name=type_names[key],
            pointer="#/components/schemas/" + escape_token(key),
            schema=schema,
            anchor=names.markdown_anchor(key),
            enum=build_enum(type_names[key], schema),
        )
        for key, schema in schemas.items()
    )


def _value_type(values: Sequence[Any]) -> str:
    kinds = set()
    for value in values:
        if isinstance(value, bool):
            kinds.add("boolean")
        elif isinstance(value, int):
            kinds.add("integer")
        elif isinstance(value, float):
            kinds.add("number")
        elif isinstance(value, str):
            kinds.add("string")
        else:
            kinds.add("mixed")
    if kinds == {"integer", "number"}:
        return "number"
    if len(kinds) == 1:
        return kinds.pop()
    return "mixed"


def _enum_key(value: Any) -> tuple[str, str]:
    # Tell 1, 1.0 and True apart, which Python's equality would merge.
    return (type(value).__name__, repr(value))


def build_enum(type_name: str, schema: Mapping[str, Any] | bool) -> EnumType | None:
    """Return the enum of a schema with an `enum` list, without null and duplicates.

    `x-enum-varnames` and `x-enum-descriptions` are matched to values by their
    position in the spec's list, before duplicates are dropped.
    """
    # A boolean schema (`true` or `false`) is valid in 3.1 and has no enum.
    if not isinstance(schema, Mapping):
        return None
    raw_values = schema.get("enum")
    if not isinstance(raw_values, list):
        return None
    varnames = schema.get("x-enum-varnames")
    descriptions = schema.get("x-enum-descriptions")
    varnames = varnames if isinstance(varnames, list) else []
    descriptions = descriptions if isinstance(descriptions, list) else []

    kept: list[tuple[Any, Any, Any]] = []
    seen: set[tuple[str, str]] = set()
    nullable = False
    for index, value in enumerate(raw_values):
        if value is None:
            nullable = True
            continue
        if _enum_key(value) in seen:
            continue
        seen.add(_enum_key(value))
        varname = varnames[index] if index < len(varnames) else None
        description = descriptions[index] if index < len(descriptions) else None
        kept.append((value, varname, description))

    schema_type = schema.get("type")
    if isinstance(schema_type, list) and "null" in schema_type:
        nullable = True
    values = [value for value, _, _ in kept]
    member_names = names.enum_member_names(values, [name for _, name, _ in kept])
    members = tuple(
        EnumMember(
            value=value,
            name=name,
            description=description
            if isinstance(description, str) and description
            else None,
        )
        for (value, _, description), name in zip(kept, member_names, strict=True)
    )
    return EnumType(
        type_name=type_name,
        members=members,
        value_type=_value_type(values),
        nullable=nullable,
    )


def _build_security_schemes(document: Mapping[str, Any]) -> tuple[SecurityScheme, ...]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    result = []
    for name, scheme in schemes.items():
        scheme = resolve_ref(document, scheme)
        result.append(
            SecurityScheme(
                name=name,
                type=str(scheme.get("type", "")),
                description=scheme.get("description"),
                location=scheme.get("in"),
                parameter_name=scheme.get("name"),
                scheme=scheme.get("scheme"),
            )
        )
    return tuple(result)


def _build_tags(document: Mapping[str, Any]) -> tuple[Tag, ...]:
    """Group operations by their first tag: declared tags first, then in first-seen order."""
    descriptions: dict[str, str | None] = {}
    for tag in document.get("tags") or ():
        if isinstance(tag, Mapping) and "name" in tag:
            descriptions.setdefault(str(tag["name"]), tag.get("description"))
    grouped: dict[str, list[Operation]] = {name: [] for name in descriptions}

    for operation in _build_operations(document):
        tag = operation.tags[0] if operation.tags else DEFAULT_TAG
        grouped.setdefault(tag, []).append(operation)

    pages = _unique_pages(grouped)
    return tuple(
        Tag(
            name=name,
            description=descriptions.get(name),
            page=pages[name],
            operations=tuple(operations),
        )
        for name, operations in grouped.items()
        if operations
    )


def _unique_pages(grouped: Mapping[str, Any]) -> dict[str, str]:
    pages: dict[str, str] = {}
    taken = {"schemas.md", "index.md"}
    for name in grouped:
        page = names.page_file_name(name)
        stem, counter = page.removesuffix(".md"), 2
        while page in taken:
            page = f"{stem}-{counter}.md"
            counter += 1
        taken.add(page)
        pages[name] = page
    return pages


def _build_operations(document: Mapping[str, Any]) -> list[Operation]:
    operations = []
    global_security = document.get("security")
    for path, path_item in (document.get("paths") or {}).items():
        path_item = resolve_ref(document, path_item)
        if not isinstance(path_item, Mapping):
            continue
        shared_parameters = path_item.get("parameters") or ()
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if not isinstance(operation, Mapping):
                continue
            pointer = f"#/paths/{escape_token(path)}/{method}"
            operations.append(
                _build_operation(
                    document,
                    path,
                    method,
                    pointer,
                    operation,
                    shared_parameters,
                    global_security,
                )
            )
    return operations


def _build_operation(
    document: Mapping[str, Any],
    path: str,
    method: str,
    pointer: str,
    operation: Mapping[str, Any],
    shared_parameters: Sequence[Any],
    global_security: Any,
) -> Operation:
    security = operation.get("security", global_security) or ()
    body = operation.get("requestBody")
    return Operation(
        method=method,
        path=path,
        pointer=pointer,
        operation_id=operation.get("operationId"),
        summary=operation.get("summary"),
        description=operation.get("description"),
        tags=tuple(str(tag) for tag in operation.get("tags") or ()),
        parameters=_build_parameters(document, shared_parameters, operation),
        request_body=_build_request_body(document, body) if body else None,
        responses=_build_responses(document, operation.get("responses") or {}),
        security=tuple(
            {name: tuple(scopes or ()) for name, scopes in requirement.items()}
            for requirement in security
            if isinstance(requirement, Mapping)
        ),
        deprecated=bool(operation.get("deprecated", False)),
        extensions={k: v for k, v in operation.items() if k.startswith("x-")},
    )


def _parameter_schema(parameter: Mapping[str, Any]) -> Mapping[str, Any]:
    if "schema" in parameter:
        return parameter["schema"] or {}
    for media in (parameter.get("content") or {}).values():
        return (media or {}).get("schema") or {}
    return {}


def _build_parameters(
    document: Mapping[str, Any],
    shared: Sequence[Any],
    operation: Mapping[str, Any],
) -> tuple[Parameter, ...]:
    """Merge path-level and operation parameters; the operation wins by name and location."""
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for raw in (*shared, *(operation.get("parameters") or ())):
        parameter = resolve_ref(document, raw)
        if isinstance(parameter, Mapping) and "name" in parameter:
            merged[(str(parameter["name"]), str(parameter.get("in", "")))] = parameter
    return tuple(
        Parameter(
            name=name,
            location=location,
            required=bool(parameter.get("required", location == "path")),
            schema=_parameter_schema(parameter),
            description=parameter.get("description"),
            deprecated=bool(parameter.get("deprecated", False)),
            example=parameter.get("example"),
        )
        for (name, location), parameter in merged.items()
    )


def _build_content(
    document: Mapping[str, Any], content: Mapping[str, Any] | None
) -> tuple[MediaType, ...]:
    media_types = []
    for content_type, media in (content or {}).items():
        media = media or {}
        example, has_example = None, False
        if "example" in media:
            example, has_example = media["example"], True
        elif media.get("examples"):
            first = resolve_ref(document, next(iter(media["examples"].values())))
            if isinstance(first, Mapping) and "value" in first:
                example, has_example = first["value"], True
        media_types.append(
            MediaType(
                content_type=content_type,
                schema=media.get("schema"),
                example=example,
                has_example=has_example,
            )
        )
    return tuple(media_types)


def _build_request_body(document: Mapping[str, Any], body: Any) -> RequestBody:
    body = resolve_ref(document, body)
    return RequestBody(
        content=_build_content(document, body.get("content")),
        required=bool(body.get("required", False)),
        description=body.get("description"),
    )


def _build_responses(
    document: Mapping[str, Any], responses: Mapping[str, Any]
) -> tuple[Response, ...]:
    result = []
    for status, response in responses.items():
        if str(status).startswith("x-"):
            continue
        response = resolve_ref(document, response)
        headers = tuple(
            Header(
                name=name,
                schema=_parameter_schema(resolve_ref(document, header)),
                description=resolve_ref(document, header).get("description"),
            )
            for name, header in (response.get("headers") or {}).items()
        )
        result.append(
            Response(
                status=str(status),
                description=str(response.get("description") or ""),
                content=_build_content(document, response.get("content")),
                headers=headers,
            )
        )
    return tuple(result)
