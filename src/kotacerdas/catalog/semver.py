"""Ordering semantic versions: 1.10.0 comes after 1.9.0, 2.0.0-rc.1 before 2.0.0.

``parse`` is strict (writes use it to refuse a bad number); ``key`` and ``behind`` are for
read paths and never raise: a stored number that is not semver (a row written by hand, an
old import) sorts before every real version and is reported as broken, not a 500.
"""

from __future__ import annotations

from kotacerdas.contract.manifest import SEMVER

BROKEN: tuple[int, int, int, int, str] = (-1, -1, -1, 0, "")


def parse(version: str) -> tuple[int, int, int, int, str]:
    """A sort key; ``ValueError`` when ``version`` is not semver."""
    match = SEMVER.match(version) if isinstance(version, str) else None
    if match is None:
        raise ValueError(f"{version!r} is not a semantic version such as 1.2.0")
    major, minor, patch, pre = match.group(1), match.group(2), match.group(3), match.group(4)
    # A release sorts after its pre-releases; pre-releases compare by their text.
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


def is_valid(version: object) -> bool:
    return isinstance(version, str) and SEMVER.match(version) is not None


def key(version: object) -> tuple[int, int, int, int, str]:
    """``parse`` for read paths: a broken number sorts first instead of raising."""
    return parse(version) if isinstance(version, str) and is_valid(version) else BROKEN


def behind(current: str, latest: str) -> str:
    """How far ``current`` trails ``latest``: "", "patch", "minor" or "major" ("" when
    either number is broken: nothing can be said)."""
    if not (is_valid(current) and is_valid(latest)):
        return ""
    a, b = parse(current), parse(latest)
    if a >= b:
        return ""
    if a[0] != b[0]:
        return "major"
    return "minor" if a[1] != b[1] else "patch"
