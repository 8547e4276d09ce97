"""Checks on what local references point at, after bundling.

`bundle.check_local_refs` rejects a `$ref` that points at nothing. These checks
reject the references that point at something of the wrong kind, or that the
bundler does not follow:

- a schema's `$ref` to a node that is not a schema (`#/info`, `#/components`,
  `#/components/examples/E`, an operation);
- a `$dynamicRef` or `$recursiveRef` to a URL or another file: apiregen
  fetches nothing, and no renderer may be handed one to fetch;
- a discriminator `mapping` value that names no schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from apiregen import pointers
from apiregen.errors import LoadError, Location

Locate = Callable[[str], Location]

# A token after which the next one names a schema: `/components/schemas/Pet`,
# `/definitions/Pet` (Swagger 2.0), `/$defs/Pet`.
_SCHEMA_MAPS = frozenset({"schemas", "definitions", "$defs"})
# A token whose value is a schema: the `schema` of a parameter, header or media type.
_SCHEMA_SLOTS = frozenset({"schema"})
# Keywords whose value is data even inside a schema; a `$ref` key in it is text.
_DATA_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})
_DYNAMIC_KEYWORDS = ("$dynamicRef", "$recursiveRef")


def schema_part(pointer: str) -> tuple[int, list[str]] | None:
    """Return where the first schema along `pointer` starts, with the tokens.

    None when no schema contains the node at `pointer`.
    """
    tokens = pointers.split(pointer)
    for index, token in enumerate(tokens):
        if token in _SCHEMA_SLOTS:
            return index + 1, tokens
        if token in _SCHEMA_MAPS and index + 1 < len(tokens):
            return index + 2, tokens
    return None


def is_schema_site(pointer: str) -> bool:
    """Tell whether the node at `pointer` sits where a schema is expected."""
    found = schema_part(pointer)
    if found is None:
        return False
    start, tokens = found
    return not any(
        token in _DATA_KEYWORDS or token.startswith("x-") for token in tokens[start:]
    )


def check_ref_targets(refs: Mapping[str, str], locate: Locate) -> None:
    """Reject a schema's local `$ref` whose target is not a schema.

    `refs` maps each ref to the pointer of the first node that uses it, as
    `bundle._collect_refs` returns them. A ref that points at nothing has been
    reported before this runs.

    NOTE: only the first use of each ref is checked, so a ref used first where
    it is right (an `examples` entry) and then in a schema passes.
    """
    for ref, where in refs.items():
        if not ref.startswith("#") or not is_schema_site(where):
            continue
        try:
            target = pointers.fragment_pointer(ref)
            pointers.split(target)
        except ValueError:
            continue
        if schema_part(target) is None:
            raise LoadError(
                f"$ref '{ref}' points at {_describe(target)}, which is not a "
                "schema; point it at a schema such as '#/components/schemas/Name'",
                locate(pointers.join(where, "$ref")),
            )


def _describe(pointer: str) -> str:
    return f"the node {pointer}" if pointer else "the whole document"


def check_schema_links(root: Any, texts: list[str], locate: Locate) -> None:
    """Reject `$dynamicRef`s to other documents and discriminator mappings to nothing.

    The walk runs only when a file's text mentions one of these keywords.
    """
    dynamic = any(word in text for text in texts for word in _DYNAMIC_KEYWORDS)
    mapped = any("mapping" in text for text in texts)
    if not dynamic and not mapped:
        return
    for pointer, node in _mappings(root):
        if dynamic:
            _check_dynamic(node, pointer, locate)
        if mapped:
            _check_mapping(root, node, pointer, locate)


def _mappings(root: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        if not isinstance(node, (Mapping, list)) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Mapping):
            yield pointer, node
            stack.extend((pointers.join(pointer, k), v) for k, v in node.items())
        else:
            stack.extend((pointers.join(pointer, i), v) for i, v in enumerate(node))


def _check_dynamic(node: Mapping[str, Any], pointer: str, locate: Locate) -> None:
    for keyword in _DYNAMIC_KEYWORDS:
        value = node.get(keyword)
        if isinstance(value, str) and not value.startswith("#"):
            raise LoadError(
                f"{keyword} to another document is not supported: '{value}'; "
                "apiregen fetches nothing, so use a $ref to a schema of this spec",
                locate(pointers.join(pointer, keyword)),
            )


def _check_mapping(
    root: Any, node: Mapping[str, Any], pointer: str, locate: Locate
) -> None:
    discriminator = node.get("discriminator")
    mapping = (
        discriminator.get("mapping") if isinstance(discriminator, Mapping) else None
    )
    if not isinstance(mapping, Mapping):
        return
    for value, target in mapping.items():
        if not isinstance(target, str) or _mapping_resolves(root, target):
            continue
        raise LoadError(
            f"discriminator mapping '{value}' points at nothing: '{target}'; "
            "name a schema such as '#/components/schemas/Name'",
            locate(pointers.join(pointer, "discriminator", "mapping", str(value))),
        )


def _mapping_resolves(root: Any, target: str) -> bool:
    """Tell whether a mapping value names a node of the document.

    A value without `#` is a schema name (OpenAPI 3) unless it looks like a
    file or URL, which bundling has already dealt with.
    """
    if target.startswith("#"):
        pointer = pointers.fragment_pointer(target)
    elif "/" in target or "." in target:
        return True
    else:
        pointer = pointers.join("/components/schemas", target)
    try:
        pointers.lookup(root, pointer)
    except (KeyError, ValueError):
        return False
    return True
