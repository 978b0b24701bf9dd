"""Who may see and adopt a variant: its sharing scope, read against agreements.

Three questions, each answered here and nowhere else:

- ``may_adopt`` / ``may_see``: whether a region is inside a variant's sharing scope today
  (public: everyone; province: regions of the publisher's province; partners: an agreement
  active today in WIB, with both regions as parties, covering the app).
- ``version_reaches``: whether one *version* reaches a region that already runs the variant.
  A partners-only version published after every agreement between the two ended (or when
  there never was one) stays out of reach until an agreement is active again: the adopter
  keeps running what it has, but cannot see or merge what came later.
- ``widest_sharing``: how widely a derivative may be published: never wider than the
  narrowest scope up its lineage (a partners-only upstream keeps every derivative
  partners-only).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kotacerdas.catalog import semver
from kotacerdas.catalog.models import Agreement, Lineage, Variant, VariantVersion
from kotacerdas.catalog.services.errors import CatalogError, OutOfScope
from kotacerdas.core.calendar import local_date
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope

PUBLIC = Scope.public()
# Narrowest first: a derivative may use its upstream's scope or a narrower one.
ORDER: list[str] = [Variant.Scope.PARTNERS, Variant.Scope.PROVINCE, Variant.Scope.PUBLIC]


def today() -> dt.date:
    return local_date(timezone.now())


class AgreementBook:
    """Every agreement with its parties, read once, for questions about many region pairs."""

    def __init__(self, rows: Iterable[Agreement] | None = None) -> None:
        if rows is None:
            rows = Agreement.objects.scoped(PUBLIC).prefetch_related("parties")
        self.by_party: dict[int, list[tuple[Agreement, frozenset[int]]]] = defaultdict(list)
        for agreement in rows:
            parties = frozenset(r.pk for r in agreement.parties.all())
            for region_id in parties:
                self.by_party[region_id].append((agreement, parties))

    def between(self, a: int, b: int, app_key: str) -> list[Agreement]:
        """Agreements of any date with both regions as parties that cover the app."""
        return [x for x, parties in self.by_party.get(a, []) if b in parties and x.covers(app_key)]

    def active(self, a: int, b: int, app_key: str, on: dt.date | None = None) -> list[Agreement]:
        on = on or today()
        return [x for x in self.between(a, b, app_key) if x.is_active(on)]


def active_agreements(
    a: Region, b: Region, app_key: str, on: dt.date | None = None
) -> list[Agreement]:
    """Agreements valid on ``on`` (today, WIB) with both regions as parties, covering the app."""
    on = on or today()
    rows = Agreement.objects.scoped(PUBLIC).filter(parties=a).filter(parties=b)
    return [x for x in rows.distinct() if x.is_active(on) and x.covers(app_key)]


def may_adopt(variant: Variant, adopter: Region, on: dt.date | None = None) -> bool:
    """Whether ``adopter`` is inside ``variant``'s sharing scope (never its own variant)."""
    publisher = variant.region
    if publisher.pk == adopter.pk:
        return False
    if variant.sharing == Variant.Scope.PUBLIC:
        return True
    if variant.sharing == Variant.Scope.PROVINCE:
        return publisher.province_id == adopter.province_id
    return bool(active_agreements(publisher, adopter, variant.app_key, on))


def may_see(variant: Variant, scope: Scope) -> bool:
    """Public variants for everyone; others for the regions inside their scope and the
    publisher's own staff; province officers see their province's."""
    if variant.sharing == Variant.Scope.PUBLIC or scope.read_regions is None:
        return True
    regions = Region.objects.filter(pk__in=scope.read_regions)
    return any(r.pk == variant.region_id or may_adopt(variant, r) for r in regions)


def adoptable_by(scope: Scope) -> list[Region]:
    """The regions the caller administers: the ones it may adopt for."""
    if scope.admin_regions is None:
        return list(Region.objects.all())
    return list(Region.objects.filter(pk__in=scope.admin_regions))


