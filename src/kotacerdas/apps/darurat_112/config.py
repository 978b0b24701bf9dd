"""The configuration a region runs Darurat 112 with: the JSON Schema and its typed model.

``SCHEMA`` is the source of truth (validation, defaults, the console's form, the catalog's
merges); :class:`Darurat112Settings` mirrors it. Responder agencies are references to the
region's own agencies (``x-kotacerdas-ref: agency``, by slug), so an adopting region maps
them to its own Damkar, PSC 119, Polres …
"""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import AppConfig, AppContext

APP_KEY = "darurat-112"

SEVERITIES = ["info", "warning", "critical"]
CLOSE_KINDS = ["prank", "silent", "test"]


def _type(
    key: str,
    name_id: str,
    name_en: str,
    responders: list[str],
    severity: str,
    emergency: bool = True,
) -> dict[str, Any]:
    return {
        "key": key,
        "name": {"id": name_id, "en": name_en},
        "responders": responders,
        "severity": severity,
        "emergency": emergency,
    }


DEFAULT_TYPES = [
    _type("kebakaran", "Kebakaran", "Fire", ["damkar", "psc119"], "critical"),
    _type(
        "kecelakaan",
        "Kecelakaan lalu lintas",
        "Traffic accident",
        ["psc119", "polres", "dishub"],
        "critical",
    ),
    _type("medis", "Medis / ambulans", "Medical / ambulance", ["psc119"], "critical"),
    _type("kriminal", "Kriminal", "Crime", ["polres"], "critical"),
    _type("banjir", "Banjir / bencana", "Flood / disaster", ["bpbd", "damkar"], "warning"),
    _type("pohon-tumbang", "Pohon tumbang", "Fallen tree", ["damkar", "dlh"], "warning"),
    _type("orang-hilang", "Orang hilang", "Missing person", ["polres", "bpbd"], "warning"),
    _type("kdrt", "KDRT", "Domestic violence", ["polres", "dinsos"], "critical"),
    _type("hewan", "Hewan berbahaya", "Dangerous animal", ["damkar"], "warning"),
    _type(
        "informasi", "Informasi (bukan darurat)", "Information (non-emergency)", [], "info", False
    ),
]

DEFAULT_CLOSINGS = [
    {"key": "iseng", "kind": "prank", "name": {"id": "Panggilan iseng", "en": "Prank call"}},
    {"key": "diam", "kind": "silent", "name": {"id": "Panggilan diam", "en": "Silent call"}},
    {"key": "terputus", "kind": "silent", "name": {"id": "Terputus", "en": "Dropped call"}},
    {"key": "uji", "kind": "test", "name": {"id": "Uji coba", "en": "Test call"}},
    {"key": "salah-sambung", "kind": "test", "name": {"id": "Salah sambung", "en": "Wrong number"}},
]

NAME = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Nama", "en": "Name"},
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "minLength": 1, "maxLength": 80},
        "en": {"type": "string", "maxLength": 80},
    },
}

INCIDENT_TYPE = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Jenis kejadian", "en": "Incident type"},
    "required": ["key", "name"],
    "additionalProperties": False,
    "properties": {
        "key": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]{0,39}$",
            "x-kotacerdas-label": {"id": "Kode", "en": "Code"},
        },
        "name": NAME,
        "responders": {
            "type": "array",
            "default": [],
            "maxItems": 10,
            "x-kotacerdas-label": {"id": "Responden bawaan", "en": "Default responders"},
            "items": {
                "type": "string",
                "x-kotacerdas-ref": "agency",
                "x-kotacerdas-label": {"id": "Instansi", "en": "Agency"},
            },
        },
        "severity": {
            "enum": SEVERITIES,
            "default": "warning",
            "x-kotacerdas-label": {"id": "Tingkat bawaan", "en": "Default severity"},
        },
        "emergency": {
            "type": "boolean",
            "default": True,
            "x-kotacerdas-label": {"id": "Darurat", "en": "Emergency"},
        },
    },
}

