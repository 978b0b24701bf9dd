"""The models' own rules: names unique installation-wide, one app dataset per region."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from kotacerdas.apps.data_terbuka.models import OpenDataset
from kotacerdas.apps.data_terbuka.queries import public_datasets
from tests.conftest import Demo

pytestmark = pytest.mark.django_db


def make(region: Any, name: str, **extra: Any) -> OpenDataset:
    d = OpenDataset(
        region=region,
        name=name,
        source="app",
        title_id="T",
        frequency="harian",
        dimension="governance",
        **extra,
    )
    d.save()
    return d


def test_names_are_unique_across_regions(demo: Demo) -> None:
    make(demo.semarang, "sama")
    with pytest.raises(IntegrityError), transaction.atomic():
        make(demo.kendal, "sama")


def test_one_app_dataset_per_region(demo: Demo) -> None:
    make(demo.semarang, "a", app_key="x", app_dataset="d")
    make(demo.kendal, "b", app_key="x", app_dataset="d")
    with pytest.raises(IntegrityError), transaction.atomic():
        make(demo.semarang, "c", app_key="x", app_dataset="d")


def test_only_published_open_datasets_are_public(demo: Demo) -> None:
    make(demo.semarang, "terbit", state="published")
    make(demo.semarang, "draf", state="draft")
    make(demo.semarang, "terbatas", state="published", access_level="terbatas")
    names = set(public_datasets().values_list("name", flat=True))
    assert "terbit" in names and not names & {"draf", "terbatas"}


def test_titles_fall_back_to_indonesian(demo: Demo) -> None:
    d = make(demo.semarang, "t", title_en="")
    assert d.title("en") == "T" and d.title("id") == "T"
