"""Helpers of the Data Terbuka backend tests: contexts as the platform builds them, a
dataset of an agency, and uploaded files."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.apps.data_terbuka.config import APP_KEY
from kotacerdas.apps.data_terbuka.models import OpenDataset
from kotacerdas.apps.data_terbuka.services.metadata import create_dataset
from kotacerdas.contract import AppContext, get_app
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context


def context_for(region: Region, username: str | None = None) -> AppContext[Any]:
    """Data Terbuka's context in ``region`` for a demo user (``None``: the system scope)."""
    app = get_app(APP_KEY)
    assert app is not None
    scope = None if username is None else Scope.for_user(User.objects.get(username=username))
    ctx = region_context(app, region, scope)
    assert ctx is not None
    return ctx


def upload(content: bytes | str, name: str = "data.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def agency_dataset(region: Region, username: str = "dlh-semarang", **extra: Any) -> OpenDataset:
    ctx = context_for(region, username)
    data = {"title_id": "Kualitas air sungai", "frequency": "bulanan", "dimension": "environment"}
    data.update(extra)
    return create_dataset(ctx, data)


def table_cells(region: Region) -> list[str]:
    """Every text cell of every datastore table of the region's releases (for the
    personal-data tests)."""
    from kotacerdas.apps.data_terbuka import datastore
    from kotacerdas.apps.data_terbuka.models import Release

    cells: list[str] = []
    releases = Release.objects.unscoped("tests read every table").filter(region=region)
    for release in releases.exclude(table_name=""):
        for row in datastore.iter_rows(release):
            cells.extend(str(v) for v in row if v is not None)
    return cells


def refresh(region: Region) -> Any:
    from kotacerdas.apps.data_terbuka.services.feeds import refresh_region

    return refresh_region(context_for(region), force=True)
