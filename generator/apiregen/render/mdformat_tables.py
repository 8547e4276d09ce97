"""mdformat with apiregen's table style, and a fast path around it.

The published pages pad every column to its widest cell and write the
separator row as dashes spanning the cell and its two spaces (`|--------|`).
This module is the mdformat parser extension that writes tables that way
(`update_mdit`, `RENDERERS`; the `apiregen_tables` entry point of the
`mdformat.parser_extension` group). It also keeps text as typed wherever an
escape would not change how the text parses: mdformat escapes a `<`, `*`,
`_`, `[` or backtick whenever one might start markup, and the published pages
write `<username>` and ``` `` ``` bare.

`format_page` normalizes a generated page with mdformat and this extension.
mdformat takes about a second per megabyte, so `format_page` first pads the
tables in Python (`pad_tables`), then splits the page into blocks and sends to
mdformat only the blocks it cannot prove mdformat leaves alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from mdformat.renderer import RenderContext, RenderTreeNode

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_TAG_START = re.compile(r"<[A-Za-z/!?][^<>]*>?")
_ESCAPABLE_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")


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
    body = body.removeprefix("|")
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


def _plain_text(node: RenderTreeNode, context: RenderContext) -> str:
    """Write text as typed (tried first, then checked against a parse).

    Only a backslash before ASCII punctuation would read as an escape, so only
    that one is doubled. A `<` outside the pages' safe HTML subset is written
    `&lt;`: the check parses CommonMark, but mkdocs' Python-Markdown reads
    more of `<...>` as HTML (`<a/onclick>`).
    """
    text = _ESCAPABLE_BACKSLASH.sub(r"\\\\", node.content)
    return _TAG_START.sub(_safe_tag_or_text, text)


def _safe_tag_or_text(match: re.Match[str]) -> str:
    # Imported here: the markdown package imports this module.
    from apiregen.render.markdown.cells import is_safe_html

    found = match.group(0)
    return found if is_safe_html(found) else "&lt;" + found[1:]


def _render_inline(node: RenderTreeNode, context: RenderContext) -> str:
    """Render inline text as typed when that parses back to the same tokens.

    Otherwise mdformat's own escaping is used, so the output always means
    what the input meant.
    """
    default = "".join(child.render(context) for child in node.children)
    if _has_breaks(node):
        return default
    plain_context = context._replace(
        renderers={**context.renderers, "text": _plain_text}
    )
    plain = "".join(child.render(plain_context) for child in node.children)
    if plain != default and _same_inline(plain, node):
        return plain
    return default


def _has_breaks(node: RenderTreeNode) -> bool:
    return any(child.type in ("softbreak", "hardbreak") for child in node.children)


def _same_inline(text: str, node: RenderTreeNode) -> bool:
    tokens = _inline_parser().parseInline(text)[0].children or []
    original = [token for child in node.children for token in child.to_tokens()]
    return _shape(tokens) == _shape(original)


def _shape(tokens: Sequence[Any]) -> list[tuple[str, str, Any]]:
    return [(token.type, token.content, token.attrs) for token in tokens]


@functools.cache
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _render_text(node: RenderTreeNode, context: RenderContext) -> str:
    """mdformat's text, with a literal `<` written `&lt;` instead of `\\<`.

    Python-Markdown (mkdocs) has no `\\<` escape: it would print the backslash
    and read `<img onerror=...>` after it as HTML. `&lt;` is text in every
    Markdown dialect.
    """
    from mdformat.renderer import DEFAULT_RENDERERS

    text = DEFAULT_RENDERERS["text"](node, context)
    return _ESCAPED_LESS_THAN.sub(r"\1&lt;", text)


# A `\<` whose backslash is not itself escaped (`\\<` is a backslash and a `<`).
_ESCAPED_LESS_THAN = re.compile(r"(?<!\\)((?:\\\\)*)\\<")

RENDERERS: Mapping[str, object] = {
    "table": _render_table,
    "inline": _render_inline,
    "text": _render_text,
}


# -- formatting a generated page --------------------------------------------

EXTENSION = "apiregen_tables"

# Inline markup the pages write themselves, which mdformat writes back as it is.
_CODE_SPAN = re.compile(r"`[^`\s](?:[^`]*[^`\s])?`")
_LINK = re.compile(r"\[[^\[\]`\\<>&*_!]+\]\([^()\s<>\\]+\)")
_BREAK = "<br>"
# The rest of the text must contain no character that mdformat escapes or reads as markup.
_PLAIN = re.compile(r"[^\\*_\[\]<>&!`~|\t]*")
_LIST_OR_INDENT = re.compile(r"^(?:[ \t]|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$))")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:", re.MULTILINE)
_THEMATIC_OR_SETEXT = re.compile(r"^ {0,3}(?:[-*_=][ \t]*)+$", re.MULTILINE)
# What makes mdformat see other blocks than `split_blocks` does: HTML blocks
# that a blank line does not end (CommonMark kinds 1 to 5), and a carriage
# return or NUL, which the parser reads as a line end or replaces. A page with
# lists that has one is formatted whole, as such pages always were.
_SPLITS_DIFFERENTLY = re.compile(
    r"^ {0,3}<(?:pre|script|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)|[\r\0]",
    re.MULTILINE | re.IGNORECASE,
)
_HTML_HEADING = re.compile(r'<h3 id="[^"<>&]*">[^<>&]*</h3>')


def format_page(text: str) -> str:
    """Return `text` as mdformat (with `apiregen_tables`) writes it, skipping safe blocks.

    Tables are padded in Python first. A block that the checks below prove
    stable is kept, and any other block is formatted on its own. A list or an
    indented block may continue the blocks before it, so it is formatted
    together with them (`group_blocks`). A page with link reference
    definitions is formatted whole, because a definition applies to the whole
    page.
    """
    padded = pad_tables(text)
    blocks = split_blocks(padded)
    if _REFERENCE.search(padded) or (
        _SPLITS_DIFFERENTLY.search(padded)
        and any(_LIST_OR_INDENT.match(block) for block in blocks)
    ):
        return mdformat_text(padded)
    kept = [_format_group(group) for group in group_blocks(blocks)]
    return "\n\n".join(kept) + "\n" if kept else ""


def group_blocks(blocks: Sequence[str]) -> list[list[str]]:
    """Join each list or indented block to the blocks before it.

    After a blank line, only a block that starts indented or with a list
    marker can belong to an earlier block (a list item's continuation, the
    next item of a loose list, or a list whose marker depends on the list
    before it). A block starting any other way at the margin ends every open
    list, so mdformat writes it and what follows as it would in a page of
    their own.
    """
    groups: list[list[str]] = []
    for block in blocks:
        if groups and _LIST_OR_INDENT.match(block):
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _format_group(group: list[str]) -> str:
    if len(group) > 1 or _LIST_OR_INDENT.match(group[0]):
        return _format_block("\n\n".join(group))
    block = group[0]
    return block if is_stable(block) else _format_unstable(block)


def _format_unstable(block: str) -> str:
    lines = block.split("\n")
    if (
        len(lines) > 2
        and all(line.startswith("|") for line in lines)
        and _is_separator(lines[1])
    ):
        return _format_table(lines)
    return _format_block(block)


def _format_table(lines: list[str]) -> str:
    """Format only the rows holding markup; the table renderer lays out the rest.

    The extension writes a table as `layout` of its rendered cells, and a
    plain cell renders as itself, so sending the header and the other rows
    through mdformat gives the same table as sending all of it.
    """
    rows = [split_row(lines[0])] + [split_row(line) for line in lines[2:]]
    marked = [
        i for i, row in enumerate(rows) if i and not all(map(is_plain_inline, row))
    ]
    if not marked:
        return _format_block("\n".join(lines))
    small = layout([rows[0]] + [rows[i] for i in marked])
    formatted = _format_block(small).split("\n")
    if len(formatted) != len(marked) + 2 or not all(
        l.startswith("|") for l in formatted
    ):
        return _format_block("\n".join(lines))
    rendered = [split_row(line) for line in formatted]
    rows[0] = rendered[0]
    for index, row in zip(marked, rendered[2:], strict=True):
        rows[index] = row
    return layout(rows)


def mdformat_text(text: str) -> str:
    """Run mdformat with the table extension on `text` (the slow path)."""
    import mdformat
    import mdformat.plugins

    # Registered here too, so formatting works before the package's entry
    # points are installed (an editable checkout, a vendored copy).
    extensions: Any = mdformat.plugins.PARSER_EXTENSIONS  # a dict at run time
    extensions.setdefault(EXTENSION, _this_module())
    return str(mdformat.text(text, extensions={EXTENSION}))


def _this_module() -> Any:
    import sys

    return sys.modules[__name__]


@functools.lru_cache(maxsize=4096)
def _format_block(block: str) -> str:
    return mdformat_text(block + "\n").rstrip("\n")


def split_blocks(text: str) -> list[str]:
    """Split a page at blank lines; a fenced code block stays one block."""
    blocks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            current.append(line)
            if (
                match
                and match.group(1).startswith(fence)
                and not line.strip(match.group(1)[0]).strip()
            ):
                fence = None
            continue
        if match:
            fence = match.group(1)
        if line.strip() or fence is not None:
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def is_stable(block: str) -> bool:
    """Check whether mdformat would write `block` back unchanged (conservatively)."""
    lines = block.split("\n")
    first = lines[0]
    if _FENCE.match(first):
        return _stable_fence(lines)
    if first.startswith("|"):
        # Checked first: a table's lines all start with `|`, so none is a
        # thematic break or setext underline, and the search below is costly.
        return _stable_table(lines)
    if _THEMATIC_OR_SETEXT.search(block):
        return False
    if len(lines) == 1:
        if first.startswith("#"):
            level, _, title = first.partition(" ")
            return set(level) == {"#"} and len(level) <= 6 and is_plain_inline(title)
        if first.startswith("> "):
            return is_plain_inline(first[2:])
        if _HTML_HEADING.fullmatch(first):
            return True
    return len(lines) == 1 and not first.startswith("<") and is_plain_inline(first)


def _stable_fence(lines: list[str]) -> bool:
    opening = _FENCE.match(lines[0])
    assert opening is not None
    marker = opening.group(1)
    body = lines[1:-1]
    if (
        len(lines) < 2
        or lines[-1] != marker
        or marker[0] != "`"
        or lines[0] != lines[0].strip()
    ):
        return False
    # mdformat shortens a fence to three backticks unless the code contains a
    # run of three or more, which the fence must then outgrow by one.
    code = "\n".join(body)
    if "```" not in code:
        return len(marker) == 3
    longest = max(len(run) for run in re.findall(r"`+", code))
    return len(marker) == longest + 1


def _stable_table(lines: list[str]) -> bool:
    if len(lines) < 2 or not all(line.startswith("|") for line in lines):
        return False
    rows = [split_row(lines[0])] + [split_row(line) for line in lines[2:]]
    if not _is_separator(lines[1]) or layout(rows) != "\n".join(lines):
        return False
    return all(is_plain_inline(cell) for row in rows for cell in row)


def is_plain_inline(text: str) -> bool:
    """Check whether inline `text` contains only plain words, code spans, links and `<br>`."""
    if text != text.strip() or "  " in text:
        return False
    rest = _CODE_SPAN.sub("x", text)
    rest = _LINK.sub("x", rest).replace(_BREAK, " ")
    return _PLAIN.fullmatch(rest) is not None
