"""The setup checklist of a new region, step by step, until it says the region is live."""

from __future__ import annotations

from django.contrib.auth.models import User

from kotacerdas.core.models import Membership
from kotacerdas.core.services.regions import add_region, set_region_place
from kotacerdas.core.tenancy import Role, Scope
from kotacerdas.situation.access import public_room_enabled
from tests.conftest import Demo

EN = {"accept-language": "en"}


def _steps(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'id="step-(\w+)" data-done="(yes|no)"', html))


def test_checklist_walks_a_new_region_to_live(demo: Demo) -> None:
    magelang = add_region(Scope.system("test onboarding"), "33.08")
    assert magelang.name == "Kabupaten Magelang"
    boss = User.objects.create_user("admin-magelang", "admin@magelangkab.go.id", "x-Pass-1234")
    Membership.objects.unscoped("test").create(user=boss, role=Role.REGION_ADMIN, region=magelang)
    admin = demo.client_for("admin-magelang")
    url = f"/console/{magelang.slug}/setup/"

    overview = admin.get(f"/console/{magelang.slug}/", headers=EN).content.decode()
    assert url in overview and "Continue the setup checklist" in overview
    html = admin.get(url, headers=EN).content.decode()
    assert _steps(html) == {
        "place": "no",
        "agencies": "no",
        "people": "no",
        "apps": "no",
        "room": "no",
    }
    assert "0 of 5 steps done" in html and "Your region is live" not in html
    assert f"/console/{magelang.slug}/agencies/" in html
    assert f"/console/{magelang.slug}/catalog/" in html

    # Others may not see or change it.
    for who in ("admin-semarang", "provinsi"):
        assert demo.client_for(who).get(url).status_code == 403, who
        demo.client_for(who).post(url, {"public_room": "on"})
    assert not public_room_enabled(magelang)

    set_region_place(Scope.for_user(boss), magelang, (-7.59, 110.22), (110.0, -7.8, 110.5, -7.3))
    admin.post(f"/console/{magelang.slug}/agencies/", {"standard": "1", "opd": ["bpbd", "dpu"]})
    bpbd = magelang.agencies.unscoped("test").get(slug="bpbd")
    admin.post(
        f"/console/{magelang.slug}/members/",
        {"email": "petugas@magelangkab.go.id", "role": "agency_staff", "agency": bpbd.pk},
    )
    admin.post(f"/console/{magelang.slug}/apps/", {"app": "sensor-kota"})
    html = admin.get(url, headers=EN).content.decode()
    assert _steps(html) == {
        "place": "yes",
        "agencies": "yes",
        "people": "yes",
        "apps": "yes",
        "room": "no",
    }
    assert "4 of 5 steps done" in html

    admin.post(url, {"public_room": "on"})
    assert public_room_enabled(magelang)
    html = admin.get(url, headers=EN).content.decode()
    assert "Your region is live" in html
    assert f'href="/r/{magelang.slug}/"' in html and f'href="/r/{magelang.slug}/situation/"' in html
    overview = admin.get(f"/console/{magelang.slug}/", headers=EN).content.decode()
    assert "Continue the setup checklist" not in overview
    # The room is public now: a citizen opens it without signing in.
    assert demo.client_for(None).get(f"/r/{magelang.slug}/situation/").status_code == 200
