"""Render the TypeScript output: one module of types that `tsc --strict` accepts.

Every named schema becomes an `export interface` or an `export type`, in spec
order. Every named enum becomes a union of literals plus a const array of its
values. This module decides each type expression, and the templates under
`templates/typescript/` lay out the declarations and object bodies.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from apiregen.config import check_output_path
from apiregen.model import names
from apiregen.model.build import HTTP_METHODS
from apiregen.model.types import Api, EnumType, NamedSchema, Operation, Response
from apiregen.pointers import fragment_pointer, lookup

TEMPLATE = "typescript/types.ts.jinja"
MACROS = "typescript/macros.ts.jinja"

# An enum or union alias longer than this on one line is laid out one member a line.
MAX_LINE = 100


@dataclass(frozen=True)
class TypeScriptSettings:
    """The `[tool.apiregen.typescript]` table."""

    # The output file, relative to the output folder.
    file: str = "typescript/types.ts"
    # Also emit `<Enum>Members`, an object of the enum's values keyed by member name.
    enum_objects: bool = False
    # Also emit `interface operations`, typing each operation's parameters,
    # request body and responses.
    operations: bool = False
    # The type of `format: binary` strings. The default needs no DOM or Node
    # typings; "Blob | string" suits clients that upload files.
    binary_type: str = "string"

    def check(self) -> None:
        """Raise SettingError for a value of the right type that cannot work."""
        check_output_path("file", self.file)


# Precedence of a type expression, to know when it needs parentheses.
UNION, INTERSECTION, ATOM = 0, 1, 2


@dataclass(frozen=True)
class TsType:
    """A TypeScript type expression and the precedence of its outermost operator."""

    text: str
    precedence: int = ATOM
    # The members of a union, as joined in `text`, so that a long union can be
    # laid out one member a line.
    parts: tuple[str, ...] = ()


UNKNOWN = TsType("unknown")
NEVER = TsType("never")
NULL = TsType("null")


@dataclass(frozen=True)
class Member:
    """A property of an object type, its `type` text laid out for its depth."""

    name: str
    type: str
    optional: bool = False
    readonly: bool = False
    doc: tuple[str, ...] = ()


@dataclass(frozen=True)
class Declaration:
    """One exported interface or type alias."""

    kind: str  # "interface" or "alias"
    name: str
    doc: tuple[str, ...]
    type: str  # the alias's type, or the interface's body
    extends: tuple[str, ...] = ()
    # The members of an alias's union, one a line; empty when the alias fits one line.
    union_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnumDeclaration:
    """A named enum: its literal union, values array and optional members object."""

    name: str
    doc: tuple[str, ...]
    type_literals: tuple[str, ...]  # with "null" last when the enum is nullable
    value_literals: tuple[str, ...]
    values_name: str
    values_type: str
    members_name: str | None  # None unless `enum_objects` is set
    members: tuple[Member, ...]
    # Whether the union and the array are laid out one value a line.
    wrap: bool
    kind: str = "enum"


# --- Filters ---------------------------------------------------------------

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def ts_string(text: str) -> str:
    """Quote text as a TypeScript string literal (a JSON string).

    JSON leaves U+2028 and U+2029 raw. ES2019 allows them inside strings, but
    earlier ECMAScript versions read them as line breaks, so they are escaped.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def ts_key(name: str) -> str:
    """Return a property name as written in a type: an identifier bare, else quoted."""
    if _IDENTIFIER.fullmatch(name):
        return name
    return ts_string(name)


