"""Table padding in the published style, both as a fast pass and as an mdformat plugin.

The published pages pad every column to its widest cell and write the
separator row as dashes spanning the cell and its two spaces (`|--------|`).
`pad_tables` does that on generated text directly (no parsing of the rest of
the page, so it is fast on a 1 MB schemas page). The same layout is offered to
mdformat as a parser extension (`RENDERERS`, `update_mdit`), registered as the
`apiregen_tables` entry point of the `mdformat.parser_extension` group, for
formatting hand-edited pages the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from mdformat.renderer import RenderContext, RenderTreeNode

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def layout(rows: Sequence[Sequence[str]]) -> str:
    """Lay out a header row and body rows with padded columns and a dash separator."""
    width = max(len(row) for row in rows)
    rows = [list(row) + [""] * (width - len(row)) for row in rows]
    widths = [max(3, *(len(row[i]) for row in rows)) for i in range(width)]
    lines = [_line(rows[0], widths)]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += [_line(row, widths) for row in rows[1:]]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return (
        "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
    )


def split_row(line: str) -> list[str]:
    """Split `| a | b \\| c |` into cells; an escaped `\\|` stays inside its cell."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in _UNESCAPED_PIPE.split(body)]


def _is_separator(line: str) -> bool:
    cells = split_row(line)
    return bool(cells) and all(_SEPARATOR_CELL.match(cell) for cell in cells)


def pad_tables(text: str) -> str:
    """Pad every pipe table of `text` outside fenced code blocks."""
    lines = text.split("\n")
    out: list[str] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _FENCE.match(line)
        if match and (fence is None or match.group(1).startswith(fence)):
            fence = None if fence else match.group(1)
        elif fence is None and _starts_table(lines, index):
            end = index + 2
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            rows = [split_row(lines[index])] + [
                split_row(row) for row in lines[index + 2 : end]
            ]
            out.append(layout(rows))
            index = end
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


def _starts_table(lines: Sequence[str], index: int) -> bool:
    return (
        lines[index].lstrip().startswith("|")
        and index + 1 < len(lines)
        and _is_separator(lines[index + 1])
    )


# -- mdformat parser extension --------------------------------------------


def update_mdit(mdit: MarkdownIt) -> None:
    """Let the parser read GFM pipe tables."""
    mdit.enable("table")


def _render_cell(node: RenderTreeNode, context: RenderContext) -> str:
    text = "".join(child.render(context) for child in node.children)
    # The parser has taken the escaping off pipes inside cells; put it back.
    return _UNESCAPED_PIPE.sub(r"\\|", text)


def _render_table(node: RenderTreeNode, context: RenderContext) -> str:
    rows: list[list[str]] = []
    for section in node.children:  # thead, tbody
        for row in section.children:
            rows.append([_render_cell(cell, context) for cell in row.children])
    return layout(rows)


RENDERERS: Mapping[str, object] = {"table": _render_table}
