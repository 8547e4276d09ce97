"""The Python target: pydantic v2 models, one module, made by datamodel-code-generator.

apiregen decides every name and shape here, then hands datamodel-code-generator an
in-memory OpenAPI 3.1 document built for it (`models_document`):

- schema keys are our type names (`NamedSchema.type_name`, shared with the
  TypeScript output) and every `$ref` points at them;
- every enum carries `x-enum-varnames` with our member names and has no `null`
  value. Named enums take `EnumMember.name`, and inline ones the names that
  `build_enum` makes. A nullable named enum becomes `Enum | None` where it is used.
  An enum with values that Python's `==` merges (1 and true) gets
  `x-enum-field-as-literal` instead and becomes a `Literal` (`python_merges`);
- each schema that becomes a class carries `x-apiregen-docstring`, the class
  docstring ready to print, which our templates in `templates/python/` read;
- field names come from `names.python_field_names` through the library's `aliases`
  option, so a wire name that is not a usable attribute keeps it as its alias;
- a read-only or write-only property is required in neither direction, so it
  is optional in the one model both directions share;
- an object that does not close `additionalProperties` keeps unknown fields
  (the `extra-fields` setting), so a payload goes back as it came;
- a discriminator property is `str` in the bases the union's members extend,
  because the library narrows it to a `Literal` in each member.

The library names the classes it makes for inline schemas itself; with the
`definitions-first` strategy a named schema keeps its type name and an inline
class that wants the same name is numbered.

The library renders the classes with our templates (`custom_template_dir`) and
formats the module with ruff or black. Enum member descriptions go into the class
docstring as a Google-style `Attributes:` section.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from apiregen.config import check_output_path
from apiregen.errors import OutputError, SettingError
from apiregen.model.build import build_enum
from apiregen.model.names import python_field_names
from apiregen.model.types import Api, EnumType
from apiregen.pointers import fragment_pointer, lookup
from apiregen.render.environment import builtin_templates_dir

# Filters our own templates (header.py.jinja) use; the class templates are
# rendered by datamodel-code-generator's environment and use none of ours.
FILTERS: dict[str, Callable[..., Any]] = {}

SCHEMAS_PREFIX = "#/components/schemas/"
DOCSTRING_KEY = "x-apiregen-docstring"
HEADER_TEMPLATE = "python/header.py.jinja"
# The model templates, in the layout datamodel-code-generator looks them up in.
MODEL_TEMPLATES = ("pydantic_v2/BaseModel.jinja2", "pydantic_v2/RootModel.jinja2",
                   "Enum.jinja2")  # fmt: skip


@dataclass(frozen=True)
class PythonSettings:
    """`[tool.apiregen.python]`."""

    # The output path, relative to the output folder.
    file: str = "python/models.py"
    # "ruff" or "black": the formatter datamodel-code-generator runs on the module.
    formatter: str = "ruff"
    # The class for `format: date-time`: "AwareDatetime" (rejects a time without
    # an offset), "datetime" or "NaiveDatetime".
    datetime_class: str = "AwareDatetime"
    # Type `format: email` as pydantic's `EmailStr`: "auto" when the
    # `email-validator` package is importable, "always" or "never".
    email_str: str = "auto"
    # Type `format: uri` as pydantic's `AnyUrl` ("AnyUrl") or as `str` ("str").
    # AnyUrl rewrites values ("https://a.example" comes back with a "/"), so a
    # payload would not serialize back to what was received.
    uri_type: str = "str"
    # The line length of the module, from LINE_LENGTHS.
    line_length: int = 88
    # Fields a payload has beyond the schema's properties, where the schema
    # does not set `additionalProperties`: "allow" keeps them on the model
    # and sends them back, "ignore" drops them (pydantic's default).
    extra_fields: str = "allow"

    def check(self) -> None:
        """Raise SettingError for a value no renderer step accepts (see `read_table`)."""
        check_output_path("file", self.file)
        for step in (_formatters, _datetime_class, _plain_string_formats, _keep_extra,
                     _line_length):  # fmt: skip
            step(self)


def render_python(
    api: Api, settings: PythonSettings, environment: jinja2.Environment
) -> dict[str, str]:
    """Return {relative output path: module text} for the models of `api`."""
    keep_extra = _keep_extra(settings)
    document = models_document(api, _plain_string_formats(settings), keep_extra)
    # The title and version go into the module docstring, so quotes and
    # backslashes in them are escaped like any other docstring text.
    header = environment.get_template(HEADER_TEMPLATE).render(
        title=_escape_docstring(api.title), version=_escape_docstring(api.version)
    )
    if not api.schemas:
        # The library refuses a document without models; the module is then
        # only its docstring.
        return {settings.file: header.rstrip("\n") + "\n"}
    with tempfile.TemporaryDirectory(prefix="apiregen-templates-") as scratch:
        templates = assemble_model_templates(environment, Path(scratch))
        formatting = write_formatter_settings(settings, Path(scratch) / "formatting")
        config = _generate_config(settings, document, header, templates, formatting)
        text = _run_library(config, document)
    if not isinstance(text, str):
        raise OutputError("datamodel-code-generator returned several modules, not one")
    # The library returns the module without its final newline.
    return {settings.file: text.rstrip("\n") + "\n"}


def _run_library(config: Any, document: Mapping[str, Any]) -> Any:
    from datamodel_code_generator import generate

    with warnings.catch_warnings():
        # The library warns that Jinja, black and isort will become optional
        # extras of its package. That concerns its packaging, not our output.
        warnings.filterwarnings("ignore", message=".*will become optional")
        # Formats it has no type for (`float64`, `url`) become the plain type,
        # which is what we want, so its warning for each of them is noise.
        warnings.filterwarnings("ignore", message="format of .* not understood")
        # A float in an enum written as a Literal (see `python_merges`) is typed
        # `float`, because a Literal cannot contain a float (docs/hostile-input.md).
        warnings.filterwarnings("ignore", message="a Literal of the output model")
        try:
            return generate(dict(document), config=config)
        except Exception as error:  # the library raises many kinds; report them all
            raise OutputError(
                f"generating the Python models failed: {error}"
            ) from error


# Settings ------------------------------------------------------------------


def _formatters(settings: PythonSettings) -> list[Any]:
    from datamodel_code_generator.format import Formatter

    # ruff-check sorts the imports the library writes, ruff-format lays out the code.
    table = {
        "ruff": [Formatter.RUFF_CHECK, Formatter.RUFF_FORMAT],
        "black": [Formatter.ISORT, Formatter.BLACK],
    }
    if settings.formatter not in table:
        raise SettingError(
            "formatter",
            f"must be one of {', '.join(table)}, not {settings.formatter!r}",
        )
    return table[settings.formatter]


# The bounds are apiregen's choice, to catch a mistyped value such as 880.
# Under 20 columns hardly a field annotation fits on a line.
LINE_LENGTHS = range(20, 321)


def _line_length(settings: PythonSettings) -> int:
    length = settings.line_length
    if isinstance(length, bool) or length not in LINE_LENGTHS:
        raise SettingError(
            "line-length",
            f"must be a whole number from {LINE_LENGTHS.start} to "
            f"{LINE_LENGTHS.stop - 1}, not {length!r}",
        )
    return length


def formatter_settings(settings: PythonSettings) -> str:
    """Return the `pyproject.toml` the formatters read, made from our settings only.

    ruff, black and isort look for their settings from the folder they run in
    up to the root, and ruff falls back to the user's `~/.config/ruff`. Run in
    a folder containing this file, they find it first and stop there, so the
    `ruff.toml` or `[tool.ruff]`, `[tool.black]` and `[tool.isort]` of the
    folder apiregen runs from have no effect. The lint rules are ruff's defaults, which sort the imports and
    write `dict` for `Dict`. Those defaults change only with ruff's version,
    and that version is part of the cache key.
    """
    length = _line_length(settings)
    return FORMATTER_SETTINGS.format(length=length)


# isort wraps a long import without a trailing comma, so black lays it out
# again at `length` as if isort had not wrapped it.
FORMATTER_SETTINGS = """\
[tool.ruff]
line-length = {length}
target-version = "py311"
preview = false

