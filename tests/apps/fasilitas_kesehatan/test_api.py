# mypy: disable-error-code="union-attr,index,arg-type"
"""The push API (machine keys narrowed to a facility, {"detail","field"} errors) and the
FHIR R4 read API, every answer parsed with fhir.resources (R4B models)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.organization import Organization

from kotacerdas.apps.fasilitas_kesehatan.demo import DEMO_KEY
from kotacerdas.apps.fasilitas_kesehatan.models import Beds
from kotacerdas.apps.fasilitas_kesehatan.services.fhir import ADMIN_CODE
from kotacerdas.core.keys import issue_key, revoke_key
from kotacerdas.core.tenancy import Scope
from tests.apps.fasilitas_kesehatan.conftest import KEY, facility
from tests.conftest import Demo

API = "/api/apps/fasilitas-kesehatan/semarang/beds"
FHIR = "/r/semarang/fasilitas-kesehatan/fhir/"


def push(client: Client, body: Any, key: str | None = DEMO_KEY) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.post(API, json.dumps(body), content_type="application/json", **headers)


def test_narrowed_key_pushes_its_facility(demo: Demo) -> None:
    r = push(
        Client(),
        {
            "facility": "rsup-kariadi",
            "beds": [
                {"room_class": "icu", "total": 36, "occupied": 35},
                {
                    "room_class": "kelas-3",
                    "total": 300,
                    "occupied": 290,
                    "free_male": 4,
                    "free_female": 6,
                },
            ],
        },
    )
    assert r.status_code == 200, r.content
    body = r.json()
    icu = next(b for b in body["beds"] if b["room_class"] == "icu")
    assert icu["free"] == 1 and body["stale"] is False
    f = facility(demo.semarang, "rsup-kariadi")
    assert Beds.objects.unscoped("t").get(facility=f, room_class="kelas-3").free_female == 6


def test_narrowed_key_refused_for_another_facility(demo: Demo) -> None:
    r = push(
        Client(),
        {"facility": "rs-telogorejo", "beds": [{"room_class": "icu", "total": 1, "occupied": 0}]},
    )
    assert r.status_code == 403
    assert r.json()["field"] == "facility"


def test_bad_input_gets_detail_and_field(demo: Demo) -> None:
    c = Client()
    r = push(
        c,
        {
            "facility": "rsup-kariadi",
            "beds": [{"room_class": "icu", "total": 10, "occupied": 4, "free": 9}],
        },
    )
    assert r.status_code == 422 and r.json()["field"] == "beds.icu.free"
    r = push(
        c,
        {
            "facility": "rsup-kariadi",
            "beds": [{"room_class": "icu", "total": 10**15, "occupied": 4}],
        },
    )
    assert r.status_code == 422 and r.json()["field"] == "beds.icu.total"
    r = push(c, {"facility": "rsup-kariadi", "beds": [{"room_class": "icu", "total": "-3"}]})
    assert r.status_code == 422 and r.json()["field"] == "beds.icu.total"
    r = push(c, {"facility": "nope", "beds": []})
    assert r.status_code == 404 and r.json()["field"] == "facility"
    r = c.post(
        API, "{broken", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {DEMO_KEY}"
    )
    assert r.status_code in (400, 422) and "detail" in r.json()


def test_keys_of_other_regions_unknown_or_revoked_get_401(demo: Demo) -> None:
    _row, kendal_key = issue_key(Scope.system("t"), demo.kendal, KEY, "kendal")
    body = {"facility": "rsup-kariadi", "beds": [{"room_class": "icu", "total": 1, "occupied": 0}]}
    assert push(Client(), body, kendal_key).status_code == 401
    assert push(Client(), body, "nonsense").status_code == 401
    assert push(Client(), body, None).status_code == 401
    row, clear = issue_key(Scope.system("t"), demo.semarang, KEY, "all")
    assert push(Client(), body, clear).status_code == 200
    revoke_key(Scope.system("t"), demo.semarang, KEY, row.pk)
    assert push(Client(), body, clear).status_code == 401


def test_public_beds_read(demo: Demo) -> None:
    r = Client().get("/api/apps/fasilitas-kesehatan/semarang/facilities/rsup-kariadi/beds")
    assert r.status_code == 200 and {b["room_class"] for b in r.json()["beds"]} >= {"icu", "igd"}


def fhir_get(path: str, **params: Any) -> Any:
    r = Client().get(FHIR + path, params)
    assert r["Content-Type"].startswith("application/fhir+json")
    return r


def test_location_search_is_a_valid_searchset_with_paging(demo: Demo) -> None:
    r = fhir_get("Location", _count=5)
    assert r.status_code == 200
    bundle = Bundle.model_validate(r.json())
    assert bundle.type == "searchset" and bundle.total is not None and bundle.total > 5
    assert len(bundle.entry or []) == 5
    relations = {link.relation: link.url for link in bundle.link or []}
    assert "self" in relations and "next" in relations
    nxt = Client().get(relations["next"])
    second = Bundle.model_validate(nxt.json())
    ids = {e.resource.id for e in bundle.entry or []}
    assert not ids & {e.resource.id for e in second.entry or []}
    for e in bundle.entry or []:
        Location.model_validate(e.resource.model_dump())


def test_facility_location_carries_satusehat_admin_code(demo: Demo) -> None:
    f = facility(demo.semarang, "rsup-kariadi")
    r = fhir_get(f"Location/{f.pk}")
    loc = Location.model_validate(r.json())
    ext = next(x for x in loc.address.extension or [] if x.url == ADMIN_CODE)
    codes = {x.url: x.valueCode for x in ext.extension or []}
    assert codes["province"] == "33" and codes["city"] == "3374"
    assert codes["district"] == f.district_code and "." not in codes["district"]
    assert loc.physicalType.coding[0].code == "bu"
    assert loc.position.latitude is not None


def test_rooms_are_locations_part_of_the_facility_with_status(demo: Demo) -> None:
    f = facility(demo.semarang, "rsup-kariadi")
    r = fhir_get("Location", partof=f"Location/{f.pk}")
    bundle = Bundle.model_validate(r.json())
    rooms = [Location.model_validate(e.resource.model_dump()) for e in bundle.entry or []]
    assert rooms and all(x.partOf.reference == f"Location/{f.pk}" for x in rooms)
    beds = {b.room_class: b for b in Beds.objects.unscoped("t").filter(facility=f)}
    for room in rooms:
        b = beds[room.id.split("-", 1)[1]]
        expected = "C" if b.total == 0 else ("U" if b.free else "O")
        assert room.operationalStatus.code == expected
        assert room.operationalStatus.system == "http://terminology.hl7.org/CodeSystem/v2-0116"
        assert room.physicalType.coding[0].code == "ro"


def test_search_by_type_city_and_near(demo: Demo) -> None:
    hospitals = Bundle.model_validate(
        fhir_get("Location", type="HOSP", _count=100, **{"physical-type": "bu"}).json()
    )
    assert hospitals.total == 9
    icu = Bundle.model_validate(fhir_get("Location", type="icu", _count=100).json())
    assert icu.total and all(e.resource.id.endswith("-icu") for e in icu.entry or [])
    none = Bundle.model_validate(fhir_get("Location", **{"address-city": "Kendal"}).json())
    assert none.total == 0
    city = Bundle.model_validate(fhir_get("Location", **{"address-city": "semar"}).json())
    assert city.total and city.total > 0
    near = Bundle.model_validate(
        fhir_get("Location", near="-6.9935|110.4075|1|km", **{"physical-type": "bu"}).json()
    )
    names = [e.resource.name for e in near.entry or []]
    assert names[0] == "RSUP Dr. Kariadi" and "RSI Sultan Agung" not in names


@pytest.mark.parametrize(
    "params",
    [
        {"_count": "abc"},
        {"_count": "100000"},
        {"near": "x|y"},
        {"near": "1|2|3|miles"},
        {"_offset": "-1"},
        {"_format": "xml"},
    ],
)
def test_bad_search_parameters_get_operation_outcome_400(
    demo: Demo, params: dict[str, str]
) -> None:
    r = fhir_get("Location", **params)
    assert r.status_code == 400
    OperationOutcome.model_validate(r.json())


def test_unknown_ids_and_types_get_404_outcome(demo: Demo) -> None:
    for path in (
        "Location/999999",
        "Location/abc",
        "Organization/999999",
        "Patient",
        "HealthcareService/1-nothing",
    ):
        r = fhir_get(path)
        assert r.status_code == 404, path
        OperationOutcome.model_validate(r.json())
    kendal = facility(demo.kendal, "rsud-soewondo")
    assert fhir_get(f"Location/{kendal.pk}").status_code == 404  # another region's facility


def test_organization_healthcare_service_and_metadata(demo: Demo) -> None:
    f = facility(demo.semarang, "rsup-kariadi")
    org = Organization.model_validate(fhir_get(f"Organization/{f.pk}").json())
    assert org.name == "RSUP Dr. Kariadi"
    orgs = Bundle.model_validate(fhir_get("Organization", _count=3).json())
    assert orgs.total and len(orgs.entry or []) == 3
    services = Bundle.model_validate(
        fhir_get("HealthcareService", organization=f"Organization/{f.pk}").json()
    )
    assert services.total == len(f.services)
    for e in services.entry or []:
        hs = HealthcareService.model_validate(e.resource.model_dump())
        assert hs.providedBy.reference == f"Organization/{f.pk}"
    one = HealthcareService.model_validate(fhir_get(f"HealthcareService/{f.pk}-igd").json())
    assert one.id == f"{f.pk}-igd"
    cap = CapabilityStatement.model_validate(fhir_get("metadata").json())
    assert {r.type for r in cap.rest[0].resource or []} == {
        "Location",
        "Organization",
        "HealthcareService",
    }


def test_fhir_is_read_only(demo: Demo) -> None:
    r = Client().post(FHIR + "Location", "{}", content_type="application/fhir+json")
    assert r.status_code in (403, 405)


def test_a_count_that_is_not_a_whole_number_is_refused_naming_its_field(demo: Demo) -> None:
    """Text where a count belongs is refused by the schema, in our error shape, naming it."""
    r = push(
        Client(), {"facility": "rsup-kariadi", "beds": [{"room_class": "icu", "total": "banyak"}]}
    )
    assert r.status_code == 422 and "total" in r.json()["field"] and r.json()["detail"]
