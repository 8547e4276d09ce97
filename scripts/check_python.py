"""Check the Python models on the canonical spec, the coder corpus and real specs.

For each spec: generate the models through `apiregen.generate` (Python target
only, invalid specs allowed), import the module, run `mypy --strict` on it,
then validate every example the spec gives and every example JSON the
Markdown pages show against the matching model, and check that each one
serializes back, by alias, to the same JSON. Results and times go to
`docs/python.md`.

An example that its own schema rejects (checked with jsonschema, with the
formats the models type) says nothing about the models: it is counted as
"invalid in the spec" and not given to them.

    python scripts/check_python.py                  # everything, writes docs/python.md
    python scripts/check_python.py stripe.com.json  # some specs, page not written
    python scripts/check_python.py --no-mypy -j 2
    python scripts/check_python.py --speed          # also time Stripe and GitHub
                                                    # against datamodel-codegen

Each spec runs in a child process, so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import logging
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

from sample_specs import SAMPLE, sample_path

CODER = REPO.parent / "shared" / "corpus" / "coder" / "swagger.json"
PAGE = REPO / "docs" / "python.md"
MYPY = Path(sys.executable).parent / "mypy"
# The formats the models give a type other than `str`. jsonschema checks them
# too, so an example that breaks one counts as invalid in the spec.
TYPED_FORMATS = ("date-time", "date", "time", "uuid", "decimal")
# How many failures of one spec are kept for the page.
KEPT_FAILURES = 20


@dataclasses.dataclass
class SpecResult:
    name: str
    version: str
    schemas: int = 0
    generate_seconds: float = 0.0
    peak_mb: int = 0
    lines: int = 0
    error: str = ""
    imported: bool = False
    mypy: str = "not run"
    mypy_seconds: float = 0.0
    examples: int = 0
    samples: int = 0
    invalid_in_spec: int = 0
    no_model: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    failure_count: int = 0

    @property
    def passed(self) -> bool:
        return (
            not self.error
            and self.imported
            and self.mypy in ("passed", "not run")
            and self.failure_count == 0
        )


# Which specs ---------------------------------------------------------------


def all_specs() -> dict[str, str]:
    """Return {spec name: version}: the canonical spec, the coder corpus, the sample."""
    return {"canonical": "3.1", "coder": "2.0", **SAMPLE}


def spec_config(name: str, out: Path) -> Any:
    from apiregen.config import Config, load_config

    if name == "canonical":
        base = load_config(overrides={"spec": REPO / "spec"}, start=REPO)
        return dataclasses.replace(
            base, out=out, targets=("python",), allow_invalid=True
        )
    path, prefixes = (
        (CODER, ("codersdk.",)) if name == "coder" else (sample_path(name), ())
    )
    return Config(
        spec=path,
        out=out,
        targets=("python",),
        allow_invalid=True,
        strip_prefixes=prefixes,
    )


def spec_available(name: str) -> bool:
    table = {"canonical": REPO / "spec" / "openapi.yaml", "coder": CODER}
    return table.get(name, sample_path(name)).is_file()


# One spec ------------------------------------------------------------------


def check_spec(name: str, run_mypy: bool, folder: Path) -> SpecResult:
    """Generate, import, type-check and round-trip the models of one spec."""
    from apiregen.generate import generate, load_api

    result = SpecResult(name, all_specs().get(name, "?"))
    config = spec_config(name, folder)
    started = time.perf_counter()
    try:
        files = generate(config).files
    except Exception as error:  # noqa: BLE001 - any failure is a result to report
        result.error = f"generate: {type(error).__name__}: {error}"
        return result
    result.generate_seconds = time.perf_counter() - started
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    (relative, text), *_ = files.items()
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result.lines = text.count("\n")
    api = load_api(config)[0]
    result.schemas = len(api.schemas)
    try:
        module = import_models(path, f"apiregen_check_{abs(hash(name))}")
    except Exception as error:  # noqa: BLE001 - an import failure is the result
        result.error = f"import: {type(error).__name__}: {error}"
        return result
    result.imported = True
    if run_mypy:
        started = time.perf_counter()
        result.mypy = mypy_result(path, folder / ".mypy_cache")
        result.mypy_seconds = time.perf_counter() - started
    record_round_trips(result, api, module)
    return result


def import_models(path: Path, module_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def mypy_result(path: Path, cache: Path) -> str:
    """Return "passed", or the first lines mypy printed."""
    command = [str(MYPY), "--strict", "--cache-dir", str(cache), str(path)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode == 0:
        return "passed"
    lines = (run.stdout + run.stderr).strip().splitlines()
    return "failed: " + " | ".join(lines[:3] + lines[-1:])


# Examples ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Case:
    """One JSON value to give one model: where it is shown, and what kind it is."""

    where: str
    kind: str  # "example" (from the spec) or "sample" (made for the pages)
    schema: Any  # the JSON Schema it must satisfy
    adapter: Any  # a pydantic TypeAdapter of the matching model
    value: Any


def record_round_trips(result: SpecResult, api: Any, module: ModuleType) -> None:
    checker = SchemaChecker(api.document)
    for case in cases(api, module, result):
        if not checker.valid(case.schema, case.value):
            result.invalid_in_spec += 1
            continue
        if case.kind == "example":
            result.examples += 1
        else:
            result.samples += 1
        failure = round_trip_failure(case)
        if failure:
            result.failure_count += 1
            if len(result.failures) < KEPT_FAILURES:
                result.failures.append(failure)


def round_trip_failure(case: Case) -> str:
    """Return why `case.value` does not validate or come back the same, or ""."""
    try:
        value = case.adapter.validate_python(case.value)
    except ValueError as error:
        first = str(error).splitlines()[:3]
        return f"{case.where} ({case.kind}): rejected: {' '.join(first)}"
    dumped = case.adapter.dump_python(
        value, mode="json", by_alias=True, exclude_unset=True
    )
    if not same_json(dumped, case.value):
        where, sent, back = first_difference(case.value, dumped, "")
        sent_text, back_text = json.dumps(sent)[:120], json.dumps(back)[:120]
        return f"{case.where} ({case.kind}): at {where or '/'}, {sent_text} came back as {back_text}"
    return ""


MISSING = "(missing)"


def first_difference(sent: Any, back: Any, pointer: str) -> tuple[str, Any, Any]:
    """Return the JSON pointer of the first place two values differ, and both parts there."""
    if isinstance(sent, dict) and isinstance(back, dict):
        for key in [*sent, *(k for k in back if k not in sent)]:
            if key not in sent or key not in back:
                return (
                    f"{pointer}/{key}",
                    sent.get(key, MISSING),
                    back.get(key, MISSING),
                )
            if not same_json(back[key], sent[key]):
                return first_difference(sent[key], back[key], f"{pointer}/{key}")
    if isinstance(sent, list) and isinstance(back, list) and len(sent) == len(back):
        for index, (left, right) in enumerate(zip(sent, back, strict=True)):
            if not same_json(right, left):
                return first_difference(left, right, f"{pointer}/{index}")
    return pointer, sent, back


_DATE_TIME = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", re.IGNORECASE
)


def same_json(dumped: Any, original: Any) -> bool:
    """Compare JSON values; two date-time strings are the same when their instants are.

    pydantic writes a date-time its own way ("12:51:12.038Z" comes back as
    "12:51:12.038000Z"): the value is kept, the spelling is not.
    """
    if isinstance(dumped, dict) and isinstance(original, dict):
        return dumped.keys() == original.keys() and all(
            same_json(dumped[key], original[key]) for key in dumped
        )
    if isinstance(dumped, list) and isinstance(original, list):
        return len(dumped) == len(original) and all(
            same_json(a, b) for a, b in zip(dumped, original, strict=True)
        )
    if isinstance(dumped, str) and isinstance(original, str) and dumped != original:
        return _instant(dumped) is not None and _instant(dumped) == _instant(original)
    # True == 1 in Python, not in JSON.
    same_kind = isinstance(dumped, bool) == isinstance(original, bool)
    return bool(dumped == original) and same_kind


def _instant(text: str) -> datetime | None:
    if not _DATE_TIME.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def cases(api: Any, module: ModuleType, result: SpecResult) -> Iterator[Case]:
    """Yield every example of the spec and every example JSON of the pages."""
    yield from schema_cases(api, module)
    models = ModelLookup(api, module)
    for operation in api_operations(api):
        for direction, media in operation_media(operation):
            where = f"{operation.method.upper()} {operation.path} {media.content_type}"
            adapter = models.adapter(media.schema)
            if adapter is None:
                result.no_model += 1
                continue
            if media.has_example:
                yield Case(where, "example", media.schema, adapter, media.example)
            elif is_json(media.content_type):
                value = page_sample(media.schema, api.document, direction)
                yield Case(where, "sample", media.schema, adapter, value)


def schema_cases(api: Any, module: ModuleType) -> Iterator[Case]:
    from pydantic import BaseModel, TypeAdapter

    for named in api.schemas:
        cls = getattr(module, named.type_name)
        adapter = TypeAdapter(cls)
        ref = {"$ref": named.pointer}
        for example in schema_examples(named.schema):
            yield Case(named.key, "example", ref, adapter, example)
        sample = page_sample(named.schema, api.document, None)
        yield Case(named.key, "sample", ref, adapter, sample)
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            continue
        for wire, prop in own_properties(named.schema):
            field = field_adapter(cls, wire)
            for example in schema_examples(prop) if field else ():
                yield Case(f"{named.key}.{wire}", "example", prop, field, example)


def page_sample(schema: Any, document: Mapping[str, Any], direction: Any) -> Any:
    from apiregen.model.samples import sample

    return sample(schema, document, direction)


def schema_examples(schema: Any) -> list[Any]:
    if not isinstance(schema, Mapping):
        return []
    examples = schema.get("examples")
    found = list(examples) if isinstance(examples, list) else []
    if "example" in schema:
        found.insert(0, schema["example"])
    return found


def own_properties(schema: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Yield the properties a named schema declares itself, inline allOf parts included."""
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        yield from properties.items()
    for part in schema.get("allOf") or ():
        if isinstance(part, Mapping) and "$ref" not in part:
            yield from own_properties(part)


