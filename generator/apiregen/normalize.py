"""Bring Swagger 2.0 and OpenAPI 3.0 descriptions into the OpenAPI 3.1 shape.

`normalize` takes a loaded spec (plain dicts and lists whose `$ref`s are all local,
`#/...`) and builds a new tree in OpenAPI 3.1 shape, so each renderer reads one
shape only. It never changes its input, and the result shares no dict or list with
it: every node is built anew, so a sub-object that the input shares between places
(a YAML anchor) is converted once per place and never twice in one place.

Choices where the specifications leave room:

* Swagger 2.0 path-level parameters stay at the path level as OpenAPI 3.x
  path-level parameters, because a 3.x input keeps them there too and renderers
  then merge them in one place. Path-level `body` and `formData` parameters are
  the exception: 3.x has no path-level request body, so they are merged into each
  operation's `requestBody`. An operation's own parameter with the same `name` and
  `in` wins over a path-level one. An operation's own body parameter replaces the
  path's whatever its name, since an operation has at most one body.
* Servers: one per entry of `schemes`, `{scheme}://{host}{basePath}`. With a `host`
  but no `schemes` the URL is `//{host}{basePath}`, a network-path reference,
  because Swagger 2.0 then means the scheme the document itself was fetched with.
  Without `host` the URL is `basePath`, relative to the document. With neither
  `host` nor `basePath` there is no `servers` key, which OpenAPI 3.x reads as one
  server at `/`. A trailing `/` of `basePath` is dropped unless it is the whole
  path, so that a server URL and a path join without `//`.
* A top-level 2.0 body parameter becomes `components/requestBodies/X`, keyed by the
  document's `consumes`. A `$ref` to it, or to a top-level response, stays a
  `$ref` when the operation's media types equal the document's. Otherwise the
  target is converted inline with the operation's media types. Top-level formData
  parameters have no 3.x component, so they are left out of `components` and
  inlined as form fields wherever an operation refers to them.
* A 2.0 response without `schema` gets no `content`, except one entry per media
  type of its `examples`, so that no example is lost.
* Response status codes become strings: YAML loads an unquoted `200:` as an int.
* The schema rules of Swagger 2.0 include `nullable: true` as well as
  `x-nullable: true`, since 2.0 specs written by hand often use the 3.0 keyword.

A schema made nullable gets `"null"` in its `type` (and `None` in its `enum`).
Without a `type`, a `$ref` becomes `anyOf: [{$ref}, {type: "null"}]` next to its
other keywords, and an `allOf`/`oneOf`/`anyOf` schema is wrapped whole as the
first member of such an `anyOf`. A schema with none of these admits null already.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from apiregen.errors import LoadError
from apiregen.keyword_types import without_wrong_keywords

logger = logging.getLogger(__name__)

Node = dict[str, Any]

TARGET_VERSION = "3.1.0"
SOURCE_VERSION_KEY = "x-apiregen-source-version"
JSON_MEDIA_TYPE = "application/json"
# Swagger 2.0 leaves the response media type open when neither the operation
# nor the document lists `produces`, so the converted responses say "any".
ANY_MEDIA_TYPE = "*/*"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
MULTIPART_MEDIA_TYPE = "multipart/form-data"

_OPENAPI_VERSION = re.compile(r"3\.([01])\.\d+(?:-[0-9A-Za-z.-]+)?")


def spec_version(document: Mapping[str, Any]) -> str:
    """Return "2.0", "3.0" or "3.1" from the `swagger` or `openapi` field.

    Raises `LoadError` when the document declares neither a Swagger 2.0 nor an
    OpenAPI 3.0.x or 3.1.x version.
    """
    if not isinstance(document, Mapping):
        raise LoadError(
            f"the spec's top level is a {type(document).__name__}, not a mapping, "
            "so it is not an OpenAPI description"
        )
    if "openapi" in document:
        return _openapi_version(document["openapi"])
    if "swagger" in document:
        # An unquoted `swagger: 2.0` in YAML loads as the float 2.0.
        if str(document["swagger"]) == "2.0":
            return "2.0"
        raise LoadError(
            f"unsupported Swagger version {document['swagger']!r}: "
            'apiregen reads `swagger: "2.0"`'
        )
    raise LoadError(
        "the spec is not an OpenAPI description: its top level has neither "
        '`swagger: "2.0"` nor `openapi: 3.0.x` or `openapi: 3.1.x`'
    )


def _openapi_version(value: Any) -> str:
    match = _OPENAPI_VERSION.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise LoadError(
            f"unsupported OpenAPI version {value!r}: apiregen reads Swagger 2.0, "
            'OpenAPI 3.0.x and 3.1.x, written as a string such as "3.0.3"'
        )
    return f"3.{match.group(1)}"


def normalize(document: Mapping[str, Any]) -> dict[str, Any]:
    """Convert a loaded Swagger 2.0, OpenAPI 3.0 or 3.1 spec into a new 3.1 tree.

    The result carries the source version ("2.0", "3.0" or "3.1") under
    `x-apiregen-source-version`. Raises `LoadError` for an unknown version.
    """
    version = spec_version(document)
    result: dict[str, Any] = _CONVERTERS[version](document)
    result[SOURCE_VERSION_KEY] = version
    return result


def _clone(value: Any) -> Any:
    """Copy plain JSON data: dicts and lists anew, scalars as they are.

    Iterative, like the schema walk, so deep data cannot exhaust the Python stack.
    """
    stack: list[tuple[Any, Any]] = []
    root = _clone_slot(value, stack)
    while stack:
        source, target = stack.pop()
        if isinstance(source, dict):
            for key, item in source.items():
                target[key] = _clone_slot(item, stack)
        else:
            target.extend([_clone_slot(item, stack) for item in source])
    return root


def _clone_slot(value: Any, stack: list[tuple[Any, Any]]) -> Any:
    """Return an empty container for `value`, queueing its copy, or the scalar."""
    if isinstance(value, dict):
        target: Any = {}
    elif isinstance(value, list):
        target = []
    else:
        return value
    stack.append((value, target))
    return target


def _is_extension(key: Any) -> bool:
    return isinstance(key, str) and key.startswith("x-")


# --- Schemas -------------------------------------------------------------------

_ONE, _LIST, _MAP, _XMAP = "one", "list", "map", "xmap"

# Schema keywords whose value is a schema, a list of schemas, or a map from names to
# schemas. Every other keyword (enum, default, example, const, x-*) is data, copied
# as it is.
_SUBSCHEMAS: dict[str, str] = {
    "items": _ONE,  # a list of schemas in draft 4 tuple form, see _copy_one
    "additionalItems": _ONE,
    "additionalProperties": _ONE,
    "not": _ONE,
    "contains": _ONE,
    "propertyNames": _ONE,
    "if": _ONE,
    "then": _ONE,
    "else": _ONE,
    "unevaluatedItems": _ONE,
    "unevaluatedProperties": _ONE,
    "contentSchema": _ONE,
    "allOf": _LIST,
    "anyOf": _LIST,
    "oneOf": _LIST,
    "prefixItems": _LIST,
    "properties": _MAP,
    "patternProperties": _MAP,
    "dependentSchemas": _MAP,
    "$defs": _MAP,
    "definitions": _MAP,
    # Draft 4 maps a property name to a schema or to a list of property names.
    # _schema_slot copies the lists as data.
    "dependencies": _MAP,
}

_COMPOSITIONS = frozenset({"allOf", "oneOf", "anyOf"})
_BOUNDS = (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum"))

# A pending conversion: the source schema and the empty dict that receives it.
_Task = tuple[Mapping[str, Any], Node]


@dataclass(frozen=True)
class _SchemaRules:
    """The edits that one source version's schemas need."""

    # Flags that, when true, make the schema admit null. They are removed.
    nullable_flags: tuple[str, ...]
    # Each edit replaces values in a shallow copy of one schema, never mutates them,
    # and is idempotent, because a schema wrapped for nullability is edited again.
    edits: tuple[Callable[[Node], None], ...]


