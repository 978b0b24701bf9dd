"""Numbers that scripts read never follow the display locale (issue #15).

In Indonesian Django writes 6.99 as "6,99". On a report's page that went into
``data-lat="-6,99"``, ``Number()`` made it NaN and the report's own pin was missing. Every
rendered page of the demo, in Indonesian, is read here: no attribute holds a comma number,
no data or style attribute carries one inside, and every json_script block is valid JSON.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.core.tenancy import Scope
from tests.conftest import Demo

COMMA_NUMBER = re.compile(r"^\s*-?\d+,\d+\s*$")  # "-6,9482", "110,4", "0,5"
COMMA_INSIDE = re.compile(r"-?\d+,\d+")  # in data-* and style values, any of them
# Attributes where a comma between digits is the attribute's own syntax, not a decimal.
LISTS = {"points", "viewbox", "d", "content", "srcset", "sizes", "coords"}


class Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.scripts: list[str] = []
        self._json: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None:
                self.found.append((tag, name, value))
        if tag == "script" and ("type", "application/json") in attrs:
            self._json = []

    def handle_data(self, data: str) -> None:
        if self._json is not None:
            self._json.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json is not None:
            self.scripts.append("".join(self._json))
            self._json = None


def locale_problems(html: str) -> list[str]:
    parser = Attributes()
    parser.feed(html)
    problems = []
    for tag, name, value in parser.found:
        if name in LISTS:
            continue
        inside = name.startswith("data-") or name == "style"
        if COMMA_NUMBER.match(value) or (inside and COMMA_INSIDE.search(value)):
            problems.append(f"<{tag} {name}={value!r}>")
    for block in parser.scripts:
        try:
            json.loads(block)
        except ValueError as exc:
            problems.append(f"json_script not JSON ({exc}): {block[:80]}")
    return problems


def test_the_checker_catches_a_decimal_comma() -> None:
    assert locale_problems('<div data-lat="-6,9482" data-lng="110.43"></div>') == [
        "<div data-lat='-6,9482'>"
    ]
    assert locale_problems('<span style="width: 12,5%">') == ["<span style='width: 12,5%'>"]
    assert locale_problems('<input value="13,5">') == ["<input value='13,5'>"]
    assert locale_problems('<polygon points="1,2 3,4"/><p title="a, b">1,5</p>') == []


def test_no_demo_page_writes_a_locale_number_for_scripts(demo: Demo) -> None:
    system = Scope.system("locale test")
    report = Report.objects.scoped(system).filter(region=demo.semarang, lat__isnull=False).first()
    station = Station.objects.scoped(system).filter(region=demo.semarang).first()
    assert report is not None and station is not None, "the demo seeds reports and stations"
    client = demo.client_for("admin-semarang")  # the room and the console need staff
    client.cookies["django_language"] = "id"
    anonymous = demo.client_for(None)
    anonymous.cookies["django_language"] = "id"
    pages = [
        "/",
        "/r/semarang/",
        "/r/semarang/aduan-warga/",
        "/r/semarang/aduan-warga/lapor/",
        f"/r/semarang/aduan-warga/laporan/{report.ticket}/",
        "/r/semarang/sensor-kota/",
        f"/r/semarang/sensor-kota/stasiun/{station.code}/",
        "/r/semarang/situation/",
        "/r/semarang/harga-pangan/",
        "/r/semarang/harga-pangan/pasar/pasar-johar/",
        "/r/semarang/harga-pangan/komoditas/beras:medium-1/",
        "/console/semarang/",
        "/console/semarang/aduan-warga/",
        f"/console/semarang/aduan-warga/{report.ticket}/",
        "/console/semarang/harga-pangan/",
        "/console/semarang/harga-pangan/entri/pasar-johar/",
        "/console/semarang/apps/harga-pangan/",
    ]
    checked = {}
    for path in pages:
        for who in (anonymous, client):
            response = who.get(path)
            if response.status_code in (302, 403) and who is anonymous:
                continue  # staff pages: read as staff below
            assert response.status_code == 200, (path, response.status_code)
            html = response.content.decode()
            assert '<html lang="id"' in html, path
            checked[path] = locale_problems(html)
    assert set(checked) == set(pages)
    assert {path: problems for path, problems in checked.items() if problems} == {}

    # The page of the bug itself: the pin's coordinates, with a dot, exactly.
    html = client.get(f"/r/semarang/aduan-warga/laporan/{report.ticket}/").content.decode()
    assert f'data-lat="{report.lat!r}"' in html and f'data-lng="{report.lng!r}"' in html
    assert "Diterima" in html  # and it is the Indonesian page
