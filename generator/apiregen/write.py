"""Writing the output plan to disk, and comparing it with what is there.

The output folder holds a manifest, `.apiregen-manifest.json`, listing the
files apiregen wrote. Only those files are ever overwritten or removed: a file
in the folder that the manifest does not list is left alone, and a planned
file that would replace such a file stops the run before anything is written.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from apiregen.errors import OutputError

MANIFEST_NAME = ".apiregen-manifest.json"
MANIFEST_VERSION = 1

OutputPlan = Mapping[str, str]  # relative POSIX path -> file text


@dataclass
class Comparison:
    """How the files on disk differ from a plan."""

    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.stale or self.missing or self.extra)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def check_plan_paths(plan: OutputPlan) -> None:
    """Reject any planned path that is absolute or climbs out of the output folder."""
    for relative in plan:
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise OutputError(f"refusing to write outside the output folder: {relative!r}")
        if relative == MANIFEST_NAME:
            raise OutputError(f"an output file may not be named {MANIFEST_NAME}")


def read_manifest(out: Path) -> list[str]:
    """Return the files apiregen wrote to `out` last time (empty when none)."""
    manifest = out / MANIFEST_NAME
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise OutputError(
            f"cannot read {manifest}: {error}; delete it and the files it listed, then generate again"
        ) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        raise OutputError(f"{manifest} is not an apiregen manifest; delete it and generate again")
    return files


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except UnicodeDecodeError:
        return ""


def compare(plan: OutputPlan, out: Path) -> Comparison:
    """Compare the plan with the output folder without writing anything."""
    check_plan_paths(plan)
    comparison = Comparison()
    for relative, text in sorted(plan.items()):
        current = _read_text(out / relative)
        if current is None:
            comparison.missing.append(relative)
        elif current != text:
            comparison.stale.append(relative)
        else:
            comparison.unchanged.append(relative)
    comparison.extra = sorted(
        name for name in read_manifest(out) if name not in plan and (out / name).is_file()
    )
    return comparison


def unified_diff(plan: OutputPlan, out: Path, comparison: Comparison) -> str:
    """Return a unified diff from the files on disk to the planned files."""
    chunks = []
    for relative in [*comparison.stale, *comparison.missing, *comparison.extra]:
        before = _read_text(out / relative) or ""
        after = plan.get(relative, "")
        chunks.extend(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                fromfile=f"a/{relative}",
                tofile=f"b/{relative}",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in chunks)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_plan(plan: OutputPlan, out: Path) -> WriteReport:
    """Write the planned files, remove the ones apiregen wrote before and no longer plans."""
    check_plan_paths(plan)
    owned = set(read_manifest(out))
    for relative in plan:
        target = out / relative
        if target.exists() and relative not in owned and _read_text(target) != plan[relative]:
            raise OutputError(
                f"{target} exists and was not written by apiregen; "
                "move it away or choose another output folder"
            )

    report = WriteReport()
    try:
        for relative, text in sorted(plan.items()):
            target = out / relative
            if _read_text(target) == text:
                report.unchanged.append(relative)
                continue
            _atomic_write(target, text)
            report.written.append(relative)
    except OSError as error:
        raise OutputError(f"cannot write {error.filename}: {error.strerror}") from None

    for relative in sorted(owned - set(plan)):
        target = out / relative
        if target.is_file():
            target.unlink()
            report.removed.append(relative)
            _remove_empty_parents(target.parent, out)

    manifest = {"version": MANIFEST_VERSION, "generator": "apiregen", "files": sorted(plan)}
    _atomic_write(out / MANIFEST_NAME, json.dumps(manifest, indent=2) + "\n")
    return report


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
