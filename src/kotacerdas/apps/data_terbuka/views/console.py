"""The console of Satu Data's roles: the produsen data (an agency's staff) describes a
dataset, uploads its rows, fixes the columns, settles the personal-data flags and submits;
the walidata (the region admin, Diskominfo) reviews the queue and approves (publishes) or
returns a release with a note, which the agency then sees.

The platform has checked sign-in and the region's private read; who may change what is
checked here (``services.access``) and again by every service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.config import APP_KEY
from kotacerdas.apps.data_terbuka.forms import (
    ColumnsForm,
    DatasetForm,
    PiiForm,
    ReviewForm,
    UploadForm,
)
from kotacerdas.apps.data_terbuka.models import (
    ACCESS_CHOICES,
    FREQUENCY_CHOICES,
    DatasetState,
    DatasetTag,
    OpenDataset,
    Release,
    ReleaseState,
    Resource,
    Source,
)
from kotacerdas.apps.data_terbuka.services import Refused, uploads
from kotacerdas.apps.data_terbuka.services import access as rights
from kotacerdas.apps.data_terbuka.views import column_title, language, wib
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Agency
from kotacerdas.core.tenancy import Action

Ctx = AppContext[Any]
EDITABLE = (ReleaseState.DRAFT, ReleaseState.RETURNED)


def page(ctx: Ctx, **extra: Any) -> dict[str, Any]:
    """What every console page's template needs (the shell reads region and access)."""
    return {"region": ctx.region, "access": ctx, "section": APP_KEY, **extra}


def _labels(choices: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in choices}


def waiting_for_review(ctx: Ctx) -> int:
    """Releases the walidata has to review: the console menu's count (one query)."""
    return (
        Release.objects.scoped(ctx.scope)
        .filter(region_id=ctx.region_id, state=ReleaseState.SUBMITTED)
        .count()
    )


def _datasets(ctx: Ctx, action: Action = Action.VIEW) -> QuerySet[OpenDataset]:
    """The region's datasets this caller works on: all for the walidata (and read-only
    province officers), their agencies' for produsen data."""
    qs = OpenDataset.objects.scoped(ctx.scope, action).filter(region_id=ctx.region_id)
    if not ctx.is_admin and ctx.is_staff:
        qs = qs.filter(agency_id__in=ctx.agencies)
    return qs


def _dataset(ctx: Ctx, name: str) -> OpenDataset:
    found = _datasets(ctx).filter(name=name).select_related("agency", "walidata").first()
    if found is None:
        raise Http404(_("No such dataset"))
    return found


def _release(ctx: Ctx, pk: int) -> Release:
    found = (
        Release.objects.scoped(ctx.scope)
        .filter(pk=pk, region_id=ctx.region_id)
        .select_related("resource__dataset__agency")
        .first()
    )
    if found is None:
        raise Http404(_("No such release"))
    dataset = found.resource.dataset
    if not ctx.is_admin and (not ctx.is_staff or dataset.agency_id not in ctx.agencies):
        raise Http404(_("No such release"))
    return found


def _agency_choices(ctx: Ctx) -> list[tuple[int, str]]:
    agencies = Agency.objects.scoped(ctx.scope).filter(region_id=ctx.region_id, is_active=True)
    if not ctx.is_admin:
        agencies = agencies.filter(pk__in=ctx.agencies)
    return [(a.pk, a.name) for a in agencies.order_by("name")]


def _require_staff(ctx: Ctx) -> None:
    if not ctx.is_staff:
        raise PermissionDenied


def _form_error(form: Any, exc: Refused, fallback: str | None = None) -> None:
    """A service's refusal on the form fields it names (else on the form)."""
    errors = getattr(exc, "errors", None) or {exc.field: exc.message}
    for name, message in errors.items():
        form.add_error(name if name in form.fields else fallback, message)


