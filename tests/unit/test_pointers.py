"""Tests for `apiregen.pointers`: JSON pointers (RFC 6901) and local `$ref`s."""

from __future__ import annotations

import pytest

from apiregen import pointers
from apiregen.errors import Diagnostic, Location

DOCUMENT = {
    "paths": {"/users/{id}": {"get": {"responses": {200: {"description": "OK"}}}}},
    "components": {
        "schemas": {
            "a/b": {"type": "string"},
            "m~n": {"type": "integer"},
            "Foo Bar": {"type": "boolean"},
            "Alias": {"$ref": "#/components/schemas/Hop"},
            "Hop": {"$ref": "#/components/schemas/a~1b"},
            "Remote": {"$ref": "other.yaml#/X"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
        }
    },
    "tags": [{"name": "zero"}, {"name": "one"}],
}


@pytest.mark.parametrize(
    ("token", "escaped"),
    [
        ("a/b", "a~1b"),
        ("m~n", "m~0n"),
        ("~1", "~01"),
        ("/~", "~1~0"),
        ("plain", "plain"),
    ],
)
def test_escape_token_round_trip(token, escaped):
    assert pointers.escape_token(token) == escaped
    assert pointers.unescape_token(escaped) == token


def test_join_escapes_each_token():
    assert (
        pointers.join("/paths", "/users/{id}", "get", 0) == "/paths/~1users~1{id}/get/0"
    )


def test_join_onto_root():
    assert pointers.join("", "info") == "/info"


def test_split_root_is_empty():
    assert pointers.split("") == []


def test_split_unescapes():
    assert pointers.split("/components/schemas/a~1b/m~0n") == [
        "components",
        "schemas",
        "a/b",
        "m~n",
    ]


def test_split_keeps_empty_tokens():
    assert pointers.split("/a//b/") == ["a", "", "b", ""]


def test_split_rejects_missing_slash():
    with pytest.raises(ValueError):
        pointers.split("components/schemas")


def test_lookup_root():
    assert pointers.lookup(DOCUMENT, "") is DOCUMENT


def test_lookup_escaped_names():
    assert pointers.lookup(DOCUMENT, "/components/schemas/a~1b") == {"type": "string"}
    assert pointers.lookup(DOCUMENT, "/components/schemas/m~0n") == {"type": "integer"}


def test_lookup_list_index():
    assert pointers.lookup(DOCUMENT, "/tags/1/name") == "one"


def test_lookup_integer_key_from_yaml():
    pointer = "/paths/~1users~1{id}/get/responses/200/description"

    assert pointers.lookup(DOCUMENT, pointer) == "OK"


@pytest.mark.parametrize(
    "pointer",
    [
        "/missing",
        "/tags/2",
        "/tags/-",
        "/tags/-1",
        "/tags/01",
        "/tags/name",
        "/tags/0/name/deeper",
        "/components/schemas/a/b",
    ],
)
def test_lookup_missing_raises_key_error(pointer):
    with pytest.raises(KeyError):
        pointers.lookup(DOCUMENT, pointer)


@pytest.mark.parametrize(
    ("ref", "pointer"),
    [
        ("#/components/schemas/Foo%20Bar", "/components/schemas/Foo Bar"),
        ("#/components/schemas/a~1b", "/components/schemas/a~1b"),
        ("#", ""),
        ("other.yaml#/X", "other.yaml#/X"),
    ],
)
def test_fragment_pointer(ref, pointer):
    assert pointers.fragment_pointer(ref) == pointer


def test_resolve_ref_follows_chain():
    node = {"$ref": "#/components/schemas/Alias"}

    assert pointers.resolve_ref(DOCUMENT, node) == {"type": "string"}


def test_resolve_ref_percent_encoded():
    node = {"$ref": "#/components/schemas/Foo%20Bar"}

    assert pointers.resolve_ref(DOCUMENT, node) == {"type": "boolean"}


def test_resolve_ref_plain_node_returned():
    node = {"type": "object"}

    assert pointers.resolve_ref(DOCUMENT, node) is node


def test_resolve_ref_stops_at_non_local_ref():
    node = pointers.resolve_ref(DOCUMENT, {"$ref": "#/components/schemas/Remote"})

    assert node == {"$ref": "other.yaml#/X"}


def test_resolve_ref_cycle_raises():
    with pytest.raises(ValueError):
        pointers.resolve_ref(DOCUMENT, {"$ref": "#/components/schemas/Loop"})


def test_resolve_ref_dangling_raises_key_error():
    with pytest.raises(KeyError):
        pointers.resolve_ref(DOCUMENT, {"$ref": "#/components/schemas/Nope"})


# errors.Location and Diagnostic ------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "text"),
    [
        (Location("spec.yaml"), "spec.yaml"),
        (Location("spec.yaml", 3), "spec.yaml:3"),
        (Location("spec.yaml", 3, 7), "spec.yaml:3:7"),
        (Location("spec.yaml", 3, 7, "/info"), "spec.yaml:3:7: /info"),
        (Location("spec.yaml", 1, 1, ""), "spec.yaml:1:1: /"),
    ],
)
def test_location_text(location, text):
    assert str(location) == text


def test_diagnostic_text():
    diagnostic = Diagnostic(
        "missing required field 'info'", Location("a.yaml", 1, 1, "")
    )

    assert str(diagnostic) == "a.yaml:1:1: /: missing required field 'info'"
