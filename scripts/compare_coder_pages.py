"""Render the coder reference pages from `swagger.json` and compare them with the published ones.

Usage: python scripts/compare_coder_pages.py [--corpus DIR] [--diffs N] [--keep DIR]

Prints, per published page, "identical" or the number of differing lines with
the first few differences, then `identical pages: N/31, differing lines: M`.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import sys
import tempfile
import time
from pathlib import Path

from apiregen.config import load_config
from apiregen.model.build import build_api
from apiregen.normalize import normalize
from apiregen.render import markdown
from apiregen.render.environment import create_environment

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = (REPO / ".." / "shared" / "corpus" / "coder").resolve()

CODER_CONFIG = REPO / "tests" / "conformance" / "coder.toml"


def render_pages(corpus: Path, config_file: Path = CODER_CONFIG) -> dict[str, str]:
    """Render the pages with the settings of `coder.toml`, reading `corpus`."""
    config = load_config(config_file)
    settings = config.target_settings("markdown", markdown.MarkdownSettings)
    if corpus.resolve() != DEFAULT_CORPUS.resolve():
        settings = _moved(settings, DEFAULT_CORPUS.resolve(), corpus.resolve())
    document = json.loads((corpus / "swagger.json").read_text(encoding="utf-8"))
    api = build_api(normalize(document))
    environment = create_environment(filters=markdown.FILTERS)
    return markdown.render_markdown(api, settings, environment)


def _moved(
    settings: markdown.MarkdownSettings, old: Path, new: Path
) -> markdown.MarkdownSettings:
    """Point the corpus files of the settings at another copy of the corpus."""
    static = tuple(new / Path(p).relative_to(old) for p in settings.static_pages)
    manifest = settings.site_manifest
    if manifest is not None:
        manifest = new / manifest.relative_to(old)
    return dataclasses.replace(settings, static_pages=static, site_manifest=manifest)


def changed_lines(expected: list[str], actual: list[str]) -> tuple[int, list[str]]:
    count = 0
    shown: list[str] = []
    matcher = difflib.SequenceMatcher(None, expected, actual)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        count += max(i2 - i1, j2 - j1)
        shown += [f"  - {line}" for line in expected[i1:i2]]
        shown += [f"  + {line}" for line in actual[j1:j2]]
    return count, shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--diffs", type=int, default=6, help="difference lines shown per page"
    )
    parser.add_argument("--keep", type=Path, help="write the rendered pages here")
    args = parser.parse_args()

    started = time.perf_counter()
    pages = render_pages(args.corpus)
    elapsed = time.perf_counter() - started
    out = args.keep or Path(tempfile.mkdtemp(prefix="coder-pages-"))
    for name, text in pages.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")

    published = sorted((args.corpus / "reference").glob("*.md"))
    identical = total = 0
    for page in published:
        expected = page.read_text(encoding="utf-8").splitlines()
        actual = pages.get(page.name, "").splitlines()
        count, shown = changed_lines(expected, actual)
        if count == 0:
            identical += 1
            print(f"{page.name}: identical")
            continue
        total += count
        print(f"{page.name}: {count} differing lines")
        print("\n".join(line[:160] for line in shown[: args.diffs]))
    print(f"rendered in {elapsed:.2f} s into {out}")
    print(f"identical pages: {identical}/{len(published)}, differing lines: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
