"""Every user-facing string is translated, and the committed catalogues are current."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.test import Client
from scripts import makemessages

SRC = Path(__file__).resolve().parent.parent / "src" / "kotacerdas"
CATALOGUES = sorted(SRC.rglob("locale/*/LC_MESSAGES/django.po"))


def test_catalogues_exist_for_both_languages() -> None:
    languages = {p.parts[-3] for p in CATALOGUES}
    assert languages == {"id", "en"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_string_translated(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:5]}"


@pytest.mark.parametrize(
    "po_path", [p for p in CATALOGUES if p.parts[-3] == "en"], ids=lambda p: str(p.relative_to(SRC))
)
def test_english_catalogues_hold_the_source_strings(po_path: Path) -> None:
    """English is the source language: a different English msgstr can only be a fuzzy match
    that makemessages guessed (the room once labelled open reports "Send report")."""
    po = polib.pofile(str(po_path))
    changed = [(e.msgid, e.msgstr) for e in po if not e.msgid_plural and e.msgstr != e.msgid]
    assert not changed, f"English strings rewritten in {po_path}: {changed[:5]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_compiled_catalogue_matches(po_path: Path) -> None:
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    po = polib.pofile(str(po_path))
    compiled = {e.msgid: e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        assert entry.msgid in compiled, f"{entry.msgid!r} missing from .mo: run make messages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext not installed")
def test_catalogues_cover_the_source(tmp_path: Path) -> None:
    """makemessages on a copy finds no string that the committed catalogues lack."""
    copy = tmp_path / "kotacerdas"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    makemessages.run(copy)
    for fresh_path in sorted(copy.rglob("locale/id/LC_MESSAGES/django.po")):
        committed_path = SRC / fresh_path.relative_to(copy)
        known = {e.msgid for e in polib.pofile(str(committed_path))}
        new = [e.msgid for e in polib.pofile(str(fresh_path)) if e.msgid not in known]
        assert not new, f"strings missing from {committed_path}: {new[:5]} (run make messages)"


def test_indonesian_by_default_and_english_on_request(db: None) -> None:
    client = Client()
    assert "Daerah" in client.get("/").content.decode()
    english = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert "Smart-city apps, shared between regions" in english
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Sign in" in client.get("/").content.decode()
