"""Reading one spec file, and finding the line of any node in it on demand.

Parsing keeps no positions, so loading stays fast on large specs. A line is
looked up only when a message needs one: YAML files are composed again into
libyaml's node tree, and JSON files are scanned by a small tokenizer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from apiregen import pointers
from apiregen.errors import LoadError, Location
from apiregen.load import compat

try:
    _YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

JSON_SUFFIXES = (".json",)


@dataclass
class SourceFile:
    """One parsed spec file and its text, for locating nodes later."""

    path: Path
    text: str
    data: Any
    is_json: bool
    _lines: dict[str, tuple[int, int]] | None = field(default=None, repr=False)

    def position(self, pointer: str) -> tuple[int, int] | None:
        """Return the 1-based (line, column) of the node at `pointer`, or of its nearest parent."""
        if self._lines is None:
            self._lines = (
                _json_positions(self.text)
                if self.is_json
                else _yaml_positions(self.text)
            )
        tokens = pointers.split(pointer)
        while True:
            found = self._lines.get(pointers.join("", *tokens))
            if found is not None or not tokens:
                return found
            tokens.pop()

    def location(self, pointer: str, display_path: str | None = None) -> Location:
        position = self.position(pointer)
        line, column = position if position else (None, None)
        return Location(display_path or str(self.path), line, column, pointer)


def read_source(path: Path, display_path: str | None = None) -> SourceFile:
    """Read and parse a YAML or JSON file, raising LoadError with file, line and column."""
    shown = display_path or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(f"file not found: {shown}") from None
    except UnicodeDecodeError as error:
        raise LoadError(
            f"{shown}: not UTF-8 text (byte {error.start}); save it as UTF-8"
        ) from None
    except OSError as error:
        raise LoadError(f"cannot read {shown}: {error.strerror}") from None
    # A byte order mark is not part of the document. libyaml skips it, and some
    # Windows editors write it before JSON too.
    text = text.removeprefix("\ufeff")
    is_json = path.suffix.lower() in JSON_SUFFIXES or text.lstrip().startswith("{")
    data = _parse_json(text, shown) if is_json else _parse_yaml(text, shown)
    return SourceFile(path=path, text=text, data=data, is_json=is_json)


def _parse_json(text: str, shown: str) -> Any:
    try:
        data = json.loads(
            text,
            object_pairs_hook=compat.unique_object,
            parse_constant=compat.reject_constant,
            parse_float=compat.finite_float,
        )
    except compat.NotJson:
        raise _json_value_error(text, shown) from None
    except json.JSONDecodeError as error:
        raise LoadError(
            f"invalid JSON: {error.msg}",
            Location(shown, error.lineno, error.colno),
        ) from None
    except RecursionError:
        # The same limit as libyaml's for YAML: no real spec comes near it.
        line, column = _json_depth_position(text, _MAX_JSON_DEPTH)
        raise LoadError(
            f"invalid JSON: nested more than {_MAX_JSON_DEPTH} levels deep",
            Location(shown, line, column),
        ) from None
    # `json` decodes a `\ud800` escape without its pair into a string that
    # cannot be written as UTF-8. Such escapes are rare, so only a text that
    # contains one is checked.
    if _SURROGATE_ESCAPE.search(text) and _first_json_problem(text) is not None:
        raise _json_value_error(text, shown)
    return data


_MAX_JSON_DEPTH = 1000
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _json_depth_position(text: str, limit: int) -> tuple[int | None, int | None]:
    """Return the position of the first `[` or `{` that opens level `limit` + 1."""
    depth = 0
    for token, line, column in _json_tokens(text):
        if token in "[{":
            depth += 1
            if depth > limit:
                return line, column
        elif token in "]}":
            depth -= 1
    return None, None


# How many nodes YAML aliases may add to a file beyond the nodes written in it.
# An alias bomb (anchors that each list the previous one several times) adds
# billions. A spec that reuses shared parts through anchors adds about the size
# of each part times its uses, far below this limit.
MAX_ALIAS_EXPANSION = 1_000_000

_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]+")


def _parse_yaml(text: str, shown: str) -> Any:
    data = _load_yaml(text, shown)
    if _ANCHOR.search(text):
        _check_aliases(data, text, shown)
    return data


def _check_aliases(data: Any, text: str, shown: str) -> None:
    """Reject YAML whose aliases expand past MAX_ALIAS_EXPANSION nodes, or loop.

    The loader shares one object per anchor, so the parsed data is small; the
    size it would have once written out is counted per distinct node, once.
    """
    location = _first_anchor(text, shown)
    # Sizes are summed after the children's, on an explicit stack, so deep
    # nesting cannot exhaust Python's stack.
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in sizes:
            continue
        children = list(node.values() if isinstance(node, dict) else node)
        if children_done:
            in_progress.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
            continue
        if id(node) in in_progress:
            raise LoadError(
                "a YAML alias refers to a node that contains it, so the document "
                "never ends; replace the alias with a copy or a $ref",
                location,
            )
        in_progress.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    expanded = sizes.get(id(data), 1)
    if expanded - len(sizes) > MAX_ALIAS_EXPANSION:
        raise LoadError(
            f"YAML aliases expand this file to {expanded:,} nodes, more than "
            f"{MAX_ALIAS_EXPANSION:,} beyond what is written (an alias bomb?); "
            "write the repeated parts out or use $ref",
            location,
        )


def _first_anchor(text: str, shown: str) -> Location:
    anchor = _ANCHOR.search(text)
    offset = anchor.start() if anchor else 0
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location(shown, line, column)


def _load_yaml(text: str, shown: str) -> Any:
    try:
        return yaml.load(text, Loader=compat.JsonCompatibleLoader)
    except compat.NotJson as error:
        raise _yaml_value_error(error, text, shown) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(filter(None, [error.context, error.problem]))
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        if mark is not None and _tab_at(text, mark.index):
            problem += "; this is a tab, and YAML indents with spaces only"
        raise LoadError(
            f"invalid YAML: {problem}", Location(shown, line, column)
        ) from None
    except yaml.YAMLError as error:
        raise LoadError(f"invalid YAML: {error}", Location(shown)) from None


def _tab_at(text: str, index: int) -> bool:
    """Check whether the YAML error at `index` sits on a tab in a line's indentation."""
    line_start = text.rfind("\n", 0, index) + 1
    return "\t" in text[line_start : index + 1] and not text[line_start:index].strip()


