"""The CAP 1.2 feed: every message validated against the OASIS CAP 1.2 XML Schema (the
schema file is kept beside these tests), the Atom feed, areas, times, references."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from django.test import Client
from django.urls import reverse

from kotacerdas.apps.darurat_112.services import warnings as svc
from tests.apps.darurat_112.test_warnings import bpbd_user, ctx_for, form, publish
from tests.conftest import Demo

SCHEMA = xmlschema.XMLSchema(str(Path(__file__).with_name("cap-1.2.xsd")))
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"


def fetch_cap(url: str) -> ET.Element:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    SCHEMA.validate(response.content.decode())  # raises on any violation
    return ET.fromstring(response.content)  # noqa: S314 (our own server's output)


def feed_entries(slug: str) -> list[tuple[str, str]]:
    response = Client().get(reverse("darurat_112:cap-feed", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own server's output)
    assert root.tag == f"{ATOM}feed"
    found = []
    for entry in root.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link[@type='application/cap+xml']")
        assert link is not None
        found.append((entry.findtext(f"{ATOM}title") or "", link.get("href") or ""))
    return found


def test_feed_lists_warnings_and_each_message_is_valid_cap(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    row = publish(demo.semarang, officer, headline_id="Banjir rob & pasang <tinggi>")
    entries = dict(feed_entries("semarang"))
    assert "Banjir rob & pasang <tinggi>" in entries
    alert = fetch_cap(entries["Banjir rob & pasang <tinggi>"])
    assert alert.findtext(f"{CAP}identifier") == row.identifier
    assert alert.findtext(f"{CAP}status") == "Actual"
    assert alert.findtext(f"{CAP}msgType") == "Alert"
    assert alert.findtext(f"{CAP}sent", "").endswith("+07:00")
    infos = alert.findall(f"{CAP}info")
    assert [i.findtext(f"{CAP}language") for i in infos] == ["id-ID", "en-US"]
    assert infos[1].findtext(f"{CAP}headline") == "Flood warning for North Semarang"
    assert infos[0].findtext(f"{CAP}event") == "Banjir"
    assert infos[0].findtext(f"{CAP}category") == "Met"
    assert infos[0].findtext(f"{CAP}onset", "").endswith("+07:00")
    circle = infos[0].findtext(f"{CAP}area/{CAP}circle")
    assert circle == "-6.97000,110.42000 3"


def test_polygon_and_region_outline_areas_are_lat_lon_pairs(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    poly = publish(
        demo.semarang,
        officer,
        area_kind="polygon",
        polygon="-6.97,110.40 -6.96,110.43 -6.99,110.44",
    )
    whole = publish(demo.semarang, officer, area_kind="region", headline_en="", description_en="")
    for row in (poly, whole):
        url = reverse("darurat_112:cap-alert", args=["semarang", row.identifier])
        alert = fetch_cap(url)
        polygons = [p.text or "" for p in alert.iter(f"{CAP}polygon")]
        assert polygons
        for text in polygons:
            pairs = [tuple(map(float, p.split(","))) for p in text.split()]
            assert len(pairs) >= 4 and pairs[0] == pairs[-1]
            # Latitude first: Semarang is at about -7 latitude, 110 longitude.
            assert all(-8 < lat < -6 and 109 < lon < 112 for lat, lon in pairs)
    # No English texts: only the Indonesian info block.
    alert = fetch_cap(reverse("darurat_112:cap-alert", args=["semarang", whole.identifier]))
    assert [i.findtext(f"{CAP}language") for i in alert.findall(f"{CAP}info")] == ["id-ID"]


def test_update_and_cancel_reference_the_earlier_messages(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    ctx = ctx_for(demo.semarang, officer)
    first = publish(demo.semarang, officer)
    update = svc.publish_warning(ctx, svc.check(demo.semarang, form()), previous=first)
    cancel = svc.cancel_warning(ctx, update, "Air surut")
    alert = fetch_cap(reverse("darurat_112:cap-alert", args=["semarang", cancel.identifier]))
    assert alert.findtext(f"{CAP}msgType") == "Cancel"
    refs = (alert.findtext(f"{CAP}references") or "").split()
    assert [r.split(",")[1] for r in refs] == [first.identifier, update.identifier]
    assert all(r.split(",")[0] == first.sender and r.endswith("+07:00") for r in refs)
    assert alert.findtext(f"{CAP}note") == "Air surut"
    # The replaced messages stay readable by identifier but leave the feed.
    titles_urls = feed_entries("semarang")
    urls = [u for _, u in titles_urls]
    assert any(cancel.identifier in u for u in urls)
    assert not any(first.identifier in u or update.identifier in u for u in urls)
    fetch_cap(reverse("darurat_112:cap-alert", args=["semarang", first.identifier]))


def test_drafts_other_regions_and_junk_identifiers_are_not_found(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    ctx = ctx_for(demo.semarang, officer)
    draft = svc.save_draft(ctx, svc.check(demo.semarang, form()))
    published = publish(demo.semarang, officer)
    client = Client()
    for slug, identifier in (
        ("semarang", draft.identifier),
        ("kendal", published.identifier),
        ("semarang", "x" * 500),
        ("semarang", "<script>"),
    ):
        url = f"/r/{slug}/darurat-112/cap/{identifier}.xml"
        assert client.get(url).status_code == 404
    assert not any(draft.identifier in u for _, u in feed_entries("semarang"))


@pytest.mark.parametrize("slug", ["kendal"])
def test_an_empty_feed_is_still_a_valid_atom_feed(demo: Demo, slug: str) -> None:
    response = Client().get(reverse("darurat_112:cap-feed", args=[slug]))
    root = ET.fromstring(response.content)  # noqa: S314 (our own server's output)
    assert root.find(f"{ATOM}id") is not None and root.find(f"{ATOM}updated") is not None
    assert root.find(f"{ATOM}link[@rel='self']") is not None