def home(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    lang = language()
    states, access = _labels(DatasetState.choices), _labels(ACCESS_CHOICES)
    datasets = list(_datasets(ctx).select_related("agency").order_by("-metadata_modified")[:500])
    returned = {
        r.resource.dataset_id: r
        for r in Release.objects.scoped(ctx.scope)
        .filter(resource__dataset__in=[d.pk for d in datasets], state=ReleaseState.RETURNED)
        .select_related("resource")
    }
    rows = [
        {
            "dataset": d,
            "title": d.title(lang),
            "agency": (d.agency.short_name or d.agency.name) if d.agency else "—",
            "state": states.get(d.state, d.state),
            "access": access.get(d.access_level, d.access_level),
            "modified": wib(d.metadata_modified),
            "returned": returned.get(d.pk),
        }
        for d in datasets
    ]
    waiting = waiting_for_review(ctx) if ctx.is_admin else 0
    return render(request, "data_terbuka/console/home.html", page(ctx, rows=rows, waiting=waiting))


def _fields(form: DatasetForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


def new_dataset(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    _require_staff(ctx)
    from kotacerdas.apps.data_terbuka.services import metadata

    agencies = _agency_choices(ctx)
    if not agencies:
        raise PermissionDenied
    form = DatasetForm(
        request.POST or None,
        agencies=agencies,
        language=language(),
        initial={"frequency": "tahunan", "access_level": "terbuka", "dimension": "governance"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = metadata.create_dataset(ctx, _fields(form))
        except Refused as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Dataset created. Now upload its rows."))
            return redirect(
                "data_terbuka-console:upload", region_slug=ctx.region.slug, name=created.name
            )
    return render(request, "data_terbuka/console/dataset_form.html", page(ctx, form=form))


def edit_dataset(request: HttpRequest, ctx: Ctx, name: str) -> HttpResponse:
    found = _dataset(ctx, name)
    if not rights.may_produce(ctx, found) or found.source != Source.UPLOAD:
        raise PermissionDenied
    from kotacerdas.apps.data_terbuka.services import metadata

    tags = ", ".join(
        DatasetTag.objects.scoped(ctx.scope)
        .filter(dataset=found)
        .order_by("name")
        .values_list("name", flat=True)
    )
    initial = {
        f: getattr(found, f)
        for f in (
            "title_id",
            "title_en",
            "notes_id",
            "notes_en",
            "contact_name",
            "contact_email",
            "frequency",
            "next_release",
            "access_level",
            "period_start",
            "period_end",
            "priority",
            "dimension",
        )
    }
    initial.update(agency=found.agency_id, tags=tags)
    form = DatasetForm(
        request.POST or None, agencies=_agency_choices(ctx), language=language(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            metadata.update_dataset(ctx, found, _fields(form))
        except Refused as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Metadata saved."))
            return redirect("data_terbuka-console:dataset", region_slug=ctx.region.slug, name=name)
    return render(
        request, "data_terbuka/console/dataset_form.html", page(ctx, form=form, dataset=found)
    )


def dataset(request: HttpRequest, ctx: Ctx, name: str) -> HttpResponse:
    lang = language()
    found = _dataset(ctx, name)
    states = _labels(ReleaseState.choices)
    resources = []
    for resource in Resource.objects.scoped(ctx.scope).filter(dataset=found):
        releases = Release.objects.scoped(ctx.scope).filter(resource=resource).order_by("-version")
        resources.append(
            {
                "title": resource.title(lang),
                "releases": [
                    {
                        "release": r,
                        "state": states.get(r.state, r.state),
                        "created": wib(r.created_at),
                        "editable": r.state in EDITABLE,
                    }
                    for r in releases[:30]
                ],
            }
        )
    return render(
        request,
        "data_terbuka/console/dataset.html",
        page(
            ctx,
            dataset=found,
            title=found.title(lang),
            state=_labels(DatasetState.choices).get(found.state, found.state),
            access_label=_labels(ACCESS_CHOICES).get(found.access_level, found.access_level),
            frequency=_labels(FREQUENCY_CHOICES).get(found.frequency, found.frequency),
            resources=resources,
            may_change=rights.may_produce(ctx, found) and found.source == Source.UPLOAD,
        ),
    )


def upload(request: HttpRequest, ctx: Ctx, name: str) -> HttpResponse:
    found = _dataset(ctx, name)
    if not rights.may_produce(ctx, found) or found.source != Source.UPLOAD:
        raise PermissionDenied
    lang = language()
    existing = list(Resource.objects.scoped(ctx.scope).filter(dataset=found))
    choices = [(r.name, r.title(lang)) for r in existing]
    form = UploadForm(request.POST or None, request.FILES or None, resources=choices)
    if request.method == "POST" and form.is_valid():
        chosen = next((r for r in existing if r.name == form.cleaned_data["resource"]), None)
        title = chosen.title_id if chosen else form.cleaned_data["resource_title"]
        try:
            staged = uploads.stage_upload(ctx, found, title, form.cleaned_data["file"])
        except Refused as exc:
            _form_error(form, exc, "file")
        else:
            messages.success(request, _("File read. Check the columns, then submit."))
            return redirect(
                "data_terbuka-console:release", region_slug=ctx.region.slug, pk=staged.pk
            )
    return render(
        request,
        "data_terbuka/console/upload.html",
        page(
            ctx,
            form=form,
            dataset=found,
            title=found.title(lang),
            max_mb=uploads.max_bytes() // (1024 * 1024),
        ),
    )


def _columns_view(release: Release, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "name": c["name"],
            "title": column_title(c, lang),
            "type": uploads.type_label(str(c.get("type", "text"))),
            "unit": c.get("unit", ""),
        }
        for c in release.columns
    ]


def _preview_rows(release: Release) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    shown = uploads.preview(release, 50)
    rows = [[datastore.to_json(v) for v in row] for row in shown.rows]
    return shown.columns, rows


def _edited_columns(release: Release, form: ColumnsForm) -> list[dict[str, Any]]:
    """The officer's columns, each still reading the file's column it read before."""
    by_name = {c["name"]: c for c in release.columns}
    out = []
    for column in form.columns():
        before = by_name.get(column["name"], {})
        if "source" in before:
            column["source"] = before["source"]
        out.append(column)
    return out


def release(request: HttpRequest, ctx: Ctx, pk: int) -> HttpResponse:
    from kotacerdas.apps.data_terbuka.services import review

    lang = language()
    found = _release(ctx, pk)
    dataset_ = found.resource.dataset
    editable = found.state in EDITABLE and rights.may_produce(ctx, dataset_)
    flags = uploads.open_flags(found)
    columns_form = ColumnsForm(columns=found.columns, prefix="col")
    pii_form = PiiForm(flags=flags, prefix="pii")
    slug = ctx.region.slug
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        step = request.POST.get("step", "")
        try:
            if step == "columns":
                columns_form = ColumnsForm(request.POST, columns=found.columns, prefix="col")
                if columns_form.is_valid():
                    uploads.set_columns(ctx, found, _edited_columns(found, columns_form))
                    messages.success(request, _("Columns saved; the file was checked again."))
                    return redirect("data_terbuka-console:release", region_slug=slug, pk=pk)
            elif step == "pii":
                pii_form = PiiForm(request.POST, flags=flags, prefix="pii")
                if pii_form.is_valid():
                    remove = [c for c, action, _r in pii_form.decisions() if action == "remove"]
                    for column, action, reason in pii_form.decisions():
                        if action == "keep":
                            uploads.confirm_not_personal(ctx, found, column, reason)
                    if remove:
                        found = _release(ctx, pk)
                        kept = [c for c in found.columns if c["name"] not in remove]
                        uploads.set_columns(ctx, found, kept)
                    messages.success(request, _("Personal-data decisions saved."))
                    return redirect("data_terbuka-console:release", region_slug=slug, pk=pk)
            elif step == "submit":
                review.submit(ctx, found)
                messages.success(request, _("Submitted to the walidata for review."))
                return redirect(
                    "data_terbuka-console:dataset", region_slug=slug, name=dataset_.name
                )
        except Refused as exc:
            if step == "pii":
                _form_error(pii_form, exc)
            elif step == "columns":
                _form_error(columns_form, exc)
            else:
                messages.error(request, exc.message)
                return redirect("data_terbuka-console:release", region_slug=slug, pk=pk)
    columns, rows = _preview_rows(found)
    return render(
        request,
        "data_terbuka/console/release.html",
        page(
            ctx,
            release=found,
            dataset=dataset_,
            title=dataset_.title(lang),
            state=_labels(ReleaseState.choices).get(found.state, found.state),
            editable=editable,
            columns_form=columns_form,
            pii_form=pii_form,
            pii_rows=[
                (flag, pii_form[f"p{i}-action"], pii_form[f"p{i}-reason"])
                for i, flag in enumerate(flags)
            ],
            confirmed=[f for f in found.pii_flags if f.get("confirmed")],
            columns=[column_title(c, lang) for c in columns],
            rows=rows,
            may_submit=editable and not flags,
        ),
    )


def review_queue(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    if not ctx.is_admin:
        raise PermissionDenied
    lang = language()
    waiting = (
        Release.objects.scoped(ctx.scope)
        .filter(region_id=ctx.region_id, state=ReleaseState.SUBMITTED)
        .select_related("resource__dataset__agency")
        .order_by("submitted_at", "pk")[:200]
    )
    rows = [
        {
            "release": r,
            "title": r.resource.dataset.title(lang),
            "resource": r.resource.title(lang),
            "agency": r.resource.dataset.agency,
            "submitted": wib(r.submitted_at),
        }
        for r in waiting
    ]
    return render(request, "data_terbuka/console/review.html", page(ctx, rows=rows))


def review_release(request: HttpRequest, ctx: Ctx, pk: int) -> HttpResponse:
    if not ctx.is_admin:
        raise PermissionDenied
    from kotacerdas.apps.data_terbuka.services import review

    lang = language()
    found = _release(ctx, pk)
    dataset_ = found.resource.dataset
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                review.approve(ctx, found)
                messages.success(request, _("Approved: the release is published."))
            else:
                review.return_release(ctx, found, form.cleaned_data["note"])
                messages.success(request, _("Returned to the agency with your note."))
        except Refused as exc:
            _form_error(form, exc)
        else:
            return redirect("data_terbuka-console:review", region_slug=ctx.region.slug)
    columns, rows = _preview_rows(found)
    return render(
        request,
        "data_terbuka/console/review_release.html",
        page(
            ctx,
            form=form,
            release=found,
            dataset=dataset_,
            title=dataset_.title(lang),
            columns_info=_columns_view(found, lang),
            columns=[column_title(c, lang) for c in columns],
            rows=rows,
            confirmed=[f for f in found.pii_flags if f.get("confirmed")],
            open_flags=uploads.open_flags(found),
            pending=found.state == ReleaseState.SUBMITTED,
        ),
    )
