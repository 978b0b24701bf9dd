"""Diff and three-way merge of JSON configurations at the JSON-pointer level.

A configuration is flattened into ``pointer -> token``: objects and arrays get a shape token
(an array's carries its length), scalars a value token. Three versions are merged pointer by
pointer: a side that left a pointer as it was in the base takes the other side's change;
two different changes are a conflict. A result that would not form a tree again (a key set
under a deleted object, an array shrunk under an edited item) escalates the conflict to the
parent, so a local override is either kept or shown as a conflict — never lost silently.

Top-level keys named ``local`` (the region's own data, see ``catalog.policy``) are not
merged at all: the result holds ours, whatever the base and upstream say.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]
Token = tuple[Any, ...]
MISSING: Any = object()  # "no value at this pointer", distinct from JSON null


def pointer(path: Path) -> str:
    """RFC 6901 text of a path: ``("categories", 0, "name")`` → ``/categories/0/name``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def parse_pointer(text: str) -> list[str]:
    if text == "":
        return []
    if not text.startswith("/"):
        raise ValueError(f"{text!r} is not a JSON pointer")
    return [p.replace("~1", "/").replace("~0", "~") for p in text[1:].split("/")]


def _token(value: Any) -> Token:
    if isinstance(value, dict):
        return ("object",)
    if isinstance(value, list):
        return ("array", len(value))
    # The type name keeps 1, 1.0 and true apart, which == alone does not.
    return ("value", type(value).__name__, value)


def flatten(value: Any, prefix: Path = ()) -> dict[Path, Token]:
    flat: dict[Path, Token] = {}
    stack = [(prefix, value)]
    while stack:
        path, node = stack.pop()
        flat[path] = _token(node)
        if isinstance(node, dict):
            stack.extend(((*path, str(k)), sub) for k, sub in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), sub) for i, sub in enumerate(node))
    return flat


def get_at(value: Any, path: Path) -> Any:
    """The subtree at ``path``, or ``MISSING``."""
    for part in path:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part, MISSING)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return MISSING
        if value is MISSING:
            return MISSING
    return value


def set_at(value: Any, path: Path, sub: Any) -> None:
    """Set (or with ``MISSING`` delete) the subtree at ``path``; the parent must exist."""
    parent = get_at(value, path[:-1])
    last = path[-1]
    if sub is MISSING:
        if isinstance(parent, dict):
            parent.pop(last, None)
        return
    parent[last] = copy.deepcopy(sub)


def _is_under(path: Path, ancestor: Path) -> bool:
    return path[: len(ancestor)] == ancestor


@dataclass(frozen=True)
class Change:
    """One difference between two configurations: the subtree before and after."""

    path: Path
    before: Any
    after: Any

    @property
    def pointer(self) -> str:
        return pointer(self.path)


def diff(before: Any, after: Any) -> list[Change]:
    """The smallest pointers whose subtree differs (a changed object's unchanged keys are not
    listed; a replaced or removed subtree is listed once, not per leaf)."""
    return _diff(before, after, flatten(before), flatten(after))


def _diff(before: Any, after: Any, old: dict[Path, Token], new: dict[Path, Token]) -> list[Change]:
    changed = sorted(
        (p for p in old.keys() | new.keys() if old.get(p) != new.get(p)),
        key=lambda p: (len(p), [str(x) for x in p]),
    )
    result: list[Change] = []
    for path in changed:
        if any(_is_under(path, c.path) for c in result):
            continue
        was, now = old.get(path), new.get(path)
        if was and now and was[0] == now[0] != "value":
            continue  # the object or array is still there; its changed items are listed
        result.append(Change(path, get_at(before, path), get_at(after, path)))
    return result


@dataclass(frozen=True)
class Conflict:
    """Both sides changed the subtree at ``path`` differently; a person picks one."""

    path: Path
    base: Any
    ours: Any
    theirs: Any

    @property
    def pointer(self) -> str:
        return pointer(self.path)


