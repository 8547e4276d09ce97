"""Markdown reference pages in the widdershins style: one page per tag, plus `schemas.md`.

`render_markdown` returns {relative output path: text}. Every value shown on a
page is prepared here in Python (escaped, linked, sampled); the templates under
`templates/markdown/` only lay the prepared fields out. Every page is then
normalized by `render.mdformat_tables.format_page` (mdformat with apiregen's
table style, skipping the blocks it leaves unchanged).
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from apiregen.config import check_output_path
from apiregen.errors import OutputError, SettingError
from apiregen.model.types import Api, NamedSchema, Operation
from apiregen.render.environment import render
from apiregen.render.markdown import cells
from apiregen.render.markdown.operations import operation_context
from apiregen.render.markdown.schema_tables import SchemaTables
from apiregen.render.markdown.schemas_page import heading_anchors, schema_context
from apiregen.render.markdown.site_manifest import check_manifest, rewrite_manifest
from apiregen.render.mdformat_tables import format_page

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
    # Sort enum values by their written form (code unit order) rather than
    # keeping the order the spec gives.
    sort_enum_values: bool = False
    # List enums of array items ("array of enum") under "Enumerated Values".
    array_item_enums: bool = True
    # "all": an example per response; "first-per-kind": only the first
    # response of each kind of media type (JSON, YAML, XML, text, other).
    response_examples: str = "all"
    # A docs site's navigation manifest whose reference node gets the pages as
    # its children; the updated copy goes to the output folder under its name.
    site_manifest: Path | None = None
    # The title of that node, the path prefix of its children, and the page
    # titles listed first (the rest follow by title in byte order).
    site_manifest_section: str = "REST API"
    site_manifest_prefix: str = "./"
    site_manifest_first: tuple[str, ...] = ()

    def check(self) -> None:
        """Reject values of the right type that cannot work (see `config.read_table`)."""
        check_schema_link(self.schema_link)
        # Empty means the output folder itself, or no file.
        for key in ("directory", "manifest", "mkdocs-nav"):
            if value := getattr(self, key.replace("-", "_")):
                check_output_path(key, value)
        if self.response_examples not in RESPONSE_EXAMPLES:
            raise SettingError(
                "response-examples",
                f"must be one of {', '.join(RESPONSE_EXAMPLES)}, "
                f"not {self.response_examples!r}",
            )
        for path in self.static_pages:
            if not path.is_file():
                raise SettingError(
                    "static-pages", f"lists {path}, which is not a file; fix the path"
                )
        if self.site_manifest is not None:
            self._check_site_manifest(self.site_manifest)

    def _check_site_manifest(self, path: Path) -> None:
        check_manifest(path, self.site_manifest_section)
        if not self.directory and path.name in (self.manifest, self.mkdocs_nav):
            raise SettingError(
                "site-manifest",
                f"writes {path.name}, which the pages folder already uses; set "
                "'markdown.manifest' to another name or to \"\"",
            )


# The fields a `schema-link` format may use; `page` is empty on the schemas
# page itself and "schemas.md" elsewhere.
SCHEMA_LINK_FIELDS = ("key", "type_name", "anchor", "page")


def check_schema_link(text: str) -> None:
    """Raise SettingError unless `text` is a format using only SCHEMA_LINK_FIELDS."""
    allowed = ", ".join("{" + name + "}" for name in SCHEMA_LINK_FIELDS)
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text)
                  if name is not None]  # fmt: skip
    except ValueError as error:
        raise SettingError(
            "schema-link",
            f"is not a valid format ({error}); write a literal brace as '{{{{' or "
            f"'}}}}', and use only the fields {allowed}",
        ) from None
    for name in fields:
        # Attribute and index access (`{key.upper}`) is rejected as well.
        if name not in SCHEMA_LINK_FIELDS:
            raise SettingError(
                "schema-link",
                f"uses the unknown field {{{name}}}; the fields are {allowed}",
            )
    try:
        text.format(**dict.fromkeys(SCHEMA_LINK_FIELDS, "x"))
    except (ValueError, KeyError, IndexError, AttributeError) as error:
        raise SettingError(
            "schema-link", f"cannot be formatted ({error}); use only {allowed}"
        ) from None


def render_markdown(
    api: Api, settings: MarkdownSettings, environment: jinja2.Environment
) -> dict[str, str]:
    """Render every page; keys are paths relative to the output folder."""
    # Settings read through `config.read_table` are checked already; this
    # covers settings built in code.
    settings.check()
    pages: dict[str, str] = {}
    host = _sample_host(api, settings)
    anchors, schemas_page = _schemas_page(api, settings, environment)
    tag_tables = SchemaTables(api, _linker(settings, SCHEMAS_PAGE, anchors), settings)
    navigation = []
    for tag in api.tags:
        operations = [op for op in tag.operations if not _skipped(op, settings)]
        if not operations:
            continue
        context = {
            "title": cells.line(tag.name),
            "description": cells.paragraph(tag.description),
            "operations": [
                operation_context(op, tag_tables, settings, host) for op in operations
            ],
            "enum_member_names": settings.enum_member_names,
        }
        pages[tag.page] = render(environment, "markdown/tag_page.md.j2", **context)
        navigation.append((tag.name, tag.page))
    if api.schemas:
        pages[SCHEMAS_PAGE] = schemas_page
        navigation.append(("Schemas", SCHEMAS_PAGE))
    pages = {name: format_page(text) for name, text in pages.items()}
    static = _static_pages(settings)
    pages.update(static)
    pages.update(_navigation_files(navigation, settings, environment))
    files = {f"{settings.directory}/{name}" if settings.directory else name: text
             for name, text in pages.items()}  # fmt: skip
    if settings.site_manifest is not None:
        files[settings.site_manifest.name] = _site_manifest(
            navigation, static, settings
        )
    return files


RESPONSE_EXAMPLES = ("all", "first-per-kind")


def _site_manifest(
    navigation: list[tuple[str, str]],
    static: dict[str, str],
    settings: MarkdownSettings,
) -> str:
    """List the pages under the site manifest's reference node.

    Static pages count too, titled by their first heading, except `index.md`,
    which is the reference node's own page.
    """
    entries = list(navigation)
    for name, text in static.items():
        if name != "index.md":
            entries.append((_first_heading(text) or name, name))
    first = [e for title in settings.site_manifest_first for e in entries
             if e[0] == title]  # fmt: skip
    rest = sorted((e for e in entries if e not in first), key=lambda e: e[0].encode())
    prefix = settings.site_manifest_prefix
    assert settings.site_manifest is not None
    return rewrite_manifest(
        settings.site_manifest, settings.site_manifest_section, prefix, first + rest
    )


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def _schemas_page(
    api: Api, settings: MarkdownSettings, environment: jinja2.Environment
) -> tuple[dict[str, str], str]:
    """Return the heading id of each schema (by key) and the schemas page."""
    if not api.schemas:
        return {}, ""
    sections = _schema_sections(api, settings, {})
    anchors = heading_anchors(api.schemas, sections)
    if any(anchors[named.key] != named.anchor for named in api.schemas):
        # Ids repeat on this page: write its links again with the numbered ids.
        sections = _schema_sections(api, settings, anchors)
    page = render(environment, "markdown/schemas_page.md.j2", schemas=sections,
                  enum_member_names=settings.enum_member_names)  # fmt: skip
    return anchors, page


def _schema_sections(
    api: Api, settings: MarkdownSettings, anchors: dict[str, str]
) -> list[dict[str, Any]]:
    tables = SchemaTables(api, _linker(settings, "", anchors), settings)
    return [schema_context(named, tables) for named in api.schemas]


def _linker(
    settings: MarkdownSettings, page: str, anchors: dict[str, str]
) -> Callable[[NamedSchema], str]:
    """Link a named schema; `anchors` gives the ids that differ from its own."""

    def link(named: NamedSchema) -> str:
        anchor = anchors.get(named.key, named.anchor)
        return settings.schema_link.format(
            key=named.key, type_name=named.type_name, anchor=anchor, page=page
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