def field_adapter(model: type, wire: str) -> Any:
    from pydantic import TypeAdapter

    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        if wire in (name, info.alias):
            # The type and its constraints; an alias means nothing outside a model.
            if not info.metadata:
                return TypeAdapter(info.annotation)
            return TypeAdapter(Annotated[(info.annotation, *info.metadata)])
    return None


class ModelLookup:
    """Find the model of a media type's schema: a named schema, or an array of one."""

    def __init__(self, api: Any, module: ModuleType) -> None:
        self.api = api
        self.module = module

    def adapter(self, schema: Any) -> Any:
        from pydantic import TypeAdapter

        model = self._model(schema)
        if model is not None:
            return TypeAdapter(model)
        items = schema.get("items") if isinstance(schema, Mapping) else None
        if schema and schema.get("type") == "array" and self._model(items):
            return TypeAdapter(list[self._model(items)])  # type: ignore[misc]
        return None

    def _model(self, schema: Any) -> Any:
        if not isinstance(schema, Mapping) or set(schema) != {"$ref"}:
            return None
        named = self.api.schema_for_ref(schema["$ref"])
        return getattr(self.module, named.type_name) if named else None


def api_operations(api: Any) -> Iterator[Any]:
    seen = set()
    for tag in api.tags:
        for operation in tag.operations:
            if operation.pointer not in seen:
                seen.add(operation.pointer)
                yield operation