[tool.ruff.format]
quote-style = "double"
indent-style = "space"
line-ending = "lf"
skip-magic-trailing-comma = false
docstring-code-format = false

[tool.black]
line-length = {length}

[tool.isort]
line_length = {length}
known_third_party = ["pydantic"]
src_paths = []
"""


def write_formatter_settings(settings: PythonSettings, folder: Path) -> Path:
    """Write `formatter_settings` into `folder` and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    text = formatter_settings(settings)
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    return folder


def _datetime_class(settings: PythonSettings) -> Any:
    from datamodel_code_generator.format import DatetimeClassType

    try:
        return DatetimeClassType(settings.datetime_class)
    except ValueError:
        choices = ", ".join(member.value for member in DatetimeClassType)
        raise SettingError(
            "datetime-class",
            f"must be one of {choices}, not {settings.datetime_class!r}",
        ) from None


_URI_FORMATS = frozenset({"uri", "url", "iri"})


def _plain_string_formats(settings: PythonSettings) -> frozenset[str]:
    """Return the string formats to type as plain `str` under these settings."""
    uri_types = {"AnyUrl": frozenset[str](), "str": _URI_FORMATS}
    if settings.uri_type not in uri_types:
        raise SettingError(
            "uri-type", f"must be AnyUrl or str, not {settings.uri_type!r}"
        )
    email = frozenset[str]() if _use_email_str(settings) else _EMAIL_FORMATS
    return uri_types[settings.uri_type] | email | _SECRET_FORMATS


