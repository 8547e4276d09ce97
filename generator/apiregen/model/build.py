"""Build the intermediate model from a normalized OpenAPI 3.1-shaped document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
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
from apiregen.pointers import (
    escape_token,
    fragment_pointer,
    lookup,
    resolve_ref,
    split,
)

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
    named = [
        NamedSchema(
            key=key,
            type_name=type_names[key],
            pointer="#/components/schemas/" + escape_token(key),
            schema=schema,
            anchor=names.markdown_anchor(key),
            enum=build_enum(type_names[key], schema),
        )
        for key, schema in schemas.items()
    ]
    return (*named, *_recursive_nested_schemas(document, named, strip_prefixes))


def _recursive_nested_schemas(
    document: Mapping[str, Any],
    named: Sequence[NamedSchema],
    strip_prefixes: Sequence[str],
) -> list[NamedSchema]:
    """Name each `$ref` target outside `components/schemas` that contains itself.

    A renderer copies in the target of a `$ref` such as
    `#/components/schemas/A/definitions/b`, which has no name of its own. When
    that target contains a reference back to itself, the copy never ends, and
    without a name no output can write the recursive type, so it gets one.

    NOTE: the Python renderer matches a `$ref` to a name by its exact text, so a
    percent-encoded `$ref` to such a target is not matched there.
    """
    known = {fragment_pointer(schema.pointer) for schema in named}
    pointers = sorted(_recursive_targets(document, known))
    keys = _nested_keys(pointers, {schema.key for schema in named})
    taken = {schema.type_name for schema in named}
    result = []
    for pointer, (key, type_name) in zip(
        pointers, _nested_type_names(keys, taken, strip_prefixes), strict=True
    ):
        schema = lookup(document, pointer)
        result.append(
            NamedSchema(
                key=key,
                type_name=type_name,
                pointer="#" + pointer,
                schema=schema,
                anchor=names.markdown_anchor(key),
                enum=build_enum(type_name, schema),
            )
        )
    return result


def _local_refs(node: Any) -> Iterator[str]:
    """Yield the pointer of every local `$ref` below `node`."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Mapping):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                yield fragment_pointer(ref)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _recursive_targets(document: Mapping[str, Any], known: set[str]) -> set[str]:
    """Return the unnamed `$ref` targets that reach themselves through unnamed refs."""
    edges: dict[str, set[str]] = {}
    pending = [p for p in set(_local_refs(document)) if p not in known]
    while pending:
        pointer = pending.pop()
        if pointer in edges:
            continue
        try:
            target = lookup(document, pointer)
        except (KeyError, ValueError):
            edges[pointer] = set()
            continue
        inner = {p for p in _local_refs(target) if p not in known}
        edges[pointer] = inner if isinstance(target, Mapping) else set()
        pending.extend(inner - edges.keys())
    return {pointer for pointer in edges if _reaches(edges, pointer, pointer)}


def _reaches(edges: Mapping[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    stack = list(edges.get(start, ()))
    while stack:
        pointer = stack.pop()
        if pointer == goal:
            return True
        if pointer not in seen:
            seen.add(pointer)
            stack.extend(edges.get(pointer, ()))
    return False


# Tokens of a pointer that name a JSON Schema keyword, not a schema.
_KEYWORD_TOKENS = frozenset({
    "properties", "items", "additionalProperties", "definitions", "$defs",
    "allOf", "anyOf", "oneOf", "not", "prefixItems", "patternProperties",
    "components", "schemas",
})  # fmt: skip


def _nested_keys(pointers: Sequence[str], taken: set[str]) -> list[str]:
    """Key each pointer by its outer schema and its last named token.

    `/components/schemas/A/definitions/b` is `A.b`; when that is taken, the
    whole path after `schemas` (`A.definitions.b`), then a counter.
    """
    keys = []
    taken = set(taken)
    for pointer in pointers:
        tokens = split(pointer)
        if tokens[:2] == ["components", "schemas"] and len(tokens) > 2:
            tokens = tokens[2:]
        words = [t for t in tokens[1:] if t not in _KEYWORD_TOKENS and not t.isdigit()]
        candidates = [".".join([tokens[0], *words[-1:]]), ".".join(tokens)]
        key = next((c for c in candidates if c not in taken), "")
        counter = 2
        while not key:
            if f"{candidates[1]}.{counter}" not in taken:
                key = f"{candidates[1]}.{counter}"
            counter += 1
        taken.add(key)
        keys.append(key)
    return keys


def _nested_type_names(
    keys: Sequence[str], taken: set[str], strip_prefixes: Sequence[str]
) -> list[tuple[str, str]]:
    """Give each key an identifier that no schema of `components/schemas` has."""
    taken = set(taken)
    result = []
    for key, base in names.type_names(keys, strip_prefixes).items():
        type_name, counter = base, 2
        while type_name in taken:
            type_name, counter = f"{base}{counter}", counter + 1
        taken.add(type_name)
        result.append((key, type_name))
    return result


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
    # An enum of objects or lists (pandascore.co's spec) has no member names or
    # literal types; the schema is typed by its `type` instead.
    if not isinstance(raw_values, list) or any(
        isinstance(value, (Mapping, list)) for value in raw_values
    ):
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
