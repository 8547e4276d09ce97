"""The `apiregen` command: the only module that prints."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from apiregen import __version__
from apiregen.cache import CachedRun, generate_cached
from apiregen.config import Config, load_config
from apiregen.errors import ApiregenError, ConfigError, ExitCode, InvalidSpecError
from apiregen.write import WriteReport, compare, unified_diff, write_plan

# NOTE: the pipeline (apiregen.generate) is imported only where it runs: importing
# it takes most of a second, and `check` on an unchanged spec is a cache hit.

# Maximum diff lines that `check` prints; it then reports how many it cut.
DEFAULT_DIFF_LINES = 400
# Milliseconds `watch` waits for the files to stay unchanged before regenerating.
DEFAULT_DEBOUNCE_MS = 200

CommandT = TypeVar("CommandT", bound=Callable[..., Any])


class _NonEmptyPath(click.Path):
    """A path option that rejects "", which would otherwise mean the current folder."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and not value.strip():
            self.fail("is empty; give a file or folder path", param, ctx)
        return super().convert(value, param, ctx)


def _path(exists: bool = False) -> click.Path:
    return _NonEmptyPath(path_type=Path, exists=exists)


def _common_options(command: CommandT) -> CommandT:
    options = [
        click.option("--spec", type=_path(), default=None, show_default="setting 'spec', else spec/",
                     help="The spec file, or a folder holding openapi.yaml."),
        click.option("--out", type=_path(), default=None, show_default="setting 'out', else output/",
                     help="The output folder."),
        click.option("--config", "config_file", type=_path(exists=True), default=None,
                     show_default="the nearest pyproject.toml with [tool.apiregen]",
                     help="A TOML file with the settings of [tool.apiregen]."),
        click.option("--allow-invalid", is_flag=True, default=None,
                     show_default="setting 'allow-invalid', else off",
                     help="Print validation problems as warnings and generate anyway."),
        click.option("--no-cache", is_flag=True, default=False,
                     help="Run the whole pipeline even when no input changed since the last run."),
        click.option("-q", "--quiet", is_flag=True, default=False,
                     help="Print errors only."),
        click.option("-v", "--verbose", is_flag=True, default=False,
                     help="Also print unchanged files and debug logs."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _config(spec: Path | None, out: Path | None, config_file: Path | None,
            allow_invalid: bool | None) -> Config:  # fmt: skip
    if out is not None and out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file; give a folder for the output")
    overrides = {
        "spec": spec.resolve() if spec else None,
        "out": out.resolve() if out else None,
        "allow_invalid": allow_invalid,
    }
    return load_config(config_file, overrides)


def _setup_logging(quiet: bool, verbose: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(
        level=level, format="%(levelname)s: %(message)s", stream=sys.stderr
    )


def _print_error(error: ApiregenError) -> None:
    if isinstance(error, InvalidSpecError):
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
    click.secho(f"error: {error}", fg="red", err=True)


def _fail(error: ApiregenError) -> None:
    _print_error(error)
    sys.exit(int(error.exit_code))


def _warn_diagnostics(diagnostics: list[Any], quiet: bool) -> None:
    if quiet:
        return
    for diagnostic in diagnostics:
        click.secho(f"warning: {diagnostic}", fg="yellow", err=True)


# What `generate` and `watch` print when a run finds an earlier run cut short.
_RECOVERY_NOTES = {
    "completed": "finished writing the output of an interrupted run",
    "discarded": "discarded the partial output of an interrupted run",
}


def _print_report(report: WriteReport, out: Path, elapsed: float, quiet: bool,
                  verbose: bool) -> None:  # fmt: skip
    if quiet:
        return
    if report.recovered:
        click.secho(f"note: {_RECOVERY_NOTES[report.recovered]}", fg="yellow", err=True)
    lines: list[tuple[str, list[str], str | None]] = [
        ("wrote", report.written, "green"),
        ("removed", report.removed, "yellow"),
    ]
    if verbose:
        lines.append(("unchanged", report.unchanged, None))
    folder_text = _display_path(out)
    for verb, names, colour in lines:
        for relative in names:
            click.echo(click.style(verb, fg=colour) + f" {folder_text}/{relative}")
    click.echo(
        f"{len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed in {elapsed:.2f} s"
    )


def _display_path(folder: Path) -> str:
    """Return `folder` relative to the current folder when inside it, else absolute."""
    try:
        return folder.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(folder)


def _generate_once(config: Config, use_cache: bool, quiet: bool, verbose: bool) -> None:
    started = time.perf_counter()
    run: CachedRun = generate_cached(config, use_cache)
    _warn_diagnostics(run.diagnostics, quiet)
    report = write_plan(run.files, config.out)
    _print_report(report, config.out, time.perf_counter() - started, quiet, verbose)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "show_default": True}
)
@click.version_option(__version__, prog_name="apiregen")
def main() -> None:
    """Generate Markdown reference pages, TypeScript types and Python models from an OpenAPI spec.

    Settings come from [tool.apiregen] in the nearest pyproject.toml, or from the
    file given with --config; the options of each command override them.
    """


@main.command("generate")
@_common_options
def generate_command(spec: Path | None, out: Path | None, config_file: Path | None,
                     allow_invalid: bool | None, no_cache: bool, quiet: bool,
                     verbose: bool) -> None:  # fmt: skip
    """Write every output for the spec into the output folder."""
    _setup_logging(quiet, verbose)
    try:
        config = _config(spec, out, config_file, allow_invalid)
        _generate_once(config, not no_cache, quiet, verbose)
    except ApiregenError as error:
        _fail(error)


def _print_drift(out: Path, names: dict[str, list[str]]) -> None:
    folder_text = _display_path(out)
    for label, listed in names.items():
        for name in listed:
            click.echo(f"{label}: {folder_text}/{name}", err=True)


def _print_diff(diff: str, diff_lines: int) -> None:
    lines = diff.splitlines(keepends=True)
    click.echo("".join(lines[:diff_lines]), nl=False)
    if len(lines) > diff_lines:
        click.echo(
            f"... {len(lines) - diff_lines} more diff lines not shown (--diff-lines)"
        )


@main.command("check")
@_common_options
@click.option("--diff-lines", type=click.IntRange(min=0), default=DEFAULT_DIFF_LINES,
              help="Print at most this many lines of diff.")  # fmt: skip
def check_command(spec: Path | None, out: Path | None, config_file: Path | None,
                  allow_invalid: bool | None, no_cache: bool, quiet: bool, verbose: bool,
                  diff_lines: int) -> None:  # fmt: skip
    """Regenerate in memory and fail with a diff when the output folder is stale; writes nothing."""
    _setup_logging(quiet, verbose)
    try:
        config = _config(spec, out, config_file, allow_invalid)
        run = generate_cached(config, not no_cache)
        _warn_diagnostics(run.diagnostics, quiet)
        comparison = compare(run.files, config.out)
        diff = (
            "" if comparison.clean else unified_diff(run.files, config.out, comparison)
        )
    except ApiregenError as error:
        _fail(error)
        return
    if comparison.clean:
        if not quiet:
            click.echo(f"{len(comparison.unchanged)} files up to date in {config.out}")
        return
    drift = {
        "stale": comparison.stale,
        "missing": comparison.missing,
        "extra": comparison.extra,
    }
    _print_drift(config.out, drift)
    if not quiet:
        _print_diff(diff, diff_lines)
    click.secho(
        "error: the generated output is out of date; run 'apiregen generate' "
        "with the same options and commit the result",
        fg="red", err=True,
    )  # fmt: skip
    sys.exit(int(ExitCode.STALE))


@main.command("watch")
@_common_options
@click.option("--debounce", type=click.IntRange(min=1), default=DEFAULT_DEBOUNCE_MS,
              help="Milliseconds the files must stay unchanged before a run starts.")  # fmt: skip
def watch_command(spec: Path | None, out: Path | None, config_file: Path | None,
                  allow_invalid: bool | None, no_cache: bool, quiet: bool, verbose: bool,
                  debounce: int) -> None:  # fmt: skip
    """Generate, then generate again whenever a spec file, template or the settings change.

    Stop it with Ctrl-C. A failing run prints its error and the watch goes on.
    """
    from apiregen.watch import watch_and_generate

    _setup_logging(quiet, verbose)

    def load() -> Config:
        return _config(spec, out, config_file, allow_invalid)

    def run(config: Config) -> None:
        _generate_once(config, not no_cache, quiet, verbose)

    try:
        config = load()
    except ApiregenError as error:
        _fail(error)
        return
    try:
        watch_and_generate(config, load, run, debounce, _WatchOutput(quiet, verbose))
    except KeyboardInterrupt:
        # Ctrl-C during a run, rather than while waiting: the output is whole either way.
        pass


class _WatchOutput:
    """What `watch` prints between runs."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose

    def watching(self, roots: list[Path]) -> None:
        if not self.quiet:
            click.echo(f"watching {', '.join(map(str, roots))} (Ctrl-C to stop)")

    def changed(self, paths: list[Path]) -> None:
        if not self.quiet:
            click.echo(f"changed: {', '.join(path.name for path in paths)}")

    def failed(self, error: ApiregenError) -> None:
        _print_error(error)


@main.command("validate")
@click.argument("spec", type=_path(), required=False)
@click.option("--config", "config_file", type=_path(exists=True), default=None,
              show_default="the nearest pyproject.toml with [tool.apiregen]",
              help="A TOML file with the settings of [tool.apiregen].")  # fmt: skip
def validate_command(spec: Path | None, config_file: Path | None) -> None:
    """Check that a spec loads and is valid OpenAPI; print every problem, one per line.

    SPEC defaults to the setting 'spec', else spec/.
    """
    from apiregen.generate import load

    _setup_logging(False, False)
    try:
        config = _config(spec, None, config_file, False)
        load(config)
    except ApiregenError as error:
        _fail(error)
        return
    click.echo(f"{config.spec}: valid")


@main.command("templates")
@click.option(
    "--list",
    "list_only",
    is_flag=True,
    default=False,
    help="Print the built-in templates' folder and file names (the default).",
)
@click.option("--copy", "copy_to", type=_path(), default=None,
              help="Copy the built-in templates into this folder, for the 'templates' setting.")  # fmt: skip
def templates_command(list_only: bool, copy_to: Path | None) -> None:
    """List the built-in templates, or copy them to start a template folder of your own.

    A file in the folder that the 'templates' setting names replaces the
    built-in template of the same relative path; keep only the files you change.
    """
    from apiregen.config import builtin_template_names
    from apiregen.render.environment import builtin_templates_dir

    root = builtin_templates_dir()
    names = sorted(builtin_template_names())
    if copy_to is None or list_only:
        click.echo(f"built-in templates in {root}:")
        for name in names:
            click.echo(f"  {name}")
    if copy_to is not None:
        _copy_templates(root, names, copy_to)


def _copy_templates(root: Path, names: list[str], folder: Path) -> None:
    existing = [name for name in names if (folder / name).exists()]
    if existing:
        _fail(ConfigError(
            f"--copy {folder}: {', '.join(existing)} already exist there; "
            "give an empty or new folder"
        ))  # fmt: skip
    for name in names:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((root / name).read_bytes())
    click.echo(
        f"copied {len(names)} templates to {_display_path(folder.resolve())}; point the "
        "'templates' setting at that folder and delete the files you do not change"
    )
