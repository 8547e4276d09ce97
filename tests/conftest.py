"""Fixtures shared by the test folders."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

WriteFiles = Callable[[dict[str, str]], Path]


@pytest.fixture
def write_files(tmp_path: Path) -> WriteFiles:
    """Return a function that writes {relative path: text} under `tmp_path`.

    Each text is dedented, so specs can be written indented inside a test.
    The function returns `tmp_path`.
    """

    def write(files: dict[str, str]) -> Path:
        for relative, text in files.items():
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture(autouse=True, scope="session")
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the `check` cache of every test out of the user's cache folder.

    Subprocesses inherit the variable, so the CLI tests use it too.
    """
    folder = tmp_path_factory.mktemp("apiregen-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("APIREGEN_CACHE_DIR", str(folder))
    yield
    patch.undo()