def operation_media(operation: Any) -> Iterator[tuple[str, Any]]:
    if operation.request_body is not None:
        for media in operation.request_body.content:
            yield "request", media
    for response in operation.responses:
        for media in response.content:
            yield "response", media


def is_json(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base.endswith(("/json", "+json")) or base == "*/*"


def discriminator_tags(document: Mapping[str, Any]) -> dict[str, tuple[str, set[Any]]]:
    """Map each member of a named discriminated union to (property, its values)."""
    prefix = "#/components/schemas/"
    schemas = (document.get("components") or {}).get("schemas") or {}
    tags: dict[str, tuple[str, set[Any]]] = {}
    for schema in schemas.values():
        discriminator = (
            schema.get("discriminator") if isinstance(schema, Mapping) else None
        )
        if not isinstance(discriminator, Mapping):
            continue
        name = discriminator.get("propertyName")
        mapping = discriminator.get("mapping") or {}
        for member in schema.get("oneOf") or schema.get("anyOf") or ():
            ref = member.get("$ref") if isinstance(member, Mapping) else None
            if not isinstance(ref, str) or not isinstance(name, str):
                continue
            values = {value for value, target in mapping.items() if target == ref}
            tags[ref] = (name, values or {ref.removeprefix(prefix)})
    return tags


def is_decimal(value: Any) -> bool:
    """Check a `format: decimal` value as the models' `Decimal` reads it."""
    return not isinstance(value, str) or Decimal(value).is_finite()


class SchemaChecker:
    """Validate a value against a schema of the document with jsonschema.

    A schema with properties and no type is taken as an object type, as the
    models, the TypeScript output and the pages take it.
    """

    def __init__(self, document: Mapping[str, Any]) -> None:
        import jsonschema

        self.document = document
        self.format_checker = jsonschema.FormatChecker(TYPED_FORMATS[:-1])
        self.format_checker.checks("decimal", raises=ArithmeticError)(is_decimal)
        base = jsonschema.Draft202012Validator
        plain_properties = base.VALIDATORS["properties"]

        def properties(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
            if "type" not in schema and not validator.is_type(instance, "object"):
                yield jsonschema.ValidationError("an object is expected here")
                return
            yield from plain_properties(validator, value, instance, schema)

        self.validator_class = jsonschema.validators.extend(
            base, {"properties": properties}
        )
        self.tags = discriminator_tags(document)

    def valid(self, schema: Any, value: Any) -> bool:
        return self._tags_agree(schema, value) and self._valid(schema, value)

    def _tags_agree(self, schema: Any, value: Any) -> bool:
        """Check the discriminator value of a union member, or of an array's items.

        A member of a discriminated union must carry its own mapping value,
        which jsonschema does not check (the member's schema may allow every
        value of the union).
        """
        if not isinstance(schema, Mapping):
            return True
        if schema.get("type") == "array" and isinstance(value, list):
            return all(self._tags_agree(schema.get("items"), item) for item in value)
        tag = self.tags.get(schema.get("$ref"))
        if tag is None or not isinstance(value, dict) or tag[0] not in value:
            return True
        return value[tag[0]] in tag[1]

    def _valid(self, schema: Any, value: Any) -> bool:
        # The document as root, so that "#/components/..." refs resolve; its
        # other keys are not JSON Schema keywords and are ignored.
        root = {**self.document, "allOf": [schema]}
        validator = self.validator_class(root, format_checker=self.format_checker)
        try:
            return bool(validator.is_valid(value))
        except Exception:  # noqa: BLE001 - a schema jsonschema cannot use: trust it
            return True


# Running -------------------------------------------------------------------


def run_worker(name: str, run_mypy: bool) -> None:
    """Check one spec in this process and print its result as JSON."""
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="apiregen-check-") as scratch:
        result = check_spec(name, run_mypy, Path(scratch))
    print(json.dumps(dataclasses.asdict(result)))


def run_child(name: str, run_mypy: bool) -> SpecResult:
    command = [sys.executable, __file__, "--worker", name]
    if not run_mypy:
        command.append("--no-mypy")
    child = subprocess.run(command, capture_output=True, text=True, check=False)
    if child.returncode != 0 or not child.stdout.strip():
        last = (child.stderr.strip().splitlines() or ["no output"])[-1]
        return SpecResult(name, all_specs().get(name, "?"), error=f"crashed: {last}")
    return SpecResult(**json.loads(child.stdout.strip().splitlines()[-1]))


def check_all(names: list[str], run_mypy: bool, jobs: int) -> list[SpecResult]:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda name: report(run_child(name, run_mypy)), names))
    return results


