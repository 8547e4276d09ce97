"""Prepare the sections of `schemas.md`: one per named schema."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from apiregen.model import names
from apiregen.model.samples import merge_all_of, non_null_alternatives, resolve, sample
from apiregen.model.types import NamedSchema
from apiregen.render.markdown import cells
from apiregen.render.markdown.schema_tables import PROPERTIES, Row, SchemaTables


def schema_context(named: NamedSchema, tables: SchemaTables) -> dict[str, Any]:
    document = tables.api.document
    schema = named.schema
    root = {"$ref": named.pointer}
    example = json.dumps(sample(root, document), indent=2, ensure_ascii=False)
    context: dict[str, Any] = {
        "title": cells.line(named.key),
        "anchor": named.anchor,
        "description": cells.paragraph(schema.get("description")),
        "example": example,
        "rows": [],
        "enums": [],
        "enum_values": None,
        "discriminator": _discriminator(schema, tables),
        # An object type without any property shows "None" as its table.
        "no_properties": False,
    }
    if named.enum is not None:
        context["enum_values"] = tables.enum_row("", schema)
        return context
    rows, enums = tables.rows(schema, PROPERTIES)
    rows = _alternative_rows(schema, tables) + rows
    if not rows and tables.type_text(schema, PROPERTIES) == "object":
        context["no_properties"] = True
    elif not rows:
        rows = [_whole_schema_row(schema, tables)]
    context["rows"] = rows
    context["enums"] = enums
    return context


# The page's own heading, above every schema section.
PAGE_HEADING = "Schemas"


def heading_anchors(
    schemas: Sequence[NamedSchema], sections: Sequence[Mapping[str, Any]]
) -> dict[str, str]:
    """Return the id each schema's heading gets on the built page, by schema key.

    Python-Markdown's `toc` (which mkdocs uses) numbers repeated ids in page
    order over every heading of the page. So `Foo` and `foo`, or `FooBar` and
    `foo.bar`, give `foo` and `foo_1`. A schema named `Properties` comes after
    the "Properties" subheadings above it. The headings are listed here in the
    order `schemas_page.md.j2` writes them.
    """
    used_ids: set[str] = set()
    names.unique_anchor(names.markdown_anchor(PAGE_HEADING), used_ids)
    anchors = {}
    for named, section in zip(schemas, sections, strict=True):
        anchors[named.key] = names.unique_anchor(named.anchor, used_ids)
        for heading in _section_headings(section):
            names.unique_anchor(names.markdown_anchor(heading), used_ids)
    return anchors


def _section_headings(section: Mapping[str, Any]) -> Iterator[str]:
    """Yield the headings of a schema section after its title, in page order."""
    yield from description_headings(section["description"])
    yield "Properties"
    if section["enum_values"] or section["enums"]:
        yield "Enumerated Values"
    if section["discriminator"]:
        yield "Discriminator"


# An ATX heading as Python-Markdown reads one: no indent, no space needed after
# the marks, closing marks dropped.
_ATX_HEADING = re.compile(r"#{1,6}(.*?)#*")
_FENCE = re.compile(r"(`{3,}|~{3,})")


def description_headings(text: str) -> Iterator[str]:
    """Yield the text of each ATX heading in a description, outside code fences.

    NOTE: setext headings (a line underlined with `===` or `---`) are not
    counted; a description using them can still shift a later schema's id.
    """
    fence = ""
    for line in text.splitlines():
        opening = _FENCE.match(line.lstrip())
        if fence:
            if opening and opening[1].startswith(fence):
                fence = ""
            continue
        if opening:
            fence = opening[1]
            continue
        heading = _ATX_HEADING.fullmatch(line.rstrip())
        if heading:
            yield heading[1].strip()


def _alternative_rows(schema: Mapping[str, Any], tables: SchemaTables) -> list[Row]:
    """List `oneOf`/`anyOf` alternatives, each expanded when it is an inline object."""
    document = tables.api.document
    merged = merge_all_of(schema, document) if "allOf" in schema else schema
    rows: list[Row] = []
    for key, label in (("oneOf", "one of"), ("anyOf", "any of")):
        alternatives = non_null_alternatives(merged.get(key) or (), document)
        if not alternatives:
            continue
        rows.append(Row(f"*{label}*", "", "", "", ""))
        for alternative in alternatives:
            rows.append(
                Row(
                    "» *alternative*",
                    tables.type_text(alternative, PROPERTIES),
                    "false",
                    tables.restrictions(alternative),
                    "",
                )
            )
            if "$ref" not in alternative:
                nested, _ = tables.rows(alternative, PROPERTIES, start_depth=2)
                rows += nested
    return rows


def _whole_schema_row(schema: Mapping[str, Any], tables: SchemaTables) -> Row:
    # A named primitive or array type has no properties: one row describes it.
    return Row(
        "*anonymous*",
        tables.type_text(schema, PROPERTIES),
        "false",
        tables.restrictions(schema),
        "",
    )


def _discriminator(
    schema: Mapping[str, Any], tables: SchemaTables
) -> dict[str, Any] | None:
    discriminator = schema.get("discriminator")
    if not isinstance(discriminator, Mapping) or "propertyName" not in discriminator:
        return None
    mapping = []
    for value, ref in (discriminator.get("mapping") or {}).items():
        target = tables.api.schema_for_ref(str(ref))
        link = tables.link(target) if target is not None else cells.code(ref)
        mapping.append([cells.code(value), link])
    return {"property": cells.code(discriminator["propertyName"]), "mapping": mapping}


def is_object_like(schema: Mapping[str, Any], tables: SchemaTables) -> bool:
    target = resolve(schema, tables.api.document)
    return "properties" in target or "additionalProperties" in target
