"""Platform admins record agreements and inspect the catalog in Django admin."""

from __future__ import annotations

from kotacerdas.catalog.models import Agreement
from tests.conftest import Demo


def test_platform_admin_pages(demo: Demo) -> None:
    client = demo.client_for("admin")
    agreement = Agreement.objects.unscoped("t").first()
    assert agreement is not None
    for url in [
        "/admin/catalog/agreement/",
        f"/admin/catalog/agreement/{agreement.pk}/change/",
        "/admin/catalog/variant/",
        "/admin/catalog/configrevision/",
    ]:
        assert client.get(url).status_code == 200, url
    assert agreement.number.encode() in client.get("/admin/catalog/agreement/").content
    assert demo.client_for("admin-semarang").get("/admin/catalog/agreement/").status_code == 302
