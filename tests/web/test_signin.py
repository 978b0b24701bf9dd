"""Sign-in throttling and lockout (django-axes) and the sign-in entries of the audit log."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from kotacerdas.core.models import AuditEntry
from kotacerdas.core.tenancy import Scope
from tests.conftest import Demo

LOGIN = "/accounts/login/"
EN = {"accept-language": "en"}
LOCKED_EN = "Too many sign-in attempts. Try again in 15 minutes."
WRONG_EN = "Wrong username or password. Both are case-sensitive."
READ = Scope.system("test inspection of the audit log")


def sign_in(client: Client, username: str, password: str, **headers: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, headers=headers)


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.scoped(READ).filter(action=action).order_by("id"))


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_form_with_a_clear_message(demo: Demo) -> None:
    client = Client()
    for _ in range(4):
        response = sign_in(client, "admin-semarang", "wrong", **EN)
        assert response.status_code == 200
        assert WRONG_EN in response.content.decode()
    response = sign_in(client, "admin-semarang", "wrong", **EN)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_EN in html
    assert 'role="alert"' in html and 'id="id_password"' in html  # the form, not a bare page
    assert 'value="admin-semarang"' in html
    assert response["Retry-After"] == "900"
    # Now even the right password is refused, and nobody is signed in.
    response = sign_in(client, "admin-semarang", "demo-semarang", **EN)
    assert response.status_code == 429 and LOCKED_EN in response.content.decode()
    assert not signed_in(client)


def test_lockout_message_is_in_the_callers_language(demo: Demo) -> None:
    client = Client()
    for _ in range(5):
        response = sign_in(client, "admin-semarang", "wrong")
    assert response.status_code == 429
    with translation.override("id"):
        expected = gettext("Too many sign-in attempts. Try again in %(minutes)d minutes.") % {
            "minutes": 15
        }
    assert expected in response.content.decode()


def test_wrong_password_message_names_no_field_twice(demo: Demo) -> None:
    html = sign_in(Client(), "admin-semarang", "wrong").content.decode()
    assert "nama pengguna nama pengguna" not in html.lower()
    with translation.override("id"):
        expected = gettext("Wrong username or password. Both are case-sensitive.")
    assert expected in html


def test_success_resets_the_count(demo: Demo) -> None:
    client = Client()
    for _ in range(4):
        assert sign_in(client, "admin-semarang", "wrong").status_code == 200
    assert sign_in(client, "admin-semarang", "demo-semarang").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):  # a fresh count: four more failures still do not lock
        assert sign_in(client, "admin-semarang", "wrong").status_code == 200
    assert sign_in(client, "admin-semarang", "demo-semarang").status_code == 302


def test_another_username_is_not_locked_by_someone_elses_failures(demo: Demo) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, "admin-semarang", "wrong")
    assert sign_in(client, "admin-semarang", "demo-semarang").status_code == 429
    other = Client()
    assert sign_in(other, "admin-kendal", "demo-kendal").status_code == 302
    assert signed_in(other)


def test_the_same_username_from_another_address_is_not_locked(demo: Demo) -> None:
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="203.0.113.7"), "admin-semarang", "wrong")
    assert sign_in(Client(REMOTE_ADDR="203.0.113.7"), "admin-semarang", "x").status_code == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(elsewhere, "admin-semarang", "demo-semarang").status_code == 302


def test_the_admin_sign_in_is_throttled_too(demo: Demo) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "admin", "password": "wrong"}, headers=EN
        )
    assert response.status_code == 429
    assert LOCKED_EN in response.content.decode()


def test_force_login_still_works(demo: Demo) -> None:
    response = demo.client_for("admin-semarang").get("/console/semarang/")
    assert response.status_code == 200


def test_success_is_audited_with_the_users_one_region(demo: Demo) -> None:
    sign_in(Client(), "admin-semarang", "demo-semarang")
    [entry] = entries("signin.succeeded")
    assert entry.actor == demo.user("admin-semarang")
    assert entry.region_id == demo.semarang.pk
    assert entry.target == "admin-semarang"
    assert entry.detail["address"] == "127.0.0.1"


def test_users_without_exactly_one_region_sign_in_to_no_region(demo: Demo) -> None:
    sign_in(Client(), "provinsi", "demo-provinsi")
    sign_in(Client(), "admin", "admin-kotacerdas")
    rows = entries("signin.succeeded")
    assert [e.target for e in rows] == ["provinsi", "admin"]
    assert [e.region_id for e in rows] == [None, None]


def test_failure_is_audited_with_the_username_and_never_the_password(demo: Demo) -> None:
    sign_in(Client(), "admin-semarang", "s3cret-guess")
    sign_in(Client(), "nobody-here", "other-guess")
    known, unknown = entries("signin.failed")
    assert known.target == "admin-semarang" and known.region_id == demo.semarang.pk
    assert known.actor is None and known.actor_label == "127.0.0.1"
    assert known.detail["username"] == "admin-semarang" and known.detail["known_user"]
    assert unknown.target == "nobody-here" and unknown.region_id is None
    assert not unknown.detail["known_user"]
    for row in AuditEntry.objects.scoped(READ):
        assert "s3cret-guess" not in str(row.detail) + row.target + row.actor_label
        assert "other-guess" not in str(row.detail) + row.target + row.actor_label
    from axes.models import AccessAttempt

    for attempt in AccessAttempt.objects.all():
        assert "s3cret-guess" not in attempt.post_data


def test_lockout_is_audited_once(demo: Demo) -> None:
    client = Client()
    for _ in range(7):
        sign_in(client, "admin-semarang", "wrong")
    [locked] = entries("signin.locked")
    assert locked.region_id == demo.semarang.pk and locked.target == "admin-semarang"
    assert locked.detail["failures"] == 5 and locked.detail["minutes"] == 15
    failed = entries("signin.failed")
    assert len(failed) == 7
    assert [bool(e.detail.get("locked")) for e in failed] == [False] * 4 + [True] * 3
    assert failed[4].pk < locked.pk  # the attempt, then the lockout it started


def test_no_api_accepts_a_password(demo: Demo) -> None:
    """HTTP Basic is gone: a right password in an Authorization header signs nobody in and
    is answered 401 like a missing key, so the API offers nothing to guess against."""
    import base64

    basic = "Basic " + base64.b64encode(b"admin-semarang:demo-semarang").decode()
    client = Client()
    response = client.post(
        "/api/apps/harga-pangan/semarang/prices",
        {},
        content_type="application/json",
        headers={"authorization": basic},
    )
    assert response.status_code == 401
    assert not signed_in(client)
    assert entries("signin.succeeded") == []
