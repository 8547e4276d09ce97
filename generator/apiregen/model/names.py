"""Every identifier, anchor and file name that the outputs print, made in one place.

TypeScript and Python share `type_names` and `enum_member_names`, so the same
schema gets the same type name and the same enum member the same name in both.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

# Type names that would shadow a built-in or an imported name in either target
# module (TypeScript global types, names the Python module imports). A schema
# named like one of these gets "Model" appended.
RESERVED_TYPE_NAMES = frozenset(
    {
        # TypeScript: primitive and global types a generated module may use.
        "Any", "Array", "Boolean", "Date", "Error", "Function", "Infinity", "Map",
        "NaN", "Never", "Null", "Number", "Object", "Partial", "Promise", "Readonly",
        "Record", "RegExp", "Required", "Set", "String", "Symbol", "Undefined",
        "Unknown", "Void",
        # Python: names the generated models module imports or relies on.
        "AnyUrl", "AwareDatetime", "BaseModel", "ConfigDict", "Decimal", "Dict",
        "Enum", "Field", "IntEnum", "List", "Literal", "Optional", "RootModel",
        "StrEnum", "Union", "UUID", "None", "True", "False", "Annotated", "Type", "Self", "Bytes", "Int",
        "Float", "Bool", "Str", "Datetime", "Time", "Timedelta",
    }
)  # fmt: skip

# Python keywords and names that an `enum.Enum` member must not take.
_RESERVED_MEMBER_NAMES = frozenset(keyword.kwlist) | {"name", "value", "mro"}

# Words for values made only of symbols, so that "+" and "-" get distinct names.
_SYMBOL_WORDS = {
    "+": "PLUS", "-": "MINUS", "*": "STAR", "/": "SLASH", "\\": "BACKSLASH",
    ".": "DOT", ",": "COMMA", ":": "COLON", ";": "SEMICOLON", "!": "BANG",
    "?": "QUESTION", "@": "AT", "#": "HASH", "$": "DOLLAR", "%": "PERCENT",
    "^": "CARET", "&": "AMPERSAND", "|": "PIPE", "~": "TILDE", "=": "EQUALS",
    "<": "LT", ">": "GT", "(": "LPAREN", ")": "RPAREN", "[": "LBRACKET",
    "]": "RBRACKET", "{": "LBRACE", "}": "RBRACE", "'": "QUOTE", '"': "DQUOTE",
    "`": "BACKTICK", "_": "UNDERSCORE", " ": "SPACE",
}  # fmt: skip

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def ascii_words(text: str) -> list[str]:
    """Split text into ASCII words at case changes, digits and any other character.

    Accented letters lose their accents first ("é" becomes "e"); letters with no
    ASCII form are dropped.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(folded)


def pascal_case(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in ascii_words(text))


def strip_prefixes(key: str, prefixes: Sequence[str]) -> str:
    """Remove the first of `prefixes` that `key` starts with, if what is left is not empty."""
    for prefix in prefixes:
        if prefix and key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def _base_type_name(key: str, prefixes: Sequence[str]) -> str:
    name = pascal_case(strip_prefixes(key, prefixes))
    if not name:
        name = "Schema"
    if name[0].isdigit():
        name = "T" + name
    if name in RESERVED_TYPE_NAMES:
        name += "Model"
    return name


def type_names(keys: Iterable[str], prefixes: Sequence[str] = ()) -> dict[str, str]:
    """Map each schema key to a unique identifier for TypeScript and Python.

    Keys whose cleaned names collide get a numeric suffix, given
    in the sorted order of the original keys, so the result depends only on
    the set of keys and never on the order the spec lists them in.
    """
    keys = list(keys)
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(_base_type_name(key, prefixes), []).append(key)

    taken = set(groups)
    names: dict[str, str] = {}
    for base, members in groups.items():
        members.sort()
        names[members[0]] = base
        counter = 2
        for key in members[1:]:
            while f"{base}{counter}" in taken:
                counter += 1
            names[key] = f"{base}{counter}"
            taken.add(names[key])
    return {key: names[key] for key in keys}


