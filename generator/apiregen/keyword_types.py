"""Schema keywords whose value has the wrong JSON type, such as `pattern: 0`.

Validation reports each one with its location; `normalize` drops it, so that with
`--allow-invalid` no renderer or library meets a value it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from apiregen import pointers


def _string(value: Any) -> bool:
    return isinstance(value, str)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return _number(value) and value >= 0 and float(value).is_integer()


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


def _types(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    )


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _list(value: Any) -> bool:
    return isinstance(value, list)


def _map(value: Any) -> bool:
    return isinstance(value, Mapping)


def _schema(value: Any) -> bool:
    return isinstance(value, (Mapping, bool))


def _number_or_flag(value: Any) -> bool:
    # A boolean is OpenAPI 3.0's form (draft 4); normalize turns it into a number.
    return _number(value) or _flag(value)


# Keyword -> (test of its value, what the value must be).
KEYWORD_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "type": (_types, "a string or a list of strings"),
    "format": (_string, "a string"),
    "pattern": (_string, "a string"),
    "title": (_string, "a string"),
    "description": (_string, "a string"),
    "minLength": (_count, "a non-negative integer"),
    "maxLength": (_count, "a non-negative integer"),
    "minItems": (_count, "a non-negative integer"),
    "maxItems": (_count, "a non-negative integer"),
    "minProperties": (_count, "a non-negative integer"),
    "maxProperties": (_count, "a non-negative integer"),
    "minimum": (_number, "a number"),
    "maximum": (_number, "a number"),
    "multipleOf": (_number, "a number"),
    "exclusiveMinimum": (_number_or_flag, "a number"),
    "exclusiveMaximum": (_number_or_flag, "a number"),
    "required": (_names, "a list of property names"),
    "enum": (_list, "a list"),
    "uniqueItems": (_flag, "true or false"),
    "nullable": (_flag, "true or false"),
    "readOnly": (_flag, "true or false"),
    "writeOnly": (_flag, "true or false"),
    "deprecated": (_flag, "true or false"),
    "properties": (_map, "a mapping of schemas"),
    "patternProperties": (_map, "a mapping of schemas"),
    "allOf": (_list, "a list of schemas"),
    "anyOf": (_list, "a list of schemas"),
    "oneOf": (_list, "a list of schemas"),
    "additionalProperties": (_schema, "a schema or a boolean"),
    "not": (_schema, "a schema"),
}

# Keys whose value is a schema, a list of schemas or a map of schemas.
_ONE = frozenset({"schema", "items", "additionalProperties", "not", "additionalItems",
                  "contains", "propertyNames", "if", "then", "else"})  # fmt: skip
_MANY = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_BY_NAME = frozenset({"properties", "patternProperties", "definitions", "$defs",
                      "dependentSchemas", "schemas"})  # fmt: skip
# Keys whose values are data: nothing below them is a schema.
_DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum"})


def is_wrong(key: Any, value: Any) -> bool:
    """Tell whether `value` cannot be the value of the schema keyword `key`."""
    entry = KEYWORD_TYPES.get(key) if isinstance(key, str) else None
    return entry is not None and not entry[0](value)


def without_wrong_keywords(schema: dict[str, Any]) -> None:
    """Drop, in place, each keyword of one schema whose value has the wrong type."""
    for key in [key for key, value in schema.items() if is_wrong(key, value)]:
        del schema[key]


def keyword_problems(root: Any) -> Iterable[tuple[str, str]]:
    """Find schema keywords of the wrong type, as (pointer, message).

    A schema is a value under `schema`, `components/schemas`, Swagger's
    `definitions`, or a subschema keyword of another schema. So a property
    named `pattern` under `properties` is never mistaken for a keyword.
    """
    stack: list[tuple[str, Any, bool]] = [("", root, False)]
    while stack:
        pointer, node, is_schema = stack.pop()
        if isinstance(node, list):
            stack.extend((pointers.join(pointer, index), item, is_schema)
                         for index, item in enumerate(node))  # fmt: skip
            continue
        if not isinstance(node, Mapping):
            continue
        for key, value in node.items():
            if is_schema and is_wrong(key, value):
                yield pointers.join(pointer, key), _message(key, value)
            elif isinstance(value, (Mapping, list)) and _walked(key):
                stack.extend(_children(pointer, key, value, is_schema))


def _walked(key: Any) -> bool:
    return not (key in _DATA_KEYS or str(key).startswith("x-"))


def _children(
    pointer: str, key: Any, value: Any, in_schema: bool
) -> Iterable[tuple[str, Any, bool]]:
    child = pointers.join(pointer, key)
    if key in _ONE or (in_schema and key in _MANY):
        return [(child, value, True)]
    if (
        key in _BY_NAME
        and isinstance(value, Mapping)
        and (in_schema or key != "properties")
    ):
        return [
            (pointers.join(child, name), item, True) for name, item in value.items()
        ]
    return [(child, value, False)]


def _message(key: str, value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return (
        f"{key} must be {KEYWORD_TYPES[key][1]}, not {type(value).__name__} {text}; "
        "apiregen ignores it"
    )