@dataclass
class MergeResult:
    merged: dict[str, Any]  # without the conflicted subtrees
    conflicts: list[Conflict] = field(default_factory=list)
    applied: list[Change] = field(default_factory=list)  # upstream changes taken
    kept: list[Change] = field(default_factory=list)  # local overrides kept

    def resolve(
        self, choices: dict[str, str], edits: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The merged configuration with each conflict resolved by ``choices[pointer]``:
        ``"ours"``, ``"theirs"``, or ``"edit"`` (the value is ``edits[pointer]``); a
        conflict without a choice (or an edit without its value) raises ``KeyError``."""
        result = copy.deepcopy(self.merged)
        for conflict in sorted(self.conflicts, key=lambda c: len(c.path)):
            choice = choices[conflict.pointer]
            if choice not in ("ours", "theirs", "edit"):
                raise ValueError(
                    f"{conflict.pointer}: choose 'ours', 'theirs' or 'edit', not {choice!r}"
                )
            if choice == "edit":
                value = (edits or {})[conflict.pointer]
            else:
                value = conflict.ours if choice == "ours" else conflict.theirs
            if not conflict.path:
                result = copy.deepcopy(value)
            else:
                set_at(result, conflict.path, value)
        return result


def _build(tokens: dict[Path, Token]) -> Any:
    """The tree the tokens describe; tokens without a fitting parent are left out."""
    root: Any = MISSING
    for path in sorted(tokens, key=len):
        token = tokens[path]
        if token[0] == "object":
            node: Any = {}
        elif token[0] == "array":
            node = [None] * int(token[1])
        else:
            node = copy.deepcopy(token[2])
        if not path:
            root = node
            continue
        parent = get_at(root, path[:-1])
        last = path[-1]
        if isinstance(parent, dict) and isinstance(last, str):
            parent[last] = node
        elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            parent.insert(last, node)  # slot ``last`` holds the None placeholder: drop it
            parent.pop(last + 1)
    return root


def _fits(parent: Any, path: Path, ours: Any, theirs: Any) -> bool:
    """Whether either side of a conflict at ``path`` can be set into the merged ``parent``:
    a key of an object, or an existing item of an array that neither side deletes."""
    last = path[-1]
    if isinstance(parent, dict):
        return isinstance(last, str)
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        return MISSING not in (get_at(ours, path), get_at(theirs, path))
    return False


def _with_ours(
    side: dict[str, Any], ours: dict[str, Any], local: Collection[str]
) -> dict[str, Any]:
    """``side`` with each ``local`` top-level key as in ``ours`` (absent where ours lacks it)."""
    result = {k: v for k, v in side.items() if k not in local}
    result.update({k: v for k, v in ours.items() if k in local})
    return result


def three_way(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    local: Collection[str] = (),
) -> MergeResult:
    """Merge upstream's change from ``base`` to ``theirs`` into our ``ours``; the top-level
    keys in ``local`` stay exactly ours (neither applied, kept, nor conflicted)."""
    if local:
        base, theirs = _with_ours(base, ours, local), _with_ours(theirs, ours, local)
    b, o, t = flatten(base), flatten(ours), flatten(theirs)
    decided: dict[Path, Token] = {}
    conflicted: set[Path] = set()
    for path in b.keys() | o.keys() | t.keys():
        bv, ov, tv = b.get(path), o.get(path), t.get(path)
        if ov == tv or tv == bv:
            if ov is not None:
                decided[path] = ov
        elif ov == bv:
            if tv is not None:
                decided[path] = tv
        else:
            conflicted.add(path)
    while True:
        # A conflict on an object or array covers everything under it.
        conflicted = {
            c for c in conflicted if not any(_is_under(c, a) and a != c for a in conflicted)
        }
        decided = {p: v for p, v in decided.items() if not any(_is_under(p, c) for c in conflicted)}

        built = _build(decided)
        rebuilt = flatten(built) if built is not MISSING else {}
        broken = {p for p in decided.keys() | rebuilt.keys() if decided.get(p) != rebuilt.get(p)}
        broken |= {c for c in conflicted if c and not _fits(get_at(built, c[:-1]), c, ours, theirs)}
        if not broken:
            break
        conflicted |= {path[:-1] for path in broken}
    merged = built if isinstance(built, dict) else {}
    conflicts = [
        Conflict(p, get_at(base, p), get_at(ours, p), get_at(theirs, p))
        for p in sorted(conflicted, key=lambda p: [str(x) for x in p])
    ]
    covered = [c.path for c in conflicts]
    applied = [
        c for c in _diff(base, theirs, b, t) if not any(_is_under(c.path, p) for p in covered)
    ]
    kept = [c for c in _diff(base, ours, b, o) if not any(_is_under(c.path, p) for p in covered)]
    return MergeResult(merged, conflicts, applied, kept)
