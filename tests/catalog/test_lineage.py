"""The lineage picture: server-side SVG of who adopted whose variant, who is behind."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree

from kotacerdas.catalog.demo import demo_app
from kotacerdas.catalog.lineage_graph import lineage_graphs
from kotacerdas.catalog.models import Agreement, Variant
from kotacerdas.catalog.services.visibility import today
from kotacerdas.core.models import Region
from tests.conftest import Demo

SVG = re.compile(r"<svg .*?</svg>", re.S)


def demo_graph(demo: Demo, **kwargs: object):  # type: ignore[no-untyped-def]
    app = demo_app()
    assert app is not None
    [graph] = lineage_graphs([app.key], **kwargs)  # type: ignore[arg-type]
    return graph


def test_demo_graph_has_semarang_kendal_demak(demo: Demo) -> None:
    graph = demo_graph(demo)
    assert graph.edge_pairs() == {("semarang", "kendal"), ("kendal", "demak")}
    by_region = {n.region.slug: n for n in graph.nodes}
    semarang, kendal, demak = by_region["semarang"], by_region["kendal"], by_region["demak"]
    assert semarang.x < kendal.x < demak.x  # columns follow the lineage
    assert semarang.version == "2.0.0" and semarang.runs is None
    assert kendal.runs is not None and kendal.runs.version == "1.0.0"
    assert kendal.behind == 1 and kendal.out_of_reach == 0  # Semarang's v2 is waiting
    assert demak.variant is None and demak.behind == 0  # runs Kendal's v1, the latest
    assert {e.version for e in graph.edges} == {"1.0.0"}
    assert graph.width > 0 and graph.height > 0


def test_pages_draw_the_picture_without_script(demo: Demo) -> None:
    client = demo.client_for(None)
    semarang = Variant.objects.unscoped("t").filter(region=demo.semarang).first()
    assert semarang is not None
    for url in ("/catalog/", f"/catalog/variants/{semarang.pk}/", "/catalog/provinces/33/"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        svgs = SVG.findall(page)
        assert svgs, url
        drawn = next(s for s in svgs if "Kabupaten Demak" in s)
        ElementTree.fromstring(drawn)  # noqa: S314 (our own page) well-formed XML
        assert "<script" not in drawn and "http" not in drawn.replace(
            'xmlns="http://www.w3.org/2000/svg"', ""
        )
        assert "Kota Semarang → Kabupaten Kendal (v1.0.0)" in drawn
        assert "Kabupaten Kendal → Kabupaten Demak (v1.0.0)" in drawn
        assert "behind by 1 version" in drawn


def test_variant_page_outlines_its_own_node(demo: Demo) -> None:
    kendal = Variant.objects.unscoped("t").filter(region=demo.kendal, derived_from__isnull=False)
    page = demo.client_for(None).get(f"/catalog/variants/{kendal.get().pk}/").content.decode()
    drawn = next(s for s in SVG.findall(page) if "Kabupaten Demak" in s)
    current = drawn.split('<g class="node current">', 1)[1].split("</g>", 1)[0]
    assert "Kabupaten Kendal" in current and 'stroke="#1d6fa3"' in current


def test_names_are_escaped(demo: Demo) -> None:
    Variant.objects.unscoped("t").filter(region=demo.kendal).update(
        name='<script>alert("x")</script> & Co'
    )
    Region.objects.filter(pk=demo.demak.pk).update(name="Demak <b>bold</b>")
    page = demo.client_for(None).get("/catalog/").content.decode()
    drawn = next(s for s in SVG.findall(page) if "Demak" in s)
    assert "<script>" not in drawn and "<b>" not in drawn
    assert "&lt;script&gt;" in drawn and "&amp; Co" in drawn and "Demak &lt;b&gt;" in drawn
    ElementTree.fromstring(drawn)  # noqa: S314 (our own page)


def test_expired_agreement_shows_on_the_node(demo: Demo) -> None:
    ended = today() - dt.timedelta(days=400)
    Agreement.objects.unscoped("t").filter(parties=demo.kendal).filter(
        parties=demo.semarang
    ).update(valid_until=ended)
    kendal = next(n for n in demo_graph(demo).nodes if n.region.slug == "kendal")
    # v2 was published today, after the agreement ended: out of reach, not "behind".
    assert kendal.behind == 0 and kendal.out_of_reach == 1 and kendal.ended_on == ended
    page = demo.client_for(None).get("/catalog/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "PKS ended" in page


def test_province_graph_keeps_its_regions(demo: Demo) -> None:
    graph = demo_graph(demo, regions=[demo.demak])
    # Demak and the upstream it adopted from; Semarang is further up and left out.
    assert {n.region.slug for n in graph.nodes} == {"kendal", "demak"}
    assert graph.edge_pairs() == {("kendal", "demak")}
    current = Variant.objects.unscoped("t").get(region=demo.kendal, app_key=graph.app_key)
    marked = demo_graph(demo, current=current)
    assert [n.region.slug for n in marked.nodes if n.current] == ["kendal"]