def report(result: SpecResult) -> SpecResult:
    """Print one line per spec as it ends, with its first failures."""
    state = "passed" if result.passed else "FAILED"
    print(f"{result.name}: {state} ({result.generate_seconds:.1f} s)", file=sys.stderr)
    details = ([result.error] if result.error else []) + result.failures[:3]
    if result.mypy.startswith("failed"):
        details.append("mypy " + result.mypy)
    for detail in details:
        print(f"    {detail[:300]}", file=sys.stderr)
    return result


# Speed ---------------------------------------------------------------------

SPEED_SPECS = ("stripe.com.json", "github")


def timed_child(command: list[str]) -> tuple[float, int, int]:
    """Run a command; return its wall seconds, peak memory in MB and exit code."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss // 1024, child.returncode


def speed_rows(names: tuple[str, ...]) -> list[str]:
    """Time our Python target against the library's own CLI, one after the other."""
    rows = []
    cli = Path(sys.executable).parent / "datamodel-codegen"
    for name in names:
        ours = timed_child([sys.executable, __file__, "--generate-only", name])
        with tempfile.TemporaryDirectory(prefix="apiregen-speed-") as scratch:
            theirs = timed_child([
                str(cli), "--input", str(sample_path(name)), "--input-file-type",
                "openapi", "--output-model-type", "pydantic_v2.BaseModel",
                "--output", str(Path(scratch) / "models"),
            ])  # fmt: skip
        rows.append(
            f"| {name} | {ours[0]:.1f} | {ours[1]} | {theirs[0]:.1f} | {theirs[1]} "
            f"| {'ok' if theirs[2] == 0 else f'exit {theirs[2]}'} |\n"
        )
        print(rows[-1].strip(), file=sys.stderr)
    return rows


def generate_only(name: str) -> None:
    from apiregen.generate import generate

    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="apiregen-speed-") as scratch:
        generate(spec_config(name, Path(scratch)))


