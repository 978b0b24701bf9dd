"""Exporting a manifest as publiccode.yml (https://yml.publiccode.tools, version 0.4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from kotacerdas.contract.manifest import Manifest

PUBLICCODE_VERSION = "0.4"
# publiccode.yml's own category list; the closest match for each of the six dimensions.
CATEGORY_BY_DIMENSION = {
    "governance": ["it-development", "communications"],
    "branding": ["marketing", "website-builder"],
    "economy": ["financial-reporting", "data-analytics"],
    "society": ["communications", "collaboration"],
    "living": ["data-visualization", "workflow-management"],
    "environment": ["data-collection", "data-visualization"],
}
PLATFORM_PARAGRAPH = {
    "id": (
        "Aplikasi ini berjalan di platform kotacerdas: setiap kota dan kabupaten dapat "
        "mengaktifkannya, menerbitkan konfigurasinya sendiri, mengadopsi konfigurasi daerah "
        "lain, dan tetap menerima pembaruan dari daerah asalnya."
    ),
    "en": (
        "This app runs on the kotacerdas platform: every city and regency can enable it, "
        "publish its own configuration, adopt another region's configuration, and keep "
        "receiving updates from the region it adopted from."
    ),
}


def publiccode(
    manifest: Manifest,
    release_date: dt.date | None = None,
    *,
    name: str | None = None,
    version: str | None = None,
    url: str | None = None,
    landing_url: str | None = None,
    is_based_on: str | None = None,
) -> dict[str, Any]:
    """The publiccode.yml document for ``manifest`` as a dict.

    A region's variant of the app passes its own ``name``, ``version`` and ``url`` (its
    catalog page), and ``is_based_on``, the URL of the upstream variant it derives from:
    publiccode.yml 0.4's field for a software variant of another."""
    released = release_date or dt.date.today()
    description = {}
    for lang in ("id", "en"):
        text = manifest.description[lang]
        description[lang] = {
            "localisedName": manifest.name[lang],
            "shortDescription": text[:150],
            # publiccode.yml asks for 150+ characters here; the platform paragraph says
            # how the app is shared, which a catalogue reader needs anyway.
            "longDescription": f"{text}\n\n{PLATFORM_PARAGRAPH[lang]}",
            "features": manifest.features.get(lang) or [manifest.name[lang]],
        }
    document: dict[str, Any] = {
        "publiccodeYmlVersion": PUBLICCODE_VERSION,
        "name": name or manifest.key,
        "url": url or manifest.url,
    }
    if landing_url:
        document["landingURL"] = landing_url
    if is_based_on:
        document["isBasedOn"] = is_based_on
    return document | {
        "releaseDate": released.isoformat(),
        "softwareVersion": version or manifest.version,
        "platforms": ["web"],
        "categories": CATEGORY_BY_DIMENSION[manifest.dimension],
        "developmentStatus": "beta",
        "softwareType": "addon",
        "description": description,
        "legal": {"license": manifest.licence},
        "maintenance": {
            "type": "community",
            "contacts": [{"name": manifest.publisher, "email": manifest.maintainer_email}],
        },
        "localisation": {"localisationReady": True, "availableLanguages": ["id", "en"]},
    }


def publiccode_yaml(manifest: Manifest, release_date: dt.date | None = None, **variant: Any) -> str:
    """As YAML; ``variant`` takes the keyword arguments of ``publiccode``."""
    document = publiccode(manifest, release_date, **variant)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
