"""Curating staff (Disbudpar, Dinkop, the region admin): events, destinations, businesses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kotacerdas.apps.agenda_wisata import queries
from kotacerdas.apps.agenda_wisata.config import AgendaWisataSettings
from kotacerdas.apps.agenda_wisata.models import Business, Destination, Event, Product
from kotacerdas.apps.agenda_wisata.services import Invalid
from kotacerdas.apps.agenda_wisata.services import access as curation
from kotacerdas.apps.agenda_wisata.services.events import cancel_date, restore_date, save_event
from kotacerdas.apps.agenda_wisata.services.photos import CleanPhoto, clean_photo
from kotacerdas.apps.agenda_wisata.services.places import (
    add_product,
    first_of_month,
    import_visitors,
    save_business,
    save_destination,
    set_visitors,
)
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB, all_dates
from kotacerdas.apps.agenda_wisata.views.forms import (
    BusinessForm,
    CancelDateForm,
    DestinationForm,
    EventForm,
    ProductForm,
    VisitorsForm,
    VisitorsImportForm,
)
from kotacerdas.contract import AppContext

Ctx = AppContext[AgendaWisataSettings]


def _page(
    request: HttpRequest, ctx: Ctx, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"agenda_wisata/console/{template}",
        {"region": ctx.region, "access": ctx, "may_curate": curation.can_curate(ctx), **context},
        status=status,
    )


def _curator(ctx: Ctx, request: HttpRequest) -> None:
    """Other staff may look at the forms (read only); only curators may send them."""
    if request.method == "POST" and not curation.can_curate(ctx):
        raise PermissionDenied(
            _("Only the curating agencies and the region admin may change this.")
        )


def _agencies(ctx: Ctx) -> list[tuple[str, str]]:
    return [(str(a.pk), a.name) for a in curation.agencies(ctx)]


def _photo(request: HttpRequest) -> CleanPhoto | None:
    upload = request.FILES.get("photo")
    if upload is None:
        return None
    return clean_photo(upload, upload.size or 0)


def _submit(form: Form, action: Any) -> Any:
    """Run ``action`` once the form is valid; errors land on the field they name."""
    if not form.is_valid():
        return None
    try:
        return action()
    except Invalid as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    except ValidationError as exc:
        form.add_error(None, exc)
    return None


def home(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    day = queries.today()
    return _page(
        request,
        ctx,
        "home.html",
        {
            "upcoming": queries.between(ctx, day, day + dt.timedelta(days=30))[:40],
            "events": queries.events(ctx).order_by("-starts_at")[:100],
            "destinations": queries.destinations(ctx),
            "businesses": queries.businesses(ctx),
        },
    )


def event_edit(request: HttpRequest, ctx: Ctx, pk: int | None = None) -> HttpResponse:
    _curator(ctx, request)
    event = None
    initial: dict[str, Any] = {"is_free": True, "status": "scheduled"}
    if pk is not None:
        event = queries.event(ctx, pk)
        if event is None:
            raise Http404
        start, end = event.starts_at.astimezone(WIB), event.ends_at.astimezone(WIB)
        initial = {
            **{
                f: getattr(event, f)
                for f in (
                    "title",
                    "title_en",
                    "description",
                    "description_en",
                    "category",
                    "weekdays",
                    "repeat_until",
                    "repeat_count",
                    "place_name",
                    "lat",
                    "lng",
                    "is_free",
                    "price",
                    "status",
                )
            },
            "start_date": start.date(),
            "start_time": start.time(),
            "end_date": end.date(),
            "end_time": end.time(),
            "organiser": str(event.organiser_id),
        }
    else:
        agency = curation.default_agency(ctx)
        initial["organiser"] = str(agency.pk) if agency else ""
        initial["lat"], initial["lng"] = ctx.region.centre_lat, ctx.region.centre_lng
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        categories=[(c.key, c.label) for c in ctx.config.event_categories],
        agencies=_agencies(ctx),
    )
    if request.method == "POST":
        saved = _submit(form, lambda: save_event(ctx, form.values(), _photo(request), event))
        if saved is not None:
            messages.success(request, _("The event is saved."))
            return redirect("agenda_wisata-console:event", ctx.region.slug, saved.pk)
    dates = []
    if event is not None and event.weekdays:
        today = queries.today()
        dates = [
            (d, d.isoformat() in event.cancelled_dates) for d in all_dates(event) if d >= today
        ][:26]
    return _page(
        request,
        ctx,
        "event.html",
        {"form": form, "event": event, "dates": dates, "cancel_form": CancelDateForm()},
        status=400 if form.errors else 200,
    )


def event_cancel_date(request: HttpRequest, ctx: Ctx, pk: int) -> HttpResponse:
    _curator(ctx, request)
    event = queries.event(ctx, pk)
    if event is None:
        raise Http404
    form = CancelDateForm(request.POST or None)
    if request.method == "POST":
        restore = request.POST.get("action") == "restore"

        def act() -> Event:
            day = form.cleaned_data["day"]
            return restore_date(ctx, event, day) if restore else cancel_date(ctx, event, day)

        if _submit(form, act) is not None:
            messages.success(
                request, _("The date is restored.") if restore else _("The date is cancelled.")
            )
            return redirect("agenda_wisata-console:event", ctx.region.slug, event.pk)
    return _page(
        request,
        ctx,
        "cancel.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


def destination_edit(request: HttpRequest, ctx: Ctx, pk: int | None = None) -> HttpResponse:
    _curator(ctx, request)
    place: Destination | None = None
    initial: dict[str, Any] = {}
    if pk is not None:
        place = queries.destinations(ctx).filter(pk=pk).first()
        if place is None:
            raise Http404
        initial = {
            f: getattr(place, f)
            for f in (
                "name",
                "description",
                "description_en",
                "address",
                "lat",
                "lng",
                "ticket_weekday",
                "ticket_weekend",
                "ticket_note",
                "facilities",
                "wheelchair",
                "accessibility",
            )
        }
        initial["agency"] = str(place.agency_id)
        for i, span in enumerate(place.hours or []):
            initial[f"hours_{i}"] = span
    else:
        agency = curation.default_agency(ctx)
        initial = {
            "agency": str(agency.pk) if agency else "",
            "lat": ctx.region.centre_lat,
            "lng": ctx.region.centre_lng,
        }
    form = DestinationForm(
        request.POST or None, request.FILES or None, initial=initial, agencies=_agencies(ctx)
    )
    if request.method == "POST":
        saved = _submit(form, lambda: save_destination(ctx, form.values(), _photo(request), place))
        if saved is not None:
            messages.success(request, _("The destination is saved."))
            return redirect("agenda_wisata-console:destination", ctx.region.slug, saved.pk)
    return _page(
        request,
        ctx,
        "form.html",
        {"form": form, "object": place, "heading": place.name if place else _("New destination")},
        status=400 if form.errors else 200,
    )


def visitors(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    """Monthly visitors: one month of one destination by hand, or a CSV of many."""
    _curator(ctx, request)
    places = list(queries.destinations(ctx))
    form = VisitorsForm(request.POST if request.POST.get("action") == "one" else None)
    upload = VisitorsImportForm(
        request.POST if request.POST.get("action") == "import" else None,
        request.FILES if request.POST.get("action") == "import" else None,
    )
    report = None
    status = 200
    if request.method == "POST" and request.POST.get("action") == "one":
        place = next((p for p in places if str(p.pk) == request.POST.get("destination")), None)

        def one() -> Any:
            if place is None:
                raise Invalid("month", _("Choose a destination."))
            try:
                month = first_of_month(form.cleaned_data["month"])
            except ValueError:
                raise Invalid("month", _("The month must look like 2026-01.")) from None
            return set_visitors(ctx, place, month, form.cleaned_data["visitors"])

        if _submit(form, one) is not None:
            messages.success(request, _("The visitors are saved."))
            return redirect("agenda_wisata-console:visitors", ctx.region.slug)
        status = 400
    elif request.method == "POST" and request.POST.get("action") == "import":
        if upload.is_valid():
            report = import_visitors(ctx, upload.cleaned_data["file"].read(2 * 1024 * 1024 + 1))
            if not report.errors:
                messages.success(request, _("%(n)d monthly counts imported.") % {"n": report.saved})
                return redirect("agenda_wisata-console:visitors", ctx.region.slug)
        status = 400
    month = queries.today().replace(day=1)
    return _page(
        request,
        ctx,
        "visitors.html",
        {"form": form, "upload": upload, "report": report, "places": places, "month": month},
        status=status,
    )


def business_edit(request: HttpRequest, ctx: Ctx, pk: int | None = None) -> HttpResponse:
    _curator(ctx, request)
    row: Business | None = None
    initial: dict[str, Any] = {}
    if pk is not None:
        row = queries.businesses(ctx).filter(pk=pk).first()
        if row is None:
            raise Http404
        initial = {
            f: getattr(row, f)
            for f in (
                "name",
                "description",
                "description_en",
                "category",
                "whatsapp",
                "contact_public",
                "address",
                "lat",
                "lng",
                "halal_number",
                "pirt_number",
            )
        }
        initial["agency"] = str(row.agency_id)
    else:
        agency = curation.default_agency(ctx)
        initial = {"agency": str(agency.pk) if agency else ""}
    form = BusinessForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        categories=[(c.key, c.label) for c in ctx.config.product_categories],
        agencies=_agencies(ctx),
    )
    if request.method == "POST":
        saved = _submit(form, lambda: save_business(ctx, form.values(), _photo(request), row))
        if saved is not None:
            messages.success(request, _("The business is saved."))
            return redirect("agenda_wisata-console:business", ctx.region.slug, saved.pk)
    products = (
        list(Product.objects.scoped(ctx.scope).filter(region=ctx.region, business=row))
        if row
        else []
    )
    return _page(
        request,
        ctx,
        "business.html",
        {"form": form, "object": row, "products": products, "product_form": ProductForm()},
        status=400 if form.errors else 200,
    )


def product_add(request: HttpRequest, ctx: Ctx, pk: int) -> HttpResponse:
    _curator(ctx, request)
    row = queries.businesses(ctx).filter(pk=pk).first()
    if row is None:
        raise Http404
    form = ProductForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and _submit(form, lambda: add_product(ctx, row, form.values(), _photo(request))) is not None
    ):
        messages.success(request, _("The product is added."))
        return redirect("agenda_wisata-console:business", ctx.region.slug, row.pk)
    return _page(
        request,
        ctx,
        "form.html",
        {"form": form, "object": row, "heading": _("New product of %(name)s") % {"name": row.name}},
        status=400 if form.errors else 200,
    )
