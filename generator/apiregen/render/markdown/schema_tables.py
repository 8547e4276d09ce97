"""Schema tables: type text, flattened property rows with `»` depth marks, enum tables.

Two table styles share one walk over a schema:

- `PROPERTIES` (the schemas page, request body rows): named types are links,
  arrays read "array of X", only inline objects are expanded, and only enums
  written inline are listed under "Enumerated Values".
- `FLATTENED` (response schemas): named objects are expanded in place, each
  one the first time it appears in the table, types show their format, and
  every enum reached is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from apiregen.model.samples import (
    first_type,
    merge_all_of,
    non_null_alternatives,
    resolve,
)
from apiregen.model.types import Api, NamedSchema
from apiregen.render.markdown import cells

# A named schema turned into the link text of a type cell.
Linker = Callable[[NamedSchema], str]


@dataclass(frozen=True)
class TableStyle:
    expand_named: bool  # expand named object types in place (once per table)
    formats: bool  # write "string(uuid)" rather than "string"
    array_item_types: bool  # write "array of X" rather than "array"
    named_enums: bool  # list the values of enums reached through a ref
    # Whether the "»" marks of an `[any property]` row sit inside its code span.
    depth_inside_code: bool
    # Write arrays as "array[string]" (parameter tables) rather than "array of string".
    array_brackets: bool = False


PROPERTIES = TableStyle(False, False, True, False, False)
FLATTENED = TableStyle(True, True, False, True, True)


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    required: str
    restrictions: str
    description: str

    @property
    def cells(self) -> list[str]:
        return [
            self.name,
            self.type,
            self.required,
            self.restrictions,
            self.description,
        ]


@dataclass(frozen=True)
class EnumRow:
    """One "Enumerated Values" row: a property (or parameter) and its values."""

    name: str
    values: tuple[Any, ...]
    member_names: tuple[str, ...] = ()
    member_descriptions: tuple[str, ...] = ()

    @property
    def values_text(self) -> str:
        return ", ".join(cells.code(value) for value in self.values)

    @property
    def cells(self) -> list[str]:
        return [self.name, self.values_text]

    @property
    def member_rows(self) -> list[list[str]]:
        """One row per value: the property (when there is one), value, name, description."""
        lead = [self.name] if self.name else []
        return [
            [
                *lead,
                cells.code(value),
                cells.code(name) if name else "",
                cells.cell(text),
            ]
            for value, name, text in zip(
                self.values, self.member_names, self.member_descriptions, strict=True
            )
        ]


@dataclass
class _Walk:
    rows: list[Row] = field(default_factory=list)
    enums: list[EnumRow] = field(default_factory=list)
    expanded: set[str] = field(default_factory=set)
    # The named types being expanded around the current row, outermost first.
    ancestors: list[str] = field(default_factory=list)
    # Name enum rows as their property rows are named (`» grant_type`).
    marked_names: bool = False


def enum_values(values: Any, sort: bool = False) -> tuple[Any, ...]:
    """De-duplicate enum values (by written form), in spec order or sorted.

    Sorting compares the written forms code unit by code unit, as JavaScript's
    default `sort()` does.
    """
    unique: dict[str, Any] = {}
    for value in values or ():
        if value is not None:
            unique.setdefault(cells.literal(value), value)
    keys = sorted(unique, key=_utf16_key) if sort else list(unique)
    return tuple(unique[key] for key in keys)


# The type a `const` value has, for a schema that gives only `const`.
_CONST_KINDS: dict[type, str] = {
    str: "string", int: "integer", float: "number", bool: "boolean",
    dict: "object", list: "array", type(None): "null",
}  # fmt: skip


def _type_list(schema: Mapping[str, Any]) -> list[str]:
    """Return the non-null types of a `type` list; empty for a single type."""
    kinds = schema.get("type")
    if not isinstance(kinds, list):
        return []
    return [kind for kind in kinds if isinstance(kind, str) and kind != "null"]


def _utf16_key(text: str) -> bytes:
    return text.encode("utf-16-be")


class SchemaTables:
    """Writes the type cells and rows of one page; `link` decides how types link."""

    def __init__(self, api: Api, link: Linker, settings: Any) -> None:
        self.api = api
        self.link = link
        self.settings = settings
        # (schema key, direction, media type) -> (language, text) of an example
        # block; see `operations.example_block`.
        self.examples: dict[tuple[Any, str, str], tuple[str, str]] = {}

    # -- type text ---------------------------------------------------------

    def type_text(self, schema: Any, style: TableStyle) -> str:
        if not isinstance(schema, Mapping):
            return "any"
        named = self._named(schema)
        if named is not None:
            return self._named_type_text(named, style)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self._alternatives_text(schema[key], style)
        if "allOf" in schema:
            branches = schema["allOf"]
            if len(branches) == 1 and not schema.get("properties"):
                return self.type_text(branches[0], style)
            return "object"
        return self._plain_type_text(schema, style)

    def _named(self, schema: Mapping[str, Any]) -> NamedSchema | None:
        ref = schema.get("$ref")
        return self.api.schema_for_ref(ref) if isinstance(ref, str) else None

    def _named_type_text(self, named: NamedSchema, style: TableStyle) -> str:
        if not style.expand_named or named.enum is not None:
            return self.link(named)
        kind = self._kind(named.schema)
        if kind == "object":
            return self.link(named)
        if kind == "array":
            return kind
        return self._plain_type_text(named.schema, style)

    def _alternatives_text(self, alternatives: Any, style: TableStyle) -> str:
        kept = non_null_alternatives(alternatives or (), self.api.document)
        if not kept:
            return "null"
        return " or ".join(self.type_text(alt, style) for alt in kept)

    def _plain_type_text(self, schema: Mapping[str, Any], style: TableStyle) -> str:
        kinds = _type_list(schema)
        if len(kinds) > 1:
            # `type: [integer, string]`: every type, each with its own details.
            return " or ".join(
                self._plain_type_text({**schema, "type": kind}, style) for kind in kinds
            )
        kind = self._kind(schema)
        form = schema.get("format")
        if kind == "array" and _positions(resolve(schema, self.api.document)):
            return self._tuple_text(resolve(schema, self.api.document), style)
        if kind == "array":
            if not style.array_item_types:
                return "array"
            if style.array_brackets:
                if isinstance(form, str):
                    return f"array({form})"
                return f"array[{self.type_text(schema.get('items') or {}, style)}]"
            items = schema.get("items") or {}
            if self._kind(items) == "array" and "$ref" not in items:
                return "array of array"  # the published pages stop at two levels
            return "array of " + self.type_text(items, style)
        if style.formats and isinstance(form, str) and kind != "object":
            return f"{kind}({form})"
        if kind == "string" and form == "binary":
            # A file upload (Swagger 2.0 `type: file`) reads "binary".
            return "binary"
        return kind

    def _tuple_text(self, schema: Mapping[str, Any], style: TableStyle) -> str:
        """Write a `prefixItems` tuple as `[string, integer]`, each position's type.

        Items allowed after the positions read `...X` at the end.
        """
        parts = [self.type_text(item, style) for item in _positions(schema)]
        rest = schema.get("items")
        if isinstance(rest, Mapping):
            parts.append("..." + self.type_text(rest, style))
        return "[" + ", ".join(parts) + "]"

    def _kind(self, schema: Mapping[str, Any]) -> str:
        schema = resolve(schema, self.api.document)
        kind = first_type(schema)
        if kind is None:
            if "const" in schema:
                return _CONST_KINDS.get(type(schema["const"]), "any")
            if "properties" in schema or "additionalProperties" in schema:
                return "object"
            if "allOf" in schema:
                return self._kind(merge_all_of(schema, self.api.document))
            if "items" in schema or "prefixItems" in schema:
                return "array"
            return "any"
        return kind

    # -- restrictions ------------------------------------------------------

    def restrictions(self, schema: Any) -> str:
        if not isinstance(schema, Mapping):
            return ""
        target = resolve(schema, self.api.document)
        words = []
        if _is_nullable(schema, self.api.document):
            words.append("nullable")
        for key, word in (("readOnly", "read-only"), ("writeOnly", "write-only"),
                          ("deprecated", "deprecated")):  # fmt: skip
            if schema.get(key) or (target is not schema and target.get(key)):
                words.append(word)
        if "const" in target:
            words.append("always " + cells.code(target["const"]))
        return ", ".join(words)

    # -- rows --------------------------------------------------------------

    def rows(
        self,
        schema: Any,
        style: TableStyle,
        start_depth: int = 0,
        marked_enum_names: bool = False,
    ) -> tuple[list[Row], list[EnumRow]]:
        """Flatten a schema into rows: its properties, nested ones marked with `»`."""
        walk = _Walk(marked_names=marked_enum_names)
        self._mark_expanded(schema, walk)
        target = self._object_view(schema)
        if _positions(target):
            self._tuple_rows(target, start_depth, style, walk)
        elif self._kind(target) == "array":
            walk.rows.append(Row(cells.code("[array item]"), "array", "false", "", ""))
            self._expand(target, start_depth + 1, style, walk)
        else:
            self._children(schema, start_depth, style, walk)
        sort = self.settings.sort_enum_values
        return walk.rows, _unique_enums(walk.enums, sort)

    def _object_view(self, schema: Any) -> Mapping[str, Any]:
        target = resolve(schema, self.api.document)
        if "allOf" in target:
            target = merge_all_of(target, self.api.document)
        return target

    def plain_array(self, schema: Any) -> bool:
        """Check whether `schema` is an array whose items are not objects."""
        target = self._object_view(schema)
        if self._kind(target) != "array":
            return False
        items = target.get("items") or {}
        if isinstance(items, Mapping) and "$ref" in items:
            return False  # a named item type still gets its `[array item]` row
        return self._kind(items) not in ("object", "array")

    def _mark_expanded(self, schema: Any, walk: _Walk) -> None:
        if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
            walk.expanded.add(schema["$ref"])
            walk.ancestors.append(schema["$ref"])

    def _children(
        self, schema: Any, depth: int, style: TableStyle, walk: _Walk
    ) -> None:
        target = self._object_view(schema)
        required = set(target.get("required") or ())
        for name, child in (target.get("properties") or {}).items():
            self._property(str(name), child, name in required, depth, style, walk)
        extra = target.get("additionalProperties")
        if isinstance(extra, Mapping):
            self._any_property(extra, depth, style, walk)

    def _property(
        self, name: str, child: Any, required: bool, depth: int, style: TableStyle,
        walk: _Walk,
    ) -> None:  # fmt: skip
        child = child if isinstance(child, Mapping) else {}
        label = cells.code(f"{'»' * depth} {name}" if depth else name)
        walk.rows.append(
            Row(
                name=label,
                type=self._row_type(child, style, walk),
                required="true" if required else "false",
                restrictions=self.restrictions(child),
                description=self._description(name, child),
            )
        )
        enum_label = label if walk.marked_names else cells.code(name)
        self._collect_enum(enum_label, child, style, walk)
        self._expand(child, depth + 1, style, walk)

    def _row_type(
        self, child: Mapping[str, Any], style: TableStyle, walk: _Walk
    ) -> str:
        """Type text; an array of a type that encloses the row links that type."""
        items = child.get("items")
        if (
            style.expand_named
            and isinstance(items, Mapping)
            and items.get("$ref") in walk.ancestors
        ):
            named = self._named(items)
            if named is not None:
                return self.link(named)
        return self.type_text(child, style)

    def _tuple_rows(self, schema: Mapping[str, Any], depth: int, style: TableStyle,
                    walk: _Walk) -> None:  # fmt: skip
        """Add one row per `prefixItems` position (`[item 0]`), each expanded.

        A position is required when `minItems` reaches it.
        """
        least = schema.get("minItems")
        least = least if isinstance(least, int) else 0
        for index, item in enumerate(_positions(schema)):
            required = index < least
            self._property(f"[item {index}]", item, required, depth, style, walk)

    def _any_property(self, extra: Mapping[str, Any], depth: int, style: TableStyle,
                      walk: _Walk) -> None:  # fmt: skip
        marks = "»" * depth
        if style.depth_inside_code:
            label = cells.code(f"{marks} [any property]" if depth else "[any property]")
        else:
            label = (marks + " " if depth else "") + cells.code("[any property]")
        # A value type's own description stands for it, even when it is named.
        text = extra.get("description") or resolve(extra, self.api.document).get(
            "description"
        )
        if isinstance(text, str) and self.settings.description_field_names:
            text = field_name_description("", text)
        description = cells.cell(text, self.settings.join_wrapped_lines)
        walk.rows.append(Row(label, self.type_text(extra, style), "false",
                             self.restrictions(extra), description))  # fmt: skip
        # The enum row is named as the property rows of this table are.
        enum_label = label if walk.marked_names else cells.code("[any property]")
        self._collect_enum(enum_label, extra, style, walk)
        self._expand(extra, depth + 1, style, walk)

    def _expand(self, child: Mapping[str, Any], depth: int, style: TableStyle,
                walk: _Walk) -> None:  # fmt: skip
        """Add the rows of an object property, or of an array's object items."""
        inner = child
        if self._kind(child) == "array" and not self._named_inline_array(child, style):
            target = resolve(child, self.api.document)
            if _positions(target):
                return self._tuple_rows(target, depth, style, walk)
            inner = target.get("items") or {}
        if not isinstance(inner, Mapping):
            return
        ref = inner.get("$ref")
        if isinstance(ref, str):
            if not style.expand_named or ref in walk.expanded:
                return
            walk.expanded.add(ref)
        elif len(inner.get("allOf") or ()) == 1 and not inner.get("properties"):
            # A property narrowing a named type: `allOf: [{$ref}]` with siblings.
            return self._expand(inner["allOf"][0], depth, style, walk)
        elif _all_of_refs(inner):
            # The merged members are expanded here, so each named one counts as
            # expanded: a type that contains itself through `allOf` stops.
            member_refs = _all_of_refs(inner)
            if any(member in walk.expanded for member in member_refs):
                return
            walk.expanded.update(member_refs)
        if self._kind(inner) == "object":
            walk.ancestors.append(ref if isinstance(ref, str) else "")
            self._children(inner, depth, style, walk)
            walk.ancestors.pop()

    def _named_inline_array(self, child: Mapping[str, Any], style: TableStyle) -> bool:
        # A ref to a named array type is a link in the PROPERTIES style: stop there.
        return isinstance(child.get("$ref"), str) and not style.expand_named

    def _description(self, name: str, child: Mapping[str, Any]) -> str:
        text = child.get("description")
        if text is None and self._named(child) is None:
            text = resolve(child, self.api.document).get("description")
        if isinstance(text, str) and self.settings.description_field_names:
            text = field_name_description(name, text)
        return cells.cell(text, self.settings.join_wrapped_lines)

    def _collect_enum(self, label: str, child: Mapping[str, Any], style: TableStyle,
                      walk: _Walk) -> None:  # fmt: skip
        source = self._enum_source(child, style)
        if source is None:
            return
        walk.enums.append(self.enum_row(label, source))

    def _enum_source(
        self, child: Mapping[str, Any], style: TableStyle
    ) -> Mapping[str, Any] | None:
        """Return the schema whose `enum` a property's row lists, if any."""
        if isinstance(child.get("enum"), list):
            return child
        items = child.get("items")
        array_items = self.settings.array_item_enums
        if (
            array_items
            and isinstance(items, Mapping)
            and isinstance(items.get("enum"), list)
        ):
            return items
        if not style.named_enums:
            return None
        target = resolve(child, self.api.document)
        if len(target.get("allOf") or ()) == 1:
            target = resolve(target["allOf"][0], self.api.document)
        if self._kind(target) == "array" and not isinstance(target.get("enum"), list):
            if not array_items:
                return None
            target = resolve(target.get("items") or {}, self.api.document)
        return target if isinstance(target.get("enum"), list) else None

    def enum_source_of(self, schema: Any) -> Mapping[str, Any] | None:
        """Return the schema holding a parameter's enum, reached through refs too."""
        return self._enum_source(
            schema if isinstance(schema, Mapping) else {}, FLATTENED
        )

    def restrictions_note(self, parameter: Any) -> str:
        return "Deprecated. " if getattr(parameter, "deprecated", False) else ""

    def enum_row(self, label: str, schema: Mapping[str, Any]) -> EnumRow:
        sort = self.settings.sort_enum_values
        values = enum_values(schema.get("enum"), sort)
        names, descriptions = _member_columns(schema, values)
        return EnumRow(label, values, names, descriptions)


