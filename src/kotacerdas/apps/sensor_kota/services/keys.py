"""Ingest keys, as core API keys of this app: a gateway key writes every sensor of its
region, a device key (narrowed to ``("station", id)``) only its station's sensors.

Issuing, revoking and checking are the core's (``kotacerdas.core.keys``): only a SHA-256
digest is stored, checks are kept a few seconds per process (the revoking process forgets
at once), and only the region admin issues or revokes.
"""

from __future__ import annotations

from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.core.keys import KeyRefused, digest, issue_key, keys_of, revoke_key
from kotacerdas.core.models import ApiKey, Region
from kotacerdas.core.tenancy import Scope

KEY = "sensor-kota"
PREFIX = "kc_"
STATION = "station"


def issue_ingest_key(
    scope: Scope, region: Region, name: str, station: Station | None = None, clear: str = ""
) -> tuple[ApiKey, str]:
    """A gateway key (no station) or a device key for ``station``, with its clear text."""
    if station is not None and station.region_id != region.pk:
        raise KeyRefused("station", "the station is not in this region")
    subject = (STATION, int(station.pk)) if station is not None else None
    return issue_key(scope, region, KEY, name, subject=subject, prefix=PREFIX, clear=clear)


def revoke_ingest_key(scope: Scope, region: Region, key_id: object) -> ApiKey:
    """Revoke one of the region's ingest keys; ``KeyRefused`` for any other id."""
    return revoke_key(scope, region, KEY, key_id)


def ingest_keys(scope: Scope, region: Region) -> list[ApiKey]:
    return keys_of(scope, region, KEY)


__all__ = [
    "KeyRefused",
    "digest",
    "ingest_key_station",
    "ingest_keys",
    "issue_ingest_key",
    "revoke_ingest_key",
]


def ingest_key_station(key: ApiKey) -> int | None:
    """The station a device key is narrowed to; ``None`` for a gateway key."""
    return key.subject_id if key.subject_kind == STATION else None
