"""Onboarding a kabupaten/kota by its Kemendagri code, and setting where it lies.

``add_region`` creates the Region (and its Province on demand) from the code alone, with the
name and kind from the Kemendagri list (``core.wilayah``). Without a place it gets a
provisional extent and ``place_confirmed=False``, which the setup checklist turns into "set
the region's place on the map"; ``set_region_place`` then sets the centre, the extent and
optionally the boundary. Both are audited in the same transaction.
"""

from __future__ import annotations

import math
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.core import geojson
from kotacerdas.core.audit import record
from kotacerdas.core.models import Membership, Province, Region
from kotacerdas.core.tenancy import Role, Scope
from kotacerdas.core.wilayah import KabKota, WilayahError, kab_kota

BBox = tuple[float, float, float, float]  # west, south, east, north
Centre = tuple[float, float]  # lat, lng

# Provisional extents for a region onboarded without a place, when its province has no other
# region yet to borrow from: Java for the six Javanese provinces, else all of Indonesia.
JAVA: BBox = (105.1, -8.8, 114.6, -5.9)
JAVA_PROVINCES = frozenset({"31", "32", "33", "34", "35", "36"})
INDONESIA: BBox = (95.0, -11.0, 141.0, 6.0)
# Slugs that name console or public paths beside the region's own.
RESERVED_SLUGS = frozenset({"regions", "new", "admin", "api"})
# The widest kabupaten (in Papua and Kalimantan) span about 4 degrees; 10 is a typo.
MAX_EXTENT_DEGREES = 10.0


