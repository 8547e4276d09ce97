"""The generated pydantic models import, pass mypy and round-trip the spec's examples.

Three inputs: the canonical spec in `spec/`, the coder corpus (Swagger 2.0) and
`RULES`, a small spec with one case of every rule of the Python output. The
mypy tests are marked `mypy`, so `pytest -m "not mypy"` skips them. The coder
models are the slowest to check.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter

from apiregen.config import load_config
from apiregen.generate import load_api
from apiregen.model.build import build_api
from apiregen.model.types import Api
from apiregen.normalize import normalize
from apiregen.render.environment import create_environment
from apiregen.render.python import FILTERS, PythonSettings, render_python
from tests.helpers import REPO, require_coder_corpus

MYPY = Path(sys.executable).parent / "mypy"

UUID_1 = "0d5e4a1c-9b73-4f2e-8c61-7a2b9e4d3f10"

# One case of each rule, with an example for each schema that has a rule to check.
RULES: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Rules", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "job.Status": {
                "type": ["string", "null"],
                "description": "State of a job.",
                "enum": ["pending", "in-progress", None],
                "x-enum-varnames": ["Pending", "InProgress"],
                "x-enum-descriptions": ["Waiting.", "Running now."],
                "example": "in-progress",
            },
            "Priority": {"type": "integer", "enum": [1, 2, 3], "example": 2},
            "Mixed": {"enum": ["auto", 0], "example": 0},
            "Job": {
                "type": "object",
                "description": 'A unit of work; "quoted" \\ backslash.',
                "required": ["id", "status", "class"],
                "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": True},
                    "status": {"$ref": "#/components/schemas/job.Status"},
                    "priority": {"$ref": "#/components/schemas/Priority"},
                    "class": {"type": "string"},
                    "my-label": {"type": ["string", "null"]},
                    "model_config": {"type": "string"},
                    "json": {"type": "integer"},
                    "schema": {"type": "string"},
                    "dict": {"type": "string"},
                    "copy": {"type": "string"},
                    "validate": {"type": "string"},
                    "int": {"type": "string"},
                    "_private": {"type": "string"},
                    "9lives": {"type": "boolean"},
                    "model_dump_mode": {"type": "string"},
                    "retries": {"type": "integer", "default": 3},
                    "created_at": {"type": "string", "format": "date-time"},
                    "owner_email": {"type": "string", "format": "email"},
                    "labels": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                    },
                    "kind": {"type": "string", "enum": ["build", "stop"]},
                },
                "example": {
                    "id": UUID_1,
                    "status": "pending",
                    "priority": 1,
                    "class": "batch",
                    "my-label": None,
                    "model_config": "c",
                    "json": 1,
                    "schema": "s",
                    "dict": "d",
                    "copy": "c",
                    "validate": "v",
                    "int": "i",
                    "_private": "p",
                    "9lives": True,
                    "model_dump_mode": "m",
                    "retries": 5,
                    "created_at": "2024-05-01T12:30:00Z",
                    "owner_email": "ada@example.com",
                    "labels": {"team": "core"},
                    "kind": "build",
                },
            },
            "Tree": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "children": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Tree"},
                    },
                },
                "example": {"name": "root", "children": [{"name": "leaf"}]},
            },
            "Author": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "books": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Book"},
                    },
                },
                "example": {"name": "Ada", "books": [{"title": "Notes"}]},
            },
            "Book": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "author": {"$ref": "#/components/schemas/Author"},
                },
            },
            "Settings": {
                "type": "object",
                "properties": {"theme": {"type": "string"}},
                "additionalProperties": True,
                "example": {"theme": "dark", "font": "mono"},
            },
            "Counts": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
                "example": {"a": 1, "b": 2},
            },
            "Resource": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}},
            },
            "Workspace": {
                "allOf": [
                    {"$ref": "#/components/schemas/Resource"},
                    {
                        "type": "object",
                        "properties": {"template": {"type": ["string", "null"]}},
                    },
                ],
                "example": {"name": "dev", "template": None},
            },
            "Cat": {
                "type": "object",
                "required": ["pet_type"],
                "properties": {
                    "pet_type": {"type": "string", "const": "cat"},
                    "lives": {"type": "integer"},
                },
            },
            "Dog": {
                "type": "object",
                "required": ["pet_type"],
                "properties": {
                    "pet_type": {"type": "string", "const": "dog"},
                    "good": {"type": "boolean"},
                },
            },
            "Pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"},
                ],
                "discriminator": {
                    "propertyName": "pet_type",
                    "mapping": {
                        "cat": "#/components/schemas/Cat",
                        "dog": "#/components/schemas/Dog",
                    },
                },
                "examples": [{"pet_type": "dog", "good": True}],
            },
            "IdOrName": {
                "anyOf": [{"type": "integer"}, {"type": "string"}],
                "example": "ada",
            },
        }
    },
}


def write_models(api: Api, folder: Path) -> tuple[Path, float]:
    """Render the models of `api` into `folder`; return the file and the seconds taken."""
    started = time.perf_counter()
    files = render_python(api, PythonSettings(), create_environment(filters=FILTERS))
    elapsed = time.perf_counter() - started
    (relative, text), *_ = files.items()
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, elapsed


def import_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(MYPY),
            "--strict",
            "--no-incremental",
            "--cache-dir",
            "/dev/null",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def schema_examples(schema: Mapping[str, Any]) -> list[Any]:
    examples = (
        list(schema.get("examples") or [])
        if isinstance(schema.get("examples"), list)
        else []
    )
    if "example" in schema:
        examples.insert(0, schema["example"])
    return examples


def all_properties(api: Api, schema: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Yield the (wire name, schema) of the properties a named schema declares itself."""
    yield from (schema.get("properties") or {}).items()
    for part in schema.get("allOf") or ():
        if "$ref" not in part:
            yield from all_properties(api, part)


