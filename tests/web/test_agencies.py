"""Agencies in the console: the standard OPD list, an agency of one's own, editing with
several contact addresses, deactivating (open work moved first, through the app contract)
and reactivating; and the refusals."""

from __future__ import annotations

from kotacerdas.contract import get_app
from kotacerdas.core.models import Agency, AuditEntry, Membership
from kotacerdas.core.opd import STANDARD_OPD
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context
from kotacerdas.web.schemaform import agency_choices
from tests.conftest import Demo

EN = {"accept-language": "en"}
URL = "/console/semarang/agencies/"


def _agency(demo: Demo, slug: str) -> Agency:
    return Agency.objects.unscoped("test").get(region=demo.semarang, slug=slug)


def test_add_edit_and_hostile_input(demo: Demo) -> None:
    admin = demo.client_for("admin-semarang")
    page = admin.get(URL, headers=EN).content.decode()
    # The standard list offers only what the region lacks (Semarang has DPU already).
    assert 'value="disnaker"' in page and 'value="dpu"' not in page
    assert "Manpower Agency" in page and 'value="satpolpp"' not in page
    admin.post(URL, {"standard": "1", "opd": ["disnaker", "disdukcapil", "dpu", "no-such"]})
    disnaker = _agency(demo, "disnaker")
    assert disnaker.name == "Dinas Tenaga Kerja" and disnaker.short_name == "Disnaker"
    assert _agency(demo, "disdukcapil").is_active
    assert Agency.objects.unscoped("test").filter(region=demo.semarang, slug="dpu").count() == 1
    assert {o.slug for o in STANDARD_OPD} >= {"diskominfo", "satpolpp", "disdukcapil", "dinsos"}

    # An agency of its own, name with markup: stored as typed, shown as text.
    response = admin.post(
        URL,
        {
            "name": "Dinas <script>alert(1)</script> Arsip",
            "short_name": "Arsip",
            "slug": "arsip",
            "emails": "arsip@semarangkota.go.id\nsekretariat@semarangkota.go.id, "
            "arsip@semarangkota.go.id",
        },
    )
    assert response.status_code == 302
    arsip = _agency(demo, "arsip")
    assert arsip.notification_addresses() == [
        "arsip@semarangkota.go.id",
        "sekretariat@semarangkota.go.id",
    ]
    html = admin.get(URL).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html

    # Bad input: each problem next to its field; nothing written.
    before = Agency.objects.unscoped("test").filter(region=demo.semarang).count()
    for data, problem in [
        ({"name": "X", "slug": "arsip"}, "Another agency of this region has this short code"),
        ({"name": "X", "slug": "Bad Slug!"}, "letters, numbers, underscores or hyphens"),
        ({"name": "X", "slug": "x1", "emails": "dpu@kota, bukan-alamat"}, "is not an e-mail"),
        ({"name": "", "slug": "x2"}, "This field is required"),
        ({"name": "Y" * 500, "slug": "x3"}, "at most 200 characters"),
        (
            {"name": "X", "slug": "x4", "emails": " ".join(f"a{i}@b.id" for i in range(11))},
            "At most 10 addresses",
        ),
    ]:
        response = admin.post(URL, data, headers=EN)
        assert response.status_code == 400, data
        assert problem in response.content.decode(), (data, problem)
    assert Agency.objects.unscoped("test").filter(region=demo.semarang).count() == before

    # Editing: addresses replaced, the short code stays.
    edit = f"{URL}{arsip.pk}/"
    admin.post(
        edit,
        {
            "name": "Dinas Arsip",
            "short_name": "Arsip",
            "slug": "changed",
            "emails": "baru@semarangkota.go.id",
        },
    )
    arsip.refresh_from_db()
    assert (arsip.name, arsip.slug, arsip.contact_addresses()) == (
        "Dinas Arsip",
        "arsip",
        ["baru@semarangkota.go.id"],
    )
    changes = AuditEntry.objects.unscoped("test").filter(
        region=demo.semarang, action="agency.changed", detail__slug="arsip"
    )
    assert sorted(changes.values_list("detail__change", flat=True)) == ["added", "edited"]

    # Refusals: another region's agency, and people who are not the region's admin.
    before = Agency.objects.unscoped("test").filter(region=demo.semarang, slug="disperkim").count()
    kendal_dpu = Agency.objects.unscoped("test").get(region=demo.kendal, slug="dpu")
    assert admin.get(f"{URL}{kendal_dpu.pk}/").status_code == 404
    assert (
        admin.post(f"/console/kendal/agencies/{kendal_dpu.pk}/", {"name": "x"}).status_code == 403
    )
    assert demo.client_for("dpu-semarang").get(edit).status_code == 403
    assert (
        demo.client_for("provinsi").post(URL, {"standard": "1", "opd": ["disperkim"]}).status_code
        == 403
    )
    assert (
        Agency.objects.unscoped("test").filter(region=demo.semarang, slug="disperkim").count()
        == before
    )


def test_deactivate_moves_open_work_first(demo: Demo) -> None:
    admin = demo.client_for("admin-semarang")
    dpu, dlh = _agency(demo, "dpu"), _agency(demo, "dlh")
    aduan = get_app("aduan-warga")
    assert aduan is not None
    ctx = region_context(aduan, demo.semarang)
    assert ctx is not None
    open_before = aduan.agency_open_work(ctx, dpu)
    assert open_before > 0, "the demo leaves open reports with DPU Semarang"
    edit = f"{URL}{dpu.pk}/"
    page = admin.get(edit, headers=EN).content.decode()
    assert f"{open_before} open items in" in page

    # Without a target agency: refused, nothing changed.
    refused = admin.post(f"{edit}active/", {"action": "deactivate"}, headers=EN, follow=True)
    assert "still has open work" in refused.content.decode()
    dpu.refresh_from_db()
    assert dpu.is_active and aduan.agency_open_work(ctx, dpu) == open_before
    # A target from another region is refused too.
    kendal_dlh = Agency.objects.unscoped("test").get(region=demo.kendal, slug="dlh")
    admin.post(f"{edit}active/", {"action": "deactivate", "to_agency": kendal_dlh.pk})
    dpu.refresh_from_db()
    assert dpu.is_active

    dlh_before = aduan.agency_open_work(ctx, dlh)
    done = admin.post(
        f"{edit}active/", {"action": "deactivate", "to_agency": dlh.pk}, headers=EN, follow=True
    )
    assert f"{open_before} open items moved to" in done.content.decode()
    dpu.refresh_from_db()
    assert dpu.is_active is False
    assert aduan.agency_open_work(ctx, dpu) == 0
    assert aduan.agency_open_work(ctx, dlh) == dlh_before + open_before
    entry = (
        AuditEntry.objects.unscoped("test")
        .filter(action="agency.changed", detail__change="deactivated", detail__slug="dpu")
        .get()
    )
    assert entry.detail["moved"] == {"aduan-warga": open_before}

    # Inactive: out of the dropdowns, its staff out of the console, no notifications.
    scope = Scope.for_user(demo.user("admin-semarang"))
    assert "dpu" not in dict(agency_choices(scope, demo.semarang))
    assert dpu.notification_addresses() == []
    staff = Membership.objects.unscoped("test").get(user__username="dpu-semarang")
    assert staff.agency_id == dpu.pk  # the record still names it
    assert demo.client_for("dpu-semarang").get("/console/semarang/").status_code == 403

    admin.post(f"{edit}active/", {"action": "reactivate"})
    dpu.refresh_from_db()
    assert dpu.is_active
    assert demo.client_for("dpu-semarang").get("/console/semarang/").status_code == 200
