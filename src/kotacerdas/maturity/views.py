"""The evaluation's pages: the province's side-by-side view (with templates and reviews)
and a region's own page where its team enters the manual indicators."""

from __future__ import annotations

from dataclasses import dataclass
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
from kotacerdas.maturity import access, services, spbe
from kotacerdas.maturity.compute import recompute
from kotacerdas.maturity.forms import CopyForm, EntryForm, ReviewForm, WeightsForm
from kotacerdas.maturity.maps import province_map
from kotacerdas.maturity.models import (
    Entry,
    EntryState,
    EvaluationTemplate,
    Evidence,
    Framework,
    Indicator,
    Scale,
    Score,
    ScoreLevel,
    Source,
)
from kotacerdas.maturity.present import ranking_lines, spbe_lines
from kotacerdas.maturity.queries import BANDS, province_rows, region_scores, spbe_rows
from kotacerdas.maturity.seed import seed_template
from kotacerdas.platform.context import scope_of
from kotacerdas.web.views.access import ConsoleAccess, console_region


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
    # The assessor's own scope reads every region of the province (the platform admin's
    # every region): two queries whatever the number of regions.
    scope = scope_of(request)
    waiting = list(
        Entry.objects.scoped(scope)
        .filter(region__in=regions, indicator__template=template, state=EntryState.SUBMITTED)
        .select_related("indicator", "region")
        .order_by("region__code", "indicator__position")
    )
    files: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.scoped(scope).filter(entry__in=waiting):
        files.setdefault(item.entry_id, []).append(item)
    submitted = [
        (entry.region, entry, files.get(entry.pk, []), ReviewForm(prefix=f"e{entry.pk}"))
        for entry in waiting
    ]
    rows = province_rows(regions, template, templates)
    context: dict[str, Any] = {
        "province": province,
        "template": template,
        "templates": templates,
        "dimensions": DIMENSIONS,
        "ranking": ranking_lines(rows, template.year),
        "bands": BANDS,
        "map": province_map(rows, template),
        "spbe_lines": spbe_lines(spbe_rows(regions, template), template.year),
        "spbe_domains": spbe.DOMAINS,
        "predicates": spbe.PREDICATES,
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


def _entry_post(
    request: HttpRequest, region: Region, template: EvaluationTemplate, problem: dict[str, str]
) -> HttpResponse | None:
    """The team's entry of one manual indicator (monev or SPBE): a redirect to it when
    saved, else ``None`` with the refusal in ``problem`` under the indicator's code."""
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
    return None


def _cards(
    indicators: list[Indicator],
    scope: Scope,
    region: Region,
    template: EvaluationTemplate,
    scores: dict[tuple[str, str], Any],
    level: str,
    team: bool,
    problem: dict[str, str],
) -> dict[str, dict[str, Any]]:
    """Each indicator's card: its score, the entry, its evidence, whether the team may edit."""
    entries = {
        e.indicator_id: e
        for e in Entry.objects.scoped(scope).filter(region=region, indicator__template=template)
    }
    evidence: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.scoped(scope).filter(entry__in=list(entries.values())):
        evidence.setdefault(item.entry_id, []).append(item)
    cards = {}
    for ind in indicators:
        entry = entries.get(ind.pk)
        cards[ind.code] = {
            "indicator": ind,
            "score": scores.get((level, ind.code)),
            "entry": entry,
            "evidence": evidence.get(entry.pk, []) if entry else [],
            "editable": team
            and ind.source == Source.MANUAL
            and not (entry and entry.state in (EntryState.SUBMITTED, EntryState.APPROVED)),
            "levels": list(enumerate(ind.levels, 1)) if ind.scale == Scale.LEVELS else [],
            "problem": problem.get(ind.code, ""),
        }
    return cards


@dataclass
class _RegionPage:
    """What the region's monev and SPBE pages share: the year shown, the team, the scores
    (recomputed on a GET, the entry handled on a POST) and the answer's status."""

    found: ConsoleAccess
    template: EvaluationTemplate
    templates: list[EvaluationTemplate]
    team: bool
    problem: dict[str, str]
    status: int
    scores: dict[tuple[str, str], Score]

    @property
    def region(self) -> Region:
        return self.found.region

    def cards(self, indicators: list[Indicator], level: str) -> dict[str, dict[str, Any]]:
        return _cards(
            indicators,
            self.found.scope,
            self.region,
            self.template,
            self.scores,
            level,
            self.team,
            self.problem,
        )


def _region_page(request: HttpRequest, region_slug: str) -> _RegionPage | HttpResponse:
    found = console_region(request, region_slug)
    if isinstance(found, HttpResponse):
        return found
    region = found.region
    template, templates = _templates(request.GET.get("year") or request.POST.get("year_shown"))
    team = access.enters_for(request.user, region)
    problem: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        done = _entry_post(request, region, template, problem)
        if done is not None:
            return done
        status = 400
    else:
        recompute(region, template)  # the page shows live figures; a few dozen rows
    scores = region_scores(region, template)
    return _RegionPage(found, template, templates, team, problem, status, scores)


def region_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    page = _region_page(request, region_slug)
    if isinstance(page, HttpResponse):
        return page
    region, template, scores = page.region, page.template, page.scores
    indicators = [i for i in template.indicators.all() if i.framework == Framework.MONEV]
    cards = page.cards(indicators, ScoreLevel.INDICATOR)
    groups = [
        (
            dim,
            scores.get(("dimension", dim.key)),
            [cards[i.code] for i in indicators if i.dimension == dim.key],
        )
        for dim in DIMENSIONS
    ]
    context = {
        "access": page.found,
        "region": region,
        "section": "maturity",
        "template": template,
        "templates": page.templates,
        "groups": groups,
        "index": scores.get(("index", "index")),
        "aspects": [(k, scores.get(("aspect", k))) for k in template.aspect_weights],
        "team": page.team,
    }
    return render(request, "maturity/region.html", context, status=page.status)


def region_spbe(request: HttpRequest, region_slug: str) -> HttpResponse:
    """The region's SPBE evaluation: 4 domains, 8 aspects, 47 levels entered with evidence
    and reviewed like the monev's manual indicators; the apps' figures for 42 and 43."""
    page = _region_page(request, region_slug)
    if isinstance(page, HttpResponse):
        return page
    region, template, scores = page.region, page.template, page.scores
    indicators = [i for i in template.indicators.all() if i.framework == Framework.SPBE]
    cards = page.cards(indicators, ScoreLevel.SPBE_INDICATOR)
    domains = []
    for domain in spbe.DOMAINS:
        aspects = [
            (
                aspect,
                scores.get((ScoreLevel.SPBE_ASPECT, aspect.key)),
                [cards[i.code] for i in indicators if i.sub_element == aspect.key],
            )
            for aspect in spbe.ASPECTS
            if aspect.domain == domain.key
        ]
        domains.append((domain, scores.get((ScoreLevel.SPBE_DOMAIN, domain.key)), aspects))
    index = scores.get((ScoreLevel.SPBE_INDEX, "index"))
    context = {
        "access": page.found,
        "region": region,
        "section": "maturity",
        "template": template,
        "templates": page.templates,
        "domains": domains,
        "index": index,
        "predicate": spbe.predicate(index.value if index else None),
        "predicates": spbe.PREDICATES,
        "team": page.team,
    }
    return render(request, "maturity/spbe.html", context, status=page.status)


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
