"""The province's room and the heat-table fragment the page re-fetches on events."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.situation.province import heat_rows, province_access
from kotacerdas.situation.stream import newest_id


def province_room(request: HttpRequest, code: str) -> HttpResponse:
    view = province_access(request, code)
    config = {
        "stream": reverse("situation:province-stream", args=[code]),
        "heat": reverse("situation:province-heat", args=[code]),
        "after": newest_id(),
    }
    return render(
        request,
        "situation/province.html",
        {
            "province": view.province,
            "dimensions": DIMENSIONS,
            "rows": heat_rows(view),
            "config": config,
            "kiosk": request.GET.get("kiosk") == "1",
        },
    )


def province_heat(request: HttpRequest, code: str) -> HttpResponse:
    view = province_access(request, code)
    return render(
        request,
        "situation/_heat.html",
        {"province": view.province, "dimensions": DIMENSIONS, "rows": heat_rows(view)},
    )
