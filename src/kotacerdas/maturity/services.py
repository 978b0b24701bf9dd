"""Every write of the evaluation: weights, entries with evidence, reviews; each recomputes.

All validation happens before anything is written, each action in one transaction, each
audited. Errors are ``Refused`` with the field they concern, worded for the user.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.maturity import access
from kotacerdas.maturity.compute import recompute
from kotacerdas.maturity.models import (
    Entry,
    EntryState,
    EvaluationTemplate,
    Evidence,
    Indicator,
    Scale,
    Source,
)
from kotacerdas.maturity.scoring import ASPECTS, check_aspect_weights
from kotacerdas.maturity.seed import TemplateExists, copy_template

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 10
# What evidence may be: PDF documents and pictures, recognised by their first bytes.
EVIDENCE_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


class Refused(ValueError):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Upload:
    name: str
    data: IO[bytes]
    size: int


def _clean_text(value: object, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise Refused(_("Must be text."), field)
    text = value.strip()
    if len(text) > limit:
        raise Refused(_("At most %(n)d characters.") % {"n": limit}, field)
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        raise Refused(_("Control characters are not allowed."), field)
    return text


def clean_value(indicator: Indicator, raw: object, field: str = "value") -> Decimal:
    """A figure on the indicator's scale: 0–100, or a whole level 1–5."""
    if isinstance(raw, bool) or raw is None or raw == "":
        raise Refused(_("Enter a value."), field)
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise Refused(_("Enter a number."), field) from None
    if not value.is_finite():
        raise Refused(_("Enter a number."), field)
    if indicator.scale == Scale.LEVELS:
        if value != value.to_integral_value() or not 1 <= value <= 5:
            raise Refused(_("Choose a level from 1 to 5."), field)
    elif not 0 <= value <= 100:
        raise Refused(_("Enter a value from 0 to 100."), field)
    return value.quantize(Decimal("0.01"))


# -- templates ------------------------------------------------------------------------------


def set_aspect_weights(
    user: Any, template: EvaluationTemplate, weights: Mapping[str, object]
) -> EvaluationTemplate:
    if not access.manages_templates(user):
        raise Refused(_("Only the province or the platform admin changes templates."))
    parsed: dict[str, float] = {}
    for key in ASPECTS:
        raw = weights.get(key)
        try:
            parsed[key] = float(str(raw).replace(",", "."))
        except (TypeError, ValueError):
            raise Refused(_("Enter a number."), key) from None
    problem = check_aspect_weights(parsed)
    if problem is not None:
        raise Refused(_("The five weights must each be 0–100 and add up to 100."), "weights")
    with transaction.atomic():
        before = dict(template.aspect_weights)
        template.aspect_weights = {k: (int(v) if v == int(v) else v) for k, v in parsed.items()}
        template.save(update_fields=["aspect_weights", "updated_at"])
        audit.record(
            "maturity.weights",
            actor_id=user.pk,
            target=str(template.year),
            detail={"before": before, "after": template.aspect_weights},
        )
    return template


def copy_to_year(user: Any, template: EvaluationTemplate, year: object) -> EvaluationTemplate:
    if not access.manages_templates(user):
        raise Refused(_("Only the province or the platform admin changes templates."))
    try:
        target = int(str(year))
    except ValueError:
        raise Refused(_("Enter a year."), "year") from None
    if not 2000 <= target <= 2100:
        raise Refused(_("Enter a year between 2000 and 2100."), "year")
    try:
        copy = copy_template(template, target)
    except TemplateExists:
        raise Refused(_("A template for that year exists already."), "year") from None
    audit.record("maturity.copied", actor_id=user.pk, target=f"{template.year}->{target}")
    return copy


# -- entries --------------------------------------------------------------------------------


def _evidence_type(upload: Upload) -> str:
    if upload.size > MAX_EVIDENCE_BYTES:
        raise Refused(_("A file may be at most 10 MB."), "evidence")
    head = upload.data.read(8)
    upload.data.seek(0)
    for magic, kind in EVIDENCE_TYPES.items():
        if head.startswith(magic):
            return kind
    raise Refused(_("Evidence must be a PDF, PNG or JPEG file."), "evidence")


