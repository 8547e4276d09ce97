"""Prepare one operation's section: curl sample, body, parameters, responses."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import yaml

from apiregen.model.samples import sample
from apiregen.model.types import MediaType, Operation, Parameter
from apiregen.render.markdown import cells, statuses
from apiregen.render.markdown.schema_tables import (
    FLATTENED,
    PROPERTIES,
    EnumRow,
    Row,
    SchemaTables,
    TableStyle,
)

PARAMETERS = TableStyle(False, True, True, False, False, array_brackets=True)

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class CodeBlock:
    label: str
    language: str
    text: str


@dataclass(frozen=True)
class ResponseSchema:
    status: str
    rows: tuple[Row, ...]
    enums: tuple[EnumRow, ...]


def operation_context(
    op: Operation, tables: SchemaTables, settings: Any, host: str
) -> dict[str, Any]:
    title = op.summary or f"{op.method.upper()} {op.path}"
    parameter_rows, parameter_enums = _parameters(op, tables)
    schema_heading, response_schemas = _response_schemas(op, tables)
    return {
        "title": cells.line(heading_text(title)),
        "anchor": section_id(title),
        "description": _description(op, settings),
        "curl": curl_sample(op, tables, host),
        "method_path": cells.inline_code(f"{op.method.upper()} {op.path}"),
        "deprecated": op.deprecated and settings.mark_deprecated_operations,
        "bodies": _bodies(op, tables),
        "parameters": parameter_rows,
        "parameter_enums": parameter_enums,
        "examples": _examples(op, tables),
        "responses": [_response_row(r, tables) for r in op.responses],
        "response_schemas": response_schemas,
        "response_schema_heading": schema_heading,
        "auth_note": settings.auth_note if op.security else "",
    }


# Punctuation that markdownlint (MD026) does not allow at the end of a heading.
_HEADING_END = ".,;:!。，；：！"


def heading_text(title: str) -> str:
    """Drop trailing punctuation from a heading, as the published pages do."""
    return title.strip().rstrip(_HEADING_END).rstrip() or title.strip()


def section_id(title: str) -> str:
    """Return the id of an operation's "Response Schema" heading.

    The id is the summary lower-cased with whitespace runs as "-". Letters,
    digits and `_:./-` stay, as on the published pages (`removed:-get-logs`).
    Any other character is dropped, so the attribute cannot be closed or carry
    markup. No link points at this id.
    """
    slug = re.sub(r"\s+", "-", title.strip().lower())
    return re.sub(r"[^\w:./-]", "", slug)


def _description(op: Operation, settings: Any) -> str:
    text = op.description or ""
    if any(text.startswith(prefix) for prefix in settings.hidden_description_prefixes):
        return ""
    return cells.paragraph(text)


def _first(content: tuple[MediaType, ...]) -> MediaType | None:
    return content[0] if content else None


def curl_sample(op: Operation, tables: SchemaTables, host: str) -> str:
    """Write the curl command: required query parameters, content headers, auth."""
    document = tables.api.document
    required = [p for p in op.parameters if p.location == "query" and p.required]
    names = [p.name for p in required]
    query = [
        f"{p.name}={quote(cells.literal(_parameter_sample(p, document)), safe='')}"
        for p in required
    ]
    url = host.rstrip("/") + op.path + ("?" + "&".join(query) if query else "")
    if not all(_SHELL_SAFE.fullmatch(part) for part in (host, op.path, *names)):
        url = shell_quote(url)
    lines = [f"curl -X {op.method.upper()} {url}"]
    lines += [
        "-H " + shell_quote(f"{name}: {value}")
        for name, value in _curl_headers(op, tables)
    ]
    if len(lines) > 1:
        return " \\\n  ".join(lines)
    # Without headers the published samples end with an empty line, and keep
    # the line continuation when the only header was a form content type.
    return lines[0] + (" \\" if _form_body(op) else "") + "\n"


# URL parts a POSIX shell reads as one plain word. The published samples
# write such URLs bare. A URL with any other character from the spec (`$`,
# a backtick, `;`, a quote, a space...) is quoted whole. The `&` joining the
# query parameters is apiregen's own and stays bare, as published.
# NOTE: a bare `&` still ends the command in a shell; quoting every URL
# would change the published samples.
_SHELL_SAFE = re.compile(r"[A-Za-z0-9_.:/?=%{}@+-]*")


def shell_quote(text: str) -> str:
    """Quote `text` as one POSIX shell word: single quotes, `'` written as `'\\''`.

    Line breaks fold to spaces, so the sample stays one command and cannot
    close its code block.
    """
    text = " ".join(cells.split_lines(text))
    return "'" + text.replace("'", "'\\''") + "'"


def _form_body(op: Operation) -> bool:
    body = _first(op.request_body.content) if op.request_body else None
    return body is not None and body.content_type == _FORM_TYPES[0]


def _parameter_sample(parameter: Parameter, document: Mapping[str, Any]) -> Any:
    if parameter.example is not None:
        return parameter.example
    return sample(parameter.schema, document)


def _curl_headers(op: Operation, tables: SchemaTables) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    header_parameters = [
        p for p in op.parameters if p.location == "header" and p.required
    ]
    given = {p.name.lower() for p in header_parameters}
    body = _first(op.request_body.content) if op.request_body else None
    if (
        body
        and body.content_type not in _FORM_TYPES[:1]
        and "content-type" not in given
    ):
        headers.append(("Content-Type", body.content_type))
    accept = next((m.content_type for r in op.responses for m in r.content), None)
    if accept and "accept" not in given:
        headers.append(("Accept", accept))
    document = tables.api.document
    for parameter in header_parameters:
        headers.append(
            (parameter.name, cells.literal(_parameter_sample(parameter, document)))
        )
    headers += _auth_headers(op, tables)
    return headers


def _auth_headers(op: Operation, tables: SchemaTables) -> list[tuple[str, str]]:
    if not op.security:
        return []
    schemes = {scheme.name: scheme for scheme in tables.api.security_schemes}
    headers = []
    for name in op.security[0]:
        scheme = schemes.get(name)
        if scheme is None:
            continue
        if (
            scheme.type == "apiKey"
            and scheme.location == "header"
            and scheme.parameter_name
        ):
            headers.append((scheme.parameter_name, "API_KEY"))
        elif scheme.type == "http" and (scheme.scheme or "").lower() == "basic":
            headers.append(("Authorization", "Basic {credentials}"))
        elif scheme.type in ("http", "oauth2", "openIdConnect"):
            headers.append(("Authorization", "Bearer {access-token}"))
    return headers


def example_block(
    media: MediaType, tables: SchemaTables, direction: str
) -> tuple[str, str]:
    """Return (language, text) of a media type's example: its own, else a sample.

    A sample depends only on the schema, the direction and the media type, so
    each is made once per run. Large specs reuse a few schemas in many
    responses: Microsoft Graph's spec has 38,500 example blocks.
    """
    if media.has_example:
        return _example_text(media.content_type, media.example)
    key = (_sample_key(media.schema), direction, media.content_type)
    block = tables.examples.get(key)
    if block is None:
        value = sample(media.schema, tables.api.document, direction)  # type: ignore[arg-type]
        block = tables.examples[key] = _example_text(media.content_type, value)
    return block


def _sample_key(schema: Any) -> tuple[str, Any]:
    """Key a schema by its `$ref` when it is only that, else by the object itself.

    The object's id is stable here because the model keeps every schema
    alive for the whole run.
    """
    if isinstance(schema, Mapping) and len(schema) == 1:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return ("ref", ref)
    return ("id", id(schema))


def _example_text(content_type: str, value: Any) -> tuple[str, str]:
    if content_type in _FORM_TYPES or not _is_json(content_type):
        if isinstance(value, str):
            return "", value
        if content_type in _FORM_TYPES or isinstance(value, (dict, list)):
            return "yaml", yaml.safe_dump(value, sort_keys=False, allow_unicode=True)
    return "json", json.dumps(value, indent=2, ensure_ascii=False)


def _is_json(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base.endswith(("/json", "+json")) or base == "*/*"


def _bodies(op: Operation, tables: SchemaTables) -> list[CodeBlock]:
    if op.request_body is None:
        return []
    blocks = []
    several = len(op.request_body.content) > 1
    for media in op.request_body.content:
        if media.schema is None and not media.has_example:
            continue
        language, text = example_block(media, tables, "request")
        label = (
            f"Body parameter ({cells.code(media.content_type)})"
            if several
            else "Body parameter"
        )
        blocks.append(CodeBlock(label, language, text))
    return blocks


def _parameters(
    op: Operation, tables: SchemaTables
) -> tuple[list[list[str]], list[EnumRow]]:
    rows: list[list[str]] = []
    enums: list[EnumRow] = []
    for parameter in op.parameters:
        rows.append([
            cells.code(parameter.name),
            parameter.location,
            tables.type_text(parameter.schema, PARAMETERS),
            "true" if parameter.required else "false",
            tables.restrictions_note(parameter) + _cell(parameter.description, tables),
        ])  # fmt: skip
        source = tables.enum_source_of(parameter.schema)
        if source is not None:
            enums.append(tables.enum_row(cells.code(parameter.name), source))
    if op.request_body is not None:
        body_rows, body_enums = _body_rows(op, tables)
        rows += body_rows
        enums += body_enums
    return rows, enums


def _cell(text: str | None, tables: SchemaTables) -> str:
    return cells.cell(text, tables.settings.join_wrapped_lines)


def _body_rows(
    op: Operation, tables: SchemaTables
) -> tuple[list[list[str]], list[EnumRow]]:
    """Return the body row, then the rows (and enums) of an inline body schema."""
    body = op.request_body
    assert body is not None
    media = _first(body.content)
    schema = (media.schema if media else None) or {}
    name = tables.settings.body_parameter_name
    rows = [[cells.code(name), "body", tables.type_text(schema, PROPERTIES),
             "true" if body.required else "false", _cell(body.description, tables)]]  # fmt: skip
    if "$ref" in schema:
        return rows, []
    property_rows, enums = tables.rows(
        schema, PROPERTIES, start_depth=1, marked_enum_names=True
    )
    rows += [[r.name, "body", r.type, r.required, r.description] for r in property_rows]
    return rows, enums


def media_kind(content_type: str) -> str:
    """Group a media type as "json", "yaml", "xml", "text" or "" (any other)."""
    base = content_type.split(";")[0].strip().lower()
    if base == "*/*":
        # Any media type: the format of the body is unknown, so no kind.
        return ""
    if _is_json(base):
        return "json"
    for kind in ("yaml", "xml"):
        if base.endswith((f"/{kind}", f"+{kind}", f"/x-{kind}")):
            return kind
    return "text" if base in ("text/plain", "text/html", "text/csv") else ""


def _examples(op: Operation, tables: SchemaTables) -> list[CodeBlock]:
    blocks: list[CodeBlock] = []
    shown: set[str] = set()
    kinds: set[str] = set()
    per_kind = tables.settings.response_examples == "first-per-kind"
    for response in op.responses:
        media = _first(response.content)
        if media is None or (media.schema is None and not media.has_example):
            continue
        if not tables.settings.error_examples and not response.status.startswith("2"):
            continue
        if per_kind:
            kind = media_kind(media.content_type)
            if kind in kinds:
                continue
            kinds.add(kind)
            if not kind:
                # No sample can be written for this media type: the label only.
                blocks.append(CodeBlock(f"{response.status} Response", "", ""))
                continue
        language, text = example_block(media, tables, "response")
        # Several statuses returning the same body show it once, under the first.
        if text in shown:
            continue
        shown.add(text)
        blocks.append(CodeBlock(f"{response.status} Response", language, text))
    return blocks


def _response_row(response: Any, tables: SchemaTables) -> list[str]:
    media = _first(response.content)
    schema = media.schema if media and media.schema is not None else None
    return [
        response.status,
        statuses.meaning(response.status),
        _cell(response.description, tables),
        tables.type_text(schema, PROPERTIES) if schema is not None else "",
    ]


def _response_schemas(
    op: Operation, tables: SchemaTables
) -> tuple[bool, list[ResponseSchema]]:
    """Flatten the schemas of responses that are not a bare named type.

    Returns whether any response has such a schema (the section heading is
    shown then) and the tables; an array of plain values has no table.
    """
    result = []
    heading = False
    for response in op.responses:
        media = _first(response.content)
        if (
            media is None
            or not isinstance(media.schema, Mapping)
            or "$ref" in media.schema
        ):
            continue
        heading = True
        if tables.plain_array(media.schema):
            continue
        rows, enums = tables.rows(media.schema, FLATTENED)
        if rows:
            result.append(ResponseSchema(response.status, tuple(rows), tuple(enums)))
    return heading, result