def _member_columns(
    schema: Mapping[str, Any], values: tuple[Any, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Match `x-enum-varnames` and `x-enum-descriptions` to the sorted values."""
    raw = list(schema.get("enum") or ())
    # Only string entries of a list are used; validation reports the others.
    varnames = _strings(schema.get("x-enum-varnames"))
    descriptions = _strings(schema.get("x-enum-descriptions"))
    names, texts = [], []
    for value in values:
        index = next(
            i
            for i, item in enumerate(raw)
            if cells.literal(item) == cells.literal(value)
        )
        names.append(varnames[index] if index < len(varnames) else "")
        texts.append(descriptions[index] if index < len(descriptions) else "")
    return tuple(names), tuple(texts)


def _strings(entries: Any) -> list[str]:
    if not isinstance(entries, list):
        return []
    return [entry if isinstance(entry, str) else "" for entry in entries]


def _unique_enums(rows: list[EnumRow], sort: bool) -> list[EnumRow]:
    """Combine the rows of one property name into one, where its name first appears.

    A table lists each property name once: the values of every enum met under
    that name (at any depth) are joined, de-duplicated and, when sorted,
    sorted again. Member names and descriptions follow their values.
    """
    merged: dict[str, EnumRow] = {}
    for row in rows:
        known = merged.get(row.name)
        if known is None:
            merged[row.name] = row
            continue
        merged[row.name] = _join_rows(known, row, sort)
    return list(merged.values())


def _join_rows(first: EnumRow, second: EnumRow, sort: bool) -> EnumRow:
    members: dict[str, tuple[Any, str, str]] = {}
    for row in (first, second):
        names = row.member_names or ("",) * len(row.values)
        texts = row.member_descriptions or ("",) * len(row.values)
        for value, name, text in zip(row.values, names, texts, strict=True):
            members.setdefault(cells.literal(value), (value, name, text))
    keys = sorted(members, key=_utf16_key) if sort else list(members)
    chosen = [members[key] for key in keys]
    return EnumRow(
        first.name,
        tuple(item[0] for item in chosen),
        tuple(item[1] for item in chosen),
        tuple(item[2] for item in chosen),
    )


def _is_nullable(schema: Mapping[str, Any], document: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        return True
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key) or ()
        if any(resolve(b, document).get("type") == "null" for b in branches):
            return True
    return False


_UPPER_WORDS = {"id": "ID", "url": "URL"}


def field_name_description(name: str, text: str) -> str:
    """Replace a leading Go identifier ("OwnerID if ...") by the field name in words.

    Descriptions made from Go doc comments start with the Go field name; the
    published pages show it as the JSON name in sentence case ("Owner ID").
    """
    first, _, rest = text.partition(" ")
    if sum(char.isupper() for char in first) < 2:
        return text
    if not name:
        # A value type (`[any property]`) has no field name, so "It" replaces it.
        return "It" + (" " + rest if rest else "")
    words = [_UPPER_WORDS.get(word, word) for word in name.lower().split("_") if word]
    if not words:
        return text
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + (" " + rest if rest else "")


def _positions(schema: Mapping[str, Any]) -> list[Any]:
    """Return the `prefixItems` of a tuple schema; empty for any other schema."""
    positions = schema.get("prefixItems")
    return positions if isinstance(positions, list) else []


def _all_of_refs(schema: Mapping[str, Any]) -> list[str]:
    members = schema.get("allOf")
    if not isinstance(members, list):
        return []
    return [
        member["$ref"]
        for member in members
        if isinstance(member, Mapping) and isinstance(member.get("$ref"), str)
    ]