def _keep_extra(settings: PythonSettings) -> bool:
    table = {"allow": True, "ignore": False}
    if settings.extra_fields not in table:
        raise SettingError(
            "extra-fields", f"must be allow or ignore, not {settings.extra_fields!r}"
        )
    return table[settings.extra_fields]


def _use_email_str(settings: PythonSettings) -> bool:
    table = {
        "always": lambda: True,
        "never": lambda: False,
        # pydantic's EmailStr needs email-validator at import time.
        "auto": lambda: importlib.util.find_spec("email_validator") is not None,
    }
    if settings.email_str not in table:
        raise SettingError(
            "email-str",
            f"must be one of always, never, auto, not {settings.email_str!r}",
        )
    return table[settings.email_str]()


def model_template_files(environment: jinja2.Environment) -> dict[str, Path]:
    """Return {name in MODEL_TEMPLATES: the file to use}, template by template.

    Each comes from the first folder of the environment's search path (a user
    template folder, then the built-in one) that has `python/<name>`.
    """
    loader = environment.loader
    search_path = [*getattr(loader, "searchpath", []), str(builtin_templates_dir())]
    chosen: dict[str, Path] = {}
    for name in MODEL_TEMPLATES:
        for folder in search_path:
            candidate = Path(folder) / "python" / name
            if candidate.is_file():
                chosen[name] = candidate
                break
        else:
            raise OutputError(f"the Python model template python/{name} is missing")
    return chosen


def assemble_model_templates(environment: jinja2.Environment, folder: Path) -> Path:
    """Copy the model templates to use into `folder`, in the library's layout.

    The library looks every template up in one folder. For a template that
    folder lacks, it falls back to its own bundled one, not to ours, so a user
    folder that overrides one template is merged with ours first.
    """
    for name, source in model_template_files(environment).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return folder


def _generate_config(
    settings: PythonSettings,
    document: Mapping[str, Any],
    header: str,
    templates: Path,
    formatting: Path,
) -> Any:
    from datamodel_code_generator import (
        DataModelType,
        GenerateConfig,
        InputFileType,
        PythonVersion,
    )
    from datamodel_code_generator.enums import NamingStrategy, OpenAPIScope

    return GenerateConfig(
        input_file_type=InputFileType.OpenAPI,
        openapi_scopes=[OpenAPIScope.Schemas],
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        custom_template_dir=templates,
        custom_file_header=header,
        disable_timestamp=True,
        formatters=_formatters(settings),
        # The formatters run in this folder and read only its settings file.
        settings_path=formatting,
        output_datetime_class=_datetime_class(settings),
        use_double_quotes=True,
        use_union_operator=True,
        use_standard_collections=True,
        # `X | None` only where the schema allows null; an optional field that
        # does not is still `X | None = None`, as absent and null differ.
        strict_nullable=True,
        # `class Status(str, Enum)` rather than StrEnum, for every value type.
        use_subclass_enum=True,
        use_specialized_enum=False,
        # `status: Status = Status.ACTIVE`, not `= "active"`: mypy rejects an
        # int default for an int enum field.
        set_default_enum_member=True,
        # Constraints as `Field(ge=0)` arguments: `conint(ge=0)` in an
        # annotation is a call, which mypy rejects.
        field_constraints=True,
        allow_population_by_field_name=True,
        # A class the library makes for an inline schema is named after the
        # property. When that name is one of our type names, ours keeps it and
        # the inline class is numbered ("BalanceTransaction1").
        naming_strategy=NamingStrategy.DefinitionsFirst,
        aliases=field_aliases(document),
        additional_imports=_extra_imports(document),
        # The document is complete: every ref is local. The library must never
        # fetch a URL or read a file a schema names, whatever it finds in it.
        untrusted_input=True,
        allow_remote_refs=False,
    )