def ts_literal(value: Any) -> str:
    """Write a JSON scalar as a TypeScript literal type or value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return ts_string(value)
    if isinstance(value, (int, float)) and math.isfinite(value):
        return json.dumps(value)
    raise TypeError(f"no TypeScript literal for {value!r}")


def ts_value_type(value: Any) -> str | None:
    """Write a JSON value as the literal type that only it matches, on one line.

    An object becomes an object type of literal members and an array a tuple;
    None when some part has no literal (a NaN).
    """
    if _is_scalar(value):
        return ts_literal(value)
    if isinstance(value, list):
        items = [ts_value_type(item) for item in value]
        return None if None in items else "[" + ", ".join(map(str, items)) + "]"
    if isinstance(value, Mapping):
        members = {str(key): ts_value_type(item) for key, item in value.items()}
        if None in members.values():
            return None
        body = "; ".join(f"{ts_key(key)}: {text}" for key, text in members.items())
        return "{ " + body + " }" if body else "{}"
    return None


def ts_jsdoc(lines: Sequence[str], depth: int = 0) -> str:
    """Lay out comment lines as a JSDoc block at `depth`, without a final newline.

    `*/` inside the text would end the comment early, so it becomes `*\\/`.
    """
    indent = "  " * depth
    escaped = [_visible(line.replace("*/", "*\\/")) for line in lines]
    if len(escaped) == 1:
        return f"{indent}/** {escaped[0]} */"
    body = [f"{indent} * {line}".rstrip() for line in escaped]
    return "\n".join([f"{indent}/**", *body, f"{indent} */"])


FILTERS: dict[str, Callable[..., Any]] = {
    "ts_jsdoc": ts_jsdoc,
    "ts_key": ts_key,
    "ts_literal": ts_literal,
}


# --- Type expressions ------------------------------------------------------


def _grouped(member: TsType, precedences: tuple[int, ...]) -> str:
    if member.precedence in precedences:
        return f"({member.text})"
    return member.text


def union(members: Iterable[TsType]) -> TsType:
    """Join types with `|`, dropping duplicates and `never`, and put `null` last.

    Intersections inside are parenthesized for the reader, not for the parser.
    """
    parts: list[TsType] = []
    has_null = False
    for member in members:
        if member.text == "unknown":
            return UNKNOWN
        if member.text == "null":
            has_null = True
        elif member.text != "never" and member.text not in (
            part.text for part in parts
        ):
            parts.append(member)
    if has_null:
        parts.append(NULL)
    if not parts:
        return NEVER
    if len(parts) == 1:
        return parts[0]
    texts = tuple(_grouped(part, (INTERSECTION,)) for part in parts)
    return TsType(" | ".join(texts), UNION, texts)


def intersection(members: Iterable[TsType]) -> TsType:
    """Join types with `&`, dropping duplicates and `unknown`."""
    parts: list[TsType] = []
    for member in members:
        if member.text != "unknown" and member.text not in (
            part.text for part in parts
        ):
            parts.append(member)
    if not parts:
        return UNKNOWN
    if len(parts) == 1:
        return parts[0]
    return TsType(" & ".join(_grouped(part, (UNION,)) for part in parts), INTERSECTION)


def array_of(item: TsType) -> TsType:
    return TsType(_grouped(item, (UNION, INTERSECTION)) + "[]")


def _is_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))


def _types_of(schema: Mapping[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [kind for kind in declared if isinstance(kind, str)]
    return []


def _is_nullable(schema: Mapping[str, Any]) -> bool:
    # normalize rewrites the 3.0 `nullable: true`, but a caller may skip normalize.
    return "null" in _types_of(schema) or schema.get("nullable") is True


_OBJECT_KEYS = ("properties", "additionalProperties", "patternProperties")
_COMPOSITION_KEYS = ("allOf", "oneOf", "anyOf")


def _is_object_like(schema: Mapping[str, Any]) -> bool:
    return any(key in schema for key in _OBJECT_KEYS) or "object" in _types_of(schema)


def doc_lines(schema: Any, description: str | None = None) -> tuple[str, ...]:
    """Return the JSDoc lines of a schema: its description, then tags."""
    # A boolean schema or a missing one has no description.
    schema = schema if isinstance(schema, Mapping) else {}
    text = description if description is not None else schema.get("description")
    lines = _text_lines(text) if isinstance(text, str) else []
    tags = []
    if schema.get("deprecated") is True:
        tags.append("@deprecated")
    if isinstance(schema.get("format"), str):
        tags.append("@format " + " ".join(schema["format"].split()))
    # An object or array would make an unreadable one-line tag, so only scalars show.
    for key, tag in (("default", "@default"), ("example", "@example")):
        if key in schema and _is_scalar(schema[key]):
            tags.append(f"{tag} {_one_line_json(schema[key])}")
    if lines and tags:
        lines.append("")
    return tuple(lines + tags)


# C0 controls but tab, and DEL: invisible, and a NUL or a form feed in a comment
# trips editors and diff tools. Line breaks have been split off before.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _text_lines(text: str) -> list[str]:
    # splitlines also breaks at U+2028, U+2029 and U+0085, which JavaScript
    # counts as line terminators too.
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _one_line_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    # JSON leaves these raw inside strings, so they are escaped to keep one line.
    for character in ("\x85", "\u2028", "\u2029"):
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text


def _single_line(text: str) -> str:
    return " ".join(text.split())


# --- From schemas to types -------------------------------------------------


class _TypeWriter:
    """Turn schemas into type expressions, laying inline objects out for their depth."""

    def __init__(self, api: Api, settings: TypeScriptSettings, macros: Any) -> None:
        self.api = api
        self.settings = settings
        self.macros = macros
        self.named = {
            fragment_pointer(schema.pointer): schema for schema in api.schemas
        }
        self.by_key = {schema.key: schema for schema in api.schemas}
        # Pointers of unnamed `$ref` targets being inlined, to stop at a cycle.
        self.inlining: set[str] = set()
        self.plans: dict[str, _InterfacePlan | None] = {}
        self.planning: set[str] = set()
        # Keys of the named schemas referenced while typing each enclosing map type.
        self.referenced: list[set[str]] = []

    def interface_plan(self, named: NamedSchema) -> _InterfacePlan | None:
        """Return the interface plan of a schema; `_DeclarationWriter` makes it."""
        raise NotImplementedError

    def named_schema(self, ref: Any) -> NamedSchema | None:
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        return self.named.get(fragment_pointer(ref))

    def type_of(self, schema: Any, depth: int) -> TsType:
        """Return the type of a schema, written on a line indented `depth` times."""
        if schema is True or schema is None:
            return UNKNOWN
        if schema is False:
            return NEVER
        if not isinstance(schema, Mapping):
            return UNKNOWN
        if isinstance(schema.get("$ref"), str):
            return self._ref_type(schema["$ref"], depth)
        if "const" in schema:
            constant = ts_value_type(schema["const"])
            if constant is not None:
                return TsType(constant)
        if self._is_literal_enum(schema):
            return self._enum_type(schema)
        if any(key in schema for key in _COMPOSITION_KEYS):
            return self._composed_type(schema, depth)
        return self._plain_type(schema, depth)

    def _ref_type(self, ref: str, depth: int) -> TsType:
        named = self.named_schema(ref)
        if named is not None:
            for keys in self.referenced:
                keys.add(named.key)
            return TsType(named.type_name)
        pointer = fragment_pointer(ref)
        if not ref.startswith("#") or pointer in self.inlining:
            return UNKNOWN
        try:
            target = lookup(self.api.document, pointer)
        except KeyError:
            return UNKNOWN
        self.inlining.add(pointer)
        try:
            return self.type_of(target, depth)
        finally:
            self.inlining.discard(pointer)

    @staticmethod
    def _is_literal_enum(schema: Mapping[str, Any]) -> bool:
        values = schema.get("enum")
        if not isinstance(values, list) or not all(
            _is_scalar(value) for value in values
        ):
            return False
        # swag writes an enum beside `allOf: [{$ref: ...}]` that repeats the named
        # enum's values, so the ref is used.
        return "allOf" not in schema

    @staticmethod
    def _enum_type(schema: Mapping[str, Any]) -> TsType:
        literals = [TsType(ts_literal(value)) for value in schema["enum"]]
        if _is_nullable(schema):
            literals.append(NULL)
        return union(literals)

    def _composed_type(self, schema: Mapping[str, Any], depth: int) -> TsType:
        parts = []
        own = {
            key: value for key, value in schema.items() if key not in _COMPOSITION_KEYS
        }
        if any(key in own for key in (*_OBJECT_KEYS, "items", "prefixItems")):
            kinds = [
                kind for kind in _types_of(own) if kind != "null"
            ] or _implied_types(own)
            parts.append(self._plain_type({**own, "type": kinds}, depth))
        if isinstance(schema.get("allOf"), list):
            parts.extend(self.type_of(member, depth) for member in schema["allOf"])
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                parts.append(self._alternatives(schema, schema[key], depth))
        combined = intersection(parts)
        if _is_nullable(schema):
            return union([combined, NULL])
        return combined

    def _alternatives(
        self, schema: Mapping[str, Any], members: list[Any], depth: int
    ) -> TsType:
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, Mapping) or not isinstance(
            discriminator.get("propertyName"), str
        ):
            return union(self.type_of(member, depth) for member in members)
        return union(self._tagged(discriminator, member, depth) for member in members)

    def _tagged(
        self, discriminator: Mapping[str, Any], member: Any, depth: int
    ) -> TsType:
        """Return a `oneOf` member and its discriminator value: `A & { type: "a" }`."""
        member_type = self.type_of(member, depth)
        ref = member.get("$ref") if isinstance(member, Mapping) else None
        named = self.named_schema(ref)
        if named is None:
            return member_type
        mapping = discriminator.get("mapping")
        mapping = mapping if isinstance(mapping, Mapping) else {}
        values = [
            value
            for value, target in mapping.items()
            if target == named.key or self.named_schema(target) is named
        ] or [named.key]
        tag_type = union(TsType(ts_literal(value)) for value in values)
        tag = self.macros.tag_object(
            ts_key(discriminator["propertyName"]), tag_type.text
        )
        return intersection([member_type, TsType(tag)])

    def _plain_type(self, schema: Mapping[str, Any], depth: int) -> TsType:
        kinds = _types_of(schema) or _implied_types(schema)
        if not kinds:
            return UNKNOWN
        return union(self._type_of_kind(kind, schema, depth) for kind in kinds)

    def _type_of_kind(self, kind: str, schema: Mapping[str, Any], depth: int) -> TsType:
        if kind == "string" and schema.get("format") == "binary":
            binary = self.settings.binary_type
            return TsType(binary, UNION if "|" in binary else ATOM)
        if kind == "array":
            return self._array_type(schema, depth)
        if kind == "object":
            return self.object_type(schema, depth)
        return TsType(_PRIMITIVE_TYPES.get(kind, "unknown"))

    def _array_type(self, schema: Mapping[str, Any], depth: int) -> TsType:
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            items = [self.type_of(item, depth).text for item in prefix]
            if schema.get("items") not in (None, False):
                items.append(
                    "..." + array_of(self.type_of(schema["items"], depth)).text
                )
            return TsType("[" + ", ".join(items) + "]")
        return array_of(self.type_of(schema.get("items"), depth))

    def object_type(self, schema: Mapping[str, Any], depth: int) -> TsType:
        """Return an inline object type, or `Record<string, T>` without properties."""
        members = self.members(schema, depth + 1)
        if members:
            extra = self._additional_type(schema, depth + 1)
            index = self._index_type(extra, members, ())
            return TsType(self.macros.object_type(members, index, depth))

        self.referenced.append(set())
        try:
            extra = self._additional_type(schema, depth) or UNKNOWN
        finally:
            referenced = self.referenced.pop()
        # TypeScript 7.0 rejects `Record<string, T>` inside an alias that T refers
        # to as circular (TS2456) but accepts an index signature there.
        if not any(self._is_alias(key) for key in sorted(referenced)):
            return TsType(f"Record<string, {extra.text}>")
        if "\n" in extra.text:
            return TsType(self.macros.object_type([], extra.text, depth))
        return TsType(self.macros.index_object(extra.text))

    def _is_alias(self, key: str) -> bool:
        named = self.by_key[key]
        return named.enum is None and self.interface_plan(named) is None

    def members(self, schema: Mapping[str, Any], depth: int) -> list[Member]:
        """Return the declared properties of an object schema as members at `depth`."""
        properties = schema.get("properties")
        if not isinstance(properties, Mapping):
            return []
        required = schema.get("required")
        required = set(required) if isinstance(required, list) else set()
        return [
            Member(
                name=str(name),
                type=self.type_of(property_schema, depth).text,
                optional=name not in required,
                readonly=isinstance(property_schema, Mapping)
                and property_schema.get("readOnly") is True,
                doc=doc_lines(
                    property_schema if isinstance(property_schema, Mapping) else None
                ),
            )
            for name, property_schema in properties.items()
        ]

    def _additional_type(self, schema: Mapping[str, Any], depth: int) -> TsType | None:
        """Return undeclared properties' type, or None if only declared ones exist."""
        sources = []
        additional = schema.get("additionalProperties")
        if additional is not None and additional is not False:
            sources.append(self.type_of(additional, depth))
        patterns = schema.get("patternProperties")
        if isinstance(patterns, Mapping):
            sources.extend(
                self.type_of(pattern, depth) for pattern in patterns.values()
            )
        if sources:
            return union(sources)
        if schema.get("properties"):
            # Declared properties without `additionalProperties` read as a closed
            # type: an index signature of `unknown` would hide typos.
            return None
        return NEVER if additional is False else UNKNOWN

    @staticmethod
    def _index_type(
        extra: TsType | None,
        members: Sequence[Member],
        inherited: Sequence[str],
        optional_inherited: bool = False,
    ) -> str | None:
        """Return the index signature's type, which must admit every member's type.

        A closed object (`additionalProperties: false`) beside members needs no
        index signature: the members are all it has.
        """
        if extra is None or (extra.text == NEVER.text and (members or inherited)):
            return None
        texts = [extra.text, *(member.type for member in members), *inherited]
        if any("\n" in text for text in texts):
            return "unknown"
        combined = union(TsType(text, UNION) for text in texts)
        optional = optional_inherited or any(member.optional for member in members)
        if optional and combined.text != "unknown":
            combined = union([combined, TsType("undefined")])
        return combined.text


