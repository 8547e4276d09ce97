"""Generate very large specs and measure apiregen's peak memory on them.

Not part of the test suite (a 50 MB spec takes minutes); the suite keeps a
10,000-operation case in `tests/hostile/test_big_specs.py`. Each spec is
written into a temporary folder, run through `apiregen generate` in a child
process, and the child's peak resident memory is read with
`resource.getrusage(RUSAGE_CHILDREN)`.

    python scripts/big_specs.py                 # 10,000 operations and 50 MB
    python scripts/big_specs.py --only 50mb
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
APIREGEN = REPO / ".venv" / "bin" / "apiregen"


def big_spec(operations: int, tags: int = 50, padding: int = 0) -> dict[str, Any]:
    """A 3.1 spec with `operations` GET operations over `tags` tags.

    `padding` characters of description per operation make the file large
    without adding operations.
    """
    item = {"$ref": "#/components/schemas/Item"}
    paths = {
        f"/items{index}/{{id}}": {
            "get": {
                "operationId": f"getItem{index}",
                "tags": [f"tag{index % tags}"],
                "summary": f"Get item {index}",
                "description": ("Lorem ipsum dolor sit amet. " * (padding // 28 + 1))[:padding],
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok",
                                      "content": {"application/json": {"schema": item}}}},
            }
        }
        for index in range(operations)
    }  # fmt: skip
    schemas = {
        "Item": {
            "type": "object",
            "properties": {"id": {"type": "string"},
                           "kind": {"type": "string", "enum": ["a", "b"]}},
        }
    }  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {"title": "Big", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def measure(spec: Path, out: Path) -> tuple[int, int, float]:
    """Run `apiregen generate` on `spec` in a child; return (exit code, peak KiB, seconds).

    The run happens in a fresh Python process whose only child is apiregen,
    so RUSAGE_CHILDREN reports apiregen's peak alone.
    """
    config = spec.parent / "empty.toml"
    config.write_text("")
    wrapper = (
        "import resource, subprocess, sys, time; started = time.perf_counter(); "
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
        "time.perf_counter() - started)"
    )
    command = [str(APIREGEN), "generate", "--config", str(config), "--spec", str(spec),
               "--out", str(out), "-q"]  # fmt: skip
    done = subprocess.run([sys.executable, "-c", wrapper, *command],
                          capture_output=True, text=True, check=True)  # fmt: skip
    code, peak, seconds = done.stdout.split()
    return int(code), int(peak), float(seconds)


CASES = {
    "10k-operations": {"operations": 10_000},
    # About 5 KB of description per operation: a 50 MB file.
    "50mb": {"operations": 10_000, "padding": 5_000},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=sorted(CASES))
    arguments = parser.parse_args()
    for name, case in CASES.items():
        if arguments.only and name != arguments.only:
            continue
        with tempfile.TemporaryDirectory(prefix="apiregen-big-") as scratch:
            spec = Path(scratch) / "openapi.json"
            spec.write_text(json.dumps(big_spec(**case)))
            size = spec.stat().st_size
            code, peak, seconds = measure(spec, Path(scratch) / "out")
        print(f"{name}: {size / 1e6:.1f} MB spec, exit code {code}, "
              f"peak RSS {peak / 1024:.0f} MiB, {seconds:.0f} s", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, (8 * 1024**3, 8 * 1024**3))
    sys.exit(main())
