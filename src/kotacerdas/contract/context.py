"""The app context: what the platform resolves once for every entry point of an app.

A page, an API route, a root URL (Open311, the InfluxDB write), a contract hook and a job
run all receive an :class:`AppContext`. It carries the region, the app's installation there,
the configuration as the app's typed object (validated, defaults filled, older stored
configurations upgraded), the caller's scope and what the caller may do. Apps never look
these up themselves; ``kotacerdas.platform.context`` builds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from kotacerdas.core.vocab import KeyGrant

if TYPE_CHECKING:
    from kotacerdas.core.models import AppInstallation, Region
    from kotacerdas.core.tenancy import Scope


class AppConfig(BaseModel):
    """Base of every app's typed configuration.

    Fields mirror the app's JSON Schema (which stays the source of truth for validation,
    defaults, forms and the catalog's merges); the platform validates the stored JSON
    against the schema first, then builds this object from the result. Frozen: a context's
    configuration is shared by every request in the process while it is unchanged.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")


ConfigT = TypeVar("ConfigT", bound=AppConfig)


class Access(IntEnum):
    """What the caller may do in this region's app, ordered: each level includes the ones below."""

    PUBLIC = 0  # anyone, citizens included: public pages and public data
    READ = 1  # may read the region's private pages (a province officer of its province)
    STAFF = 2  # agency staff of the region (narrowed to ``scope.agencies`` by the app)
    ADMIN = 3  # the region's admin (Diskominfo), or the platform admin

    @classmethod
    def of(cls, scope: Scope, region_id: int) -> Access:
        if scope.is_region_admin(region_id):
            return cls.ADMIN
        if scope.is_staff_of(region_id):
            return cls.STAFF
        if scope.can_read_private(region_id):
            return cls.READ
        return cls.PUBLIC


@dataclass(frozen=True)
class AppContext(Generic[ConfigT]):
    """One app in one region, for one caller (a person, a machine client, or a job)."""

    app_key: str
    region: Region
    installation: AppInstallation
    config: ConfigT
    scope: Scope
    access: Access
    # The machine client (API key) the request came with, already checked for this region
    # and app; ``None`` for people and jobs.
    client: KeyGrant | None = None

    @property
    def region_id(self) -> int:
        return int(self.region.pk)

    @property
    def user_id(self) -> int | None:
        return self.scope.user_id

    def may(self, access: Access) -> bool:
        return self.access >= access

    @property
    def can_read_private(self) -> bool:
        return self.access >= Access.READ

    @property
    def is_staff(self) -> bool:
        return self.access >= Access.STAFF

    @property
    def is_admin(self) -> bool:
        return self.access >= Access.ADMIN

    @property
    def agencies(self) -> frozenset[int]:
        """The agencies a staff caller works for (empty for admins, who reach every one)."""
        return self.scope.agencies

    def with_access(self, scope: Scope, client: KeyGrant | None = None) -> AppContext[ConfigT]:
        """The same app and region for another caller (the resolved parts are reused)."""
        return AppContext(
            self.app_key,
            self.region,
            self.installation,
            self.config,
            scope,
            Access.of(scope, self.region_id),
            client,
        )
