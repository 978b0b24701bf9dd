"""search_datasets: public only, every word, facets in SQL, filters, stable paging."""

from __future__ import annotations

from typing import Any

import pytest

from kotacerdas.apps.data_terbuka.search import SearchError, search_datasets
from kotacerdas.core.tenancy import Scope
from tests.apps.data_terbuka.ckan_world import FILLERS, World, build
from tests.conftest import Demo


@pytest.fixture
def world(demo: Demo) -> World:
    return build(demo.semarang, demo.kendal)


def _names(result: object) -> set[str]:
    return {d.name for d in result.results}  # type: ignore[attr-defined]


def test_every_word_must_match_and_only_public_datasets(world: World) -> None:
    result = search_datasets(regions=[world.semarang.pk], q="Kualitas UDARA", rows=100)
    assert _names(result) == {"uji-kualitas-udara"}  # not the draft, not the restricted one
    result = search_datasets(regions=[world.semarang.pk], q="udara harian pm10", rows=100)
    assert _names(result) == {"uji-kualitas-udara"}
    assert search_datasets(regions=[world.semarang.pk], q="udara zzzz").count == 0


def test_a_region_never_sees_another_regions_datasets(world: World) -> None:
    semarang = search_datasets(regions=[world.semarang.pk], q="udara", rows=100)
    assert "uji-kendal-harga" not in _names(semarang)
    everywhere = search_datasets(regions=None, q="udara", rows=100)
    assert {"uji-kendal-harga", "uji-kualitas-udara", "uji-jalan-rusak"} <= _names(everywhere)
    assert not {"uji-rahasia-draf", "uji-terbatas"} & _names(everywhere)


def test_facets_are_counted_over_the_filtered_set(world: World) -> None:
    result = search_datasets(
        regions=[world.semarang.pk],
        q="udara",
        facet_fields=["tags", "organization", "groups", "res_format"],
    )
    tags = {i.name: i.count for i in result.facets["tags"]}
    assert tags == {"udara": 2, "ispu": 1, "jalan": 1}
    orgs = {i.name: (i.display_name, i.count) for i in result.facets["organization"]}
    assert orgs["semarang-dlh"][1] == 1 and orgs["semarang-dpu"][1] == 1
    assert orgs["semarang-dlh"][0].endswith(world.semarang.name)
    assert {i.name: i.count for i in result.facets["groups"]} == {"environment": 1, "living": 1}
    assert {i.name: i.count for i in result.facets["res_format"]} == {"CSV": 1, "JSON": 1}


def test_facets_from_the_scanned_ids_equal_the_group_by(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A few matches are counted from the rows the id scan read; many go to one GROUP BY
    # over the match. Both ways must give the same counts.
    fields = ["organization", "groups", "frequency", "region", "license_id", "tags"]

    def counts() -> dict[str, dict[str, int]]:
        result = search_datasets(regions=None, q="udara", facet_fields=fields)
        return {f: {i.name: i.count for i in result.facets[f]} for f in fields}

    from_ids = counts()
    monkeypatch.setattr("kotacerdas.apps.data_terbuka.search.ID_LIST_MAX", 0)
    assert counts() == from_ids
    assert sum(from_ids["region"].values()) >= 3  # both regions' datasets were counted


def test_filters_combine(world: World) -> None:
    regions = [world.semarang.pk]
    assert _names(search_datasets(regions=regions, filters={"tags": ["udara", "jalan"]})) == {
        "uji-jalan-rusak"
    }
    by_org = search_datasets(regions=regions, filters={"organization": ["semarang-dpu"]}, rows=100)
    assert "uji-jalan-rusak" in _names(by_org) and "uji-kualitas-udara" not in _names(by_org)
    assert _names(search_datasets(regions=regions, filters={"frequency": ["harian"]})) == {
        "uji-kualitas-udara"
    }
    assert _names(search_datasets(filters={"region": ["kendal"], "tags": ["harga"]})) == {
        "uji-kendal-harga"
    }


def test_paging_never_repeats_and_ends_empty(world: World) -> None:
    seen: list[str] = []
    start = 0
    while True:
        page = search_datasets(regions=[world.semarang.pk], rows=7, start=start, sort="id asc")
        if not page.results:
            break
        seen.extend(d.name for d in page.results)
        start += 7
    assert len(seen) == len(set(seen)) == 2 + FILLERS


def test_a_new_dataset_is_found_at_once(world: World) -> None:
    from tests.apps.data_terbuka.ckan_world import _dataset

    _dataset(world.semarang, "uji-baru-sekali", tags=["baru"], title_id="Anggaran kelurahan")
    assert _names(search_datasets(q="anggaran kelurahan")) == {"uji-baru-sekali"}


def test_private_datasets_only_for_a_scope_that_may_read_them(world: World, demo: Demo) -> None:
    staff = Scope.for_user(demo.user("admin-semarang"))
    result = search_datasets(q="udara", include_private_for_scope=staff, rows=100)
    assert "uji-terbatas" in _names(result) and "uji-rahasia-draf" not in _names(result)
    kendal_admin = Scope.for_user(demo.user("admin-kendal"))
    result = search_datasets(q="udara", include_private_for_scope=kendal_admin, rows=100)
    assert "uji-terbatas" not in _names(result)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rows": 5000}, "rows"),
        ({"start": -1}, "start"),
        ({"sort": "drop table"}, "sort"),
        ({"facet_fields": ["secret"]}, "facet.field"),
        ({"filters": {"nope": ["x"]}}, "fq"),
    ],
)
def test_bad_input_is_refused_with_the_field(
    world: World, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(SearchError) as caught:
        search_datasets(**kwargs)
    assert caught.value.field == field
