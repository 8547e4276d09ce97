"""Tests for the jsonschema-rs first pass of validation (`apiregen.first_pass`).

The first pass may only skip Python `jsonschema` checks that would find
nothing: these tests pin that the messages stay Python `jsonschema`'s, that the
rewritten regular expressions match what Python's match, and that validation
works the same without jsonschema-rs or with the library set to use it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from apiregen import first_pass
from apiregen import validate as validate_module
from apiregen.load import load_document
from apiregen.validate import validate

needs_jsonschema_rs = pytest.mark.skipif(
    not first_pass.available(), reason="jsonschema-rs is not installed"
)

# A Schema Object whose pattern is an ECMA 262 expression Python's `re` rejects.
BAD_PATTERN_31 = """\
    openapi: 3.1.0
    info: {title: T, version: "1"}
    paths: {}
    components:
      schemas:
        Code:
          type: object
          properties:
            code: {type: string, pattern: "(?<digits>[0-9]+)"}
    """
# A component name ending in a newline: Python's `$` matches before it.
NEWLINE_NAME_30 = """\
    openapi: 3.0.3
    info: {title: T, version: "1"}
    paths: {}
    components:
      schemas:
        "Name\\n": {type: 5}
    """
# Formats are not asserted by the document check: the e-mail is not one.
VALID_30 = """\
    openapi: 3.0.3
    info: {title: T, version: "1", contact: {email: not-an-e-mail}}
    paths:
      /items:
        get:
          responses:
            "200":
              description: OK
              content:
                application/json:
                  schema: {type: array, items: {type: string, pattern: '^\\d+$'}}
    """


def load_spec(write_files, text: str, name: str = "openapi.yaml"):
    return load_document(write_files({name: text}) / name)


def messages(diagnostics) -> list[str]:
    return [str(diagnostic) for diagnostic in diagnostics]


@needs_jsonschema_rs
def test_first_pass_bad_pattern_keeps_python_message(write_files):
    document = load_spec(write_files, BAD_PATTERN_31)

    (diagnostic,) = validate(document)

    assert diagnostic.message == ("'(?<digits>[0-9]+)' does not match format 'regex'")


@needs_jsonschema_rs
def test_first_pass_bad_pattern_same_as_python_only(write_files):
    document = load_spec(write_files, BAD_PATTERN_31)

    assert messages(validate(document)) == messages(validate(document, fast=False))


@needs_jsonschema_rs
def test_first_pass_newline_name_keeps_python_message(write_files):
    document = load_spec(write_files, NEWLINE_NAME_30)

    found = [d.message for d in validate(document) if d.location.line == 6]

    assert found == ["must be of type string, not int 5"]


@needs_jsonschema_rs
def test_first_pass_newline_name_not_called_valid(write_files):
    document = load_spec(write_files, NEWLINE_NAME_30)
    fast = validate_module._fast_document_validator("3.0")

    assert not first_pass.is_valid(fast, document.root)


@needs_jsonschema_rs
def test_first_pass_valid_document_has_no_library_problems(write_files):
    document = load_spec(write_files, VALID_30)
    fast = validate_module._fast_document_validator("3.0")
    python = validate_module._python_document_validator("3.0")

    assert first_pass.is_valid(fast, document.root)
    assert list(python.iter_errors(document.root)) == []
    assert validate(document, fast=False) == []


@needs_jsonschema_rs
def test_first_pass_builds_for_every_version_and_dialect():
    built = [validate_module._fast_document_validator(v) for v in ("2.0", "3.0", "3.1")]
    built += [
        validate_module._fast_meta_validator_for(dialect)
        for dialect in validate_module._META_CHECKS
    ]

    assert None not in built


@needs_jsonschema_rs
@pytest.mark.parametrize(
    "pattern",
    [
        r"^[1-5](?:\d{2}|XX)$",
        r"^[a-zA-Z0-9\.\-_]+$",
        r"^3\.0\.\d(-.+)?$",
        r"^([0-9]{3})$|^(default)$",
        r"^\$ref$",
        r"^[^{}/ :\\]+(?::\d+)?$",
    ],
)
def test_first_pass_translated_pattern_matches_as_python(pattern):
    strings = ["200", "200\n", "2\u0663\u0664", "5XX", "5XX\n\n", "a.b-c_d\n"]
    strings += ["3.0.1", "3.0.1-\r", "3.0.\U0001d7ce", "$ref\n", "default\n", "h:8"]
    fast = first_pass.build({"pattern": pattern})

    answers = [fast.is_valid(text) for text in strings]

    assert answers == [re.search(pattern, text) is not None for text in strings]


def test_first_pass_digits_are_pythons():
    every = "".join(chr(code) for code in range(0x110000))
    digits = first_pass.python_digits()
    ranges = {
        chr(code)
        for start, end in zip(digits[::3], digits[2::3])
        for code in range(ord(start), ord(end) + 1)
    }

    assert ranges == set(re.findall(r"\d", every))


@pytest.mark.parametrize("pattern", [r"\w+", r"(?P<n>a)", r"(a)\1", "a{,2}", "[]a]"])
def test_first_pass_untranslatable_pattern_raises(pattern):
    with pytest.raises(first_pass.Untranslatable):
        first_pass.translate(pattern)


@needs_jsonschema_rs
def test_first_pass_unreadable_value_is_not_called_valid():
    fast = first_pass.build({"type": "object"})

    assert not first_pass.is_valid(fast, {200: "an integer key"})


def test_first_pass_without_validator_is_not_valid():
    assert not first_pass.is_valid(None, {})


# Run validation in a child process, where jsonschema-rs can be made missing.
CHILD = """\
import json, sys
if sys.argv[2] == "missing":
    sys.modules["jsonschema_rs"] = None
from pathlib import Path
from apiregen import first_pass
from apiregen.load import load_document
from apiregen.validate import validate
found = [str(d) for d in validate(load_document(Path(sys.argv[1])))]
print(json.dumps({"available": first_pass.available(), "found": found}))
"""


def run_child(spec: Path, jsonschema_rs: str, **environment: str) -> dict:
    finished = subprocess.run(
        [sys.executable, "-c", CHILD, str(spec), jsonschema_rs],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **environment},
    )
    return json.loads(finished.stdout)


@pytest.mark.parametrize("text", [BAD_PATTERN_31, NEWLINE_NAME_30, VALID_30])
def test_first_pass_missing_jsonschema_rs_same_problems(write_files, text):
    spec = write_files({"openapi.yaml": text}) / "openapi.yaml"

    child = run_child(spec, "missing")

    assert child["available"] is False
    assert child["found"] == messages(validate(load_document(spec), fast=False))


@needs_jsonschema_rs
def test_first_pass_library_backend_setting_changes_nothing(write_files):
    spec = write_files({"openapi.yaml": NEWLINE_NAME_30}) / "openapi.yaml"
    backend = {"OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND": "jsonschema-rs"}

    child = run_child(spec, "installed", **backend)

    assert child["found"][-1].endswith(
        "/components/schemas/Name\n/type: must be of type string, not int 5"
    )
