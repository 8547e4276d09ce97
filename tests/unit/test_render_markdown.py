"""Markdown reference pages: exact text of each table kind, escaping and navigation."""

from __future__ import annotations

import json

import pytest

from apiregen.model.build import build_api
from apiregen.render import markdown
from apiregen.render.environment import create_environment
from apiregen.render.markdown import cells
from apiregen.render.mdformat_tables import pad_tables

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "tags": [{"name": "Pets"}],
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "schemas": {
            "Kind": {"type": "string", "enum": ["dog", "cat", ""]},
            "Pet": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": True},
                    "kind": {"$ref": "#/components/schemas/Kind"},
                    "note": {
                        "type": ["string", "null"],
                        "description": "a | b\nc <b>d</b>",
                    },
                    "tags": {
                        "type": "array",
                        "items": {"type": "string", "enum": ["x", "a"]},
                    },
                    "owner": {
                        "type": "object",
                        "properties": {"name": {"type": "string"}},
                    },
                    "old": {"type": "string", "deprecated": True},
                },
            },
        },
    },
    "paths": {
        "/pets": {
            "get": {
                "tags": ["Pets"],
                "summary": "List pets",
                "security": [{"key": []}],
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "integer"},
                        "description": "Page {{ size }}",
                    },
                    {
                        "name": "sort",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["b", "a"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Pet"},
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "tags": ["Pets"],
                "summary": "Add pet",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Pet"}
                        }
                    },
                },
                "responses": {"204": {"description": "Done"}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    api = build_api(DOCUMENT)
    environment = create_environment(filters=markdown.FILTERS)
    return markdown.render_markdown(api, markdown.MarkdownSettings(), environment)


def _section(page: str, start: str, end: str) -> str:
    text = page.split(start, 1)[1]
    return start + text.split(end, 1)[0]


def test_pages_are_tag_page_schemas_and_navigation(pages):
    assert sorted(pages) == [
        "reference/manifest.json",
        "reference/mkdocs-nav.yml",
        "reference/pets.md",
        "reference/schemas.md",
    ]


def test_curl_sample_has_required_query_and_auth(pages):
    expected = (
        "curl -X GET https://api.example.com/pets?limit=0 \\\n"
        "  -H 'Accept: application/json' \\\n"
        "  -H 'X-Key: API_KEY'"
    )
    assert expected in pages["reference/pets.md"]


def test_parameters_table(pages):
    expected = (
        "| Name    | In    | Type    | Required | Description     |\n"
        "|---------|-------|---------|----------|-----------------|\n"
        "| `limit` | query | integer | true     | Page {{ size }} |\n"
        "| `sort`  | query | string  | false    |                 |\n"
    )
    assert expected in pages["reference/pets.md"]


def test_parameter_enum_table(pages):
    expected = (
        "| Parameter | Value(s) |\n|-----------|----------|\n| `sort`    | `b`, `a` |\n"
    )
    assert expected in pages["reference/pets.md"]


def test_responses_table_links_rfc(pages):
    expected = (
        "| 200    | [OK](https://tools.ietf.org/html/rfc7231#section-6.3.1) | OK          |"
        " array of [Pet](schemas.md#pet) |"
    )
    assert expected in pages["reference/pets.md"]


def test_response_schema_flattened_rows(pages):
    section = _section(
        pages["reference/pets.md"], "Status Code **200**", "#### Enumerated"
    )
    assert "| `» owner`      | object                  | false    |" in section
    assert "| `»» name`      | string                  | false    |" in section


def test_response_schema_type_shows_format(pages):
    assert (
        "| `» id`         | string(uuid)            | true     | read-only"
        in pages["reference/pets.md"]
    )


def test_enum_values_keep_spec_order(pages):
    assert '| `kind`   | `dog`, `cat`, `""` |' in pages["reference/pets.md"]


def test_enum_values_sorted_with_setting():
    api = build_api(DOCUMENT)
    settings = markdown.MarkdownSettings(sort_enum_values=True)
    pages = markdown.render_markdown(
        api, settings, create_environment(filters=markdown.FILTERS)
    )
    assert '| `kind`   | `""`, `cat`, `dog` |' in pages["reference/pets.md"]


def test_body_example_leaves_out_read_only(pages):
    body = _section(pages["reference/pets.md"], "> Body parameter", "### Parameters")
    assert '"id"' not in body


def test_body_parameter_row_links_schema(pages):
    assert (
        "| `body` | body | [Pet](schemas.md#pet) | true     |             |"
        in pages["reference/pets.md"]
    )


def test_auth_note_only_with_security(pages):
    assert pages["reference/pets.md"].count("you must be authenticated") == 1


def test_properties_table_escapes_pipe_html_and_line_break(pages):
    assert "a \\| b<br>c <b>d</b>" in pages["reference/schemas.md"]


def test_properties_table_restrictions(pages):
    schemas = pages["reference/schemas.md"]
    assert "| `note`   | string          | false    | nullable     |" in schemas


def test_properties_table_deprecated(pages):
    assert (
        "| `old`    | string          | false    | deprecated   |"
        in pages["reference/schemas.md"]
    )


def test_properties_table_nested_inline_object(pages):
    assert "| `» name` | string          | false    |" in pages["reference/schemas.md"]


def test_properties_enum_on_array_items(pages):
    assert "| `tags`   | `x`, `a` |" in pages["reference/schemas.md"]


def test_enum_only_schema(pages):
    expected = (
        '## Kind\n\n```json\n"dog"\n```\n\n### Properties\n\n#### Enumerated Values\n\n'
        '| Value(s)           |\n|--------------------|\n| `dog`, `cat`, `""` |\n'
    )
    assert expected in pages["reference/schemas.md"]


def test_manifest_lists_pages_in_order(pages):
    manifest = json.loads(pages["reference/manifest.json"])
    assert manifest["pages"] == [
        {"title": "Pets", "path": "pets.md"},
        {"title": "Schemas", "path": "schemas.md"},
    ]


def test_mkdocs_nav_fragment(pages):
    assert '- "Pets": reference/pets.md\n' in pages["reference/mkdocs-nav.yml"]


def test_skip_extension_leaves_operation_out():
    document = json.loads(json.dumps(DOCUMENT))
    document["paths"]["/pets"]["post"]["x-skip"] = {"skip": True}
    settings = markdown.MarkdownSettings(skip_extension="x-skip")
    pages = markdown.render_markdown(
        build_api(document), settings, create_environment(filters=markdown.FILTERS)
    )
    assert "## Add pet" not in pages["reference/pets.md"]


def test_enum_member_names_columns():
    document = json.loads(json.dumps(DOCUMENT))
    kind = document["components"]["schemas"]["Kind"]
    kind["x-enum-varnames"] = ["Dog", "Cat", "Unknown"]
    settings = markdown.MarkdownSettings(enum_member_names=True)
    pages = markdown.render_markdown(
        build_api(document), settings, create_environment(filters=markdown.FILTERS)
    )
    assert "| `cat` | `Cat`     |             |" in pages["reference/schemas.md"]


def test_cell_turns_paragraph_break_into_double_br():
    assert cells.cell("a\n\nb") == "a<br><br>b"


def test_cell_keeps_html_inside_code_span():
    assert cells.cell("use `<tag>` here") == "use `<tag>` here"


def test_code_span_holds_backtick():
    assert cells.code("a`b") == "``a`b``"


def test_pad_tables_pads_columns():
    assert pad_tables("| a | bb |\n|---|---|\n| ccc | d |") == (
        "| a   | bb  |\n|-----|-----|\n| ccc | d   |"
    )


def test_pad_tables_leaves_code_blocks_alone():
    text = "```\n| a |\n|---|\n```"
    assert pad_tables(text) == text


def test_mdformat_plugin_gives_same_layout():
    mdformat = pytest.importorskip("mdformat")
    from mdformat.plugins import PARSER_EXTENSIONS

    from apiregen.render import mdformat_tables

    PARSER_EXTENSIONS.setdefault("apiregen_tables", mdformat_tables)
    text = "| a | b \\| c |\n|---|---|\n| `x` | y |\n"
    assert mdformat.text(text, extensions={"apiregen_tables"}) == (
        "| a   | b \\| c |\n|-----|--------|\n| `x` | y      |\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        '<a href="javascript:x">',
        "<x onclick>",
        "<!-- hidden -->",
        "<style>",
    ],
)
def test_cell_escapes_html_outside_safe_subset(text):
    assert "<" not in cells.cell(text)