def field_adapter(model: type[BaseModel], wire: str) -> TypeAdapter[Any] | None:
    for name, info in model.model_fields.items():
        if wire in (name, info.alias):
            # The constraints only: an alias means nothing outside a model.
            if not info.metadata:
                return TypeAdapter(info.annotation)
            return TypeAdapter(Annotated[(info.annotation, *info.metadata)])
    return None


def example_cases(
    api: Api, module: ModuleType
) -> Iterator[tuple[str, TypeAdapter[Any], Any]]:
    """Yield (where, adapter, example) for each example of a named schema or its fields."""
    for named in api.schemas:
        cls = getattr(module, named.type_name)
        for example in schema_examples(named.schema):
            yield named.key, TypeAdapter(cls), example
        if not isinstance(cls, type) or not issubclass(cls, BaseModel):
            continue
        for wire, prop in all_properties(api, named.schema):
            adapter = field_adapter(cls, wire)
            for example in schema_examples(prop) if adapter else ():
                yield f"{named.key}.{wire}", adapter, example


def round_trip_failures(api: Api, module: ModuleType) -> list[str]:
    failures = []
    for where, adapter, example in example_cases(api, module):
        try:
            value = adapter.validate_python(example)
        except ValueError as error:
            failures.append(f"{where}: {example!r} does not validate: {error}")
            continue
        dumped = adapter.dump_python(
            value, mode="json", by_alias=True, exclude_unset=True
        )
        if dumped != example:
            failures.append(f"{where}: {example!r} came back as {dumped!r}")
    return failures


# The three inputs ---------------------------------------------------------


@pytest.fixture(scope="module")
def rules_api() -> Api:
    return build_api(RULES, strip_prefixes=("job.",))


