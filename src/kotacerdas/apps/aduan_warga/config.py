"""The per-region configuration: categories, deadlines, auto-close and branding.

``SCHEMA`` (JSON Schema) is the source of truth for validation, defaults, the console's
forms and the catalog's merges; the typed models below mirror it, and the platform builds
:class:`AduanConfig` from a validated configuration for every context. Defaults follow
domain.md (LAPOR! SP4N and Semarang's service standards); a region that adopts another's
variant changes them here, never in code.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import AppConfig, AppContext

KINDS = ["aspirasi", "pengaduan", "permintaan-informasi"]
DATATYPES = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]


def _category(
    code: str, name_id: str, name_en: str, agency: str, days: int, description: str
) -> dict[str, Any]:
    return {
        "service_code": code,
        "name": {"id": name_id, "en": name_en},
        "description": description,
        "agency": agency,
        "service_standard_days": days,
        "kind": "pengaduan",
        "keywords": [],
        "group": "",
        "attributes": [],
    }


DEFAULT_CATEGORIES = [
    {
        **_category(
            "jalan-rusak",
            "Jalan rusak",
            "Damaged road",
            "dpu",
            14,
            "Jalan berlubang, aspal mengelupas atau ambles.",
        ),
        "group": "infrastruktur",
        "attributes": [
            {
                "code": "ukuran",
                "description": "Perkiraan ukuran kerusakan",
                "description_en": "Approximate size of the damage",
                "datatype": "singlevaluelist",
                "required": False,
                "values": [
                    {"key": "kecil", "name": "Kecil (< 1 m)", "name_en": "Small (< 1 m)"},
                    {"key": "sedang", "name": "Sedang (1-3 m)", "name_en": "Medium (1-3 m)"},
                    {"key": "besar", "name": "Besar (> 3 m)", "name_en": "Large (> 3 m)"},
                ],
            }
        ],
    },
    {
        **_category(
            "drainase-tersumbat",
            "Drainase tersumbat",
            "Blocked drain",
            "dpu",
            14,
            "Saluran air atau gorong-gorong tersumbat.",
        ),
        "group": "infrastruktur",
    },
    {
        **_category(
            "lampu-pju-mati",
            "Lampu PJU mati",
            "Street light out",
            "dishub",
            5,
            "Lampu penerangan jalan umum mati atau berkedip.",
        ),
        "group": "infrastruktur",
    },
    {
        **_category(
            "sampah-menumpuk",
            "Sampah menumpuk",
            "Uncollected rubbish",
            "dlh",
            5,
            "Sampah tidak terangkut atau TPS liar.",
        ),
        "group": "lingkungan",
    },
    {
        **_category(
            "pohon-tumbang",
            "Pohon tumbang",
            "Fallen tree",
            "dlh",
            5,
            "Pohon tumbang atau dahan membahayakan.",
        ),
        "group": "lingkungan",
    },
    {
        **_category(
            "genangan-banjir",
            "Genangan / banjir",
            "Flooding",
            "bpbd",
            5,
            "Genangan air atau banjir di permukiman atau jalan.",
        ),
        "group": "bencana",
    },
    {
        **_category(
            "pkl-liar",
            "PKL / bangunan liar",
            "Illegal stalls or buildings",
            "satpolpp",
            14,
            "Pedagang kaki lima atau bangunan di lahan terlarang.",
        ),
        "group": "ketertiban",
    },
    {
        **_category(
            "informasi-layanan",
            "Permintaan informasi",
            "Information request",
            "diskominfo",
            5,
            "Pertanyaan tentang layanan pemerintah daerah.",
        ),
        "kind": "permintaan-informasi",
        "group": "informasi",
    },
]

ATTRIBUTE = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Atribut", "en": "Attribute"},
    "required": ["code", "datatype"],
    "additionalProperties": False,
    "properties": {
        "code": {
            "type": "string",
            "pattern": "^[a-z0-9_-]{1,40}$",
            "x-kotacerdas-label": {"id": "Kode", "en": "Code"},
        },
        "description": {
            "type": "string",
            "x-kotacerdas-label": {"id": "Pertanyaan", "en": "Question"},
        },
        # Open311 carries one language (``description``); the form shows this on English pages.
        "description_en": {
            "type": "string",
            "x-kotacerdas-label": {"id": "Pertanyaan (Inggris)", "en": "Question (English)"},
        },
        "datatype": {
            "enum": DATATYPES,
            "x-kotacerdas-label": {"id": "Jenis isian", "en": "Answer type"},
        },
        "datatype_description": {
            "type": "string",
            "x-kotacerdas-label": {"id": "Keterangan jenis isian", "en": "Answer type note"},
        },
        "required": {
            "type": "boolean",
            "default": False,
            "x-kotacerdas-label": {"id": "Wajib diisi", "en": "Required"},
        },
        "values": {
            "type": "array",
            "x-kotacerdas-label": {"id": "Pilihan", "en": "Choices"},
            "items": {
                "type": "object",
                "x-kotacerdas-label": {"id": "Pilihan", "en": "Choice"},
                "required": ["key", "name"],
                "properties": {
                    "key": {"type": "string"},
                    "name": {"type": "string"},
                    "name_en": {"type": "string"},
                },
            },
        },
    },
}

CATEGORY = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Kategori", "en": "Category"},
    "required": ["service_code", "name", "agency"],
    "additionalProperties": False,
    "properties": {
        "service_code": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]{0,49}$",
            "x-kotacerdas-label": {"id": "Kode layanan", "en": "Service code"},
        },
        "name": {
            "type": "object",
            "x-kotacerdas-label": {"id": "Nama", "en": "Name"},
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "en": {"type": "string"}},
        },
        "description": {
            "type": "string",
            "default": "",
            "x-kotacerdas-label": {"id": "Deskripsi", "en": "Description"},
        },
        # Policy with mapping: the adopter maps the publisher's agency to its own.
        "agency": {
            "type": "string",
            "x-kotacerdas-ref": "agency",
            "x-kotacerdas-label": {"id": "Instansi", "en": "Agency"},
        },
        "service_standard_days": {
            "type": "integer",
            "minimum": 1,
            "maximum": 365,
            "x-kotacerdas-label": {"id": "Batas waktu", "en": "Deadline"},
            "x-kotacerdas-unit": "working_days",
        },
        "kind": {
            "enum": KINDS,
            "default": "pengaduan",
            "x-kotacerdas-label": {"id": "Jenis laporan", "en": "Report kind"},
        },
        "keywords": {
            "type": "array",
            "items": {"type": "string"},
            "x-kotacerdas-label": {"id": "Kata kunci", "en": "Keywords"},
        },
        "group": {"type": "string", "x-kotacerdas-label": {"id": "Kelompok", "en": "Group"}},
        "attributes": {
            "type": "array",
            "items": ATTRIBUTE,
            "x-kotacerdas-label": {"id": "Atribut", "en": "Attributes"},
        },
    },
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "categories": {
            "type": "array",
            "items": CATEGORY,
            "default": DEFAULT_CATEGORIES,
            "x-kotacerdas-label": {"id": "Kategori", "en": "Categories"},
        },
        "deadlines": {
            "type": "object",
            "x-kotacerdas-label": {"id": "Batas waktu", "en": "Deadlines"},
            "additionalProperties": False,
            "default": {
                "verify_dispose_days": 3,
                "agency_follow_up_days": 5,
                "service_standard_days": {
                    "permintaan-informasi": 5,
                    "pengaduan": 14,
                    "pengaduan-lapangan": 60,
                    "aspirasi": 14,
                },
                "warn_before_days": 1,
            },
            "properties": {
                "verify_dispose_days": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 60,
                    "x-kotacerdas-label": {
                        "id": "Batas verifikasi dan disposisi",
                        "en": "Verify and dispatch within",
                    },
                    "x-kotacerdas-unit": "working_days",
                },
                "agency_follow_up_days": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 60,
                    "x-kotacerdas-label": {
                        "id": "Batas tindak lanjut instansi",
                        "en": "Agency follow-up within",
                    },
                    "x-kotacerdas-unit": "working_days",
                },
                "service_standard_days": {
                    "type": "object",
                    "x-kotacerdas-label": {"id": "Standar layanan", "en": "Service standard"},
                    "x-kotacerdas-unit": "working_days",
                    "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 365},
                },
                "warn_before_days": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 10,
                    "x-kotacerdas-label": {
                        "id": "Peringatan sebelum batas waktu",
                        "en": "Warning before the deadline",
                    },
                    "x-kotacerdas-unit": "working_days",
                },
            },
        },
        "auto_close_days": {
            "type": "integer",
            "minimum": 1,
            "maximum": 90,
            "default": 10,
            "x-kotacerdas-label": {
                "id": "Tutup otomatis setelah",
                "en": "Close automatically after",
            },
            "x-kotacerdas-unit": "working_days",
        },
        # After resolution the reporter may reopen for this long (the rating has no window).
        "reopen_days": {
            "type": "integer",
            "minimum": 1,
            "maximum": 90,
            "default": 10,
            "x-kotacerdas-label": {
                "id": "Pelapor dapat membuka kembali selama",
                "en": "The reporter may reopen for",
            },
            "x-kotacerdas-unit": "working_days",
        },
        # The region's own name, logo and colours: local, never taken from a neighbour.
        "branding": {
            "type": "object",
            "x-kotacerdas-local": True,
            "x-kotacerdas-label": {"id": "Tampilan", "en": "Branding"},
            "additionalProperties": False,
            "default": {"name": "Aduan Warga", "logo_url": "", "primary_colour": "#0f766e"},
            "properties": {
                "name": {
                    "type": "string",
                    "maxLength": 80,
                    "x-kotacerdas-label": {"id": "Nama aplikasi", "en": "App name"},
                },
                "logo_url": {
                    "type": "string",
                    "maxLength": 500,
                    "x-kotacerdas-label": {"id": "Alamat logo", "en": "Logo address"},
                },
                "primary_colour": {
                    "type": "string",
                    "pattern": "^#[0-9a-fA-F]{6}$",
                    "x-kotacerdas-label": {"id": "Warna utama", "en": "Main colour"},
                },
            },
        },
    },
}


class LocalName(AppConfig):
    id: str
    en: str = ""

    def label(self, language: str) -> str:
        return (self.en if language == "en" else "") or self.id


class AttributeValue(AppConfig):
    key: str
    name: str
    name_en: str = ""

    def label(self, language: str) -> str:
        return (self.name_en if language == "en" else "") or self.name


class Attribute(AppConfig):
    """An Open311 attribute of a category (extra data asked of the reporter)."""

    code: str
    datatype: str
    description: str = ""
    datatype_description: str = ""
    required: bool = False
    values: tuple[AttributeValue, ...] = ()
    description_en: str = ""

    def question(self, language: str) -> str:
        return (self.description_en if language == "en" else "") or self.description or self.code

    def value_label(self, key: str, language: str) -> str:
        value = next((v for v in self.values if v.key == key), None)
        return key if value is None else value.label(language)


class Category(AppConfig):
    """A report category: an Open311 service, with the agency that handles it."""

    service_code: str
    name: LocalName
    agency: str
    description: str = ""
    service_standard_days: int | None = None
    kind: str = "pengaduan"
    keywords: tuple[str, ...] = ()
    group: str = ""
    attributes: tuple[Attribute, ...] = ()


class Deadlines(AppConfig):
    # The fallbacks apply when a stored ``deadlines`` object omits a key (the schema fills
    # only the whole object's default).
    verify_dispose_days: int = 3
    agency_follow_up_days: int = 5
    service_standard_days: dict[str, int] = {}
    warn_before_days: int = 1


class Branding(AppConfig):
    name: str = "Aduan Warga"
    logo_url: str = ""
    primary_colour: str = "#0f766e"


class AduanConfig(AppConfig):
    """A region's configuration of the app, typed; built by the platform for each context."""

    categories: tuple[Category, ...] = ()
    deadlines: Deadlines = Deadlines()
    auto_close_days: int = 10
    reopen_days: int = 10
    branding: Branding = Branding()

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.service_code == code), None)

    def verify_days(self) -> int:
        return self.deadlines.verify_dispose_days

    def follow_up_days(self) -> int:
        return self.deadlines.agency_follow_up_days

    def warn_before_days(self) -> int:
        return self.deadlines.warn_before_days

    def service_days(self, category: Category) -> int:
        """The category's own standard, else the standard of its kind (domain.md: 5/14/60)."""
        if category.service_standard_days:
            return category.service_standard_days
        return self.deadlines.service_standard_days.get(category.kind, 14)


# The context every entry point of the app receives.
AduanContext = AppContext[AduanConfig]


def config_of(stored: dict[str, Any]) -> AduanConfig:
    """The typed configuration of a stored one, for code that runs without a context (the
    demo's seeding): validated against ``SCHEMA`` with defaults filled, as the platform does."""
    from kotacerdas.core.services.config_schema import validate_config

    return AduanConfig.model_validate(validate_config(SCHEMA, stored))
