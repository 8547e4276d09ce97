"""Pages read by Python-Markdown: no live unsafe link, no shell injection, no added heading."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest

from tests.hostile.conftest import HEADER, WriteSpec, generate_files

LINKS = (
    HEADER
    + """\
tags:
  - name: t
    description: "[tag](javascript:alert(1)) [safe](https://ok.example/a)"
paths:
  /a:
    get:
      tags: [t]
      summary: "[s](javascript:alert(2))"
      description: |
        [d](javascript:alert(3)) [j](&#106;avascript:alert(4))
        [tab](java&#x09;script:alert(5)) ![i](javascript:alert(6))
        [esc]\\(javascript:alert(7)) \\[b\\](vbscript:x) [up](JaVaScRiPt:alert(8))
        [ref][r] and [r]

        [r]: javascript:alert(9)

        [rel](./other.md#x) [frag](#here) [mail](mailto:a@example.com)
      parameters:
        - name: q
          in: query
          description: "[p](javascript:alert(10))"
          schema: {type: string}
      responses:
        "200":
          description: "[r2](data:text/html,x)"
components:
  schemas:
    S:
      type: object
      description: "[sd](javascript:alert(11))"
      properties:
        a: {type: string, description: "[pd](javascript:alert(12))"}
"""
)


def html_pages(files: dict[str, str]) -> str:
    """Every page as HTML, as an mkdocs site shows it."""
    return "\n".join(
        markdown.markdown(text, extensions=["tables", "fenced_code", "toc"])
        for path, text in sorted(files.items())
        if path.endswith(".md")
    )


def targets(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', page)


@pytest.fixture
def link_html(write_spec: WriteSpec) -> str:
    return html_pages(generate_files(write_spec(LINKS)))


def test_links_unsafe_scheme_not_live(link_html: str) -> None:
    unsafe = [t for t in targets(link_html)
              if re.match(r"\s*(javascript|vbscript|data|&)", t, re.IGNORECASE)]  # fmt: skip
    assert unsafe == []


def test_links_no_script_word_in_any_target(link_html: str) -> None:
    assert not [t for t in targets(link_html) if "script" in t.lower()]


def test_links_safe_targets_stay_live(link_html: str) -> None:
    kept = {"https://ok.example/a", "./other.md#x", "#here", "mailto:a@example.com"}
    assert kept <= set(targets(link_html))


def test_links_text_kept(link_html: str) -> None:
    assert "[d] [j]" in link_html


def test_links_heading_has_no_link(link_html: str) -> None:
    assert re.search(r"<h2[^>]*>\[s\]</h2>", link_html)


CURL = (
    HEADER
    + """\
servers:
  - url: "https://x.example/`id`'; touch pwned2 #"
paths:
  /a$(touch pwned):
    get:
      parameters:
        - name: "X-It's"
          in: header
          required: true
          schema: {type: string, example: "a'b"}
      responses: {"200": {description: ok}}
  /plain/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
"""
)


def curl_lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith("curl ")]


@pytest.fixture
def curl_page(write_spec: WriteSpec) -> str:
    return generate_files(write_spec(CURL))["reference/default.md"]


def test_curl_url_from_spec_quoted(curl_page: str) -> None:
    expected = (
        "curl -X GET 'https://x.example/`id`'\\''; touch pwned2 #/a$(touch pwned)' \\"
    )
    assert curl_lines(curl_page)[0] == expected


def test_curl_header_quote_escaped(curl_page: str) -> None:
    assert "  -H 'X-It'\\''s: a'\\''b'" in curl_page.splitlines()


def test_curl_ordinary_url_left_bare(write_spec: WriteSpec) -> None:
    spec = write_spec(CURL.replace("`id`'; touch pwned2 #", "api"))
    page = generate_files(spec)["reference/default.md"]
    assert "curl -X GET https://x.example/api/plain/{id}?q=string" in curl_lines(page)


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_curl_sample_runs_nothing_in_sh(curl_page: str, tmp_path: Path) -> None:
    # The sample as a reader pastes it, with `curl` replaced by printf, so the
    # shell prints the words it would pass to curl.
    block = curl_page.split("# Example request using curl\n", 1)[1].split("\n```", 1)[0]
    command = block.replace("curl ", "printf '%s\\n' ", 1)
    folder = tmp_path / "shell"
    folder.mkdir()
    result = subprocess.run(["sh", "-c", command], cwd=folder, capture_output=True,
                            text=True, check=False)  # fmt: skip
    assert list(folder.iterdir()) == []
    assert "https://x.example/`id`'; touch pwned2 #/a$(touch pwned)" in result.stdout


INJECT = (
    HEADER
    + """\
tags:
  - name: "tag\\n# injected heading"
paths:
  "/a/`b`|c/{id}":
    get:
      tags: ["tag\\n# injected heading"]
      summary: "first\\n# Injected H1\\r## second"
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
"""
)


@pytest.fixture
def inject_html(write_spec: WriteSpec) -> str:
    return html_pages(generate_files(write_spec(INJECT)))


def test_line_break_tag_name_one_heading(inject_html: str) -> None:
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", inject_html) == ["tag # injected heading"]


def test_line_break_summary_one_heading(inject_html: str) -> None:
    assert re.findall(r"<h2[^>]*>(first.*?)</h2>", inject_html) == [
        "first # Injected H1 ## second"
    ]


def test_backtick_path_one_code_span(inject_html: str) -> None:
    assert "<p><code>GET /a/`b`|c/{id}</code></p>" in inject_html


EMPTY_ENUM = (
    HEADER
    + """\
paths: {}
components:
  schemas:
    S: {type: string, enum: ["", a, b]}
"""
)


def test_empty_enum_value_each_in_own_code_span(write_spec: WriteSpec) -> None:
    page = html_pages(generate_files(write_spec(EMPTY_ENUM)))
    assert '<code>""</code>, <code>a</code>, <code>b</code>' in page


TYPES = (
    HEADER
    + """\
paths: {}
components:
  schemas:
    U:
      type: object
      properties:
        id: {type: [integer, string]}
        arr: {type: [array, object], items: {type: integer}}
        s: {const: x}
"""
)


@pytest.fixture
def types_page(write_spec: WriteSpec) -> str:
    return generate_files(write_spec(TYPES))["reference/schemas.md"]


def test_type_list_shows_every_type(types_page: str) -> None:
    assert "| `id`  | integer or string          |" in types_page


def test_type_list_array_keeps_items(types_page: str) -> None:
    assert "| `arr` | array of integer or object |" in types_page


def test_const_shows_type_and_value(types_page: str) -> None:
    assert (
        "| `s`   | string                     | false    | always `x`   |" in types_page
    )
