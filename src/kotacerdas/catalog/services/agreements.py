"""Recording cooperation agreements (PKS): create, renew, end. Region admins only; every
change lands in the audit log (``agreement.created`` / ``renewed`` / ``ended``).

The region that records an agreement keeps it (``Agreement.region``) and is one of its
parties; the other parties are regions of the same province. Each refusal names the field
and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import IO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kotacerdas.catalog.models import Agreement
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import today
from kotacerdas.contract import get_app
from kotacerdas.core import audit
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.installations import NotAllowed

MAX_DOCUMENT = 10 * 1024 * 1024  # 10 MB
PDF_MAGIC = b"%PDF-"


def _require_admin(scope: Scope, region: Region) -> None:
    if not scope.is_region_admin(region.pk):
        raise NotAllowed(f"only an admin of {region.name} may record its agreements")


def read_document(upload: IO[bytes] | None, size: int | None = None) -> bytes | None:
    """The PDF's bytes, or None when nothing was uploaded; refused naming ``document``
    when it is larger than 10 MB or does not start like a PDF."""
    if upload is None:
        return None
    if size is not None and size > MAX_DOCUMENT:
        raise CatalogError(_("The document is larger than 10 MB."), "document")
    data = upload.read(MAX_DOCUMENT + 1)
    if len(data) > MAX_DOCUMENT:
        raise CatalogError(_("The document is larger than 10 MB."), "document")
    if not data.startswith(PDF_MAGIC):
        raise CatalogError(_("The document is not a PDF file."), "document")
    return data


def _document_name(region: Region, number: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9]+", "-", number).strip("-")[:80] or "pks"
    return f"{region.slug}-{safe}.pdf"


def _check_dates(signed_on: dt.date, valid_from: dt.date, valid_until: dt.date | None) -> None:
    if signed_on > today():
        raise CatalogError(_("The signing date cannot be in the future."), "signed_on")
    if valid_until is not None and valid_until < valid_from:
        raise CatalogError(
            _("The agreement cannot end before it starts (valid until is before valid from)."),
            "valid_until",
        )
    if valid_until is not None and signed_on > valid_until:
        raise CatalogError(
            _("The agreement was signed after it ended: check the signing date."), "signed_on"
        )


def _check_parties(region: Region, parties: Iterable[Region]) -> list[Region]:
    chosen = {r.pk: r for r in parties}
    chosen[region.pk] = region
    foreign = [r for r in chosen.values() if r.province_id != region.province_id]
    if foreign:
        raise CatalogError(
            _("Parties must be regions of %(province)s: %(regions)s is not")
            % {
                "province": region.province.name,
                "regions": ", ".join(sorted(r.name for r in foreign)),
            },
            "parties",
        )
    if len(chosen) < 2:
        raise CatalogError(_("Choose at least one other region as a party."), "parties")
    return sorted(chosen.values(), key=lambda r: r.code)


def _check_apps(app_keys: Iterable[str]) -> list[str]:
    keys = sorted(set(app_keys))
    unknown = [k for k in keys if get_app(k) is None]
    if unknown:
        raise CatalogError(_("Unknown app: %(apps)s") % {"apps": ", ".join(unknown)}, "app_keys")
    return keys


def create(
    scope: Scope,
    region: Region,
    *,
    number: str,
    title: str,
    signed_on: dt.date,
    parties: Iterable[Region],
    app_keys: Iterable[str] = (),
    valid_from: dt.date,
    valid_until: dt.date | None,
    document: bytes | None = None,
    user_id: int | None = None,
) -> Agreement:
    """Record a new agreement kept by ``region`` (always one of its parties)."""
    _require_admin(scope, region)
    number, title = number.strip(), title.strip()
    if not number:
        raise CatalogError(_("The agreement number is required."), "number")
    if not title:
        raise CatalogError(_("The title is required."), "title")
    _check_dates(signed_on, valid_from, valid_until)
    members = _check_parties(region, parties)
    keys = _check_apps(app_keys)
    rows = Agreement.objects.scoped(scope, Action.CHANGE)
    if rows.filter(region=region, number=number).exists():
        raise CatalogError(
            _("%(region)s already recorded an agreement numbered %(number)s")
            % {"region": region.name, "number": number},
            "number",
        )
    try:
        with transaction.atomic():
            agreement = rows.create(
                region=region,
                number=number,
                title=title,
                signed_on=signed_on,
                app_keys=keys,
                valid_from=valid_from,
                valid_until=valid_until,
            )
            agreement.parties.set(members)
            if document is not None:
                agreement.document.save(
                    _document_name(region, number), ContentFile(document), save=False
                )
                rows.filter(pk=agreement.pk).update(document=agreement.document.name)
            audit.record(
                "agreement.created",
                region=region,
                actor_id=user_id,
                target=number,
                detail={
                    "title": title,
                    "parties": [r.code for r in members],
                    "apps": keys,
                    "valid_from": valid_from.isoformat(),
                    "valid_until": valid_until.isoformat() if valid_until else None,
                    "document": bool(document),
                },
            )
    except IntegrityError:
        raise CatalogError(
            _("%(region)s already recorded an agreement numbered %(number)s")
            % {"region": region.name, "number": number},
            "number",
        ) from None
    return agreement


def _own(scope: Scope, region: Region, agreement_id: int) -> Agreement:
    agreement = (
        Agreement.objects.scoped(scope, Action.CHANGE)
        .filter(region=region, pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise CatalogError(
            _("%(region)s has recorded no such agreement") % {"region": region.name}, "agreement"
        )
    return agreement


def renew(
    scope: Scope,
    region: Region,
    agreement_id: int,
    *,
    valid_until: dt.date,
    reason: str,
    document: bytes | None = None,
    user_id: int | None = None,
) -> Agreement:
    """Extend an agreement to ``valid_until`` (later than it ends now, not in the past)."""
    _require_admin(scope, region)
    agreement = _own(scope, region, agreement_id)
    reason = reason.strip()
    if not reason:
        raise CatalogError(_("Say why the agreement is renewed."), "reason")
    old = agreement.valid_until
    if old is None:
        raise CatalogError(
            _("This agreement is open-ended: there is nothing to renew."), "valid_until"
        )
    if valid_until <= old:
        raise CatalogError(
            _("The new end date must be after the current one (%(date)s).")
            % {"date": old.isoformat()},
            "valid_until",
        )
    if valid_until < today():
        raise CatalogError(_("The new end date is in the past."), "valid_until")
    with transaction.atomic():
        changes: dict[str, object] = {"valid_until": valid_until}
        if document is not None:
            agreement.document.save(
                _document_name(region, agreement.number), ContentFile(document), save=False
            )
            changes["document"] = agreement.document.name
        Agreement.objects.scoped(scope, Action.CHANGE).filter(pk=agreement.pk).update(**changes)
        audit.record(
            "agreement.renewed",
            region=region,
            actor_id=user_id,
            target=agreement.number,
            detail={
                "valid_until": [old.isoformat(), valid_until.isoformat()],
                "reason": reason,
                "document": document is not None,
            },
        )
    agreement.valid_until = valid_until
    return agreement


def end(
    scope: Scope,
    region: Region,
    agreement_id: int,
    *,
    ended_on: dt.date,
    reason: str,
    user_id: int | None = None,
) -> Agreement:
    """End an agreement on ``ended_on`` (its last valid day)."""
    _require_admin(scope, region)
    agreement = _own(scope, region, agreement_id)
    reason = reason.strip()
    if not reason:
        raise CatalogError(_("Say why the agreement ends."), "reason")
    if ended_on < agreement.valid_from:
        raise CatalogError(
            _("The end date is before the agreement started (%(date)s).")
            % {"date": agreement.valid_from.isoformat()},
            "ended_on",
        )
    old = agreement.valid_until
    if old is not None and ended_on > old:
        raise CatalogError(
            _("The agreement already ends on %(date)s; renew it to extend it.")
            % {"date": old.isoformat()},
            "ended_on",
        )
    with transaction.atomic():
        Agreement.objects.scoped(scope, Action.CHANGE).filter(pk=agreement.pk).update(
            valid_until=ended_on
        )
        audit.record(
            "agreement.ended",
            region=region,
            actor_id=user_id,
            target=agreement.number,
            detail={
                "valid_until": [old.isoformat() if old else None, ended_on.isoformat()],
                "reason": reason,
            },
        )
    agreement.valid_until = ended_on
    return agreement


def parties_of(agreements: Iterable[Agreement]) -> dict[int, list[Region]]:
    """Each agreement's parties, in one query."""
    rows = list(agreements)
    found: dict[int, list[Region]] = {a.pk: [] for a in rows}
    through = Agreement.parties.through
    links = through.objects.filter(agreement_id__in=found).select_related("region")
    for link in links.order_by("region__code"):
        found[link.agreement_id].append(link.region)
    return found