_PRIMITIVE_TYPES = {
    "string": "string",
    "integer": "number",
    "number": "number",
    "boolean": "boolean",
    "null": "null",
}


def _implied_types(schema: Mapping[str, Any]) -> list[str]:
    if _is_object_like(schema):
        return ["object"]
    if "items" in schema or "prefixItems" in schema:
        return ["array"]
    return []


# --- Named schemas ---------------------------------------------------------


@dataclass(frozen=True)
class _Property:
    type: str
    required: bool
    readonly: bool


@dataclass(frozen=True)
class _InterfacePlan:
    """Plan of a named object schema as an interface: its parents and own members."""

    extends: tuple[NamedSchema, ...]
    members: tuple[Member, ...]
    index: str | None
    # Every property the interface has, its parents' included, by name.
    properties: Mapping[str, _Property]


class _DeclarationWriter(_TypeWriter):
    """Decide, for each named schema, between an interface and a type alias."""

    def declaration(self, named: NamedSchema) -> Declaration:
        plan = self.interface_plan(named)
        doc = doc_lines(named.schema)
        if plan is None:
            alias = self.type_of(named.schema, 0)
            one_line = f"export type {named.type_name} = {alias.text};"
            wrap = len(one_line) > MAX_LINE and "\n" not in alias.text
            lines = alias.parts if wrap else ()
            return Declaration(
                "alias", named.type_name, doc, alias.text, union_lines=lines
            )
        body = self.macros.object_type(plan.members, plan.index, 0)
        extends = tuple(parent.type_name for parent in plan.extends)
        return Declaration("interface", named.type_name, doc, body, extends)

    def interface_plan(self, named: NamedSchema) -> _InterfacePlan | None:
        """Return the interface plan of a named schema, or None for a type alias."""
        if named.key in self.plans:
            return self.plans[named.key]
        if named.key in self.planning or named.enum is not None:
            return None
        self.planning.add(named.key)
        try:
            plan = self._plan(named.schema)
        finally:
            self.planning.discard(named.key)
        self.plans[named.key] = plan
        return plan

    def _plan(self, schema: Any) -> _InterfacePlan | None:
        if not _is_plain_object(schema):
            return None
        own = {key: value for key, value in schema.items() if key != "allOf"}
        inline = [own] if "properties" in own else []
        parents: list[NamedSchema] = []
        required: list[str] = []
        if "properties" not in own:
            required.extend(_required_names(own))
        for member in schema.get("allOf") or ():
            parent = self._parent(member)
            if parent is not None:
                parents.append(parent)
            elif _is_plain_object(member) and "properties" in member:
                inline.append(member)
            elif _is_required_only(member):
                required.extend(_required_names(member))
            else:
                return None
        if len(inline) > 1:
            return None
        if not inline and not parents and not _is_open_object(schema):
            return None
        body = inline[0] if inline else own
        if required and parents:
            body = _with_inherited_required(body, parents, required)
        return self._checked_plan(tuple(parents), body)

    def _parent(self, member: Any) -> NamedSchema | None:
        if not isinstance(member, Mapping):
            return None
        named = self.named_schema(member.get("$ref"))
        if named is None or self.interface_plan(named) is None:
            return None
        return named

    def _checked_plan(
        self, parents: tuple[NamedSchema, ...], own: Mapping[str, Any]
    ) -> _InterfacePlan | None:
        """Build the plan, or return None when `extends` would not compile.

        The schema then becomes an alias of an intersection. TypeScript rejects
        an interface whose parents declare one property with different types,
        or that redeclares an inherited property differently. A parent with an
        index signature would constrain the new members too.
        """
        inherited: dict[str, _Property] = {}
        for parent in parents:
            plan = self.plans[parent.key]
            if plan is None or plan.index is not None:
                return None
            for name, prop in plan.properties.items():
                if inherited.setdefault(name, prop) != prop:
                    return None
        members = tuple(self.members(own, 1))
        properties = dict(inherited)
        for member in members:
            prop = _Property(member.type, not member.optional, member.readonly)
            known = inherited.get(member.name)
            if known is not None and (
                known.type != prop.type or known.required > prop.required
            ):
                return None
            properties[member.name] = prop
        extra = (
            self._additional_type(own, 1)
            if "properties" in own or not parents
            else None
        )
        inherited_types = [prop.type for prop in inherited.values()]
        optional_inherited = any(not prop.required for prop in inherited.values())
        index = self._index_type(extra, members, inherited_types, optional_inherited)
        return _InterfacePlan(parents, members, index, properties)

    def enum_declaration(
        self, named: NamedSchema, enum: EnumType, constant_names: tuple[str, str]
    ) -> EnumDeclaration:
        values = tuple(ts_literal(member.value) for member in enum.members)
        type_literals = values + (("null",) if enum.nullable else ())
        values_name, members_name = constant_names
        values_type = f"{named.type_name}[]"
        if enum.nullable:
            values_type = f"Exclude<{named.type_name}, null>[]"
        one_line = f"export type {named.type_name} = {' | '.join(type_literals)};"
        members = tuple(
            Member(
                name=member.name,
                type=ts_literal(member.value),
                doc=tuple(_text_lines(member.description or "")),
            )
            for member in enum.members
        )
        return EnumDeclaration(
            name=named.type_name,
            doc=doc_lines(named.schema),
            type_literals=type_literals or ("never",),
            value_literals=values,
            values_name=values_name,
            values_type=values_type,
            members_name=members_name if self.settings.enum_objects else None,
            members=members,
            wrap=len(one_line) > MAX_LINE,
        )


