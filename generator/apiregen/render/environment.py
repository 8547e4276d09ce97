"""The one Jinja environment that every target renders with.

Templates come from the built-in `templates/` folder, overridden file by file
by a user's template folder when one is configured. Escaping is chosen per
target through the named filters registered here, never by autoescape, so a
value goes through exactly the filter its template asks for.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def builtin_templates_dir() -> Path:
    """Return the built-in templates: inside the installed wheel, else the checkout's."""
    installed = _PACKAGE_DIR / "templates"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / "templates"


def create_environment(
    user_templates: Path | None = None,
    filters: dict[str, Callable[..., Any]] | None = None,
) -> jinja2.Environment:
    """Build the environment: strict undefined values, trimmed blocks, kept final newline.

    The environment is a plain one, not a sandbox: spec text only ever enters
    a template as data, never as template source, so template syntax inside a
    description is printed literally. Templates themselves come from apiregen
    or from the user's own folder, both trusted as the tool's code is. (A
    sandbox checked every attribute read, which was half of the TypeScript
    rendering time on large specs.)
    """
    search_path = [str(builtin_templates_dir())]
    if user_templates is not None:
        search_path.insert(0, str(user_templates))
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search_path),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["json"] = to_json
    environment.filters.update(filters or {})
    return environment


def to_json(value: Any, indent: int | None = 2) -> str:
    """Serialize a value as JSON with non-ASCII characters kept as they are."""
    return json.dumps(value, indent=indent, ensure_ascii=False)


def render(environment: jinja2.Environment, template: str, **context: Any) -> str:
    return environment.get_template(template).render(**context)


def render_each(
    environment: jinja2.Environment, template: str, contexts: Iterable[dict[str, Any]]
) -> list[str]:
    compiled = environment.get_template(template)
    return [compiled.render(**context) for context in contexts]
