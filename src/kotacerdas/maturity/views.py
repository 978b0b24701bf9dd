"""The evaluation's pages: the province's side-by-side view (with templates and reviews)
and a region's own page where its team enters the manual indicators."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.models import Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.maturity import access, services
from kotacerdas.maturity.compute import recompute
from kotacerdas.maturity.forms import CopyForm, EntryForm, ReviewForm, WeightsForm
from kotacerdas.maturity.models import (
    Entry,
    EntryState,
    EvaluationTemplate,
    Evidence,
    Indicator,
    Scale,
    Source,
)
from kotacerdas.maturity.queries import band, province_rows, region_scores
from kotacerdas.maturity.seed import seed_template
from kotacerdas.web.views.access import console_region


def _templates(year: str | None) -> tuple[EvaluationTemplate, list[EvaluationTemplate]]:
    templates = list(EvaluationTemplate.objects.all())
    if not templates:
        templates = [seed_template(timezone.localdate().year)]
    chosen = next((t for t in templates if str(t.year) == (year or "")), None)
    if chosen is None:
        this_year = timezone.localdate().year
        chosen = next((t for t in templates if t.year == this_year), templates[0])
    return chosen, templates


def _province(request: HttpRequest, code: str) -> Province | HttpResponse:
    province = get_object_or_404(Province, code=code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.assesses_province(request.user, province):
        raise PermissionDenied
    return province


def province_view(request: HttpRequest, code: str) -> HttpResponse:
    found = _province(request, code)
    if isinstance(found, HttpResponse):
        return found
    province = found
    template, templates = _templates(request.GET.get("year") or request.POST.get("year_shown"))
    regions = list(Region.objects.filter(province=province).order_by("code"))
    weights_form = WeightsForm(initial=template.aspect_weights)
    copy_form = CopyForm(initial={"year": template.year + 1})
    problem = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "weights":
                weights_form = WeightsForm(request.POST)
                if weights_form.is_valid():
                    services.set_aspect_weights(request.user, template, weights_form.weights())
                    for region in regions:
                        recompute(region, template)
                    return redirect(f"{request.path}?year={template.year}")
                problem = _("Check the weights.")
            elif action == "copy":
                copy_form = CopyForm(request.POST)
                if copy_form.is_valid():
                    copy = services.copy_to_year(
                        request.user, template, copy_form.cleaned_data["year"]
                    )
                    return redirect(f"{request.path}?year={copy.year}")
                problem = _("Enter a year.")
            elif action == "recompute":
                for region in regions:
                    recompute(region, template)
                return redirect(f"{request.path}?year={template.year}")
            else:
                problem = _("Unknown action.")
        except services.Refused as exc:
            problem = exc.message
        status = 400
    submitted = []
    for region in regions:
        scope = Scope.region_system(region.pk, "the province's assessor lists submitted entries")
        rows = Entry.objects.scoped(scope).filter(
            region=region, indicator__template=template, state=EntryState.SUBMITTED
        )
        for entry in rows.select_related("indicator"):
            files = list(Evidence.objects.scoped(scope).filter(entry=entry))
            submitted.append((region, entry, files, ReviewForm(prefix=f"e{entry.pk}")))
    context: dict[str, Any] = {
        "province": province,
        "template": template,
        "templates": templates,
        "dimensions": DIMENSIONS,
        "rows": province_rows(regions, template, templates),
        "band": band,
        "weights_form": weights_form,
        "copy_form": copy_form,
        "submitted": submitted,
        "problem": problem,
    }
    return render(request, "maturity/province.html", context, status=status)


def review(request: HttpRequest, code: str, entry_id: int) -> HttpResponse:
    found = _province(request, code)
    if isinstance(found, HttpResponse):
        return found
    if request.method != "POST":
        return redirect("maturity:province", code)
    entry = get_object_or_404(
        Entry.objects.unscoped("the assessor's check follows: the entry's region decides"),
        pk=entry_id,
        region__province=found,
    )
    form = ReviewForm(request.POST, prefix=f"e{entry.pk}")
    url = reverse("maturity:province", args=[code]) + f"?year={entry.indicator.template.year}"
    if not form.is_valid():
        return HttpResponse(_("Choose accept, adjust or return."), status=400)
    try:
        services.review_entry(
            request.user,
            entry,
            form.cleaned_data["decision"],
            form.cleaned_data["comment"],
            form.cleaned_data["value"],
        )
    except services.Refused as exc:
        return render(
            request,
            "maturity/refused.html",
            {"message": exc.message, "back": url, "province": found},
            status=400,
        )
    return redirect(url)


def region_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    found = console_region(request, region_slug)
    if isinstance(found, HttpResponse):
        return found
    region = found.region
    template, templates = _templates(request.GET.get("year") or request.POST.get("year_shown"))
    team = access.enters_for(request.user, region)
    problem: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        code = request.POST.get("indicator", "")
        indicator = get_object_or_404(Indicator, template=template, code=code)
        form = EntryForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.get("evidence")
            files = [services.Upload(upload.name, upload, upload.size)] if upload else []
            try:
                services.save_entry(
                    request.user,
                    region,
                    indicator,
                    form.cleaned_data["value"],
                    form.cleaned_data["note"],
                    files,
                    submit=request.POST.get("submit") == "1",
                )
                return redirect(f"{request.path}?year={template.year}#i-{code}")
            except services.Refused as exc:
                problem[code] = exc.message
        else:
            problem[code] = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        status = 400
    else:
        recompute(region, template)  # the page shows live figures; a few dozen rows
    scope = found.scope
    entries = {
        e.indicator_id: e
        for e in Entry.objects.scoped(scope).filter(region=region, indicator__template=template)
    }
    evidence: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.scoped(scope).filter(entry__in=list(entries.values())):
        evidence.setdefault(item.entry_id, []).append(item)
    scores = region_scores(region, template)
    groups = []
    indicators = list(template.indicators.all())
    for dim in DIMENSIONS:
        items = []
        for ind in indicators:
            if ind.dimension != dim.key:
                continue
            entry = entries.get(ind.pk)
            items.append(
                {
                    "indicator": ind,
                    "score": scores.get(("indicator", ind.code)),
                    "entry": entry,
                    "evidence": evidence.get(entry.pk, []) if entry else [],
                    "editable": team
                    and ind.source == Source.MANUAL
                    and not (entry and entry.state in (EntryState.SUBMITTED, EntryState.APPROVED)),
                    "levels": list(enumerate(ind.levels, 1)) if ind.scale == Scale.LEVELS else [],
                    "problem": problem.get(ind.code, ""),
                }
            )
        groups.append((dim, scores.get(("dimension", dim.key)), items))
    context = {
        "access": found,
        "region": region,
        "section": "maturity",
        "template": template,
        "templates": templates,
        "groups": groups,
        "index": scores.get(("index", "index")),
        "aspects": [(k, scores.get(("aspect", k))) for k in template.aspect_weights],
        "team": team,
    }
    return render(request, "maturity/region.html", context, status=status)


FORMATS = ("pdf", "csv", "xlsx")


def _file(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{name}"'
    return answer


def province_report(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    from kotacerdas.maturity import reports

    if fmt not in FORMATS:
        raise Http404
    found = _province(request, code)
    if isinstance(found, HttpResponse):
        return found
    template, templates = _templates(request.GET.get("year"))
    regions = list(Region.objects.filter(province=found).order_by("code"))
    stem = f"indeks-kematangan-{found.code}-{template.year}"
    if fmt == "pdf":
        language = getattr(request, "LANGUAGE_CODE", "id")
        pdf = reports.province_pdf(found, regions, template, templates, language)
        return _file(pdf, "application/pdf", f"{stem}.pdf")
    if fmt == "csv":
        return _file(
            reports.scores_csv(regions, template), "text/csv; charset=utf-8", f"{stem}.csv"
        )
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _file(reports.scores_xlsx(regions, template), xlsx, f"{stem}.xlsx")


def region_report(request: HttpRequest, region_slug: str, fmt: str) -> HttpResponse:
    from kotacerdas.maturity import reports

    if fmt not in FORMATS:
        raise Http404
    found = console_region(request, region_slug)
    if isinstance(found, HttpResponse):
        return found
    template, _templates_all = _templates(request.GET.get("year"))
    region = found.region
    stem = f"indeks-kematangan-{region.slug}-{template.year}"
    if fmt == "pdf":
        language = getattr(request, "LANGUAGE_CODE", "id")
        return _file(
            reports.region_pdf(region, template, language), "application/pdf", f"{stem}.pdf"
        )
    if fmt == "csv":
        return _file(
            reports.scores_csv([region], template), "text/csv; charset=utf-8", f"{stem}.csv"
        )
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _file(reports.scores_xlsx([region], template), xlsx, f"{stem}.xlsx")
