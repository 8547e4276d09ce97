"""`apiregen watch`: regenerate whenever a file the run reads changes.

Those are the spec files, the templates, the settings file and the files the
settings name (`cache.SETTING_FILES`: static pages, a site manifest).

The watching is watchfiles' (inotify, FSEvents or ReadDirectoryChangesW under
the hood); this module only decides which folders to watch, which changes
count, and restarts the watch after each run, since a run can bring new spec
files into play and an editor that saves by renaming replaces a watched file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from apiregen.cache import setting_files
from apiregen.config import Config
from apiregen.errors import ApiregenError
from apiregen.write import JOURNAL_NAME, STAGING_NAME

logger = logging.getLogger(__name__)

SPEC_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
# Upper bound on how long one burst of changes is gathered before a run starts.
MAX_GATHER_MS = 2000
# How long the watcher waits before reporting a quiet spell (an empty batch).
READY_TIMEOUT_MS = 500


class WatchOutput(Protocol):
    def watching(self, roots: list[Path]) -> None: ...
    def changed(self, paths: list[Path]) -> None: ...
    def failed(self, error: ApiregenError) -> None: ...


def _builtin_templates() -> Path:
    # Imported here: the environment module pulls in Jinja.
    from apiregen.render.environment import builtin_templates_dir

    return builtin_templates_dir()


def spec_sources(config: Config) -> list[Path]:
    """Return the files the spec is made of, or just its root file when it does not load."""
    from apiregen.generate import spec_files

    try:
        return spec_files(config)
    except ApiregenError:
        return [config.spec]


def _outermost(paths: Iterable[Path]) -> list[Path]:
    """Drop every path that lies inside another one of `paths`."""
    chosen: list[Path] = []
    for path in sorted(set(paths), key=lambda item: len(item.parts)):
        if not any(path.is_relative_to(parent) for parent in chosen):
            chosen.append(path)
    return sorted(chosen)


class ChangeFilter:
    """The filter of changed paths: a change to a file the run reads starts a run."""

    def __init__(self, config: Config, sources: list[Path]) -> None:
        self.sources = set(sources)
        self.spec_folder = config.spec.parent
        self.template_folders = [_builtin_templates()]
        if config.templates is not None:
            self.template_folders.append(config.templates)
        self.config_file = Path(config.source) if config.source != "defaults" else None
        # Watched one by one, like the settings file: their folders may be large.
        self.files = set(setting_files(config))
        if self.config_file is not None:
            self.files.add(self.config_file)
        self.out = config.out

    def roots(self) -> list[Path]:
        folders = [self.spec_folder, *(path.parent for path in self.sources)]
        folders += [folder for folder in self.template_folders if folder.is_dir()]
        # A missing file cannot be watched, and the run reports it as missing.
        folders += [path for path in self.files if path.exists()]
        return _outermost(folders)

    def __call__(self, _change: object, name: str) -> bool:
        path = Path(name)
        if path.is_relative_to(self.out) or {STAGING_NAME, JOURNAL_NAME} & set(
            path.parts
        ):
            return False
        if path in self.sources or path in self.files:
            return True
        if any(path.is_relative_to(folder) for folder in self.template_folders):
            return True
        return path.is_relative_to(self.spec_folder) and path.suffix in SPEC_SUFFIXES


def _run_safely(
    run: Callable[[Config], None], config: Config, output: WatchOutput
) -> None:
    try:
        run(config)
    except ApiregenError as error:
        output.failed(error)


def watch_and_generate(
    config: Config,
    load_config: Callable[[], Config],
    run: Callable[[Config], None],
    debounce_ms: int,
    output: WatchOutput,
) -> None:
    """Run once, then again after each burst of relevant changes, until interrupted.

    One watcher lives across runs, so a file saved during a run is seen after
    it. The watcher starts again only when the folders to watch change, or a
    file watched by itself changed (an editor may have replaced it).
    """
    import watchfiles

    _run_safely(run, config, output)
    while True:
        change_filter = ChangeFilter(config, spec_sources(config))
        roots = change_filter.roots()
        watch = watchfiles.watch(
            *roots,
            watch_filter=change_filter,
            step=debounce_ms,
            debounce=max(MAX_GATHER_MS, debounce_ms),
            raise_interrupt=False,
            # An empty batch after each quiet spell: the first one says the watch is live.
            rust_timeout=READY_TIMEOUT_MS,
            yield_on_timeout=True,
        )
        announced = False
        for batch in watch:
            if not batch:
                if not announced:
                    output.watching(roots)
                    announced = True
                continue
            changed = sorted({Path(name) for _, name in batch})
            output.changed(changed)
            config = _reload(load_config, config, output)
            _run_safely(run, config, output)
            latest = ChangeFilter(config, spec_sources(config))
            if latest.roots() != roots or change_filter.files & set(changed):
                break
            change_filter.sources = latest.sources
        else:
            return  # interrupted


def _reload(
    load_config: Callable[[], Config], config: Config, output: WatchOutput
) -> Config:
    try:
        return load_config()
    except ApiregenError as error:
        output.failed(error)
        return config