def _convert_schema(schema: Any, rules: _SchemaRules) -> Any:
    """Build a new schema tree with `rules` applied to every schema in it.

    Iterative, so a deeply nested schema cannot exhaust the Python stack. Each
    node is visited once.
    """
    if isinstance(schema, bool):
        return _boolean_schema(schema)
    if not isinstance(schema, dict):
        return _clone(schema)
    root: Node = {}
    stack: list[_Task] = [(schema, root)]
    # The ids of the source schemas that are members of an allOf, oneOf or anyOf.
    members: set[int] = set()
    while stack:
        source, target = stack.pop()
        _fill_schema(source, target, rules, stack, members)
    return root


def _fill_schema(
    source: Mapping[str, Any],
    target: Node,
    rules: _SchemaRules,
    stack: list[_Task],
    members: set[int],
) -> None:
    node = dict(source)
    for edit in rules.edits:
        edit(node)
    # Validation reported these with their location; a renderer or library that
    # met them (`pattern: 0`) would fail with none.
    without_wrong_keywords(node)
    if id(source) not in members:
        _declare_required(node)
    for key in _COMPOSITIONS & node.keys():
        if isinstance(node[key], list):
            members.update(id(item) for item in node[key])
    popped = [node.pop(flag, None) for flag in rules.nullable_flags]
    if any(value is True for value in popped):
        node = _admit_null(node)
    for key, value in node.items():
        shape = _SUBSCHEMAS.get(key)
        target[key] = _clone(value) if shape is None else _SHAPES[shape](value, stack)


def _declare_required(node: Node) -> None:
    """Add a property of any type for each `required` name that `properties` lacks.

    JSON Schema requires such a key to be present, with any value, so every
    target then shows it as a required field of unknown type. A schema that
    takes properties from elsewhere (a composition, its own or its parent's,
    or `additionalProperties` and `patternProperties`) is left alone.
    """
    properties, required = node.get("properties"), node.get("required")
    if not isinstance(properties, dict) or not isinstance(required, list):
        return
    if _COMPOSITIONS & node.keys() or node.get("patternProperties"):
        return
    if isinstance(node.get("additionalProperties"), dict):
        return
    missing = [name for name in required
               if isinstance(name, str) and name not in properties]  # fmt: skip
    if missing:
        node["properties"] = {**properties, **{name: {} for name in missing}}


