"""`apiregen watch` regenerates on a real file change, in a process the test stops."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.workflow_helpers import add_enum_value, write_project

# Generous bounds for a loaded machine; the test waits for lines, never for time.
WAIT_SECONDS = 60


class Watcher:
    """`apiregen watch` in a subprocess, with its output lines in a queue."""

    def __init__(self, root: Path, cache: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "APIREGEN_CACHE_DIR": str(cache)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "apiregen", "watch", "--debounce", "100"],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str) -> str:
        while True:
            try:
                line = self.lines.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                pytest.fail(f"no line starting {start!r}; saw {self.seen}")
            self.seen.append(line)
            if line.startswith(start):
                return line

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture()
def watcher(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = write_project(tmp_path / "project")
    running = Watcher(root, tmp_path / "cache")
    yield root, running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_watch_writes_output_at_start(watcher: tuple[Path, Watcher]) -> None:
    _, running = watcher
    running.wait_for("wrote output/typescript/types.ts")
    summary = running.wait_for("5 written")
    assert "0 removed" in summary


def test_watch_regenerates_after_spec_change(watcher: tuple[Path, Watcher]) -> None:
    root, running = watcher
    running.wait_for("watching")
    add_enum_value(root, "ferret")
    running.wait_for("changed: openapi.yaml")
    running.wait_for("wrote output/typescript/types.ts")
    assert "ferret" in (root / "output" / "typescript" / "types.ts").read_text()


def test_watch_ignores_unrelated_file(watcher: tuple[Path, Watcher]) -> None:
    root, running = watcher
    running.wait_for("watching")
    (root / "spec" / "notes.txt").write_text("not a spec file\n")
    add_enum_value(root, "ferret")
    changed = running.wait_for("changed:")
    assert "notes.txt" not in changed


def test_watch_keeps_going_after_bad_spec(watcher: tuple[Path, Watcher]) -> None:
    root, running = watcher
    running.wait_for("watching")
    spec = root / "spec" / "openapi.yaml"
    good = spec.read_text()
    spec.write_text("openapi: 3.1.0\npaths: [\n")
    running.wait_for("error:")
    spec.write_text(good.replace("- dog", "- dog\n        - ferret"))
    running.wait_for("wrote output/typescript/types.ts")


def test_watch_stops_cleanly_on_interrupt(watcher: tuple[Path, Watcher]) -> None:
    _, running = watcher
    running.wait_for("watching")
    assert running.stop() == 0
