"""The region's audit log in the console: region admins and the platform admin only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.audit import entries_for
from kotacerdas.web.views.access import console_region

PER_PAGE = 50

# What each recorded action is called on the page; an action missing here shows its code.
ACTIONS: dict[str, Any] = {
    "signin.succeeded": _("Signed in"),
    "signin.failed": _("Sign-in failed"),
    "signin.locked": _("Sign-in locked out"),
    "config.changed": _("Configuration changed"),
    "app.enabled": _("App enabled"),
    "key.issued": _("API key issued"),
    "key.revoked": _("API key revoked"),
    "role.changed": _("Role changed"),
    "agency.changed": _("Agency changed"),
    "alert.acknowledged": _("Alert acknowledged"),
    "alert.closed": _("Alert closed"),
    "prices.imported": _("Prices imported"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


class AuditFilter(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: Any, actions: list[str]) -> None:
        super().__init__(data)
        choices = [("", _("All actions"))] + [(a, action_label(a)) for a in actions]
        self.fields["action"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since: dt.date | None = cleaned.get("since")
        until: dt.date | None = cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned


def audit_log(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    if not access.is_admin:
        raise PermissionDenied
    rows = entries_for(access.scope, access.region)
    known = sorted(set(ACTIONS) | set(rows.order_by().values_list("action", flat=True).distinct()))
    form = AuditFilter(request.GET, known)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            rows = rows.filter(action=data["action"])
        # Days are the region's (WIB): __date converts in the current time zone.
        if data["since"]:
            rows = rows.filter(at__date__gte=data["since"])
        if data["until"]:
            rows = rows.filter(at__date__lte=data["until"])
    else:
        rows = rows.none()
        status = 400
    page = Paginator(rows.order_by("-at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "access": access,
        "region": access.region,
        "section": "audit",
        "form": form,
        "page": page,
        "entries": [(e, action_label(e.action)) for e in page],
        "query": query.urlencode(),
    }
    return render(request, "kotacerdas/console/audit.html", context, status=status)