def _extra_imports(document: Mapping[str, Any]) -> list[str] | None:
    """Return the imports the library needs but does not add itself.

    Typed extra fields (an `additionalProperties` schema beside `properties`)
    are declared `__pydantic_extra__: dict[str, X] = Field(init=False)` by our
    template, and the library does not import `Field` for that line.
    """
    return ["pydantic.Field"] if _has_typed_extras(document) else None


def _has_typed_extras(document: Mapping[str, Any]) -> bool:
    stack: list[Any] = list(document["components"]["schemas"].values())
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            extra = node.get("additionalProperties")
            if isinstance(extra, Mapping) and "properties" in node:
                return True
            for key, value in node.items():
                if key in _ONE_SCHEMA or key in _SCHEMA_LISTS:
                    stack.append(value)
                elif key in _SCHEMA_MAPS and isinstance(value, Mapping):
                    stack.extend(value.values())
    return False


# The document handed to the library ---------------------------------------


def models_document(
    api: Api, plain_formats: frozenset[str] = frozenset(), keep_extra: bool = True
) -> dict[str, Any]:
    """Build the OpenAPI 3.1 document the models are generated from.

    `format`s in `plain_formats` are dropped, so their values are typed `str`.
    With `keep_extra`, an object with properties that does not set
    `additionalProperties` gets `true`, which the library writes as
    `extra="allow"`: JSON Schema allows such fields, and a model that dropped
    them would not send back what it received.
    """
    preparer = _Preparer(api, plain_formats, keep_extra)
    schemas: dict[str, Any] = {}
    for named in api.schemas:
        schemas[named.type_name] = preparer.named(named.schema, named.enum)
    _widen_discriminator_bases(schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": api.title, "version": api.version},
        "paths": {},
        "components": {"schemas": schemas},
    }


def _widen_discriminator_bases(schemas: dict[str, Any]) -> None:
    """Type a discriminator property as `str` in the bases its union members extend.

    The library types that property of each member as the `Literal` of its
    mapping value. mypy rejects that override when a base types the property
    as an enum, but accepts it over `str`.
    """
    for union in _discriminated_unions(schemas):
        name = union["discriminator"]["propertyName"]
        for member in union.get("oneOf") or union.get("anyOf") or ():
            for base in _base_schemas(schemas, _schema_key(member)):
                properties = base.get("properties")
                if isinstance(properties, dict) and _is_enum(
                    schemas, properties.get(name)
                ):
                    kept = {
                        k: v for k, v in properties[name].items() if k == "description"
                    }
                    properties[name] = {"type": "string", **kept}


def _discriminated_unions(schemas: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        schema
        for schema in schemas.values()
        if isinstance(schema, dict)
        and isinstance(schema.get("discriminator"), dict)
        and isinstance(schema["discriminator"].get("propertyName"), str)
    ]


def _schema_key(node: Any) -> str | None:
    ref = node.get("$ref") if isinstance(node, Mapping) else None
    if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
        return ref[len(SCHEMAS_PREFIX) :]
    return None


def _base_schemas(schemas: Mapping[str, Any], key: str | None) -> list[dict[str, Any]]:
    """Return the schemas that `key` extends through `allOf`, transitively."""
    found: list[dict[str, Any]] = []
    pending, seen = [key], set()
    while pending:
        current = pending.pop()
        if current is None or current in seen:
            continue
        schema = schemas.get(current)
        if not isinstance(schema, dict):
            continue
        seen.add(current)
        keys = (_schema_key(part) for part in schema.get("allOf") or ())
        bases = [key for key in keys if key]
        found.extend(schemas[b] for b in bases if isinstance(schemas.get(b), dict))
        pending.extend(bases)
    return found


def _is_enum(schemas: Mapping[str, Any], node: Any) -> bool:
    if not isinstance(node, Mapping):
        return False
    target = schemas.get(_schema_key(node) or "")
    alternatives = node.get("anyOf") or ()
    return (
        "enum" in node
        or (isinstance(target, Mapping) and "enum" in target)
        or any(_is_enum(schemas, part) for part in alternatives)
    )


