"""The six smart-city dimensions ("six smart") of Gerakan Menuju 100 Smart City.

Fixed reference data, not database rows: every app, KPI and indicator is filed under one
of these keys, and the taxonomy only changes with a release. Names are given in both
languages explicitly (rather than through gettext) because they are data that APIs return.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SubElement:
    key: str
    name_id: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_id


@dataclass(frozen=True)
class Dimension:
    key: str
    name_id: str
    name_en: str
    colour: str
    icon: str  # id of a symbol in templates/kotacerdas/icons.svg
    sub_elements: tuple[SubElement, ...]

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_id


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "governance",
        "Tata Kelola Cerdas",
        "Smart Governance",
        "#1d4ed8",
        "landmark",
        (
            SubElement("public-services", "Layanan publik", "Public services"),
            SubElement("public-policy", "Kebijakan publik", "Public policy"),
            SubElement("bureaucracy", "Tata kelola birokrasi", "Bureaucracy management"),
        ),
    ),
    Dimension(
        "branding",
        "Branding Cerdas",
        "Smart Branding",
        "#c026d3",
        "flag",
        (
            SubElement("tourism", "Branding pariwisata", "Tourism branding"),
            SubElement("business", "Branding bisnis", "Business branding"),
            SubElement("city-appearance", "Branding wajah kota", "City appearance branding"),
        ),
    ),
    Dimension(
        "economy",
        "Ekonomi Cerdas",
        "Smart Economy",
        "#d97706",
        "coins",
        (
            SubElement("industry", "Industri", "Industry"),
            SubElement("welfare", "Kesejahteraan rakyat", "People's welfare"),
            SubElement(
                "transactions", "Ekosistem transaksi keuangan", "Financial transaction ecosystem"
            ),
        ),
    ),
    Dimension(
        "society",
        "Masyarakat Cerdas",
        "Smart Society",
        "#db2777",
        "users",
        (
            SubElement("community", "Komunitas", "Community"),
            SubElement("learning", "Ekosistem belajar", "Learning ecosystem"),
            SubElement("security", "Keamanan masyarakat", "Community security"),
        ),
    ),
    Dimension(
        "living",
        "Kehidupan Cerdas",
        "Smart Living",
        "#0d9488",
        "home",
        (
            SubElement("health", "Kesehatan", "Health"),
            SubElement("transportation", "Transportasi", "Transportation"),
            SubElement(
                "harmony", "Lingkungan hidup yang harmonis", "Harmonious living environment"
            ),
        ),
    ),
    Dimension(
        "environment",
        "Lingkungan Cerdas",
        "Smart Environment",
        "#16a34a",
        "leaf",
        (
            SubElement("protection", "Proteksi lingkungan", "Protection"),
            SubElement("waste", "Pengelolaan sampah", "Waste"),
            SubElement("energy", "Energi", "Energy"),
        ),
    ),
)

DIMENSION_KEYS: frozenset[str] = frozenset(d.key for d in DIMENSIONS)
_BY_KEY = {d.key: d for d in DIMENSIONS}


def get_dimension(key: str) -> Dimension:
    """The dimension for a key; ``KeyError`` for anything outside the six."""
    return _BY_KEY[key]
