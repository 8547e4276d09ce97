"""Settings: from `[tool.apiregen]` in `pyproject.toml` or a TOML file given with `--config`.

Keys are written in kebab case (`allow-invalid`) and map to the snake-case
fields of the dataclasses below. Each output target reads its own table
(`[tool.apiregen.markdown]` and so on) into the settings class its renderer
declares, through `read_table`, so an unknown key or a wrong type is reported
with the key and the file wherever it sits.
"""

from __future__ import annotations

import dataclasses
import logging
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from apiregen.errors import ConfigError, SettingError

logger = logging.getLogger(__name__)

TARGETS = ("markdown", "typescript", "python")

# Spec files looked for, in this order, when `spec` names a folder.
SPEC_FILE_NAMES = ("openapi.yaml", "openapi.yml", "openapi.json", "swagger.yaml",
                   "swagger.yml", "swagger.json")  # fmt: skip

SettingsT = TypeVar("SettingsT")


@dataclass(frozen=True)
class Config:
    """Everything one run needs; paths are absolute."""

    spec: Path
    out: Path
    # Where the settings came from, for messages: a file path or "defaults".
    source: str = "defaults"
    allow_invalid: bool = False
    # Allow `$ref` to `http(s)://` and `file://` URLs, which are rejected otherwise.
    allow_remote_refs: bool = False
    # Allow a relative `$ref` to reach files outside the spec's folder.
    allow_refs_outside_spec_dir: bool = False
    # A folder whose templates replace the built-in ones file by file.
    templates: Path | None = None
    targets: tuple[str, ...] = TARGETS
    # Prefixes removed from schema names to make type names, e.g. "codersdk.".
    strip_prefixes: tuple[str, ...] = ()
    # The raw per-target tables; each renderer reads its own with `read_table`.
    target_tables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def target_settings(
        self, target: str, settings_class: type[SettingsT]
    ) -> SettingsT:
        table = self.target_tables.get(target, {})
        return read_table(
            settings_class, table, self.source, f"{target}.", self._base_dir
        )

    @property
    def _base_dir(self) -> Path:
        if self.source == "defaults":
            return Path.cwd()
        return Path(self.source).parent


def _key(name: str) -> str:
    return name.replace("_", "-")


def _type_name(expected: Any) -> str:
    names = {str: "a string", bool: "true or false", int: "a whole number",
             Path: "a path (string)", float: "a number"}  # fmt: skip
    origin = typing.get_origin(expected)
    if origin in (list, tuple):
        (item, *_) = typing.get_args(expected) or (Any,)
        return f"a list of {_type_name(item).removeprefix('a ')}s"
    if origin in (dict, Mapping):
        return "a table"
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(expected) if arg is not type(None)]
        return " or ".join(_type_name(arg) for arg in options)
    return names.get(expected, getattr(expected, "__name__", str(expected)))


def _convert(value: Any, expected: Any, base_dir: Path) -> Any:
    """Return `value` as the `expected` type, or raise TypeError."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(expected) if arg is not type(None)]
        for option in options:
            try:
                return _convert(value, option, base_dir)
            except TypeError:
                continue
        raise TypeError
    if origin in (list, tuple):
        (item, *_) = typing.get_args(expected) or (Any,)
        if not isinstance(value, list):
            raise TypeError
        converted = (_convert(element, item, base_dir) for element in value)
        return list(converted) if origin is list else tuple(converted)
    if origin in (dict, Mapping):
        _key_type, value_type = typing.get_args(expected) or (str, Any)
        if not isinstance(value, dict):
            raise TypeError
        return {k: _convert(v, value_type, base_dir) for k, v in value.items()}
    if expected is Any:
        return value
    if expected is Path:
        if not isinstance(value, str) or not value:
            raise TypeError
        return (base_dir / value).resolve()
    if expected is bool:
        if not isinstance(value, bool):
            raise TypeError
        return value
    if expected in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError
        if expected is int and not isinstance(value, int):
            raise TypeError
        return value
    if expected is str:
        if not isinstance(value, str):
            raise TypeError
        return value
    raise TypeError


def read_table(
    settings_class: type[SettingsT],
    table: Mapping[str, Any],
    source: str,
    prefix: str = "",
    base_dir: Path | None = None,
    skip: frozenset[str] = frozenset(),
) -> SettingsT:
    """Build a settings dataclass from a TOML table, checking every key and type.

    Relative paths are taken from `base_dir`, the folder of the config file.
    Keys in `skip` are accepted and left for the caller. A settings class may
    define `check(self)`, raising SettingError for a value of the right type
    that it cannot use; the error then names the full key and the file.
    """
    if not dataclasses.is_dataclass(settings_class):
        raise TypeError(f"{settings_class!r} is not a dataclass")
    hints = typing.get_type_hints(settings_class)
    fields = {_key(f.name): f for f in dataclasses.fields(settings_class) if f.init}
    base_dir = base_dir or Path.cwd()
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in skip:
            continue
        if key not in fields:
            known = ", ".join(sorted({*fields, *skip})) or "none"
            raise ConfigError(
                f"unknown setting '{prefix}{key}' in {source}; the known keys here are: {known}"
            )
        expected = hints[fields[key].name]
        try:
            values[fields[key].name] = _convert(value, expected, base_dir)
        except TypeError:
            raise ConfigError(
                f"setting '{prefix}{key}' in {source} must be {_type_name(expected)}, "
                f"not {value!r}"
            ) from None
    settings = settings_class(**values)
    check = getattr(settings, "check", None)
    if check is not None:
        try:
            check()
        except SettingError as error:
            raise ConfigError(
                f"setting '{prefix}{error.key}' in {source} {error.problem}"
            ) from None
    return settings


def check_output_path(key: str, value: str) -> None:
    """Reject an output file setting that is empty, absolute or leaves the output folder."""
    path = PurePosixPath(value.replace("\\", "/"))
    if not value or path.is_absolute() or ".." in path.parts:
        raise SettingError(
            key,
            f"must be a path inside the output folder, not {value!r}; "
            "give a relative path without '..'",
        )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def find_pyproject(start: Path) -> Path | None:
    """Return the nearest `pyproject.toml` with a `[tool.apiregen]` table, from `start` up."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "apiregen" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


