"""Every console page is reached by clicking from /console/, for the roles that may see it."""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from kotacerdas.contract import Access, all_apps
from kotacerdas.platform.console_nav import console_namespace
from kotacerdas.web.urls import console_patterns
from tests.conftest import Demo

LINK = re.compile(r'href="(/console/[^"#?]*)"')


def crawl(client: Client, start: str = "/console/", limit: int = 400) -> dict[str, int]:
    """Status of every console page reached by following links from ``start``."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 302 and response["Location"].startswith("/console/"):
            queue.append(response["Location"])  # /console/ sends a one-region user on
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for link in LINK.findall(response.content.decode()):
                if link not in seen:
                    queue.append(link)
    return seen


def parameterless(patterns: list[object]) -> list[str]:
    """Names of patterns that need nothing but the region (the pages a menu can link to)."""
    return [
        p.name
        for p in patterns
        if isinstance(p, URLPattern) and p.name and not p.pattern.converters
    ]


def console_pages(region_slug: str, access: Access) -> set[str]:
    """Every parameterless console page of the region: the core's and each app's staff
    pages declared in its console entries for ``access`` (every staff page must be one)."""
    # The core's region pages; the platform-wide ones (home, people, regions) are not a
    # region's and belong to the platform admin.
    region_patterns = [
        p for p in console_patterns[0] if str(getattr(p, "pattern", "")).startswith("<slug:")
    ]
    pages = {
        reverse(f"console:{name}", kwargs={"region_slug": region_slug})
        for name in parameterless(region_patterns)
    }
    for app in all_apps():
        entries = {e.url_name: e for e in app.console_entries()}
        for name in parameterless(app.staff_urls()):
            entry = entries.get(name)
            # A page with no menu entry of its own (a "new station" form, an import) must
            # still be reached by clicking from one that has: the crawls prove it.
            if entry is None:
                if access >= Access.STAFF:
                    pages.add(
                        reverse(
                            f"{console_namespace(app.key)}:{name}",
                            kwargs={"region_slug": region_slug},
                        )
                    )
                continue
            if access >= entry.access:
                pages.add(
                    reverse(
                        f"{console_namespace(app.key)}:{name}", kwargs={"region_slug": region_slug}
                    )
                )
    return pages


def test_every_console_page_is_reached_by_clicking_as_region_admin(demo: Demo) -> None:
    reached = crawl(demo.client_for("admin-semarang"))
    missing = console_pages("semarang", Access.ADMIN) - reached.keys()
    assert not missing, f"not reachable by clicking from /console/: {sorted(missing)}"
    assert all(status < 500 for status in reached.values()), reached


def test_agency_staff_reach_their_queues_and_not_the_admin_settings(demo: Demo) -> None:
    reached = crawl(demo.client_for("dpu-semarang"))
    staff_pages = console_pages("semarang", Access.STAFF)
    admin_only = console_pages("semarang", Access.ADMIN) - staff_pages
    app_staff_pages = {p for p in staff_pages if p.count("/") > 4}
    assert app_staff_pages <= reached.keys(), sorted(app_staff_pages - reached.keys())
    linked = {p for p, status in reached.items() if status == 200}
    assert not (admin_only & linked) or all(
        "apps" in p or "members" in p or "agencies" in p for p in admin_only & linked
    )


@pytest.mark.parametrize("username", ["admin-semarang", "dpu-semarang"])
def test_navigation_lists_the_enabled_apps_with_live_counts(demo: Demo, username: str) -> None:
    page = demo.client_for(username).get("/console/semarang/").content.decode()
    assert 'class="console-nav-group' in page
    # Work queues show their count beside the label.
    assert re.search(r'class="badge"[^>]*>\d+<', page)


def test_no_navigation_into_apps_the_region_has_not_enabled(demo: Demo) -> None:
    from kotacerdas.core.models import AppInstallation
    from kotacerdas.core.tenancy import Scope

    row = AppInstallation.objects.unscoped("test").get(region=demo.kendal, app_key="aduan-warga")
    row.enabled = False
    row.save()
    page = demo.client_for("admin-kendal").get("/console/kendal/").content.decode()
    assert "/console/kendal/aduan-warga/" not in page
    assert AppInstallation.objects.scoped(Scope.system("test")).filter(enabled=True).exists()
