"""Loading a spec made of one or more files into one document with local refs only.

A `$ref` to another file is replaced by the node it points at, except where
the root file registers that node as a named component (for example
`components: schemas: Job: {$ref: "schemas/jobs.yaml#/Job"}`): every ref to a
registered node becomes a local ref to the component, so named types stay
named. A node in another file that refers to itself, directly or through
others, and is not registered gets a component of its own under
`components/schemas`, because inlining it would never end.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apiregen import pointers
from apiregen.errors import LoadError, Location
from apiregen.load.ref_targets import check_ref_targets, check_schema_links
from apiregen.load.source import SourceFile, read_source

# Component sections a root file may register external nodes in. Swagger 2.0
# keeps its named schemas, parameters and responses at the top level.
_REGISTRY_SECTIONS = (
    ("components", "schemas"), ("components", "parameters"),
    ("components", "responses"), ("components", "requestBodies"),
    ("components", "headers"), ("components", "examples"),
    ("components", "securitySchemes"), ("components", "links"),
    ("components", "callbacks"), ("components", "pathItems"),
    ("definitions",), ("parameters",), ("responses",),
)  # fmt: skip

_REMOTE_SCHEMES = ("http", "https", "file")
_EXTERNAL_REF = re.compile(r"""["']?\$ref["']?\s*:\s*["']?([^"'#\s][^"'\s}]*)""")

Target = tuple[Path, str]  # a file and a JSON pointer inside it

_EMPTY_REF = (
    "$ref is empty; write where it points, such as '#/components/schemas/Name' "
    "or './schemas.yaml#/Name'"
)


@dataclass
class Document:
    """A loaded spec: the bundled tree, and where each part of it came from."""

    root: Any
    root_file: SourceFile
    base_dir: Path
    files: dict[Path, SourceFile] = field(default_factory=dict)
    # (pointer in `root`, file, pointer in that file) for each inlined node;
    # the root file itself covers every pointer not listed.
    origins: list[tuple[str, Path, str]] = field(default_factory=list)

    def display_path(self, path: Path) -> str:
        return _display(path)

    def locate(self, pointer: str) -> Location:
        """Return the file, line and column where the node at a bundled `pointer` is written."""
        source, inner = self.root_file, pointer
        best = -1
        for prefix, path, file_pointer in self.origins:
            if len(prefix) > best and (
                pointer == prefix or pointer.startswith(prefix + "/")
            ):
                best = len(prefix)
                source = self.files[path]
                inner = file_pointer + pointer[len(prefix) :]
        location = source.location(inner, self.display_path(source.path))
        return Location(location.file, location.line, location.column, pointer)

    def token_at(self, pointer: str) -> str:
        """Return the text written at the start of the node at a bundled `pointer`.

        For a scalar that is the token as typed (`yes`, `"yes"`, `true`); it is
        what a message quotes when the parsed value differs from the text.
        """
        return self._match_at(pointer, _TOKEN)

    def value_token_at(self, pointer: str) -> str:
        """Return the text written as the value of the mapping entry at `pointer`.

        An entry is located at its key, so this reads past `key:` to the value.
        It returns "" when the value does not start on the key's line.
        """
        return self._match_at(pointer, _KEY_THEN_TOKEN)

    def _match_at(self, pointer: str, pattern: re.Pattern[str]) -> str:
        location = self.locate(pointer)
        source = self.root_file
        for candidate in self.files.values():
            if self.display_path(candidate.path) == location.file:
                source = candidate
        if location.line is None or location.column is None:
            return ""
        lines = source.text.splitlines()
        if location.line > len(lines):
            return ""
        match = pattern.match(lines[location.line - 1], location.column - 1)
        return match.group("token") if match else ""


# A scalar as typed: a quoted string, or plain text up to a separator.
_SCALAR = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^\s,\]\}#]+"
_TOKEN = re.compile(rf"(?P<token>{_SCALAR})")
_KEY_THEN_TOKEN = re.compile(
    r"(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^\s:#,\[\]{}]+)\s*:\s*"
    rf"(?P<token>{_SCALAR})"
)


