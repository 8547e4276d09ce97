"""Show that the jsonschema-rs first pass changes no validation result.

`apiregen.validate.validate` runs its JSON Schema checks with jsonschema-rs
first and skips the Python `jsonschema` check of an instance that jsonschema-rs
accepts. This script runs every spec both ways, Python only (`fast=False`) and
with the first pass, and prints each spec whose problems differ. It also checks
every instance that jsonschema-rs accepted again with Python `jsonschema`,
which must find no error in it.

The specs are the fixed sample of `sample_specs.py` (GitHub's among them),
Microsoft Graph's, the canonical spec and the coder corpus. Every spec that the
hostile tests and the validation unit tests validate is compared too: those
tests run here under pytest, and a plugin in this file compares each call.

    python scripts/compare_validation.py            # everything
    python scripts/compare_validation.py --no-tests # skip the test specs

Exits with 1 when anything differs, 2 when jsonschema-rs is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sample_specs import DIRECTORY, SAMPLE, sample_path

from apiregen import first_pass
from apiregen import validate as validate_module
from apiregen.load import load_document
from apiregen.normalize import spec_version

REPO = Path(__file__).resolve().parents[1]
CODER = REPO.parent / "shared" / "corpus" / "coder" / "swagger.json"
CANONICAL = REPO / "spec" / "openapi.yaml"
# The largest spec of the speed measurements (20 MB), beside the sample.
GRAPH = DIRECTORY / "microsoft.com" / "graph.json"
# The tests whose specs are compared, run with this file as a pytest plugin.
TEST_PATHS = ("tests/hostile", "tests/unit/test_validate.py")
# The variable naming the file where the plugin writes a JSON line per spec.
RESULTS_VARIABLE = "APIREGEN_COMPARE_VALIDATION_RESULTS"
# Taken before the plugin puts its comparing wrapper in its place.
LIBRARY_VALIDATE = validate_module.validate


def diagnostics_text(diagnostics: list[Any]) -> list[str]:
    """Return each diagnostic as its printed line, with its severity."""
    return [f"{d.severity}: {d}" for d in diagnostics]


class AnswerCheck:
    """Check every 'valid' of jsonschema-rs again with Python `jsonschema`."""

    def __init__(self) -> None:
        self.checked = 0
        self.disagreements: list[str] = []
        self._python = _python_checks()

    @contextmanager
    def watching(self) -> Iterator[None]:
        library_is_valid = first_pass.is_valid

        def is_valid(validator: Any, instance: Any) -> bool:
            answer = library_is_valid(validator, instance)
            if answer:
                self._recheck(validator, instance)
            return answer

        first_pass.is_valid = is_valid  # type: ignore[assignment]
        try:
            yield
        finally:
            first_pass.is_valid = library_is_valid  # type: ignore[assignment]

    def _recheck(self, validator: Any, instance: Any) -> None:
        for fast, (name, python_valid) in self._python.items():
            if fast() is validator:
                self.checked += 1
                if not python_valid(instance):
                    self.disagreements.append(f"{name}: {str(instance)[:200]}")
                return
        self.disagreements.append("a first-pass validator this script does not know")


def _python_checks() -> dict[Callable[[], Any], tuple[str, Callable[[Any], bool]]]:
    """Map each fast validator's getter to its name and the Python check it replaces."""
    checks: dict[Callable[[], Any], tuple[str, Callable[[Any], bool]]] = {}
    for version in ("2.0", "3.0", "3.1"):
        python = validate_module._python_document_validator(version)
        checks[_getter(validate_module._fast_document_validator, version)] = (
            f"document {version}",
            lambda instance, python=python: not any(python.iter_errors(instance)),
        )
    for dialect, (validator_class, checker) in validate_module._META_CHECKS.items():
        checks[_getter(validate_module._fast_meta_validator_for, dialect)] = (
            f"schema dialect {dialect}",
            lambda instance, cls=validator_class, fc=checker: _schema_ok(
                cls, fc, instance
            ),
        )
    return checks


def _getter(function: Callable[[str], Any], key: str) -> Callable[[], Any]:
    return lambda: function(key)


def _schema_ok(validator_class: Any, format_checker: Any, instance: Any) -> bool:
    try:
        validator_class.check_schema(instance, format_checker=format_checker)
    except Exception:  # noqa: BLE001 - SchemaError, or a failure the library would meet
        return False
    return True


