"""Example values made from schemas: fixed per format, deterministic, direction-aware."""

from __future__ import annotations

from apiregen.model.samples import FIXED_UUID, name_uuid, sample

DOCUMENT = {
    "components": {
        "schemas": {
            "Node": {
                "type": "object",
                "properties": {"child": {"$ref": "#/components/schemas/Node"}},
            },
            "Base": {"type": "object", "properties": {"id": {"type": "integer"}}},
        }
    }
}


def test_sample_date_time_is_fixed():
    assert (
        sample({"type": "string", "format": "date-time"}, {}) == "2019-08-24T14:15:22Z"
    )


def test_sample_uuid_without_name_is_fixed():
    assert sample({"type": "string", "format": "uuid"}, {}) == FIXED_UUID


def test_name_uuid_of_id_matches_published_pages():
    assert name_uuid("id") == "497f6eca-6276-4993-bfeb-53cbbbba6f08"


def test_name_uuid_differs_per_property():
    assert name_uuid("organization_id") == "7c60d51f-b44e-4682-87d6-449835ea4de6"


def test_sample_primitives():
    schema = {
        "type": "object",
        "properties": {
            "s": {"type": "string"},
            "i": {"type": "integer"},
            "b": {"type": "boolean"},
        },
    }
    assert sample(schema, {}) == {"s": "string", "i": 0, "b": True}


def test_sample_prefers_example_then_default():
    assert sample({"type": "string", "example": "ex", "default": "def"}, {}) == "ex"


def test_sample_uses_default():
    assert sample({"type": "integer", "default": 7}, {}) == 7


def test_sample_takes_first_enum_value():
    assert sample({"type": "string", "enum": ["b", "a"]}, {}) == "b"


def test_sample_request_leaves_out_read_only():
    schema = {"type": "object", "properties": {"id": {"type": "integer", "readOnly": True},
                                               "name": {"type": "string"}}}  # fmt: skip
    assert sample(schema, {}, "request") == {"name": "string"}


def test_sample_response_leaves_out_write_only():
    schema = {"type": "object", "properties": {"secret": {"type": "string", "writeOnly": True},
                                               "name": {"type": "string"}}}  # fmt: skip
    assert sample(schema, {}, "response") == {"name": "string"}


def test_sample_cuts_recursion():
    # The root shows itself once more inside, then the recursion is cut.
    expected = {"child": {"child": {}}}
    assert sample({"$ref": "#/components/schemas/Node"}, DOCUMENT) == expected


def test_sample_cuts_array_of_root_to_empty_list():
    document = {"components": {"schemas": {"Chat": {"type": "object", "properties": {
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Chat"}}}}}}}  # fmt: skip
    chat = sample({"$ref": "#/components/schemas/Chat"}, document)
    assert chat == {"children": [{"children": []}]}


def test_sample_keeps_sibling_enum_only_within_target():
    document = {"components": {"schemas": {"W": {"enum": ["A", "B"]}}}}
    schema = {"$ref": "#/components/schemas/W", "enum": ["C"]}
    assert sample(schema, document) == "A"


def test_sample_merges_all_of():
    schema = {"allOf": [{"$ref": "#/components/schemas/Base"},
                        {"type": "object", "properties": {"name": {"type": "string"}}}]}  # fmt: skip
    assert sample(schema, DOCUMENT) == {"id": 0, "name": "string"}


def test_sample_takes_first_one_of():
    assert sample({"oneOf": [{"type": "integer"}, {"type": "string"}]}, {}) == 0


def test_sample_skips_null_branch_of_any_of():
    assert sample({"anyOf": [{"type": "null"}, {"type": "string"}]}, {}) == "string"


def test_sample_nullable_type_list_uses_first_non_null():
    assert sample({"type": ["null", "boolean"]}, {}) is True


def test_sample_additional_properties():
    schema = {"type": "object", "additionalProperties": {"type": "integer"}}
    assert sample(schema, {}) == {"property1": 0, "property2": 0}
