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
from apiregen.config import Config, load_config
from apiregen.errors import ApiregenError, ExitCode, InvalidSpecError
from apiregen.generate import generate, load
from apiregen.write import compare, unified_diff, write_plan

# Lines of diff `check` prints before it cuts the rest and says how much it cut.
DEFAULT_DIFF_LINES = 400

CommandT = TypeVar("CommandT", bound=Callable[..., Any])


def _path(exists: bool = False) -> click.Path:
    return click.Path(path_type=Path, exists=exists)


def _common_options(command: CommandT) -> CommandT:
    options = [
        click.option("--spec", type=_path(), default=None,
                     help="The spec file, or a folder holding openapi.yaml (default: spec/)."),
        click.option("--out", type=_path(), default=None,
                     help="The output folder (default: output/)."),
        click.option("--config", "config_file", type=_path(exists=True), default=None,
                     help="A TOML file with the settings of [tool.apiregen] "
                     "(default: the nearest pyproject.toml)."),
        click.option("--allow-invalid", is_flag=True, default=None,
                     help="Print validation problems as warnings and generate anyway."),
        click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
        click.option("-v", "--verbose", is_flag=True, help="Also print unchanged files and debug logs."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _config(spec: Path | None, out: Path | None, config_file: Path | None,
            allow_invalid: bool | None) -> Config:  # fmt: skip
    overrides = {
        "spec": spec.resolve() if spec else None,
        "out": out.resolve() if out else None,
        "allow_invalid": allow_invalid,
    }
    return load_config(config_file, overrides)


def _setup_logging(quiet: bool, verbose: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)


def _fail(error: ApiregenError) -> None:
    if isinstance(error, InvalidSpecError):
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
    click.secho(f"error: {error}", fg="red", err=True)
    sys.exit(int(error.exit_code))


def _warn_diagnostics(diagnostics: list[Any], quiet: bool) -> None:
    if quiet:
        return
    for diagnostic in diagnostics:
        click.secho(f"warning: {diagnostic}", fg="yellow", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "show_default": True})
@click.version_option(__version__, prog_name="apiregen")
def main() -> None:
    """Generate Markdown reference pages, TypeScript types and Python models from an OpenAPI spec."""


@main.command("generate")
@_common_options
def generate_command(spec: Path | None, out: Path | None, config_file: Path | None,
                     allow_invalid: bool | None, quiet: bool, verbose: bool) -> None:  # fmt: skip
    """Write every output for the spec into the output folder."""
    _setup_logging(quiet, verbose)
    started = time.perf_counter()
    try:
        config = _config(spec, out, config_file, allow_invalid)
        result = generate(config)
        _warn_diagnostics(result.diagnostics, quiet)
        report = write_plan(result.files, config.out)
    except ApiregenError as error:
        _fail(error)
        return
    if not quiet:
        for relative in report.written:
            click.echo(f"wrote {config.out.name}/{relative}")
        for relative in report.removed:
            click.echo(f"removed {config.out.name}/{relative}")
        if verbose:
            for relative in report.unchanged:
                click.echo(f"unchanged {config.out.name}/{relative}")
        elapsed = time.perf_counter() - started
        click.echo(
            f"{len(report.written)} written, {len(report.unchanged)} unchanged, "
            f"{len(report.removed)} removed in {elapsed:.2f} s"
        )


@main.command("check")
@_common_options
@click.option("--diff-lines", type=click.IntRange(min=0), default=DEFAULT_DIFF_LINES,
              help="Print at most this many lines of diff.")  # fmt: skip
def check_command(spec: Path | None, out: Path | None, config_file: Path | None,
                  allow_invalid: bool | None, quiet: bool, verbose: bool,
                  diff_lines: int) -> None:  # fmt: skip
    """Regenerate in memory and fail with a diff when the output folder is stale; writes nothing."""
    _setup_logging(quiet, verbose)
    try:
        config = _config(spec, out, config_file, allow_invalid)
        result = generate(config)
        _warn_diagnostics(result.diagnostics, quiet)
        comparison = compare(result.files, config.out)
        diff = "" if comparison.clean else unified_diff(result.files, config.out, comparison)
    except ApiregenError as error:
        _fail(error)
        return
    if comparison.clean:
        if not quiet:
            click.echo(f"{len(comparison.unchanged)} files up to date in {config.out}")
        return
    for label, names in (("stale", comparison.stale), ("missing", comparison.missing),
                         ("extra", comparison.extra)):  # fmt: skip
        for name in names:
            click.echo(f"{label}: {config.out.name}/{name}", err=True)
    if not quiet:
        lines = diff.splitlines(keepends=True)
        click.echo("".join(lines[:diff_lines]), nl=False)
        if len(lines) > diff_lines:
            click.echo(f"... {len(lines) - diff_lines} more diff lines not shown (--diff-lines)")
    click.secho(
        "error: the generated output is out of date; run 'make regenerate' "
        "(or 'apiregen generate') and commit the result",
        fg="red", err=True,
    )  # fmt: skip
    sys.exit(int(ExitCode.STALE))


@main.command("validate")
@click.argument("spec", type=_path(), required=False)
@click.option("--config", "config_file", type=_path(exists=True), default=None,
              help="A TOML file with the settings of [tool.apiregen].")  # fmt: skip
def validate_command(spec: Path | None, config_file: Path | None) -> None:
    """Check that a spec loads and is valid OpenAPI; print every problem, one per line."""
    _setup_logging(False, False)
    try:
        config = _config(spec, None, config_file, False)
        load(config)
    except ApiregenError as error:
        _fail(error)
        return
    click.echo(f"{config.spec}: valid")
