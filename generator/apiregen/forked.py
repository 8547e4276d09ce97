"""Run a function in a forked child process while this one goes on.

On large specs, validation and the Python models take most of the time, so on
a machine with two or more cores they run beside the other targets. A forked
child starts with everything this process has built (the parsed spec, the
model, the compiled templates), and only its result comes back, pickled
through a pipe.

A child changes nothing a caller can see. Its log records and Python warnings
are handled here, in their order, when the result is taken. When the child
fails in any way (an exception, a result that does not pickle, a crash), the
function runs again in this process, so the exception and its traceback are
those of a run without a child. Without `os.fork` (Windows), with one core or
when disabled, the function runs here when its result is requested.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import warnings
from collections.abc import Callable
from typing import Generic, TextIO, TypeVar

T = TypeVar("T")

# NOTE: a guess, not measured: below this much spec text a fork's few
# milliseconds are not worth it, and the test suite runs many small specs.
MIN_FORK_BYTES = 256 * 1024


def can_fork() -> bool:
    """Tell whether work can run in a child process beside this one."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


class Forked(Generic[T]):
    """`function()` running in a child process; `result()` waits for its value."""

    def __init__(self, function: Callable[[], T], enabled: bool = True) -> None:
        self._function = function
        self._pid: int | None = None
        self._read_fd = -1
        if enabled and can_fork():
            self._start()

    def _start(self) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _run_child(self._function, write_fd)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    def result(self) -> T:
        """Return the function's value, or raise its exception, as a plain call would."""
        if self._pid is None:
            return self._function()
        with os.fdopen(self._read_fd, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(self._pid, 0)
        self._pid = None
        try:
            value, records, shown = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - an empty or cut payload: the child failed
            return self._function()
        for record in records:
            logging.getLogger(record.name).handle(record)
        for text, category, filename, lineno in shown:
            warnings.warn_explicit(text, category, filename, lineno)
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the child, if one is running, and forget its result."""
        if self._pid is None:
            return
        os.kill(self._pid, signal.SIGTERM)
        os.close(self._read_fd)
        os.waitpid(self._pid, 0)
        self._pid = None


class _Collector(logging.Handler):
    """Keep a child's log records, made picklable, to send them to the parent."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def _run_child(function: Callable[[], object], write_fd: int) -> None:
    """Run `function`, write its pickled value, log records and warnings, and exit."""
    try:
        collector = _Collector()
        logging.getLogger().handlers = [collector]
        shown: list[tuple[str, type[Warning], str, int]] = []

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: TextIO | None = None,
            line: str | None = None,
        ) -> None:
            shown.append((str(message), category, filename, lineno))

        # Called only for the warnings that the filters let through.
        warnings.showwarning = show
        try:
            value = function()
            payload = pickle.dumps(
                (value, collector.records, shown), pickle.HIGHEST_PROTOCOL
            )
        except BaseException:  # noqa: BLE001 - the parent runs the function again
            payload = b""
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        # No cleanup of the parent's (atexit, buffered output) may run here.
        os._exit(0)
