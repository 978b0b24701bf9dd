"""Reports handed over by another app (``contract.handoff.CITIZEN_REPORT``).

A 112 call-taker whose caller has a complaint, not an emergency, hands it over here through
the platform (``platform_services().hand_off``), never by importing this app. The report
goes through the citizen's own path (:func:`~.reporting.submit_report`: the same checks,
the same ticket, deadlines and first timeline entry), then records where it came from
(``Report.source_*``, staff only), an internal note and an audit entry, all in the
caller's transaction: a refusal or a bad field leaves nothing written on either side.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanConfig, AduanContext, Category
from kotacerdas.apps.aduan_warga.models import Report, ReportAction
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid
from kotacerdas.apps.aduan_warga.services.reporting import ReportInput, submit_report
from kotacerdas.contract.handoff import CITIZEN_REPORT, CitizenReportHandoff, Intake, Receipt
from kotacerdas.core import audit
from kotacerdas.core.tenancy import Action

APP_KEY = "aduan-warga"
# ``Report.source`` (10 characters): a report that came in over the phone through 112.
SOURCE = "112"
FALLBACK_CODES = ("lainnya", "lain-lain", "informasi-layanan")


def category_for(conf: AduanConfig, hint: str) -> Category:
    """The region's category the hint names (its code, its name, or one of its keywords),
    else its "other" category, else its information-request one, else its first one."""
    cats = conf.categories
    if not cats:
        raise ReportInvalid("service_code", _("This region has no report categories yet."))
    wanted = hint.strip().lower()
    if wanted:
        for c in cats:
            names = {c.service_code, c.name.id.lower(), (c.name.en or "").lower()}
            if wanted in names or wanted in {k.lower() for k in c.keywords}:
                return c
    for code in FALLBACK_CODES:
        found = conf.category(code)
        if found is not None:
            return found
    informational = [c for c in cats if c.kind == "permintaan-informasi"]
    return informational[0] if informational else cats[0]


def receive(ctx: AduanContext, payload: object) -> Receipt:
    """Make the report for ``payload`` as the caller of ``ctx``; refuse a caller who may not
    write the region's reports (nothing is written, the caller's transaction rolls back)."""
    if not isinstance(payload, CitizenReportHandoff):
        raise TypeError("aduan-warga takes CitizenReportHandoff payloads")
    if ctx.scope.is_anonymous or not ctx.scope.can(Action.CHANGE, Report, ctx.region_id):
        raise NotPermitted(_("You may not write citizen reports in this region."))
    category = category_for(ctx.config, payload.category_hint)
    title, body = payload.title.strip(), payload.description.strip()
    description = f"{title}\n\n{body}" if title and body and title not in body else body or title
    data = ReportInput(
        service_code=category.service_code,
        description=description,
        lat=payload.latitude,
        lng=payload.longitude,
        address=payload.address,
        name=payload.reporter_name,
        phone=payload.reporter_phone,
        # The caller never chose to be named to the agency that handles it: their contact
        # stays with the region's coordinating admins, as for a citizen's default report.
        anonymous=True,
        source=SOURCE,
    )
    for name, value, n in (
        ("source_app", payload.source_app, 60),
        ("source_ref", payload.source_ref, 60),
        ("source_url", payload.source_url, 300),
    ):
        if len(value) > n:
            raise ReportInvalid(name, _("This field is longer than %(n)d characters.") % {"n": n})
    with transaction.atomic():
        report, _token = submit_report(ctx, data)
        Report.objects.scoped(ctx.scope, Action.CHANGE).filter(pk=report.pk).update(
            source_app=payload.source_app,
            source_ref=payload.source_ref,
            source_url=payload.source_url,
        )
        ReportAction.objects.scoped(ctx.scope, Action.CHANGE).create(
            region=ctx.region,
            report=report,
            action="note",
            status=report.status,
            note=_("Handed over from %(app)s: %(ref)s")
            % {"app": payload.source_app, "ref": payload.source_ref},
            public=False,
            actor_id=ctx.user_id,
            actor_label=payload.source_app,
            at=timezone.now(),
        )
        audit.record(
            "report.handed_over",
            region=ctx.region_id,
            actor_id=ctx.user_id,
            app_key=APP_KEY,
            target=report.ticket,
            detail={"from": payload.source_app, "ref": payload.source_ref},
        )
    slug = ctx.region.slug
    return Receipt(
        app_key=APP_KEY,
        ref=report.ticket,
        staff_url=reverse("aduan_warga-console:report", args=[slug, report.ticket]),
        public_url=reverse("aduan_warga:detail", args=[slug, report.ticket]),
    )


def intakes() -> list[Intake]:
    return [Intake(CITIZEN_REPORT, receive)]
