"""Tests for `apiregen.forked`: work in a child process, seen as a plain call."""

from __future__ import annotations

import logging
import os
import time
import warnings

import pytest

from apiregen.forked import Forked, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="needs os.fork and two cores")


@needs_fork
def test_forked_runs_in_a_child():
    assert Forked(os.getpid).result() != os.getpid()


def test_forked_disabled_runs_here():
    assert Forked(os.getpid, enabled=False).result() == os.getpid()


def test_forked_returns_the_value():
    assert Forked(lambda: {"a.md": "text"}).result() == {"a.md": "text"}


def _fail() -> None:
    raise ValueError("no such target")


def test_forked_error_is_raised_again_here():
    with pytest.raises(ValueError, match="no such target"):
        Forked(_fail).result()


@needs_fork
def test_forked_unpicklable_value_is_made_again_here():
    parent = os.getpid()
    value = Forked(lambda: lambda: os.getpid()).result()
    assert value() == parent


def _log_and_warn() -> int:
    logging.getLogger("apiregen.test").warning("half of %s", "the spec")
    warnings.warn("a dropped constraint", UserWarning, stacklevel=1)
    return 1


def test_forked_log_records_reach_the_parent(caplog):
    with caplog.at_level(logging.WARNING), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Forked(_log_and_warn).result()
    assert [record.getMessage() for record in caplog.records] == ["half of the spec"]


def test_forked_warnings_reach_the_parent():
    with pytest.warns(UserWarning, match="a dropped constraint"):
        Forked(_log_and_warn).result()


@needs_fork
def test_forked_cancel_stops_the_child():
    child = Forked(lambda: time.sleep(600))
    pid = child._pid
    child.cancel()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
