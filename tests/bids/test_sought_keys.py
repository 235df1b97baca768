"""Members found by searching for their key (issue 12 item 10) are where the full walk finds them.

`_walk` looks for a wanted member as `"key":` in the text instead of passing every member before
it, and trusts what it finds only when that is certain (a plain key, whole values between); else
it passes the members as before. These tests hold the offsets found that way to those of the full
walk (the search turned off), on the seeded mutations and on generated JSON with escaped,
repeated and bracket-bearing keys and strings.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svspec.bids import read
from svspec.bids.rules import Issue


def _pointers(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every pointer into a parsed value, containers and leaves."""
    out = [prefix]
    if type(value) is dict:
        for key, child in value.items():
            out += _pointers(child, (*prefix, key))
    elif type(value) is list:
        for index, child in enumerate(value):
            out += _pointers(child, (*prefix, index))
    return out


def _issues(pointers: list[tuple[Any, ...]]) -> list[Issue]:
    return [Issue(code="bid/unknown-field", pointer=p, params={}) for p in pointers]


def _both(text: str, pointers: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The offsets with the key search, then with the full walk only."""
    data = read._fast_json(text)
    issues = _issues(pointers)
    sought = read._offsets(text, data, issues)
    with monkeypatch.context() as patch:
        patch.setattr(read, "_sought", lambda text, start, key: -1)
        walked = read._offsets(text, data, issues)
    return sought, walked


def test_the_key_search_finds_what_the_full_walk_finds_on_every_mutated_json_bid(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.bids.mutate import example_bids, mutated
    from tests.conftest import SPECS

    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in example_bids(SPECS / "lambeth" / "bids")]
    compared = 0
    for name, text in [*seeds, *mutated(seeds, 300, seed=41)]:
        if not name.endswith(".json") or read._fast_json(text) is read._UNREADABLE:
            continue
        data = read._fast_json(text)
        pointers = _pointers(data)
        for layout in (text, re.sub(r"\n *", "", text)):
            for chosen in (pointers, pointers[::3], pointers[-2:]):
                sought, walked = _both(layout, chosen, monkeypatch)
                assert sought == walked, name
                compared += 1
    assert compared > 300, compared


_KEYS = st.sampled_from(["a", "b", "key", "k]", "k}", "[k", "{k", " k", ",k", ":k", "", "é", "a\"b",
                         "a\\b", "\n", "M1", "x y"])
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), _KEYS,
                    st.sampled_from(['"a": 1', '{"a": [', '\\"a\\": {', "]}", '\\', '"b":']))
_VALUES = st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(_KEYS, inner, max_size=5), max_leaves=25)


_COLONS = [":", " : ", ":\n"]


def _escaped(text: str, data: Any, draw: st.DrawFn) -> str:
    """The same JSON with some keys written with \\u escapes (a key's text is then not `"key"`)."""
    def write(value: Any) -> str:
        if type(value) is dict:
            members = []
            for key, child in value.items():
                written = json.dumps(key)
                if draw(st.booleans()) and key:
                    written = '"' + "".join(f"\\u{ord(c):04x}" for c in key) + '"'
                colon = draw(st.sampled_from(_COLONS))
                members.append(f"{written}{colon}{write(child)}")
            return "{" + ", ".join(members) + "}"
        if type(value) is list:
            return "[" + ",".join(write(v) for v in value) + "]"
        return json.dumps(value)
    return write(data)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_key_search_agrees_with_the_full_walk_on_escaped_bracketed_and_repeated_keys(
        data: st.DataObject) -> None:
    value = data.draw(st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=6))
    text = _escaped(json.dumps(value), value, data.draw)
    pointers = _pointers(read._fast_json(text))
    chosen = data.draw(st.lists(st.sampled_from(pointers), min_size=1, max_size=6))
    with pytest.MonkeyPatch.context() as monkeypatch:
        sought, walked = _both(text, chosen, monkeypatch)
    assert sought == walked


def test_a_bid_with_a_repeated_key_is_refused_before_any_search() -> None:
    # Duplicate keys are refused by the C reader, so a found key is the only one of its object.
    assert read._fast_json('{"a": 1, "\\u0061": 2}') is read._UNREADABLE
    assert read._fast_json('{"a": {"b": 1}, "a": 2}') is read._UNREADABLE


def test_a_key_behind_a_nested_group_with_the_same_key_is_found_at_its_own_level() -> None:
    text = '{"x": {"notes": "inner"}, "y": "[", "notes": 1}'
    data = read._fast_json(text)
    _values, keys = read._offsets(text, data, _issues([("notes",)]))
    assert text[slice(*keys[("notes",)])] == '"notes"' and keys[("notes",)][0] == text.rindex('"notes"')
    assert read._sought(text, 1, "notes") == -1  # a bracket inside a string: judged by the walk


def test_a_key_after_groups_with_brackets_in_their_strings_is_found_when_the_groups_are_whole() -> None:
    # `_level` counts the brackets outside strings: balanced means the search is back at its level.
    whole = '{"x": {"y": "]["}, "z": [["}"]], "notes": 1}'
    assert read._sought(whole, 1, "notes") == whole.index('"notes"')
    inside = '{"x": ["}", {"notes": 2}], "notes": 1}'
    assert read._sought(inside, 1, "notes") == -1  # the first "notes" is one level down
    escaped = '{"x": ["\\"", {"notes": 2}], "notes": 1}'
    assert read._sought(escaped, 1, "notes") == -1  # a backslash between: the walk decides
    for text in (whole, inside, escaped):
        data = read._fast_json(text)
        _values, keys = read._offsets(text, data, _issues([("notes",)]))
        assert keys[("notes",)][0] == text.rindex('"notes"')