def load_document(
    path: Path,
    allow_remote_refs: bool = False,
    allow_refs_outside_spec_dir: bool = False,
) -> Document:
    """Read the spec at `path` and every file it refers to, and bundle them."""
    path = path.resolve()
    root_file = read_source(path, _display(path))
    if root_file.data is None:
        raise LoadError(
            "the spec is empty: the file contains no YAML or JSON document",
            Location(_display(path), 1, 1),
        )
    if not isinstance(root_file.data, Mapping):
        raise LoadError(
            "the spec must be a mapping at the top level",
            Location(_display(path), 1, 1),
        )
    document = Document(root=root_file.data, root_file=root_file, base_dir=path.parent)
    document.files[path] = root_file
    bundler = _Bundler(document, allow_remote_refs, allow_refs_outside_spec_dir)
    # Each file is checked as it is read, before the recursive bundling walks
    # it, and the bundled result again, since inlining stacks files' depths.
    _check_nesting(
        root_file.data, lambda pointer: root_file.location(pointer, _display(path))
    )
    if _has_external_refs(root_file.text):
        document.root = bundler.bundle()
        _check_nesting(document.root, document.locate)
    bundler.check_local_refs(document.root)
    texts = [source.text for source in document.files.values()]
    check_schema_links(document.root, texts, document.locate)
    return document


# How many mappings and lists deep a spec may go. Real specs stay under about 35;
# the validator and the renderers recurse per level and would exhaust Python's
# stack somewhere past 250.
MAX_NESTING = 100


def _check_nesting(data: Any, locate: Callable[[str], Location]) -> None:
    """Reject data nested deeper than MAX_NESTING, at the first node too deep."""
    seen: set[int] = set()
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    while stack:
        node, depth, pointer = stack.pop()
        if not isinstance(node, (Mapping, list)) or id(node) in seen:
            continue
        if depth > MAX_NESTING:
            raise LoadError(
                f"the spec is nested more than {MAX_NESTING} levels deep here; "
                "split the schema into named schemas joined by $ref",
                locate(pointer),
            )
        seen.add(id(node))
        items = node.items() if isinstance(node, Mapping) else enumerate(node)
        stack.extend(
            (value, depth + 1, pointers.join(pointer, key)) for key, value in items
        )


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _has_external_refs(text: str) -> bool:
    return _EXTERNAL_REF.search(text) is not None