def save_entry(
    user: Any,
    region: Region,
    indicator: Indicator,
    value: object,
    note: object = "",
    files: Sequence[Upload] = (),
    *,
    submit: bool = False,
) -> Entry:
    """The region's team enters (and optionally submits) a manual indicator's value."""
    if not access.enters_for(user, region):
        raise Refused(_("Only the region's own team enters its evaluation."))
    if indicator.source != Source.MANUAL:
        raise Refused(_("This indicator is computed from the apps' data."), "value")
    figure = clean_value(indicator, value)
    text = _clean_text(note, "note", 4000)
    if len(files) > MAX_EVIDENCE_FILES:
        raise Refused(_("At most 10 files per indicator."), "evidence")
    kinds = [_evidence_type(f) for f in files]
    scope = Scope.for_user(user)
    with transaction.atomic():
        rows = Entry.objects.scoped(scope, Action.CHANGE).select_for_update()
        entry = rows.filter(region=region, indicator=indicator).first()
        if entry is not None and entry.locked:
            raise Refused(_("This entry was approved and is locked."), "value")
        if entry is not None and entry.state == EntryState.SUBMITTED:
            raise Refused(_("This entry is waiting for review."), "value")
        if entry is None:
            entry = Entry.objects.scoped(scope, Action.CHANGE).create(
                region=region, indicator=indicator, value=figure, note=text
            )
        else:
            entry.value, entry.note = figure, text
        for upload, kind in zip(files, kinds, strict=True):
            stored = Evidence(
                region=region,
                entry=entry,
                original_name=_clean_text(upload.name, "evidence", 200)[:200],
                content_type=kind,
                size=upload.size,
            )
            ext = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[kind]
            # Stored under a name of ours; the user's file name is kept as text only.
            name = f"{region.code}-{indicator.code}.{ext}"
            stored.file.save(name, ContentFile(upload.data.read()), save=False)
            stored.save()
        if submit:
            has_evidence = Evidence.objects.scoped(scope).filter(entry=entry).exists()
            if not entry.note and not files and not has_evidence:
                raise Refused(_("Add a note or evidence before submitting."), "note")
            entry.state = EntryState.SUBMITTED
            entry.submitted_at = timezone.now()
            entry.submitted_by_id = user.pk
        elif entry.state == EntryState.RETURNED:
            entry.state = EntryState.DRAFT
        entry.save()
        audit.record(
            "maturity.submitted" if submit else "maturity.entered",
            region=region,
            actor_id=user.pk,
            target=f"{indicator.template.year} {indicator.code}",
            detail={"value": str(figure), "files": len(files)},
        )
    return entry


REVIEW_DECISIONS = ("accept", "adjust", "return")


def review_entry(
    user: Any, entry: Entry, decision: str, comment: object = "", value: object = None
) -> Entry:
    """The province's assessor accepts, adjusts (with a comment) or returns an entry."""
    region = entry.region
    if not access.is_assessor(user, region):
        raise Refused(_("Only the province's assessor reviews entries."))
    if decision not in REVIEW_DECISIONS:
        raise Refused(_("Choose accept, adjust or return."), "decision")
    text = _clean_text(comment, "comment", 4000)
    if decision in ("adjust", "return") and not text:
        raise Refused(_("Say why in a comment."), "comment")
    accepted = entry.value
    if decision == "adjust":
        accepted = clean_value(entry.indicator, value)
    scope = Scope.region_system(region.pk, "the province's assessor reviews a region's entry")
    with transaction.atomic():
        row = Entry.objects.scoped(scope, Action.CHANGE).select_for_update().get(pk=entry.pk)
        if row.state != EntryState.SUBMITTED:
            raise Refused(_("Only a submitted entry can be reviewed."), "decision")
        row.review_comment = text
        row.reviewed_at = timezone.now()
        row.reviewed_by_id = user.pk
        if decision == "return":
            row.state = EntryState.RETURNED
        else:
            row.state = EntryState.APPROVED
            row.accepted_value = accepted
        row.save()
        audit.record(
            f"maturity.{decision}",
            region=region,
            actor_id=user.pk,
            target=f"{row.indicator.template.year} {row.indicator.code}",
            detail={"value": str(row.value), "accepted": str(row.accepted_value or "")},
        )
        recompute(region, row.indicator.template)
    return row