# --- later versions of an adopted variant ------------------------------------------------


def version_reaches(
    version: VariantVersion,
    region: Region,
    book: AgreementBook | None = None,
    on: dt.date | None = None,
) -> bool:
    """Whether ``region`` may see and merge ``version`` of a variant it runs.

    Public and (same) province scopes reach as always. A partners-only version reaches
    while an agreement covering the app is active today, or when it was published (WIB)
    while one was: what the publisher shared under a PKS stays shared, what it published
    after the PKS ended does not."""
    variant = version.variant
    publisher = variant.region
    if publisher.pk == region.pk or variant.sharing == Variant.Scope.PUBLIC:
        return True
    if variant.sharing == Variant.Scope.PROVINCE:
        return bool(publisher.province_id == region.province_id)
    book = book or AgreementBook()
    rows = book.between(publisher.pk, region.pk, variant.app_key)
    on = on or today()
    published = local_date(version.published_at)
    return any(a.is_active(on) or a.is_active(published) for a in rows)


def _key(version: VariantVersion) -> tuple[int, int, int, int, str] | None:
    try:
        return semver.parse(version.version)
    except (TypeError, ValueError):
        return None  # a malformed stored row is never an update


def newer_versions(lineage: Lineage) -> list[VariantVersion]:
    """The upstream variant's versions after the one ``lineage`` runs, oldest first."""
    current = _key(lineage.upstream)
    if current is None:
        return []
    rows = (
        VariantVersion.objects.scoped(PUBLIC)
        .select_related("variant__region")
        .filter(variant_id=lineage.upstream.variant_id)
        .defer("logo")
    )
    keyed = [(k, v) for v in rows if (k := _key(v)) is not None and k > current]
    return [v for _k, v in sorted(keyed, key=lambda kv: kv[0])]


def reachable_latest(lineage: Lineage, book: AgreementBook | None = None) -> VariantVersion:
    """The newest upstream version the adopter may see and merge (its own when none is)."""
    book = book or AgreementBook()
    reachable = [v for v in newer_versions(lineage) if version_reaches(v, lineage.region, book)]
    return reachable[-1] if reachable else lineage.upstream


def check_version_reaches(lineage: Lineage, version: VariantVersion) -> None:
    """Refuse (403) merging a version the adopter may not see."""
    if not version_reaches(version, lineage.region):
        notice = update_notice(lineage)
        raise OutOfScope(
            notice.text()
            if notice
            else _("v%(version)s of %(name)s is not shared with %(region)s")
            % {
                "version": version.version,
                "name": version.variant.name,
                "region": lineage.region.name,
            },
            "version",
        )


@dataclass(frozen=True)
class UpdateNotice:
    """Why newer upstream versions are out of reach: the agreement ended (or is missing)."""

    publisher: Region
    ended_on: dt.date | None  # None: there never was an agreement covering the app
    waiting: int  # upstream versions out of reach

    def text(self) -> str:
        if self.ended_on is None:
            return _(
                "No cooperation agreement covers this app; updates from %(publisher)s are "
                "not available"
            ) % {"publisher": self.publisher.name}
        return _(
            "Cooperation agreement ended on %(date)s; updates from %(publisher)s are not available"
        ) % {"date": date_format(self.ended_on, "j F Y"), "publisher": self.publisher.name}


def update_notice(lineage: Lineage, book: AgreementBook | None = None) -> UpdateNotice | None:
    """A notice when the upstream has versions the adopter may not see, else None."""
    book = book or AgreementBook()
    hidden = [v for v in newer_versions(lineage) if not version_reaches(v, lineage.region, book)]
    if not hidden:
        return None
    publisher = lineage.upstream.variant.region
    rows = book.between(publisher.pk, lineage.region_id, lineage.app_key)
    ends = [a.valid_until for a in rows if a.valid_until is not None]
    return UpdateNotice(publisher, max(ends) if ends else None, len(hidden))


