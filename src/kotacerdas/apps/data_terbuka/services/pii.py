"""Recognising personal data in a table: NIK, Indonesian phone numbers, e-mail addresses,
and headers that name a person or their contact.

Uploads run :func:`scan` on the parsed values (a flagged column blocks submission until
the officer drops it or confirms, with a reason, that it is not personal data); app feeds
run :class:`Scanner` over every row they write and are refused when it trips, so an app's
bug can never publish a reporter's phone number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# 08xx…, +62 8xx…, 62 8xx… with 9–13 digits after the prefix, spaces/dashes/dots allowed.
PHONE = re.compile(r"(?<![\d])(?:\+62|62|0)[\s.-]?8(?:[\s.-]?\d){7,11}(?![\d])")
# Eight digits in a row, spaces, dots and dashes allowed: the least a NIK or a phone has.
DIGIT_RUN = re.compile(r"\d(?:[\s.-]?\d){7}")
SIXTEEN = re.compile(r"(?<!\d)\d{16}(?!\d)")
# Kemendagri province codes (the NIK's first two digits).
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53}
    | {61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
)
# Header words that name a person or how to reach them (after normalisation to a field name).
PERSONAL_HEADERS = frozenset(
    {
        "nama",
        "name",
        "nama_lengkap",
        "full_name",
        "telepon",
        "telp",
        "tlp",
        "phone",
        "hp",
        "no_hp",
        "nomor_hp",
        "no_telp",
        "nomor_telepon",
        "handphone",
        "whatsapp",
        "wa",
        "email",
        "e_mail",
        "surel",
        "nik",
        "no_ktp",
        "ktp",
        "nomor_induk_kependudukan",
        "alamat",
        "alamat_rumah",
    }
)
PERSON_WORDS = ("pelapor", "reporter", "penelepon", "caller", "pengadu", "complainant")
KINDS = ("nik", "phone", "email", "header")
# A column is flagged when at least this share of its non-empty sampled values match,
# or at least MIN_HITS do (free text that carries an address now and then).
SHARE = 0.05
MIN_HITS = 3
MEMO = 50_000  # distinct values remembered per scan


def looks_like_nik(text: str) -> bool:
    """16 digits whose province and birth date parts are valid (women's day + 40)."""
    for m in SIXTEEN.finditer(text):
        s = m.group(0)
        day, month = int(s[6:8]), int(s[8:10])
        if int(s[:2]) in PROVINCES and 1 <= month <= 12 and (1 <= day <= 31 or 41 <= day <= 71):
            return True
    return False


def kind_of(value: Any) -> str:
    """``"nik"``, ``"phone"``, ``"email"`` or ``""`` for one value."""
    if value is None or isinstance(value, bool | float):
        return ""
    if isinstance(value, int):
        if value < 10**8:
            return ""
        text = str(value)
        if len(text) == 16 and looks_like_nik(text):
            return "nik"
        # A phone stored as a number lost its 0, not its 62: 628… with 11–14 digits.
        return "phone" if text.startswith("628") and 11 <= len(text) <= 14 else ""
    if not isinstance(value, str) or len(value) < 8:
        return ""
    if "@" in value and EMAIL.search(value):
        return "email"
    if DIGIT_RUN.search(value):
        if looks_like_nik(value):
            return "nik"
        if PHONE.search(value):
            return "phone"
    return ""


# App feeds publish places (a facility's name and address are public): there only headers
# that name a person's identity or a reporter are refused.
FEED_HEADERS = frozenset({"nik", "no_ktp", "ktp", "nomor_induk_kependudukan"})


def header_kind(name: str, strict: bool = False) -> bool:
    low = name.lower()
    if any(w in low for w in PERSON_WORDS):
        return True
    return low in (FEED_HEADERS if strict else PERSONAL_HEADERS)


class Scanner:
    """Counts matches per column over rows fed to :meth:`feed`; :meth:`flags` says which
    columns look personal."""

    def __init__(
        self, names: Sequence[str], types: Sequence[str] | None = None, *, strict: bool = False
    ) -> None:
        """``strict``: one matching value flags its column (app feeds); otherwise a share of
        the values must match (uploads, where the officer reviews the flags)."""
        self.names = list(names)
        self.strict = strict
        types = list(types or ["text"] * len(self.names))
        # Only text and big integers can carry a NIK, a phone or an address.
        self.check = [i for i, t in enumerate(types) if t in ("text", "integer")]
        self.hits: dict[int, dict[str, int]] = {i: {} for i in self.check}
        self.filled = dict.fromkeys(self.check, 0)
        self.examples: dict[int, int] = {}
        self.memo: dict[tuple[int, Any], str] = {}

    def feed(self, row: Sequence[Any], row_number: int = 0) -> None:
        memo = self.memo
        for i in self.check:
            value = row[i]
            if value is None or value == "":
                continue
            self.filled[i] += 1
            # Codes and names repeat over many rows: each distinct value is looked at once.
            key = (i, value)
            kind = memo.get(key)
            if kind is None:
                kind = kind_of(value)
                if len(memo) < MEMO:
                    memo[key] = kind
            if kind:
                counts = self.hits[i]
                counts[kind] = counts.get(kind, 0) + 1
                self.examples.setdefault(i, row_number)

    def feed_all(self, rows: Iterable[Sequence[Any]]) -> None:
        for n, row in enumerate(rows, 1):
            self.feed(row, n)

    def flags(self) -> list[dict[str, Any]]:
        """``[{"column", "kind", "count", "row", "message"}]``, one per flagged column."""
        out: list[dict[str, Any]] = []
        for i, name in enumerate(self.names):
            if header_kind(name, self.strict):
                out.append(
                    {
                        "column": name,
                        "kind": "header",
                        "count": 0,
                        "row": None,
                        "message": message("header", name),
                    }
                )
                continue
            counts = self.hits.get(i) or {}
            if not counts:
                continue
            kind, _count = max(counts.items(), key=lambda kv: kv[1])
            total = sum(counts.values())
            share = max(1, SHARE * self.filled.get(i, 0))
            if self.strict or total >= MIN_HITS or total >= share:
                out.append(
                    {
                        "column": name,
                        "kind": kind,
                        "count": total,
                        "row": self.examples.get(i),
                        "message": message(kind, name),
                    }
                )
        return out


def message(kind: str, column: str) -> str:
    texts = {
        "nik": _("Column “%(column)s” looks like NIK numbers (personal data)."),
        "phone": _("Column “%(column)s” looks like phone numbers (personal data)."),
        "email": _("Column “%(column)s” contains e-mail addresses (personal data)."),
        "header": _("Column “%(column)s” is named like personal data (a name or a contact)."),
    }
    return texts.get(kind, texts["header"]) % {"column": column}


def scan(
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    types: Sequence[str] | None = None,
    *,
    strict: bool = False,
) -> list[dict[str, Any]]:
    """The flags of a whole table (see :meth:`Scanner.flags`)."""
    scanner = Scanner(names, types, strict=strict)
    scanner.feed_all(rows)
    return scanner.flags()