def compare_document(document: Any) -> tuple[list[str], list[str]]:
    """Return the diagnostics of the Python-only path and of the first-pass path."""
    old = diagnostics_text(LIBRARY_VALIDATE(document, fast=False))
    new = diagnostics_text(LIBRARY_VALIDATE(document, fast=True))
    return old, new


def spec_paths() -> list[tuple[str, Path]]:
    named = [(name, sample_path(name)) for name in SAMPLE]
    named += [("microsoft.com/graph.json", GRAPH)]
    named += [("canonical", CANONICAL), ("coder", CODER)]
    return named


def compare_files(check: AnswerCheck) -> int:
    """Compare the spec files, and return how many differ."""
    differing = 0
    for name, path in spec_paths():
        if not path.is_file():
            print(f"skipped {name}: {path} is absent")
            continue
        document = load_document(path)
        with check.watching():
            old, new = compare_document(document)
        state = "same" if old == new else "DIFFERENT"
        version = spec_version(document.root)
        print(f"{state}: {name} ({version}, {len(old)} problems)")
        if old != new:
            differing += 1
            print_difference(old, new)
    return differing


def print_difference(old: list[str], new: list[str]) -> None:
    for line in old:
        if line not in new:
            print(f"  only Python-only: {line}")
    for line in new:
        if line not in old:
            print(f"  only first pass:  {line}")
    if sorted(old) == sorted(new):
        print("  (the same problems in another order)")


def compare_test_specs() -> tuple[int, int, int]:
    """Run the tests with the plugin, and return (compared, differing, exit code)."""
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.jsonl"
        environment = {
            **os.environ,
            RESULTS_VARIABLE: str(results),
            "PYTHONPATH": os.pathsep.join(
                [str(Path(__file__).resolve().parent), os.environ.get("PYTHONPATH", "")]
            ),
        }
        command = [sys.executable, "-m", "pytest", "-q", "-p", "compare_validation"]
        finished = subprocess.run(
            [*command, *TEST_PATHS], cwd=REPO, env=environment, check=False
        )
        lines = results.read_text().splitlines() if results.exists() else []
    differing = checked = 0
    for line in lines:
        record = json.loads(line)
        checked += record["checked"]
        if record["old"] != record["new"] or record["disagreements"]:
            differing += 1
            print(f"DIFFERENT: {record['test']}")
            print_difference(record["old"], record["new"])
        for disagreement in record["disagreements"]:
            print(f"  DISAGREES: {disagreement}")
    print(f"test specs: accepted instances checked again in Python: {checked}")
    return len(lines), differing, finished.returncode


# The pytest plugin: compare every call of `validate` that the tests make.


def pytest_configure(config: Any) -> None:
    results = os.environ.get(RESULTS_VARIABLE)
    if not results:
        return
    from apiregen import generate

    def compared(document: Any, fast: bool = True) -> list[Any]:
        check = AnswerCheck()
        with check.watching():
            old, new = compare_document(document)
        record = {
            "test": os.environ.get("PYTEST_CURRENT_TEST", ""),
            "old": old,
            "new": new,
            "checked": check.checked,
            "disagreements": check.disagreements,
        }
        with open(results, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(record) + "\n")
        return LIBRARY_VALIDATE(document, fast)

    # Both names the tests reach `validate` by: the unit tests import it from
    # its module after this runs, and `generate` has its own reference.
    validate_module.validate = compared  # type: ignore[assignment]
    generate.validate = compared  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-tests", action="store_true", help="skip the specs of the tests"
    )
    arguments = parser.parse_args()
    if not first_pass.available():
        print("jsonschema-rs is not installed: there is no first pass to compare")
        return 2
    check = AnswerCheck()
    differing = compare_files(check)
    print(f"instances jsonschema-rs accepted, checked again in Python: {check.checked}")
    for disagreement in check.disagreements:
        print(f"DISAGREES: {disagreement}")
    failed = differing > 0 or bool(check.disagreements)
    if not arguments.no_tests:
        compared, test_differing, exit_code = compare_test_specs()
        print(f"test specs compared: {compared}, differing: {test_differing}")
        if exit_code != 0:
            print(f"the tests exited with {exit_code}")
        failed = failed or test_differing > 0 or exit_code != 0
    print("result: " + ("DIFFERENCES FOUND" if failed else "no difference"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
