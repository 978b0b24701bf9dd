"""Reads for the catalog pages and API: apps, variants with lineage, who runs what."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kotacerdas.catalog import semver
from kotacerdas.catalog.models import Lineage, Variant, VariantVersion
from kotacerdas.catalog.services.visibility import may_see, reachable_latest
from kotacerdas.contract import SmartCityApp, all_apps, get_app
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.tenancy import Scope

PUBLIC = Scope.public()
SHARING = frozenset(Variant.Scope.values)


def variant_problems(variant: Variant) -> list[str]:
    """What is wrong with a stored variant row (written by hand, an old import): shown as
    broken instead of failing the page."""
    problems = []
    if variant.sharing not in SHARING:
        problems.append(f"sharing {variant.sharing!r} is not one of {', '.join(sorted(SHARING))}")
    if not str(variant.name or "").strip():
        problems.append("the name is empty")
    return problems


def version_problems(version: VariantVersion, with_config: bool = True) -> list[str]:
    """What is wrong with a stored version row; empty when it is sound."""
    problems = []
    if not semver.is_valid(version.version):
        problems.append(f"version {version.version!r} is not semver")
    if not semver.is_valid(version.app_version):
        problems.append(f"app version {version.app_version!r} is not semver")
    if with_config and not isinstance(version.config, dict):
        problems.append("the configuration is not an object")
    return problems


@dataclass
class VariantCard:
    variant: Variant
    app: SmartCityApp | None
    versions: list[VariantVersion]  # newest first
    users: list[tuple[Region, VariantVersion]] = field(default_factory=list)
    # Whether the caller may see the configuration (the sharing scope reaches it); who
    # publishes what, versions, changelogs and lineage are public catalog data.
    config_visible: bool = False
    children: list[VariantCard] = field(default_factory=list)

    @property
    def latest(self) -> VariantVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def problems(self) -> list[str]:
        found = variant_problems(self.variant)
        for v in self.versions:
            found += [f"v{v.version}: {p}" for p in version_problems(v, with_config=False)]
        return found

    @property
    def broken(self) -> bool:
        return bool(self.problems)

    @property
    def broken_versions(self) -> set[int]:
        return {v.pk for v in self.versions if version_problems(v, with_config=False)}

    @property
    def upstream(self) -> VariantVersion | None:
        return self.variant.derived_from


def apps(dimension: str = "") -> list[SmartCityApp]:
    return [
        a
        for a in all_apps()
        if not dimension
        or a.manifest.dimension == dimension
        or dimension in a.manifest.secondary_dimensions
    ]


def variant_cards(scope: Scope, dimension: str = "", app_key: str = "") -> list[VariantCard]:
    """Every variant, newest versions first, with the regions using it."""
    variants = Variant.objects.scoped(PUBLIC).select_related(
        "region__province", "derived_from__variant__region"
    )
    if app_key:
        variants = variants.filter(app_key=app_key)
    versions: dict[int, list[VariantVersion]] = defaultdict(list)
    for v in VariantVersion.objects.scoped(PUBLIC).defer("logo", "config"):
        versions[v.variant_id].append(v)
    users: dict[int, list[tuple[Region, VariantVersion]]] = defaultdict(list)
    for lineage in Lineage.objects.scoped(PUBLIC).select_related("region", "upstream"):
        users[lineage.upstream.variant_id].append((lineage.region, lineage.upstream))
    cards = []
    for variant in variants:
        app = get_app(variant.app_key)
        if dimension and (app is None or app not in apps(dimension)):
            continue
        ordered = sorted(versions[variant.pk], key=lambda v: v.semver, reverse=True)
        cards.append(VariantCard(variant, app, ordered, users[variant.pk], may_see(variant, scope)))
    return cards


def lineage_forest(cards: list[VariantCard]) -> list[VariantCard]:
    """The cards as trees: a variant under the variant it was derived from."""
    by_id = {c.variant.pk: c for c in cards}
    roots = []
    for card in cards:
        parent = card.upstream and by_id.get(card.upstream.variant_id)
        if parent:
            parent.children.append(card)
        else:
            roots.append(card)
    return roots


@dataclass(frozen=True)
class Cell:
    """What one region runs of one app, for the province matrix."""

    enabled: bool
    variant: Variant | None = None
    version: str = ""
    latest: str = ""
    behind: str = ""  # "", "patch", "minor", "major"
    own: Variant | None = None  # the region's own published variant of the app
    broken: bool = False  # a stored version or variant row is malformed


def province_matrix(regions: list[Region]) -> list[tuple[Region, list[Cell]]]:
    installed = {
        (i.region_id, i.app_key)
        for i in AppInstallation.objects.scoped(PUBLIC).filter(enabled=True)
    }
    lineages = {
        (row.region_id, row.app_key): row
        for row in Lineage.objects.scoped(PUBLIC).select_related("upstream__variant__region")
    }
    own = {
        (v.region_id, v.app_key): v
        for v in Variant.objects.scoped(PUBLIC).filter(imported_from_code="")
    }
    rows = []
    for region in regions:
        cells = []
        for app in all_apps():
            key = (region.pk, app.key)
            lineage = lineages.get(key)
            if lineage is None:
                cells.append(Cell(key in installed, own=own.get(key)))
                continue
            latest = reachable_latest(lineage)  # newer versions it may see (agreements)
            cells.append(
                Cell(
                    key in installed,
                    lineage.upstream.variant,
                    lineage.upstream.version,
                    latest.version,
                    semver.behind(lineage.upstream.version, latest.version),
                    own.get(key),
                    bool(
                        variant_problems(lineage.upstream.variant)
                        or version_problems(lineage.upstream, with_config=False)
                        or version_problems(latest, with_config=False)
                    ),
                )
            )
        rows.append((region, cells))
    return rows


def catalog_state(region: Region, app_key: str) -> dict[str, object]:
    """For ``GET /api/regions/{code}/apps``: own variant, upstream, update available."""
    from kotacerdas.catalog.serialise import upstream

    own = (
        Variant.objects.scoped(PUBLIC)
        .filter(region=region, app_key=app_key, imported_from_code="")
        .first()
    )
    lineage = (
        Lineage.objects.scoped(PUBLIC)
        .select_related("upstream__variant__region")
        .filter(region=region, app_key=app_key)
        .first()
    )
    latest = reachable_latest(lineage) if lineage else None  # what its agreements reach
    own_latest = own.latest() if own else None
    return {
        "variant": {
            "id": own.pk,
            "name": own.name,
            "sharing": own.sharing,
            "latest_version": own_latest.version if own_latest else None,
            "broken": bool(
                variant_problems(own)
                or (own_latest and version_problems(own_latest, with_config=False))
            ),
        }
        if own
        else None,
        "upstream": upstream(lineage.upstream) if lineage else None,
        "update_available": bool(lineage and latest and latest.semver > lineage.upstream.semver),
        "latest_upstream_version": latest.version if latest else None,
    }
