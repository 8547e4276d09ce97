"""Tests for `apiregen.model.names`: type, enum member, anchor and page names."""

from __future__ import annotations

import itertools
import keyword

import pytest

from apiregen.model.names import (
    enum_member_names,
    markdown_anchor,
    page_file_name,
    type_names,
)

PREFIXES = ("codersdk.", "wsproxysdk.")


def is_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name)


# type_names ----------------------------------------------------------------------


def test_type_names_strips_prefixes():
    names = type_names(
        ["codersdk.Workspace", "wsproxysdk.IssueSignedAppTokenResponse"], PREFIXES
    )

    assert names == {
        "codersdk.Workspace": "Workspace",
        "wsproxysdk.IssueSignedAppTokenResponse": "IssueSignedAppTokenResponse",
    }


def test_type_names_keeps_prefix_when_nothing_left():
    assert type_names(["codersdk."], PREFIXES) == {"codersdk.": "Codersdk"}


def test_type_names_pascal_cases_words():
    names = type_names(["my-type_name", "HTTPClient", "agent.v2.Stats"])

    assert names == {
        "my-type_name": "MyTypeName",
        "HTTPClient": "HTTPClient",
        "agent.v2.Stats": "AgentV2Stats",
    }


def test_type_names_collisions_get_sorted_suffixes():
    keys = ["wsproxysdk.Foo", "codersdk.Foo", "foo", "Foo"]

    names = type_names(keys, PREFIXES)

    assert names == {
        "Foo": "Foo",
        "codersdk.Foo": "Foo2",
        "foo": "Foo3",
        "wsproxysdk.Foo": "Foo4",
    }


def test_type_names_same_for_every_input_order():
    keys = ["wsproxysdk.Foo", "codersdk.Foo", "foo", "Foo", "Foo2"]
    expected = type_names(keys, PREFIXES)

    for order in itertools.permutations(keys):
        assert type_names(order, PREFIXES) == expected, order


def test_type_names_suffix_skips_existing_name():
    names = type_names(["a.Foo", "b.Foo", "Foo2"], ("a.", "b."))

    assert names == {"a.Foo": "Foo", "b.Foo": "Foo3", "Foo2": "Foo2"}


def test_type_names_keeps_input_order():
    keys = ["Zeta", "Alpha", "Mid"]

    assert list(type_names(keys)) == keys


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("String", "StringModel"),
        ("Record", "RecordModel"),
        ("BaseModel", "BaseModelModel"),
        ("field", "FieldModel"),
        ("none", "NoneModel"),
        ("true", "TrueModel"),
        ("False", "FalseModel"),
    ],
)
def test_type_names_reserved_name(key, expected):
    assert type_names([key]) == {key: expected}


@pytest.mark.parametrize(
    ("key", "expected"),
    [("1st", "T1St"), ("2", "T2"), ("404Error", "T404Error")],
)
def test_type_names_leading_digit(key, expected):
    assert type_names([key]) == {key: expected}


@pytest.mark.parametrize("key", ["", "---", "日本"])
def test_type_names_empty_becomes_schema(key):
    assert type_names([key]) == {key: "Schema"}


def test_type_names_accented_letters_folded():
    assert type_names(["Ünïcode"]) == {"Ünïcode": "Unicode"}


def test_type_names_all_identifiers():
    keys = ["", "1", "none", "class", "a b", "日本", "x.y.z", "String", "StringModel"]

    names = type_names(keys)

    assert all(is_identifier(name) for name in names.values()), names
    assert len(set(names.values())) == len(keys)


# enum_member_names ------------------------------------------------------------------


def test_enum_member_names_plus_and_minus():
    assert enum_member_names(["+", "-"]) == ["PLUS", "MINUS"]


def test_enum_member_names_symbols_only():
    assert enum_member_names(["+-", "<=", "~"]) == ["PLUS_MINUS", "LT_EQUALS", "TILDE"]


def test_enum_member_names_dash_and_underscore_collide():
    assert enum_member_names(["a-b", "a_b"]) == ["A_B", "A_B_2"]


def test_enum_member_names_case_collide():
    assert enum_member_names(["Foo", "foo"]) == ["FOO", "FOO_2"]