SPEED_HEAD = """
## Speed

Each row times one run of `apiregen.generate` with the Python target alone, in
a child process from Python start-up to exit, loading and validating the spec
included. Then it times one run of datamodel-code-generator's own command line
on the same file (`datamodel-codegen --input-file-type openapi
--output-model-type pydantic_v2.BaseModel`) on the same machine.
{load}

| spec | apiregen (s) | apiregen peak (MB) | datamodel-codegen (s) | its peak (MB) | its run |
|---|--:|--:|--:|--:|---|
"""


# The page ------------------------------------------------------------------

PAGE_HEAD = """# Python models on real specs

Written by `scripts/check_python.py`; do not edit by hand.

For each spec the script generates the models through `apiregen.generate`
(Python target only, invalid specs allowed), imports the module and runs
`mypy --strict` on it. It then gives the matching model every example of the
spec: schema examples, property examples, and the request and response
examples whose schema is a named schema. It also gives it every example JSON
the Markdown pages show: the sample of each named schema, and the request and
response samples whose schema is a named schema or an array of one. Each value
must validate and serialize back, by alias, to the same JSON. Two date-time
strings count as the same when they are the same instant, because pydantic
writes fractions of a second with six digits.

A value is left out, and counted under "invalid in spec", when jsonschema
rejects it against its own schema. That check reads the formats {formats} as
the models type them. A schema with properties and no type must get an
object there, and a member of a discriminated union its own discriminator
value. "No model" counts request and response bodies whose
schema is inline, so no model of the module matches them. "Generate" is the
time of `apiregen.generate` for the Python target alone (loading, validation
and the library's work), and "peak" is the peak memory of the process at its
end. These two are measured while specs run one at a time, on a machine that
other jobs may share.

Specs: the canonical spec, the coder corpus and the fixed sample of
`scripts/sample_specs.py`, fetched by `scripts/fetch_specs.py`.

"""


BACKTICK, QUOTE = "`", "'"


def page(results: list[SpecResult]) -> str:
    lines = [PAGE_HEAD.format(formats=", ".join(f"`{f}`" for f in TYPED_FORMATS))]
    passed = sum(result.passed for result in results)
    lines.append(f"Passed: {passed} of {len(results)} specs.\n\n")
    lines.append(
        "| spec | version | schemas | lines | generate (s) | peak (MB) | import "
        "| mypy (s) | examples | samples | invalid in spec | no model | result |\n"
        "|---|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|---|\n"
    )
    for r in results:
        mypy = (
            "passed"
            if r.mypy == "passed"
            else ("not run" if r.mypy == "not run" else "failed")
        )
        lines.append(
            f"| {r.name} | {r.version} | {r.schemas} | {r.lines} "
            f"| {r.generate_seconds:.1f} | {r.peak_mb} | {'yes' if r.imported else 'no'} "
            f"| {mypy} ({r.mypy_seconds:.0f}) | {r.examples} | {r.samples} "
            f"| {r.invalid_in_spec} | {r.no_model} "
            f"| {'passed' if r.passed else 'FAILED'} |\n"
        )
    failed = [r for r in results if not r.passed]
    if failed:
        lines.append("\n## Failures\n")
    for r in failed:
        lines.append(f"\n### {r.name}\n\n")
        details = [r.error] if r.error else []
        if r.mypy.startswith("failed"):
            details.append("mypy " + r.mypy)
        details += r.failures
        if r.failure_count > len(r.failures):
            details.append(f"... and {r.failure_count - len(r.failures)} more")
        lines.extend(f"- `{detail.replace(BACKTICK, QUOTE)}`\n" for detail in details)
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", help="spec names (default: all)")
    parser.add_argument("--no-mypy", action="store_true", help="skip mypy")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="specs at a time")
    parser.add_argument(
        "--speed", action="store_true", help="also time Stripe and GitHub"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--generate-only", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        run_worker(options.worker, not options.no_mypy)
        return 0
    if options.generate_only:
        generate_only(options.generate_only)
        return 0
    names = options.specs or list(all_specs())
    missing = [name for name in names if not spec_available(name)]
    if missing:
        print(
            f"specs not found: {', '.join(missing)}; run scripts/fetch_specs.py",
            file=sys.stderr,
        )
        return 2
    results = check_all(names, not options.no_mypy, options.jobs)
    speed = ""
    if options.speed:
        load = f"The load average was {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs before the runs."
        speed = SPEED_HEAD.format(load=load) + "".join(speed_rows(SPEED_SPECS))
    if not options.specs:
        PAGE.parent.mkdir(parents=True, exist_ok=True)
        PAGE.write_text(page(results) + speed, encoding="utf-8")
        print(f"wrote {PAGE.relative_to(REPO)}", file=sys.stderr)
    return 0 if all(result.passed for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
