"""The console's audit log page: who may read it, what it shows, filters and pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core.audit import record
from kotacerdas.core.models import AuditEntry
from kotacerdas.core.tenancy import Scope
from tests.conftest import Demo

URL = "/console/semarang/audit/"
EN = {"accept-language": "en"}
READ = Scope.system("test inspection of the audit log")


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("admin-semarang", 200),
        ("admin", 200),
        ("dpu-semarang", 403),
        ("provinsi", 403),
        ("admin-kendal", 403),
    ],
)
def test_access_matrix(demo: Demo, username: str, status: int) -> None:
    assert demo.client_for(username).get(URL).status_code == status


def test_anonymous_is_sent_to_sign_in(demo: Demo) -> None:
    response = demo.client_for(None).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/console/semarang/audit/")


def test_unknown_region_is_404(demo: Demo) -> None:
    assert demo.client_for("admin").get("/console/atlantis/audit/").status_code == 404


def test_nav_links_the_page_for_admins_only(demo: Demo) -> None:
    assert URL in demo.client_for("admin-semarang").get("/console/semarang/").content.decode()
    for username in ("dpu-semarang", "provinsi"):
        html = demo.client_for(username).get("/console/semarang/").content.decode()
        assert URL not in html


def test_shows_who_what_target_and_when_in_wib_newest_first(demo: Demo) -> None:
    admin = demo.user("admin-semarang")
    old = record("key.issued", region=demo.semarang, actor_id=admin.pk, target="gateway (kc_…)")
    new = record("alert.closed", region=demo.semarang, actor_label="system", target="Banjir")
    record("key.issued", region=demo.kendal, actor_id=admin.pk, target="kendal-only-key")
    # 23:30 UTC is 06:30 the next day in WIB.
    AuditEntry.objects.unscoped("test").filter(pk=old.pk).update(
        at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    )
    html = demo.client_for("admin-semarang").get(URL, headers=EN).content.decode()
    assert "2026-03-02 06:30:00" in html
    assert "admin-semarang" in html and "system" in html
    assert "API key issued" in html and "Alert closed" in html
    assert "gateway (kc_…)" in html and "Banjir" in html
    assert html.index("Banjir") < html.index("gateway (kc_")
    assert "kendal-only-key" not in html  # another region's entry
    assert new.pk


def test_platform_admin_sees_only_this_regions_entries(demo: Demo) -> None:
    record("key.issued", region=demo.kendal, target="kendal-only-key")
    record("signin.failed", region=None, target="no-region-entry")
    html = demo.client_for("admin").get(URL).content.decode()
    assert "kendal-only-key" not in html and "no-region-entry" not in html


def test_filter_by_action_and_date(demo: Demo) -> None:
    a = record("config.changed", region=demo.semarang, target="march-change")
    b = record("config.changed", region=demo.semarang, target="april-change")
    record("role.changed", region=demo.semarang, target="a-role-change")
    rows = AuditEntry.objects.unscoped("test")
    rows.filter(pk=a.pk).update(at=timezone.make_aware(dt.datetime(2026, 3, 10, 12)))
    rows.filter(pk=b.pk).update(at=timezone.make_aware(dt.datetime(2026, 4, 10, 12)))
    client = demo.client_for("admin-semarang")
    html = client.get(URL, {"action": "config.changed"}).content.decode()
    assert "march-change" in html and "april-change" in html and "a-role-change" not in html
    html = client.get(
        URL, {"action": "config.changed", "since": "2026-04-01", "until": "2026-04-30"}
    ).content.decode()
    assert "april-change" in html and "march-change" not in html


def test_a_day_is_a_wib_day(demo: Demo) -> None:
    entry = record("config.changed", region=demo.semarang, target="early-morning-wib")
    # 2026-05-01 18:00 UTC is 2026-05-02 01:00 WIB.
    AuditEntry.objects.unscoped("test").filter(pk=entry.pk).update(
        at=dt.datetime(2026, 5, 1, 18, 0, tzinfo=dt.UTC)
    )
    client = demo.client_for("admin-semarang")
    assert "early-morning-wib" in client.get(URL, {"since": "2026-05-02"}).content.decode()
    assert "early-morning-wib" not in client.get(URL, {"until": "2026-05-01"}).content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "kemarin"}, "From"),
        ({"until": "2026-13-45"}, "Until"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "Until"),
        ({"action": "nope.never"}, "Action"),
    ],
)
def test_bad_filters_are_400_naming_the_field(
    demo: Demo, params: dict[str, str], field: str
) -> None:
    record("config.changed", region=demo.semarang, target="hidden-on-error")
    response = demo.client_for("admin-semarang").get(URL, params, headers=EN)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="field-error" role="alert">{field}:' in html
    assert "hidden-on-error" not in html


def test_a_nul_byte_is_refused(demo: Demo) -> None:
    record("config.changed", region=demo.semarang, target="hidden-on-error")
    response = demo.client_for("admin-semarang").get(URL, {"since": "2026-05-02\x00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "since" in html and "hidden-on-error" not in html


def test_fifty_a_page(demo: Demo) -> None:
    for n in range(53):
        record("config.changed", region=demo.semarang, target=f"entry-{n:03d}")
    client = demo.client_for("admin-semarang")
    first = client.get(URL, {"action": "config.changed"}, headers=EN)
    assert len(first.context["entries"]) == 50
    html = first.content.decode()
    assert "entry-052" in html and "entry-003" in html and "entry-002" not in html
    assert "Page 1 of 2" in html and "action=config.changed&amp;page=2" in html
    second = client.get(URL, {"action": "config.changed", "page": "2"}).content.decode()
    assert "entry-002" in second and "entry-000" in second and "entry-003" not in second
    # A page number that is no number shows the first page, not an error.
    assert client.get(URL, {"page": "x"}).status_code == 200


def test_user_text_is_shown_as_text(demo: Demo) -> None:
    record("agency.changed", region=demo.semarang, target="<img src=x onerror=alert(1)>")
    html = demo.client_for("admin-semarang").get(URL).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
