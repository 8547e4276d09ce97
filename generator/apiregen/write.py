"""Writing the output plan to disk, and comparing it with what is there.

The output folder contains a manifest, `.apiregen-manifest.json`, listing the
files apiregen wrote. Only those files are ever overwritten or removed: a file
in the folder that the manifest does not list is left alone, and a planned
file that would replace such a file stops the run before anything is written.

A run changes the folder as one step, so a run killed at any moment leaves
the previous output or the new one, never a mix:

1. every new or changed file, and the new manifest, is written in full to the
   staging folder `.apiregen-staging/` inside the output folder;
2. the journal `.apiregen-journal.json` is renamed into place: this single
   rename is the moment the run takes effect;
3. the staged files are renamed over their targets, the files no longer
   produced are removed, then the journal and the staging folder go.

Every run first finishes what an earlier, interrupted run left: with a
journal it completes step 3 (roll forward); with a staging folder and no
journal it deletes the staging folder (roll back). `compare` reads through a
pending journal without writing, so `check` sees the output as it will be.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from apiregen.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl
    fcntl = None  # type: ignore[assignment]

MANIFEST_NAME = ".apiregen-manifest.json"
MANIFEST_VERSION = 1
STAGING_NAME = ".apiregen-staging"
JOURNAL_NAME = ".apiregen-journal.json"
JOURNAL_VERSION = 1
# Names apiregen keeps for itself at the top of the output folder.
RESERVED_NAMES = frozenset({MANIFEST_NAME, STAGING_NAME, JOURNAL_NAME})

# Generated files get the mode a new file usually gets: this, less the umask.
FILE_MODE = 0o666

OutputPlan = Mapping[str, str]  # relative POSIX path -> file text

logger = logging.getLogger(__name__)


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
    # What an earlier, interrupted run left: "" (nothing), "completed" or "discarded".
    recovered: str = ""


@dataclass(frozen=True)
class _Journal:
    """The changes a committed run makes: files to move from staging, files to remove."""

    replace: tuple[str, ...]
    remove: tuple[str, ...]


def check_plan_paths(plan: OutputPlan) -> None:
    """Reject any planned path that is absolute or climbs out of the output folder."""
    for relative in plan:
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise OutputError(
                f"refusing to write outside the output folder: {relative!r}"
            )
        if path.parts[0] in RESERVED_NAMES:
            raise OutputError(f"an output file may not be named {path.parts[0]}")


def normalize_plan(plan: OutputPlan) -> dict[str, str]:
    """Check the planned paths and return the plan with each path in normal form.

    `./a.md` and `a.md` name one file: without this, the manifest would list
    the file twice and a later run would remove the file it kept.
    """
    check_plan_paths(plan)
    normalized: dict[str, str] = {}
    for relative, text in plan.items():
        name = PurePosixPath(relative).as_posix()
        if name in normalized:
            raise OutputError(f"two planned output files have the same path: {name!r}")
        normalized[name] = text
    return normalized


def _read_journal(out: Path) -> _Journal | None:
    path = out / JOURNAL_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        journal = _Journal(tuple(data["replace"]), tuple(data["remove"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        # The journal is renamed into place whole, so this is damage from outside.
        raise OutputError(
            f"cannot read {path}: {error}; delete it and {out / STAGING_NAME}, "
            "then generate again"
        ) from None
    for name in (*journal.replace, *journal.remove):
        _check_owned_path(path, name)
    return journal


def _check_owned_path(source: Path, name: object) -> None:
    # Listed files may be replaced or removed, so a path leaving the folder is never trusted.
    path = PurePosixPath(name) if isinstance(name, str) else None
    if path is None or path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutputError(
            f"{source} lists {name!r}, a path outside the output folder; "
            "delete it and generate again"
        )


def _visible_path(out: Path, relative: str, journal: _Journal | None) -> Path | None:
    """Where `relative` reads from once a pending journal is applied; None if removed."""
    if journal is not None:
        if relative in journal.replace:
            staged = out / STAGING_NAME / relative
            if staged.is_file():
                return staged
        elif relative in journal.remove:
            return None
    return out / relative


def _manifest_from(path: Path | None, shown: Path) -> list[str]:
    if path is None:
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise OutputError(
            f"cannot read {shown}: {error}; delete it and the files it listed, then generate again"
        ) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        raise OutputError(
            f"{shown} is not an apiregen manifest; delete it and generate again"
        )
    for name in files:
        _check_owned_path(shown, name)
    return files


def read_manifest(out: Path) -> list[str]:
    """Return the files apiregen wrote to `out` (empty when none), a pending run included."""
    journal = _read_journal(out)
    return _manifest_from(
        _visible_path(out, MANIFEST_NAME, journal), out / MANIFEST_NAME
    )


def _read_text(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except UnicodeDecodeError:
        # Invalid bytes become U+FFFD, so the file no longer reads as empty and unchanged.
        return path.read_bytes().decode("utf-8", errors="replace")


def compare(plan: OutputPlan, out: Path) -> Comparison:
    """Compare the plan with the output folder without writing anything."""
    plan = normalize_plan(plan)
    journal = _read_journal(out)
    comparison = Comparison()
    for relative, text in sorted(plan.items()):
        current = _read_text(_visible_path(out, relative, journal))
        if current is None:
            comparison.missing.append(relative)
        elif current != text:
            comparison.stale.append(relative)
        else:
            comparison.unchanged.append(relative)
    manifest = _manifest_from(
        _visible_path(out, MANIFEST_NAME, journal), out / MANIFEST_NAME
    )
    comparison.extra = sorted(
        name
        for name in manifest
        if name not in plan
        and _read_text(_visible_path(out, name, journal)) is not None
    )
    return comparison


def unified_diff(plan: OutputPlan, out: Path, comparison: Comparison) -> str:
    """Return a unified diff from the files on disk to the planned files."""
    plan = normalize_plan(plan)
    journal = _read_journal(out)
    chunks: list[str] = []
    for relative in [*comparison.stale, *comparison.missing, *comparison.extra]:
        before = _read_text(_visible_path(out, relative, journal)) or ""
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


def _write_new(path: Path, text: str) -> None:
    """Write a file that nothing else uses yet, with the usual mode, and flush it to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # os.open applies the umask to FILE_MODE, as any program creating a file would.
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