# --- how widely a derivative may be published ---------------------------------------------


def narrower(a: str, b: str) -> str:
    return a if ORDER.index(a) <= ORDER.index(b) else b


@dataclass(frozen=True)
class SharingLimit:
    widest: str  # the widest scope allowed
    upstream: Variant | None  # the variant up the lineage that sets it (None: no limit)

    @property
    def allowed(self) -> list[str]:
        return [str(s) for s in ORDER[: ORDER.index(self.widest) + 1]]


def _scope_value(sharing: str) -> str:
    return sharing if sharing in Variant.Scope.values else Variant.Scope.PARTNERS


def sharing_limit(region: Region, app_key: str) -> SharingLimit:
    """The widest scope ``region`` may publish its configuration of ``app_key`` with: the
    narrowest scope along its lineage (the variant it runs, that variant's upstream, …)."""
    starts: list[Variant] = []
    lineage = (
        Lineage.objects.scoped(PUBLIC)
        .select_related("upstream__variant__region")
        .filter(region=region, app_key=app_key)
        .first()
    )
    if lineage is not None:
        starts.append(lineage.upstream.variant)
    own = (
        Variant.objects.scoped(PUBLIC)
        .select_related("derived_from__variant")
        .filter(region=region, app_key=app_key, imported_from_code="")
        .first()
    )
    if own is not None and own.derived_from is not None:
        starts.append(own.derived_from.variant)
    widest: str = Variant.Scope.PUBLIC
    setter: Variant | None = None
    seen: set[int] = {region.pk}
    queue = list(starts)
    while queue:
        variant = queue.pop(0)
        if variant.pk in seen:
            continue
        seen.add(variant.pk)
        scope = _scope_value(variant.sharing)
        if narrower(scope, widest) == scope and scope != widest:
            widest, setter = scope, variant
        if variant.derived_from_id is not None:
            parent = (
                VariantVersion.objects.scoped(PUBLIC)
                .select_related("variant__region")
                .filter(pk=variant.derived_from_id)
                .first()
            )
            if parent is not None:
                queue.append(parent.variant)
    return SharingLimit(widest, setter)


def check_sharing(region: Region, app_key: str, sharing: str) -> None:
    """Refuse, naming ``sharing``, a scope wider than the region's upstream allows."""
    limit = sharing_limit(region, app_key)
    if sharing in limit.allowed or limit.upstream is None:
        return
    upstream = limit.upstream
    if limit.widest == Variant.Scope.PARTNERS:
        reach = _("partners only")
    else:
        reach = _("the regions of its province only")
    raise CatalogError(
        _(
            "the upstream %(name)s (%(publisher)s) is shared with %(reach)s; publish this "
            "variant as %(allowed)s"
        )
        % {
            "name": upstream.name,
            "publisher": upstream.region.name,
            "reach": reach,
            "allowed": " or ".join(limit.allowed),
        },
        "sharing",
    )


def offer_sharing(form: Any, region: Region, app_key: str) -> Any:
    """Limit a publish form's ``sharing`` choices to the scopes the lineage allows; when
    the preselected one is too wide, preselect the widest allowed. Returns the form."""
    field = form.fields.get("sharing")
    if field is None:
        return form
    limit = sharing_limit(region, app_key)
    field.choices = [(v, label) for v, label in Variant.Scope.choices if v in limit.allowed]
    if limit.upstream is not None:
        field.help_text = _(
            "Derived from %(name)s (%(publisher)s): shared no wider than %(widest)s."
        ) % {
            "name": limit.upstream.name,
            "publisher": limit.upstream.region.name,
            "widest": Variant.Scope(limit.widest).label,
        }
    initial = form.initial.get("sharing", field.initial)
    if initial not in limit.allowed:
        form.initial["sharing"] = limit.widest
    return form