def _admit_null(node: Node) -> Node:
    """Return `node` changed or wrapped so that it also admits null."""
    if "type" in node:
        node["type"] = _type_with_null(node["type"])
        enum = node.get("enum")
        if isinstance(enum, list) and None not in enum:
            node["enum"] = [*enum, None]
        return node
    if _COMPOSITIONS & node.keys():
        return {"anyOf": [node, {"type": "null"}]}
    if "$ref" in node:
        # The $ref's siblings (description, readOnly, ...) stay outside, where
        # renderers look for a property's annotations.
        return {
            "anyOf" if key == "$ref" else key: (
                [{"$ref": value}, {"type": "null"}] if key == "$ref" else value
            )
            for key, value in node.items()
        }
    return node


def _type_with_null(kind: Any) -> Any:
    if isinstance(kind, list):
        return kind if "null" in kind else [*kind, "null"]
    return kind if kind == "null" else [kind, "null"]


def _schema_slot(value: Any, stack: list[_Task]) -> Any:
    """Return the new node for a subschema, queueing its conversion."""
    if not isinstance(value, dict):
        return _clone(value)
    target: Node = {}
    stack.append((value, target))
    return target


def _copy_one(value: Any, stack: list[_Task]) -> Any:
    if isinstance(value, list):
        return _copy_list(value, stack)
    return _schema_slot(value, stack)


def _copy_list(value: Any, stack: list[_Task]) -> Any:
    if not isinstance(value, list):
        return _clone(value)
    return [_member_slot(item, stack) for item in value]


def _copy_map(value: Any, stack: list[_Task]) -> Any:
    if not isinstance(value, dict):
        return _clone(value)
    return {name: _member_slot(item, stack) for name, item in value.items()}


def _member_slot(value: Any, stack: list[_Task]) -> Any:
    """Return the new node for a schema in a list or map, where a boolean is a schema."""
    if isinstance(value, bool):
        return _boolean_schema(value)
    return _schema_slot(value, stack)


def _boolean_schema(value: bool) -> Node:
    """Spell a 3.1 boolean schema as an object: `true` admits anything, `false` nothing.

    Single-schema keywords keep their booleans, because every reader takes
    `additionalProperties: false` as it is. A schema in a component, a
    property, a list or at the top of a media type is written out, so every
    reader gets a mapping there.
    """
    return {} if value else {"not": {}}


_SHAPES: dict[str, Callable[[Any, list[_Task]], Any]] = {
    _ONE: _copy_one,
    _LIST: _copy_list,
    _MAP: _copy_map,
}


def _exclusive_bounds(node: Node) -> None:
    """Turn draft 4 boolean `exclusiveMinimum`/`exclusiveMaximum` into numbers."""
    for flag, bound in _BOUNDS:
        value = node.get(flag)
        if not isinstance(value, bool):
            continue  # absent, or already the 3.1 number
        del node[flag]
        if value and bound in node:
            node[flag] = node.pop(bound)


def _file_to_binary(node: Node) -> None:
    if node.get("type") == "file":
        node["type"] = "string"
        node["format"] = "binary"


def _discriminator_object(node: Node) -> None:
    discriminator = node.get("discriminator")
    if isinstance(discriminator, str):
        node["discriminator"] = {"propertyName": discriminator}


def _rewrite_schema_ref(node: Node) -> None:
    ref = node.get("$ref")
    if isinstance(ref, str):
        node["$ref"] = _swagger2_ref(ref)


def _decode_ref(node: Node) -> None:
    """Write a percent-encoded local `$ref` (`#/components/schemas/%41bc`) decoded.

    Every renderer then meets one spelling per schema. A decoded name that has
    a `%` of its own stays encoded, since a later decoding would change it.
    """
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#") and "%" in ref:
        decoded = unquote(ref)
        if "%" not in decoded:
            node["$ref"] = decoded


# Keywords beside a `$ref` that describe the value without constraining it.
_REF_ANNOTATIONS = frozenset({"description", "title", "summary", "readOnly",
                              "writeOnly", "deprecated", "example", "examples",
                              "default", "externalDocs", "xml", "$comment",
                              "nullable", "x-nullable"})  # fmt: skip


# Keywords that bound a value without changing its type.
_VALUE_BOUNDS = frozenset({"maxLength", "minLength", "pattern", "format", "minimum",
                           "maximum", "exclusiveMinimum", "exclusiveMaximum",
                           "multipleOf", "minItems", "maxItems", "uniqueItems",
                           "minProperties", "maxProperties", "contentMediaType",
                           "contentEncoding"})  # fmt: skip


def _is_ref_annotation(key: Any) -> bool:
    return key in _REF_ANNOTATIONS or _is_extension(key) or str(key).startswith("$")


def _ignore_ref_siblings(node: Node) -> None:
    """Drop the keywords beside a `$ref` that OpenAPI 3.0 and Swagger 2.0 ignore.

    Those versions replace a Reference Object by its target, so `properties`,
    `required` or `maxLength` beside it have no effect. Annotations stay, since
    specs use them to describe the one place (and `nullable` to allow null).
    """
    if isinstance(node.get("$ref"), str):
        for key in [key for key in node if not _is_ref_annotation(key)]:
            del node[key]


