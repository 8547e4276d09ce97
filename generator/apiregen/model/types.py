"""The intermediate model: what every renderer reads, whatever the spec version.

Schemas stay as OpenAPI 3.1-shaped JSON Schema mappings (`normalize` has turned
Swagger 2.0 and OpenAPI 3.0 into that shape) with their `$ref`s kept, so a
renderer can tell a named type from an inline one. Every name a renderer prints
(type names, enum member names, page file names, anchors) is decided in
`model.names` and stored here; templates only read these fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

JsonSchema = Mapping[str, Any]


@dataclass(frozen=True)
class EnumMember:
    """One allowed value of an enum, with its identifier and optional description."""

    value: Any
    # An identifier usable as a TypeScript object key and a Python enum member:
    # from `x-enum-varnames` where the spec gives it, otherwise made from the value.
    name: str
    description: str | None = None


@dataclass(frozen=True)
class EnumType:
    """The enum of a named schema (`components/schemas/X` with `enum`)."""

    type_name: str
    members: tuple[EnumMember, ...]
    # "string", "integer", "number", "boolean" or "mixed".
    value_type: str
    nullable: bool = False

    @property
    def values(self) -> tuple[Any, ...]:
        return tuple(member.value for member in self.members)


@dataclass(frozen=True)
class NamedSchema:
    """A schema under `components/schemas`, with the identifier every target uses."""

    key: str  # the key in the spec, e.g. "codersdk.ProvisionerJob"
    type_name: str  # the identifier, e.g. "ProvisionerJob"
    pointer: str  # "#/components/schemas/codersdk.ProvisionerJob"
    schema: JsonSchema
    anchor: str  # the Markdown anchor of its heading on the schemas page
    enum: EnumType | None = None


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path", "query", "header" or "cookie"
    required: bool
    schema: JsonSchema
    description: str | None = None
    deprecated: bool = False
    example: Any = None


@dataclass(frozen=True)
class MediaType:
    content_type: str
    schema: JsonSchema | None
    example: Any = None
    has_example: bool = False


@dataclass(frozen=True)
class RequestBody:
    content: tuple[MediaType, ...]
    required: bool = False
    description: str | None = None


@dataclass(frozen=True)
class Header:
    name: str
    schema: JsonSchema
    description: str | None = None


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX" or "default"
    description: str
    content: tuple[MediaType, ...] = ()
    headers: tuple[Header, ...] = ()


@dataclass(frozen=True)
class Operation:
    method: str  # lower case: "get", "post", ...
    path: str  # the URL template, e.g. "/organizations/{organization}"
    pointer: str  # "#/paths/~1organizations~1{organization}/get"
    operation_id: str | None
    summary: str | None
    description: str | None
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    request_body: RequestBody | None
    responses: tuple[Response, ...]
    # Each requirement maps a security scheme name to its scopes; empty when
    # the operation needs no authentication.
    security: tuple[Mapping[str, tuple[str, ...]], ...] = ()
    deprecated: bool = False
    extensions: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Tag:
    """A page of the reference: the operations listed under their first tag."""

    name: str
    description: str | None
    page: str  # the output file name, e.g. "organizations.md"
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    type: str  # "apiKey", "http", "oauth2", "openIdConnect" or "mutualTLS"
    description: str | None = None
    location: str | None = None  # for apiKey: "header", "query" or "cookie"
    parameter_name: str | None = None  # for apiKey: the header or query name
    scheme: str | None = None  # for http: "bearer", "basic", ...


@dataclass(frozen=True)
class Api:
    """The whole description, ready to render."""

    title: str
    version: str
    description: str | None
    # "2.0", "3.0" or "3.1": the version of the spec as written.
    source_version: str
    servers: tuple[str, ...]
    tags: tuple[Tag, ...]
    schemas: tuple[NamedSchema, ...]
    security_schemes: tuple[SecurityScheme, ...]
    # The normalized OpenAPI 3.1-shaped document that every `$ref` points into.
    document: Mapping[str, Any]

    def schema_for_ref(self, ref: str) -> NamedSchema | None:
        """Return the named schema that a `#/components/schemas/...` ref names.

        A ref is a URI fragment, so its name may be percent-encoded ("Foo%20Bar").
        """
        index = self._schemas_by_pointer()
        found = index.get(ref)
        if found is None and "%" in ref:
            found = index.get(unquote(ref))
        return found

    def _schemas_by_pointer(self) -> dict[str, NamedSchema]:
        index = self.__dict__.get("_by_pointer")
        if index is None:
            index = {schema.pointer: schema for schema in self.schemas}
            object.__setattr__(self, "_by_pointer", index)
        return index

    @property
    def enums(self) -> tuple[NamedSchema, ...]:
        return tuple(schema for schema in self.schemas if schema.enum is not None)