def _is_plain_object(schema: Any) -> bool:
    """Tell whether a schema is a non-nullable object without `$ref`, union or enum."""
    if not isinstance(schema, Mapping) or _is_nullable(schema):
        return False
    excluded = ("$ref", "oneOf", "anyOf", "enum", "const", "items", "prefixItems")
    if any(key in schema for key in excluded):
        return False
    return _types_of(schema) in ([], ["object"])


def _required_names(schema: Mapping[str, Any]) -> list[str]:
    names = schema.get("required")
    return (
        [name for name in names if isinstance(name, str)]
        if isinstance(names, list)
        else []
    )


def _is_required_only(member: Any) -> bool:
    """Tell whether an `allOf` member only marks properties of the others as required."""
    if not isinstance(member, Mapping) or not _required_names(member):
        return False
    return set(member) <= {"required", "description", "title"}


def _with_inherited_required(
    body: Mapping[str, Any], parents: list[NamedSchema], required: list[str]
) -> dict[str, Any]:
    """Redeclare inherited properties that an `allOf` member makes required.

    `extends` alone would keep them optional, so each one is declared again
    with its parent's schema, now in `required`.
    """
    properties = dict(body.get("properties") or {})
    for name in required:
        if name in properties:
            continue
        for parent in parents:
            parent_properties = parent.schema.get("properties") or {}
            if name in parent_properties:
                properties[name] = parent_properties[name]
                break
    names = [*_required_names(body), *required]
    return {**body, "properties": properties, "required": list(dict.fromkeys(names))}