def _fsync_folder(folder: Path) -> None:
    # Makes the renames inside `folder` survive a power cut, not only a killed process.
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder, so two runs never interleave."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    handle = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError as error:
            # Some network file systems have no locks: write unlocked rather than fail.
            logger.debug("cannot lock %s: %s", out, error)
        yield
    finally:
        os.close(handle)


def _apply(out: Path, journal: _Journal) -> None:
    """Carry out a committed journal; safe to repeat after being cut short anywhere."""
    staging = out / STAGING_NAME
    for relative in journal.replace:
        staged = staging / relative
        if staged.is_file():  # otherwise an earlier attempt already moved it
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    for relative in journal.remove:
        target = out / relative
        target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, out)
    _fsync_folder(out)
    (out / JOURNAL_NAME).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def recover(out: Path) -> str:
    """Finish what an interrupted run left in `out`: "completed", "discarded" or ""."""
    journal = _read_journal(out)
    if journal is not None:
        _apply(out, journal)
        return "completed"
    staging = out / STAGING_NAME
    if staging.exists():
        shutil.rmtree(staging)
        return "discarded"
    return ""


def _check_foreign(plan: OutputPlan, out: Path, owned: set[str]) -> None:
    for relative in plan:
        target = out / relative
        if (
            target.exists()
            and relative not in owned
            and _read_text(target) != plan[relative]
        ):
            raise OutputError(
                f"{target} exists and was not written by apiregen; "
                "move it away or choose another output folder"
            )


def _stage(out: Path, files: Mapping[str, str], journal: _Journal) -> None:
    """Write the staged files, then commit the run by renaming the journal into place."""
    staging = out / STAGING_NAME
    for relative, text in files.items():
        _write_new(staging / relative, text)
    record = {"version": JOURNAL_VERSION, "replace": list(journal.replace),
              "remove": list(journal.remove)}  # fmt: skip
    _write_new(staging / JOURNAL_NAME, json.dumps(record, indent=2) + "\n")
    _fsync_folder(staging)
    os.replace(staging / JOURNAL_NAME, out / JOURNAL_NAME)
    _fsync_folder(out)


def manifest_text(plan: OutputPlan) -> str:
    manifest = {
        "version": MANIFEST_VERSION,
        "generator": "apiregen",
        "files": sorted(plan),
    }
    return json.dumps(manifest, indent=2) + "\n"


def write_plan(plan: OutputPlan, out: Path) -> WriteReport:
    """Write the planned files, remove the ones apiregen wrote before and no longer plans.

    The change is all or nothing: see the module's docstring.
    """
    plan = normalize_plan(plan)
    created = _missing_folders(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with _locked(out):
            return _write_locked(plan, out)
    except BaseException as error:
        # A failed first run leaves no folder. rmdir removes only empty folders,
        # so output from a run that took effect stays.
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(error, OSError):
            raise OutputError(
                f"cannot write {error.filename or out}: {error.strerror}"
            ) from None
        if isinstance(error, UnicodeEncodeError):
            bad = error.object[error.start : error.end]
            raise OutputError(
                f"cannot write the output: a generated file contains {bad!r}, "
                "which UTF-8 cannot encode"
            ) from None
        raise


def _missing_folders(out: Path) -> list[Path]:
    """Return `out` and its parents that do not exist yet, deepest first."""
    missing = []
    folder = out.absolute()
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _write_locked(plan: OutputPlan, out: Path) -> WriteReport:
    report = WriteReport(recovered=recover(out))
    owned = set(read_manifest(out))
    _check_foreign(plan, out, owned)

    changed: dict[str, str] = {}
    for relative, text in sorted(plan.items()):
        if _read_text(out / relative) == text:
            report.unchanged.append(relative)
        else:
            changed[relative] = text
    report.written = list(changed)
    report.removed = sorted(
        name for name in owned - set(plan) if (out / name).is_file()
    )
    new_manifest = manifest_text(plan)
    if _read_text(out / MANIFEST_NAME) != new_manifest:
        changed[MANIFEST_NAME] = new_manifest
    if not changed and not report.removed:
        return report

    # The manifest moves last, so it never lists a file that is not in place yet.
    journal = _Journal(tuple(changed), tuple(report.removed))
    try:
        _stage(out, changed, journal)
    except BaseException:
        # Until the journal is in place the run has not taken effect: roll back.
        if not (out / JOURNAL_NAME).exists():
            shutil.rmtree(out / STAGING_NAME, ignore_errors=True)
        raise
    _apply(out, journal)
    return report


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
