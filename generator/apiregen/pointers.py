"""JSON pointers (RFC 6901) and local `$ref` lookups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    """Append tokens to a pointer such as "/paths" (the root is "")."""
    return pointer + "".join("/" + escape_token(str(token)) for token in tokens)


def split(pointer: str) -> list[str]:
    """Split "/a/b~1c" into ["a", "b/c"]; the empty pointer is the root."""
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/': {pointer!r}")
    return [unescape_token(token) for token in pointer[1:].split("/")]


def lookup(document: Any, pointer: str) -> Any:
    """Return the node at `pointer`, raising KeyError when it is absent."""
    node = document
    for token in split(pointer):
        if isinstance(node, Mapping):
            if token in node:
                node = node[token]
                continue
            # YAML loads an unquoted key such as `200:` as an int; match it by its text.
            matches = [
                key for key in node if not isinstance(key, str) and str(key) == token
            ]
            if not matches:
                raise KeyError(token)
            node = node[matches[0]]
        elif isinstance(node, list):
            # RFC 6901: an array index is ASCII digits with no leading zero.
            is_index = (
                token.isascii()
                and token.isdigit()
                and (token == "0" or token[0] != "0")
            )
            if not is_index or int(token) >= len(node):
                raise KeyError(token)
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node


def fragment_pointer(ref: str) -> str:
    """Return the pointer of a local ref: "#/components/x%20y" -> "/components/x y"."""
    return unquote(ref[1:]) if ref.startswith("#") else ref


def resolve_ref(document: Mapping[str, Any], node: Any, limit: int = 64) -> Any:
    """Follow local `$ref`s from `node` until a node without one is reached.

    The loader has already rejected dangling refs and cycles made only of refs;
    `limit` only stops a malformed document passed in directly.
    """
    for _ in range(limit):
        if not isinstance(node, Mapping) or not isinstance(node.get("$ref"), str):
            return node
        ref = node["$ref"]
        if not ref.startswith("#"):
            return node
        node = lookup(document, fragment_pointer(ref))
    raise ValueError("too many nested $ref")
