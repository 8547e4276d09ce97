"""Rewrite the reference section of a docs site's navigation manifest.

A docs site keeps its navigation in a JSON manifest (`manifest.json`), where
one node (say "REST API") lists the reference pages as its children. Only
that node's `children` array is rewritten. Every other byte of the file stays
as it is, so a review shows only the page list changing. Children that already
exist keep their other keys (`description`, `state`, `icon_path`...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from apiregen.errors import OutputError, SettingError

_CHILDREN = re.compile(r'"children"\s*:\s*\[')
_GO_ESCAPES = {"&": "\\u0026", "<": "\\u003c", ">": "\\u003e"}


def rewrite_manifest(
    path: Path, section: str, prefix: str, pages: Sequence[tuple[str, str]]
) -> str:
    """Return the manifest at `path` with the children of node `section` set to `pages`.

    `pages` contains (title, file name) pairs in order; a child's path is `prefix` plus
    the file name.
    """
    text = _read(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise OutputError(
            f"{path}:{error.lineno}:{error.colno}: the site manifest is not valid JSON: "
            f"{error.msg}"
        ) from None
    node = next((n for n in _nodes(document) if n.get("title") == section), None)
    if node is None or not isinstance(node.get("path"), str):
        raise OutputError(
            f"{path}: no navigation node titled {section!r} with a path; "
            "set 'site-manifest-section' to the title of the reference section"
        )
    old = {child.get("path"): child for child in node.get("children") or ()
           if isinstance(child, Mapping)}  # fmt: skip
    children = [_child(old.get(prefix + page), title, prefix + page)
                for title, page in pages]  # fmt: skip
    start, end = _children_span(text, node["path"], path)
    indent, unit = _indents(text, start, end)
    escape = any(code in text for code in _GO_ESCAPES.values())
    body = _array(children, indent, unit, escape)
    return text[:start] + body + text[end:]


def check_manifest(path: Path, section: str) -> None:
    """Raise SettingError unless `path` is a JSON manifest with a usable `section` node.

    The node must exist already, with a `path` (where the section's own page
    is) and a `children` array; apiregen replaces only those children. Checked
    when the settings are read, so a wrong setting exits as a usage error.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SettingError(
            "site-manifest", f"names {path}, which cannot be read: {error.strerror}"
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SettingError(
            "site-manifest",
            f"names {path}, which is not valid JSON (line {error.lineno}, column "
            f"{error.colno}: {error.msg})",
        ) from None
    node = next((n for n in _nodes(document) if n.get("title") == section), None)
    if node is None or not isinstance(node.get("path"), str):
        raise SettingError(
            "site-manifest-section",
            f"is {section!r}, but {path} has no node with that title and a "
            '"path"; add that node to the manifest (its children are replaced '
            "by the pages), or set 'site-manifest-section' to the title of an "
            "existing one",
        )
    if not isinstance(node.get("children"), list):
        raise SettingError(
            "site-manifest-section",
            f'names the node {section!r} of {path}, which has no "children" '
            'list; add "children": [] to it',
        )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise OutputError(
            f"cannot read site manifest {path}: {error.strerror}"
        ) from None


def _nodes(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


def _child(old: Mapping[str, Any] | None, title: str, path: str) -> dict[str, Any]:
    if old is None:
        return {"title": title, "path": path}
    child = dict(old)
    child["title"] = title
    child["path"] = path
    return child


def _children_span(text: str, node_path: str, source: Path) -> tuple[int, int]:
    """Return the span of the `[...]` array of the node whose path is `node_path`."""
    anchor = text.find(f'"path": {json.dumps(node_path)}')
    match = _CHILDREN.search(text, anchor) if anchor >= 0 else None
    if match is None:
        raise OutputError(f"{source}: the node {node_path!r} has no children array")
    start = match.end() - 1
    depth = 0
    in_string = False
    index = start
    while index < len(text):
        char = text[index]
        if in_string:
            if char == "\\":
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return start, index + 1
        index += 1
    raise OutputError(f"{source}: unbalanced brackets in the children of {node_path!r}")


def _indents(text: str, start: int, end: int) -> tuple[str, str]:
    """Return the indentation of the `"children"` line and one indentation step."""
    line_start = text.rfind("\n", 0, start) + 1
    indent = re.match(r"[ \t]*", text[line_start:]).group(0)  # type: ignore[union-attr]
    inner = re.search(r"\n([ \t]*)\S", text[start:end])
    unit = "\t" if "\t" in indent or not indent else "  "
    if (
        inner
        and inner.group(1).startswith(indent)
        and len(inner.group(1)) > len(indent)
    ):
        unit = inner.group(1)[len(indent) :]
    return indent, unit


def _array(children: list[dict[str, Any]], indent: str, unit: str, escape: bool) -> str:
    if not children:
        return "[]"
    items = [_object(child, indent + unit, unit, escape) for child in children]
    inner = ",\n".join(indent + unit + item for item in items)
    return "[\n" + inner + "\n" + indent + "]"


def _object(value: Mapping[str, Any], indent: str, unit: str, escape: bool) -> str:
    lines = [
        f"{indent}{unit}{_scalar(key, escape)}: {_value(item, escape)}"
        for key, item in value.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n" + indent + "}"


def _value(value: Any, escape: bool) -> str:
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return "[" + ", ".join(_scalar(item, escape) for item in value) + "]"
    if isinstance(value, (list, dict)):
        # Nested structures under a child are rare; keep them on one line.
        return json.dumps(value, ensure_ascii=False)
    return _scalar(value, escape)


def _scalar(value: Any, escape: bool) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if escape:
        for char, code in _GO_ESCAPES.items():
            text = text.replace(char, code)
    return text
