"""An app's public pages also answer at its alias (Data Terbuka at /r/<region>/data/),
with the same context, and never redirect (ckanapi refuses redirects)."""

from __future__ import annotations

from django.test import Client

from kotacerdas.contract import get_app
from tests.conftest import Demo


def test_the_portal_answers_at_its_alias_as_at_its_mount(demo: Demo) -> None:
    app = get_app("data-terbuka")
    assert app is not None and app.public_alias == "data"
    client = Client()
    main = client.get("/r/semarang/data-terbuka/api/3/action/package_list")
    alias = client.get("/r/semarang/data/api/3/action/package_list")
    assert main.status_code == alias.status_code == 200
    assert alias.json()["success"] is True
    assert alias.json()["result"] == main.json()["result"]


def test_a_region_without_the_app_is_a_404_at_the_alias_too(demo: Demo) -> None:
    assert Client().get("/r/no-such-region/data/api/3/action/package_list").status_code == 404
