"""The defects of the published coder pages that apiregen does not copy.

Each defect turns a table that apiregen wrote into its broken published form.
The conformance test applies them to the generated pages and then demands
byte identity, so exactly the lines these defects explain may differ and no
other. `published_form` also reports which defect touched which table.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from apiregen.render.mdformat_tables import layout, split_row

TABLE_BREAK = (
    "the published table breaks at a cell holding `<br><br>` (written there as a "
    "line break) and leaves its rows from that cell on unpadded; apiregen keeps "
    "the table whole and padded"
)
EMPHASIS_SPACE = (
    "markdownlint's fixer (MD037) took the space out of `E.g. *--suffix`, reading "
    "the asterisks of two host patterns as emphasis; apiregen keeps the text"
)
UNDEFINED_TYPE = (
    "the published page names the type of untyped array items `undefined`, a "
    "JavaScript value leaking into the page; apiregen writes `any`"
)
EMPTY_STRING = (
    "the published page writes the empty string as a bare pair of backticks, "
    "which opens a code span running into the next value of the cell; apiregen "
    'writes `""`'
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A `*` opening "emphasis" whose closing `*` follows a space, as MD037 reads it.
_MD037 = re.compile(r"(?<![`\w])\*(\S[^*`|]*?)\s+\*(?=\S)")


def _emphasis_space(cell: str) -> str:
    return _MD037.sub(r"*\1*", cell)


def _undefined_type(cell: str) -> str:
    return "array of undefined" if cell == "array of any" else cell


def _empty_string(cell: str) -> str:
    # Only a whole value: `""` at the cell start or after ", ".
    return re.sub(r'(?:^|(?<=, ))`""`(?=,|$)', "``", cell)


CELL_DEFECTS: tuple[tuple[Callable[[str], str], str], ...] = (
    (_emphasis_space, EMPHASIS_SPACE),
    (_undefined_type, UNDEFINED_TYPE),
    (_empty_string, EMPTY_STRING),
)


def published_form(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Return `text` with the published defects applied, and where they applied.

    Each place is (first line, line count, reason), counted in `text`.
    """
    lines = text.split("\n")
    out: list[str] = []
    places: list[tuple[int, int, str]] = []
    index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        match = _FENCE.match(line)
        if match and (fence is None or match.group(1).startswith(fence)):
            fence = None if fence else match.group(1)
        elif fence is None and _table_start(lines, index):
            end = index + 2
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            table, reasons = _published_table(lines[index:end])
            places += [(index + 1, end - index, reason) for reason in reasons]
            out += table
            index = end
            continue
        out.append(line)
        index += 1
    return "\n".join(out), places


def _table_start(lines: list[str], index: int) -> bool:
    return (
        lines[index].startswith("|")
        and index + 1 < len(lines)
        and lines[index + 1].startswith("|-")
    )


def _published_table(table: list[str]) -> tuple[list[str], list[str]]:
    rows = [split_row(table[0])] + [split_row(line) for line in table[2:]]
    reasons = []
    for defect, reason in CELL_DEFECTS:
        changed = [[defect(cell) for cell in row] for row in rows]
        if changed != rows:
            reasons.append(reason)
            rows = changed
    broken = next(
        (i for i, row in enumerate(rows) if any("<br><br>" in c for c in row)), None
    )
    if broken is None:
        return (layout(rows).split("\n") if reasons else table), reasons
    if broken == 1:
        # Broken at its first body row, the table is not padded at all.
        head = ["|" + "|".join(rows[0]) + "|", "|" + "---|" * len(rows[0])]
    else:
        head = layout(rows[:broken]).split("\n")
    tail = ["|" + "|".join(row) + "|" for row in rows[broken:]]
    return head + [line.replace("<br><br>", "\n") for line in tail], [
        *reasons,
        TABLE_BREAK,
    ]
