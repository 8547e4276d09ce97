"""Strings that break each target: tables, HTML, template syntax, comments, literals."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_tsc
from tests.hostile.conftest import SPECS, generate_files


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return generate_files(SPECS / "hostile-strings.yaml")


@pytest.fixture(scope="module")
def pages(files: dict[str, str]) -> str:
    return "\n".join(text for path, text in files.items() if path.endswith(".md"))


def tables(page: str) -> list[list[str]]:
    """Every Markdown table of a page, as its list of row lines."""
    found: list[list[str]] = []
    current: list[str] = []
    in_code = False
    for line in page.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


def cell_count(row: str) -> int:
    """Count a row's cells as GFM does: `|` not escaped with a backslash splits cells."""
    return len(re.split(r"(?<!\\)\|", row.strip())) - 2


def test_every_table_row_has_the_header_column_count(pages: str) -> None:
    counts = [{cell_count(row) for row in table} for table in tables(pages)]
    assert all(len(count) == 1 for count in counts), counts


def test_tables_were_found(pages: str) -> None:
    assert len(tables(pages)) >= 4


def _outside_code(page: str) -> list[str]:
    """Lines outside fenced blocks, with code spans removed: where HTML is live."""
    lines, in_code = [], False
    for line in page.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            lines.append(re.sub(r"(`+).*?\1", "", line))
    return lines


@pytest.mark.parametrize("tag", ["<script", "<img", "<iframe", "<style", "<a "])
def test_unsafe_html_is_escaped(pages: str, tag: str) -> None:
    assert not any(tag in line.lower() for line in _outside_code(pages))


def test_no_event_handler_attribute_is_live(pages: str) -> None:
    assert not any(re.search(r"<[^>]*\son\w+=", line) for line in _outside_code(pages))


def test_safe_subset_tag_is_kept(pages: str) -> None:
    assert "<b>bold</b>" in pages


def test_template_syntax_is_printed_literally(pages: str) -> None:
    assert ["{{ 7*7 }}" in pages, "{% if true %}T{% endif %}" in pages, "49" in pages] == [
        True, True, False,
    ]  # fmt: skip


def test_bullet_list_in_description_survives(pages: str) -> None:
    assert "- bullet one\n- bullet two with `code|pipe`" in pages


def test_line_breaks_in_cells_become_br(pages: str) -> None:
    assert "multi<br>line<br><br>" in pages


def test_heading_anchor_attribute_stays_closed(pages: str) -> None:
    # The summary holds `" onmouseover="`: the id must stay one quoted value.
    headings = [line for line in pages.splitlines() if line.startswith("<h3 ")]
    assert headings and all(
        re.fullmatch(r'<h3 id="[^"<>]*">Response Schema</h3>', line)
        for line in headings
    )


def test_enum_value_with_line_break_stays_in_its_row(files: dict[str, str]) -> None:
    section = files["reference/schemas.md"].split("## Kind", 1)[1]
    assert "`x y`" in section


# TypeScript ------------------------------------------------------------------------


def test_typescript_compiles(files: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "types.ts"
    path.write_text(files["typescript/types.ts"], encoding="utf-8")
    result = run_tsc(path)
    assert result.returncode == 0, result.stdout


def test_comment_terminator_is_broken_in_typescript_comments(
    files: dict[str, str],
) -> None:
    comments = re.findall(r"/\*\*.*?\*/", files["typescript/types.ts"], re.DOTALL)
    assert comments and all("*/" not in comment[3:-2] for comment in comments)


def test_title_with_line_break_stays_in_the_typescript_comment(
    files: dict[str, str],
) -> None:
    lines = files["typescript/types.ts"].splitlines()
    assert not any(line.startswith("export const injected") for line in lines)


def test_typescript_keeps_odd_property_names(files: dict[str, str]) -> None:
    types = files["typescript/types.ts"]
    assert ['"we|ird \\"name\\""?: string;' in types, '"line\\nbreak"?: string;' in types] == [
        True, True,
    ]  # fmt: skip


# Python ------------------------------------------------------------------------------


def test_python_parses(files: dict[str, str]) -> None:
    assert isinstance(ast.parse(files["python/models.py"]), ast.Module)


def test_python_module_docstring_keeps_the_title(files: dict[str, str]) -> None:
    docstring = ast.get_docstring(ast.parse(files["python/models.py"]))
    assert (
        docstring is not None and '""" \\\nexport const injected = 1; 1.' in docstring
    )


def test_python_imports_and_keeps_aliases(
    files: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "strings_models.py").write_text(
        files["python/models.py"], encoding="utf-8"
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import strings_models as m; "
        "pet = m.Pet.model_validate({'name': 'n', 'we|ird \"name\"': 'w', '*/': 1, "
        "'{{ name }}': 't', 'line\\nbreak': 'l', 'naïve-prop': 'é'}); "
        "print(sorted(pet.model_dump(by_alias=True, exclude_none=True)))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.stdout.strip() == str(
        sorted(
            ["name", 'we|ird "name"', "*/", "{{ name }}", "line\nbreak", "naïve-prop"]
        )
    ), done.stderr


def test_python_enum_keeps_odd_values(files: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "strings_enums.py").write_text(
        files["python/models.py"], encoding="utf-8"
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import strings_enums as m; "
        "print(repr([k.value for k in m.Kind]))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.stdout.strip() == repr(
        [
            "a|b",
            "x\ny",
            "<script>",
            "{{ x }}",
            "*/",
            "it's",
            'say "hi"',
            "back\\slash",
            "é",
        ]
    ), done.stderr
