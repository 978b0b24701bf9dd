"""Publishing and adopting: semver, changelog, sharing scope, agency mapping, atomicity, and
the region's own (local) parts: never published unless ticked, never taken on adoption."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.catalog.models import Agreement, ConfigRevision, Lineage, Variant, VariantVersion
from kotacerdas.catalog.services.adoption import adopt, preview
from kotacerdas.catalog.services.errors import CatalogError, OutOfScope
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.contract import get_app
from kotacerdas.core.models import AppInstallation, Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import NotAllowed, update_config
from tests.catalog.conftest import APP, Story, config_of

SYSTEM = Scope.system("test")


def region_state(region: Region) -> tuple[object, ...]:
    """Everything adoption may touch for a region, to prove a refusal changed nothing."""
    return (
        list(
            AppInstallation.objects.unscoped("t")
            .filter(region=region)
            .values_list("app_key", "config")
        ),
        list(
            Lineage.objects.unscoped("t")
            .filter(region=region)
            .values_list("app_key", "upstream_id")
        ),
        ConfigRevision.objects.unscoped("t").filter(region=region).count(),
    )


def test_publish_needs_a_changelog_and_a_higher_semver(story: Story) -> None:
    semarang = story.demo.semarang
    with pytest.raises(CatalogError) as no_log:
        publish(story.semarang, semarang, APP, version="1.1.0", changelog=" ", sharing="public")
    assert no_log.value.field == "changelog"
    with pytest.raises(CatalogError) as same:
        publish(story.semarang, semarang, APP, version="1.0.0", changelog="x", sharing="public")
    assert same.value.field == "version" and "higher" in same.value.message
    with pytest.raises(CatalogError) as bad:
        publish(story.semarang, semarang, APP, version="v2", changelog="x", sharing="public")
    assert bad.value.field == "version"
    later = publish(
        story.semarang, semarang, APP, version="1.10.0", changelog="x", sharing="public"
    )
    assert later.variant.latest() == later
    assert later.variant.sharing == "public"


def test_only_the_regions_admin_publishes(story: Story) -> None:
    with pytest.raises(NotAllowed):
        publish(
            story.kendal, story.demo.semarang, APP, version="2.0.0", changelog="x", sharing="public"
        )


def test_adopt_maps_agencies_and_records_lineage(story: Story) -> None:
    kendal = story.demo.kendal
    plan = preview(story.kendal, kendal, story.v1)
    assert [(r.pointer, r.value) for r in plan.references] == [("/managing_agency", "dlh")]
    assert plan.suggestions == {"dlh": "dlh"}
    lineage = adopt(story.kendal, kendal, story.v1, {"dlh": "dpu"})
    assert config_of(kendal)["managing_agency"] == "dpu"
    assert lineage.base_config["managing_agency"] == "dpu"
    assert lineage.upstream == story.v1
    last = ConfigRevision.objects.unscoped("t").filter(region=kendal, app_key=APP).first()
    assert last is not None and last.reason == "adopted" and last.upstream == story.v1


def test_unmapped_agency_is_refused_and_changes_nothing(story: Story) -> None:
    before = region_state(story.demo.kendal)
    with pytest.raises(CatalogError) as refused:
        adopt(story.kendal, story.demo.kendal, story.v1, {"dlh": "no-such-agency"})
    assert refused.value.field == "mapping.dlh"
    assert region_state(story.demo.kendal) == before


def _region(province: Province, code: str, slug: str) -> Region:
    return Region.objects.create(
        province=province,
        code=code,
        name=f"Kabupaten {slug.title()}",
        kind="kabupaten",
        slug=slug,
        centre_lat=-7.7,
        centre_lng=110.35,
        bbox_west=110.1,
        bbox_south=-7.8,
        bbox_east=110.5,
        bbox_north=-7.5,
    )


def test_partners_need_an_active_agreement_covering_the_app(story: Story) -> None:
    cilacap = _region(story.demo.semarang.province, "33.01", "cilacap")
    enable = AppInstallation.objects.unscoped("t")
    enable.create(region=cilacap, app_key=APP, config={}, app_version="0.1.0")
    before = region_state(cilacap)
    with pytest.raises(OutOfScope):  # no agreement between Semarang and Cilacap
        preview(SYSTEM, cilacap, story.v1)
    agreement = Agreement.objects.unscoped("t").create(
        region=story.demo.semarang,
        number="1/PKS",
        title="t",
        signed_on=dt.date(2018, 6, 5),
        valid_from=dt.date(2018, 6, 5),
        valid_until=dt.date(2019, 6, 4),
        app_keys=[APP],
    )
    agreement.parties.set([story.demo.semarang, cilacap])
    with pytest.raises(OutOfScope):  # expired
        preview(SYSTEM, cilacap, story.v1)
    agreement.valid_until = None
    agreement.app_keys = ["another-app"]
    agreement.save()
    with pytest.raises(OutOfScope):  # does not cover the app
        preview(SYSTEM, cilacap, story.v1)
    assert region_state(cilacap) == before
    agreement.app_keys = []
    agreement.save()
    assert preview(SYSTEM, cilacap, story.v1).version == story.v1


def test_province_scope_stops_at_the_province_border(story: Story) -> None:
    variant = story.v1.variant
    Variant.objects.unscoped("t").filter(pk=variant.pk).update(sharing="province")
    sleman = _region(Province.objects.create(code="34", name="DI Yogyakarta"), "34.04", "sleman")
    with pytest.raises(OutOfScope):
        preview(SYSTEM, sleman, story.v1)
    assert preview(story.demak, story.demo.demak, story.v1).version == story.v1


def test_nobody_adopts_for_a_region_they_do_not_administer(story: Story) -> None:
    before = region_state(story.demo.kendal)
    with pytest.raises(NotAllowed):
        adopt(story.demak, story.demo.kendal, story.v1, {"dlh": "dlh"})
    assert region_state(story.demo.kendal) == before


def test_a_configuration_for_a_newer_app_major_is_refused(story: Story) -> None:
    type(story.v1).objects.unscoped("t").filter(pk=story.v1.pk).update(app_version="1.0.0")
    story.v1.refresh_from_db()
    before = region_state(story.demo.kendal)
    with pytest.raises(CatalogError) as refused:
        story.kendal_adopts()
    assert refused.value.field == "app_version"
    assert region_state(story.demo.kendal) == before


SEMARANG_PARK = {"name": "Taman Menteri Supeno", "lat": -6.99, "lng": 110.42}
KENDAL_PARK = {"name": "Alun-alun Kendal", "lat": -6.92, "lng": 110.2}


def test_a_published_version_holds_the_policy_unless_a_local_part_is_ticked(
    story: Story,
) -> None:
    assert "parks" not in story.v1.config
    assert set(story.v1.config) == {"target_parks", "managing_agency"}
    shared = publish(
        story.semarang,
        story.demo.semarang,
        APP,
        version="1.1.0",
        changelog="with parks",
        sharing="partners",
        include_local=["parks"],
    )
    assert shared.config["parks"] == config_of(story.demo.semarang)["parks"]
    with pytest.raises(CatalogError) as refused:
        publish(
            story.semarang,
            story.demo.semarang,
            APP,
            version="1.2.0",
            changelog="x",
            sharing="partners",
            include_local=["target_parks"],  # policy, not a local part
        )
    assert refused.value.field == "include_local"


def test_publish_form_and_api_tick_local_parts_one_by_one(story: Story) -> None:
    semarang = story.demo.client_for("admin-semarang")
    page = semarang.get(f"/console/semarang/catalog/{APP}/").content.decode()
    assert 'name="include_local"' in page and 'value="parks"' in page
    body = {"version": "1.1.0", "sharing": "partners", "changelog": "form", "name": ""}
    assert semarang.post(f"/console/semarang/catalog/{APP}/publish/", body).status_code == 302
    ticked = {**body, "version": "1.2.0", "include_local": ["parks"]}
    assert semarang.post(f"/console/semarang/catalog/{APP}/publish/", ticked).status_code == 302
    versions = VariantVersion.objects.unscoped("t").filter(variant=story.v1.variant)
    assert "parks" not in versions.get(version="1.1.0").config
    assert "parks" in versions.get(version="1.2.0").config
    api = semarang.post(
        "/api/catalog/regions/33.74/publish",
        {**body, "app": APP, "version": "1.3.0", "include_local": ["managing_agency"]},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["field"] == "include_local"
    assert not versions.filter(version="1.3.0").exists()


def test_adoption_keeps_the_adopters_local_parts(story: Story) -> None:
    kendal = story.demo.kendal
    update_config(story.kendal, kendal, APP, {**config_of(kendal), "parks": [KENDAL_PARK]})
    update_config(
        story.semarang,
        story.demo.semarang,
        APP,
        {**config_of(story.demo.semarang), "parks": [SEMARANG_PARK], "target_parks": 8},
    )
    version = publish(
        story.semarang,
        story.demo.semarang,
        APP,
        version="1.1.0",
        changelog="x",
        sharing="partners",
        include_local=["parks"],
    )
    adopt(story.kendal, kendal, version, {"dlh": "dlh"})
    assert config_of(kendal)["parks"] == [KENDAL_PARK]  # Kendal's own, even though shared
    assert config_of(kendal)["target_parks"] == 8  # the policy arrives


def test_a_new_adopter_gets_schema_defaults_not_the_publishers_local_parts(
    story: Story,
) -> None:
    kendal = story.demo.kendal
    update_config(
        story.semarang,
        story.demo.semarang,
        APP,
        {**config_of(story.demo.semarang), "parks": [SEMARANG_PARK]},
    )
    version = publish(
        story.semarang,
        story.demo.semarang,
        APP,
        version="1.1.0",
        changelog="x",
        sharing="partners",
        include_local=["parks"],
    )
    AppInstallation.objects.unscoped("t").filter(region=kendal, app_key=APP).delete()
    plan = preview(story.kendal, kendal, version)
    assert plan.running is None and plan.offered_local == ("parks",)
    adopt(story.kendal, kendal, version, {"dlh": "dlh"})
    schema = get_app(APP).manifest.config_schema  # type: ignore[union-attr]
    assert config_of(kendal)["parks"] == schema["properties"]["parks"]["default"]
    with pytest.raises(CatalogError) as refused:
        adopt(story.kendal, kendal, story.v1, {"dlh": "dlh"}, take_local=["parks"])
    assert refused.value.field == "take_local"  # v1 did not share its parks
    adopt(story.kendal, kendal, version, {"dlh": "dlh"}, take_local=["parks"])
    assert config_of(kendal)["parks"] == [SEMARANG_PARK]  # asked for explicitly


def test_adopt_page_lists_what_changes_and_what_stays_without_json_paths(story: Story) -> None:
    import re

    update_config(
        story.semarang,
        story.demo.semarang,
        APP,
        {**config_of(story.demo.semarang), "target_parks": 9},
    )
    version = publish(
        story.semarang, story.demo.semarang, APP, version="1.1.0", changelog="x", sharing="partners"
    )
    client = story.demo.client_for("admin-kendal")
    client.cookies["django_language"] = "en"
    page = client.get(f"/console/kendal/catalog/adopt/{version.pk}/").content.decode()
    assert "Target parks: 5 → 9" in page
    assert "Yours stays: Parks (1)" in page
    assert "Managing agency" in page  # the reference is named as a setting
    visible = re.sub(r"<details.*?</details>|<[^>]+>", " ", page, flags=re.S)
    assert "›" not in visible and "managing_agency" not in visible
    assert "<details" in page and "Advanced" in page  # raw JSON behind the toggle