def _enum_schema(schema: Mapping[str, Any], enum: EnumType) -> dict[str, Any]:
    """Give an enum our member names and docstring, without `null` among its values.

    The member descriptions are in the docstring, so `x-enum-descriptions` goes.
    """
    result = {
        key: value for key, value in schema.items() if key != "x-enum-descriptions"
    }
    result["enum"] = list(enum.values)
    literal = python_merges(enum.values)
    if literal:
        # Python's Enum makes a value equal to an earlier one (True to 1, 1.0
        # to 1) an alias of that member, and the value is lost. A Literal
        # keeps each: a RootModel for a named enum, the bare Literal inline.
        result["x-enum-field-as-literal"] = True
    else:
        result["x-enum-varnames"] = [member.name for member in enum.members]
    if isinstance(schema.get("type"), list):
        kept = [kind for kind in schema["type"] if kind != "null"]
        result["type"] = kept[0] if len(kept) == 1 else kept
    docstring = _docstring(schema.get("description"), enum, by_value=literal)
    if docstring:
        result[DOCSTRING_KEY] = docstring
        if literal and enum.type_name:
            # The class docstring contains it, so the root's Field would repeat it.
            result.pop("description", None)
    return result


def python_merges(values: Iterable[Any]) -> bool:
    """Tell whether Python's equality merges two of these distinct enum values.

    `values` come from `build_enum`, which has dropped repeats of the same
    type and form, so a merge is between numbers and booleans of equal value
    (1, 1.0 and True; 0, 0.0, -0.0 and False; 2 and 2.0).
    """
    # Only numbers and booleans can merge, and objects or arrays in an enum
    # cannot go into a set.
    numbers = [value for value in values if isinstance(value, (bool, int, float))]
    return len(set(numbers)) < len(numbers)


# JSON Schema keywords whose value is a schema, a list of schemas or a map of
# schemas; everything else (example, default, enum, const, x-*) is data and is
# copied untouched, even when it contains a "$ref" key.
_ONE_SCHEMA = ("additionalProperties", "items", "not", "if", "then", "else",
               "contains", "propertyNames", "unevaluatedProperties",
               "unevaluatedItems", "additionalItems")  # fmt: skip
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions",
                "dependentSchemas")  # fmt: skip
_EMAIL_FORMATS = frozenset({"email", "idn-email"})
# The library types these as pydantic's SecretStr, which serializes as
# "**********": a model could not send back a password it was given.
_SECRET_FORMATS = frozenset({"password"})


