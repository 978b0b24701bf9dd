"""Customise, update available, three-way merge, restore, republish and the lineage graph.

The example app's ``parks`` are a local part (the region's own places): never an override,
never merged; ``target_parks`` and ``managing_agency`` are shared policy."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import override

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


def test_overrides_are_the_diff_of_the_policy_against_the_merge_base(story: Story) -> None:
    story.kendal_adopts()
    kendal_renames_first_park(story)  # a local part: not an override
    config = config_of(story.demo.kendal)
    update_config(story.kendal, story.demo.kendal, APP, {**config, "target_parks": 8})
    state = sync.status(story.kendal, story.demo.kendal, APP)
    assert state is not None and not state.update_available
    assert [(c.pointer, c.after) for c in state.overrides] == [("/target_parks", 8)]


def test_upstream_update_merges_keeps_the_override_and_never_touches_local_parts(
    story: Story,
) -> None:
    story.kendal_adopts({"dlh": "dpu"})
    kendal_renames_first_park(story)
    kendal_parks = config_of(story.demo.kendal)["parks"]
    config = config_of(story.demo.kendal)
    update_config(story.kendal, story.demo.kendal, APP, {**config, "managing_agency": "dlh"})
    base_parks = config_of(story.demo.semarang)["parks"]
    # Semarang adds a park of its own and raises the target: only the target reaches Kendal.
    v2 = story.publish_semarang("1.1.0", target_parks=9, parks=[*base_parks, PARK])  # type: ignore[list-item]
    state = sync.status(story.kendal, story.demo.kendal, APP)
    assert state is not None and state.update_available and state.latest == v2
    assert state.merge is not None and state.merge.conflicts == []
    assert [c.pointer for c in state.upstream_changes] == ["/target_parks"]
    sync.merge(story.kendal, story.demo.kendal, APP, v2, {})
    merged = config_of(story.demo.kendal)
    assert merged["target_parks"] == 9
    assert merged["managing_agency"] == "dlh"  # Kendal's override, kept
    assert merged["parks"] == kendal_parks  # Kendal's own parks, untouched
    lineage = Lineage.objects.unscoped("t").get(region=story.demo.kendal, app_key=APP)
    assert lineage.upstream == v2
    last = ConfigRevision.objects.unscoped("t").filter(region=story.demo.kendal).first()
    assert last is not None and last.reason == "merged" and "1 kept" in last.note
    after = sync.status(story.kendal, story.demo.kendal, APP)
    assert after is not None and not after.update_available
    assert [c.pointer for c in after.overrides] == ["/managing_agency"]


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
        sharing="partners",  # no wider than Semarang's partners-only upstream
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


def _conflicted(story: Story) -> VariantVersion:
    """Kendal set the target to 7 while Semarang set it to 3: one conflict waits."""
    story.kendal_adopts()
    config = config_of(story.demo.kendal)
    update_config(story.kendal, story.demo.kendal, APP, {**config, "target_parks": 7})
    return story.publish_semarang("2.0.0", target_parks=3)


def test_merge_screen_speaks_plainly_and_keep_mine_resolves_a_conflict(story: Story) -> None:
    _conflicted(story)
    kendal = story.demo.client_for("admin-kendal")
    url = f"/console/kendal/catalog/{APP}/merge/"
    with override("id"):
        screen = kendal.get(url).content.decode()
    assert "Target taman" in screen  # the setting's name, not its pointer
    visible = re.sub(r"<details.*?</details>|<[^>]+>", " ", screen, flags=re.S)
    assert "›" not in visible and "target_parks" not in visible
    assert 'value="ours"' in screen and 'value="theirs"' in screen and 'value="edit"' in screen
    assert "Taman Anda tetap (1)" in screen  # the local part, said to stay
    before = config_of(story.demo.kendal)
    unanswered = kendal.post(url, {})
    assert unanswered.status_code == 200 and config_of(story.demo.kendal) == before
    done = kendal.post(url, {"choice/target_parks": "ours"})
    assert done.status_code == 302
    assert config_of(story.demo.kendal)["target_parks"] == 7
    lineage = Lineage.objects.unscoped("t").get(region=story.demo.kendal, app_key=APP)
    assert lineage.upstream.version == "2.0.0"


def test_edit_resolves_a_conflict_with_a_value_checked_against_the_schema(story: Story) -> None:
    _conflicted(story)
    kendal = story.demo.client_for("admin-kendal")
    url = f"/console/kendal/catalog/{APP}/merge/"
    before = config_of(story.demo.kendal)
    with override("id"):
        refused = kendal.post(url, {"choice/target_parks": "edit", "edit/target_parks": "-2"})
        word = kendal.post(url, {"choice/target_parks": "edit", "edit/target_parks": "lima"})
    assert refused.status_code == 200 and word.status_code == 200
    assert "bilangan" in word.content.decode()  # "Enter a whole number.", in Indonesian
    assert "field-error" in refused.content.decode()
    assert config_of(story.demo.kendal) == before
    done = kendal.post(url, {"choice/target_parks": "edit", "edit/target_parks": "5"})
    assert done.status_code == 302
    assert config_of(story.demo.kendal)["target_parks"] == 5


def test_sync_api_answers_plain_lines_and_merges_with_an_edit(story: Story) -> None:
    _conflicted(story)
    kendal = story.demo.client_for("admin-kendal")
    state = kendal.get(
        f"/api/catalog/regions/33.24/apps/{APP}/sync", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert [(c["pointer"], c["setting"]) for c in state["conflicts"]] == [
        ("/target_parks", "Target parks")
    ]
    assert state["lines"]["yours"] == ["Yours stays: Parks (1)"]
    assert state["lines"]["overrides"] == ["Target parks: 5 → 7"]
    body = {"version": "2.0.0", "choices": {"/target_parks": "edit"}, "edits": {}}
    missing = kendal.post(
        f"/api/catalog/regions/33.24/apps/{APP}/merge", body, content_type="application/json"
    )
    assert missing.status_code == 422 and missing.json()["field"] == "/target_parks"
    body["edits"] = {"/target_parks": 4}
    merged = kendal.post(
        f"/api/catalog/regions/33.24/apps/{APP}/merge",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["config"]["target_parks"] == 4
    assert "Target parks: 7 → 4" in merged.json()["lines"]
