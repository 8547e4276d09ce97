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
                ],  # fmt: skip
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
                    }  # fmt: skip
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
                },  # fmt: skip
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
        "| Parameter | Value(s) |\n|-----------|----------|\n| `sort`    | `a`, `b` |\n"
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


def test_response_enum_values_sorted_with_empty_string(pages):
    assert "| `kind`   | ``, `cat`, `dog` |" in pages["reference/pets.md"]


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
    assert "a \\| b<br>c &lt;b&gt;d&lt;/b&gt;" in pages["reference/schemas.md"]


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
    assert "| `tags`   | `a`, `x` |" in pages["reference/schemas.md"]


def test_enum_only_schema(pages):
    expected = (
        '## Kind\n\n```json\n"dog"\n```\n\n### Properties\n\n#### Enumerated Values\n\n'
        "| Value(s)         |\n|------------------|\n| ``, `cat`, `dog` |\n"
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