def _member_name_from_value(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        text = str(value).replace("-", "MINUS_").replace(".", "_").replace("+", "")
        return "VALUE_" + text.upper()
    text = str(value)
    if text == "":
        return "EMPTY"
    words = ascii_words(text)
    if not words:
        symbols = [_SYMBOL_WORDS.get(char, f"U{ord(char):04X}") for char in text]
        return "_".join(symbols)
    name = "_".join(word.upper() for word in words)
    if name[0].isdigit():
        name = "VALUE_" + name
    return name


def _clean_member_name(name: str) -> str:
    """Turn a given `x-enum-varnames` entry into a valid identifier in both targets."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"\W+", "_", folded).strip("_")
    if not cleaned:
        return ""
    if cleaned[0].isdigit():
        cleaned = "VALUE_" + cleaned
    if cleaned in _RESERVED_MEMBER_NAMES:
        cleaned += "_"
    return cleaned


def enum_member_names(
    values: Sequence[Any], given: Sequence[Any] | None = None
) -> list[str]:
    """Name each enum value: from `given` (`x-enum-varnames`) where usable, else from the value.

    Names that collide after cleaning, such as those of "a-b" and "a_b", or of
    "Foo" and "foo", keep the first name in spec order and get "_2", "_3", ...
    """
    names: list[str] = []
    taken: set[str] = set()
    for index, value in enumerate(values):
        name = ""
        if given is not None and index < len(given) and isinstance(given[index], str):
            name = _clean_member_name(given[index])
        if not name:
            name = _member_name_from_value(value)
        if name in _RESERVED_MEMBER_NAMES:
            name += "_"
        unique = name
        counter = 2
        while unique in taken:
            unique = f"{name}_{counter}"
            counter += 1
        taken.add(unique)
        names.append(unique)
    return names


def markdown_anchor(heading: str) -> str:
    """Return the anchor that Python-Markdown's `toc` extension gives a heading.

    mkdocs uses that extension, so links built with this resolve on the site.
    """
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


# An id that already ends in `_N`: `toc` counts on from N rather than adding `_1`.
_ID_COUNT = re.compile(r"(.*)_([0-9]+)")


def unique_anchor(anchor: str, used_ids: set[str]) -> str:
    """Return the id `toc` gives a heading whose anchor is `anchor`; add it to `used_ids`.

    `toc` gives ids in page order: a repeated `foo` becomes `foo_1`, then
    `foo_2`; a repeated `foo_1` becomes `foo_2`; an empty one becomes `_1`.
    """
    while anchor in used_ids or not anchor:
        match = _ID_COUNT.fullmatch(anchor)
        anchor = f"{match[1]}_{int(match[2]) + 1}" if match else f"{anchor}_1"
    used_ids.add(anchor)
    return anchor


def page_file_name(tag: str) -> str:
    """Name the reference page of a tag: lower case, no spaces, other symbols as "-".

    Accented letters lose their accents first, as in `markdown_anchor`.
    """
    folded = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode()
    text = folded.lower().replace(" ", "")
    text = re.sub(r"[^a-z0-9]", "-", text)
    return (text or "default") + ".md"


def pluralize(name: str) -> str | None:
    """Return the plural of a type name, or None when it reads as a plural already.

    A consonant and "y" become "ies"; "ss", "us", "x", "z", "ch" and "sh" take
    "es". Any other final "s" (`Days`, `Settings`) is taken for a plural, since
    "Dayses" would mislead; the caller then picks another name.
    """
    if len(name) > 1 and name.endswith("y") and name[-2] not in "aeiouAEIOU":
        return name[:-1] + "ies"
    if name.endswith(("ss", "us", "x", "z", "ch", "sh")):
        return name + "es"
    if name.endswith("s"):
        return None
    return name + "s"


def enum_constant_names(
    enum_type_names: Iterable[str], other_names: Iterable[str]
) -> dict[str, tuple[str, str]]:
    """Name the two constants that TypeScript declares beside each enum type.

    Each enum type name maps to (values array, members object): `JobErrorCodes`
    and `JobErrorCodeMembers` for `JobErrorCode`. A name that is already a type
    name or an earlier constant becomes `<Type>Values` (or `<Type>Members`) with
    a numeric suffix from 2 as needed. Enums are named in sorted order, so the
    result depends only on the set of names and not on the spec's order.
    """
    enum_type_names = list(enum_type_names)
    taken = set(other_names) | set(enum_type_names)

    def claim(candidates: list[str], stem: str) -> str:
        for candidate in candidates:
            if candidate not in taken:
                taken.add(candidate)
                return candidate
        counter = 2
        while f"{stem}{counter}" in taken:
            counter += 1
        taken.add(f"{stem}{counter}")
        return f"{stem}{counter}"

    result: dict[str, tuple[str, str]] = {}
    for name in sorted(enum_type_names):
        plural = pluralize(name)
        candidates = [plural] if plural is not None else []
        values = claim([*candidates, name + "Values"], name + "Values")
        members = claim([name + "Members"], name + "Members")
        result[name] = (values, members)
    return {name: result[name] for name in enum_type_names}


def python_field_name(wire: str, reserved: frozenset[str] = frozenset()) -> str:
    """Return the attribute name of a property; the wire name stays its alias.

    Characters that cannot appear in an identifier become "_", leading
    underscores go (pydantic treats those as private), a leading symbol that
    leaves only digits becomes its word ("-1" gives "minus_1"), a leading digit
    gets "field_" in front, and a keyword or reserved name gets "_" appended.
    """
    folded = unicodedata.normalize("NFKD", wire).encode("ascii", "ignore").decode()
    name = re.sub(r"\W", "_", folded).lstrip("_")
    if (not name or name[0].isdigit()) and folded[:1] in _SYMBOL_WORDS:
        # "+1" and "-1" (GitHub's reactions) must not both become "field_1".
        name = (_SYMBOL_WORDS[folded[0]].lower() + "_" + name).rstrip("_")
    if not name or name[0].isdigit():
        name = "field_" + name if name else "field"
    # pydantic protects these prefixes; "model_dump_" would still start with one.
    if name.startswith(("model_dump", "model_validate")):
        name = "field_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return name


def python_field_names(
    wires: Iterable[str], reserved: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Map every property name of a module to an attribute name no other one takes.

    A name that is an identifier as it is keeps it. The others take
    `python_field_name`, with "_2", "_3", ... when that is already taken by
    another property name of the module; they are named in sorted order, so the
    result depends only on the set of names. One mapping serves the whole
    module, which is stricter than one per class but needs no class names.
    """
    wires = sorted(set(wires))
    names: dict[str, str] = {}
    renamed = []
    for wire in wires:
        name = python_field_name(wire, reserved)
        if name == wire:
            names[wire] = wire
        else:
            renamed.append((wire, name))
    taken = set(names)
    for wire, name in renamed:
        unique, counter = name, 2
        while unique in taken:
            unique = f"{name}_{counter}"
            counter += 1
        taken.add(unique)
        names[wire] = unique
    return names
