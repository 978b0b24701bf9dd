"""Compile every .po under src/ into its .mo with polib (no GNU gettext needed on the machine).

English is the source language, but Django falls back to the default language (Indonesian)
for a string missing from the English catalogue, so the English .po must carry every string:
this script sets every English msgstr to its msgid before compiling. Always, not only when
empty: makemessages' fuzzy matching fills a new English string with an old neighbour's text
("Open reports" became "Send report"), and English has no translation to keep.

The .mo files are committed, so a fresh install needs no compile step; ``make messages``
runs this after ``makemessages`` and tests/test_i18n.py fails when a .mo is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src"


def fill_english(po: polib.POFile) -> None:
    po.metadata["Language"] = "en"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")


def main() -> int:
    for po_path in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        if po_path.parts[-3] == "en":
            fill_english(po)
            po.save(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT)} ({len(po.translated_entries())} strings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
