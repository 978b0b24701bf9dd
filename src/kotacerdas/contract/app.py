"""The base class of every smart-city app, and the value types it hands to the platform.

Every hook receives an :class:`~kotacerdas.contract.context.AppContext`: the region, the
installation, the typed configuration and the caller, resolved once by the platform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from kotacerdas.contract.brand import Brand
from kotacerdas.contract.context import Access, AppConfig, AppContext
from kotacerdas.contract.datasets import Dataset
from kotacerdas.contract.handoff import Intake
from kotacerdas.contract.indicators import IndicatorFeed

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.urls import URLPattern, URLResolver
    from ninja import Router

    from kotacerdas.contract.manifest import Manifest
    from kotacerdas.core.models import Agency, Region

    URLList = list[URLPattern | URLResolver]

Ctx = AppContext[Any]


class KpiState(StrEnum):
    """A KPI tile's colour; the app knows its own thresholds."""

    GOOD = "good"
    WARNING = "warning"
    BAD = "bad"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class KPI:
    """One number for the situation room and the maturity index."""

    key: str
    label: str
    value: float | int | None
    unit: str = ""
    dimension: str = ""
    previous: float | int | None = None
    state: KpiState = KpiState.NEUTRAL
    # What the value counts out of (markets reporting "12 of 14"): lets an indicator feed
    # score the share without parsing the unit.
    of: float | int | None = None


@dataclass(frozen=True)
class MapLayer:
    """A GeoJSON FeatureCollection the situation room can toggle."""

    key: str
    label: str
    geojson: dict[str, Any]
    public: bool = True


@dataclass(frozen=True)
class PeriodicJob:
    """Work the platform's job runner calls every ``every_seconds``; must be idempotent.

    ``per_region`` (the default): ``run(ctx)`` is called once per region that enabled the
    app, each with that region's context (a system scope that reaches only that region) in
    its own transaction, so one region's failure does not stop the others. Otherwise
    ``run()`` is called once, for work that belongs to no region (storage maintenance).
    A lease in the database makes each job run once per interval across all processes.
    """

    name: str
    every_seconds: int
    run: Callable[..., object]
    per_region: bool = True


@dataclass(frozen=True)
class ConsoleEntry:
    """One item of the console's navigation for an app.

    ``url_name`` is a name in the app's staff URL list (``staff_urls``); ``access`` is who
    sees the entry; ``count`` (optional) gives a live number shown beside the label, such as
    the new reports waiting ("Aduan baru 12"): it must be one cheap query.
    """

    key: str
    label: dict[str, str]
    url_name: str
    access: Access = Access.STAFF
    kind: Literal["queue", "page", "settings"] = "page"
    count: Callable[[Ctx], int] | None = None

    def title(self, language: str) -> str:
        return self.label.get(language) or self.label["id"]


# How a root URL finds its region: from a query or form parameter (Open311's
# ``jurisdiction_id``: a region code or slug), from the machine client's key, or not at all
# (``installation``: the route answers for the whole installation, public data only, and
# the view is called with ``ctx=None``: the CKAN Action API and DCAT catalogue at the root).
Locate = Literal["query", "key", "installation"]


@dataclass(frozen=True)
class RootRoute:
    """A URL at the site root, for standards that fix their own paths (Open311, InfluxDB).

    The platform resolves the context before the view runs: the region from ``param``
    (``locate="query"``; when the parameter is absent and exactly one region runs the app,
    that region) or from the key (``locate="key"``), and a machine client's key from
    ``key_param`` or the ``Authorization: Bearer|Token`` header, checked for this region and
    app. ``key_required`` lists the methods that need a key. Refusals are rendered by
    ``refuse(request, status, message, kwargs)`` in the standard's own format.
    The view is called as ``view(request, ctx, **kwargs)``.
    """

    pattern: str
    view: Callable[..., HttpResponse]
    name: str
    refuse: Callable[[HttpRequest, int, str, dict[str, Any]], HttpResponse]
    locate: Locate = "query"
    param: str = "jurisdiction_id"
    key_param: str = ""
    key_required: tuple[str, ...] = ()
    regex: bool = False
    csrf_exempt: bool = True


