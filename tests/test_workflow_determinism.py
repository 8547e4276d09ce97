"""The same spec and templates give byte-identical output, in the order the spec gives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Self

import pytest

from apiregen.config import load_config
from apiregen.generate import generate
from tests.helpers import REPO
from tests.workflow_helpers import run_apiregen, tree

SPEC_FILES = sorted(
    path.relative_to(REPO / "spec").as_posix()
    for path in (REPO / "spec").rglob("*")
    if path.is_file()
)


def copy_spec_in_order(destination: Path, names: list[str]) -> Path:
    """Copy the canonical spec creating the files, and their folders, in the order given."""
    for name in names:
        target = destination / "spec" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((REPO / "spec" / name).read_bytes())
    return destination / "spec" / "openapi.yaml"


def generate_into(spec: Path, out: Path, seed: str, cwd: Path) -> dict[str, bytes]:
    result = run_apiregen(
        "generate", "--spec", str(spec), "--out", str(out), "--no-cache", "-q",
        cwd=cwd, env={"PYTHONHASHSEED": seed},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return tree(out)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("reference")
    spec = copy_spec_in_order(root, SPEC_FILES)
    return generate_into(spec, root / "out", "0", root)


def test_determinism_across_hash_seeds(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    spec = copy_spec_in_order(tmp_path, SPEC_FILES)
    for seed in ("1", "random"):
        assert (
            generate_into(spec, tmp_path / f"out-{seed}", seed, tmp_path) == reference
        ), seed


def test_determinism_across_listing_order(
    tmp_path: Path, reference: dict[str, bytes]
) -> None:
    spec = copy_spec_in_order(tmp_path, list(reversed(SPEC_FILES)))
    assert generate_into(spec, tmp_path / "out", "7", tmp_path) == reference


class ReversedScandir:
    """os.scandir's iterator, listing the entries backwards."""

    def __init__(self, iterator: Any) -> None:
        self.entries = list(reversed(list(iterator)))
        iterator.close()

    def __iter__(self) -> Any:
        return iter(self.entries)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        pass

    def close(self) -> None:
        pass


def test_determinism_with_reversed_directory_listings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = load_config(REPO / "pyproject.toml")
    expected = generate(config).files
    real_listdir, real_scandir = os.listdir, os.scandir
    monkeypatch.setattr(
        os, "listdir", lambda *args: list(reversed(real_listdir(*args)))
    )
    monkeypatch.setattr(
        os, "scandir", lambda *args: ReversedScandir(real_scandir(*args))
    )
    assert generate(config).files == expected


def test_determinism_across_runs_in_one_process() -> None:
    config = load_config(REPO / "pyproject.toml")
    assert generate(config).files == generate(config).files


def test_output_holds_no_timestamp(reference: dict[str, bytes]) -> None:
    from datetime import date

    today = date.today()
    stamps = [today.isoformat().encode(), today.strftime("%d %b %Y").encode()]
    for name, data in reference.items():
        assert not any(stamp in data for stamp in stamps), name


def test_manifest_holds_only_file_names(reference: dict[str, bytes]) -> None:
    import json

    manifest = json.loads(reference[".apiregen-manifest.json"])
    assert set(manifest) == {"version", "generator", "files"}


ORDER_SPEC = """\
openapi: 3.1.0
info: {title: Order, version: "1"}
tags:
  - name: Zebras
  - name: Apples
paths:
  /z:
    get:
      tags: [Zebras]
      operationId: getZebra
      responses: {"200": {description: ok}}
  /a:
    get:
      tags: [Apples]
      operationId: getApple
      responses: {"200": {description: ok}}
components:
  schemas:
    Thing:
      type: object
      properties:
        zeta: {type: string}
        alpha: {type: string}
        mid: {type: string}
    Level:
      type: string
      enum: [high, low, medium]
"""


def test_output_follows_spec_order(tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text(ORDER_SPEC)
    config = load_config(
        None, {"spec": tmp_path / "openapi.yaml", "out": tmp_path / "out"}
    )
    files = generate(config).files
    types = files["typescript/types.ts"]
    assert types.index("zeta") < types.index("alpha") < types.index("mid")
    assert '"high" | "low" | "medium"' in types
    nav = files["reference/manifest.json"]
    assert nav.index("Zebras") < nav.index("Apples")
