"""The base class of every smart-city app, and the value types it hands to the platform."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver
    from ninja import Router

    from kotacerdas.contract.manifest import Manifest
    from kotacerdas.core.models import Region

    URLList = list[URLPattern | URLResolver]


@dataclass(frozen=True)
class KPI:
    """One number for the situation room and the maturity index."""

    key: str
    label: str
    value: float | int | None
    unit: str = ""
    dimension: str = ""
    previous: float | int | None = None
    # "good", "warning", "bad" or "neutral": the tile colour; the app knows its thresholds.
    state: str = "neutral"


@dataclass(frozen=True)
class MapLayer:
    """A GeoJSON FeatureCollection the situation room can toggle."""

    key: str
    label: str
    geojson: dict[str, Any]
    public: bool = True


@dataclass(frozen=True)
class Alert:
    """Something an operator should see, and perhaps acknowledge."""

    key: str
    title: str
    severity: str  # "info", "warning", "critical"
    raised_at: str
    public: bool = False
    detail: str = ""


@dataclass(frozen=True)
class Dataset:
    """An open dataset an app publishes (Satu Data): metadata plus where to fetch it."""

    name: str
    title: str
    notes: str
    resources: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PeriodicJob:
    """Work the platform's job runner calls every ``every_seconds`` (SLA checks, staleness).

    The function takes no arguments, must be idempotent, and handles every region itself
    (with ``unscoped("reason")`` queries): the runner may call it from any process.
    """

    name: str
    every_seconds: int
    run: Callable[[], object]


class SmartCityApp:
    """Subclass this, set ``manifest`` and ``django_app``, and override what the app provides.

    Every hook has a harmless default, so a new app starts with a manifest and grows.
    Hooks that take a region receive only regions that enabled the app.
    """

    manifest: ClassVar[Manifest]
    # Dotted path of the Django app (its AppConfig or module), added to INSTALLED_APPS.
    django_app: ClassVar[str]

    @property
    def key(self) -> str:
        return self.manifest.key

    def public_urls(self) -> URLList:
        """Mounted at ``/r/<region_slug>/<app key>/``; views receive ``region_slug``."""
        return []

    def staff_urls(self) -> URLList:
        """Mounted at ``/console/<region_slug>/<app key>/``, behind sign-in."""
        return []

    def root_urls(self) -> URLList:
        """Mounted at the site root, for standards that fix their own paths (Open311 …)."""
        return []

    def api_router(self) -> Router | None:
        """A django-ninja router mounted at ``/api/apps/<app key>/``."""
        return None

    def kpis(self, region: Region) -> list[KPI]:
        return []

    def map_layers(self, region: Region) -> list[MapLayer]:
        return []

    def alerts(self, region: Region) -> list[Alert]:
        return []

    def datasets(self, region: Region) -> list[Dataset]:
        return []

    def periodic_jobs(self) -> list[PeriodicJob]:
        return []

    def seed_demo(self, regions: list[Region]) -> None:
        """Create demo data for these regions; called again on a re-run, so be idempotent."""
