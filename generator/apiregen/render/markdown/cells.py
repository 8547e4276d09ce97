"""Text that goes into the pages: table cells, code spans and descriptions.

Spec text is data: it is escaped here and printed by the templates as it is,
so template syntax inside a description is never evaluated.

HTML in spec text follows one safe subset (documented in `docs/markdown.md`):
outside code spans, a `<...>` is kept as typed only when it is

- a tag of `SAFE_TAGS` with no attributes (`<br>`, `<b>`, `</code>`...), or
- a placeholder such as `<username>`, `<org-name/uuid>` or `<IANA Timezone>`:
  words made of letters, digits and `_-/|\\.` and spaces, whose first word
  is not an HTML element name. It has no `=` or quotes, so it cannot carry
  an attribute value, and an unknown element without values runs nothing.

Any other `<` (a `<script>`, an `<img onerror=...>`, a comment) is escaped as
`&lt;`, so no script or event handler reaches a page.

Markdown links and images keep working when their target is relative, a
fragment, or an `http`, `https` or `mailto` URL. Any other target (such as
`javascript:`, also written with entities or with spaces inside the scheme)
is dropped with its parentheses, so `[text](javascript:...)` shows `[text]`,
and a reference definition `[r]: javascript:...` is removed. Escaping the
brackets is not enough: mdformat, which formats every page, removes escapes
that do not change how CommonMark reads the text, and CommonMark does not
read such a target as a link while Python-Markdown does.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BARE_PIPE = re.compile(r"(?<!\\)\|")


def escape_html(text: str) -> str:
    """Escape HTML outside code spans (where Markdown shows text as typed).

    Links to unsafe targets are disarmed first (see `disarm_links`). An
    entity-like `&`, a `<` outside the safe subset and a `>` at a line start
    are escaped.
    """
    text = disarm_links(text)
    parts = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_escape_plain(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_escape_plain(text[last:]))
    return "".join(parts)


SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Characters a browser or Markdown drops from a link target before it reads
# the scheme. The URL parser removes a tab inside `java\tscript:`, and the
# rest are backslashes, angle brackets around the target and code span ticks.
_TARGET_NOISE = re.compile(r"[\x00-\x20\x7f\\<>`]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# A link's `](`, also with the `]` escaped: mdformat may drop that escape.
_LINK_MIDDLE = re.compile(r"\\?\]\(")
# A reference definition `[label]: target`, the target possibly on the next
# line. mdformat may drop a backslash before the bracket or colon.
_DEFINITION = re.compile(
    r"^[ \t]*\\?\[(?:\\.|[^\]\\\n])*\\?\]\\?:[ \t]*(?:\r?\n[ \t]*)?(\S*)",
    re.MULTILINE,
)


def unsafe_target(target: str) -> bool:
    """Check whether a link target names a scheme outside SAFE_SCHEMES.

    Entities are decoded and noise removed first, as a browser would read
    `&#106;avascript:` or `java&#x09;script:`. A relative or fragment target
    has no scheme and is safe.
    """
    text = _TARGET_NOISE.sub("", html.unescape(html.unescape(target)))
    scheme = _SCHEME.match(text)
    return scheme is not None and scheme.group(1).lower() not in SAFE_SCHEMES


def disarm_links(text: str) -> str:
    """Drop the target of every inline link, image or definition with an unsafe scheme.

    Code spans are left as they are: Markdown shows them as typed.
    """
    spans = [m.span() for m in _CODE_SPAN.finditer(text)]
    text = _DEFINITION.sub(
        lambda m: "" if _outside(m.start(), spans) and unsafe_target(m.group(1))
        else m.group(0),
        text,
    )  # fmt: skip
    spans = [m.span() for m in _CODE_SPAN.finditer(text)]
    position = 0
    while match := _LINK_MIDDLE.search(text, position):
        start = match.end() - 1
        end = _closing_parenthesis(text, start)
        if (
            end is not None
            and _outside(match.start(), spans)
            and unsafe_target(text[start + 1 : end])
        ):
            # Keep `[text]` and drop `(target)`. Look again at the same place,
            # because a second `(...)` may now follow the bracket.
            text = text[:start] + text[end + 1 :]
            spans = [m.span() for m in _CODE_SPAN.finditer(text)]
            position = match.start()
        else:
            position = match.end()
    return text


def _outside(position: int, spans: list[tuple[int, int]]) -> bool:
    return not any(start <= position < end for start, end in spans)


def _closing_parenthesis(text: str, start: int) -> int | None:
    """Return the index of the `)` closing the `(` at `start`, else the last `)`.

    Python-Markdown falls back to the last `)` when the parentheses are not
    balanced, so that one counts too.
    """
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    last = text.rfind(")", start)
    return last if last > start else None


SAFE_TAGS = frozenset(
    {"b", "br", "code", "em", "i", "kbd", "li", "ol", "p", "pre", "strong", "sub",
     "sup", "ul"}
)  # fmt: skip

# Every HTML element name: a placeholder must not start with one, so that
# `<img>`, `<script>` or `<style>` never pass as a placeholder.
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br
    button canvas caption cite code col colgroup data datalist dd del details dfn
    dialog div dl dt em embed fieldset figcaption figure footer form frame frameset
    h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex
    kbd keygen label legend li link listing main map mark marquee math menu meta
    meter nav noembed noframes noscript object ol optgroup option output p param
    picture plaintext portal pre progress q rp rt ruby s samp script search section
    select slot small source span strong style sub summary sup svg table tbody td
    template textarea tfoot th thead time title tr track u ul var video wbr xmp""".split()  # noqa: SIM905 (a list literal of 120 names reads worse)
)

