"""The core public pages: the situation-room button only where the room opens for the
caller, English pages without Indonesian interface text, the sign-in error said once."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import polib
from django.test import Client

from kotacerdas.core.tenancy import Scope
from kotacerdas.situation.services import set_public_room
from tests.conftest import Demo

SRC = Path(__file__).resolve().parents[2] / "src" / "kotacerdas"
ROOM = 'href="/r/semarang/situation/"'


def test_room_button_only_where_the_room_opens(demo: Demo) -> None:
    """A citizen following "Ruang situasi" landed on a sign-in page saying citizens need no
    account: the button shows for citizens only when the room is public; staff see it."""
    citizen = Client()
    assert ROOM not in citizen.get("/r/semarang/").content.decode()
    for staff in ("admin-semarang", "dpu-semarang", "provinsi", "admin"):
        assert ROOM in demo.client_for(staff).get("/r/semarang/").content.decode(), staff
    # Staff of another region are citizens here.
    assert ROOM not in demo.client_for("admin-kendal").get("/r/semarang/").content.decode()
    set_public_room(Scope.for_user(demo.user("admin-semarang")), demo.semarang, True)
    assert ROOM in citizen.get("/r/semarang/").content.decode()
    assert citizen.get("/r/semarang/situation/").status_code == 200
    assert 'href="/r/kendal/situation/"' not in citizen.get("/r/kendal/").content.decode()


def _indonesian_interface_texts() -> set[str]:
    """Every Indonesian translation of the platform's, the room's and the apps' interface
    strings that could appear literally (no placeholders) and is not the English too."""
    texts = set()
    for po_path in SRC.rglob("locale/id/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)).translated_entries():
            text = entry.msgstr
            if entry.msgid_plural or "%" in text or "{" in text or text == entry.msgid:
                continue
            if len(text) >= 8 and " " in text:  # phrases, not single words, names or codes
                texts.add(text)
    return texts


def _visible_text(page: str) -> str:
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", body))


def test_english_pages_carry_no_indonesian_interface_text(demo: Demo) -> None:
    set_public_room(Scope.for_user(demo.user("admin-semarang")), demo.semarang, True)
    indonesian = _indonesian_interface_texts()
    pages = ["/", "/apps/", "/r/semarang/", "/r/semarang/situation/", "/accounts/login/"]
    leftovers = {}
    for who in (None, "admin-semarang"):
        client = demo.client_for(who)
        client.cookies["django_language"] = "en"
        for path in [*pages, "/r/semarang/situation/?kiosk=1"]:
            text = " ".join(_visible_text(client.get(path).content.decode()).split())
            found = sorted(t for t in indonesian if t in text)
            if found:
                leftovers[(who, path)] = found
    assert leftovers == {}


def test_sign_in_error_names_no_field_twice_in_either_language(demo: Demo) -> None:
    for language, expected in (
        ("id", "Nama pengguna atau kata sandi salah."),
        ("en", "Wrong username or password. Both are case-sensitive."),
    ):
        client = Client()
        client.cookies["django_language"] = language
        page = client.post("/accounts/login/", {"username": "admin-semarang", "password": "x"})
        text = page.content.decode()
        assert expected in text, language
        assert "nama pengguna nama pengguna" not in text.lower()
        assert "username username" not in text.lower()