class _Preparer:
    """Copy schemas for the library: refs renamed, enums named, docstrings added."""

    def __init__(
        self, api: Api, plain_formats: frozenset[str], keep_extra: bool
    ) -> None:
        self.keep_extra = keep_extra
        self.api = api
        self.plain_formats = plain_formats
        self.ref_names = {schema.pointer: schema.type_name for schema in api.schemas}
        self.nullable_enums = {
            schema.pointer
            for schema in api.enums
            if schema.enum and schema.enum.nullable
        }
        self._inlining: set[str] = set()

    def named(self, node: Any, enum: EnumType | None) -> Any:
        """Prepare a schema of `components/schemas`.

        A nullable enum loses its null here, and each reference to it adds the null.
        """
        if enum is None or not isinstance(node, Mapping):
            return self.schema(node)
        return _enum_schema(self._copy(node), enum)

    def schema(self, node: Any) -> Any:
        if not isinstance(node, Mapping):
            return copy.deepcopy(node)
        if isinstance(node.get("$ref"), str):
            return self._reference(node)
        result = self._copy(node)
        if isinstance(node.get("enum"), list):
            return self._inline_enum(result)
        if _becomes_class(result) and isinstance(node.get("description"), str):
            result[DOCSTRING_KEY] = _docstring(node["description"], None)
        return result

    def _copy(self, node: Mapping[str, Any]) -> dict[str, Any]:
        result = {
            key: self._keyword(key, value)
            for key, value in node.items()
            if key not in _UNRESOLVED_KEYWORDS
        }
        _open_pattern_properties(result)
        _const_container(result)
        if "discriminator" in result:
            result["discriminator"] = self._discriminator(result["discriminator"])
        if self.keep_extra and "properties" in result:
            result.setdefault("additionalProperties", True)
        if result.get("format") in self.plain_formats:
            del result["format"]
        if isinstance(result.get("required"), list):
            result["required"] = _required_both_ways(result)
        _drop_default_outside(result, node.get("enum"))
        return result

    def _keyword(self, key: str, value: Any) -> Any:
        if key in _ONE_SCHEMA:
            return self.schema(value)
        if key in _SCHEMA_LISTS and isinstance(value, list):
            return [self.schema(item) for item in value]
        if key in _SCHEMA_MAPS and isinstance(value, Mapping):
            return {name: self.schema(item) for name, item in value.items()}
        return copy.deepcopy(value)

    def _reference(self, node: Mapping[str, Any]) -> Any:
        ref = node["$ref"]
        siblings = {key: self._keyword(key, value) for key, value in node.items()
                    if key != "$ref"}  # fmt: skip
        if ref in self.ref_names:
            named = self.api.schema_for_ref(ref)
            if named is not None and named.enum is not None:
                _drop_default_outside(siblings, list(named.enum.values) + [None])
            target = {"$ref": SCHEMAS_PREFIX + self.ref_names[ref]}
            if ref in self.nullable_enums:
                return {"anyOf": [target, {"type": "null"}], **siblings}
            return {**target, **siblings}
        return self._inline_ref(ref, siblings)

    def _inline_ref(self, ref: str, siblings: dict[str, Any]) -> Any:
        """Copy in a schema that lives outside `components/schemas`."""
        if not ref.startswith("#") or ref in self._inlining:
            raise OutputError(f"cannot make a Python type for the reference {ref}")
        try:
            target = lookup(self.api.document, fragment_pointer(ref))
        except KeyError:
            # Loading checked every ref, so the target was a keyword of the
            # wrong JSON type (an `allOf` mapping), which validation reported
            # and dropped. The type is then `Any`, as `unknown` in TypeScript.
            return siblings
        self._inlining.add(ref)
        try:
            prepared = self.schema(target)
        finally:
            self._inlining.discard(ref)
        return {**prepared, **siblings} if isinstance(prepared, dict) else prepared

    def _discriminator(self, discriminator: Any) -> Any:
        if not isinstance(discriminator, dict) or not isinstance(
            discriminator.get("mapping"), dict
        ):
            return discriminator
        mapping = {
            value: SCHEMAS_PREFIX + self.ref_names[target]
            if target in self.ref_names
            else target
            for value, target in discriminator["mapping"].items()
        }
        return {**discriminator, "mapping": mapping}

    def _inline_enum(self, schema: dict[str, Any]) -> dict[str, Any]:
        enum = build_enum("", schema)
        if enum is None:  # pragma: no cover - the caller checked for a list
            return schema
        result = _enum_schema(schema, enum)
        if enum.nullable:
            kept = [key for key in ("description", "default") if key in result]
            outer: dict[str, Any] = {key: result.pop(key) for key in kept}
            return {"anyOf": [result, {"type": "null"}], **outer}
        return result


# Keywords that make the library resolve a URI, which could name a URL or a
# file. The loader has rejected all but local ones, and without them a type is
# only wider (`Any` for a `$dynamicRef`).
_UNRESOLVED_KEYWORDS = frozenset({"$id", "$dynamicRef", "$dynamicAnchor",
                                  "$recursiveRef", "$recursiveAnchor"})  # fmt: skip


def _open_pattern_properties(schema: dict[str, Any]) -> None:
    """Keep the keys `patternProperties` admits when `additionalProperties` is false.

    The library closes such a model (`extra="forbid"`) and so rejects every key
    the patterns admit. An open model accepts them, and more.
    """
    if schema.get("patternProperties") and schema.get("additionalProperties") is False:
        schema["additionalProperties"] = True


# The JSON type of a `const` value that the library cannot write as a Literal.
_CONTAINER_TYPES: dict[type, str] = {dict: "object", list: "array"}


def _const_container(schema: dict[str, Any]) -> None:
    """Type a `const` object or array as any object or array.

    The library types it from the value but gives it the default `None`, which
    mypy rejects; a Literal cannot hold an object or an array.
    """
    kind = _CONTAINER_TYPES.get(type(schema.get("const")))
    if kind is not None:
        del schema["const"]
        schema.setdefault("type", kind)


def _drop_default_outside(schema: dict[str, Any], values: Any) -> None:
    """Drop a `default` that is not one of the enum's `values`.

    Such a default breaks the spec's own schema. As the default of an enum
    field it fails mypy, so the field is left without one.
    """
    if not isinstance(values, list) or "default" not in schema:
        return
    if schema["default"] not in values:
        del schema["default"]


