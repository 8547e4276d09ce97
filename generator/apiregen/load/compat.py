"""Keeping parsed values within what JSON can hold.

An OpenAPI document is JSON, whichever syntax it is written in, and every later
stage (the validator, `json.dumps` in the renderers, the writers) assumes JSON
values. Parsers accept more: YAML 1.1 makes dates, bytes and sets from plain
text or tags, and Python's `json` module reads `NaN`, `Infinity` and repeated
keys. A value written by accident that has an obvious JSON form is read as
that form. Any other such value stops the load at the place it is written.

The checks run inside the parsers' own hooks, so a spec without these values
costs nearly nothing extra: each problem is raised as `NotJson` with what is
known there, and `source` adds the line and the pointer afterwards.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_MERGE_TAG = "tag:yaml.org,2002:merge"


class NotJson(Exception):
    """A value JSON cannot hold, or a repeated key, at offset `index` of the text."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


def not_a_number_message(token: str) -> str:
    return (
        f"{token} is not a JSON number (JSON has no NaN or infinity, and OpenAPI "
        "documents are JSON); write a finite number, or quote it to make it a string"
    )


def overflow_message(token: str) -> str:
    return (
        f"{token} is too large for a 64-bit number and would be read as infinity, "
        "which JSON cannot hold; write a smaller number, or quote it to make it a "
        "string"
    )


def duplicate_key_message(key: str, first_line: int) -> str:
    return (
        f"duplicate key '{key}': line {first_line} already has it, and a parser "
        "keeps only the last one, so the first is lost; remove or rename one of them"
    )


# YAML tags whose values have no JSON form, and what each one makes.
_NON_JSON_TAGS = {
    "tag:yaml.org,2002:binary": ("!!binary", "bytes"),
    "tag:yaml.org,2002:set": ("!!set", "a set"),
    "tag:yaml.org,2002:omap": ("!!omap", "a list of pairs"),
    "tag:yaml.org,2002:pairs": ("!!pairs", "a list of pairs"),
}


class JsonCompatibleLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's safe loader, made to produce JSON values only.

    A plain date or timestamp (`2024-01-02`), which YAML 1.1 reads as a date
    object, is read as the text written, the string it is when quoted.
    `.nan`, `.inf` and tags such as `!!binary` raise `NotJson`, and so does a
    key written twice in one mapping.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._checked_mappings: set[int] = set()

    def construct_timestamp_as_text(self, node: yaml.ScalarNode) -> str:
        return str(node.value)

    def construct_finite_float(self, node: yaml.ScalarNode) -> float:
        value = float(self.construct_yaml_float(node))
        if math.isnan(value) or math.isinf(value):
            message = (
                overflow_message(node.value)
                if any(c.isdigit() for c in node.value)
                else not_a_number_message(node.value)
            )
            raise NotJson(message, node.start_mark.index)
        return value

    def construct_non_json(self, node: yaml.Node) -> Any:
        tag, kind = _NON_JSON_TAGS[str(node.tag)]
        raise NotJson(
            f"the YAML tag {tag} makes {kind}, which JSON cannot hold (OpenAPI "
            "documents are JSON); remove the tag and write a string, list or mapping",
            node.start_mark.index,
        )

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        # Merge keys (`<<: *base`) are flattened into the mapping before it is
        # built. After that a merged key looks like a written one, so the
        # written keys are checked on the first visit only.
        if id(node) not in self._checked_mappings:
            self._checked_mappings.add(id(node))
            _check_unique_keys(node)
        super().flatten_mapping(node)


def _check_unique_keys(node: yaml.MappingNode) -> None:
    seen: dict[tuple[str, str], yaml.Node] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
            continue
        key = (str(key_node.tag), str(key_node.value))
        first = seen.setdefault(key, key_node)
        if first is not key_node:
            raise NotJson(
                duplicate_key_message(key_node.value, first.start_mark.line + 1),
                key_node.start_mark.index,
            )


JsonCompatibleLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", JsonCompatibleLoader.construct_timestamp_as_text
)
JsonCompatibleLoader.add_constructor(
    "tag:yaml.org,2002:float", JsonCompatibleLoader.construct_finite_float
)
for _tag in _NON_JSON_TAGS:
    JsonCompatibleLoader.add_constructor(_tag, JsonCompatibleLoader.construct_non_json)


# JSON --------------------------------------------------------------------------


def unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, rejecting a key written twice (`json` keeps the last)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise NotJson("duplicate key")
    return result


def reject_constant(token: str) -> Any:
    """Reject `NaN`, `Infinity` and `-Infinity`, which `json` accepts but JSON lacks."""
    raise NotJson(not_a_number_message(token))


def finite_float(token: str) -> float:
    """Read a JSON number with a fraction or exponent, rejecting one that overflows."""
    value = float(token)
    if math.isinf(value):
        raise NotJson(overflow_message(token))
    return value


def has_lone_surrogate(text: str) -> bool:
    """Check a decoded string for a UTF-16 surrogate without its pair."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
