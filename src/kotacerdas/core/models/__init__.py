"""Core models. Region-owned ones inherit ``RegionOwned`` (see ``kotacerdas.core.tenancy``)."""

from kotacerdas.core.models.apps import AppInstallation
from kotacerdas.core.models.audit import AuditEntry
from kotacerdas.core.models.events import AlertRecord, Event
from kotacerdas.core.models.geography import Agency, Province, Region
from kotacerdas.core.models.idempotency import IdempotencyRecord
from kotacerdas.core.models.jobs import JobLease
from kotacerdas.core.models.keys import ApiKey
from kotacerdas.core.models.membership import Membership, UserPreference

__all__ = [
    "Agency",
    "AlertRecord",
    "ApiKey",
    "AppInstallation",
    "AuditEntry",
    "Event",
    "IdempotencyRecord",
    "JobLease",
    "Membership",
    "Province",
    "Region",
    "UserPreference",
]
