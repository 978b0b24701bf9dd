"""Ordering semantic versions: 1.10.0 comes after 1.9.0, 2.0.0-rc.1 before 2.0.0."""

from __future__ import annotations

from kotacerdas.contract.manifest import SEMVER


def parse(version: str) -> tuple[int, int, int, int, str]:
    """A sort key; ``ValueError`` when ``version`` is not semver."""
    match = SEMVER.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a semantic version such as 1.2.0")
    major, minor, patch, pre = match.group(1), match.group(2), match.group(3), match.group(4)
    # A release sorts after its pre-releases; pre-releases compare by their text.
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


def behind(current: str, latest: str) -> str:
    """How far ``current`` trails ``latest``: "", "patch", "minor" or "major"."""
    a, b = parse(current), parse(latest)
    if a >= b:
        return ""
    if a[0] != b[0]:
        return "major"
    return "minor" if a[1] != b[1] else "patch"