# A "<" that could open a tag; one followed by a space or digit is plain text.
_ANGLE = re.compile(r"<[A-Za-z/!?][^<>]*>?")
_SAFE_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\s*/?>")
_PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_-]*)[A-Za-z0-9_\-/|\\. ]*>")


def _escape_plain(text: str) -> str:
    # A bare "&" is left alone: only "&" that would start an entity is escaped.
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    text = _ANGLE.sub(_angle, text)
    # A ">" is harmless except at a line start, where it would open a quote.
    return re.sub(r"^(\s*)>", r"\1&gt;", text, flags=re.MULTILINE)


def _angle(match: re.Match[str]) -> str:
    """Keep a safe tag or a placeholder as typed, and escape any other `<`."""
    text = match.group(0)
    if is_safe_html(text):
        return text
    return "&lt;" + text[1:].replace(">", "&gt;")


def is_safe_html(text: str) -> bool:
    """Check whether `<...>` is in the safe subset, as a bare safe tag or a placeholder."""
    tag = _SAFE_TAG.fullmatch(text)
    if tag is not None and tag.group(1).lower() in SAFE_TAGS:
        return True
    placeholder = _PLACEHOLDER.fullmatch(text)
    if placeholder is None or placeholder.group(1).lower() in HTML_ELEMENTS:
        return False
    # No word may read as an event handler attribute (`onclick`), valued or not.
    words = re.split(r"[\s/|\\.]+", text[1:-1])
    return not any(word.lower().startswith("on") for word in words)


def cell(value: Any, join_wrapped_lines: bool = False) -> str:
    """Make one table cell: HTML escaped, `|` escaped, line breaks as `<br>`.

    A blank line between paragraphs becomes `<br><br>`. A single line break
    becomes `<br>`, or a space with `join_wrapped_lines` (for specs whose
    descriptions are wrapped source comments).
    """
    if value is None:
        return ""
    # Python-Markdown reads a lone "\r" as a line break too, which would end the row.
    text = escape_html(_LINE_BREAK.sub("\n", str(value)).strip())
    text = _PARAGRAPH_BREAK.sub("<br><br>", text)
    text = text.replace("\n", " " if join_wrapped_lines else "<br>")
    # A pipe the spec already escapes stays as it is; any other is escaped.
    return _BARE_PIPE.sub(r"\\|", text)


def code(value: Any) -> str:
    """Return a table cell's code span holding `value` (see `inline_code`).

    A `|` is escaped, as a table cell needs even inside a code span.
    """
    return inline_code(value).replace("|", "\\|")


def inline_code(value: Any) -> str:
    """Return a code span holding `value`, with enough backticks to hold it.

    The fence is longer than any backtick run inside (the CommonMark rule).
    The empty string shows as `""`: Markdown has no empty code span, and the
    pair of backticks the published pages write opens a code span that runs
    into the next value of a list (`` ``, `a` `` reads as "`, a").
    """
    # A code span shows a line break as a space, and a table row must stay on
    # one line, so the breaks are written as spaces.
    text = _LINE_BREAK.sub(" ", literal(value))
    if not text:
        return '`""`'
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


_LINE_BREAK = re.compile(r"\r\n?|\n|\v|\f|\x85|\u2028|\u2029")


def literal(value: Any) -> str:
    """Write a JSON value as the pages show it: strings bare, `true`, `null`, numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (list, dict)):
        # An enum of arrays or objects: JSON, as the spec wrote it, not Python's repr.
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def paragraph(value: Any) -> str:
    """Escape spec text shown as a paragraph outside tables."""
    return escape_html(str(value).strip()) if value else ""


def line(value: Any) -> str:
    """Escape spec text shown on one line, such as a heading: line breaks fold to spaces.

    A line break inside a heading would end it, and the next line could
    start a heading of its own.
    """
    return escape_html(" ".join(split_lines(str(value)))).strip() if value else ""


def split_lines(text: str) -> list[str]:
    """Split at every line break a Markdown reader or a terminal could see."""
    return _LINE_BREAK.split(text)