@dataclass(frozen=True)
class _TopLevel:
    spec: Path | None = None
    out: Path | None = None
    allow_invalid: bool = False
    allow_remote_refs: bool = False
    allow_refs_outside_spec_dir: bool = False
    templates: Path | None = None
    targets: tuple[str, ...] = TARGETS
    strip_prefixes: tuple[str, ...] = ()


def load_config(
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    start: Path | None = None,
) -> Config:
    """Read the settings from `config_file`, else from the nearest `pyproject.toml`.

    `overrides` contains command-line values (already absolute paths) that win over
    the file. Without any file the spec defaults to `spec/` and the output to
    `output/` in the current folder.
    """
    start = start or Path.cwd()
    if config_file is not None:
        source_path: Path | None = config_file.resolve()
        table = _read_toml(config_file)
        # A pyproject.toml, or any file written like one, keeps its settings
        # in [tool.apiregen].
        if config_file.name == "pyproject.toml" or "tool" in table:
            table = table.get("tool", {}).get("apiregen", {})
    else:
        source_path = find_pyproject(start)
        table = _read_toml(source_path)["tool"]["apiregen"] if source_path else {}

    source = str(source_path) if source_path else "defaults"
    base_dir = source_path.parent if source_path else start
    top = read_table(_TopLevel, table, source, "", base_dir, skip=frozenset(TARGETS))
    target_tables = {}
    for target in TARGETS:
        sub_table = table.get(target, {})
        if not isinstance(sub_table, dict):
            raise ConfigError(f"setting '{target}' in {source} must be a table")
        target_tables[target] = sub_table

    values = dataclasses.asdict(top)
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = value

    for target in values["targets"]:
        if target not in TARGETS:
            raise ConfigError(
                f"unknown target '{target}' in 'targets' ({source}); "
                f"choose from: {', '.join(TARGETS)}"
            )

    if values["templates"] is not None:
        check_templates(values["templates"], source)
    spec = resolve_spec_path(values.pop("spec") or base_dir / "spec")
    out = values.pop("out") or base_dir / "output"
    return Config(spec=spec, out=Path(out).resolve(), source=source,
                  target_tables=target_tables, **values)  # fmt: skip


def resolve_spec_path(path: Path) -> Path:
    """Return the spec file: `path` itself, or the usual file name inside a folder."""
    path = Path(path).resolve()
    if path.is_dir():
        for name in SPEC_FILE_NAMES:
            if (path / name).is_file():
                return path / name
        names = ", ".join(SPEC_FILE_NAMES)
        raise ConfigError(f"no spec file in folder {path}; expected one of: {names}")
    if not path.exists():
        raise ConfigError(
            f"spec not found: {path}; give an existing spec file or folder "
            "(the command's spec option or argument, or 'spec' in the settings)"
        )
    return path


def check_templates(folder: Path, source: str) -> None:
    """Reject a missing template folder; warn about each file that replaces nothing.

    A file replaces a built-in template only under the same path (for example
    `markdown/tag_page.md.j2`), so a misplaced or misnamed file would otherwise
    be ignored without a word.
    """
    if not folder.is_dir():
        raise ConfigError(
            f"setting 'templates' in {source}: {folder} is not a folder; give the "
            "folder that holds your templates (see 'apiregen templates --list')"
        )
    builtin = builtin_template_names()
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in builtin:
            logger.warning(
                "template %s in %s replaces no built-in template and is used only "
                "if another template includes it; the built-in templates are: %s",
                name, folder, ", ".join(sorted(builtin)),
            )  # fmt: skip


def builtin_template_names() -> set[str]:
    """Return the built-in templates' paths relative to their folder."""
    from apiregen.render.environment import builtin_templates_dir

    root = builtin_templates_dir()
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
