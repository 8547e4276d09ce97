"""Markdown reference pages in the widdershins style: one page per tag, plus `schemas.md`.

`render_markdown` returns {relative output path: text}. Every value shown on a
page is prepared here in Python (escaped, linked, sampled); the templates under
`templates/markdown/` only lay the prepared fields out. Tables are then padded
by `render.mdformat_tables.pad_tables`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from apiregen.errors import OutputError
from apiregen.model.types import Api, NamedSchema, Operation
from apiregen.render.environment import render
from apiregen.render.markdown import cells
from apiregen.render.markdown.operations import operation_context
from apiregen.render.markdown.schema_tables import SchemaTables
from apiregen.render.markdown.schemas_page import schema_context
from apiregen.render.mdformat_tables import pad_tables

SCHEMAS_PAGE = "schemas.md"


@dataclass(frozen=True)
class MarkdownSettings:
    """`[tool.apiregen.markdown]`: how the reference pages are written."""

    # The output subfolder the pages go into.
    directory: str = "reference"
    # The host of the curl samples; by default the first server URL.
    sample_host: str | None = None
    # An operation extension whose `skip: true` leaves the operation out.
    skip_extension: str | None = None
    # How a type cell links a named schema. Fields: {key}, {type_name},
    # {anchor}, {page} (empty on the schemas page itself, else "schemas.md").
    schema_link: str = "[{key}]({page}#{anchor})"
    # The sentence closing an operation that needs authentication ("" for none).
    auth_note: str = "To perform this operation, you must be authenticated."
    # Show `x-enum-varnames` / `x-enum-descriptions` columns in enum tables.
    enum_member_names: bool = False
    # Files copied into the output folder as they are (paths relative to the config).
    static_pages: tuple[Path, ...] = ()
    # The navigation manifest written next to the pages ("" for none).
    manifest: str = "manifest.json"
    # The mkdocs `nav` fragment written next to the pages ("" for none).
    mkdocs_nav: str = "mkdocs-nav.yml"
    # The name of the request body row in parameter tables.
    body_parameter_name: str = "body"
    # Operation descriptions starting with one of these are not shown.
    hidden_description_prefixes: tuple[str, ...] = ()
    # Turn single line breaks in descriptions into spaces (wrapped source comments).
    join_wrapped_lines: bool = False
    # Replace a leading Go identifier in a property description by the field name.
    description_field_names: bool = False
    # Show example bodies of non-2xx responses too.
    error_examples: bool = True
    # Add a "Deprecated" note under deprecated operations' titles.
    mark_deprecated_operations: bool = True


def render_markdown(
    api: Api, settings: MarkdownSettings, environment: jinja2.Environment
) -> dict[str, str]:
    """Render every page; keys are paths relative to the output folder."""
    pages: dict[str, str] = {}
    host = _sample_host(api, settings)
    tag_tables = SchemaTables(api, _linker(settings, SCHEMAS_PAGE), settings)
    navigation = []
    for tag in api.tags:
        operations = [op for op in tag.operations if not _skipped(op, settings)]
        if not operations:
            continue
        context = {
            "title": cells.paragraph(tag.name),
            "description": cells.paragraph(tag.description),
            "operations": [
                operation_context(op, tag_tables, settings, host) for op in operations
            ],
        }
        pages[tag.page] = render(environment, "markdown/tag_page.md.j2", **context)
        navigation.append((tag.name, tag.page))
    if api.schemas:
        pages[SCHEMAS_PAGE] = _schemas_page(api, settings, environment)
        navigation.append(("Schemas", SCHEMAS_PAGE))
    pages = {name: pad_tables(text) for name, text in pages.items()}
    pages.update(_static_pages(settings))
    pages.update(_navigation_files(navigation, settings, environment))
    return {f"{settings.directory}/{name}" if settings.directory else name: text
            for name, text in pages.items()}  # fmt: skip


def _schemas_page(
    api: Api, settings: MarkdownSettings, environment: jinja2.Environment
) -> str:
    tables = SchemaTables(api, _linker(settings, ""), settings)
    sections = [schema_context(named, tables) for named in api.schemas]
    return render(environment, "markdown/schemas_page.md.j2", schemas=sections,
                  enum_member_names=settings.enum_member_names)  # fmt: skip


def _linker(settings: MarkdownSettings, page: str) -> Callable[[NamedSchema], str]:
    def link(named: NamedSchema) -> str:
        return settings.schema_link.format(
            key=named.key, type_name=named.type_name, anchor=named.anchor, page=page
        )

    return link


def _sample_host(api: Api, settings: MarkdownSettings) -> str:
    if settings.sample_host is not None:
        return settings.sample_host
    return api.servers[0] if api.servers else ""


def _skipped(op: Operation, settings: MarkdownSettings) -> bool:
    if not settings.skip_extension:
        return False
    value = op.extensions.get(settings.skip_extension)
    return isinstance(value, dict) and value.get("skip") is True


def _static_pages(settings: MarkdownSettings) -> dict[str, str]:
    pages = {}
    for path in settings.static_pages:
        try:
            pages[Path(path).name] = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise OutputError(
                f"cannot read static page {path}: {error.strerror}"
            ) from None
    return pages


def _navigation_files(
    navigation: list[tuple[str, str]],
    settings: MarkdownSettings,
    environment: jinja2.Environment,
) -> dict[str, str]:
    """The page list in page order, as JSON for a docs site and as an mkdocs `nav` entry."""
    files = {}
    entries = [{"title": title, "path": page} for title, page in navigation]
    if settings.manifest:
        files[settings.manifest] = (
            json.dumps({"pages": entries}, indent=2, ensure_ascii=False) + "\n"
        )
    if settings.mkdocs_nav:
        prefix = f"{settings.directory}/" if settings.directory else ""
        nav = [{"title": json.dumps(title, ensure_ascii=False), "path": prefix + page}
               for title, page in navigation]  # fmt: skip
        files[settings.mkdocs_nav] = render(
            environment, "markdown/mkdocs_nav.yml.j2", pages=nav
        )
    return files


def _fence(text: str) -> str:
    """Return a code fence longer than any backtick run at a line start in `text`."""
    fence = "```"
    while any(line.lstrip().startswith(fence) for line in text.splitlines()):
        fence += "`"
    return fence


FILTERS: dict[str, Callable[..., Any]] = {
    "md_fence": _fence,
    "md_cell": cells.cell,
    "md_code": cells.code,
}