def test_enum_member_names_suffix_skips_taken_name():
    assert enum_member_names(["a", "A", "a_2"]) == ["A", "A_2", "A_2_2"]


def test_enum_member_names_camel_case_words():
    assert enum_member_names(["workspaceAgent", "HTTPStatus"]) == [
        "WORKSPACE_AGENT",
        "HTTP_STATUS",
    ]


def test_enum_member_names_mro_and_name_from_values():
    # Upper case, so they do not clash with Enum's own attributes.
    assert enum_member_names(["mro", "name", "value"]) == ["MRO", "NAME", "VALUE"]


def test_enum_member_names_leading_digit():
    assert enum_member_names(["1abc", "2"]) == ["VALUE_1_ABC", "VALUE_2"]


def test_enum_member_names_non_ascii():
    assert enum_member_names(["é", "日本"]) == ["E", "U65E5_U672C"]


def test_enum_member_names_empty_string():
    assert enum_member_names([""]) == ["EMPTY"]


def test_enum_member_names_integers():
    assert enum_member_names([0, 1, 42]) == ["VALUE_0", "VALUE_1", "VALUE_42"]


def test_enum_member_names_negative_and_float():
    assert enum_member_names([-1, 1.5, -2.5]) == [
        "VALUE_MINUS_1",
        "VALUE_1_5",
        "VALUE_MINUS_2_5",
    ]


def test_enum_member_names_exponent_float_is_identifier():
    names = enum_member_names([1e20, 1e-05])

    assert all(is_identifier(name) for name in names), names


def test_enum_member_names_booleans():
    assert enum_member_names([True, False]) == ["TRUE", "FALSE"]


def test_enum_member_names_varnames_for_some_values():
    names = enum_member_names(["a", "b", "c"], ["Alpha", None])

    assert names == ["Alpha", "B", "C"]


def test_enum_member_names_varnames_not_strings_ignored():
    assert enum_member_names(["a", "b"], [7, "Bee"]) == ["A", "Bee"]


@pytest.mark.parametrize(
    ("varname", "expected"),
    [
        ("my name", "my_name"),
        ("my-name", "my_name"),
        ("class", "class_"),
        ("None", "None_"),
        ("mro", "mro_"),
        ("name", "name_"),
        ("_private", "private"),
        ("1st", "VALUE_1st"),
        ("Ünï", "Uni"),
    ],
)
def test_enum_member_names_cleans_varname(varname, expected):
    assert enum_member_names(["x"], [varname]) == [expected]


@pytest.mark.parametrize("varname", ["", "__", "---", "日本"])
def test_enum_member_names_unusable_varname_falls_back(varname):
    assert enum_member_names(["pending"], [varname]) == ["PENDING"]


def test_enum_member_names_duplicate_varnames():
    assert enum_member_names(["a", "b"], ["Same", "Same"]) == ["Same", "Same_2"]


def test_enum_member_names_all_identifiers():
    values = ["+", "-", "", "1", "class", "None", "é", "日本", -1, 2.5, True, "a b"]
    varnames = ["1st", "_", "def", "x-y"]

    names = enum_member_names(values, varnames)

    assert all(is_identifier(name) for name in names), names
    assert len(set(names)) == len(values)


# Anchors and page names -------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Hello, World!", "hello-world"),
        ("codersdk.APIKey", "codersdkapikey"),
        ("a_b", "a_b"),
        ("Ünïcode  - test", "unicode-test"),
        ("  spaced  ", "spaced"),
        ("Get /users/{id}", "get-usersid"),
        ("", ""),
    ],
)
def test_markdown_anchor(heading, anchor):
    assert markdown_anchor(heading) == anchor


@pytest.mark.parametrize(
    ("tag", "page"),
    [
        ("Workspace Agents", "workspaceagents.md"),
        ("Audit", "audit.md"),
        ("Git/SSH", "git-ssh.md"),
        ("a.b", "a-b.md"),
        ("Über", "uber.md"),
        ("", "default.md"),
        ("../..", "-----.md"),
    ],
)
def test_page_file_name(tag, page):
    assert page_file_name(tag) == page
