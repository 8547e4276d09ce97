"""The pipeline: load, validate, normalize, build the model, render every target.

`generate` is what the CLI, the tests and the docs-site plugin call; it
returns the files to write and never writes them itself.
"""

from __future__ import annotations

import functools
import importlib
import logging
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from apiregen import pointers
from apiregen import validate as validate_module
from apiregen.config import Config
from apiregen.errors import (
    ApiregenError,
    Diagnostic,
    InvalidSpecError,
    LoadError,
    Location,
    OutputError,
)
from apiregen.forked import Forked, can_fork
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
    document = _load_document(config)
    return document, _accepted(config, validate(document))


def _load_document(config: Config) -> Document:
    document = load_document(
        config.spec,
        allow_remote_refs=config.allow_remote_refs,
        allow_refs_outside_spec_dir=config.allow_refs_outside_spec_dir,
    )
    try:
        spec_version(document.root)
    except LoadError as error:
        if error.location is not None:
            raise
        # The version check reads only the tree, so point at the key it read.
        key = next((k for k in ("openapi", "swagger") if k in document.root), "")
        pointer = pointers.join("", key) if key else ""
        raise LoadError(error.message, document.locate(pointer)) from None
    return document


def _accepted(config: Config, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Raise InvalidSpecError for problems unless they are allowed."""
    if diagnostics and not config.allow_invalid:
        raise InvalidSpecError(diagnostics)
    for diagnostic in diagnostics:
        logger.debug("allowed invalid spec: %s", diagnostic)
    return [Diagnostic(d.message, d.location, "warning") for d in diagnostics]


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


# A target's settings class, render function and Jinja filters.
Renderer = tuple[type, Callable[..., dict[str, str]], dict[str, Any]]


def generate(config: Config) -> Result:
    """Run the whole pipeline and return every output file as {relative path: text}.

    On a large spec, and with `os.fork` and two cores or more, validation and
    the Python models run in child processes beside the other targets
    (`_generate_in_parallel`), with the same files and errors.
    """
    document = _load_document(config)
    if validate_module.is_large(document) and can_fork():
        return _generate_in_parallel(config, document)
    diagnostics = _accepted(config, validate(document))
    api = build_api(normalize(document.root), config.strip_prefixes)
    environment, renderers = _environment(config)
    files: dict[str, str] = {}
    for name, renderer in renderers.items():
        files.update(_render_target(config, api, environment, name, renderer))
    return _result(document, files, diagnostics)


def _environment(config: Config) -> tuple[jinja2.Environment, dict[str, Renderer]]:
    renderers = {name: _renderer(name) for name in config.targets}
    filters: dict[str, Any] = {}
    for _, _, target_filters in renderers.values():
        filters.update(target_filters)
    return create_environment(config.templates, filters), renderers


def _result(
    document: Document, files: dict[str, str], diagnostics: list[Diagnostic]
) -> Result:
    sources = {path: source.text for path, source in document.files.items()}
    return Result(files=files, diagnostics=diagnostics, sources=sources)


def _generate_in_parallel(config: Config, document: Document) -> Result:
    """Validate and render the Python models in child processes, the rest here.

    A caller sees what `generate` in one process gives. An invalid spec raises
    InvalidSpecError whatever the renderers did. When targets fail, the error
    of the first one in target order is raised.
    """
    validation = Forked(lambda: validate(document))
    children: dict[str, Forked[dict[str, str]]] = {}
    try:
        api = build_api(normalize(document.root), config.strip_prefixes)
        environment, renderers = _environment(config)
        render = functools.partial(_render_target, config, api, environment)
        if "python" in renderers:
            children["python"] = Forked(
                functools.partial(render, "python", renderers["python"])
            )
        rendered = {
            name: _outcome(functools.partial(render, name, renderer))
            for name, renderer in renderers.items()
            if name not in children
        }
    except Exception:
        _cancel(children.values())
        _accepted(config, validation.result())
        raise
    except BaseException:  # an interrupt: stop every child at once
        _cancel([*children.values(), validation])
        raise
    try:
        diagnostics = _accepted(config, validation.result())
    except BaseException:
        _cancel(children.values())
        raise
    files: dict[str, str] = {}
    for name in renderers:
        files.update(children[name].result() if name in children else rendered[name]())
    return _result(document, files, diagnostics)


def _render_target(
    config: Config,
    api: Api,
    environment: jinja2.Environment,
    name: str,
    renderer: Renderer,
) -> dict[str, str]:
    settings_class, render, _ = renderer
    settings: Any = config.target_settings(name, settings_class)
    try:
        return render(api, settings, environment)
    except ApiregenError:
        raise
    except Exception as error:
        raise _template_error(name, error) from error


def _outcome(action: Callable[[], dict[str, str]]) -> Callable[[], dict[str, str]]:
    """Run `action` now; return a call that gives its value or raises its error.

    A target's error is raised only when its turn comes among the targets and
    after validation, as when every target ran in turn after validation.
    """
    try:
        value = action()
    except Exception as error:  # noqa: BLE001 - raised by the returned call
        return functools.partial(_raise, error)
    return lambda: value


def _raise(error: Exception) -> dict[str, str]:
    raise error


def _cancel(children: Iterable[Forked[Any]]) -> None:
    for child in children:
        child.cancel()


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
