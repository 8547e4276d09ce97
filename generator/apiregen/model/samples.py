"""Deterministic example values made from a schema, for the example JSON of the pages.

The same schema always gives the same example, so the generated pages only
change when the spec does. The values follow the widdershins-style pages:
fixed samples per type and format, `example`, `default` or `const` where the
schema gives one, the first enum value, and the first alternative of
`oneOf`/`anyOf`. A `uuid` string takes a value derived from its property name,
so that `id` and `owner_id` differ, as they do on the published pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from apiregen.pointers import fragment_pointer, lookup

Direction = Literal["request", "response"]

# How many objects deep an example goes; deeper objects are cut to `{}` so a
# self-referencing schema still gives a finite example.
MAX_DEPTH = 10
# How many values one example may hold; past that, objects and arrays are cut
# to `{}` and `[]` as below MAX_DEPTH. Without it, a schema that is used under
# many properties at many levels (DocuSign's envelope) gives millions of values.
MAX_VALUES = 1_000

FIXED_UUID = "497f6eca-6276-4993-bfeb-53cbbbba6f08"

FORMAT_SAMPLES: dict[str, Any] = {
    "date-time": "2019-08-24T14:15:22Z",
    "date": "2019-08-24",
    "time": "14:15:22Z",
    "duration": "P3D",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.168.0.1",
    "ipv6": "2001:db8::1",
    "uri": "http://example.com",
    "iri": "http://example.com",
    "uri-reference": "../dictionary",
    "uri-template": "http://example.com/{endpoint}",
    "json-pointer": "/json/pointer",
    "regex": "/regex/",
    "password": "pa$$word",
    "byte": "c3RyaW5n",
    "binary": "string",
}

TYPE_SAMPLES: dict[str, Any] = {
    "string": "string",
    "integer": 0,
    "number": 0,
    "boolean": True,
    "null": None,
}

# Keys whose values differ between the branches of an `allOf` are combined
# rather than replaced when the branches are merged.
_UNION_KEYS = ("required",)


def sample(
    schema: Mapping[str, Any] | None,
    document: Mapping[str, Any],
    direction: Direction | None = None,
) -> Any:
    """Return the example value of `schema`; refs are looked up in `document`.

    With `direction="request"` read-only properties are left out, with
    `"response"` write-only ones.

    Recursion stops at the second visit of a schema: a schema reached again
    inside itself shows as `{}`. The root schema (a `$ref` given as `schema`)
    shows itself once more inside its own example, and an array of it met
    again below that is cut to `[]`, as on the published pages.
    """
    root = schema or {}
    sampler = _Sampler(document, direction, root.get("$ref"))
    if isinstance(root.get("$ref"), str):
        root = sampler.narrowed(root)
    return sampler.value(resolve(root, document), None, 0, ())


def merge_all_of(
    schema: Mapping[str, Any], document: Mapping[str, Any]
) -> dict[str, Any]:
    """Merge a schema's `allOf` branches (refs resolved) into one mapping.

    Properties come branch by branch, then the outer schema's own; `required`
    lists are combined; for any other key the outer schema wins, then the
    first branch that sets it.
    """
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = {}
    for branch in schema.get("allOf") or ():
        part = resolve(branch, document)
        if "allOf" in part:
            part = merge_all_of(part, document)
        properties.update(part.get("properties") or {})
        _merge_into(merged, part)
    properties.update(schema.get("properties") or {})
    if properties:
        merged["properties"] = properties
    return merged


def _merge_into(merged: dict[str, Any], part: Mapping[str, Any]) -> None:
    for key, value in part.items():
        if key == "properties":
            continue
        if key in _UNION_KEYS:
            known = list(merged.get(key) or ())
            merged[key] = known + [item for item in value if item not in known]
        else:
            merged.setdefault(key, value)


def resolve(schema: Any, document: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a schema's local `$ref` chain; sibling keys of a ref win over the target."""
    seen: set[str] = set()
    node = schema if isinstance(schema, Mapping) else {}
    while isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
        ref = node["$ref"]
        if ref in seen:
            return {}
        seen.add(ref)
        try:
            target = lookup(document, fragment_pointer(ref))
        except KeyError:
            return {}
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **siblings} if siblings else target
    return node


def name_uuid(name: str | None) -> str:
    """Return a version-4-shaped UUID derived only from `name`.

    The name is hashed like Java's `String.hashCode`, the hash seeds all four
    words of Bob Jenkins' small noncryptographic generator, and each hex digit
    is the top four bits of one output. Without a name the fixed sample is used.
    """
    if not name:
        return FIXED_UUID
    digits = _JenkinsSmall(_string_hash(name))
    out = []
    for char in "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx":
        if char == "x":
            out.append(f"{digits.next() >> 28:x}")
        elif char == "y":
            out.append(f"{(digits.next() >> 28) & 0x3 | 0x8:x}")
        else:
            out.append(char)
    return "".join(out)


_MASK = 0xFFFFFFFF


def _string_hash(text: str) -> int:
    value = 0
    for unit in text.encode("utf-16-be").hex(" ", 2).split():
        value = (value * 31 + int(unit, 16)) & _MASK
    return value