def _ref_siblings_to_all_of(node: Node) -> None:
    """Move the constraining keywords beside a 3.1 `$ref` into an `allOf`.

    In 3.1 they apply together with the target. Every renderer reads
    `allOf: [{$ref}, {siblings}]` that way. Annotations stay beside the `allOf`,
    where renderers look for a property's description.
    Bounds (`_VALUE_BOUNDS`) stay beside the `$ref` too: the Python models
    apply them there, and neither TypeScript nor the pages can show them.
    """
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return
    constraints = {key: node[key] for key in node
                   if not _is_ref_annotation(key) and key not in _VALUE_BOUNDS}  # fmt: skip
    if not constraints:
        return
    for key in constraints:
        del node[key]
    del node["$ref"]
    node["allOf"] = [{"$ref": ref}, constraints]


_SWAGGER2_RULES = _SchemaRules(
    nullable_flags=("x-nullable", "nullable"),
    edits=(
        _decode_ref,
        _ignore_ref_siblings,
        _rewrite_schema_ref,
        _file_to_binary,
        _discriminator_object,
        _exclusive_bounds,
    ),
)
_OPENAPI30_RULES = _SchemaRules(
    nullable_flags=("nullable",),
    edits=(_decode_ref, _ignore_ref_siblings, _exclusive_bounds),
)


# --- OpenAPI 3.0 ---------------------------------------------------------------

_OPENAPI3_METHODS = (
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
)
_PARAMETER_FIELDS = {"schema": (_ONE, "schema"), "content": (_MAP, "media_type")}

# For each OpenAPI 3 object: the fields that hold other objects, as (shape, kind).
# Fields not listed hold data and are copied. The `x-` keys of an `_XMAP` field
# are extensions, but every key of a `_MAP` field is a name, because a header may
# well be called X-Rate-Limit.
_OPENAPI3_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "document": {
        "paths": (_XMAP, "path_item"),
        "webhooks": (_MAP, "path_item"),
        "components": (_ONE, "components"),
    },
    "components": {
        "schemas": (_MAP, "schema"),
        "responses": (_MAP, "response"),
        "parameters": (_MAP, "parameter"),
        "requestBodies": (_MAP, "request_body"),
        "headers": (_MAP, "header"),
        "callbacks": (_MAP, "callback"),
        "pathItems": (_MAP, "path_item"),
    },
    "path_item": {
        "parameters": (_LIST, "parameter"),
        **{method: (_ONE, "operation") for method in _OPENAPI3_METHODS},
    },
    "operation": {
        "parameters": (_LIST, "parameter"),
        "requestBody": (_ONE, "request_body"),
        "responses": (_XMAP, "response"),
        "callbacks": (_MAP, "callback"),
    },
    "parameter": _PARAMETER_FIELDS,
    "header": _PARAMETER_FIELDS,
    "request_body": {"content": (_MAP, "media_type")},
    "response": {"headers": (_MAP, "header"), "content": (_MAP, "media_type")},
    "media_type": {"schema": (_ONE, "schema"), "encoding": (_MAP, "encoding")},
    "encoding": {"headers": (_MAP, "header")},
}


def _from_openapi30(document: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = _walk_openapi3("document", document)
    result["openapi"] = TARGET_VERSION
    return result


def _walk_openapi3(
    kind: str, value: Any, rules: _SchemaRules = _OPENAPI30_RULES
) -> Any:
    """Copy one OpenAPI 3.x object of `kind`, converting the schemas inside it."""
    if kind == "schema":
        return _convert_schema(value, rules)
    if kind == "callback":
        # A callback maps runtime expressions to path items.
        return _walk_openapi3_field((_XMAP, "path_item"), value, rules)
    if not isinstance(value, dict):
        return _clone(value)
    fields = _OPENAPI3_FIELDS[kind]
    return {
        key: _clone(item)
        if key not in fields
        else _walk_openapi3_field(fields[key], item, rules)
        for key, item in value.items()
    }


def _walk_openapi3_field(
    field: tuple[str, str], value: Any, rules: _SchemaRules = _OPENAPI30_RULES
) -> Any:
    shape, kind = field
    if shape == _ONE:
        return _walk_openapi3(kind, value, rules)
    if shape == _LIST and isinstance(value, list):
        return [_walk_openapi3(kind, item, rules) for item in value]
    if shape == _MAP and isinstance(value, dict):
        return {key: _walk_openapi3(kind, item, rules) for key, item in value.items()}
    if shape == _XMAP and isinstance(value, dict):
        return {
            str(key): _clone(item)
            if _is_extension(key)
            else _walk_openapi3(kind, item, rules)
            for key, item in value.items()
        }
    return _clone(value)


# 3.1 schemas are already in the target shape; the walk only drops keywords of
# the wrong type and gives refs one spelling and one reading of their siblings.
_OPENAPI31_RULES = _SchemaRules(
    nullable_flags=(), edits=(_decode_ref, _ref_siblings_to_all_of)
)


def _from_openapi31(document: Mapping[str, Any]) -> dict[str, Any]:
    result = _walk_openapi3("document", document, _OPENAPI31_RULES)
    return result if isinstance(result, dict) else _clone(document)


# --- Swagger 2.0 ---------------------------------------------------------------

_SWAGGER2_METHODS = frozenset(
    {"get", "put", "post", "delete", "options", "head", "patch"}
)

_SWAGGER2_REF_PREFIXES = (
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
    ("#/securityDefinitions/", "#/components/securitySchemes/"),
)
_PARAMETERS_PREFIX = "#/parameters/"
_RESPONSES_PREFIX = "#/responses/"
_REQUEST_BODIES_PREFIX = "#/components/requestBodies/"

# The fields of a 2.0 non-body parameter, header or items object that describe the
# value, which move into the 3.x `schema`. `x-nullable` goes along so that the
# schema rules turn it into a nullable type.
_SIMPLE_SCHEMA_FIELDS = frozenset(
    {
        "type",
        "format",
        "items",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
        "x-nullable",
    }
)

# (collectionFormat, in) -> (style, explode). A pair missing here has no 3.x style,
# so it is kept as `x-collection-format`. "formData" rows are for the Encoding
# object of a form body.
_COLLECTION_STYLES: dict[tuple[str, str], tuple[str, bool]] = {
    ("csv", "query"): ("form", False),
    ("csv", "path"): ("simple", False),
    ("csv", "header"): ("simple", False),
    ("csv", "formData"): ("form", False),
    ("multi", "query"): ("form", True),
    ("multi", "formData"): ("form", True),
    ("ssv", "query"): ("spaceDelimited", False),
    ("ssv", "formData"): ("spaceDelimited", False),
    ("pipes", "query"): ("pipeDelimited", False),
    ("pipes", "formData"): ("pipeDelimited", False),
}

_OAUTH2_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}

