"""Malformed rows written straight into the database (a hand edit, an old import) never make
a catalog page or API answer 500: the bad row is shown as broken."""

from __future__ import annotations

import pytest

from kotacerdas.catalog.models import Variant, VariantVersion
from kotacerdas.catalog.services.adoption import adopt
from tests.catalog.conftest import APP, Story

BROKEN = ("is-broken", "broken", "rusak")


@pytest.fixture
def broken(story: Story) -> Story:
    adopt(story.kendal, story.demo.kendal, story.v1, {"dlh": "dlh"})
    later = story.publish_semarang("1.1.0")
    VariantVersion.objects.unscoped("t").filter(pk=later.pk).update(version="banana")
    VariantVersion.objects.unscoped("t").filter(pk=story.v1.pk).update(config="not an object")
    Variant.objects.unscoped("t").filter(pk=story.v1.variant_id).update(sharing="everyone!!")
    return story


def pages(story: Story) -> list[str]:
    s, k, v = story.demo.semarang.slug, story.demo.kendal.slug, story.v1.variant_id
    return [
        "/catalog/",
        f"/catalog/variants/{v}/",
        "/catalog/provinces/33/",
        "/catalog/agreements/",
        f"/console/{s}/catalog/",
        f"/console/{s}/catalog/{APP}/",
        f"/console/{k}/catalog/",
        f"/console/{k}/catalog/{APP}/",
        f"/console/{s}/catalog/keys/",
        "/api/catalog/apps",
        "/api/catalog/variants",
        f"/api/catalog/variants/{v}/versions/1.0.0/config",
        f"/api/catalog/variants/{v}/versions/banana/config",
        "/api/catalog/agreements",
        "/api/regions/33.74/apps",
        "/api/regions/33.24/apps",
    ]


@pytest.mark.parametrize("who", [None, "admin-semarang", "admin-kendal", "admin"])
def test_no_catalog_page_or_api_answers_500(broken: Story, who: str | None) -> None:
    client = broken.demo.client_for(who)
    for url in pages(broken):
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)


def test_the_bad_rows_are_shown_as_broken(broken: Story) -> None:
    client = broken.demo.client_for("admin-semarang")
    v = broken.v1.variant_id
    for url in (
        "/catalog/",
        f"/catalog/variants/{v}/",
        f"/console/{broken.demo.semarang.slug}/catalog/",
    ):
        text = client.get(url).content.decode()
        assert "is-broken" in text, url
    listed = client.get("/api/catalog/variants").json()
    [row] = [r for r in listed if r["id"] == v]
    assert row["broken"] is True
    assert any("banana" in p for p in row["problems"])
    assert any("everyone!!" in p for p in row["problems"])
    config = client.get(f"/api/catalog/variants/{v}/versions/1.0.0/config")
    assert config.status_code == 409
    assert config.json()["field"] == "config" and "broken" in config.json()["detail"]
    apps = client.get("/api/regions/33.74/apps").json()
    own = next(a for a in apps if a["key"] == APP)["variant"]
    assert own["broken"] is True