@pytest.mark.parametrize(
    "text", ["owner:<username/uuid/me>", "<IANA Timezone>", "a<br>b", "<b>x</b>"]
)
def test_cell_keeps_placeholders_and_safe_tags(text):
    assert cells.cell(text) == text


def test_cell_keeps_comparison_signs():
    assert cells.cell("id < before_id and id > 2") == "id < before_id and id > 2"


def test_paragraph_escapes_quote_marker_at_line_start():
    assert cells.paragraph("> not a quote") == "&gt; not a quote"


def test_heading_drops_trailing_period(pages):
    assert "## Add pet\n" in pages["reference/pets.md"]


def test_response_schema_id_keeps_punctuation():
    from apiregen.render.markdown.operations import section_id

    assert section_id("Removed: Get logs") == "removed:-get-logs"


def test_format_page_keeps_placeholder_and_empty_code():
    from apiregen.render.mdformat_tables import format_page

    text = "| a | b |\n|---|---|\n| ``, `x` | see <username/uuid/me> |\n"
    assert format_page(text) == (
        "| a       | b                      |\n"
        "|---------|------------------------|\n"
        "| ``, `x` | see <username/uuid/me> |\n"
    )


def test_format_page_matches_mdformat_on_markup():
    from apiregen.render.mdformat_tables import format_page, mdformat_text

    text = "# T\n\nSome *emphasis* and a_b.\n\n* one\n* two\n\n| a |\n|---|\n| x_y_ |\n"
    assert format_page(text) == mdformat_text(text)


def test_format_page_skips_stable_blocks():
    from apiregen.render.mdformat_tables import is_stable

    assert is_stable("| `a` | [B](schemas.md#b) |\n|-----|-------------------|")


FENCES = (
    "```json\n{}\n```",
    "````\nuse ``` here\n````",
    "`````\nuse ``` and ```` here\n`````",
    "````\nno run of three\n````",
    "```\nrun of `` two\n```",
)


@pytest.mark.parametrize("block", FENCES)
def test_is_stable_fence_agrees_with_mdformat(block: str) -> None:
    from apiregen.render.mdformat_tables import is_stable, mdformat_text

    unchanged = mdformat_text(block + "\n").rstrip("\n") == block
    assert is_stable(block) == unchanged


def test_format_page_keeps_unsafe_tag_escaped():
    from apiregen.render.mdformat_tables import format_page

    text = "| a |\n|---|\n| x &lt;a/onclick&gt; |\n"
    assert "<a/onclick" not in format_page(text)
