"""Text that goes into the pages: table cells, code spans and descriptions.

Spec text is data: it is escaped here and printed by the templates as it is,
so template syntax inside a description is never evaluated. HTML in spec text
is escaped outside code spans; `<br>` is the one tag the pages emit themselves.
"""

from __future__ import annotations

import re
from typing import Any

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BARE_PIPE = re.compile(r"(?<!\\)\|")


def escape_html(text: str) -> str:
    """Escape `&`, `<` and `>` outside code spans, where Markdown shows them as typed."""
    parts = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_escape_plain(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_escape_plain(text[last:]))
    return "".join(parts)


def _escape_plain(text: str) -> str:
    # A bare "&" is left alone: only "&" that would start an entity is escaped.
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def cell(value: Any, join_wrapped_lines: bool = False) -> str:
    """Make one table cell: HTML escaped, `|` escaped, line breaks as `<br>`.

    A blank line between paragraphs becomes `<br><br>`. A single line break
    becomes `<br>`, or a space with `join_wrapped_lines` (for specs whose
    descriptions are wrapped source comments).
    """
    if value is None:
        return ""
    text = escape_html(str(value).strip())
    text = _PARAGRAPH_BREAK.sub("<br><br>", text)
    text = text.replace("\n", " " if join_wrapped_lines else "<br>")
    # A pipe the spec already escapes stays as it is; any other is escaped.
    return _BARE_PIPE.sub(r"\\|", text)


def code(value: Any) -> str:
    """Return a code span holding `value`, with enough backticks to hold it.

    The empty string shows as a pair of backticks, as the published pages do.
    """
    text = literal(value)
    if not text:
        return "``"
    fence = "`"
    while fence in text:
        fence += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}".replace("|", "\\|")


def literal(value: Any) -> str:
    """Write a JSON value as the pages show it: strings bare, `true`, `null`, numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def paragraph(value: Any) -> str:
    """Escape spec text shown as a paragraph outside tables."""
    return escape_html(str(value).strip()) if value else ""
