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


def publiccode(manifest: Manifest, release_date: dt.date | None = None) -> dict[str, Any]:
    """The publiccode.yml document for ``manifest`` as a dict."""
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
    return {
        "publiccodeYmlVersion": PUBLICCODE_VERSION,
        "name": manifest.key,
        "url": manifest.url,
        "releaseDate": released.isoformat(),
        "softwareVersion": manifest.version,
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


def publiccode_yaml(manifest: Manifest, release_date: dt.date | None = None) -> str:
    return yaml.safe_dump(publiccode(manifest, release_date), allow_unicode=True, sort_keys=False)
