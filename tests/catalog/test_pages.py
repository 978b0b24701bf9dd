"""Catalog pages: public catalog, agreements, province matrix; the region's catalog console."""

from __future__ import annotations

from kotacerdas.catalog.models import Branding, VariantVersion
from tests.catalog.conftest import APP, Story, config_of
from tests.conftest import Demo


def test_demo_story_is_seeded_once(demo: Demo) -> None:
    from kotacerdas.catalog.demo import demo_app, seed_catalog
    from kotacerdas.catalog.models import Agreement, Lineage
    from kotacerdas.catalog.services.sync import status
    from kotacerdas.core.tenancy import Scope

    app = demo_app()
    assert app is not None
    agreements = Agreement.objects.unscoped("t")
    assert agreements.count() == 6  # five of 2018 with Semarang, Kendal–Demak of 2019
    assert {a.signed_on.isoformat() for a in agreements} == {"2018-06-05", "2019-03-01"}
    kendal = Lineage.objects.unscoped("t").get(region=demo.kendal, app_key=app.key)
    assert (kendal.upstream.variant.region, kendal.upstream.version) == (demo.semarang, "1.0.0")
    demak = Lineage.objects.unscoped("t").get(region=demo.demak, app_key=app.key)
    assert demak.upstream.variant.region == demo.kendal
    state = status(Scope.system("t"), demo.kendal, app.key)
    assert state is not None and state.update_available and state.latest.version == "2.0.0"
    assert len(state.overrides) >= 2  # two renamed categories (or items)
    assert Branding.objects.unscoped("t").get(region=demo.kendal, app_key=app.key).logo
    rows = VariantVersion.objects.unscoped("t").count()
    seed_catalog(regions=[demo.semarang, demo.kendal, demo.demak])
    assert VariantVersion.objects.unscoped("t").count() == rows
    assert agreements.count() == 6


def test_public_catalog_pages(story: Story) -> None:
    client = story.demo.client_for(None)
    page = client.get("/catalog/").content.decode()
    assert "Taman Semarang" in page and "Kota Semarang" in page
    assert client.get("/catalog/?dimension=living").status_code == 200
    detail = client.get(f"/catalog/variants/{story.v1.variant_id}/").content.decode()
    assert "v1.0.0" in detail and "first" in detail
    assert "managing_agency" not in detail  # partners only: configuration hidden
    partner = story.demo.client_for("admin-kendal").get(f"/catalog/variants/{story.v1.variant_id}/")
    assert "managing_agency" in partner.content.decode()
    assert "/console/kendal/catalog/adopt/" in partner.content.decode()
    agreements = client.get("/catalog/agreements/").content.decode()
    assert "5 Juni 2018" in agreements and "Kabupaten Kendal" in agreements
    matrix = client.get("/catalog/provinces/33/")
    assert matrix.status_code == 200 and "Kabupaten Blora" in matrix.content.decode()


def test_console_adopt_customise_merge_flow(story: Story) -> None:
    kendal = story.demo.client_for("admin-kendal")
    url = f"/console/kendal/catalog/adopt/{story.v1.pk}/"
    screen = kendal.get(url).content.decode()
    assert 'name="map-dlh"' in screen
    refused = kendal.post(url, {"map-dlh": ""})
    assert refused.status_code == 200 and "dlh" in refused.content.decode()
    assert kendal.post(url, {"map-dlh": "dpu"}).status_code == 302
    assert config_of(story.demo.kendal)["managing_agency"] == "dpu"
    app_url = f"/console/kendal/catalog/{APP}/"
    config = {**config_of(story.demo.kendal), "target_parks": 8}
    import json

    assert kendal.post(app_url, {"config": json.dumps(config)}).status_code == 302
    bad = kendal.post(app_url, {"config": json.dumps({**config, "target_parks": "many"})})
    assert "target_parks" in bad.content.decode()
    story.publish_semarang("1.1.0", target_parks=3)
    merge_page = kendal.get(f"/console/kendal/catalog/{APP}/merge/").content.decode()
    assert "choice/target_parks" in merge_page
    assert kendal.post(f"/console/kendal/catalog/{APP}/merge/", {}).status_code == 200
    done = kendal.post(f"/console/kendal/catalog/{APP}/merge/", {"choice/target_parks": "theirs"})
    assert done.status_code == 302
    assert config_of(story.demo.kendal)["target_parks"] == 3


def test_console_is_private(story: Story) -> None:
    assert story.demo.client_for(None).get("/console/kendal/catalog/").status_code == 302
    assert (
        story.demo.client_for("admin-semarang").get("/console/kendal/catalog/").status_code == 403
    )
    staff = story.demo.client_for("dpu-kendal")
    assert staff.get("/console/kendal/catalog/").status_code == 200
    assert (
        staff.post(f"/console/kendal/catalog/adopt/{story.v1.pk}/", {"map-dlh": "dlh"}).status_code
        == 403
    )
    export = story.demo.client_for("admin-semarang").get(
        f"/console/semarang/catalog/export/{story.v1.pk}/"
    )
    assert export.status_code == 200 and export["Content-Type"] == "application/zip"
    assert (
        story.demo.client_for("admin-kendal")
        .get(f"/console/kendal/catalog/export/{story.v1.pk}/")
        .status_code
        == 404
    )