class _Bundler:
    def __init__(
        self, document: Document, allow_remote: bool, allow_outside: bool
    ) -> None:
        self.document = document
        self.allow_remote = allow_remote
        self.allow_outside = allow_outside
        self.registered: dict[Target, str] = {}
        # Pointers of the root file's registration entries, as "#/..." refs.
        self.slots: set[str] = set()
        self.hoisted: dict[str, Any] = {}
        self.in_progress: list[Target] = []

    # Bundling ---------------------------------------------------------------

    def bundle(self) -> Any:
        root_path = self.document.root_file.path
        self._register_components(root_path)
        result = self._copy(self.document.root_file.data, root_path, "", "")
        if self.hoisted:
            schemas = result.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in self.hoisted.items():
                schemas.setdefault(name, schema)
        return result

    def _register_components(self, root_path: Path) -> None:
        data = self.document.root_file.data
        for section in _REGISTRY_SECTIONS:
            try:
                entries = pointers.lookup(data, pointers.join("", *section))
            except KeyError:
                continue
            if not isinstance(entries, Mapping):
                continue
            for name, entry in entries.items():
                ref = entry.get("$ref") if isinstance(entry, Mapping) else None
                if isinstance(ref, str) and not ref.startswith("#"):
                    pointer = pointers.join("", *section, name)
                    target = self._target(
                        ref, root_path, pointers.join(pointer, "$ref")
                    )
                    self.registered.setdefault(target, "#" + pointer)
                    self.slots.add("#" + pointer)

    def _copy(self, node: Any, file: Path, file_pointer: str, out_pointer: str) -> Any:
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                return self._copy_ref(node, ref, file, file_pointer, out_pointer)
            return {
                key: self._copy(value, file, f"{file_pointer}/{pointers.escape_token(str(key))}",
                                f"{out_pointer}/{pointers.escape_token(str(key))}")
                for key, value in node.items()
            }  # fmt: skip
        if isinstance(node, list):
            return [
                self._copy(
                    value, file, f"{file_pointer}/{index}", f"{out_pointer}/{index}"
                )
                for index, value in enumerate(node)
            ]
        return node

    def _is_component_slot(self, file: Path, file_pointer: str) -> bool:
        return file == self.document.root_file.path and "#" + file_pointer in self.slots

    def _copy_ref(self, node: Mapping[str, Any], ref: str, file: Path,
                  file_pointer: str, out_pointer: str) -> Any:  # fmt: skip
        root_path = self.document.root_file.path
        siblings = {k: self._copy(v, file, f"{file_pointer}/{k}", f"{out_pointer}/{k}")
                    for k, v in node.items() if k != "$ref"}  # fmt: skip
        if ref.startswith("#") and file == root_path:
            return {"$ref": ref, **siblings}
        # Errors about this ref point at its `$ref` key.
        ref_pointer = pointers.join(file_pointer, "$ref")
        target = self._target(ref, file, ref_pointer)
        if self._is_component_slot(file, file_pointer):
            # The registration entry itself is replaced by the node it names.
            return self._inline(target, siblings, out_pointer, file, ref_pointer)
        local = self.registered.get(target)
        if local is not None:
            return {"$ref": local, **siblings}
        if target[0] == root_path:
            return {"$ref": "#" + target[1], **siblings}
        if target in self.in_progress:
            return {"$ref": self._hoist(target), **siblings}
        return self._inline(target, siblings, out_pointer, file, ref_pointer)

    def _inline(self, target: Target, siblings: dict[str, Any], out_pointer: str,
                ref_file: Path, ref_pointer: str) -> Any:  # fmt: skip
        path, pointer = target
        source = self._source(path)
        try:
            node = pointers.lookup(source.data, pointer)
        except KeyError:
            raise self._error(
                f"$ref target {pointer or '/'} not found in {source.path.name}; "
                "check the pointer after '#'",
                ref_file, ref_pointer,
            ) from None  # fmt: skip
        self.document.origins.append((out_pointer, path, pointer))
        self.in_progress.append(target)
        try:
            copied = self._copy(node, path, pointer, out_pointer)
        finally:
            self.in_progress.pop()
        local = self.registered.get(target)
        if local is not None and local != "#" + out_pointer:
            # The node referred to itself and was hoisted while it was copied.
            return {"$ref": local, **siblings}
        if siblings and isinstance(copied, Mapping):
            return {**copied, **siblings}
        return copied

    def _hoist(self, target: Target) -> str:
        """Give a self-referring node in another file a schema component of its own."""
        path, pointer = target
        tokens = pointers.split(pointer)
        base = tokens[-1] if tokens else path.stem
        name, counter = base, 2
        existing = (self.document.root_file.data.get("components") or {}).get(
            "schemas"
        ) or {}
        while name in existing or (
            name in self.hoisted and self.hoisted[name] is not None
        ):
            name, counter = f"{base}{counter}", counter + 1
        local = "#/components/schemas/" + pointers.escape_token(name)
        self.registered[target] = local
        self.hoisted[name] = None
        out_pointer = local[1:]
        self.document.origins.append((out_pointer, path, pointer))
        node = pointers.lookup(self._source(path).data, pointer)
        self.hoisted[name] = self._copy(node, path, pointer, out_pointer)
        return local

    # Targets and files -------------------------------------------------------

    def _target(self, ref: str, file: Path, file_pointer: str) -> Target:
        if not ref:
            raise self._error(_EMPTY_REF, file, file_pointer)
        url, _, fragment = ref.partition("#")
        pointer = urllib.parse.unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise self._error(f"invalid $ref '{ref}': the part after '#' must start with '/'",
                              file, file_pointer)  # fmt: skip
        if not url:
            return (file, pointer)
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme in _REMOTE_SCHEMES or (scheme and len(scheme) > 1):
            return (self._remote(url, file, file_pointer), pointer)
        target_path = (file.parent / urllib.parse.unquote(url)).resolve()
        if not self.allow_outside and not target_path.is_relative_to(
            self.document.base_dir
        ):
            raise self._error(
                f"$ref '{ref}' points outside the spec's folder {self.document.base_dir}; "
                "set allow-refs-outside-spec-dir = true to allow it",
                file, file_pointer,
            )  # fmt: skip
        if not target_path.is_file():
            raise self._error(
                f"$ref '{ref}': file not found: {target_path}", file, file_pointer
            )
        return (target_path, pointer)

    def _remote(self, url: str, file: Path, file_pointer: str) -> Path:
        if not self.allow_remote:
            raise self._error(
                f"$ref to a URL is not supported: '{url}'; apiregen fetches nothing, so "
                "download the file next to the spec and refer to it by a relative path",
                file, file_pointer,
            )  # fmt: skip
        raise self._error(
            f"$ref to a URL ('{url}'): allow-remote-refs is set, but fetching is "
            "not supported yet; download the file and refer to it by a relative path",
            file, file_pointer,
        )  # fmt: skip

    def _source(self, path: Path) -> SourceFile:
        source = self.document.files.get(path)
        if source is None:
            source = read_source(path, _display(path))
            _check_nesting(
                source.data, lambda pointer: source.location(pointer, _display(path))
            )
            self.document.files[path] = source
        return source

    def _error(self, message: str, file: Path, file_pointer: str) -> LoadError:
        return LoadError(
            message, self._source(file).location(file_pointer, _display(file))
        )

    # Checking local refs ------------------------------------------------------

    def check_local_refs(self, root: Any) -> None:
        """Reject dangling local refs and cycles made only of refs, with their location."""
        refs = _collect_refs(root)
        resolved: set[str] = set()
        for ref, where in refs.items():
            chain: list[str] = []
            current = ref
            while current not in resolved:
                if not current:
                    raise LoadError(
                        _EMPTY_REF, self.document.locate(pointers.join(where, "$ref"))
                    )
                if not current.startswith("#"):
                    # Bundling replaced every ref to another file, so this one
                    # slipped past it; never leave it for the validator to fetch.
                    raise LoadError(
                        f"$ref '{current}' could not be bundled; refer to files by a "
                        "relative path such as './schemas.yaml#/Name'",
                        self.document.locate(pointers.join(where, "$ref")),
                    )
                if current in chain:
                    cycle = " -> ".join([*chain[chain.index(current) :], current])
                    raise LoadError(
                        f"$ref cycle with no schema in it: {cycle}; point one of them at a real node",
                        self.document.locate(pointers.join(where, "$ref")),
                    )
                chain.append(current)
                try:
                    node = pointers.lookup(root, pointers.fragment_pointer(current))
                except (KeyError, ValueError):
                    raise LoadError(
                        f"$ref '{current}' points at nothing; "
                        "check the name and the path after '#'",
                        self.document.locate(pointers.join(where, "$ref")),
                    ) from None
                next_ref = node.get("$ref") if isinstance(node, Mapping) else None
                if not isinstance(next_ref, str):
                    break
                where = pointers.fragment_pointer(current)
                current = next_ref
            resolved.update(chain)
        check_ref_targets(refs, self.document.locate)


def _collect_refs(root: Any) -> dict[str, str]:
    """Map each distinct `$ref` value to the pointer of the first node that uses it."""
    refs: dict[str, str] = {}
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, Mapping):
            if id(node) in seen:
                continue
            seen.add(id(node))
            ref = node.get("$ref")
            if isinstance(ref, str):
                refs.setdefault(ref, pointer)
            for key, value in node.items():
                if isinstance(value, (Mapping, list)):
                    stack.append(
                        (f"{pointer}/{pointers.escape_token(str(key))}", value)
                    )
        elif isinstance(node, list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            for index, value in enumerate(node):
                if isinstance(value, (Mapping, list)):
                    stack.append((f"{pointer}/{index}", value))
    return refs
