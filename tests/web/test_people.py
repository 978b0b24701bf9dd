"""People and roles in the console: invitations by e-mail, the set-password link, roles,
deactivation, password resets, the platform admin's list, the user's own account page; and
every refusal (another region's people, the last admin, a member invited twice, bad input)."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core import mail

from kotacerdas.core.models import AuditEntry, Membership
from kotacerdas.core.tenancy import Role, Scope
from tests.conftest import Demo

EN = {"accept-language": "en"}
MEMBERS = "/console/semarang/members/"


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/set-password/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def _membership(username: str, region: str = "semarang") -> Membership:
    return Membership.objects.unscoped("test").get(user__username=username, region__slug=region)


def test_invite_set_password_role_deactivate_reactivate_reset(demo: Demo) -> None:
    admin = demo.client_for("admin-semarang")
    dlh = demo.semarang.agencies.unscoped("test").get(slug="dlh")
    dpu = demo.semarang.agencies.unscoped("test").get(slug="dpu")
    mail.outbox.clear()
    response = admin.post(
        MEMBERS,
        {
            "email": " Siti@Semarangkota.go.id ",
            "name": "Siti <b>Aminah</b>",
            "role": "agency_staff",
            "agency": dlh.pk,
        },
        headers=EN,
    )
    assert response.status_code == 302
    user = User.objects.get(username="siti@semarangkota.go.id")
    assert not user.has_usable_password()
    assert user.first_name == "Siti" and user.last_name == "<b>Aminah</b>"
    member = _membership(user.username)
    assert (member.role, member.agency_id, member.is_active) == (Role.AGENCY_STAFF, dlh.pk, True)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["siti@semarangkota.go.id"]
    link = _link(mail.outbox[0])
    page = admin.get(MEMBERS, headers=EN).content.decode()
    assert "Siti &lt;b&gt;Aminah&lt;/b&gt;" in page and "<b>Aminah" not in page
    assert "Invited, no password yet" in page

    # The e-mailed link sets the password once; then she signs in and reaches the console.
    guest = demo.client_for(None)
    form = guest.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    weak = guest.post(set_url, {"new_password1": "123", "new_password2": "123"}, headers=EN)
    assert weak.status_code == 200 and "field-error" in weak.content.decode()
    done = guest.post(
        set_url, {"new_password1": "Sungai-Banjir-77", "new_password2": "Sungai-Banjir-77"}
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password("Sungai-Banjir-77")
    assert "does not work any more" in guest.get(link, follow=True, headers=EN).content.decode()
    siti = demo.client_for(user.username)
    assert siti.get("/console/semarang/").status_code == 200

    # Change her agency; deactivate: the console is closed to her; reactivate opens it again.
    url = f"{MEMBERS}{member.pk}/"
    admin.post(url, {"action": "role", "role": "agency_staff", "agency": dpu.pk})
    member.refresh_from_db()
    assert member.agency_id == dpu.pk
    admin.post(url, {"action": "deactivate"})
    member.refresh_from_db()
    assert member.is_active is False
    assert Scope.for_user(user).read_regions == frozenset()
    assert demo.client_for(user.username).get("/console/semarang/").status_code == 403
    page = admin.post(url, {"action": "reactivate"}, headers=EN, follow=True).content.decode()
    assert "is active again" in page, page
    assert demo.client_for(user.username).get("/console/semarang/").status_code == 200

    # A password reset e-mails a fresh link.
    mail.outbox.clear()
    admin.post(url, {"action": "reset"})
    assert len(mail.outbox) == 1 and "/accounts/set-password/" in mail.outbox[0].body

    changes = list(
        AuditEntry.objects.unscoped("test")
        .filter(region=demo.semarang, action="role.changed", target=user.username)
        .order_by("pk")
        .values_list("detail__change", flat=True)
    )
    assert changes == [
        "invited",
        "role changed",
        "deactivated",
        "reactivated",
        "password reset sent",
    ]


def test_refusals(demo: Demo) -> None:
    admin = demo.client_for("admin-semarang")
    kendal_member = _membership("admin-kendal", "kendal")
    semarang_admin = _membership("admin-semarang")

    # Another region's people: the Kendal pages are closed, and a Kendal membership under
    # Semarang's URL is nobody at all.
    assert admin.get("/console/kendal/members/").status_code == 403
    refused = admin.post(
        "/console/kendal/members/", {"email": "x@kendalkab.go.id", "role": "region_admin"}
    )
    assert refused.status_code == 403
    assert not User.objects.filter(username="x@kendalkab.go.id").exists()
    hijack = admin.post(f"{MEMBERS}{kendal_member.pk}/", {"action": "deactivate"}, headers=EN)
    assert hijack.status_code == 404
    assert "You manage only your region" in hijack.content.decode()
    kendal_member.refresh_from_db()
    assert kendal_member.is_active
    # Agency staff and province officers may not manage people.
    for who in ("dpu-semarang", "provinsi"):
        response = demo.client_for(who).post(
            f"{MEMBERS}{semarang_admin.pk}/", {"action": "deactivate"}
        )
        assert response.status_code == 403, who
    semarang_admin.refresh_from_db()
    assert semarang_admin.is_active

    # The last active admin can be neither deactivated nor demoted.
    url = f"{MEMBERS}{semarang_admin.pk}/"
    page = admin.post(url, {"action": "deactivate"}, headers=EN, follow=True).content.decode()
    assert "last active admin of Kota Semarang" in page
    dpu = demo.semarang.agencies.unscoped("test").get(slug="dpu")
    page = admin.post(
        url, {"action": "role", "role": "agency_staff", "agency": dpu.pk}, headers=EN, follow=True
    ).content.decode()
    assert "last active admin" in page
    semarang_admin.refresh_from_db()
    assert semarang_admin.is_active and semarang_admin.role == Role.REGION_ADMIN

    # An address already a member: refused, with the offer to add the role instead.
    staff = User.objects.get(username="dpu-semarang")
    staff.email = "dpu@semarangkota.go.id"
    staff.save()
    mail.outbox.clear()
    again = admin.post(
        MEMBERS, {"email": "DPU@semarangkota.go.id", "role": "region_admin"}, headers=EN
    )
    html = again.content.decode()
    assert again.status_code == 400 and "already a member of Kota Semarang" in html
    assert "Add this role to them" in html and not mail.outbox
    offer = re.search(r'name="member" value="(\d+)"', html)
    assert offer
    admin.post(
        MEMBERS,
        {
            "email": "dpu@semarangkota.go.id",
            "role": "region_admin",
            "add_role": "1",
            "member": offer.group(1),
        },
    )
    roles = set(
        Membership.objects.unscoped("test")
        .filter(user=staff, region=demo.semarang)
        .values_list("role", flat=True)
    )
    assert roles == {Role.AGENCY_STAFF, Role.REGION_ADMIN}

    # Bad input: names the problem next to the field, writes nothing.
    before = User.objects.count()
    for data, problem in [
        ({"email": "not-an-address", "role": "region_admin"}, "is not an e-mail address"),
        ({"email": "a@b.id", "role": "platform_admin"}, "Select a valid choice"),
        ({"email": "a@b.id", "role": "agency_staff"}, "Agency staff need an agency"),
        ({"email": "a" * 300 + "@b.id", "role": "region_admin"}, "at most 254"),
        ({"email": "a@b.id", "role": "agency_staff", "agency": "99999"}, "Select a valid"),
    ]:
        response = admin.post(MEMBERS, data, headers=EN)
        assert response.status_code == 400, data
        assert problem in response.content.decode(), (data, problem)
    assert User.objects.count() == before


def test_platform_admin_sees_everyone_and_users_manage_their_own_account(demo: Demo) -> None:
    everyone = demo.client_for("admin").get("/console/people/", headers=EN)
    html = everyone.content.decode()
    assert everyone.status_code == 200
    assert "admin-kendal" in html and "dpu-semarang" in html and "Kota Semarang" in html
    assert demo.client_for("admin-semarang").get("/console/people/").status_code == 403
    # The platform admin manages any region's people.
    kendal_admin = _membership("admin-kendal", "kendal")
    admin = demo.client_for("admin")
    admin.post(
        "/console/kendal/members/", {"email": "kedua@kendalkab.go.id", "role": "region_admin"}
    )
    admin.post(f"/console/kendal/members/{kendal_admin.pk}/", {"action": "deactivate"})
    kendal_admin.refresh_from_db()
    assert kendal_admin.is_active is False  # another active admin now exists

    # Own language, kept per user and applied on the next sign-in.
    me = demo.client_for("dpu-semarang")
    response = me.post("/accounts/me/", {"language": "en"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    assert me.post("/accounts/me/", {"language": "xx"}).status_code == 200
    fresh = demo.client_for(None)
    user = User.objects.get(username="dpu-semarang")
    user.set_password("Kata-Sandi-Baru-1")
    user.save()
    signed_in = fresh.post(
        "/accounts/login/", {"username": "dpu-semarang", "password": "Kata-Sandi-Baru-1"}
    )
    assert signed_in.status_code == 302
    assert signed_in.cookies["django_language"].value == "en"
    assert "Sign out" in fresh.get("/console/semarang/").content.decode()

    # Own password.
    changed = fresh.post(
        "/accounts/me/password/",
        {
            "old_password": "Kata-Sandi-Baru-1",
            "new_password1": "Lain-Lagi-2026",
            "new_password2": "Lain-Lagi-2026",
        },
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Lain-Lagi-2026")
