"""Validation with openapi-spec-validator, reported as one plain line per problem.

The validator reports a failed `oneOf` as the whole node "is not valid under
any of the given schemas"; the most relevant sub-error is reported instead,
in words, at the pointer of the node it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import openapi_spec_validator as spec_validator
from jsonschema.exceptions import ValidationError

from apiregen import pointers
from apiregen.errors import Diagnostic
from apiregen.load import Document
from apiregen.normalize import spec_version

_VALIDATORS = {
    "2.0": spec_validator.OpenAPIV2SpecValidator,
    "3.0": spec_validator.OpenAPIV30SpecValidator,
    "3.1": spec_validator.OpenAPIV31SpecValidator,
}

# Errors that are not about one node name the operation in their message.
_OPERATION_IN_MESSAGE = re.compile(r"for '(\w+)' operation in '([^']+)'")
_UNRESOLVED_PATH_PARAMETER = re.compile(r"Path parameter '([^']+)' for '\w+' operation")


def validate(document: Document) -> list[Diagnostic]:
    """Return every problem in the document, in document order."""
    validator_class = _VALIDATORS[spec_version(document.root)]
    validator = validator_class(document.root)
    diagnostics = {}
    for error in validator.iter_errors():
        pointer, message = describe(error)
        diagnostic = Diagnostic(message, document.locate(pointer))
        diagnostics.setdefault((pointer, message), diagnostic)
    return sorted(diagnostics.values(), key=_sort_key)


def _sort_key(diagnostic: Diagnostic) -> tuple[str, int, str]:
    location = diagnostic.location
    if location is None:
        return ("", 0, diagnostic.message)
    return (location.file, location.line or 0, diagnostic.message)


def describe(error: Exception) -> tuple[str, str]:
    """Return the pointer and a one-line message in plain words for a validator error."""
    if not isinstance(error, ValidationError):
        return _pointer_from_message(str(error)), _first_line(str(error))
    if error.context:
        error = _deepest(error)
    if not error.absolute_path:
        return _pointer_from_message(error.message), _plain_message(error)
    pointer = pointers.join("", *error.absolute_path)
    return pointer, _plain_message(error)


# Leaf errors that usually only mean "this was the wrong `oneOf` branch".
_BRANCH_MISMATCH = frozenset({"required", "additionalProperties", "not", "oneOf", "anyOf"})


def _leaves(error: ValidationError) -> Iterable[ValidationError]:
    if not error.context:
        yield error
        return
    for child in error.context:
        yield from _leaves(child)


def _deepest(error: ValidationError) -> ValidationError:
    """Pick the sub-error most likely to be the real problem among every branch.

    The one deepest inside the document wins, because the branch that matched
    the node's shape got furthest; errors that only say a branch did not fit
    lose ties.
    """
    leaves = list(_leaves(error))
    counts: dict[str, int] = {}
    for leaf in leaves:
        counts[leaf.message] = counts.get(leaf.message, 0) + 1
    return max(
        leaves,
        key=lambda leaf: (
            not _is_branch_selector(leaf),
            len(leaf.absolute_path),
            leaf.validator not in _BRANCH_MISMATCH,
            counts[leaf.message],
        ),
    )


def _is_branch_selector(error: ValidationError) -> bool:
    """Tell whether an error only says a `oneOf` branch wants another fixed value.

    Swagger 2.0 picks a parameter's branch by `in: body`, `in: path` and so on:
    a node failing those is in a different branch, not wrong.
    """
    if error.validator == "const":
        return True
    return error.validator == "enum" and len(error.validator_value) == 1


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _duplicates(values: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    repeated: list[Any] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.append(value)
    return repeated


def _plain_message(error: ValidationError) -> str:
    kind, instance, expected = error.validator, error.instance, error.validator_value
    if kind == "uniqueItems" and isinstance(instance, list):
        what = "enum" if error.absolute_path and error.absolute_path[-1] == "enum" else "list"
        repeated = ", ".join(_short(value) for value in _duplicates(instance))
        return f"{what} lists duplicate values: {repeated}; remove the repeats"
    if kind == "required" and isinstance(expected, list) and isinstance(instance, Mapping):
        missing = [name for name in expected if name not in instance]
        return f"missing required field {', '.join(repr(name) for name in missing)}"
    if kind == "additionalProperties" and isinstance(instance, Mapping):
        match = re.search(r"\((.*) (?:was|were) unexpected\)", error.message)
        fields = match.group(1) if match else "some fields"
        return f"unknown field {fields}; check its spelling and where it is placed"
    if kind == "type":
        return f"must be of type {expected}, not {type(instance).__name__} {_short(instance)}"
    if kind == "enum":
        allowed = ", ".join(_short(value, 20) for value in expected)
        return f"{_short(instance)} is not one of: {allowed}"
    if kind in ("pattern", "format"):
        return f"{_short(instance)} does not match {kind} {expected!r}"
    unresolved = _UNRESOLVED_PATH_PARAMETER.match(error.message)
    if unresolved:
        return (
            f"the URL has {{{unresolved.group(1)}}} but the operation declares no path "
            "parameter of that name; add it to 'parameters' with 'in: path'"
        )
    if kind == "const":
        return f"must be {expected!r}, not {_short(instance)}"
    return _first_line(error.message.replace(repr(instance), _short(instance)))


def _first_line(message: str) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "invalid"
    return line if len(line) <= 200 else line[:197] + "..."


def _pointer_from_message(message: str) -> str:
    match = _OPERATION_IN_MESSAGE.search(message)
    if match is None:
        return ""
    method, path = match.groups()
    return pointers.join("", "paths", path, method)
