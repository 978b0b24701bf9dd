"""The citizen's form (no account) and the private tracking page behind the token link.

The form names every mistake at once next to its field and keeps the chosen photos (held
on the server, ``services.held_photos``). The category's own questions (Open311
attributes) appear when a category is chosen: htmx fetches them without a reload, and
without JavaScript the "show the questions" button re-renders the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext, Category
from kotacerdas.apps.aduan_warga.models import Report, Status
from kotacerdas.apps.aduan_warga.queries import (
    STATUS_COLOURS,
    map_options,
    nearby,
    photos_of,
    public_timeline,
)
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid, held_photos, workflow
from kotacerdas.apps.aduan_warga.services import rating as ratings
from kotacerdas.apps.aduan_warga.services.photos import MAX_PHOTOS, CleanPhoto, clean_photo
from kotacerdas.apps.aduan_warga.services.reporting import (
    ReportInput,
    problems,
    submit_report,
)
from kotacerdas.apps.aduan_warga.services.tracking import token_matches


def _coordinate(raw: str, errors: dict[str, str]) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))  # a decimal comma typed or pasted by hand
    except ValueError:
        value = float("nan")
    if value != value or abs(value) > 180:  # NaN or off the globe
        errors.setdefault("location", _("The pin's position is not valid; place it again."))
        return None
    return value


def _attributes(request: HttpRequest, category: Category | None) -> dict[str, Any]:
    if category is None:
        return {}
    answers: dict[str, Any] = {}
    for attr in category.attributes:
        key = f"attribute[{attr.code}]"
        if attr.datatype == "multivaluelist":
            answers[attr.code] = request.POST.getlist(key)
        else:
            answers[attr.code] = request.POST.get(key, "")
    return answers


def _input(ctx: AduanContext, request: HttpRequest, errors: dict[str, str]) -> ReportInput:
    form = request.POST
    code = form.get("service_code", "")
    return ReportInput(
        service_code=code,
        description=form.get("description", ""),
        lat=_coordinate(form.get("lat", ""), errors),
        lng=_coordinate(form.get("lng", ""), errors),
        address=form.get("address", ""),
        attributes=_attributes(request, ctx.config.category(code)),
        name=form.get("name", ""),
        phone=form.get("phone", ""),
        email=form.get("email", ""),
        anonymous=form.get("anonymous") == "on",
    )


def _photos(request: HttpRequest, errors: dict[str, str]) -> tuple[list[CleanPhoto], str]:
    """The photos held from the last round (minus the ones taken off) plus the new uploads,
    each checked and re-encoded; returns them and the old hold's token."""
    token = request.POST.get("held", "")[:40]
    removed = set(request.POST.getlist("drop_photo"))
    kept = [p for n, p in enumerate(held_photos.held(token), start=1) if str(n) not in removed]
    uploads = [f for f in request.FILES.getlist("photos") if f.size]
    if len(kept) + len(uploads) > MAX_PHOTOS:
        errors.setdefault("photos", _("At most 3 photos per report."))
        return kept, token
    photos = list(kept)
    for n, upload in enumerate(uploads, start=len(kept) + 1):
        try:
            photos.append(clean_photo(upload, upload.size or 0, n))
        except ReportInvalid as bad:
            errors.setdefault("photos", bad.message)
    return photos, token


def _field(name: str) -> str:
    """The form field a service's error belongs to (the pin and its halves are one)."""
    if name in {"lat", "lng"}:
        return "location"
    return "photos" if name.startswith("photo") else name


def _form_context(
    ctx: AduanContext, request: HttpRequest, errors: dict[str, str], held: str
) -> dict[str, Any]:
    values = request.POST
    category = ctx.config.category(values.get("service_code", ""))
    return {
        "region": ctx.region,
        "conf": ctx.config,
        "errors": errors,
        "values": values,
        "category": category,
        "held": held,
        "held_count": range(1, len(held_photos.held(held)) + 1) if held else range(0),
        "nearby": _nearby_of(ctx, values.get("service_code", ""), values),
        "map": map_options(ctx.region),
    }


def _nearby_of(ctx: AduanContext, code: str, values: Any) -> list[Any]:
    try:
        lat, lng = float(values.get("lat", "")), float(values.get("lng", ""))
    except ValueError:
        return []
    return nearby(ctx, code, lat, lng)


