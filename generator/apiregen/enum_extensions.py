"""Checks of `x-enum-varnames` and `x-enum-descriptions` against the enum they annotate.

Both lists are matched to the enum's values by position (`model.build.build_enum`).
A list of the wrong length, a repeated name or an entry that is not a string is
a validation problem, reported like a repeated enum value: exit code 4, or a
warning under `--allow-invalid`. Generation then goes on with the usable entries,
and each message states what becomes of the others.

A `null` among the values and a repeat of an earlier value are dropped from
every output, so the entry at their position is never used and never checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from apiregen import pointers

VARNAMES = "x-enum-varnames"
DESCRIPTIONS = "x-enum-descriptions"
# Plain YAML 1.1 words that libyaml reads as booleans.
_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off"})

Problem = tuple[str, str]


def extension_problems(
    schema_pointer: str,
    schema: Mapping[str, Any],
    values: list[Any],
    token_at: Callable[[str], str],
) -> Iterable[Problem]:
    """Return the problems of the schema's two enum extensions, as (pointer, message).

    `token_at(pointer)` returns the text written for a node, to quote an
    unquoted YAML 1.1 word.
    """
    # Most enums have neither list, so they cost one lookup each.
    if VARNAMES not in schema and DESCRIPTIONS not in schema:
        return []
    # An enum of objects or lists has no member names (see `build_enum`).
    if any(isinstance(value, (Mapping, list)) for value in values):
        return []
    used = _used_positions(values)
    found: list[Problem] = []
    for key, check in _CHECKS.items():
        if key not in schema:
            continue
        pointer = pointers.join(schema_pointer, key)
        entries = schema[key]
        if not isinstance(entries, list):
            found.append((pointer, _not_a_list(key, entries)))
            continue
        found.extend(check(pointer, entries, values, used))
        found.extend(_entry_type_problems(pointer, key, entries, values, token_at))
    return found


def _used_positions(values: list[Any]) -> list[int]:
    """Return the positions whose value reaches the output: not null, not a repeat."""
    seen: set[tuple[str, str]] = set()
    used: list[int] = []
    for index, value in enumerate(values):
        key = (type(value).__name__, repr(value))
        if value is None or key in seen:
            continue
        seen.add(key)
        used.append(index)
    return used


def _varname_problems(
    pointer: str, names: list[Any], values: list[Any], used: list[int]
) -> Iterable[Problem]:
    counted = (
        f"{VARNAMES} lists {_count(len(names), 'name')} for "
        f"{_count(len(values), 'value')}; give one name per value"
    )
    if len(names) > len(values):
        yield pointer, f"{counted} (the extra names are ignored)"
    elif any(index >= len(names) for index in used):
        yield pointer, f"{counted} (a value without one is named after the value)"
    first: dict[str, int] = {}
    for index in used:
        name = names[index] if index < len(names) else None
        if not isinstance(name, str):
            continue
        if name in first:
            message = (
                f"{VARNAMES} repeats the name {name!r} of entry {first[name]}; give "
                f"each value its own name (this one gets a suffix: {name}_2, ...)"
            )
            yield pointers.join(pointer, index), message
        else:
            first[name] = index


def _description_problems(
    pointer: str, descriptions: list[Any], values: list[Any], used: list[int]
) -> Iterable[Problem]:
    # Fewer descriptions than values is allowed: the rest have none.
    if len(descriptions) > len(values):
        message = (
            f"{DESCRIPTIONS} lists {_count(len(descriptions), 'description')} for "
            f"{_count(len(values), 'value')}; give at most one per value "
            "(the extra descriptions are ignored)"
        )
        yield pointer, message


def _entry_type_problems(
    pointer: str,
    key: str,
    entries: list[Any],
    values: list[Any],
    token_at: Callable[[str], str],
) -> Iterable[Problem]:
    consequence = {
        VARNAMES: "gets a name made from the value",
        DESCRIPTIONS: "is shown without a description",
    }[key]
    empty_option = {VARNAMES: "", DESCRIPTIONS: ", or write '' for none"}[key]
    for index in _used_positions(values):
        if index >= len(entries) or isinstance(entries[index], str):
            continue
        entry_pointer = pointers.join(pointer, index)
        entry = entries[index]
        kind = _kind(entry, token_at(entry_pointer))
        message = (
            f"{key} entry {index} is {kind}, not a string; {_fix(entry)}{empty_option} "
            f"(until then the value {_shown(values[index])} {consequence})"
        )
        yield entry_pointer, message


def _fix(entry: Any) -> str:
    # A number or a boolean becomes the string it was written as once quoted.
    scalar = isinstance(entry, (bool, int, float))
    return "quote it" if scalar else "write a string"


def _not_a_list(key: str, entries: Any) -> str:
    return (
        f"{key} must be a list with one entry per enum value, not "
        f"{_kind(entries, '')}; it is ignored"
    )


def _kind(value: Any, token: str) -> str:
    """Describe a parsed value that is not a string, quoting a YAML 1.1 word as written."""
    if isinstance(value, bool):
        text = "true" if value else "false"
        if token.lower() in _YAML11_BOOLEANS:
            return f"unquoted {token}, read by YAML 1.1 as the boolean {text}"
        return f"the boolean {text}"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


_CHECKS: dict[
    str, Callable[[str, list[Any], list[Any], list[int]], Iterable[Problem]]
] = {
    VARNAMES: _varname_problems,
    DESCRIPTIONS: _description_problems,
}
