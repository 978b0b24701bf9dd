"""For every role: nobody reads or changes another region's private data, by page or API.

The target is always Kabupaten Kendal's private data; the positive controls show the same
requests succeed for those entitled, so a 403 here means scoping, not a broken endpoint.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kotacerdas.core.models import Agency, AppInstallation
from kotacerdas.core.tenancy import Scope
from tests.conftest import ROLE_USERS, Demo

APP = "contoh-taman"

# role -> (may read Kendal's private data, may change it)
KENDAL_ACCESS = {
    "anonymous": (False, False),
    "platform_admin": (True, True),
    "province_officer": (True, False),
    "region_admin_semarang": (False, False),
    "agency_staff_semarang": (False, False),
}

PRIVATE_READS = [
    ("page", "/console/kendal/"),
    ("page", "/console/kendal/members/"),
    ("page", f"/console/kendal/apps/{APP}/"),
    ("api", "/api/regions/33.24/members"),
    ("api", f"/api/regions/33.24/apps/{APP}/config"),
]


def _refused(kind: str, status: int, anonymous: bool) -> bool:
    if anonymous:
        return status == (302 if kind == "page" else 401)
    return status == 403


@pytest.mark.parametrize("role", list(ROLE_USERS))
@pytest.mark.parametrize(("kind", "url"), PRIVATE_READS)
def test_private_reads_of_another_region(demo: Demo, role: str, kind: str, url: str) -> None:
    client = demo.client_for(ROLE_USERS[role])
    response = client.get(url)
    may_read, _ = KENDAL_ACCESS[role]
    if may_read:
        assert response.status_code == 200, response.content[:300]
    else:
        assert _refused(kind, response.status_code, role == "anonymous"), response.status_code
        assert b"dpu-kendal" not in response.content
        assert b"Taman Indonesia Kaya" not in response.content


def _write_attempts(client: Client) -> dict[str, int]:
    """Every write path to Kendal's private data; returns status per path."""
    statuses = {
        "page add agency": client.post(
            "/console/kendal/agencies/", {"name": "Dinas Baru", "slug": "baru-page"}
        ).status_code,
        "api add agency": client.post(
            "/api/regions/33.24/agencies",
            json.dumps({"name": "Dinas Baru", "slug": "baru-api"}),
            content_type="application/json",
        ).status_code,
        "page config": client.post(
            f"/console/kendal/apps/{APP}/", {"config": json.dumps({"target_parks": 99})}
        ).status_code,
        "api config": client.put(
            f"/api/regions/33.24/apps/{APP}/config",
            json.dumps({"config": {"target_parks": 77}}),
            content_type="application/json",
        ).status_code,
    }
    return statuses


def _kendal_state(demo: Demo) -> tuple[int, dict[str, object]]:
    system = Scope.system("test inspection")
    agencies = Agency.objects.scoped(system).filter(region=demo.kendal).count()
    config = AppInstallation.objects.scoped(system).get(region=demo.kendal, app_key=APP).config
    return agencies, config


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_writes_to_another_region(demo: Demo, role: str) -> None:
    before = _kendal_state(demo)
    statuses = _write_attempts(demo.client_for(ROLE_USERS[role]))
    _, may_write = KENDAL_ACCESS[role]
    if may_write:
        assert statuses == {
            "page add agency": 302,
            "api add agency": 201,
            "page config": 302,
            "api config": 200,
        }
        assert _kendal_state(demo) != before
    else:
        anonymous = role == "anonymous"
        for path, status in statuses.items():
            kind = "page" if path.startswith("page") else "api"
            assert _refused(kind, status, anonymous), (path, status)
        assert _kendal_state(demo) == before  # nothing half-written


def test_region_admin_controls_own_region(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    assert client.get("/console/semarang/members/").status_code == 200
    ok = client.put(
        f"/api/regions/33.74/apps/{APP}/config",
        json.dumps({"config": {"target_parks": 8}}),
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["config"]["target_parks"] == 8


def test_agency_staff_reads_but_does_not_administer_own_region(demo: Demo) -> None:
    client = demo.client_for("dpu-semarang")
    assert client.get("/console/semarang/members/").status_code == 200
    refused = client.post(
        "/api/regions/33.74/agencies",
        json.dumps({"name": "Dinas X", "slug": "dinas-x"}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert not Agency.objects.scoped(Scope.system("check")).filter(slug="dinas-x").exists()


def test_member_lists_hold_only_the_region_asked_for(demo: Demo) -> None:
    names = [
        m["username"] for m in demo.client_for("provinsi").get("/api/regions/33.74/members").json()
    ]
    assert "admin-semarang" in names and "dpu-semarang" in names
    assert not any("kendal" in n for n in names)