class _JenkinsSmall:
    """Bob Jenkins' public-domain small PRNG (32-bit words)."""

    def __init__(self, seed: int) -> None:
        self.a = self.b = self.c = self.d = seed

    @staticmethod
    def _rotate(value: int, bits: int) -> int:
        return ((value << bits) | (value >> (32 - bits))) & _MASK

    def next(self) -> int:
        e = (self.a - self._rotate(self.b, 27)) & _MASK
        self.a = (self.b ^ self._rotate(self.c, 17)) & _MASK
        self.b = (self.c + self.d) & _MASK
        self.c = (self.d + e) & _MASK
        self.d = (e + self.a) & _MASK
        return self.d


def first_type(schema: Mapping[str, Any]) -> str | None:
    """Return the schema's type, the first non-null one when `type` is a list."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"] or kind
        return kinds[0] if kinds else None
    return kind if isinstance(kind, str) else None


def non_null_alternatives(
    alternatives: Sequence[Any], document: Mapping[str, Any]
) -> list[Any]:
    """Drop `{type: null}` branches: normalize writes 3.0 `nullable` as one."""
    return [alt for alt in alternatives if resolve(alt, document).get("type") != "null"]


class _Sampler:
    def __init__(
        self,
        document: Mapping[str, Any],
        direction: Direction | None,
        root_ref: Any = None,
    ) -> None:
        self.document = document
        self.direction = direction
        self.root_ref = root_ref if isinstance(root_ref, str) else None
        self.values_left = MAX_VALUES

    def value(
        self, schema: Any, name: str | None, depth: int, refs: tuple[str, ...]
    ) -> Any:
        if not isinstance(schema, Mapping):
            return None
        self.values_left -= 1
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref in refs:
                return _empty_of(resolve(schema, self.document))
            refs = (*refs, ref)
            schema = self.narrowed(schema)
        schema = resolve(schema, self.document)
        if "allOf" in schema:
            schema = merge_all_of(schema, self.document)
        for key in ("const", "example", "default"):
            if key in schema:
                return schema[key]
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return schema["examples"][0]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        for key in ("oneOf", "anyOf"):
            alternatives = non_null_alternatives(schema.get(key) or (), self.document)
            if alternatives:
                return self.value(alternatives[0], name, depth, refs)
        return self._by_type(schema, name, depth, refs)

    def _by_type(
        self,
        schema: Mapping[str, Any],
        name: str | None,
        depth: int,
        refs: tuple[str, ...],
    ) -> Any:
        kind = first_type(schema)
        if kind is None and (
            "properties" in schema or "additionalProperties" in schema
        ):
            kind = "object"
        elif kind is None and "prefixItems" in schema:
            kind = "array"
        if kind == "object":
            return self._object(schema, depth, refs)
        if kind == "array":
            items = schema.get("items") or {}
            if self._cut(depth) or self._root_again(items, refs):
                return []
            positions = schema.get("prefixItems")
            if isinstance(positions, list) and positions:
                # A tuple: one value per position, each of its own type.
                return [self.value(item, None, depth + 1, refs) for item in positions]
            return [self.value(items, None, depth + 1, refs)]
        if kind == "string":
            return self._string(schema, name)
        return TYPE_SAMPLES.get(kind or "null")

    def _string(self, schema: Mapping[str, Any], name: str | None) -> str:
        form = schema.get("format")
        if form == "uuid":
            return name_uuid(name)
        return FORMAT_SAMPLES.get(form, "string") if isinstance(form, str) else "string"

    def _object(
        self, schema: Mapping[str, Any], depth: int, refs: tuple[str, ...]
    ) -> Any:
        if self._cut(depth):
            return {}
        result: dict[str, Any] = {}
        for key, child in (schema.get("properties") or {}).items():
            if self._left_out(child):
                continue
            result[key] = self.value(child, key, depth + 1, refs)
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping):
            for key in ("property1", "property2"):
                result[key] = self.value(extra, None, depth + 1, refs)
        return result

    def narrowed(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        """Keep a sibling `enum` of a `$ref` only for values the target allows.

        An example must be valid against the referenced schema; Swagger 2.0 and
        OpenAPI 3.0 ignore the sibling altogether.
        """
        sibling = schema.get("enum")
        target = resolve({"$ref": schema["$ref"]}, self.document).get("enum")
        if not isinstance(sibling, list) or not isinstance(target, list):
            return schema
        allowed = [value for value in sibling if value in target]
        return {**schema, "enum": allowed or target}

    def _cut(self, depth: int) -> bool:
        return depth >= MAX_DEPTH or self.values_left <= 0

    def _root_again(self, items: Any, refs: tuple[str, ...]) -> bool:
        return (
            self.root_ref is not None
            and isinstance(items, Mapping)
            and items.get("$ref") == self.root_ref
            and self.root_ref in refs
        )

    def _left_out(self, child: Any) -> bool:
        flags = resolve(child, self.document)
        if self.direction == "request":
            return bool(flags.get("readOnly"))
        if self.direction == "response":
            return bool(flags.get("writeOnly"))
        return False


def _empty_of(schema: Mapping[str, Any]) -> Any:
    return [] if first_type(schema) == "array" else {}
