"""A fast first pass of JSON Schema checks, with jsonschema-rs when it is installed.

The messages of validation come from the errors of the Python `jsonschema`
package. jsonschema-rs checks whether an instance is valid many times faster,
so it runs first. When it accepts the instance the Python check is skipped,
and otherwise the Python check runs as before and gives the errors.

That is only sound when jsonschema-rs never calls valid what Python
`jsonschema` calls invalid, so the two differences between them are removed
before a schema is handed over:

- Formats: Python `jsonschema` asserts only the formats its format checker
  has a function for, and runs those functions. jsonschema-rs calls the same functions
  for those formats and treats every other format as a plain annotation.
- Regular expressions: the schemas' `pattern` values and `patternProperties`
  keys are Python `re` expressions, and jsonschema-rs reads ECMA 262 ones.
  Each is rewritten so that it matches the same strings: `$` also matches
  before a final newline, `.` matches anything but a newline and `\\d` matches
  every Unicode decimal digit, as in Python. An expression using anything else
  whose meaning differs is not rewritten, and that schema gets no fast pass.

References resolve only to the schemas handed over: nothing is fetched.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

jsonschema_rs: Any
try:
    import jsonschema_rs
except ImportError:  # NOTE: optional. Without it every check runs in Python.
    jsonschema_rs = None


class Untranslatable(ValueError):
    """A regular expression uses syntax whose meaning the rewrite does not keep."""


def available() -> bool:
    """Tell whether jsonschema-rs is installed."""
    return jsonschema_rs is not None


def build(
    schema: Any,
    resources: Iterable[tuple[str, Any]] = (),
    format_checker: Any = None,
) -> Any | None:
    """Return a jsonschema-rs validator with Python `jsonschema`'s verdicts, or None.

    `resources` are (URI, schema) pairs that references may point at, and
    `format_checker` is the Python `FormatChecker` whose formats are asserted
    (none without it). None means the fast pass cannot be used for this schema.
    """
    if jsonschema_rs is None:
        return None
    pairs = list(resources)
    try:
        translated = translate_schema(schema)
        registry = [(uri, translate_schema(contents)) for uri, contents in pairs]
    except Untranslatable:
        return None
    options: dict[str, Any] = {"validate_formats": format_checker is not None}
    if format_checker is not None:
        everything = [schema, *(contents for _, contents in pairs)]
        options["formats"] = _formats(format_checker, _format_names(everything))
    if registry:
        options["registry"] = jsonschema_rs.Registry(registry)
    try:
        return jsonschema_rs.validator_for(translated, offline=True, **options)
    except Exception:  # noqa: BLE001 - a schema it cannot compile: Python decides
        return None


def is_valid(validator: Any | None, instance: Any) -> bool:
    """Tell whether the validator accepts the instance (False when it cannot tell)."""
    if validator is None:
        return False
    try:
        return bool(validator.is_valid(instance))
    except Exception:  # noqa: BLE001 - values it cannot read (dates, int keys)
        return False


def _formats(format_checker: Any, names: Iterable[str]) -> dict[str, Any]:
    """Map every format name to the Python checker's verdict on it."""
    return {name: functools.partial(_conforms, format_checker, name) for name in names}


def _conforms(format_checker: Any, name: str, value: Any) -> bool:
    # `conforms` is True for the formats the checker does not know.
    return bool(format_checker.conforms(value, name))


def _format_names(schemas: Iterable[Any]) -> set[str]:
    return {
        value
        for schema in schemas
        for key, value in _schema_entries(schema)
        if key == "format" and isinstance(value, str)
    }


# Keywords whose values are data, not schemas.
_DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples", "example"})


