"""Sharing scope that holds: later versions past an agreement, derivatives no wider than
their upstream."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import translation
from django.utils.formats import date_format

from kotacerdas.catalog.models import Agreement, Lineage, VariantVersion
from kotacerdas.catalog.services import agreements, sync
from kotacerdas.catalog.services.adoption import adopt
from kotacerdas.catalog.services.errors import CatalogError, OutOfScope
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.catalog.services.visibility import (
    sharing_limit,
    today,
    update_notice,
    version_reaches,
)
from kotacerdas.core.models import AppInstallation, Province, Region
from tests.catalog.conftest import APP, Story

YESTERDAY = today() - dt.timedelta(days=1)


def pks(story: Story) -> Agreement:
    """The demo's Semarang–Kendal agreement (all apps)."""
    return (
        Agreement.objects.unscoped("test")
        .filter(parties=story.demo.semarang)
        .filter(parties=story.demo.kendal)
        .get()
    )


def expire(story: Story, on: dt.date = YESTERDAY) -> Agreement:
    agreement = pks(story)
    Agreement.objects.unscoped("test").filter(pk=agreement.pk).update(valid_until=on)
    agreement.refresh_from_db()
    return agreement


def post(client: object, url: str, body: dict[str, object]) -> object:
    return client.post(  # type: ignore[attr-defined]
        url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.fixture(autouse=True)
def _english() -> object:
    # The refusals are checked by their English source text; Indonesian is the default.
    with translation.override("en"):
        yield


def other_province_region() -> Region:
    province, _ = Province.objects.get_or_create(code="34", defaults={"name": "DI Yogyakarta"})
    return Region.objects.create(
        province=province,
        code="34.71",
        name="Kota Yogyakarta",
        kind="kota",
        slug="yogyakarta",
        centre_lat=-7.8,
        centre_lng=110.37,
        bbox_west=110.3,
        bbox_south=-7.85,
        bbox_east=110.42,
        bbox_north=-7.75,
    )


# --- later versions past the agreement ----------------------------------------------------


def test_expired_agreement_hides_later_versions_everywhere(story: Story) -> None:
    story.kendal_adopts()
    agreement = expire(story)
    v11 = story.publish_semarang("1.1.0", target_parks=3)  # published after it ended
    kendal = story.demo.kendal

    # Service: no update waiting, merge refused with the agreement's end named.
    state = sync.status(story.kendal, kendal, APP)
    assert state is not None and not state.update_available
    assert state.latest.version == "1.0.0" and state.upstream_changes == []
    with pytest.raises(OutOfScope) as refused:
        sync.merge(story.kendal, kendal, APP, v11, {})
    assert refused.value.field == "version"

    # The adoption keeps running.
    installation = AppInstallation.objects.unscoped("t").get(region=kendal, app_key=APP)
    assert installation.enabled
    assert Lineage.objects.unscoped("t").get(region=kendal, app_key=APP).upstream == story.v1

    # The sync API shows nothing new, the new version's configuration is 404, merge 403.
    client = story.demo.client_for("admin-kendal")
    synced = client.get(f"/api/catalog/regions/33.24/apps/{APP}/sync")
    assert synced.status_code == 200
    body = synced.json()
    assert body["update_available"] is False and body["latest_version"] == "1.0.0"
    assert body["upstream_changes"] == [] and body["conflicts"] == []
    config = client.get(f"/api/catalog/variants/{v11.variant_id}/versions/1.1.0/config")
    assert config.status_code == 404
    merged = post(client, f"/api/catalog/regions/33.24/apps/{APP}/merge", {"version": "1.1.0"})
    assert merged.status_code == 403  # type: ignore[attr-defined]
    assert merged.json()["field"] == "version"  # type: ignore[attr-defined]

    # Pages: the update is not offered; the adopter is told when the agreement ended.
    page = client.get(f"/catalog/variants/{v11.variant_id}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    with translation.override("en"):
        ended = date_format(agreement.valid_until, "j F Y")
    assert f"Cooperation agreement ended on {ended}; updates from Kota Semarang" in text
    assert "target_parks" not in text  # the configuration is not shown either
    expected = f"Cooperation agreement ended on {ended}; updates from Kota Semarang"
    for url in ("/console/kendal/catalog/", f"/console/kendal/catalog/{APP}/"):
        console = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert expected in console, url
        assert "update v1.1.0 available" not in console.lower()
    apps = {a["key"]: a for a in client.get("/api/regions/33.24/apps").json()}
    assert apps[APP]["update_available"] is False
    assert apps[APP]["latest_upstream_version"] == "1.0.0"
    merge_page = client.get(f"/console/kendal/catalog/{APP}/merge/")
    assert merge_page.status_code == 302  # "no update is waiting"
    notice = update_notice(Lineage.objects.unscoped("t").get(region=kendal, app_key=APP))
    assert notice is not None and notice.ended_on == YESTERDAY and notice.waiting == 1


def test_renewal_restores_the_updates(story: Story) -> None:
    story.kendal_adopts()
    agreement = expire(story)
    story.publish_semarang("1.1.0", target_parks=3)
    state = sync.status(story.kendal, story.demo.kendal, APP)
    assert state is not None and not state.update_available
    agreements.renew(
        story.semarang,
        story.demo.semarang,
        agreement.pk,
        valid_until=today() + dt.timedelta(days=365),
        reason="diperpanjang",
    )
    state = sync.status(story.kendal, story.demo.kendal, APP)
    assert state is not None and state.update_available and state.latest.version == "1.1.0"
    client = story.demo.client_for("admin-kendal")
    merged = post(client, f"/api/catalog/regions/33.24/apps/{APP}/merge", {"version": "1.1.0"})
    assert merged.status_code == 200, merged.content  # type: ignore[attr-defined]
    lineage = Lineage.objects.unscoped("t").get(region=story.demo.kendal, app_key=APP)
    assert lineage.upstream.version == "1.1.0"


def test_versions_published_during_the_agreement_stay_mergeable(story: Story) -> None:
    story.kendal_adopts()
    v11 = story.publish_semarang("1.1.0", target_parks=3)  # while the agreement is active
    agreement = pks(story)
    Agreement.objects.unscoped("test").filter(pk=agreement.pk).update(
        valid_until=today() + dt.timedelta(days=1)
    )
    later = today() + dt.timedelta(days=10)  # looked at after it ended
    assert version_reaches(v11, story.demo.kendal, on=later)
    VariantVersion.objects.unscoped("test").filter(pk=v11.pk).update(
        published_at=v11.published_at + dt.timedelta(days=5)
    )
    v11.refresh_from_db()
    assert not version_reaches(v11, story.demo.kendal, on=later)


def test_without_any_agreement_no_later_version_reaches(story: Story) -> None:
    story.kendal_adopts()
    Agreement.objects.unscoped("test").filter(pk=pks(story).pk).delete()
    v11 = story.publish_semarang("1.1.0", target_parks=3)
    state = sync.status(story.kendal, story.demo.kendal, APP)
    assert state is not None and not state.update_available
    with pytest.raises(OutOfScope, match="No cooperation agreement"):
        sync.merge(story.kendal, story.demo.kendal, APP, v11, {})
    lineage = Lineage.objects.unscoped("t").get(region=story.demo.kendal, app_key=APP)
    notice = update_notice(lineage)
    assert notice is not None and notice.ended_on is None


def test_an_agreement_for_other_apps_does_not_count(story: Story) -> None:
    story.kendal_adopts()
    Agreement.objects.unscoped("test").filter(pk=pks(story).pk).update(app_keys=["aduan-warga"])
    v11 = story.publish_semarang("1.1.0", target_parks=3)
    assert not version_reaches(v11, story.demo.kendal)


def test_province_scope_reaches_only_the_same_province(story: Story) -> None:
    v11 = publish(
        story.semarang,
        story.demo.semarang,
        APP,
        version="1.1.0",
        changelog="province",
        sharing="province",
    )
    v11 = VariantVersion.objects.unscoped("t").select_related("variant__region").get(pk=v11.pk)
    assert version_reaches(v11, story.demo.demak)
    assert not version_reaches(v11, other_province_region())


# --- derivatives no wider than their upstream ---------------------------------------------


def test_derivative_of_partners_only_cannot_go_wider(story: Story) -> None:
    story.kendal_adopts()
    assert sharing_limit(story.demo.kendal, APP).allowed == ["partners"]
    for wider in ("province", "public"):
        with pytest.raises(CatalogError) as refused:
            publish(
                story.kendal,
                story.demo.kendal,
                APP,
                version="1.0.0",
                changelog="Kendal",
                sharing=wider,
            )
        assert refused.value.field == "sharing"
        assert "the upstream Taman Semarang (Kota Semarang) is shared with partners only" in (
            refused.value.message
        )
    kendal_versions = VariantVersion.objects.unscoped("t").filter(
        variant__region=story.demo.kendal, variant__app_key=APP
    )
    assert not kendal_versions.exists()
    kendal_v1 = publish(
        story.kendal,
        story.demo.kendal,
        APP,
        version="1.0.0",
        changelog="Kendal",
        sharing="partners",
    )
    assert kendal_v1.variant.sharing == "partners"
    # The limit carries down the lineage: Demak's derivative of Kendal's is partners-only too.
    adopt(story.demak, story.demo.demak, kendal_v1, {"dlh": "dlh"})
    with pytest.raises(CatalogError, match="shared with partners only") as refused:
        publish(
            story.demak, story.demo.demak, APP, version="1.0.0", changelog="D", sharing="province"
        )
    assert refused.value.field == "sharing"


def test_derivative_scope_through_the_api_and_the_publish_form(story: Story) -> None:
    story.kendal_adopts()
    client = story.demo.client_for("admin-kendal")
    refused = post(
        client,
        "/api/catalog/regions/33.24/publish",
        {"app": APP, "version": "1.0.0", "changelog": "Kendal", "sharing": "public"},
    )
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert refused.json()["field"] == "sharing"  # type: ignore[attr-defined]
    assert "shared with partners only" in refused.json()["detail"]  # type: ignore[attr-defined]
    form = client.post(
        f"/console/kendal/catalog/{APP}/publish/",
        {"version": "1.0.0", "changelog": "Kendal", "sharing": "province"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert form.status_code == 200
    page = form.content.decode()
    assert 'value="partners"' in page and 'value="province"' not in page
    app_page = client.get(f"/console/kendal/catalog/{APP}/").content.decode()
    assert 'value="partners"' in app_page and 'value="public"' not in app_page
    accepted = client.post(
        f"/console/kendal/catalog/{APP}/publish/",
        {"version": "1.0.0", "changelog": "Kendal", "sharing": "partners"},
    )
    assert accepted.status_code == 302


def test_province_upstream_allows_province_and_is_rechecked_on_every_version(
    story: Story,
) -> None:
    public_v = publish(
        story.semarang,
        story.demo.semarang,
        APP,
        version="1.1.0",
        changelog="for everyone",
        sharing="public",
    )
    adopt(story.kendal, story.demo.kendal, public_v, {"dlh": "dlh"})
    publish(story.kendal, story.demo.kendal, APP, version="1.0.0", changelog="K", sharing="public")
    # Semarang narrows its variant to the province: Kendal's next version must follow.
    publish(
        story.semarang,
        story.demo.semarang,
        APP,
        version="1.2.0",
        changelog="province now",
        sharing="province",
    )
    with pytest.raises(CatalogError, match="regions of its province only") as refused:
        publish(
            story.kendal, story.demo.kendal, APP, version="1.1.0", changelog="K", sharing="public"
        )
    assert refused.value.field == "sharing"
    published = publish(
        story.kendal, story.demo.kendal, APP, version="1.1.0", changelog="K", sharing="province"
    )
    assert published.variant.sharing == "province"


def test_own_configuration_has_no_limit(story: Story) -> None:
    limit = sharing_limit(story.demo.semarang, APP)
    assert limit.upstream is None and limit.allowed == ["partners", "province", "public"]
