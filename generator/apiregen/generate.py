"""The pipeline: load, validate, normalize, build the model, render every target.

`generate` is what the CLI, the tests and the docs-site plugin call; it
returns the files to write and never writes them itself.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from apiregen.config import Config
from apiregen.errors import (
    ApiregenError,
    Diagnostic,
    InvalidSpecError,
    Location,
    OutputError,
)
from apiregen.load import Document, load_document
from apiregen.model.build import build_api
from apiregen.model.types import Api
from apiregen.normalize import normalize, spec_version
from apiregen.render.environment import create_environment
from apiregen.validate import validate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """Where a target's renderer lives: its module, settings class and render function."""

    module: str
    settings_class: str
    render_function: str


TARGETS = {
    "markdown": Target(
        "apiregen.render.markdown", "MarkdownSettings", "render_markdown"
    ),
    "typescript": Target(
        "apiregen.render.typescript", "TypeScriptSettings", "render_typescript"
    ),
    "python": Target("apiregen.render.python", "PythonSettings", "render_python"),
}


@dataclass
class Result:
    """The files one run produces, and the problems that did not stop it."""

    files: dict[str, str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Every spec file the run read, with the text read: the cache keys on it.
    sources: dict[Path, str] = field(default_factory=dict)


def load(config: Config) -> tuple[Document, list[Diagnostic]]:
    """Load and validate the spec; raise InvalidSpecError unless invalid specs are allowed."""
    document = load_document(
        config.spec,
        allow_remote_refs=config.allow_remote_refs,
        allow_refs_outside_spec_dir=config.allow_refs_outside_spec_dir,
    )
    spec_version(document.root)
    diagnostics = validate(document)
    if diagnostics and not config.allow_invalid:
        raise InvalidSpecError(diagnostics)
    for diagnostic in diagnostics:
        logger.debug("allowed invalid spec: %s", diagnostic)
    return document, [Diagnostic(d.message, d.location, "warning") for d in diagnostics]


def load_api(config: Config) -> tuple[Api, list[Diagnostic]]:
    """Load, validate and normalize the spec into the intermediate model."""
    document, diagnostics = load(config)
    return build_api(normalize(document.root), config.strip_prefixes), diagnostics


def _renderer(name: str) -> tuple[type, Callable[..., dict[str, str]], dict[str, Any]]:
    target = TARGETS[name]
    module = importlib.import_module(target.module)
    return (
        getattr(module, target.settings_class),
        getattr(module, target.render_function),
        getattr(module, "FILTERS", {}),
    )


def generate(config: Config) -> Result:
    """Run the whole pipeline and return every output file as {relative path: text}."""
    document, diagnostics = load(config)
    api = build_api(normalize(document.root), config.strip_prefixes)
    renderers = {name: _renderer(name) for name in config.targets}
    filters: dict[str, Any] = {}
    for _, _, target_filters in renderers.values():
        filters.update(target_filters)
    environment = create_environment(config.templates, filters)

    files: dict[str, str] = {}
    for name, (settings_class, render, _) in renderers.items():
        settings: Any = config.target_settings(name, settings_class)
        try:
            files.update(render(api, settings, environment))
        except ApiregenError:
            raise
        except Exception as error:
            raise _template_error(name, error) from error
    sources = {path: source.text for path, source in document.files.items()}
    return Result(files=files, diagnostics=diagnostics, sources=sources)


def _template_error(target: str, error: Exception) -> Exception:
    """Turn an error raised inside a template into an OutputError at its line.

    A user's template (`templates` setting) may fail to parse, name a missing
    field, or raise while it runs; the message then names the template file
    and line. An error with no template in its traceback is a bug here, and
    is raised as it is.
    """
    where: tuple[str, int | None]
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = (error.filename or error.name or "?", error.lineno)
    else:
        frames = [
            frame for frame in traceback.extract_tb(error.__traceback__)
            if frame.filename.endswith(".j2")
        ]  # fmt: skip
        if not frames:
            return error
        where = (frames[-1].filename, frames[-1].lineno)
    return OutputError(
        f"the {target} template failed: {type(error).__name__}: {error}",
        Location(str(where[0]), where[1]),
    )


def spec_files(config: Config) -> list[Path]:
    """Return every file the spec is made of, for watching and cache keys."""
    document = load_document(
        config.spec,
        allow_remote_refs=config.allow_remote_refs,
        allow_refs_outside_spec_dir=config.allow_refs_outside_spec_dir,
    )
    return sorted(document.files)
