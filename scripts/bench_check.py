"""Time `apiregen check` on an unchanged spec and output (a cache hit).

Usage: .venv/bin/python scripts/bench_check.py [SPEC] [--runs N]

Generates SPEC (default: the coder corpus) into a temporary folder with a
private cache, then runs `apiregen check` N times and prints the median wall
time and the median CPU time (user + system) of one run. The CPU time is the
steadier figure on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = REPO.parent / "shared" / "corpus" / "coder" / "swagger.json"


def child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "APIREGEN_CACHE_DIR": str(Path(folder) / "cache")}
        command = [sys.executable, "-m", "apiregen"]
        options = ["--spec", str(args.spec), "--out", str(Path(folder) / "out"),
                   "--allow-invalid", "-q"]  # fmt: skip
        subprocess.run([*command, "generate", *options], env=env, check=True)
        walls, cpus = [], []
        for _ in range(args.runs):
            cpu_before, started = child_cpu_seconds(), time.perf_counter()
            subprocess.run([*command, "check", *options], env=env, check=True)
            walls.append(time.perf_counter() - started)
            cpus.append(child_cpu_seconds() - cpu_before)
    print(f"apiregen check, unchanged {args.spec.name}, {args.runs} runs: "
          f"median wall {statistics.median(walls):.3f} s, "
          f"median CPU {statistics.median(cpus):.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