def _schema_entries(node: Any) -> Iterator[tuple[str, Any]]:
    """Yield every (key, value) of every mapping in a schema, skipping data."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                yield key, value
                if key not in _DATA_KEYWORDS:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def translate_schema(node: Any) -> Any:
    """Return a copy of a schema with its regular expressions in ECMA 262 form."""
    if isinstance(node, list):
        return [translate_schema(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    copied: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DATA_KEYWORDS:
            copied[key] = value
        elif key == "pattern" and isinstance(value, str):
            copied[key] = translate(value)
        elif key == "patternProperties" and isinstance(value, Mapping):
            copied[key] = {
                translate(str(pattern)): translate_schema(schema)
                for pattern, schema in value.items()
            }
        elif key in _NAMED_SCHEMAS and isinstance(value, Mapping):
            copied[key] = {
                name: translate_schema(schema) for name, schema in value.items()
            }
        else:
            copied[key] = translate_schema(value)
    return copied


# Keywords whose values map names (not expressions) to schemas.
_NAMED_SCHEMAS = frozenset(
    {"properties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)
# A `{m}`, `{m,}` or `{m,n}` repetition: read alike by both dialects.
_REPETITION = re.compile(r"\{\d+(?:,\d*)?\}")
# The assertion of Python's `$` without MULTILINE: the end, or before a final newline.
_PYTHON_END = r"(?=\n?$)"
_PYTHON_ANY = r"[^\n]"


def translate(pattern: str) -> str:
    """Rewrite a Python `re` expression as an ECMA 262 one matching the same strings.

    Raise Untranslatable for syntax outside the small common core that the
    OpenAPI schemas use (literals, classes, groups, alternation, repetition,
    anchors, `.` and `\\d`).
    """
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(_escape(pattern, index, in_class))
            index += 2
            continue
        if in_class:
            if char == "[":
                raise Untranslatable(pattern)
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            if pattern.startswith(("[]", "[^]"), index):
                raise Untranslatable(pattern)
            in_class = True
            out.append(char)
        elif char == "{":
            repetition = _REPETITION.match(pattern, index)
            if repetition is None:
                raise Untranslatable(pattern)
            out.append(repetition.group())
            index = repetition.end()
            continue
        elif char == "(" and pattern.startswith("(?", index):
            if not pattern.startswith("(?:", index):
                raise Untranslatable(pattern)
            out.append("(?:")
            index += 3
            continue
        else:
            out.append(_OUTSIDE_CLASS.get(char, char))
        index += 1
    if in_class:
        raise Untranslatable(pattern)
    return "".join(out)


# Python reads a lone `}` or `]` as itself; ECMA 262 in Unicode mode needs it escaped.
_OUTSIDE_CLASS = {"$": _PYTHON_END, ".": _PYTHON_ANY, "}": r"\}", "]": r"\]"}


def _escape(pattern: str, index: int, in_class: bool) -> str:
    """Translate the escape at `index`: `\\d`, or an escaped ASCII punctuation mark."""
    following = pattern[index + 1 : index + 2]
    if following == "d":
        return python_digits() if in_class else f"[{python_digits()}]"
    if following.isascii() and following and not following.isalnum():
        if following in _ECMA_SYNTAX or (in_class and following == "-"):
            return "\\" + following
        # ECMA 262 in Unicode mode rejects escaping other marks. The mark alone
        # means the same there, in a class and out of one.
        return following
    raise Untranslatable(pattern)


# The characters ECMA 262 lets a backslash escape outside a class in Unicode mode.
_ECMA_SYNTAX = frozenset("^$\\.*+?()[]{}|/")

# The first digit of each run of ten Unicode decimal digits in this version of
# the Unicode database. Python's `\d` matches these runs (a test checks it).
_DIGIT_ZEROS_VERSION = "14.0.0"
_DIGIT_ZEROS = (
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66,
    0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810,
    0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
    0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30,
    0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60,
    0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140,
    0x1E2F0, 0x1E950, 0x1FBF0,
)  # fmt: skip


@functools.cache
def python_digits() -> str:
    """Return the class ranges (without brackets) of what Python's `\\d` matches."""
    if unicodedata.unidata_version == _DIGIT_ZEROS_VERSION:
        zeros: Iterable[int] = _DIGIT_ZEROS
    else:
        # Each run of ten decimal digits starts at a zero.
        zeros = (
            code
            for code in range(0x110000)
            if chr(code).isdecimal() and unicodedata.decimal(chr(code)) == 0
        )
    return "".join(f"{chr(zero)}-{chr(zero + 9)}" for zero in zeros)