# Top-level 2.0 fields that only feed `servers` or the media types of operations.
_SWAGGER2_CONSUMED = frozenset(
    {"swagger", "host", "basePath", "schemes", "consumes", "produces"}
)
# The order of the Components Object's fields in the 3.1 specification.
_COMPONENT_ORDER = (
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "securitySchemes",
)


@dataclass(frozen=True)
class _Swagger2:
    """The source document and its document-wide defaults."""

    document: Mapping[str, Any]
    consumes: tuple[str, ...]
    produces: tuple[str, ...]
    host: str | None
    base_path: str | None
    schemes: tuple[str, ...]

    @classmethod
    def of(cls, document: Mapping[str, Any]) -> _Swagger2:
        return cls(
            document=document,
            consumes=_media_types(document.get("consumes"), (JSON_MEDIA_TYPE,)),
            produces=_media_types(document.get("produces"), (ANY_MEDIA_TYPE,)),
            host=document.get("host") or None,
            base_path=document.get("basePath") or None,
            schemes=tuple(document.get("schemes") or ()),
        )


@dataclass(frozen=True)
class _ParameterEntry:
    """A 2.0 parameter as written (inline or a `$ref`) and the object it means."""

    source: Any
    # The inline parameter, or the target of the $ref; None for a dangling $ref.
    resolved: Mapping[str, Any] | None

    @property
    def ref(self) -> str | None:
        ref = self.source.get("$ref") if isinstance(self.source, dict) else None
        return ref if isinstance(ref, str) else None

    @property
    def location(self) -> Any:
        return None if self.resolved is None else self.resolved.get("in")

    @property
    def key(self) -> tuple[Any, ...]:
        """The identity that an operation parameter overrides a path one by."""
        if self.location == "body":
            return ("body",)
        if self.resolved is None:
            return ("$ref", self.ref)
        return (self.resolved.get("name"), self.location)


def _from_swagger2(document: Mapping[str, Any]) -> dict[str, Any]:
    context = _Swagger2.of(document)
    result: dict[str, Any] = {"openapi": TARGET_VERSION}
    if "info" in document:
        result["info"] = _clone(document["info"])
    servers = _servers(context.host, context.base_path, context.schemes)
    if servers:
        result["servers"] = servers
    components: dict[str, Node] = {}
    for key, value in document.items():
        if key in _SWAGGER2_COMPONENTS:
            components.update(_SWAGGER2_COMPONENTS[key](context, value))
        elif key == "paths":
            result["paths"] = _convert_paths(context, value)
        elif key not in _SWAGGER2_CONSUMED and key != "info":
            result[key] = _clone(value)
    ordered = {
        name: components[name] for name in _COMPONENT_ORDER if components.get(name)
    }
    if ordered:
        result["components"] = ordered
    return result


def _servers(
    host: str | None, base_path: str | None, schemes: Iterable[str]
) -> list[Node]:
    path = (base_path or "").rstrip("/")
    if host is None:
        return [{"url": path or "/"}] if base_path else []
    prefixes = [f"{scheme}://" for scheme in schemes] or ["//"]
    return [{"url": f"{prefix}{host}{path}"} for prefix in prefixes]


def _media_types(declared: Any, fallback: tuple[str, ...]) -> tuple[str, ...]:
    # An empty list falls back too, since a body keyed by no media type is lost.
    return tuple(declared) if declared else fallback


def _swagger2_ref(ref: str) -> str:
    """Move a 2.0 `$ref` to its 3.x home, keeping the rest of the pointer as it is.

    Only the leading section changes, so `~0`/`~1` escapes and percent-encoding
    in the name survive.
    """
    for old, new in _SWAGGER2_REF_PREFIXES:
        if ref.startswith(old):
            return new + ref[len(old) :]
    return ref