@pytest.fixture(scope="module")
def rules_models(rules_api: Api, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_models(rules_api, tmp_path_factory.mktemp("rules"))[0]


@pytest.fixture(scope="module")
def canonical_api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    if not (REPO / "spec" / "openapi.yaml").is_file():
        pytest.skip("the canonical spec spec/openapi.yaml is absent")
    config = load_config(overrides={"spec": REPO / "spec"}, start=REPO)
    return load_api(config)[0]


@pytest.fixture(scope="module")
def canonical_models(
    canonical_api: Api, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return write_models(canonical_api, tmp_path_factory.mktemp("canonical"))[0]


@pytest.fixture(scope="module")
def coder_api() -> Api:
    corpus = require_coder_corpus()
    document = json.loads((corpus / "swagger.json").read_text(encoding="utf-8"))
    return build_api(normalize(document), strip_prefixes=("codersdk.",))


@pytest.fixture(scope="module")
def coder_models(coder_api: Api, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, elapsed = write_models(coder_api, tmp_path_factory.mktemp("coder"))
    # Reported for the speed review, never asserted.
    print(f"\ncoder corpus: Python models generated in {elapsed:.2f} s")
    return path


# Rules spec ---------------------------------------------------------------


def test_rules_models_import(rules_models: Path) -> None:
    module = import_module(rules_models, "apiregen_rules_models")
    assert issubclass(module.Job, BaseModel)


def test_rules_models_define_every_type(rules_api: Api, rules_models: Path) -> None:
    module = import_module(rules_models, "apiregen_rules_models_names")
    missing = [
        s.type_name for s in rules_api.schemas if not hasattr(module, s.type_name)
    ]
    assert missing == []


def test_rules_models_examples_round_trip(rules_api: Api, rules_models: Path) -> None:
    module = import_module(rules_models, "apiregen_rules_models_examples")
    assert round_trip_failures(rules_api, module) == []


def test_rules_models_examples_are_checked(rules_api: Api, rules_models: Path) -> None:
    module = import_module(rules_models, "apiregen_rules_models_count")
    assert len(list(example_cases(rules_api, module))) == 11


def test_rules_models_nullable_enum_accepts_none(rules_models: Path) -> None:
    module = import_module(rules_models, "apiregen_rules_models_null")
    job = module.Job.model_validate({"id": UUID_1, "status": None, "class": "x"})
    assert job.status is None


def test_rules_models_discriminator_picks_class(rules_models: Path) -> None:
    module = import_module(rules_models, "apiregen_rules_models_pet")
    pet = module.Pet.model_validate({"pet_type": "cat", "lives": 9})
    assert isinstance(pet.root, module.Cat)


def test_rules_models_populate_by_field_name(rules_models: Path) -> None:
    module = import_module(rules_models, "apiregen_rules_models_populate")
    job = module.Job(id=UUID_1, status="pending", class_="batch")
    assert job.model_dump(by_alias=True, exclude_unset=True)["class"] == "batch"


def test_rules_models_recursion_validates(rules_models: Path) -> None:
    module = import_module(rules_models, "apiregen_rules_models_recursive")
    author = module.Author.model_validate({"books": [{"author": {"name": "Ada"}}]})
    assert author.books[0].author.name == "Ada"


@pytest.mark.mypy
def test_rules_models_pass_mypy(rules_models: Path) -> None:
    result = run_mypy(rules_models)
    assert result.returncode == 0, result.stdout + result.stderr


# Canonical spec -----------------------------------------------------------


def test_canonical_models_import(canonical_api: Api, canonical_models: Path) -> None:
    module = import_module(canonical_models, "apiregen_canonical_models")
    missing = [
        s.type_name for s in canonical_api.schemas if not hasattr(module, s.type_name)
    ]
    assert missing == []


def test_canonical_models_examples_round_trip(
    canonical_api: Api, canonical_models: Path
) -> None:
    module = import_module(canonical_models, "apiregen_canonical_models_examples")
    assert round_trip_failures(canonical_api, module) == []


@pytest.mark.mypy
def test_canonical_models_pass_mypy(canonical_models: Path) -> None:
    result = run_mypy(canonical_models)
    assert result.returncode == 0, result.stdout + result.stderr


# Coder corpus -------------------------------------------------------------


def test_coder_models_import(coder_api: Api, coder_models: Path) -> None:
    module = import_module(coder_models, "apiregen_coder_models")
    missing = [
        s.type_name for s in coder_api.schemas if not hasattr(module, s.type_name)
    ]
    assert missing == []


def test_coder_models_enum_member_names(coder_api: Api, coder_models: Path) -> None:
    module = import_module(coder_models, "apiregen_coder_models_enums")
    wrong = [
        f"{named.type_name}.{member.name}"
        for named in coder_api.enums
        for member in named.enum.members  # type: ignore[union-attr]
        if getattr(getattr(module, named.type_name), member.name, None) is None
    ]
    assert wrong == []


def test_coder_models_examples_round_trip(coder_api: Api, coder_models: Path) -> None:
    module = import_module(coder_models, "apiregen_coder_models_examples")
    assert round_trip_failures(coder_api, module) == []


@pytest.mark.mypy
def test_coder_models_pass_mypy(coder_models: Path) -> None:
    result = run_mypy(coder_models)
    assert result.returncode == 0, result.stdout + result.stderr