def _is_open_object(schema: Mapping[str, Any]) -> bool:
    """Tell whether a schema is `type: object` that admits any property, untyped."""
    additional = schema.get("additionalProperties", True)
    return (
        "object" in _types_of(schema)
        and "patternProperties" not in schema
        and (additional is True or additional == {})
    )


# --- Operations ------------------------------------------------------------

_PARAMETER_LOCATIONS = ("path", "query", "header", "cookie")


class _ModuleWriter(_DeclarationWriter):
    """Add the `operations` interface to the named declarations."""

    def operations_body(self) -> str:
        members = []
        seen: set[str] = set()
        for operation in _operations_in_spec_order(self.api):
            key = operation.operation_id or ""
            if not key or key in seen:
                key = f"{operation.method.upper()} {operation.path}"
            seen.add(key)
            members.append(
                Member(
                    key,
                    self._operation_type(operation, 1).text,
                    doc=_operation_doc(operation),
                )
            )
        if not members:
            # An interface's body must be an object type, never `Record<…>`.
            return "{}"
        return self._object(members, 0).text

    def _object(self, members: Sequence[Member], depth: int) -> TsType:
        if not members:
            return TsType("Record<string, never>")
        return TsType(self.macros.object_type(members, None, depth))

    def _operation_type(self, operation: Operation, depth: int) -> TsType:
        members = []
        parameters = self._parameters_type(operation, depth + 1)
        if parameters is not None:
            members.append(Member("parameters", parameters.text))
        body = operation.request_body
        if body is not None:
            content = self._content_type(body.content, depth + 1)
            doc = tuple(_text_lines(body.description or ""))
            members.append(
                Member("requestBody", content.text, not body.required, doc=doc)
            )
        responses = [
            self._response_member(response, depth + 2)
            for response in operation.responses
        ]
        members.append(Member("responses", self._object(responses, depth + 1).text))
        return self._object(members, depth)

    def _parameters_type(self, operation: Operation, depth: int) -> TsType | None:
        groups = []
        for location in _PARAMETER_LOCATIONS:
            parameters = [p for p in operation.parameters if p.location == location]
            if not parameters:
                continue
            members = [
                Member(
                    parameter.name,
                    self.type_of(parameter.schema, depth + 2).text,
                    optional=not parameter.required,
                    doc=doc_lines(
                        {**parameter.schema, "deprecated": True}
                        if parameter.deprecated
                        else parameter.schema,
                        parameter.description,
                    ),
                )
                for parameter in parameters
            ]
            optional = not any(parameter.required for parameter in parameters)
            groups.append(
                Member(location, self._object(members, depth + 1).text, optional)
            )
        return self._object(groups, depth) if groups else None

    def _content_type(self, content: Sequence[Any], depth: int) -> TsType:
        members = [
            Member(media.content_type, self.type_of(media.schema, depth + 2).text)
            for media in content
        ]
        return self._object(
            [Member("content", self._object(members, depth + 1).text)], depth
        )

    def _response_member(self, response: Response, depth: int) -> Member:
        members = []
        if response.headers:
            headers = [
                Member(
                    header.name,
                    self.type_of(header.schema, depth + 2).text,
                    optional=True,
                    doc=doc_lines(header.schema, header.description),
                )
                for header in response.headers
            ]
            members.append(Member("headers", self._object(headers, depth + 1).text))
        if response.content:
            content = [
                Member(media.content_type, self.type_of(media.schema, depth + 2).text)
                for media in response.content
            ]
            members.append(Member("content", self._object(content, depth + 1).text))
        doc = tuple(_text_lines(response.description))
        return Member(response.status, self._object(members, depth).text, doc=doc)


