"""Publishing and adopting: semver, changelog, sharing scope, agency mapping, atomicity."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.catalog.models import Agreement, ConfigRevision, Lineage, Variant
from kotacerdas.catalog.services.adoption import adopt, preview
from kotacerdas.catalog.services.errors import CatalogError, OutOfScope
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.core.models import AppInstallation, Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import NotAllowed
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