CLOSING = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Alasan penutupan", "en": "Closing reason"},
    "required": ["key", "kind", "name"],
    "additionalProperties": False,
    "properties": {
        "key": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]{0,39}$",
            "x-kotacerdas-label": {"id": "Kode", "en": "Code"},
        },
        "kind": {
            "enum": CLOSE_KINDS,
            "x-kotacerdas-label": {"id": "Golongan", "en": "Kind"},
        },
        "name": NAME,
    },
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "incident_types": {
            "type": "array",
            "items": INCIDENT_TYPE,
            "minItems": 1,
            "maxItems": 40,
            "default": DEFAULT_TYPES,
            "x-kotacerdas-label": {"id": "Jenis kejadian", "en": "Incident types"},
        },
        "closing_reasons": {
            "type": "array",
            "items": CLOSING,
            "minItems": 1,
            "maxItems": 20,
            "default": DEFAULT_CLOSINGS,
            "x-kotacerdas-label": {
                "id": "Alasan panggilan iseng, diam, uji",
                "en": "Prank, silent and test reasons",
            },
        },
        # The agencies whose staff take calls (Semarang's Command Center is Diskominfo's).
        "call_centre": {
            "type": "array",
            "default": ["diskominfo"],
            "maxItems": 5,
            "x-kotacerdas-label": {"id": "Pusat panggilan 112", "en": "112 call centre"},
            "items": {
                "type": "string",
                "x-kotacerdas-ref": "agency",
                "x-kotacerdas-label": {"id": "Instansi", "en": "Agency"},
            },
        },
        # Public warnings (CAP 1.2): the agency whose staff issue them, and the CAP sender.
        "warning_agency": {
            "type": "string",
            "default": "bpbd",
            "x-kotacerdas-ref": "agency",
            "x-kotacerdas-label": {"id": "Instansi penerbit peringatan", "en": "Warning agency"},
        },
        "cap_sender": {
            "type": "string",
            "default": "",
            "maxLength": 200,
            "x-kotacerdas-local": True,
            "x-kotacerdas-label": {"id": "Pengirim CAP", "en": "CAP sender"},
        },
        "target_minutes": {
            "type": "integer",
            "minimum": 1,
            "maximum": 600,
            "default": 20,
            "x-kotacerdas-label": {"id": "Target penanganan", "en": "Handling target"},
            "x-kotacerdas-unit": "minutes",
        },
        "same_incident_minutes": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1440,
            "default": 60,
            "x-kotacerdas-label": {
                "id": "Jendela kejadian yang sama",
                "en": "Same-incident window",
            },
            "x-kotacerdas-unit": "minutes",
        },
        "same_incident_metres": {
            "type": "integer",
            "minimum": 10,
            "maximum": 5000,
            "default": 300,
            "x-kotacerdas-label": {
                "id": "Jarak kejadian yang sama",
                "en": "Same-incident distance",
            },
            "x-kotacerdas-unit": "metres",
        },
        "unacknowledged_seconds": {
            "type": "integer",
            "minimum": 10,
            "maximum": 3600,
            "default": 120,
            "x-kotacerdas-label": {
                "id": "Penugasan belum diterima setelah",
                "en": "Dispatch unacknowledged after",
            },
            "x-kotacerdas-unit": "seconds",
        },
    },
}


class LocalName(AppConfig):
    id: str
    en: str = ""

    def label(self, language: str) -> str:
        return (self.en if language == "en" else "") or self.id


class IncidentType(AppConfig):
    key: str
    name: LocalName
    responders: tuple[str, ...] = ()
    severity: str = "warning"
    emergency: bool = True


class Closing(AppConfig):
    key: str
    kind: str
    name: LocalName


class Darurat112Settings(AppConfig):
    incident_types: tuple[IncidentType, ...] = ()
    closing_reasons: tuple[Closing, ...] = ()
    call_centre: tuple[str, ...] = ("diskominfo",)
    warning_agency: str = "bpbd"
    cap_sender: str = ""
    target_minutes: int = 20
    same_incident_minutes: int = 60
    same_incident_metres: int = 300
    unacknowledged_seconds: int = 120

    def type_of(self, key: str) -> IncidentType | None:
        return next((t for t in self.incident_types if t.key == key), None)

    def closing(self, key: str) -> Closing | None:
        return next((c for c in self.closing_reasons if c.key == key), None)

    def first_closing(self, kind: str) -> Closing | None:
        return next((c for c in self.closing_reasons if c.kind == kind), None)


D112Context = AppContext[Darurat112Settings]
