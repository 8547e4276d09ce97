"""A cache of whole runs, so `check` and `generate` skip the pipeline when no input changed.

An entry contains the files and diagnostics of one run. It is found by a key made
of everything that is not the spec itself: apiregen's version and source code,
the versions of the libraries that shape the output, the settings, the
templates (built-in and the user's), every file a setting names
(`SETTING_FILES`), and the current folder, which the file names in
diagnostics are relative to. The spec is checked
separately: the entry records every file the spec was made of with a digest of
its content, and is used only while each of those files still has that
content. A new file can only join the spec through a `$ref` in a recorded
file, which changes that file, so the recorded set is enough.

Entries live in the user's cache folder (`$XDG_CACHE_HOME/apiregen`, usually
`~/.cache/apiregen`), or in the folder `APIREGEN_CACHE_DIR` names. Nothing is
written into the output folder. A cache that cannot be read or written is
skipped with a debug log: it never changes what a run produces.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import apiregen
from apiregen.config import Config
from apiregen.errors import Diagnostic, Location

logger = logging.getLogger(__name__)

CACHE_DIR_ENV = "APIREGEN_CACHE_DIR"
ENTRY_VERSION = 1

# Libraries whose version can change the output for the same input.
# email-validator counts because `python.email-str = "auto"` looks for it, and
# isort because the black formatter runs it.
OUTPUT_LIBRARIES = ("datamodel-code-generator", "ruff", "black", "isort", "pydantic",
                    "email-validator", "jinja2", "mdformat", "mdformat-tables",
                    "openapi-spec-validator", "pyyaml")  # fmt: skip

# The settings that name files a run reads, by target table and key, with
# whether the value is a list of paths. Their content is part of the cache key,
# and `apiregen watch` watches them.
SETTING_FILES: dict[tuple[str, str], bool] = {
    ("markdown", "static-pages"): True,
    ("markdown", "site-manifest"): False,
}

_PACKAGE_DIR = Path(apiregen.__file__).resolve().parent


@dataclass
class CachedRun:
    """What a cached run produced."""

    files: dict[str, str]
    diagnostics: list[Diagnostic]


def cache_dir() -> Path:
    """Return the folder of cache entries: `APIREGEN_CACHE_DIR`, else the user's cache folder."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "apiregen"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hash_files(digest: Any, paths: Iterable[Path], root: Path | None = None) -> None:
    for path in sorted(paths):
        name = str(path.relative_to(root)) if root else str(path)
        digest.update(name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")


def _tree(folder: Path | None, pattern: str = "*") -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return [path for path in folder.rglob(pattern) if path.is_file()]


def _builtin_templates_dir() -> Path:
    # The same place render.environment looks, without importing Jinja for it.
    installed = _PACKAGE_DIR / "templates"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent.parent / "templates"


def _normalized(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _library_versions() -> list[str]:
    """Return the installed distributions of OUTPUT_LIBRARIES as `name-version` strings.

    Reads the `.dist-info` folder names on sys.path: importlib.metadata parses
    every METADATA file, which costs more than a whole cache hit should.
    """
    wanted = {_normalized(name) for name in OUTPUT_LIBRARIES}
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if (
                name.endswith(".dist-info")
                and _normalized(name.split("-")[0]) in wanted
            ):
                found.append(name.removesuffix(".dist-info"))
    return sorted(found)


def _config_json(config: Config) -> str:
    fields = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    return json.dumps(fields, sort_keys=True, default=str)


def setting_files(config: Config) -> list[Path]:
    """Return the files the settings name (`SETTING_FILES`), for the key and for watch.

    Read from the raw tables, as `config.read_table` resolves them, so a cache
    hit does not import the renderers. A value of the wrong type names no file:
    the run that reads it fails on it.
    """
    if config.source == "defaults":
        base = Path.cwd()
    else:
        base = Path(config.source).parent
    found: set[Path] = set()
    for (target, key), is_list in SETTING_FILES.items():
        if target not in config.targets:
            continue
        value = config.target_tables.get(target, {}).get(key)
        values = value if is_list and isinstance(value, list) else [value]
        found.update((base / item).resolve() for item in values
                     if isinstance(item, str) and item)  # fmt: skip
    return sorted(found)


def run_key(config: Config) -> str:
    """Return the key of everything a run depends on except the spec files."""
    digest = hashlib.sha256()
    digest.update(f"entry {ENTRY_VERSION}\0apiregen {apiregen.__version__}\0".encode())
    # The source counts too: an editable install keeps its version while the code changes.
    _hash_files(digest, _tree(_PACKAGE_DIR, "*.py"), _PACKAGE_DIR)
    digest.update("\0".join(_library_versions()).encode())
    digest.update(_config_json(config).encode())
    builtin = _builtin_templates_dir()
    _hash_files(digest, _tree(builtin), builtin)
    if config.templates is not None:
        digest.update(b"user templates\0")
        _hash_files(digest, _tree(config.templates), config.templates)
    digest.update(b"setting files\0")
    _hash_files(digest, setting_files(config))
    # Diagnostics name spec files relative to the current folder.
    digest.update(f"cwd {Path.cwd()}\0".encode())
    return digest.hexdigest()


def _entry_path(config: Config) -> Path:
    # One entry per spec, settings file, targets and output folder: a new key
    # replaces the old entry, so the cache does not grow with every edit.
    slot = "\0".join(
        [str(config.spec), config.source, ",".join(config.targets), str(config.out)]
    )
    return cache_dir() / f"{_digest(slot.encode())[:40]}.json"


def source_digest(text: str) -> str:
    """Digest a spec file's text as the loader read it (UTF-8, newlines translated)."""
    return _digest(text.encode("utf-8"))


def _file_digest(path: Path) -> str | None:
    try:
        return source_digest(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _diagnostic_to_json(diagnostic: Diagnostic) -> dict[str, Any]:
    location = dataclasses.asdict(diagnostic.location) if diagnostic.location else None
    return {
        "message": diagnostic.message,
        "severity": diagnostic.severity,
        "location": location,
    }


def _diagnostic_from_json(data: Mapping[str, Any]) -> Diagnostic:
    location = Location(**data["location"]) if data.get("location") else None
    return Diagnostic(data["message"], location, data["severity"])


def lookup(config: Config, key: str | None = None) -> CachedRun | None:
    """Return the cached run for this config when no input changed since, else None."""
    path = _entry_path(config)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        logger.debug("ignoring unreadable cache entry %s: %s", path, error)
        return None
    try:
        if entry["key"] != (key or run_key(config)):
            logger.debug("cache miss: the settings, templates or apiregen changed")
            return None
        for source, digest in entry["sources"].items():
            if _file_digest(Path(source)) != digest:
                logger.debug("cache miss: %s changed", source)
                return None
        diagnostics = [_diagnostic_from_json(item) for item in entry["diagnostics"]]
        return CachedRun(dict(entry["files"]), diagnostics)
    except (KeyError, TypeError, AttributeError) as error:
        logger.debug("ignoring malformed cache entry %s: %s", path, error)
        return None


def store(
    config: Config,
    sources: Mapping[Path, str],
    files: Mapping[str, str],
    diagnostics: Iterable[Diagnostic],
    key: str | None = None,
) -> None:
    """Record a run: its output and the digest of every spec file's text it read.

    `sources` maps each spec file to the text the pipeline read, not to what is
    on disk now, so an edit made during the run makes the entry miss later.
    """
    path = _entry_path(config)
    digests = {
        str(source): source_digest(text) for source, text in sorted(sources.items())
    }
    entry = {
        "version": ENTRY_VERSION,
        "key": key or run_key(config),
        "spec": str(config.spec),
        "sources": digests,
        "files": dict(files),
        "diagnostics": [_diagnostic_to_json(item) for item in diagnostics],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".entry.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(entry, stream)
        os.replace(temporary, path)
    except OSError as error:
        logger.debug("cannot write cache entry %s: %s", path, error)


def generate_cached(config: Config, use_cache: bool = True) -> CachedRun:
    """Return the run's files and diagnostics, from the cache when no input changed.

    The pipeline is imported only on a miss: importing it costs more than a
    cache hit does in total.
    """
    key = run_key(config) if use_cache else None
    if key is not None:
        cached = lookup(config, key)
        if cached is not None:
            logger.debug("cache hit: %s", _entry_path(config))
            return cached
    from apiregen.generate import generate

    result = generate(config)
    if key is not None:
        store(config, result.sources, result.files, result.diagnostics, key)
    return CachedRun(result.files, result.diagnostics)