def _resolve(document: Mapping[str, Any], ref: str) -> Any:
    """Return the node a local `$ref` points at in `document`, or None."""
    if not ref.startswith("#"):
        return None
    node: Any = document
    for token in ref[1:].split("/")[1:]:
        # A JSON pointer in a URI fragment is percent-decoded, then unescaped.
        name = unquote(token).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node.get(name)
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            node = node[int(name)]
        else:
            return None
    return node


def _component_name(ref: str | None, prefix: str) -> str | None:
    """Return the (still escaped) name when `ref` is `prefix` + one name."""
    if ref is None or not ref.startswith(prefix):
        return None
    name = ref[len(prefix) :]
    return name if name and "/" not in name else None


def _annotations(source: Mapping[str, Any]) -> Node:
    """Return copies of the `description` and the `x-` extensions of `source`."""
    return {
        key: _clone(value)
        for key, value in source.items()
        if key == "description" or _is_extension(key)
    }


# --- Swagger 2.0: components ---------------------------------------------------


def _schema_components(context: _Swagger2, definitions: Any) -> dict[str, Node]:
    if not isinstance(definitions, dict):
        return {}
    schemas = {
        name: _convert_schema(schema, _SWAGGER2_RULES)
        for name, schema in definitions.items()
    }
    return {"schemas": schemas}


def _parameter_components(context: _Swagger2, parameters: Any) -> dict[str, Node]:
    if not isinstance(parameters, dict):
        return {}
    converted: Node = {}
    bodies: Node = {}
    for name, parameter in parameters.items():
        location = parameter.get("in") if isinstance(parameter, dict) else None
        if location == "body":
            bodies[name] = _body_request(parameter, context.consumes)
        elif location == "formData":
            logger.debug("form parameter %r is inlined where it is used", name)
        else:
            converted[name] = _convert_parameter(parameter)
    return {"parameters": converted, "requestBodies": bodies}


def _response_components(context: _Swagger2, responses: Any) -> dict[str, Node]:
    if not isinstance(responses, dict):
        return {}
    converted = {
        name: _convert_response(response, context.produces)
        for name, response in responses.items()
    }
    return {"responses": converted}


def _security_components(context: _Swagger2, schemes: Any) -> dict[str, Node]:
    if not isinstance(schemes, dict):
        return {}
    return {
        "securitySchemes": {name: _security_scheme(s) for name, s in schemes.items()}
    }


_SWAGGER2_COMPONENTS: dict[str, Callable[[_Swagger2, Any], dict[str, Node]]] = {
    "definitions": _schema_components,
    "parameters": _parameter_components,
    "responses": _response_components,
    "securityDefinitions": _security_components,
}


def _security_scheme(scheme: Any) -> Any:
    if not isinstance(scheme, dict):
        return _clone(scheme)
    convert = _SECURITY_SCHEMES.get(scheme.get("type"))
    if convert is None:
        logger.warning(
            "unknown security scheme type %r kept as it is", scheme.get("type")
        )
        return _clone(scheme)
    return convert(scheme)


def _basic_scheme(scheme: Mapping[str, Any]) -> Node:
    return {"type": "http", "scheme": "basic", **_annotations(scheme)}


def _oauth2_scheme(scheme: Mapping[str, Any]) -> Node:
    flow_type = scheme.get("flow")
    flow = {
        key: _clone(scheme[key])
        for key in ("authorizationUrl", "tokenUrl")
        if key in scheme
    }
    # `scopes` is required in a 3.x flow, even when empty.
    flow["scopes"] = _clone(scheme.get("scopes") or {})
    # An unknown flow keeps its 2.0 name, which a 3.x validator then reports.
    flows = {_OAUTH2_FLOWS.get(str(flow_type), str(flow_type)): flow}
    return {"type": "oauth2", "flows": flows, **_annotations(scheme)}


_SECURITY_SCHEMES: dict[Any, Callable[[Mapping[str, Any]], Node]] = {
    "basic": _basic_scheme,
    "apiKey": _clone,
    "oauth2": _oauth2_scheme,
}


# --- Swagger 2.0: paths and operations -----------------------------------------


def _convert_paths(context: _Swagger2, paths: Any) -> Any:
    if not isinstance(paths, dict):
        return _clone(paths)
    return {
        key: _clone(item) if _is_extension(key) else _convert_path_item(context, item)
        for key, item in paths.items()
    }


def _convert_path_item(context: _Swagger2, item: Any) -> Any:
    if not isinstance(item, dict):
        return _clone(item)
    entries = [_parameter_entry(context, p) for p in item.get("parameters") or ()]
    inherited = [e for e in entries if e.location in ("body", "formData")]
    kept = [_parameter_3x(e) for e in entries if e.location not in ("body", "formData")]
    result: Node = {}
    for key, value in item.items():
        if key in _SWAGGER2_METHODS and isinstance(value, dict):
            result[key] = _convert_operation(context, value, inherited)
        elif key == "parameters":
            if kept:
                result[key] = kept
        elif key == "$ref" and isinstance(value, str):
            result[key] = _swagger2_ref(value)
        else:
            result[key] = _clone(value)
    return result


