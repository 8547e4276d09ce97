"""The TypeScript and Python outputs agree on type names, enum values and member names.

Both outputs are generated from the canonical spec and from the coder corpus.
The test parses the TypeScript text, rendered with `enum-objects` on so that it
names every member, and imports the Python module.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from apiregen.model.types import Api
from apiregen.render import typescript
from apiregen.render.environment import create_environment
from apiregen.render.typescript import TypeScriptSettings, render_typescript
from tests.test_python_models import (  # the fixtures are shared
    canonical_api,
    coder_api,
    import_module,
    write_models,
)

__all__ = ["canonical_api", "coder_api"]

_EXPORTED_TYPE = re.compile(r"^export (?:interface|type) (\w+)", re.MULTILINE)
_VALUES = re.compile(
    r"^export const \w+: (?:Exclude<(\w+), null>|(\w+))\[\] = \[(.*?)\];$",
    re.MULTILINE | re.DOTALL,
)
_MEMBERS = re.compile(
    r"^export const \w+ = \{\n(.*?)^\} as const;$", re.MULTILINE | re.DOTALL
)
_MEMBER = re.compile(r"^  (\w+): (.+),$", re.MULTILINE)


def typescript_text(api: Api) -> str:
    settings = TypeScriptSettings(enum_objects=True)
    filters = getattr(typescript, "FILTERS", {})
    files = render_typescript(api, settings, create_environment(filters=filters))
    return next(iter(files.values()))


def typescript_enums(text: str) -> dict[str, list[tuple[str, Any]]]:
    """Return {enum type name: [(member name, value)]} read from the TypeScript text."""
    enums: dict[str, list[tuple[str, Any]]] = {}
    for match in _VALUES.finditer(text):
        name = match.group(1) or match.group(2)
        values = json.loads("[" + match.group(3).strip().rstrip(",") + "]")
        members = _MEMBERS.match(text, match.end() + 2)
        names = (
            [m.group(1) for m in _MEMBER.finditer(members.group(1))] if members else []
        )
        enums[name] = list(zip(names, values, strict=False))
    return enums


def python_enums(api: Api, module: Any) -> dict[str, list[tuple[str, Any]]]:
    return {
        named.type_name: [
            (member.name, member.value) for member in getattr(module, named.type_name)
        ]
        for named in api.enums
    }


def render_outputs(api: Api, folder: Path, module_name: str) -> tuple[str, Any]:
    text = typescript_text(api)
    module = import_module(write_models(api, folder)[0], module_name)
    return text, module


@pytest.fixture(scope="module")
def canonical_outputs(
    canonical_api: Api, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Any]:
    folder = tmp_path_factory.mktemp("consistency_canonical")
    return render_outputs(canonical_api, folder, "apiregen_consistency_canonical")


@pytest.fixture(scope="module")
def coder_outputs(
    coder_api: Api, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Any]:
    folder = tmp_path_factory.mktemp("consistency_coder")
    return render_outputs(coder_api, folder, "apiregen_consistency_coder")


def type_name_mismatches(api: Api, text: str, module: Any) -> list[str]:
    expected = {named.type_name for named in api.schemas}
    exported = set(_EXPORTED_TYPE.findall(text))
    defined = {
        name for name in expected if isinstance(getattr(module, name, None), type)
    }
    return sorted(
        [f"TypeScript lacks {name}" for name in expected - exported]
        + [f"TypeScript has extra {name}" for name in exported - expected]
        + [f"Python lacks {name}" for name in expected - defined]
    )


def test_consistency_canonical_enums_have_at_least_one(canonical_api: Api) -> None:
    assert canonical_api.enums


def test_consistency_canonical_type_names(
    canonical_api: Api, canonical_outputs: tuple[str, Any]
) -> None:
    assert type_name_mismatches(canonical_api, *canonical_outputs) == []


def test_consistency_canonical_enums(
    canonical_api: Api, canonical_outputs: tuple[str, Any]
) -> None:
    text, module = canonical_outputs
    assert typescript_enums(text) == python_enums(canonical_api, module)


def test_consistency_coder_type_names(
    coder_api: Api, coder_outputs: tuple[str, Any]
) -> None:
    assert type_name_mismatches(coder_api, *coder_outputs) == []


def test_consistency_coder_enums(
    coder_api: Api, coder_outputs: tuple[str, Any]
) -> None:
    text, module = coder_outputs
    assert typescript_enums(text) == python_enums(coder_api, module)


def test_consistency_typescript_enums_parse_members() -> None:
    text = (
        'export const Ks: K[] = ["a", 1];\n\n'
        'export const KMembers = {\n  A: "a",\n  VALUE_1: 1,\n} as const;\n'
    )
    assert typescript_enums(text) == {"K": [("A", "a"), ("VALUE_1", 1)]}
