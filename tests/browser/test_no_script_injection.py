"""Stored markup never runs: every free-text field and label of every app's configuration and
the content people type (report descriptions, station, market and agency names, a region's
tagline, alert titles) is filled with script-injection markup; then every public and console
page of each app and both situation rooms are opened in Chromium on a phone and a desktop,
the map markers hovered and clicked, and nothing may have executed or been parsed as HTML.

Two proofs per page: ``window.__pwned`` stays undefined and no dialog opens (what an injection
would do), and no element made of the markup exists in the DOM (an ``<img src=x>`` or an inline
``<script>`` mentioning ``__pwned``): the page's Content-Security-Policy would stop the handler
from running, so the DOM check is what shows the text was rendered as text. Any CSP violation
the page reports (our own code breaking the policy) fails the test too.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from itertools import count
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import Resolver404, resolve

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARK = '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
SHORT = "<img src=x onerror=window.__pwned=1>"
# Identifiers other rows or code look up by value (not text anyone reads), and URLs.
IDENTIFIERS = {"key", "code", "service_code", "quantity", "logo_url"}
RESTRICTED = ("pattern", "enum", "const", "format", "x-kotacerdas-ref")

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
PROBE = """() => ({
  pwned: typeof window.__pwned !== "undefined",
  injected: document.querySelectorAll('img[src="x"]').length +
    Array.from(document.scripts).filter(function (s) {
      return !s.src && s.type !== "application/json" && s.type !== "application/ld+json"
        && s.textContent.indexOf("__pwned") >= 0;
    }).length,
  violations: window.__cspViolations || []
})"""


def poisoned(value: Any, schema: dict[str, Any], name: str | None, n: Iterator[int]) -> Any:
    """``value`` with every free-text string (per the schema) replaced by markup."""
    if isinstance(value, str):
        if name in IDENTIFIERS or any(k in schema for k in RESTRICTED):
            return value
        limit = schema.get("maxLength")
        mark = MARK if limit is None or limit >= len(MARK) + 6 else SHORT
        return f"{mark}{next(n)}"
    if isinstance(value, list):
        items = schema.get("items")
        return [poisoned(v, items if isinstance(items, dict) else {}, name, n) for v in value]
    if isinstance(value, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        rest = extra if isinstance(extra, dict) else {}
        return {k: poisoned(v, props.get(k, rest), k, n) for k, v in value.items()}
    return value


def poison_everything() -> int:
    """Markup into every app's configuration and the content of Kota Semarang; returns how
    many configuration strings were replaced."""
    from kotacerdas.contract import Severity, all_apps
    from kotacerdas.core.alerts import raise_alert
    from kotacerdas.core.models import Agency, AppInstallation, Region
    from kotacerdas.core.models.events import AlertRecord
    from kotacerdas.core.services.config_schema import validate_config
    from kotacerdas.platform.context import forget_contexts

    n = count(1)
    changed = 0
    semarang = Region.objects.get(slug="semarang")
    for app in all_apps():
        schema = app.manifest.config_schema
        for inst in AppInstallation.objects.unscoped("test").filter(app_key=app.key):
            full = validate_config(schema, app.upgrade_config(inst.config))
            before = next(n)
            inst.config = validate_config(schema, poisoned(full, schema, None, n))
            changed += next(n) - before - 1
            inst.save()
    semarang.tagline = MARK
    semarang.save()
    for agency in Agency.objects.unscoped("test").filter(region=semarang):
        agency.name = f"{MARK}{next(n)}"
        agency.save()
    for record in AlertRecord.objects.unscoped("test").filter(region=semarang):
        record.title, record.detail = MARK, MARK
        record.save()
    raise_alert(
        semarang, "sensor-kota", "injection-test", Severity.WARNING, MARK, detail=MARK, public=True
    )
    try:
        from kotacerdas.apps.aduan_warga.models import Report

        for report in Report.objects.unscoped("test").filter(region=semarang):
            report.description = MARK
            report.category_name = MARK[:120]
            report.address = MARK
            report.status_notes = MARK
            report.save()
    except ImportError:
        pass
    try:
        from kotacerdas.apps.sensor_kota.models import Station

        for station in Station.objects.unscoped("test").filter(region=semarang):
            station.name = f"{MARK}{station.code}"
            station.save()
    except ImportError:
        pass
    forget_contexts()
    return changed


SKIP = ("/static/", "/media/", "/api/", "/i18n/", "/accounts/", "/admin/")
SKIP_ENDINGS = (".csv", ".xlsx", ".json", ".xml", ".geojson", "/events/", "/stream/")


def view_of(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def pages_of(client: Client, starts: list[str], prefixes: tuple[str, ...], limit: int) -> list[str]:
    """HTML pages reachable by links from ``starts`` and under ``prefixes``: at most two per
    view (two reports or stations render the same template; one may be air, one water)."""
    found: list[str] = []
    tried: set[str] = set()
    per_view: Counter[str] = Counter()
    queue = deque(starts)
    while queue and len(found) < limit:
        url = queue.popleft()
        if url in tried or per_view[view_of(url)] >= 2:
            continue
        tried.add(url)
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        found.append(url)
        per_view[view_of(url)] += 1
        for href in re.findall(r'href="([^"]+)"', response.content.decode()):
            parts = urlsplit(urldefrag(href)[0].replace("&amp;", "&"))
            path = parts.path
            if parts.scheme or parts.netloc or not path.startswith(prefixes):
                continue
            if path.startswith(SKIP) or path.endswith(SKIP_ENDINGS):
                continue
            queue.append(path)
    return found


def visit(page: Any, url: str, dialogs: list[str]) -> dict[str, Any]:
    page.goto(page.base + url)
    page.wait_for_load_state("networkidle")
    markers = page.locator(".leaflet-interactive, .leaflet-marker-icon")
    for i in range(min(markers.count(), 8)):
        marker = markers.nth(i)
        try:
            marker.hover(timeout=2000, force=True)
            marker.click(timeout=2000, force=True)
        except Exception:  # noqa: S112 - a marker hidden by a cluster or the viewport
            continue
        page.wait_for_timeout(50)
    page.wait_for_timeout(200)
    return visit_result(page, dialogs)


def visit_result(page: Any, dialogs: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(PROBE)
    result["dialogs"] = list(dialogs)
    return result


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport_page(request: Any, chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport=VIEWPORTS[request.param],
        is_mobile=request.param == "phone",
        has_touch=request.param == "phone",
    )
    context.set_default_timeout(10_000)
    context.add_init_script(WATCH)
    pg = context.new_page()
    pg.base = live_server.url
    yield pg
    context.close()


def test_stored_markup_never_runs(viewport_page: Any) -> None:
    from kotacerdas.contract import all_apps
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    assert poison_everything() > 20  # labels, names, descriptions of every app
    page = viewport_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    staff = Client()
    staff.force_login(User.objects.get(username="admin-semarang"))
    urls = ["/r/semarang/", "/r/semarang/situation/", "/console/semarang/"]
    for app in all_apps():
        public = f"/r/semarang/{app.key}/"
        console = f"/console/semarang/{app.key}/"
        urls += pages_of(staff, [public], (public,), limit=8)
        urls += pages_of(staff, [console, "/console/semarang/"], (console,), limit=8)
    # The console's own pages too: app settings forms show every configured label.
    urls += pages_of(staff, ["/console/semarang/"], ("/console/semarang/",), limit=16)
    urls = list(dict.fromkeys(urls))
    assert any("/sensor-kota/" in u for u in urls) and any("/console/semarang/" in u for u in urls)

    sign_in(page, "admin-semarang", "demo-semarang")
    results = {url: visit(page, url, dialogs) for url in urls}

    # The case the probe found: the station tooltip shows the configured label as text.
    page.goto(page.base + "/r/semarang/sensor-kota/")
    page.wait_for_selector("#sensor-map[data-ready='1']")
    page.locator("#sensor-map .leaflet-interactive").first.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip").first
    tooltip.wait_for()
    tooltip_text = tooltip.inner_text()
    results["(tooltip) /r/semarang/sensor-kota/"] = visit_result(page, dialogs)

    province = page.context.browser.new_context(locale="id-ID", viewport=page.viewport_size)
    province.add_init_script(WATCH)
    officer = province.new_page()
    officer.base = page.base
    officer.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(officer, "provinsi", "demo-provinsi")
    results["/province/33/situation/"] = visit(officer, "/province/33/situation/", dialogs)
    results["(province) /r/semarang/situation/"] = visit(officer, "/r/semarang/situation/", dialogs)
    province.close()

    print("URLS", sorted(results))
    bad = {url: r for url, r in results.items() if r["pwned"] or r["injected"] or r["violations"]}
    assert bad == {}
    assert dialogs == []
    assert len(results) > 10
    assert "onerror=" in tooltip_text  # the configured label, shown as text


def test_api_docs_render_offline_under_the_policy(chromium: Any, live_server: Any) -> None:
    """Swagger UI draws the document with every request kept on this server."""
    context = chromium.new_context(locale="id-ID")
    context.add_init_script(WATCH)
    foreign: list[str] = []

    def only_here(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    page = context.new_page()
    page.goto(live_server.url + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "kotacerdas API" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)  # operations are listed
    assert page.locator(".swagger-ui .opblock").count() > 5
    assert page.evaluate("window.__cspViolations") == []
    assert foreign == []
    context.close()


def test_filters_still_submit_without_inline_handlers(page: Any) -> None:
    """The handlers moved out of the markup (data-autosubmit, kotacerdas/forms.js) still work."""
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(page.base + "/console/semarang/aduan-warga/")
    with page.expect_navigation():
        page.select_option("select[name=status][data-autosubmit]", "all")
    assert "status=all" in page.url
    page.goto(page.base + "/console/semarang/harga-pangan/entri/pasar-johar/")
    with page.expect_navigation():
        page.fill("#hp-day[data-autosubmit]", "2026-01-05")  # fires input and change
    assert "day=2026-01-05" in page.url