def _parameter_entry(context: _Swagger2, parameter: Any) -> _ParameterEntry:
    ref = parameter.get("$ref") if isinstance(parameter, dict) else None
    if isinstance(ref, str):
        target = _resolve(context.document, ref)
        return _ParameterEntry(parameter, target if isinstance(target, dict) else None)
    return _ParameterEntry(
        parameter, parameter if isinstance(parameter, dict) else None
    )


def _convert_operation(
    context: _Swagger2, operation: Mapping[str, Any], inherited: list[_ParameterEntry]
) -> Node:
    consumes = _media_types(operation.get("consumes"), context.consumes)
    produces = _media_types(operation.get("produces"), context.produces)
    parameters, body = _operation_inputs(
        context, inherited, operation.get("parameters") or (), consumes
    )
    result: Node = {}
    for key, value in operation.items():
        if key == "parameters":
            result.update(_operation_inputs_fields(parameters, body))
        elif key == "responses":
            result[key] = _convert_responses(context, value, produces)
        elif key == "schemes":
            result.update(_operation_servers(context, value))
        elif key not in ("consumes", "produces"):
            result[key] = _clone(value)
    if "parameters" not in operation:
        # The body, if any, comes from the path-level parameters alone.
        result.update(_operation_inputs_fields(parameters, body))
    return result


def _operation_inputs_fields(parameters: list[Node], body: Node | None) -> Node:
    fields: Node = {}
    if parameters:
        fields["parameters"] = parameters
    if body is not None:
        fields["requestBody"] = body
    return fields


def _operation_servers(context: _Swagger2, schemes: Any) -> Node:
    """Return `servers` for an operation whose `schemes` differ from the document's."""
    if context.host is None or not schemes or tuple(schemes) == context.schemes:
        return {}
    return {"servers": _servers(context.host, context.base_path, schemes)}


def _operation_inputs(
    context: _Swagger2,
    inherited: list[_ParameterEntry],
    own: Iterable[Any],
    consumes: tuple[str, ...],
) -> tuple[list[Node], Node | None]:
    """Split an operation's parameters into 3.x parameters and a request body."""
    own_entries = [_parameter_entry(context, p) for p in own]
    own_keys = {entry.key for entry in own_entries}
    entries = [e for e in inherited if e.key not in own_keys] + own_entries
    parameters = [
        _parameter_3x(e) for e in entries if e.location not in ("body", "formData")
    ]
    bodies = [e for e in entries if e.location == "body"]
    fields = [e.resolved for e in entries if e.location == "formData"]
    if bodies:
        if fields:
            logger.warning("an operation has both a body and form fields: form dropped")
        return parameters, _body_request_entry(context, bodies[0], consumes)
    if fields:
        return parameters, _form_request(fields, consumes)
    return parameters, None


def _parameter_3x(entry: _ParameterEntry) -> Any:
    ref = entry.ref
    # A $ref into another operation's list would dangle once bodies leave those
    # lists, so only a $ref to a top-level parameter stays a $ref.
    if ref is not None and (
        entry.resolved is None or _component_name(ref, _PARAMETERS_PREFIX)
    ):
        return {"$ref": _swagger2_ref(ref)}
    return _convert_parameter(entry.resolved)


def _convert_parameter(parameter: Any) -> Any:
    """Convert a 2.0 non-body parameter: its value fields move into `schema`."""
    if not isinstance(parameter, dict):
        return _clone(parameter)
    if isinstance(parameter.get("$ref"), str):
        return {"$ref": _swagger2_ref(parameter["$ref"])}
    return _with_schema(parameter, parameter.get("in"))


def _with_schema(value: Mapping[str, Any], location: Any) -> Node:
    """Copy a 2.0 parameter or header with its value fields moved into `schema`."""
    result = {
        key: _clone(item)
        for key, item in value.items()
        if key not in _SIMPLE_SCHEMA_FIELDS and key != "collectionFormat"
    }
    result.update(_collection_style(value, location))
    result["schema"] = _simple_schema(value)
    return result


def _collection_style(value: Mapping[str, Any], location: Any) -> Node:
    """Return the 3.x `style`/`explode` of an array's 2.0 `collectionFormat`."""
    if value.get("type") != "array":
        return {}
    # Swagger 2.0's default is csv, and 3.x query parameters default to
    # form+explode (2.0's multi), so csv must be written out.
    collection_format = value.get("collectionFormat", "csv")
    style = _COLLECTION_STYLES.get((collection_format, location))
    if style is None:
        return {"x-collection-format": collection_format}
    return {"style": style[0], "explode": style[1]}


def _simple_schema(value: Mapping[str, Any], extra: Iterable[str] = ()) -> Any:
    """Build the schema of a 2.0 parameter, header or form field.

    `extra` names further fields to carry into the schema, with the `x-` ones.
    """
    raw = {
        key: item
        for key, item in value.items()
        if key in _SIMPLE_SCHEMA_FIELDS or key in extra
    }
    if "items" in raw:
        raw["items"] = _items_schema(raw["items"])
    return _convert_schema(raw, _SWAGGER2_RULES)


