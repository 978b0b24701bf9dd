"""Who may enter prices where, and what the public sees."""

from __future__ import annotations

import pytest

from kotacerdas.apps.harga_pangan.config import HargaPanganConfig
from kotacerdas.apps.harga_pangan.models import Price, PriceRevision
from kotacerdas.apps.harga_pangan.services.entry import EntryRefused, submit_market_day
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.core.models import Agency, Membership
from kotacerdas.core.tenancy import Role, Scope, UnscopedQueryError
from tests.apps.harga_pangan.conftest import context_for
from tests.conftest import Demo

ENTRY = "/console/semarang/harga-pangan/entri/pasar-johar/"
RICE = "beras:medium-1"


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("disdag-semarang", 200),
        ("admin-semarang", 200),
        ("dpu-semarang", 403),
        ("disdag-kendal", 403),
        ("admin-kendal", 403),
        ("provinsi", 403),
    ],
)
def test_who_may_open_the_entry_screen(
    demo: Demo, config: HargaPanganConfig, username: str, status: int
) -> None:
    assert demo.client_for(username).get(ENTRY).status_code == status


def test_anonymous_is_sent_to_sign_in(demo: Demo, config: HargaPanganConfig) -> None:
    response = demo.client_for(None).get(ENTRY)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_other_regions_officer_cannot_post(demo: Demo, config: HargaPanganConfig) -> None:
    response = demo.client_for("disdag-kendal").post(ENTRY, {f"price-{RICE}": "13000"})
    assert response.status_code == 403
    assert not Price.objects.unscoped("test").filter(region=demo.semarang).exists()


def test_dkp_staff_may_enter_by_configuration(demo: Demo, config: HargaPanganConfig) -> None:
    agency = Agency.objects.unscoped("test").get(region=demo.semarang, slug="dkp")
    Membership.objects.unscoped("test").create(
        user=demo.user("dlh-semarang"), role=Role.AGENCY_STAFF, agency=agency
    )
    assert demo.client_for("dlh-semarang").get(ENTRY).status_code == 200


def test_service_refuses_a_market_of_another_agency(demo: Demo, config: HargaPanganConfig) -> None:
    with pytest.raises(EntryRefused) as refused:
        submit_market_day(
            context_for(demo.semarang, "dpu-semarang"),
            demo.user("dpu-semarang"),
            "pasar-johar",
            today(),
            {RICE: 13000},
        )
    assert "market" in refused.value.errors


def test_revisions_are_private(demo: Demo, config: HargaPanganConfig) -> None:
    demo.client_for("disdag-semarang").post(ENTRY, {f"price-{RICE}": "13000"})
    assert PriceRevision.objects.scoped(Scope.public()).count() == 0
    kendal = Scope.for_user(demo.user("admin-kendal"))
    assert PriceRevision.objects.scoped(kendal).filter(region=demo.semarang).count() == 0
    with pytest.raises(UnscopedQueryError):
        list(PriceRevision.objects.filter(region=demo.semarang))


def test_public_pages_and_api_show_no_private_data(demo: Demo, config: HargaPanganConfig) -> None:
    demo.client_for("disdag-semarang").post(ENTRY, {f"price-{RICE}": "13000"})
    anonymous = demo.client_for(None)
    for url in [
        "/r/semarang/harga-pangan/",
        "/r/semarang/harga-pangan/pasar/pasar-johar/",
        f"/r/semarang/harga-pangan/komoditas/{RICE}/",
        "/r/semarang/harga-pangan/harga.csv",
        "/api/apps/harga-pangan/semarang/today",
        "/api/apps/harga-pangan/semarang/markets",
    ]:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        assert "disdag-semarang" not in text and "Petugas Pasar" not in text, url
    assert "13.000" in anonymous.get("/r/semarang/harga-pangan/pasar/pasar-johar/").content.decode()