def _yaml_value_error(error: compat.NotJson, text: str, shown: str) -> LoadError:
    """Locate a value the loader rejected, by the offset at which it is written."""
    index = error.index or 0
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return LoadError(
        error.message, Location(shown, line, column, _yaml_pointer_at(text, index))
    )


def _yaml_pointer_at(text: str, index: int) -> str | None:
    """Return the pointer of the key or value written at offset `index`."""
    for pointer, mark in _yaml_marks(text):
        if mark.index == index:
            return pointer
    return None


def _yaml_positions(text: str) -> dict[str, tuple[int, int]]:
    positions: dict[str, tuple[int, int]] = {}
    for pointer, mark in _yaml_marks(text):
        positions.setdefault(pointer, (mark.line + 1, mark.column + 1))
    return positions


def _yaml_marks(text: str) -> Iterator[tuple[str, yaml.Mark]]:
    """Yield (pointer, start mark) of every node and every mapping key, parents first.

    A mapping entry comes first with the mark of its key, as in JSON, because
    the value of a block mapping only starts on the next line. Aliased nodes
    are walked once, under the first pointer that reaches them, so an alias
    bomb cannot make this walk exponential. A file that does not compose
    yields nothing.
    """
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except yaml.YAMLError:
        return
    seen: set[int] = set()
    stack: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    while stack:
        pointer, node = stack.pop()
        yield pointer, node.start_mark
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = pointers.join(pointer, str(key.value))
                yield child, key.start_mark
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            for position, value in enumerate(node.value):
                stack.append((pointers.join(pointer, position), value))


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def _json_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    line, line_start = 1, 0
    # Newlines are counted from the previous token, apart from the line start,
    # so a column is measured from the start of its own line.
    scanned = 0
    for match in _JSON_TOKEN.finditer(text):
        start = match.start()
        newlines = text.count("\n", scanned, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", 0, start) + 1
        yield match.group(), line, start - line_start + 1
        scanned = start


def _json_walk(text: str) -> Iterator[tuple[str, str, int, int, bool]]:
    """Yield (pointer, token, line, column, is_key) for each key, value and `{`/`[`."""
    # Each frame: [pointer, is_object, next array index]
    stack: list[list[Any]] = []
    pointer = ""
    expecting_key = False
    for token, line, column in _json_tokens(text):
        if token in "{[":
            yield pointer, token, line, column, False
            stack.append([pointer, token == "{", 0])
            expecting_key = token == "{"
            if token == "[":
                pointer = pointers.join(stack[-1][0], 0)
            continue
        if token in "}]":
            stack.pop()
            continue
        if token == ":":
            expecting_key = False
            continue
        if token == ",":
            frame = stack[-1]
            if frame[1]:
                expecting_key = True
            else:
                frame[2] += 1
                pointer = pointers.join(frame[0], frame[2])
            continue
        if stack and stack[-1][1] and expecting_key:
            key = json.loads(token) if token.startswith('"') else token
            pointer = pointers.join(stack[-1][0], key)
            yield pointer, token, line, column, True
            continue
        yield pointer, token, line, column, False


def _json_positions(text: str) -> dict[str, tuple[int, int]]:
    """Map each pointer of a JSON text to the position of its key or element."""
    positions: dict[str, tuple[int, int]] = {}
    for pointer, _, line, column, _ in _json_walk(text):
        positions.setdefault(pointer, (line, column))
    return positions


_NOT_NUMBERS = frozenset({"NaN", "Infinity", "-Infinity"})


def _json_token_problem(token: str, is_key: bool) -> str | None:
    """Return why a single JSON key or value token is not JSON, or None."""
    if token.startswith('"'):
        if not compat.has_lone_surrogate(json.loads(token)):
            return None
        escape = _SURROGATE_ESCAPE.search(token)
        shown = token[escape.start() : escape.start() + 6] if escape else token
        return (
            f"{shown} is half of a UTF-16 surrogate pair without its other half, "
            "so it is no character and cannot be written as UTF-8; remove it or "
            "write the character itself"
        )
    if is_key:
        return None
    if token in _NOT_NUMBERS:
        return compat.not_a_number_message(token)
    if token[:1] in "-0123456789" and any(c in token for c in ".eE"):
        try:
            compat.finite_float(token)
        except (compat.NotJson, ValueError):
            return compat.overflow_message(token)
    return None


def _first_json_problem(text: str) -> tuple[str, str, int, int] | None:
    """Find the first repeated key or non-JSON value: (message, pointer, line, col)."""
    # The line of each key's first occurrence; a pointer met twice is a repeat.
    keys: dict[str, int] = {}
    for pointer, token, line, column, is_key in _json_walk(text):
        if is_key and pointer in keys:
            key = pointers.split(pointer)[-1]
            message = compat.duplicate_key_message(key, keys[pointer])
            return message, pointer, line, column
        if is_key:
            keys[pointer] = line
        problem = _json_token_problem(token, is_key)
        if problem is not None:
            return problem, pointer, line, column
    return None


def _json_value_error(text: str, shown: str) -> LoadError:
    found = _first_json_problem(text)
    if found is None:  # pragma: no cover - the hooks and this walk agree
        return LoadError("invalid JSON: a value JSON cannot hold", Location(shown))
    message, pointer, line, column = found
    return LoadError(message, Location(shown, line, column, pointer))
