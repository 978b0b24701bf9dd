"""Security headers on every page: the Content-Security-Policy (no inline script allowed, and
none needed: a crawl of the demo finds only external or JSON-data scripts and no inline
handlers), Referrer-Policy, nosniff, frame-ancestors; the tile server's origin in img-src."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from kotacerdas.config import tile_origin
from tests.conftest import Demo


def directives(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize(
    ("username", "url"),
    [
        (None, "/"),
        (None, "/r/semarang/"),
        (None, "/r/semarang/aduan-warga/"),
        (None, "/r/semarang/sensor-kota/"),
        (None, "/accounts/login/"),
        (None, "/admin/login/"),
        ("admin-semarang", "/console/semarang/"),
        ("admin-semarang", "/r/semarang/situation/"),
        ("provinsi", "/province/33/situation/"),
    ],
)
def test_html_pages_carry_the_policy(demo: Demo, username: str | None, url: str) -> None:
    response = demo.client_for(username).get(url)
    assert response.status_code == 200, url
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src-elem"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]  # no tile server configured
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("style-src")[0]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_api_answers_carry_the_policy_too(demo: Demo) -> None:
    response = Client().get("/api/regions")
    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("template", "origin"),
    [
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png", "http://10.1.2.3:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),  # this server: 'self' covers it
        ("", None),
        ("javascript:alert(1)//{z}", None),
    ],
)
def test_tile_origin(template: str, origin: str | None) -> None:
    assert tile_origin(template) == origin


def test_the_configured_tile_server_may_serve_images(demo: Demo, settings: object) -> None:
    settings.KOTACERDAS_TILE_URL = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"  # type: ignore[attr-defined]
    response = Client().get("/r/semarang/sensor-kota/")
    policy = directives(response)
    assert policy["img-src"] == ["'self'", "data:", "blob:", "https://*.tile.openstreetmap.org"]
    assert policy["connect-src"] == ["'self'"]  # only images, nothing else, from there


class Scripts(HTMLParser):
    """Collects the scripts, inline handlers and links of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, _value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.handlers.append(f"<{tag} {name}>")
            if name == "href" and (named.get(name) or "").startswith("javascript:"):
                self.handlers.append(f"<{tag} href=javascript:>")
        if tag == "script":
            self._in_script = named
        if tag == "a" and named.get("href"):
            self.links.append(str(named["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        attrs = self._in_script
        if attrs is None or not data.strip():
            return
        # JSON data blocks (json_script, schema.org JSON-LD) are data, never run.
        if attrs.get("type") not in ("application/json", "application/ld+json"):
            self.inline.append(data.strip()[:80])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = None


SKIP = ("/static/", "/media/", "/api/", "/i18n/", "/accounts/logout", "/admin/")
# Downloads and streams, not pages.
SKIP_ENDINGS = (".csv", ".xlsx", ".json", ".xml", ".geojson", "/stream/", "/events/")


def shape(path: str) -> str:
    # /reports/SMG-001/ and /reports/SMG-002/ render the same template: one of them is enough.
    return "/".join("#" if re.search(r"\d", part) else part for part in path.split("/"))


def crawl(client: Client, starts: list[str], limit: int) -> dict[str, Scripts]:
    seen: dict[str, Scripts] = {}
    queue = deque(starts)
    visited: set[str] = set()
    while queue and len(seen) < limit:
        url = queue.popleft()
        if shape(url) in visited:
            continue
        visited.add(shape(url))
        response = client.get(url)
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if getattr(response, "streaming", False):
            continue
        assert "Content-Security-Policy" in response, url
        page = Scripts()
        page.feed(response.content.decode())
        seen[url] = page
        for href in page.links:
            target = urldefrag(href)[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP) or parts.path.endswith(SKIP_ENDINGS):
                continue
            # One page per path is enough: filters and pages of a list render the same tags.
            if shape(parts.path) not in visited:
                queue.append(parts.path)
    return seen


@pytest.mark.parametrize(
    ("username", "starts"),
    [
        (None, ["/", "/apps/", "/r/semarang/", "/accounts/login/"]),
        ("admin-semarang", ["/console/semarang/", "/r/semarang/situation/"]),
        ("provinsi", ["/console/", "/province/33/situation/"]),
    ],
)
def test_no_inline_script_or_handler_on_any_page(
    demo: Demo, username: str | None, starts: list[str]
) -> None:
    pages = crawl(demo.client_for(username), starts, limit=120)
    assert len(pages) > 10  # the crawl really walked the site
    found = {
        url: page.inline + page.handlers
        for url, page in pages.items()
        if page.inline or page.handlers
    }
    assert found == {}


def test_api_docs_come_from_this_server(db: None) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui-init.js") for a in assets)  # the init, not inline
    assert all(a.startswith("/static/") for a in assets), assets
    page = Scripts()
    page.feed(html)
    assert page.inline == [] and page.handlers == []
    assert directives(response)["script-src"] == ["'self'"]
    settings_block = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)
    assert settings_block is not None and '"validatorUrl": null' in settings_block.group(1)
    # Every asset is a file of an installed package, found by the static files finders.
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_inline_code_is_found_by_the_crawler_parser() -> None:
    # The crawl above passes only if its parser sees inline code at all.
    page = Scripts()
    page.feed(
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<select onchange="this.form.submit()"></select><a href="javascript:go()">x</a>'
    )
    assert page.inline == ["alert(1)"]
    assert page.handlers == ["<select onchange>", "<a href=javascript:>"]