def new_report(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    region = ctx.region
    if request.method != "POST":
        return render(request, "aduan_warga/new.html", _form_context(ctx, request, {}, ""))
    errors: dict[str, str] = {}
    data = _input(ctx, request, errors)
    photos, old_token = _photos(request, errors)
    refresh = "refresh" in request.POST  # no JavaScript: show the category's questions
    if not refresh:
        for bad in problems(region, ctx.config, data, photo_count=len(photos)):
            errors.setdefault(_field(bad.field), bad.message)
    if not errors and not refresh:
        try:
            report, token = submit_report(ctx, data, cleaned=photos)
        except ReportInvalid as bad:  # a race the checks could not see (e.g. the config)
            errors[_field(bad.field)] = bad.message
        else:
            held_photos.drop(old_token)
            messages.success(
                request,
                _("Report received. Your ticket number is %(ticket)s.") % {"ticket": report.ticket},
            )
            url = reverse("aduan_warga:track", args=[region.slug, report.ticket, token])
            return redirect(f"{url}?new=1")
    # Back to the form: the photos stay (a new hold; the old one is gone).
    token = held_photos.hold(photos)
    held_photos.drop(old_token)
    context = _form_context(ctx, request, errors, token)
    return render(request, "aduan_warga/new.html", context, status=400 if errors else 200)


def questions(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    """htmx: the chosen category's questions, swapped into the form."""
    category = ctx.config.category(request.GET.get("service_code", "")[:50])
    context: dict[str, Any] = {"category": category, "values": request.GET, "errors": {}}
    return render(request, "aduan_warga/_questions.html", context)


def nearby_reports(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    """htmx: open reports of the chosen category near the pin, to follow instead."""
    context = {
        "region": ctx.region,
        "conf": ctx.config,
        "nearby": _nearby_of(ctx, request.GET.get("service_code", "")[:50], request.GET),
    }
    return render(request, "aduan_warga/_nearby.html", context)


def held_photo(request: HttpRequest, ctx: AduanContext, token: str, n: int) -> FileResponse:
    """The thumbnail of a photo held for a form (whoever has the form's token)."""
    path = held_photos.thumbnail(token, n)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def _tracked(ctx: AduanContext, ticket: str, token: str) -> Report:
    report = (
        Report.objects.scoped(ctx.scope)
        .filter(region=ctx.region, ticket=ticket)
        .select_related("agency", "region")
        .first()
    )
    if report is None or not token_matches(report, token):
        raise Http404
    return report


def _answer(ctx: AduanContext, report: Report, post: Any) -> str:
    """The reporter's answer; returns the message of the step taken."""
    answer = post.get("answer", "")
    if answer == "rate":
        ratings.rate(ctx, report, post.get("score", ""), post.get("comment", ""))
        return _("Thank you for rating the handling.")
    if answer == "confirm":
        workflow.confirm(ctx, report.pk)
        return _("Thank you: the report is closed.")
    if answer == "reopen":
        ratings.reopen(ctx, report, post.get("note", ""))
        return _("The report is reopened and back with the agency.")
    raise ReportInvalid("answer", _("Choose what to do with the report."))


def track(request: HttpRequest, ctx: AduanContext, ticket: str, token: str) -> HttpResponse:
    region = ctx.region
    report = _tracked(ctx, ticket, token)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            messages.success(request, _answer(ctx, report, request.POST))
            return redirect(request.path)
        except ReportInvalid as bad:
            errors[bad.field] = bad.message
        except NotPermitted as refused:
            errors["answer"] = str(refused)
    context = {
        "region": region,
        "conf": ctx.config,
        "report": report,
        "timeline": public_timeline(report),
        "photos": photos_of(report),
        "colour": STATUS_COLOURS.get(Status(report.status)),
        "can_answer": report.status == Status.RESOLVED,
        "can_reopen": ratings.can_reopen(ctx, report),
        "reopen_until": ratings.reopen_until(ctx, report),
        "can_rate": ratings.can_rate(report),
        "rating": ratings.rating_of(report),
        "errors": errors,
        "values": request.POST,
        "link": request.build_absolute_uri(request.path),
        "new": "new" in request.GET,
    }
    return render(request, "aduan_warga/track.html", context, status=400 if errors else 200)
