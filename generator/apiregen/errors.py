"""The exception root, source locations and collected diagnostics."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ExitCode(enum.IntEnum):
    """Process exit codes; the README lists them."""

    OK = 0
    # `check` found stale, missing or extra generated files.
    STALE = 1
    # The command line or the configuration is wrong.
    USAGE = 2
    # A spec file could not be read, parsed or resolved.
    LOAD = 3
    # The spec was read but is not a valid OpenAPI description.
    INVALID = 4
    # Rendering, formatting or writing the output failed.
    OUTPUT = 5


@dataclass(frozen=True)
class Location:
    """A place in a spec file: the file, a 1-based line and column, and a JSON pointer."""

    file: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        if self.pointer is not None:
            text += f": {self.pointer or '/'}"
        return text


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a spec, printed as `file:line: pointer: message`."""

    message: str
    location: Location | None = None
    severity: str = "error"

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class ApiregenError(Exception):
    """The root of every error this tool reports to a user."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class ConfigError(ApiregenError):
    """A setting or command-line value is missing, unknown or of the wrong type."""

    exit_code = ExitCode.USAGE


class SettingError(ConfigError):
    """A setting whose value its settings class rejects.

    A settings class's `check` raises it with the key inside its table. Then
    `config.read_table` raises a ConfigError that names the full key and the
    settings file.
    """

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"setting '{key}' {problem}")
        self.key = key
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Errors cross from forked children as pickles; keep both arguments.
        return (type(self), (self.key, self.problem))


class LoadError(ApiregenError):
    """A spec file could not be read, parsed, or one of its `$ref`s resolved."""

    exit_code = ExitCode.LOAD


class InvalidSpecError(ApiregenError):
    """The spec breaks the OpenAPI rules; `diagnostics` lists every problem found."""

    exit_code = ExitCode.INVALID

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        count = len(diagnostics)
        noun, pronoun = ("problem", "it") if count == 1 else ("problems", "them")
        super().__init__(
            f"the spec is not valid OpenAPI ({count} {noun}); fix {pronoun}, "
            "or pass --allow-invalid to generate anyway"
        )
        self.diagnostics = diagnostics


class OutputError(ApiregenError):
    """Rendering or writing the generated files failed."""

    exit_code = ExitCode.OUTPUT
