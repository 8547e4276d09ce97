"""Time the formatting of generated pages: apiregen's fast path against plain mdformat.

Usage: python scripts/bench_markdown_format.py [FOLDER ...] [--repeat N]

The default folders are the coder pages (rendered in memory with
`tests/conformance/coder.toml`) and `output/reference`. For each folder the
script prints the time of `format_page` (padding, then mdformat on the blocks
that need it) and of mdformat on whole pages, and whether both give the same
text. It shows the best of N runs, each starting with an empty block cache.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from apiregen.render.mdformat_tables import (
    _format_block,
    format_page,
    is_stable,
    mdformat_text,
    split_blocks,
)

REPO = Path(__file__).resolve().parents[1]


def _coder_pages() -> dict[str, str]:
    sys.path.insert(0, str(REPO / "scripts"))
    from compare_coder_pages import DEFAULT_CORPUS, render_pages

    pages = render_pages(DEFAULT_CORPUS)
    return {n: t for n, t in pages.items() if n.endswith(".md") and n not in
            ("index.md", "authentication.md")}  # fmt: skip


def _best(function, pages: dict[str, str], repeat: int) -> tuple[float, dict[str, str]]:  # type: ignore[no-untyped-def]
    best = float("inf")
    result: dict[str, str] = {}
    for _ in range(repeat):
        _format_block.cache_clear()
        started = time.perf_counter()
        result = {name: function(text) for name, text in pages.items()}
        best = min(best, time.perf_counter() - started)
    return best, result


def measure(label: str, pages: dict[str, str], repeat: int) -> None:
    size = sum(len(text.encode()) for text in pages.values()) / 1e6
    blocks = [b for text in pages.values() for b in split_blocks(text)]
    unstable = sum(not is_stable(block) for block in blocks)
    fast, fast_pages = _best(format_page, pages, repeat)
    slow, slow_pages = _best(mdformat_text, pages, repeat)
    same = fast_pages == slow_pages
    unchanged = fast_pages == pages
    print(
        f"{label}: {len(pages)} pages, {size:.2f} MB, {len(blocks)} blocks, "
        f"{unstable} sent to mdformat; format_page {fast:.2f} s, whole-page mdformat "
        f"{slow:.2f} s; same text: {same}; pages already formatted: {unchanged}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    mdformat_text("warm up\n")
    if args.folders:
        for folder in args.folders:
            pages = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
            measure(str(folder), pages, args.repeat)
        return 0
    measure("coder pages", _coder_pages(), args.repeat)
    pages = {p.name: p.read_text(encoding="utf-8")
             for p in (REPO / "output" / "reference").glob("*.md")}  # fmt: skip
    measure("output/reference", pages, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
