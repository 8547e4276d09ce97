"""Validation with openapi-spec-validator, reported as one plain line per problem.

The validator reports a failed `oneOf` as the whole node "is not valid under
any of the given schemas"; the most relevant sub-error is reported instead,
in words, at the pointer of the node it is about.

The library's checks against JSON Schemas (the whole document against the
OpenAPI schema, each Schema Object against its dialect) take most of the time
on a large spec. When jsonschema-rs is installed it runs first (see
`first_pass`): a Python check of an instance it accepts is skipped, and any
other check runs in Python `jsonschema` as before, so every message stays the
same.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

import openapi_spec_validator as spec_validator
from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for
from openapi_schema_validator import (
    OAS31_BASE_DIALECT_ID,
    OAS30Validator,
    OAS31Validator,
    oas31_format_checker,
)
from openapi_schema_validator._specifications import REGISTRY as OAS_RESOURCES
from openapi_spec_validator.schemas.utils import get_schema_content
from openapi_spec_validator.validation.decorators import wraps_errors
from openapi_spec_validator.validation.keywords import OpenAPIV31SchemaValidator

from apiregen import first_pass, forked, library_locations, pointers
from apiregen.enum_extensions import extension_problems
from apiregen.errors import Diagnostic
from apiregen.keyword_types import keyword_problems
from apiregen.load import Document
from apiregen.normalize import spec_version


class _IdSet(list[int]):
    """A list of ids whose membership test is a set lookup.

    openapi-spec-validator 0.9 keeps the ids of the schemas it has visited in
    plain lists and looks each new schema up in them, which is quadratic. On
    GitHub's spec (46,000 schema visits) that was about a third of validation.
    """

    def __init__(self) -> None:
        super().__init__()
        self._members: set[int] = set()

    def append(self, value: int) -> None:
        super().append(value)
        self._members.add(value)

    def __contains__(self, value: object) -> bool:
        return value in self._members


def _library_validator(
    validator_class: type[Any], version: str, fast: bool
) -> type[Any]:
    """Return a subclass of the library's spec validator for one OpenAPI version.

    Every rule and message stays the library's own. The subclass keeps visited
    ids in sets, always checks the document with Python `jsonschema`, places
    each semantic error at its node (`library_locations`) and, when `fast`,
    runs each Schema Object's dialect check with jsonschema-rs first.
    """
    keyword_validators = library_locations.wrapped(validator_class.keyword_validators)
    keyword_validators["schema"] = _schema_keyword(
        keyword_validators["schema"], fast, version
    )
    return type(
        validator_class.__name__,
        (validator_class,),
        {
            "keyword_validators": keyword_validators,
            # NOTE: the library uses jsonschema-rs for this check whenever it is
            # installed, or when its environment variable selects it. Its errors
            # then have other messages and lack the details `describe` reads, so
            # the check is always Python `jsonschema` here.
            "schema_validator": property(
                lambda self: _python_document_validator(version)
            ),
        },
    )


def _schema_keyword(library_class: type[Any], fast: bool, version: str) -> type[Any]:
    def __init__(self: Any, registry: Any) -> None:
        library_class.__init__(self, registry)
        self.visited_schema_ids = _IdSet()
        self.meta_checked_schema_ids = _IdSet()

    def _validate_schema_meta(self: Any, schema: Any, schema_value: Any) -> Any:
        if version == "2.0":
            schema_value = _without_file_type(schema, schema_value)
        if fast:
            fast_validator = _fast_meta_validator(self, schema, schema_value)
            if first_pass.is_valid(fast_validator, schema_value):
                return None
        return library_class._validate_schema_meta(self, schema, schema_value)

    namespace: dict[str, Any] = {
        "__init__": __init__,
        "_validate_schema_meta": _validate_schema_meta,
    }
    return type(library_class.__name__, (library_class,), namespace)


def _without_file_type(schema: Any, schema_value: Any) -> Any:
    """Return a Swagger 2.0 response schema of `type: file` without that type.

    Swagger 2.0 allows "file" as the type of a response's schema itself (not of
    a schema inside it), and the dialect check the library uses, that of
    OpenAPI 3.0, does not know it. Every other keyword is still checked.
    """
    parts = schema.parts
    is_response_schema = (
        len(parts) >= 3 and parts[-1] == "schema" and parts[-3] == "responses"
    )
    if not is_response_schema or not isinstance(schema_value, Mapping):
        return schema_value
    if schema_value.get("type") != "file":
        return schema_value
    return {key: value for key, value in schema_value.items() if key != "type"}


@functools.cache
def _python_document_validator(version: str) -> Any:
    schema = get_schema_content(version)
    return validator_for(schema)(schema)


@functools.cache
def _fast_document_validator(version: str) -> Any | None:
    return first_pass.build(get_schema_content(version))


# The library's check of each Schema Object, by dialect: the validator class
# whose `check_schema` it calls, and the format checker it passes.
_OAS30_DIALECT = "OpenAPI 3.0 and Swagger 2.0"
_META_CHECKS: dict[str, tuple[type[Any], Any]] = {
    _OAS30_DIALECT: (OAS30Validator, OAS30Validator.FORMAT_CHECKER),
    OAS31_BASE_DIALECT_ID: (OAS31Validator, oas31_format_checker),
}
# The schemas that the 3.1 dialect refers to. Nothing else is resolved.
_META_RESOURCE_PREFIXES = (
    "https://json-schema.org/draft/2020-12/",
    "https://spec.openapis.org/oas/3.1/",
)


def _fast_meta_validator(keyword: Any, schema: Any, schema_value: Any) -> Any | None:
    """Return the fast validator for the library's dialect check of one schema, if any.

    Only the checks whose validator and format checker are known here get
    one. Any other dialect is left to the library.
    """
    if not isinstance(keyword, OpenAPIV31SchemaValidator):
        if getattr(keyword, "schema_validator_cls", None) is not OAS30Validator:
            return None
        return _fast_meta_validator_for(_OAS30_DIALECT)
    try:
        dialect = keyword._get_schema_dialect_id(schema, schema_value)
    except ValueError:
        return None
    expected = _META_CHECKS.get(dialect)
    if expected is None or keyword.schema_validator_format_checker is not expected[1]:
        return None
    if keyword._get_validator_class_for_dialect(dialect) is not expected[0]:
        return None
    return _fast_meta_validator_for(dialect)


@functools.cache
def _fast_meta_validator_for(dialect: str) -> Any | None:
    validator_class, format_checker = _META_CHECKS[dialect]
    resources = [
        (uri, OAS_RESOURCES.contents(uri))
        for uri in OAS_RESOURCES
        if uri.startswith(_META_RESOURCE_PREFIXES)
    ]
    return first_pass.build(validator_class.META_SCHEMA, resources, format_checker)


logger = logging.getLogger(__name__)

_LIBRARY_VALIDATORS = {
    "2.0": spec_validator.OpenAPIV2SpecValidator,
    "3.0": spec_validator.OpenAPIV30SpecValidator,
    "3.1": spec_validator.OpenAPIV31SpecValidator,
}
# By (version, whether jsonschema-rs runs first).
_VALIDATORS = {
    (version, fast): _library_validator(validator_class, version, fast)
    for version, validator_class in _LIBRARY_VALIDATORS.items()
    for fast in (False, True)
}

# Errors that are not about one node name the operation in their message.
_OPERATION_IN_MESSAGE = re.compile(r"for '(\w+)' operation in '([^']+)'")
_UNRESOLVED_PATH_PARAMETER = re.compile(r"Path parameter '([^']+)' for '\w+' operation")


def validate(document: Document, fast: bool = True) -> list[Diagnostic]:
    """Return every problem in the document, in document order.

    With `fast` (and jsonschema-rs installed) jsonschema-rs runs the JSON
    Schema checks first. The problems found are the same either way.
    """
    version = spec_version(document.root)
    validator = _VALIDATORS[(version, fast)](_without_path_extensions(document.root))
    document_valid = fast and first_pass.is_valid(
        _fast_document_validator(version), validator.schema
    )
    diagnostics: dict[tuple[str, str], Diagnostic] = {}
    wrong_keywords = list(keyword_problems(document.root))
    found, stopped = _library_problems(
        validator,
        is_large(document),
        document_valid,
        {pointer for pointer, _ in wrong_keywords},
    )
    try:
        for pointer, message in found:
            diagnostic = Diagnostic(message, document.locate(pointer))
            diagnostics.setdefault((pointer, message), diagnostic)
        if stopped is not None:
            raise stopped
    except _LIBRARY_FAILURES as error:
        # NOTE: openapi-spec-validator can fail on shapes it does not expect; the
        # problems found so far are kept and the spec is not called invalid for it.
        logger.warning("validation stopped early (%s: %s)", type(error).__name__, error)
    for pointer, message in enum_problems(document):
        diagnostics.setdefault(
            (pointer, message), Diagnostic(message, document.locate(pointer))
        )
    reported = {pointer for pointer, _ in diagnostics}
    for pointer, message in wrong_keywords:
        if pointer not in reported:
            diagnostics[(pointer, message)] = Diagnostic(
                message, document.locate(pointer)
            )
    return sorted(diagnostics.values(), key=_sort_key)


# Exceptions that openapi-spec-validator raises on shapes it does not expect.
_LIBRARY_FAILURES = (KeyError, TypeError, AttributeError, ValueError)


def is_large(document: Document) -> bool:
    """Tell whether a spec is large enough that work on it pays for a child process."""
    size = sum(len(source.text) for source in document.files.values())
    return size >= forked.MIN_FORK_BYTES


def _library_problems(
    validator: Any, fork: bool, document_valid: bool, ours: set[str]
) -> tuple[list[tuple[str, str]], Exception | None]:
    """Run the library's two passes; return (pointer, message) pairs and what stopped them.

    The library checks the whole document against its JSON Schema, then runs
    its own semantic checks: the same errors, wrapped the same way, as its
    `iter_errors`. The first pass is skipped when the document is known to be
    `document_valid`. Otherwise, on a large spec, it runs in a child process
    while this one runs the second. The second pass's findings count only when
    the first one finished, as when they run one after the other.

    The second pass's findings leave out each node that the first pass or
    apiregen's own checks (the pointers in `ours`) report. The library checks
    a schema that is not an object again there, and a Schema Object's keyword
    of the wrong type is the same problem in other words.
    """
    semantic_pass = wraps_errors(validator.root_validator)
    if document_valid:
        semantic = _described(semantic_pass(validator.schema_path))
        return _left_out(semantic[0], ours), semantic[1]
    document_pass = forked.Forked(
        lambda: _described(
            wraps_errors(validator.schema_validator.iter_errors)(validator.schema)
        ),
        enabled=fork,
    )
    if not fork:
        found, stopped = document_pass.result()
        if stopped is not None:
            return found, stopped
    semantic = _described(semantic_pass(validator.schema_path))
    if fork:
        found, stopped = document_pass.result()
        if stopped is not None:
            return found, stopped
    reported = ours | {pointer for pointer, _ in found}
    return found + _left_out(semantic[0], reported), semantic[1]


def _left_out(
    problems: list[tuple[str, str]], reported: set[str]
) -> list[tuple[str, str]]:
    return [problem for problem in problems if problem[0] not in reported]


def _described(
    errors: Iterable[Exception],
) -> tuple[list[tuple[str, str]], Exception | None]:
    found: list[tuple[str, str]] = []
    try:
        for error in errors:
            found.append(describe(error))
    except _LIBRARY_FAILURES as error:
        return found, error
    return found, None


def _without_path_extensions(root: Any) -> Any:
    """Return the document with `x-` entries of `paths` left out, for the validator.

    The Paths object may carry extensions, but openapi-spec-validator (0.9) reads
    every entry of `paths` as a path item and fails on a string there.
    """
    paths = root.get("paths") if isinstance(root, Mapping) else None
    if not isinstance(paths, Mapping) or not any(
        str(key).startswith("x-") for key in paths
    ):
        return root
    kept = {key: value for key, value in paths.items() if not str(key).startswith("x-")}
    return {**root, "paths": kept}


# Plain YAML 1.1 words that libyaml reads as booleans; YAML 1.2 and JSON do not.
_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off"})
# Keys whose values are data, not schemas: an "enum" key inside them is not an enum.
_DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum"})


def enum_problems(document: Document) -> Iterable[tuple[str, str]]:
    """Find problems of enums as (pointer, message).

    They are repeated values, booleans in string enums, and `x-enum-varnames`
    or `x-enum-descriptions` lists that do not fit the values.

    The walk only looks at the parsed values; the text of a value is read back
    from the file only for an enum that mixes booleans into strings, so the
    check costs nothing extra on a spec without that mistake.
    """
    stack: list[tuple[str, Any]] = [("", document.root)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, Mapping):
            values = node.get("enum")
            if isinstance(values, list):
                yield from _enum_node_problems(
                    document, pointer + "/enum", node, values
                )
                yield from extension_problems(pointer, node, values, document.token_at)
            yield from _number_text_problems(document, pointer, node)
            stack.extend(
                (pointers.join(pointer, key), value)
                for key, value in node.items()
                if isinstance(value, (Mapping, list))
                and not (key in _DATA_KEYS or str(key).startswith("x-"))
            )
        elif isinstance(node, list):
            stack.extend(
                (pointers.join(pointer, index), value)
                for index, value in enumerate(node)
                if isinstance(value, (Mapping, list))
            )


def _enum_node_problems(
    document: Document, pointer: str, schema: Mapping[str, Any], values: list[Any]
) -> Iterable[tuple[str, str]]:
    declared = schema.get("type")
    types = set(declared) if isinstance(declared, list) else {declared}
    string_typed = "string" in types and "boolean" not in types
    untyped_strings = declared is None and any(isinstance(v, str) for v in values)
    # Booleans in a string enum are reported below, so `yes` and `on` do not
    # also count as a repeated `true`.
    checked = [v for v in values if not (string_typed and isinstance(v, bool))]
    repeated = _repeated(checked)
    if repeated:
        shown = ", ".join(_short(value) for value in repeated)
        yield pointer, f"enum lists duplicate values: {shown}; remove the repeats"
    if not any(isinstance(value, bool) for value in values):
        return
    if not (string_typed or untyped_strings):
        return
    for index, value in enumerate(values):
        if isinstance(value, bool):
            message = _boolean_in_string_enum(
                document, f"{pointer}/{index}", value, string_typed
            )
            if message:
                yield f"{pointer}/{index}", message


# A number as JSON and YAML 1.2 write it. YAML 1.1 reads one with an exponent as
# a string unless it has a dot and a signed exponent (`1.0e+5`).
_NUMBER_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?[eE][-+]?[0-9]+")


def _number_text_problems(
    document: Document, pointer: str, schema: Mapping[str, Any]
) -> Iterable[tuple[str, str]]:
    """Report unquoted numbers such as `1e5` that YAML 1.1 read as strings.

    Only in the enum, `default` and `example` of a number or integer schema:
    elsewhere a string may be meant.
    """
    declared = schema.get("type")
    # Every mapping is visited, so `type` may be a property named "type".
    types = declared if isinstance(declared, list) else [declared]
    if "string" in types or not ("number" in types or "integer" in types):
        return
    values = schema.get("enum")
    # An enum item is located at its value, a mapping entry at its key.
    candidates = [
        (f"{pointer}/enum/{index}", value, document.token_at)
        for index, value in enumerate(values if isinstance(values, list) else [])
    ]
    candidates += [
        (f"{pointer}/{key}", schema.get(key), document.value_token_at)
        for key in ("default", "example")
    ]
    for where, value, written in candidates:
        # A quoted "1e5" is a string on purpose, which only the text as typed shows.
        is_number_text = isinstance(value, str) and _NUMBER_TEXT.fullmatch(value)
        if is_number_text and written(where) == value:
            yield where, _number_text_message(str(value))


def _number_text_message(text: str) -> str:
    mantissa, _, exponent = text.lower().partition("e")
    mantissa += "" if "." in mantissa else ".0"
    exponent = exponent if exponent[:1] in "+-" else "+" + exponent
    return (
        f"unquoted {text} in a number schema is read by YAML 1.1 as the string "
        f"'{text}', because its exponent needs a dot and a sign there; "
        f"write {mantissa}e{exponent}"
    )


def _repeated(values: list[Any]) -> list[Any]:
    """Return each value listed more than once; 1, 1.0 and True count as different."""
    seen: set[tuple[str, str]] = set()
    repeated: dict[tuple[str, str], Any] = {}
    for value in values:
        key = (type(value).__name__, repr(value))
        if key in seen:
            repeated.setdefault(key, value)
        seen.add(key)
    return list(repeated.values())


def _boolean_in_string_enum(
    document: Document, pointer: str, value: bool, string_typed: bool
) -> str | None:
    token = document.token_at(pointer)
    if token.lower() in _YAML11_BOOLEANS:
        return (
            f"unquoted {token} in a string enum is read by YAML 1.1 as the boolean "
            f"{str(value).lower()}; quote it: '{token}'"
        )
    if string_typed:
        return (
            f"enum value {str(value).lower()} is a boolean but the schema's type is "
            f"string; quote it or change the type"
        )
    return None


def _sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    location = diagnostic.location
    if location is None:
        return ("", 0, 0, diagnostic.message)
    return (location.file, location.line or 0, location.column or 0, diagnostic.message)


def describe(error: Exception) -> tuple[str, str]:
    """Return the pointer and a one-line message in plain words for a validator error."""
    if not isinstance(error, ValidationError):
        return _pointer_from_message(str(error)), _first_line(str(error))
    if error.context:
        error = _deepest(error)
    assert isinstance(error, ValidationError)
    if not error.absolute_path:
        return _pointer_from_message(error.message), _plain_message(error)
    pointer = pointers.join("", *error.absolute_path)
    unexpected = _unexpected_keys(error)
    if len(unexpected) == 1:
        # Point at the misspelled key itself rather than at its parent.
        pointer = pointers.join(pointer, unexpected[0])
    return pointer, _plain_message(error)


def _unexpected_keys(error: ValidationError) -> list[str]:
    """Return the keys an `additionalProperties: false` schema rejected, in spec order."""
    if error.validator not in ("additionalProperties", "unevaluatedProperties"):
        return []
    if not isinstance(error.instance, Mapping) or not isinstance(error.schema, Mapping):
        return []
    declared = error.schema.get("properties") or {}
    patterns = [re.compile(p) for p in error.schema.get("patternProperties") or {}]
    return [
        str(key)
        for key in error.instance
        if key not in declared and not any(p.search(str(key)) for p in patterns)
    ]


# Leaf errors that usually only mean "this was the wrong `oneOf` branch".
_BRANCH_MISMATCH = frozenset(
    {"required", "additionalProperties", "not", "oneOf", "anyOf"}
)


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
    """Tell whether an error only reports that a `oneOf` branch expects another fixed value.

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
        what = (
            "enum"
            if error.absolute_path and error.absolute_path[-1] == "enum"
            else "list"
        )
        repeated = ", ".join(_short(value) for value in _duplicates(instance))
        return f"{what} lists duplicate values: {repeated}; remove the repeats"
    if (
        kind == "required"
        and isinstance(expected, list)
        and isinstance(instance, Mapping)
    ):
        missing = [name for name in expected if name not in instance]
        return f"missing required field {', '.join(repr(name) for name in missing)}"
    if kind in ("additionalProperties", "unevaluatedProperties") and isinstance(
        instance, Mapping
    ):
        keys = _unexpected_keys(error)
        if keys:
            fields = ", ".join(repr(key) for key in keys)
        else:
            match = re.search(r"\((.*) (?:was|were) unexpected\)", error.message)
            fields = match.group(1) if match else "in this object"
        noun = "field" if len(keys) <= 1 else "fields"
        return f"unknown {noun} {fields}; check its spelling and where it is placed"
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
