"""The registry and beds as FHIR R4 resources (JSON), SATUSEHAT-flavoured.

* a facility is a ``Location`` (physicalType ``bu``) whose address carries SATUSEHAT's
  ``administrativeCode`` extension (Kemendagri codes without dots: province, city, and
  district/village where the registry knows them), and an ``Organization``;
* each room class of a facility is a ``Location`` (physicalType ``ro``) ``partOf`` the
  facility, its ``operationalStatus`` from v2-0116: ``U`` a bed is free, ``O`` all occupied,
  ``C`` closed (no beds);
* each service a facility offers is a ``HealthcareService``.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.apps.fasilitas_kesehatan.models import Beds, Facility
from kotacerdas.apps.fasilitas_kesehatan.vocab import SERVICES, Kind, Owner, RoomClass
from kotacerdas.core.models import Region

ADMIN_CODE = "https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
PHYSICAL = "http://terminology.hl7.org/CodeSystem/location-physical-type"
BED_STATUS = "http://terminology.hl7.org/CodeSystem/v2-0116"
ORG_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
OWN = "https://kotacerdas.id/fhir/CodeSystem"
KIND_SYSTEM = f"{OWN}/jenis-faskes"
ROOM_SYSTEM = f"{OWN}/kelas-ruang"
SERVICE_SYSTEM = f"{OWN}/layanan-faskes"
OWNER_SYSTEM = f"{OWN}/kepemilikan-faskes"
FACILITY_ID = "https://kotacerdas.id/fhir/sid/faskes"
KEMENKES_ID = "https://kotacerdas.id/fhir/sid/kode-faskes-kemenkes"

# Facility kinds as v3 ServiceDeliveryLocationRoleType codes.
KIND_ROLE = {
    Kind.HOSPITAL: ("HOSP", "Hospital"),
    Kind.PUSKESMAS: ("PC", "primary care clinic"),
    Kind.CLINIC: ("PC", "primary care clinic"),
    Kind.LAB: ("MBL", "medical laboratory"),
}
ROOM_ROLE = {
    "icu": ("ICU", "Intensive care unit"),
    "picu": ("PEDICU", "Pediatric intensive care unit"),
    "nicu": ("PEDNICU", "Pediatric neonatal intensive care unit"),
    "igd": ("ER", "Emergency room"),
}
STATUS = {"C": "Closed", "O": "Occupied", "U": "Unoccupied"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def admin_code(region: Region, facility: Facility) -> dict[str, Any]:
    code = region.code.replace(".", "")
    parts = [{"url": "province", "valueCode": code[:2]}, {"url": "city", "valueCode": code}]
    if facility.district_code:
        parts.append({"url": "district", "valueCode": facility.district_code})
    if facility.village_code:
        parts.append({"url": "village", "valueCode": facility.village_code})
    return {"url": ADMIN_CODE, "extension": parts}


def address(region: Region, facility: Facility) -> dict[str, Any]:
    out: dict[str, Any] = {
        "extension": [admin_code(region, facility)],
        "use": "work",
        "type": "physical",
        "city": region.name,
        "state": region.province.name,
        "country": "ID",
    }
    if facility.address:
        out["line"] = [facility.address]
    if facility.district:
        out["district"] = facility.district
    return out


def identifiers(facility: Facility) -> list[dict[str, Any]]:
    ids = [{"use": "usual", "system": FACILITY_ID, "value": facility.slug}]
    if facility.kemenkes_code:
        ids.append({"use": "official", "system": KEMENKES_ID, "value": facility.kemenkes_code})
    return ids


def telecom(facility: Facility) -> list[dict[str, Any]]:
    return [{"system": "phone", "value": facility.phone, "use": "work"}] if facility.phone else []


def facility_location(region: Region, f: Facility) -> dict[str, Any]:
    role, role_display = KIND_ROLE[Kind(f.kind)]
    out: dict[str, Any] = {
        "resourceType": "Location",
        "id": str(f.pk),
        "identifier": identifiers(f),
        "status": "active" if f.is_active else "inactive",
        "name": f.name,
        "mode": "instance",
        "type": [
            {
                "coding": [
                    {"system": ROLE_CODE, "code": role, "display": role_display},
                    {"system": KIND_SYSTEM, "code": f.kind, "display": str(Kind(f.kind).label)},
                ]
            }
        ],
        "address": address(region, f),
        "physicalType": {"coding": [{"system": PHYSICAL, "code": "bu", "display": "Building"}]},
        "position": {"longitude": f.lng, "latitude": f.lat},
        "managingOrganization": {"reference": f"Organization/{f.pk}", "display": f.name},
    }
    if f.beds_updated_at is not None:
        out["meta"] = {"lastUpdated": f.beds_updated_at.isoformat()}
    if f.phone:
        out["telecom"] = telecom(f)
    if f.igd_24h:
        out["hoursOfOperation"] = [{"daysOfWeek": DAYS, "allDay": True}]
    if f.opening_hours:
        out["availabilityExceptions"] = f.opening_hours
    return out


def bed_status(b: Beds) -> str:
    if b.total == 0:
        return "C"
    return "U" if b.free > 0 else "O"


def room_location(region: Region, f: Facility, b: Beds) -> dict[str, Any]:
    label = str(RoomClass(b.room_class).label)
    status = bed_status(b)
    coding = [{"system": ROOM_SYSTEM, "code": b.room_class, "display": label}]
    if b.room_class in ROOM_ROLE:
        code, display = ROOM_ROLE[b.room_class]
        coding.insert(0, {"system": ROLE_CODE, "code": code, "display": display})
    return {
        "resourceType": "Location",
        "id": f"{f.pk}-{b.room_class}",
        "meta": {"lastUpdated": b.updated_at.isoformat()},
        "status": "active",
        "operationalStatus": {"system": BED_STATUS, "code": status, "display": STATUS[status]},
        "name": f"{f.name} · {label}",
        "description": f"{b.free}/{b.total} kosong, {b.occupied} terisi, {b.waiting} antre",
        "mode": "instance",
        "type": [{"coding": coding}],
        "physicalType": {"coding": [{"system": PHYSICAL, "code": "ro", "display": "Room"}]},
        "position": {"longitude": f.lng, "latitude": f.lat},
        "managingOrganization": {"reference": f"Organization/{f.pk}"},
        "partOf": {"reference": f"Location/{f.pk}", "display": f.name},
    }


def organization(region: Region, f: Facility) -> dict[str, Any]:
    out: dict[str, Any] = {
        "resourceType": "Organization",
        "id": str(f.pk),
        "identifier": identifiers(f),
        "active": f.is_active,
        "type": [
            {
                "coding": [
                    {"system": ORG_TYPE, "code": "prov", "display": "Healthcare Provider"},
                    {"system": OWNER_SYSTEM, "code": f.owner, "display": str(Owner(f.owner).label)},
                ]
            }
        ],
        "name": f.name,
        "address": [address(region, f)],
    }
    if f.phone:
        out["telecom"] = telecom(f)
    return out


def service_id(f: Facility, key: str) -> str:
    return f"{f.pk}-{key}"


def healthcare_service(f: Facility, key: str) -> dict[str, Any]:
    label = str(SERVICES.get(key, key))
    out: dict[str, Any] = {
        "resourceType": "HealthcareService",
        "id": service_id(f, key),
        "active": f.is_active,
        "providedBy": {"reference": f"Organization/{f.pk}", "display": f.name},
        "type": [{"coding": [{"system": SERVICE_SYSTEM, "code": key, "display": label}]}],
        "location": [{"reference": f"Location/{f.pk}"}],
        "name": label,
    }
    if f.phone:
        out["telecom"] = telecom(f)
    if key == "igd" and f.igd_24h:
        out["availableTime"] = [{"daysOfWeek": DAYS, "allDay": True}]
    return out
