"""The Python target: pydantic v2 models, one module, made by datamodel-code-generator.

apiregen decides every name and shape here, then hands datamodel-code-generator an
in-memory OpenAPI 3.1 document built for it (`models_document`):

- schema keys are our type names (`NamedSchema.type_name`, shared with the
  TypeScript output) and every `$ref` points at them;
- every enum carries `x-enum-varnames` with our member names and has no `null`
  value. Named enums take `EnumMember.name`, and inline ones the names that
  `build_enum` makes. A nullable named enum becomes `Enum | None` where it is used;
- each schema that becomes a class carries `x-apiregen-docstring`, the class
  docstring ready to print, which our templates in `templates/python/` read;
- field names come from `python_field_name` through the library's `aliases`
  option, so a wire name that is not a usable attribute keeps it as its alias.

The library renders the classes with our templates (`custom_template_dir`) and
formats the module with ruff or black. Enum member descriptions go into the class
docstring as a Google-style `Attributes:` section.
"""

from __future__ import annotations

import copy
import importlib.util
import keyword
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from apiregen.errors import ConfigError, OutputError
from apiregen.model.build import build_enum
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
    line_length: int = 88


def render_python(
    api: Api, settings: PythonSettings, environment: jinja2.Environment
) -> dict[str, str]:
    """Return {relative output path: module text} for the models of `api`."""
    from datamodel_code_generator import generate

    document = models_document(api, _plain_string_formats(settings))
    header = environment.get_template(HEADER_TEMPLATE).render(
        title=api.title, version=api.version
    )
    config = _generate_config(settings, document, header, environment)
    with warnings.catch_warnings():
        # The library warns that Jinja, black and isort will become optional
        # extras of its package. That concerns its packaging, not our output.
        warnings.filterwarnings("ignore", message=".*will become optional")
        # Formats it has no type for (`float64`, `url`) become the plain type,
        # which is what we want, so its warning for each of them is noise.
        warnings.filterwarnings("ignore", message="format of .* not understood")
        try:
            text = generate(document, config=config)
        except Exception as error:  # the library raises many kinds; report them all
            raise OutputError(
                f"generating the Python models failed: {error}"
            ) from error
    if not isinstance(text, str):
        raise OutputError("datamodel-code-generator returned several modules, not one")
    # The library returns the module without its final newline.
    return {settings.file: text.rstrip("\n") + "\n"}


# Settings ------------------------------------------------------------------


def _formatters(settings: PythonSettings) -> list[Any]:
    from datamodel_code_generator.format import Formatter

    # ruff-check sorts the imports the library writes, ruff-format lays out the code.
    table = {
        "ruff": [Formatter.RUFF_CHECK, Formatter.RUFF_FORMAT],
        "black": [Formatter.ISORT, Formatter.BLACK],
    }
    if settings.formatter not in table:
        raise ConfigError(
            f"setting 'python.formatter' must be one of {', '.join(table)}, "
            f"not {settings.formatter!r}"
        )
    return table[settings.formatter]


def _datetime_class(settings: PythonSettings) -> Any:
    from datamodel_code_generator.format import DatetimeClassType

    try:
        return DatetimeClassType(settings.datetime_class)
    except ValueError:
        choices = ", ".join(member.value for member in DatetimeClassType)
        raise ConfigError(
            f"setting 'python.datetime-class' must be one of {choices}, "
            f"not {settings.datetime_class!r}"
        ) from None


_URI_FORMATS = frozenset({"uri", "url", "iri"})


def _plain_string_formats(settings: PythonSettings) -> frozenset[str]:
    """Return the string formats to type as plain `str` under these settings."""
    uri_types = {"AnyUrl": frozenset[str](), "str": _URI_FORMATS}
    if settings.uri_type not in uri_types:
        raise ConfigError(
            f"setting 'python.uri-type' must be AnyUrl or str, not {settings.uri_type!r}"
        )
    email = frozenset[str]() if _use_email_str(settings) else _EMAIL_FORMATS
    return uri_types[settings.uri_type] | email


def _use_email_str(settings: PythonSettings) -> bool:
    table = {
        "always": lambda: True,
        "never": lambda: False,
        # pydantic's EmailStr needs email-validator at import time.
        "auto": lambda: importlib.util.find_spec("email_validator") is not None,
    }
    if settings.email_str not in table:
        raise ConfigError(
            "setting 'python.email-str' must be one of always, never, auto, "
            f"not {settings.email_str!r}"
        )
    return table[settings.email_str]()


def model_templates_dir(environment: jinja2.Environment) -> Path:
    """Return the `python/` folder that contains the model templates to use.

    A user template folder replaces the built-in model templates when it has
    all three of them (the library falls back to its own, not to ours, for a
    missing one, so a partial set is not taken).
    """
    loader = environment.loader
    search_path = getattr(loader, "searchpath", [])
    for folder in [*search_path, str(builtin_templates_dir())]:
        candidate = Path(folder) / "python"
        if all((candidate / name).is_file() for name in MODEL_TEMPLATES):
            return candidate
    raise OutputError(
        f"the Python model templates are missing: {', '.join(MODEL_TEMPLATES)}"
    )