class RegionError(ValueError):
    """A refusal to onboard or place a region; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class NotAllowed(RegionError):
    """The caller may not do this (only the platform admin adds regions)."""


def add_region(
    scope: Scope,
    code: str,
    *,
    centre: Centre | None = None,
    bbox: BBox | None = None,
    boundary: dict[str, Any] | bytes | str | None = None,
) -> Region:
    """Onboard the kabupaten/kota with this Kemendagri code ("33.08" or "3308")."""
    if not (scope.is_platform_admin or scope.is_system):
        raise NotAllowed(_("Only the platform admin may add regions."))
    try:
        info = kab_kota(code)
    except WilayahError as exc:
        raise RegionError(str(exc), "code") from None
    existing = Region.objects.filter(code=info.code).first()
    if existing is not None:
        raise RegionError(
            _("%(name)s (%(code)s) exists already, with slug %(slug)s.")
            % {"name": existing.name, "code": existing.code, "slug": existing.slug},
            "code",
        )
    shape = _boundary(boundary)
    confirmed = centre is not None or bbox is not None or shape is not None
    with transaction.atomic():
        province, _created = Province.objects.get_or_create(
            code=info.province_code, defaults={"name": info.province_name}
        )
        if confirmed:
            place_centre, place_bbox = _place(centre, bbox, shape)
        else:
            place_bbox = _provisional_bbox(province)
            place_centre = _middle(place_bbox)
        try:
            region = Region.objects.create(
                province=province,
                code=info.code,
                name=info.name,
                kind=info.kind,
                slug=_free_slug(info),
                centre_lat=place_centre[0],
                centre_lng=place_centre[1],
                bbox_west=place_bbox[0],
                bbox_south=place_bbox[1],
                bbox_east=place_bbox[2],
                bbox_north=place_bbox[3],
                boundary=shape,
                place_confirmed=confirmed,
            )
        except IntegrityError:
            # Someone added it between our check and the insert.
            raise RegionError(
                _("%(name)s (%(code)s) exists already.") % {"name": info.name, "code": info.code},
                "code",
            ) from None
        record(
            "region.added",
            region=region,
            actor_id=scope.user_id,
            target=f"{region.name} ({region.code})",
            detail={
                "code": region.code,
                "slug": region.slug,
                "province": province.code,
                "place_confirmed": confirmed,
                "boundary": shape is not None,
            },
        )
    return region


def set_region_place(
    scope: Scope,
    region: Region,
    centre: Centre | None,
    bbox: BBox | None,
    boundary_geojson: dict[str, Any] | bytes | str | None = None,
    *,
    remove_boundary: bool = False,
) -> Region:
    """Set where the region lies: the centre and extent, and a boundary when one is given
    (the extent and centre then default to the boundary's). Without a new boundary the
    stored one stays, unless ``remove_boundary``. For the region's admin or the platform
    admin."""
    if not scope.is_region_admin(region.pk):
        raise NotAllowed(_("Only this region's admin or the platform admin may set its place."))
    shape = _boundary(boundary_geojson)
    if shape is None and not remove_boundary:
        shape = region.boundary
    if centre is None and bbox is None and shape is None:
        raise RegionError(_("Give a centre and an extent, or upload a boundary."), "centre")
    place_centre, place_bbox = _place(centre, bbox, shape)
    with transaction.atomic():
        region.centre_lat, region.centre_lng = place_centre
        region.bbox_west, region.bbox_south, region.bbox_east, region.bbox_north = place_bbox
        region.boundary = shape
        region.place_confirmed = True
        region.save(
            update_fields=[
                "centre_lat",
                "centre_lng",
                "bbox_west",
                "bbox_south",
                "bbox_east",
                "bbox_north",
                "boundary",
                "place_confirmed",
            ]
        )
        record(
            "region.placed",
            region=region,
            actor_id=scope.user_id,
            target=f"{region.name} ({region.code})",
            detail={
                "centre": [round(place_centre[0], 6), round(place_centre[1], 6)],
                "bbox": [round(v, 6) for v in place_bbox],
                "boundary": shape is not None,
            },
        )
    return region


def officer_provinces(user_id: int | None) -> list[Province]:
    """The provinces a user is an active province officer of (their landing pages)."""
    if user_id is None:
        return []
    codes = (
        Membership.objects.unscoped("a user's own province roles, for their landing page")
        .filter(user_id=user_id, role=Role.PROVINCE_OFFICER, is_active=True)
        .values_list("province_id", flat=True)
    )
    return list(Province.objects.filter(pk__in=list(codes)).order_by("code"))


def _boundary(value: dict[str, Any] | bytes | str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    try:
        if isinstance(value, bytes | str):
            return geojson.parse_boundary(value)
        return geojson.clean_geometry(value)
    except geojson.BoundaryError as exc:
        raise RegionError(str(exc), "boundary") from None


def _place(
    centre: Centre | None, bbox: BBox | None, shape: dict[str, Any] | None
) -> tuple[Centre, BBox]:
    """Complete and check a place: a missing extent comes from the boundary, a missing
    centre from the boundary or the extent."""
    if bbox is None:
        if shape is not None:
            bbox = geojson.bbox_of(shape)
        elif centre is not None:
            # A centre alone: a small box around it (about 10 km), to refine on the map.
            lat, lng = _check_centre(centre)
            bbox = (lng - 0.05, lat - 0.05, lng + 0.05, lat + 0.05)
        else:
            raise RegionError(_("Give an extent (west, south, east, north)."), "bbox")
    bbox = _check_bbox(bbox)
    if centre is None:
        centre = geojson.centre_of(shape) if shape is not None else _middle(bbox)
    lat, lng = _check_centre(centre)
    west, south, east, north = bbox
    if not (south <= lat <= north and west <= lng <= east):
        raise RegionError(
            _("The centre (%(lat)s, %(lng)s) lies outside the extent.")
            % {"lat": f"{lat:.5f}", "lng": f"{lng:.5f}"},
            "centre",
        )
    return (lat, lng), bbox


def _check_centre(centre: Centre) -> Centre:
    lat, lng = (float(v) for v in centre)
    iw, is_, ie, in_ = geojson.INDONESIA
    if not (math.isfinite(lat) and math.isfinite(lng)) or not (
        is_ <= lat <= in_ and iw <= lng <= ie
    ):
        raise RegionError(
            _(
                "The centre (%(lat)s, %(lng)s) is not in Indonesia: give latitude first "
                "(about -11 to 6), then longitude (about 95 to 141)."
            )
            % {"lat": f"{lat:g}", "lng": f"{lng:g}"},
            "centre",
        )
    return lat, lng


def _check_bbox(bbox: BBox) -> BBox:
    west, south, east, north = (float(v) for v in bbox)
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise RegionError(_("The extent must be four numbers."), "bbox")
    if west >= east or south >= north:
        raise RegionError(
            _("The extent must be west, south, east, north with west < east and south < north."),
            "bbox",
        )
    iw, is_, ie, in_ = geojson.INDONESIA
    if east < iw or west > ie or north < is_ or south > in_:
        raise RegionError(_("The extent lies outside Indonesia."), "bbox")
    if east - west > MAX_EXTENT_DEGREES or north - south > MAX_EXTENT_DEGREES:
        raise RegionError(
            _("The extent is wider than %(max)s degrees: zoom in to the region first.")
            % {"max": f"{MAX_EXTENT_DEGREES:g}"},
            "bbox",
        )
    return west, south, east, north


def _middle(bbox: BBox) -> Centre:
    west, south, east, north = bbox
    return (south + north) / 2, (west + east) / 2


def _provisional_bbox(province: Province) -> BBox:
    """Where a new region without a place is shown until its admin sets it: the union of
    its province's other regions, else Java or Indonesia."""
    regions = list(Region.objects.filter(province=province))
    if regions:
        return (
            min(r.bbox_west for r in regions),
            min(r.bbox_south for r in regions),
            max(r.bbox_east for r in regions),
            max(r.bbox_north for r in regions),
        )
    return JAVA if province.code in JAVA_PROVINCES else INDONESIA


def slug_candidates(info: KabKota) -> list[str]:
    """ "magelang", then "kab-magelang" / "kota-magelang", then with the code."""
    base = slugify(info.short_name)[:50] or info.code.replace(".", "")
    prefixed = f"{'kota' if info.kind == 'kota' else 'kab'}-{base}"
    return [base, prefixed, f"{prefixed}-{info.code.replace('.', '')}"]


def _free_slug(info: KabKota) -> str:
    candidates = slug_candidates(info)
    taken = set(Region.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    for slug in candidates:
        if slug not in taken and slug not in RESERVED_SLUGS:
            return slug
    raise RegionError(_("No free slug for %(name)s.") % {"name": info.name}, "code")
