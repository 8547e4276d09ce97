"""Give openapi-spec-validator's semantic errors the pointer of the node they are about.

The library's second pass checks nodes one by one: each Schema Object against
its dialect, each `default` against its schema, operation ids, parameter and
tag names. The errors it raises carry a path relative to the node checked, or
none at all, so on their own they point at the document's first line. The
keyword subclasses here prefix each such error's path with the node's place in
the document, as `describe` reads it, and leave the message as it is.

The library reaches a node through `$ref`s (a response schema that refers to a
component), so the place is the node the refs lead to: the line where it is
written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    ExtraParametersError,
    OpenAPIValidationError,
    ParameterDuplicateError,
)

from apiregen import pointers

Part = str | int


def node_parts(node: Any) -> list[Part]:
    """Return the document path of the node a library `SchemaPath` reads.

    Each step first follows the local `$ref`s of the node it is at, as
    the library's reader does, so the result names where the node is written.
    """
    root = node.accessor[()]
    current, where = _followed(root, root, [])
    parts = list(node.parts)
    for index, part in enumerate(parts):
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            return where + parts[index:]
        current, where = _followed(root, current, [*where, part])
    return where


def _followed(root: Any, node: Any, where: list[Part]) -> tuple[Any, list[Part]]:
    seen: set[str] = set()
    while isinstance(node, Mapping):
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
            break
        seen.add(ref)
        target = pointers.fragment_pointer(ref)
        try:
            node = pointers.lookup(root, target)
            where = list(pointers.split(target))
        except (KeyError, ValueError):
            break
    return node, where


def rerooted(error: ValidationError, node: Any, *tail: Part) -> ValidationError:
    """Prefix the error's path with the place of `node` (and `tail` below it)."""
    error.path.extendleft(reversed([*node_parts(node), *tail]))
    return error


def schema_keyword(library_class: type[Any]) -> type[Any]:
    """Subclass the schema keyword so that its own errors point into the document.

    The dialect check's errors are relative to the schema checked; the errors
    on the schema's shape and on its `required` list have no path. Nested
    schemas come back through the same `__call__`, so an error that already
    has a path has been placed at a deeper level and is left alone.
    """

    def _validate_schema_meta(
        self: Any, schema: Any, schema_value: Any
    ) -> OpenAPIValidationError | None:
        error = library_class._validate_schema_meta(self, schema, schema_value)
        return None if error is None else rerooted(error, schema)

    def __call__(self: Any, schema: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for error in library_class.__call__(self, schema, *args, **kwargs):
            if isinstance(error, ValidationError) and not error.path:
                tail = ["required"] if isinstance(error, ExtraParametersError) else []
                rerooted(error, schema, *tail)
            yield error

    return type(
        library_class.__name__,
        (library_class,),
        {"_validate_schema_meta": _validate_schema_meta, "__call__": __call__},
    )


def default_keyword(library_class: type[Any]) -> type[Any]:
    """Subclass the `default` value check: its errors are relative to the value.

    The library calls it with the schema (or Swagger 2.0 parameter) that contains
    the `default`, and the value read from there.
    """

    def __call__(self: Any, holder: Any, value: Any) -> Iterator[Any]:
        for error in library_class.__call__(self, holder, value):
            yield rerooted(error, holder, "default")

    return type(library_class.__name__, (library_class,), {"__call__": __call__})


def operation_keyword(library_class: type[Any]) -> type[Any]:
    """Subclass the operation check: a repeated operationId points at that id."""

    def __call__(self: Any, url: str, name: str, operation: Any, *rest: Any) -> Any:
        for error in library_class.__call__(self, url, name, operation, *rest):
            if isinstance(error, DuplicateOperationIDError) and not error.path:
                rerooted(error, operation, "operationId")
            yield error

    return type(library_class.__name__, (library_class,), {"__call__": __call__})


def parameters_keyword(library_class: type[Any]) -> type[Any]:
    """Subclass the parameter list check: a repeated parameter points at the repeat."""

    def __call__(self: Any, parameters: Any) -> Iterator[Any]:
        repeats = _Repeats(parameters, ("name", "in"))
        for error in library_class.__call__(self, parameters):
            if type(error) is ParameterDuplicateError:
                repeats.place(error)
            yield error

    return type(library_class.__name__, (library_class,), {"__call__": __call__})


def tags_keyword(library_class: type[Any]) -> type[Any]:
    """Subclass the tag list check: a repeated tag name points at the repeat."""

    def __call__(self: Any, tags: Any) -> Iterator[Any]:
        repeats = _Repeats(tags, ("name",), "name")
        for error in library_class.__call__(self, tags):
            # Only the duplicate name check makes this exact class of error.
            if type(error) is OpenAPIValidationError:
                repeats.place(error)
            yield error

    return type(library_class.__name__, (library_class,), {"__call__": __call__})


class _Repeats:
    """The items of a list whose key an earlier item had, in the library's order.

    The library reports each repeat once, as it meets it, in a message without
    a place; the n-th such error is about the n-th repeat.
    """

    def __init__(self, items: Any, fields: tuple[str, ...], *tail: Part) -> None:
        self._items = items
        self._fields = fields
        self._tail = tail
        self._indices: Iterator[int] | None = None

    def place(self, error: ValidationError) -> None:
        if error.path:
            return
        if self._indices is None:
            # Read only once a repeat is reported: most lists have none.
            self._indices = iter(self._find())
        index = next(self._indices, None)
        if index is not None:
            rerooted(error, self._items, index, *self._tail)

    def _find(self) -> list[int]:
        seen: set[str] = set()
        found: list[int] = []
        for index, item in enumerate(self._items):
            value = item.read_value()
            if not isinstance(value, Mapping):
                continue
            key = repr([value.get(field) for field in self._fields])
            if key in seen:
                found.append(index)
            seen.add(key)
        return found


def wrapped(keyword_validators: Mapping[str, type[Any]]) -> dict[str, type[Any]]:
    """Return the library's keyword table with the placing subclasses in it."""
    table = dict(keyword_validators)
    for name, make in _PLACING.items():
        if name in table:
            table[name] = make(table[name])
    return table


_PLACING: dict[str, Callable[[type[Any]], type[Any]]] = {
    "schema": schema_keyword,
    "default": default_keyword,
    "operation": operation_keyword,
    "parameters": parameters_keyword,
    "tags": tags_keyword,
}