def _generate_config(
    settings: PythonSettings,
    document: Mapping[str, Any],
    header: str,
    environment: jinja2.Environment,
) -> Any:
    from datamodel_code_generator import (
        DataModelType,
        GenerateConfig,
        InputFileType,
        PythonVersion,
    )
    from datamodel_code_generator.enums import OpenAPIScope

    return GenerateConfig(
        input_file_type=InputFileType.OpenAPI,
        openapi_scopes=[OpenAPIScope.Schemas],
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        custom_template_dir=model_templates_dir(environment),
        custom_file_header=header,
        disable_timestamp=True,
        formatters=_formatters(settings),
        builtin_format_line_length=settings.line_length,
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
        # Constraints as `Field(ge=0)` arguments: `conint(ge=0)` in an
        # annotation is a call, which mypy rejects.
        field_constraints=True,
        allow_population_by_field_name=True,
        aliases=field_aliases(document),
    )


# The document handed to the library ---------------------------------------


def models_document(
    api: Api, plain_formats: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Build the OpenAPI 3.1 document the models are generated from.

    `format`s in `plain_formats` are dropped, so their values are typed `str`.
    """
    preparer = _Preparer(api, plain_formats)
    schemas: dict[str, Any] = {}
    for named in api.schemas:
        schemas[named.type_name] = preparer.named(named.schema, named.enum)
    return {
        "openapi": "3.1.0",
        "info": {"title": api.title, "version": api.version},
        "paths": {},
        "components": {"schemas": schemas},
    }


def _enum_schema(schema: Mapping[str, Any], enum: EnumType) -> dict[str, Any]:
    """Give an enum our member names and docstring, without `null` among its values.

    The member descriptions are in the docstring, so `x-enum-descriptions` goes.
    """
    result = {
        key: value for key, value in schema.items() if key != "x-enum-descriptions"
    }
    result["enum"] = list(enum.values)
    result["x-enum-varnames"] = [member.name for member in enum.members]
    if isinstance(schema.get("type"), list):
        kept = [kind for kind in schema["type"] if kind != "null"]
        result["type"] = kept[0] if len(kept) == 1 else kept
    docstring = _docstring(schema.get("description"), enum)
    if docstring:
        result[DOCSTRING_KEY] = docstring
    return result


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


class _Preparer:
    """Copy schemas for the library: refs renamed, enums named, docstrings added."""

    def __init__(self, api: Api, plain_formats: frozenset[str]) -> None:
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
        result = {key: self._keyword(key, value) for key, value in node.items()}
        if "discriminator" in result:
            result["discriminator"] = self._discriminator(result["discriminator"])
        if result.get("format") in self.plain_formats:
            del result["format"]
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
            raise OutputError(f"the reference {ref} points at nothing") from None
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


def _becomes_class(schema: Mapping[str, Any]) -> bool:
    return "properties" in schema or schema.get("type") == "object"


# Docstrings ----------------------------------------------------------------


def _docstring(description: Any, enum: EnumType | None) -> str:
    """Return the class docstring body, escaped and indented for a class body.

    An enum's member descriptions follow as a Google-style `Attributes:` list.
    """
    lines: list[str] = []
    if isinstance(description, str) and description.strip():
        lines.extend(description.strip().splitlines())
    described = [
        member for member in (enum.members if enum else ()) if member.description
    ]
    if described:
        if lines:
            lines.append("")
        lines.append("Attributes:")
        for member in described:
            text = " ".join(str(member.description).split())
            lines.append(f"    {member.name}: {text}")
    if not lines:
        return ""
    body = _escape_docstring("\n".join(line.rstrip() for line in lines))
    if "\n" not in body:
        # A quote just before the closing quotes would end the string early.
        return body[:-1] + '\\"' if body.endswith('"') else body
    # A multi-line docstring closes on its own line at the class body's indent.
    return body.replace("\n", "\n    ").replace("\n    \n", "\n\n") + "\n    "


def _escape_docstring(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


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


def python_field_name(wire: str, reserved: frozenset[str] = frozenset()) -> str:
    """Return the attribute name of a property; the wire name stays its alias.

    Characters that cannot appear in an identifier become "_", leading
    underscores go (pydantic treats those as private), a leading digit gets
    "field_" in front, and a keyword or reserved name gets "_" appended.
    """
    folded = unicodedata.normalize("NFKD", wire).encode("ascii", "ignore").decode()
    name = re.sub(r"\W", "_", folded).lstrip("_")
    if not name or name[0].isdigit():
        name = "field_" + name if name else "field"
    # pydantic protects these prefixes; "model_dump_" would still start with one.
    if name.startswith(("model_dump", "model_validate")):
        name = "field_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return name


def field_aliases(document: Mapping[str, Any]) -> dict[str, str]:
    """Map each property name that cannot be an attribute as is to its Python name."""
    schemas = document["components"]["schemas"]
    reserved = _ANNOTATION_NAMES | _BUILTIN_NAMES | _base_model_names() | set(schemas)
    aliases = {}
    for wire in sorted(_property_names(schemas.values())):
        name = python_field_name(wire, reserved)
        if name != wire:
            aliases[wire] = name
    return aliases


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
