"""Demo data. ``kotacerdas demo`` has already enabled every app in every demo region with
its schema's defaults (so each region lists one park) before it calls this; an app with
models creates its demo rows here, looked up by a natural key first so a re-run duplicates
nothing. The example keeps its parks in the configuration, so it has nothing to add."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kotacerdas.core.models import Region


def seed_demo(regions: list[Region]) -> None:
    """Idempotent: called again on every re-run of the demo."""