def _required_both_ways(schema: Mapping[str, Any]) -> list[Any]:
    """Return `required` without the read-only and write-only properties.

    One model serves requests, which leave read-only properties out, and
    responses, which leave write-only ones out. Such a property is required
    in neither direction, so it is optional in the model.
    """
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        return list(schema["required"])
    return [
        name
        for name in schema["required"]
        if not _one_way(properties.get(name) if isinstance(name, str) else None)
    ]


def _one_way(node: Any) -> bool:
    return isinstance(node, Mapping) and bool(
        node.get("readOnly") is True or node.get("writeOnly") is True
    )


def _becomes_class(schema: Mapping[str, Any]) -> bool:
    return "properties" in schema or schema.get("type") == "object"


# Docstrings ----------------------------------------------------------------


def _docstring(description: Any, enum: EnumType | None, by_value: bool = False) -> str:
    """Return the class docstring body, escaped and indented for a class body.

    An enum's member descriptions follow as a Google-style `Attributes:` list,
    or with `by_value`, for an enum written as a Literal, which has no member
    names, as a `Values:` list keyed by each value's JSON form.
    """
    lines: list[str] = []
    if isinstance(description, str) and description.strip():
        lines.extend(description.strip().splitlines())
    described = [
        member for member in (enum.members if enum else ()) if member.description
    ]
    if described:
        if not lines and enum is not None:
            # A summary line first: the formatter dedents the member lines to
            # the first line's indent when "Attributes:" would open the string.
            lines.append(f"Values of {enum.type_name}.")
        lines.append("")
        lines.append("Values:" if by_value else "Attributes:")
        for member in described:
            text = " ".join(str(member.description).split())
            label = json.dumps(member.value) if by_value else member.name
            lines.append(f"    {label}: {text}")
    if not lines:
        return ""
    body = _escape_docstring("\n".join(line.rstrip() for line in lines))
    if "\n" not in body:
        # A quote just before the closing quotes would end the string early.
        return body[:-1] + '\\"' if body.endswith('"') else body
    # A multi-line docstring closes on its own line at the class body's indent.
    return body.replace("\n", "\n    ").replace("\n    \n", "\n\n") + "\n    "


def _escape_docstring(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    # Python rejects a NUL in source, and other control characters would be
    # invisible or read as line breaks, so each becomes its escape sequence.
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", escaped)


# C0 controls but tab and line feed, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# Field names ---------------------------------------------------------------

# Names a field must not take as its attribute name: they are BaseModel
# attributes, or names the module's annotations refer to, which a class
# attribute of the same name would hide.
_ANNOTATION_NAMES = frozenset(
    {
        "Any",
        "Annotated",
        "AnyUrl",
        "AwareDatetime",
        "BaseModel",
        "ConfigDict",
        "Decimal",
        "EmailStr",
        "Enum",
        "Field",
        "Literal",
        "NaiveDatetime",
        "Optional",
        "RootModel",
        "UUID",
        "Union",
        "date",
        "datetime",
        "time",
        "timedelta",
        "model_config",
    }
)

# Only the built-in types annotations use: "id", "type" or "hash" stay as they are.
_BUILTIN_NAMES = frozenset(
    {
        "bool",
        "bytes",
        "dict",
        "float",
        "frozenset",
        "int",
        "list",
        "set",
        "str",
        "tuple",
    }
)


def _base_model_names() -> frozenset[str]:
    from pydantic import BaseModel

    return frozenset(name for name in dir(BaseModel) if not name.startswith("_"))


def field_aliases(document: Mapping[str, Any]) -> dict[str, str]:
    """Map each property name that cannot be an attribute as is to its Python name."""
    schemas = document["components"]["schemas"]
    reserved = _ANNOTATION_NAMES | _BUILTIN_NAMES | _base_model_names() | set(schemas)
    names = python_field_names(_property_names(schemas.values()), reserved)
    return {wire: name for wire, name in names.items() if name != wire}


def _property_names(nodes: Iterable[Any]) -> set[str]:
    found: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, Mapping):
            continue
        for key, value in node.items():
            if key == "properties" and isinstance(value, Mapping):
                found.update(str(name) for name in value)
                stack.extend(value.values())
            elif key in _ONE_SCHEMA or key in _SCHEMA_LISTS or key in _SCHEMA_MAPS:
                stack.append(value)
    return found
