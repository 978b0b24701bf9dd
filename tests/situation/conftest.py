"""Every test starts from an empty summary cache and leaves no relay thread behind (on
PostgreSQL its LISTEN connection would keep the test database from being dropped)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from kotacerdas.situation.bus import relay


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
    relay.stop()
