"""The three-way merge never loses a local override silently (property-based, hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.catalog.jsonmerge import MISSING, diff, flatten, get_at, three_way

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([1.0, 2.5]),
    st.sampled_from(["a", "b", "Jalan rusak"]),
)
keys = st.sampled_from(["name", "sla", "categories", "logo", "x"])
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=12,
)
configs = st.dictionaries(keys, trees, max_size=4)


def _covered(path: tuple[Any, ...], conflicts: list[Any]) -> bool:
    return any(path[: len(c.path)] == c.path for c in conflicts)


def _overrides(base: dict[str, Any], ours: dict[str, Any]) -> list[tuple[Any, ...]]:
    b, o = flatten(base), flatten(ours)
    return [p for p in b.keys() | o.keys() if b.get(p) != o.get(p)]


@settings(max_examples=400, deadline=None)
@given(configs, configs, configs)
def test_every_local_override_is_kept_or_shown_as_conflict(
    base: Any, ours: Any, theirs: Any
) -> None:
    result = three_way(base, ours, theirs)
    merged = flatten(result.merged)
    mine = flatten(ours)
    for path in _overrides(base, ours):
        if not _covered(path, result.conflicts):
            assert merged.get(path) == mine.get(path), path


@settings(max_examples=400, deadline=None)
@given(configs, configs, configs)
def test_choosing_ours_everywhere_keeps_every_override(base: Any, ours: Any, theirs: Any) -> None:
    result = three_way(base, ours, theirs)
    resolved = flatten(result.resolve({c.pointer: "ours" for c in result.conflicts}))
    mine = flatten(ours)
    for path in _overrides(base, ours):
        assert resolved.get(path) == mine.get(path), path


@settings(max_examples=400, deadline=None)
@given(configs, configs, configs)
def test_upstream_changes_apply_where_we_did_not_touch(base: Any, ours: Any, theirs: Any) -> None:
    result = three_way(base, ours, theirs)
    resolved = flatten(result.resolve({c.pointer: "theirs" for c in result.conflicts}))
    upstream = flatten(theirs)
    for path in _overrides(base, theirs):
        assert resolved.get(path) == upstream.get(path), path


@given(configs, configs)
def test_one_sided_changes_merge_without_conflict(base: Any, changed: Any) -> None:
    upstream_only = three_way(base, base, changed)
    assert upstream_only.conflicts == []
    assert upstream_only.merged == changed
    local_only = three_way(base, changed, base)
    assert local_only.conflicts == []
    assert local_only.merged == changed


def test_renamed_category_survives_an_appended_upstream_category() -> None:
    base = {"categories": [{"name": "Jalan"}, {"name": "Sampah"}], "sla_days": 5}
    ours = {"categories": [{"name": "Jalan Rusak"}, {"name": "Sampah"}], "sla_days": 5}
    theirs = {
        "categories": [{"name": "Jalan"}, {"name": "Sampah"}, {"name": "Banjir"}],
        "sla_days": 3,
    }
    result = three_way(base, ours, theirs)
    assert result.conflicts == []
    assert result.merged == {
        "categories": [{"name": "Jalan Rusak"}, {"name": "Sampah"}, {"name": "Banjir"}],
        "sla_days": 3,
    }
    assert [c.pointer for c in result.kept] == ["/categories/0/name"]
    assert sorted(c.pointer for c in result.applied) == ["/categories/2", "/sla_days"]


def test_same_field_changed_on_both_sides_is_a_conflict() -> None:
    result = three_way({"sla_days": 5}, {"sla_days": 7}, {"sla_days": 3})
    assert [(c.pointer, c.base, c.ours, c.theirs) for c in result.conflicts] == [
        ("/sla_days", 5, 7, 3)
    ]
    assert result.resolve({"/sla_days": "ours"}) == {"sla_days": 7}
    assert result.resolve({"/sla_days": "theirs"}) == {"sla_days": 3}


def test_deleted_locally_while_edited_upstream_is_a_conflict() -> None:
    result = three_way({"a": {"b": 1}}, {}, {"a": {"b": 2}})
    assert [c.pointer for c in result.conflicts] == ["/a"]
    assert result.conflicts[0].ours is MISSING
    assert result.resolve({"/a": "ours"}) == {}


def test_diff_lists_the_smallest_changed_pointers() -> None:
    changes = diff({"a": {"b": 1, "c": 2}, "l": [1]}, {"a": {"b": 1, "c": 3}, "l": [1, 2]})
    assert [(c.pointer, c.before, c.after) for c in changes] == [
        ("/a/c", 2, 3),
        ("/l/1", MISSING, 2),
    ]
    assert get_at({"l": [1]}, ("l", 5)) is MISSING


local_sets = st.sets(st.sampled_from(["name", "sla", "categories", "logo", "x"]), max_size=3)


@settings(max_examples=400, deadline=None)
@given(configs, configs, configs, local_sets)
def test_a_merge_never_touches_local_parts(
    base: Any, ours: Any, theirs: Any, local: set[str]
) -> None:
    """Whatever base and upstream hold under a local key, the result holds ours, and no
    conflict, applied change or kept override lies under it."""
    result = three_way(base, ours, theirs, local)
    for choice in ("ours", "theirs"):
        resolved = result.resolve({c.pointer: choice for c in result.conflicts})
        for key in local:
            assert resolved.get(key, MISSING) == ours.get(key, MISSING), key
            assert (key in resolved) == (key in ours)
    touched = [c.path for c in result.conflicts + result.applied + result.kept]
    assert not any(path and path[0] in local for path in touched)


def test_local_key_changed_upstream_and_here_is_ours_without_a_conflict() -> None:
    base = {"markets": ["a"], "sla": 5}
    ours = {"markets": ["a", "kendal"], "sla": 5}
    theirs = {"markets": ["semarang"], "sla": 3}
    result = three_way(base, ours, theirs, local={"markets"})
    assert result.conflicts == []
    assert result.merged == {"markets": ["a", "kendal"], "sla": 3}
    assert [c.pointer for c in result.applied] == ["/sla"]
    assert result.kept == []


def test_an_edited_conflict_takes_the_typed_value() -> None:
    result = three_way({"sla": 5}, {"sla": 7}, {"sla": 3})
    assert result.resolve({"/sla": "edit"}, {"/sla": 4}) == {"sla": 4}
