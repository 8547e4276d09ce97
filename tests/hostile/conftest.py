"""Fixtures for the hostile-input suite: specs written per test, runs in memory or by CLI."""

from __future__ import annotations

import socket
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from apiregen.cli import main
from apiregen.config import Config
from apiregen.generate import generate

SPECS = Path(__file__).resolve().parent / "specs"

HEADER = """\
openapi: 3.1.0
info: {title: Hostile, version: "1"}
"""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test on any attempt to open a connection or resolve a host name."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"the tool tried to reach the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep run caches in the test's folder, so no test reads another's entries."""
    monkeypatch.setenv("APIREGEN_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "spec"
    folder.mkdir()
    return folder


WriteSpec = Callable[..., Path]


@pytest.fixture
def write_spec(spec_dir: Path) -> WriteSpec:
    """Write dedented files into the spec folder; return the path of the first one."""

    def write(files: dict[str, str] | str, name: str = "openapi.yaml") -> Path:
        if isinstance(files, str):
            files = {name: files}
        first = None
        for relative, text in files.items():
            path = spec_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
            first = first or path
        assert first is not None
        return first

    return write


def make_config(spec: Path, out: Path | None = None, **settings: Any) -> Config:
    return Config(spec=spec, out=out or spec.parent.parent / "out", **settings)


def generate_files(spec: Path, **settings: Any) -> dict[str, str]:
    """Run the whole pipeline in memory and return {relative path: text}."""
    return generate(make_config(spec, **settings)).files


def run_cli(*args: str) -> Result:
    """Run the `apiregen` command in this process with an empty configuration."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def empty_config(folder: Path) -> Path:
    config = folder / "apiregen.toml"
    config.write_text("")
    return config
