"""Recent jurisdiction answers, per process: every Open311 call starts with one.

Resolving a jurisdiction (region, its configuration, and for a POST whether the key is an
active client's of that region) is one query, but a query Django compiles afresh each time:
half of a POST's CPU under load. An answer is kept for a few seconds, like Sensor Kota's
key grants. Refusals are never kept, so a newly issued key works at once; a revoked key or a
disabled app stops working in this process at once and in the others within CACHE_SECONDS.
"""

from __future__ import annotations

import time

from kotacerdas.apps.aduan_warga.settings import RegionSettings
from kotacerdas.core.models import Region

CACHE_SECONDS = 5.0
LIMIT = 10_000
Answer = tuple[Region, RegionSettings]
_answers: dict[tuple[str, str | None], tuple[float, Answer]] = {}


def recall(jurisdiction: str, key_digest: str | None) -> Answer | None:
    hit = _answers.get((jurisdiction, key_digest))
    if hit is None or hit[0] < time.monotonic():
        return None
    return hit[1]


def remember(jurisdiction: str, key_digest: str | None, answer: Answer) -> None:
    if len(_answers) >= LIMIT:  # many distinct keys or ids: start over rather than grow
        _answers.clear()
    _answers[(jurisdiction, key_digest)] = (time.monotonic() + CACHE_SECONDS, answer)


def forget() -> None:
    _answers.clear()