class SmartCityApp:
    """Subclass this, set ``manifest``, ``django_app`` and ``config_model``, and override what
    the app provides. Every hook has a harmless default, so a new app starts with a manifest
    and grows. Hooks are called only for regions that enabled the app.
    """

    manifest: ClassVar[Manifest]
    # Dotted path of the Django app (its AppConfig or module), added to INSTALLED_APPS.
    django_app: ClassVar[str]
    # The typed configuration built from the schema-validated JSON.
    config_model: ClassVar[type[AppConfig]] = AppConfig
    # A second mount of the public pages at ``/r/<region>/<alias>/`` (the same views and
    # context), for a path users are told elsewhere: Data Terbuka's ``data`` is where CKAN
    # clients of a region's portal point. Links are always reversed to the main mount.
    public_alias: ClassVar[str] = ""

    @property
    def key(self) -> str:
        return self.manifest.key

    def upgrade_config(self, stored: dict[str, Any]) -> dict[str, Any]:
        """Rename or reshape keys of a configuration stored by an older version.

        Called before validation every time a stored configuration is read (defaults for
        new keys are filled by the schema afterwards). The default changes nothing.
        """
        return stored

    def public_urls(self) -> URLList:
        """Mounted at ``/r/<region>/<app key>/``; views are called ``view(request, ctx, ...)``."""
        return []

    def staff_urls(self) -> URLList:
        """Mounted at ``/console/<region>/<app key>/``, behind sign-in and the region's
        private-read check; views are called ``view(request, ctx, ...)``."""
        return []

    def root_urls(self) -> list[RootRoute]:
        """Routes at the site root for standards with fixed paths (Open311 …)."""
        return []

    def api_router(self) -> Router | None:
        """A django-ninja router mounted at ``/api/apps/<app key>/<region>/``.

        Operations receive the resolved context as ``request.app_context`` (read it with
        ``kotacerdas.contract.api_context(request)``); a region that has not enabled the app
        answers 404 before the operation runs.
        """
        return None

    def console_entries(self) -> list[ConsoleEntry]:
        """The app's items in the console navigation, in order."""
        return []

    def kpis(self, ctx: Ctx) -> list[KPI]:
        """The region's KPI tiles. Alerts are not returned here: raise core alert rows
        (``kotacerdas.core.alerts.raise_alert``) where the condition is detected."""
        return []

    def map_layers(self, ctx: Ctx) -> list[MapLayer]:
        return []

    def datasets(self, ctx: Ctx) -> list[Dataset]:
        """The region's open datasets (``contract.datasets``), read by the data portal's
        refresh job; no personal data ever."""
        return []

    def periodic_jobs(self) -> list[PeriodicJob]:
        return []

    def intakes(self) -> list[Intake]:
        """Kinds of work this app takes in from other apps (``contract.handoff``)."""
        return []

    def indicator_feeds(self) -> list[IndicatorFeed]:
        """Which KPIs can feed an indicator of the maturity evaluation, and how a value
        maps to a score (``contract.indicators``); keys are ``"<app key>:<name>"``."""
        return []

    def public_pages(self, ctx: Ctx) -> list[str]:
        """Paths of the app's public detail pages (events, destinations …) for the
        region's ``sitemap.xml``; the app's public index is listed without asking."""
        return []

    def brand(self, ctx: Ctx) -> Brand | None:
        """The region's brand for its public pages, when this app keeps it."""
        return None

    def seed_demo(self, regions: list[Region]) -> None:
        """Create demo data for these regions; called again on a re-run, so be idempotent."""

    def agency_open_work(self, ctx: Ctx, agency: Agency) -> int:
        """How many open items of this app are assigned to ``agency`` (reports not yet
        closed …). The console asks before an agency is deactivated; 0 means nothing blocks."""
        return 0

    def reassign_agency_work(self, ctx: Ctx, agency: Agency, to_agency: Agency) -> int:
        """Move this app's open items from ``agency`` to ``to_agency`` (same region) and
        return how many moved. Called inside the console's transaction, with an admin
        context; raise to refuse (the whole deactivation rolls back)."""
        return 0
