"""Conformance: the coder project's published reference pages, regenerated from its spec.

Runs the real command of the README,

    apiregen generate --config tests/conformance/coder.toml \
        --spec ../shared/corpus/coder/swagger.json --out DIR

and compares every published page byte for byte. Lines may differ only where
a published defect (`published.py`) or a listed gap (`GAPS`) explains them;
the test prints `identical pages: N/31, differing lines: M` and each allowed
difference with its reason.
"""

from __future__ import annotations

import difflib
import json
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.conformance.published import published_form
from tests.helpers import REPO, require_coder_corpus

from apiregen.render.markdown.site_manifest import rewrite_manifest

CONFIG = REPO / "tests" / "conformance" / "coder.toml"

# Differences that come from stages other than the Markdown renderer, with
# the published line numbers they touch. Each must still occur (the test
# fails when one is fixed, so the list stays true).
GAPS: dict[str, tuple[tuple[int, ...], str]] = {
    "enterprise.md": (
        (4718,),
        (
            "the published page marks the form body of /oauth2/tokens optional "
            "although it has a required field (it takes the first field's "
            "`required`); normalize marks a form body required when any field is"
        ),
    ),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = require_coder_corpus()
    out = tmp_path_factory.mktemp("coder") / "pages"
    result = subprocess.run(
        [sys.executable, "-m", "apiregen", "generate", "--config", str(CONFIG),
         "--spec", str(corpus / "swagger.json"), "--out", str(out), "-q"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


def _differences(expected: str, actual: str) -> list[tuple[int, int]]:
    """Return (first published line, line count) of each differing hunk."""
    # autojunk speeds up long pages (blank lines are frequent) and, on these
    # pages, finds the same hunks as without it.
    matcher = difflib.SequenceMatcher(None, expected.split("\n"), actual.split("\n"))
    return [
        (i1 + 1, max(i2 - i1, j2 - j1))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


@dataclass
class Comparison:
    identical: int = 0
    total: int = 0
    differing_lines: int = 0
    allowed: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)
    gap_hits: dict[str, set[int]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def comparison(generated: Path) -> Comparison:
    result = Comparison()
    published = sorted((require_coder_corpus() / "reference").glob("*.md"))
    result.total = len(published)
    for page in published:
        expected = page.read_text(encoding="utf-8")
        actual = (generated / page.name).read_text(encoding="utf-8")
        if actual == expected:
            result.identical += 1
            continue
        result.differing_lines += sum(n for _, n in _differences(expected, actual))
        broken, places = published_form(actual)
        result.allowed += [f"{page.name}, generated line {line} ({count} lines): {why}"
                           for line, count, why in places if broken != actual]  # fmt: skip
        gap_lines, why = GAPS.get(page.name, ((), ""))
        for line, count in _differences(expected, broken):
            if line in gap_lines:
                result.allowed.append(
                    f"{page.name}, published line {line} ({count} lines): {why}"
                )
                result.gap_hits.setdefault(page.name, set()).add(line)
            else:
                result.unexplained.append(f"{page.name}:{line} ({count} lines)")
    return result


def test_published_pages_reproduced(
    comparison: Comparison, capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print(
            f"\nidentical pages: {comparison.identical}/{comparison.total}, "
            f"differing lines: {comparison.differing_lines}"
        )
        print("\n".join(f"allowed: {line}" for line in comparison.allowed))
    assert not comparison.unexplained, "differences no defect or gap explains: " + (
        ", ".join(comparison.unexplained)
    )


def test_listed_gaps_still_occur(comparison: Comparison) -> None:
    for page, (lines, _) in GAPS.items():
        found = comparison.gap_hits.get(page, set())
        assert set(lines) <= found, f"{page}: gap fixed? remove it from GAPS"


def test_static_pages_copied(generated: Path) -> None:
    reference = require_coder_corpus() / "reference"
    for name in ("index.md", "authentication.md"):
        assert (generated / name).read_bytes() == (reference / name).read_bytes()


def test_site_manifest_rewritten_as_published(generated: Path) -> None:
    published = require_coder_corpus() / "manifest.json"
    assert (generated / "manifest.json").read_bytes() == published.read_bytes()


def _rest_api(manifest: dict) -> dict:
    stack = list(manifest["routes"])
    while stack:
        node = stack.pop()
        if node.get("title") == "REST API":
            return node
        stack += node.get("children", [])
    raise AssertionError("no REST API node")


def test_site_manifest_restores_scrambled_children(
    generated: Path, tmp_path: Path
) -> None:
    corpus = require_coder_corpus()
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    children = _rest_api(manifest)["children"]
    random.Random(7).shuffle(children)
    del children[3]
    children.append({"title": "Gone", "path": "./reference/api/gone.md"})
    scrambled = tmp_path / "manifest.json"
    scrambled.write_text(json.dumps(manifest, indent="\t"), encoding="utf-8")
    pages = json.loads((generated / "manifest.json").read_text(encoding="utf-8"))
    listed = [
        (c["title"], c["path"].rsplit("/", 1)[1]) for c in _rest_api(pages)["children"]
    ]
    text = rewrite_manifest(scrambled, "REST API", "./reference/api/", listed)
    published = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert _rest_api(json.loads(text))["children"] == _rest_api(published)["children"]
