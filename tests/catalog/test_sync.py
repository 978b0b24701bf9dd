"""Customise, update available, three-way merge, restore, republish and the lineage graph."""

from __future__ import annotations

import pytest

from kotacerdas.catalog import queries
from kotacerdas.catalog.models import ConfigRevision, Lineage, VariantVersion
from kotacerdas.catalog.services import history, sync
from kotacerdas.catalog.services.adoption import adopt
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import update_config
from tests.catalog.conftest import APP, Story, config_of

PARK = {"name": "Taman Kalisari", "lat": -7.0, "lng": 110.2}


def kendal_renames_first_park(story: Story) -> dict[str, object]:
    config = config_of(story.demo.kendal)
    parks = [dict(p) for p in config["parks"]]  # type: ignore[attr-defined]
    parks[0]["name"] = "Alun-alun Kendal"
    update_config(story.kendal, story.demo.kendal, APP, {**config, "parks": parks})
    return config_of(story.demo.kendal)


def test_overrides_are_the_diff_against_the_merge_base(story: Story) -> None:
    story.kendal_adopts()
    kendal_renames_first_park(story)
    state = sync.status(story.kendal, story.demo.kendal, APP)
    assert state is not None and not state.update_available
    assert [(c.pointer, c.after) for c in state.overrides] == [
        ("/parks/0/name", "Alun-alun Kendal")
    ]


def test_upstream_update_merges_and_keeps_the_override(story: Story) -> None:
    story.kendal_adopts()
    kendal_renames_first_park(story)
    base_parks = config_of(story.demo.semarang)["parks"]
    v2 = story.publish_semarang("1.1.0", target_parks=9, parks=[*base_parks, PARK])  # type: ignore[list-item]
    state = sync.status(story.kendal, story.demo.kendal, APP)
    assert state is not None and state.update_available and state.latest == v2
    assert state.merge is not None and state.merge.conflicts == []
    assert sorted(c.pointer for c in state.upstream_changes) == ["/parks/1", "/target_parks"]
    sync.merge(story.kendal, story.demo.kendal, APP, v2, {})
    merged = config_of(story.demo.kendal)
    assert merged["target_parks"] == 9
    assert [p["name"] for p in merged["parks"]] == ["Alun-alun Kendal", "Taman Kalisari"]  # type: ignore[attr-defined]
    lineage = Lineage.objects.unscoped("t").get(region=story.demo.kendal, app_key=APP)
    assert lineage.upstream == v2
    last = ConfigRevision.objects.unscoped("t").filter(region=story.demo.kendal).first()
    assert last is not None and last.reason == "merged" and "1 kept" in last.note
    after = sync.status(story.kendal, story.demo.kendal, APP)
    assert after is not None and not after.update_available
    assert [c.pointer for c in after.overrides] == ["/parks/0/name"]


def test_conflicts_are_resolved_field_by_field(story: Story) -> None:
    story.kendal_adopts()
    config = config_of(story.demo.kendal)
    update_config(story.kendal, story.demo.kendal, APP, {**config, "target_parks": 7})
    v2 = story.publish_semarang("2.0.0", target_parks=3)
    state = sync.status(story.kendal, story.demo.kendal, APP)
    assert state is not None and state.merge is not None
    assert [(c.pointer, c.ours, c.theirs) for c in state.merge.conflicts] == [
        ("/target_parks", 7, 3)
    ]
    before = config_of(story.demo.kendal)
    with pytest.raises(CatalogError) as unresolved:
        sync.merge(story.kendal, story.demo.kendal, APP, v2, {})
    assert unresolved.value.field == "/target_parks"
    assert config_of(story.demo.kendal) == before
    sync.merge(story.kendal, story.demo.kendal, APP, v2, {"/target_parks": "ours"})
    assert config_of(story.demo.kendal)["target_parks"] == 7


def test_a_merge_that_would_break_the_schema_is_refused(story: Story) -> None:
    story.kendal_adopts()
    # As if published when the app's schema still allowed it (or imported from elsewhere).
    broken = VariantVersion.objects.unscoped("t").create(
        variant=story.v1.variant,
        version="1.2.0",
        changelog="x",
        app_version="0.1.0",
        config={**story.v1.config, "target_parks": -1},
    )
    before = config_of(story.demo.kendal)
    revisions = ConfigRevision.objects.unscoped("t").filter(region=story.demo.kendal).count()
    with pytest.raises(CatalogError) as refused:
        sync.merge(story.kendal, story.demo.kendal, APP, broken, {})
    assert refused.value.field == "target_parks"
    assert "schema" in refused.value.message
    assert config_of(story.demo.kendal) == before
    assert (
        ConfigRevision.objects.unscoped("t").filter(region=story.demo.kendal).count() == revisions
    )
    lineage = Lineage.objects.unscoped("t").get(region=story.demo.kendal, app_key=APP)
    assert lineage.upstream == story.v1


def test_any_earlier_configuration_can_be_restored(story: Story) -> None:
    story.kendal_adopts()
    adopted = config_of(story.demo.kendal)
    kendal_renames_first_park(story)
    revisions = history.revisions(story.kendal, story.demo.kendal, APP)
    assert [r.reason for r in revisions[:2]] == ["edited", "adopted"]
    history.restore(story.kendal, story.demo.kendal, APP, revisions[1].pk)
    assert config_of(story.demo.kendal) == adopted
    assert history.revisions(story.kendal, story.demo.kendal, APP)[0].reason == "restored"
    with pytest.raises(CatalogError):
        history.restore(story.kendal, story.demo.kendal, APP, 10**9)


def test_republished_variant_grows_the_lineage_graph(story: Story) -> None:
    story.kendal_adopts()
    kendal_renames_first_park(story)
    kendal_v1 = publish(
        story.kendal,
        story.demo.kendal,
        APP,
        version="1.0.0",
        changelog="Kendal's parks",
        sharing="province",
    )
    assert kendal_v1.variant.derived_from == story.v1
    adopt(story.demak, story.demo.demak, kendal_v1, {"dlh": "dlh"})
    cards = queries.variant_cards(Scope.public(), app_key=APP)
    forest = queries.lineage_forest(cards)
    semarang = next(c for c in forest if c.variant.region == story.demo.semarang)
    kendal = semarang.children[0]
    assert kendal.variant == kendal_v1.variant
    assert [r.slug for r, _ in kendal.users] == ["demak"]
    assert [r.slug for r, _ in semarang.users] == ["kendal"]
