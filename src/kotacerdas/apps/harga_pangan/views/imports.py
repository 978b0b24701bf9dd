"""Uploading a CSV/XLSX file of prices: a report by row, then import all or the valid rows."""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.apps.harga_pangan.services.files import FileRefused, read_rows
from kotacerdas.apps.harga_pangan.services.imports import ImportReport, Row, check_rows, import_rows
from kotacerdas.apps.harga_pangan.views.console import Ctx, page, signed_in

MAX_BYTES = 5 * 1024 * 1024
SESSION_KEY = "harga_pangan_import"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


def _remember(request: HttpRequest, region_slug: str, report: ImportReport) -> str:
    """Keep the checked valid rows for the "import only the valid rows" button."""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "region": region_slug,
        "rows": [
            [r.number, r.market, r.item, r.day.isoformat(), r.price, r.flagged]
            for r in report.valid
        ],
    }
    return token


def _recall(request: HttpRequest, region_slug: str, token: str) -> ImportReport | None:
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("token") != token or kept.get("region") != region_slug:
        return None
    rows = [Row(n, m, i, dt.date.fromisoformat(d), p, f) for n, m, i, d, p, f in kept["rows"]]
    return ImportReport(valid=rows)


def upload(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    if not ctx.is_staff:
        raise PermissionDenied
    region_slug = ctx.region.slug
    form = UploadForm()
    report: ImportReport | None = None
    token = ""
    if request.method == "POST" and request.POST.get("token"):
        report = _recall(request, region_slug, request.POST["token"])
        if report is None:
            messages.error(request, _("That check has expired; upload the file again."))
            return redirect("harga_pangan-console:import", region_slug=region_slug)
        import_rows(ctx, signed_in(request), report, valid_only=True)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("%(n)d valid rows imported.") % {"n": report.imported})
        return redirect("harga_pangan-console:home", region_slug=region_slug)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_BYTES:
                    raise FileRefused(_("The file is larger than 5 MB."))
                rows = read_rows(upload.name, upload.read())
            except FileRefused as exc:
                form.add_error("file", str(exc))
            else:
                report = check_rows(ctx, rows)
                if report.ok:
                    import_rows(ctx, signed_in(request), report)
                    messages.success(request, _("%(n)d rows imported.") % {"n": report.imported})
                    return redirect("harga_pangan-console:home", region_slug=region_slug)
                token = _remember(request, region_slug, report) if report.valid else ""
    return render(
        request,
        "harga_pangan/console/import.html",
        page(
            ctx,
            form=form,
            report=report,
            token=token,
            items=ctx.config.items,
            markets=ctx.config.markets,
        ),
    )