def _operations_in_spec_order(api: Api) -> list[Operation]:
    """Return every operation in the order of `paths`, then of methods within a path."""
    paths = {path: index for index, path in enumerate(api.document.get("paths") or {})}
    operations = [operation for tag in api.tags for operation in tag.operations]
    return sorted(
        operations,
        key=lambda op: (paths.get(op.path, len(paths)), HTTP_METHODS.index(op.method)),
    )


def _operation_doc(operation: Operation) -> tuple[str, ...]:
    lines = [f"{operation.method.upper()} {operation.path}"]
    for text in (operation.summary, operation.description):
        if isinstance(text, str) and _text_lines(text):
            lines += ["", *_text_lines(text)]
    if operation.deprecated:
        lines += ["", "@deprecated"]
    return tuple(lines)


# --- The module ------------------------------------------------------------


def render_typescript(
    api: Api, settings: TypeScriptSettings, environment: jinja2.Environment
) -> dict[str, str]:
    """Render the TypeScript module of `api` and return {relative output path: text}."""
    writer = _ModuleWriter(api, settings, environment.get_template(MACROS).module)
    enum_types = [schema.type_name for schema in api.enums]
    constant_names = names.enum_constant_names(
        enum_types, (schema.type_name for schema in api.schemas)
    )
    declarations: list[Declaration | EnumDeclaration] = []
    for schema in api.schemas:
        if schema.enum is not None:
            names_pair = constant_names[schema.type_name]
            declarations.append(
                writer.enum_declaration(schema, schema.enum, names_pair)
            )
        else:
            declarations.append(writer.declaration(schema))
    text = environment.get_template(TEMPLATE).render(
        source=_visible(_single_line(f"{ts_string(api.title)} version {api.version}")),
        declarations=declarations,
        operations=writer.operations_body() if settings.operations else None,
    )
    return {settings.file: text}