def _items_schema(items: Any) -> Any:
    """Return a 2.0 Items object as a raw schema, for `_convert_schema`.

    A nested array's `collectionFormat` has no place in 3.x, so it is kept as
    `x-collection-format`.
    """
    if not isinstance(items, dict):
        return items
    raw = {key: value for key, value in items.items() if key != "collectionFormat"}
    if "items" in raw:
        raw["items"] = _items_schema(raw["items"])
    if "collectionFormat" in items:
        raw["x-collection-format"] = items["collectionFormat"]
    return raw


def _body_request_entry(
    context: _Swagger2, entry: _ParameterEntry, consumes: tuple[str, ...]
) -> Node:
    name = _component_name(entry.ref, _PARAMETERS_PREFIX)
    if name is not None and consumes == context.consumes:
        return {"$ref": _REQUEST_BODIES_PREFIX + name}
    assert entry.resolved is not None  # entries with a location are resolved
    return _body_request(entry.resolved, consumes)


def _body_request(parameter: Mapping[str, Any], consumes: tuple[str, ...]) -> Node:
    """Convert a 2.0 `in: body` parameter into a 3.x Request Body object."""
    body: Node = {}
    if "description" in parameter:
        body["description"] = _clone(parameter["description"])
    schema = parameter.get("schema", {})
    # One schema copy per media type, so that no two places share a node.
    body["content"] = {
        media_type: {"schema": _convert_schema(schema, _SWAGGER2_RULES)}
        for media_type in consumes
    }
    if "required" in parameter:
        body["required"] = _clone(parameter["required"])
    if "name" in parameter:
        # Reference pages show the body parameter's name.
        body["x-body-name"] = _clone(parameter["name"])
    body.update({k: _clone(v) for k, v in parameter.items() if _is_extension(k)})
    return body


def _form_request(fields: list[Any], consumes: tuple[str, ...]) -> Node:
    """Merge 2.0 `in: formData` parameters into one object-schema request body.

    `allowEmptyValue` of a form field has no place in 3.x and is dropped.
    """
    properties: Node = {}
    required: list[Any] = []
    encoding: Node = {}
    for field in fields:
        name = field.get("name")
        properties[name] = _simple_schema(
            field, extra=("description", *filter(_is_extension, field))
        )
        if field.get("required") is True:
            required.append(name)
        style = _collection_style(field, "formData")
        if style:
            encoding[name] = style
    has_file = any(field.get("type") == "file" for field in fields)
    multipart = has_file or MULTIPART_MEDIA_TYPE in consumes
    schema: Node = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    media: Node = {"schema": schema}
    if encoding:
        media["encoding"] = encoding
    body: Node = {
        "content": {MULTIPART_MEDIA_TYPE if multipart else FORM_MEDIA_TYPE: media}
    }
    if required:
        body["required"] = True
    return body


# --- Swagger 2.0: responses ----------------------------------------------------


def _convert_responses(
    context: _Swagger2, responses: Any, produces: tuple[str, ...]
) -> Any:
    if not isinstance(responses, dict):
        return _clone(responses)
    return {
        str(code): _clone(response)
        if _is_extension(code)
        else _operation_response(context, response, produces)
        for code, response in responses.items()
    }


def _operation_response(
    context: _Swagger2, response: Any, produces: tuple[str, ...]
) -> Any:
    ref = response.get("$ref") if isinstance(response, dict) else None
    if not isinstance(ref, str):
        return _convert_response(response, produces)
    target = _resolve(context.document, ref)
    if not isinstance(target, dict):
        return {"$ref": _swagger2_ref(ref)}
    if _component_name(ref, _RESPONSES_PREFIX) and produces == context.produces:
        return {"$ref": _swagger2_ref(ref)}
    return _convert_response(target, produces)


def _convert_response(response: Any, produces: tuple[str, ...]) -> Any:
    """Convert a 2.0 Response object: `schema` and `examples` become `content`."""
    if not isinstance(response, dict):
        return _clone(response)
    if isinstance(response.get("$ref"), str):
        return {"$ref": _swagger2_ref(response["$ref"])}
    result: Node = {}
    for key, value in response.items():
        if key == "headers" and isinstance(value, dict):
            result[key] = {name: _convert_header(h) for name, h in value.items()}
        elif key not in ("schema", "examples"):
            result[key] = _clone(value)
    content = _response_content(response, produces)
    if content:
        result["content"] = content
    return result


def _response_content(response: Mapping[str, Any], produces: tuple[str, ...]) -> Node:
    """Key the response schema by each produced media type, adding the examples.

    An example whose media type is not produced gets its own entry, since the
    example shows that the response comes in that type too.
    """
    has_schema = "schema" in response

    def media_type() -> Node:
        if not has_schema:
            return {}
        return {"schema": _convert_schema(response["schema"], _SWAGGER2_RULES)}

    content = {name: media_type() for name in produces} if has_schema else {}
    examples = response.get("examples")
    if isinstance(examples, dict):
        for name, example in examples.items():
            if name not in content:
                content[name] = media_type()
            content[name]["example"] = _clone(example)
    return content


def _convert_header(header: Any) -> Any:
    """Convert a 2.0 Header object: its value fields move into `schema`."""
    if not isinstance(header, dict):
        return _clone(header)
    return _with_schema(header, "header")


_CONVERTERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "2.0": _from_swagger2,
    "3.0": _from_openapi30,
    "3.1": _from_openapi31,
}
