"""Names from the configuration in the page's language.

ISPU categories are configured with their Indonesian names (Permen LHK P.14/2020); a region
that keeps a published name gets it in English on English pages, a region that renamed a
category sees its own name in both. Flood levels keep their BPBD names (Waspada, Siaga,
Awas) in every language: they are the terms of the warnings people hear.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotacerdas.apps.sensor_kota.config import CATEGORIES

_ISPU_NAMES: dict[str, Promise] = {
    "baik": _("Good"),
    "sedang": _("Moderate"),
    "tidak_sehat": _("Unhealthy"),
    "sangat_tidak_sehat": _("Very unhealthy"),
    "berbahaya": _("Hazardous"),
}
_PUBLISHED = {c["key"]: c["label"] for c in CATEGORIES}


def ispu_label(key: str, configured: str) -> str:
    """The category's name in the active language (the configured name when it was changed)."""
    if _PUBLISHED.get(key) == configured and key in _ISPU_NAMES:
        if (get_language() or "id").startswith("id"):
            return configured
        return str(_ISPU_NAMES[key])
    return configured
