"""Demo data: a week of Kota Semarang's 112 calls (most of them prank, silent, test or
information, as in every 112 centre), a fire with Damkar and PSC 119 on the way and a
traffic accident active now, the responder agencies the region's agency list lacks
(Damkar; PSC 119 and Polrestabes as partners), and the demo users: a call-taker of the
Command Center (Diskominfo) and officers of Damkar and PSC 119.

Idempotent: agencies and users are looked up by natural keys, calls are made only when the
region has none. Bulk inserts, about a second.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.utils import timezone

from kotacerdas.apps.darurat_112.models import (
    Call,
    Dispatch,
    DispatchStatus,
    Incident,
    IncidentState,
    Outcome,
)
from kotacerdas.core.models import Agency, Membership, Region
from kotacerdas.core.tenancy import Role

SYSTEM = "seeding the Darurat 112 demo"
RESPONDERS = [
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar"),
    ("psc119", "Public Safety Center 119", "PSC 119"),
    ("polres", "Polrestabes Semarang", "Polrestabes"),
]
USERS = [
    ("operator112-semarang", "demo-operator112-semarang", "diskominfo", "Operator 112 Semarang"),
    ("damkar-semarang", "demo-damkar-semarang", "damkar", "Petugas Damkar Semarang"),
    ("psc119-semarang", "demo-psc119-semarang", "psc119", "Petugas PSC 119 Semarang"),
]
PLACES = [
    ("Simpang Lima", -6.9903, 110.4229),
    ("Jl. Pandanaran dekat Tugu Muda", -6.9840, 110.4093),
    ("Jl. Setiabudi, Banyumanik", -7.0626, 110.4206),
    ("Jl. Kaligawe Raya", -6.9593, 110.4604),
    ("Jl. Prof. Soedarto, Tembalang", -7.0510, 110.4390),
    ("Jl. Majapahit, Pedurungan", -7.0020, 110.4700),
    ("Jl. Prof. Hamka, Ngaliyan", -7.0000, 110.3500),
    ("Pasar Johar", -6.9680, 110.4270),
]
# Of 100 calls: prank, silent, test, information, then emergencies by type.
MIX = [
    ("prank", 28),
    ("silent", 22),
    ("test", 8),
    ("information", 24),
    ("kecelakaan", 6),
    ("medis", 5),
    ("kebakaran", 3),
    ("pohon-tumbang", 2),
    ("kriminal", 1),
    ("banjir", 1),
]
CLOSING = {"prank": "iseng", "silent": "diam", "test": "uji"}
NAMES = {
    "kecelakaan": "Kecelakaan lalu lintas",
    "medis": "Medis / ambulans",
    "kebakaran": "Kebakaran",
    "pohon-tumbang": "Pohon tumbang",
    "kriminal": "Kriminal",
    "banjir": "Banjir / bencana",
}
TEAMS = {
    "kecelakaan": ["psc119", "polres"],
    "medis": ["psc119"],
    "kebakaran": ["damkar", "psc119"],
    "pohon-tumbang": ["damkar"],
    "kriminal": ["polres"],
    "banjir": ["bpbd", "damkar"],
}
SEVERITY = {"pohon-tumbang": "warning", "banjir": "warning"}


def _default_refs() -> set[str]:
    """Every agency the default configuration names (responders, call centre, BPBD)."""
    from kotacerdas.apps.darurat_112.config import SCHEMA
    from kotacerdas.core.services.config_schema import validate_config

    config = validate_config(SCHEMA, {})
    refs = {slug for t in config.get("incident_types", []) for slug in t.get("responders", [])}
    refs.update(config.get("call_centre", []))
    if config.get("warning_agency"):
        refs.add(config["warning_agency"])
    return refs


def _agencies(region: Region) -> dict[str, Agency]:
    """The responders of the default configuration in this region, so its configuration
    form is valid as seeded: the partners (PSC 119, the police) and any missing OPD."""
    from kotacerdas.core.opd import BY_SLUG

    rows = Agency.objects.unscoped(SYSTEM)
    known = {slug: (name, short) for slug, name, short in RESPONDERS}
    if region.slug != "semarang":
        known["polres"] = (f"Kepolisian Resor {region.name}", "Polres")
    for slug in sorted(set(known) | _default_refs()):
        if rows.filter(region=region, slug=slug).exists():
            continue
        if slug in known:
            name, short = known[slug]
        elif slug in BY_SLUG:
            name, short = BY_SLUG[slug].name_id, BY_SLUG[slug].short_name
        else:
            name, short = slug, slug
        rows.create(region=region, slug=slug, name=name, short_name=short)
    return {a.slug: a for a in rows.filter(region=region)}


def _users(agencies: dict[str, Agency]) -> None:
    members = Membership.objects.unscoped(SYSTEM)
    for username, password, slug, full_name in USERS:
        agency = agencies.get(slug)
        if agency is None:
            continue
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": full_name}
        )
        if created:
            user.set_password(password)
            user.save()
        if not members.filter(user=user, role=Role.AGENCY_STAFF, agency=agency).exists():
            members.create(user=user, role=Role.AGENCY_STAFF, agency=agency, region=agency.region)


def _phone(rng: random.Random) -> str:
    return "08" + "".join(str(rng.randrange(10)) for _ in range(10))


def _week(region: Region, agencies: dict[str, Agency], now: dt.datetime) -> None:
    rng = random.Random(112)
    calls: list[Call] = []
    incidents: list[tuple[Incident, list[str], dt.datetime]] = []
    kinds = [k for k, n in MIX for _ in range(n)]
    start = now - dt.timedelta(days=7)
    for day in range(7):
        for _ in range(rng.randint(30, 45)):
            answered = start + dt.timedelta(days=day, seconds=rng.randrange(86_400))
            if answered > now - dt.timedelta(hours=1):
                continue
            kind = rng.choice(kinds)
            place, lat, lng = rng.choice(PLACES)
            phone = _phone(rng)
            if kind in CLOSING:
                calls.append(
                    Call(
                        region=region,
                        caller_phone=phone,
                        outcome=kind,
                        closing_key=CLOSING[kind],
                        answered_at=answered,
                        closed_at=answered + dt.timedelta(seconds=rng.randint(5, 40)),
                    )
                )
            elif kind == "information":
                calls.append(
                    Call(
                        region=region,
                        caller_phone=phone,
                        outcome=Outcome.INFORMATION,
                        type_key="informasi",
                        description="Menanyakan layanan",
                        answered_at=answered,
                        closed_at=answered + dt.timedelta(seconds=rng.randint(40, 200)),
                    )
                )
            else:
                a2d = dt.timedelta(seconds=rng.randint(40, 240))
                d2s = dt.timedelta(seconds=rng.randint(300, 1500))
                inc = Incident(
                    region=region,
                    type_key=kind,
                    type_name=NAMES[kind],
                    severity=SEVERITY.get(kind, "critical"),
                    lat=lat + rng.uniform(-0.004, 0.004),
                    lng=lng + rng.uniform(-0.004, 0.004),
                    address=place,
                    state=IncidentState.CLOSED,
                    opened_at=answered,
                    first_dispatch_at=answered + a2d,
                    first_on_scene_at=answered + a2d + d2s,
                    closed_at=answered + a2d + d2s + dt.timedelta(minutes=rng.randint(15, 90)),
                )
                incidents.append((inc, TEAMS[kind], answered))
                calls.append(
                    Call(
                        region=region,
                        caller_phone=phone,
                        outcome=Outcome.INCIDENT,
                        type_key=kind,
                        lat=inc.lat,
                        lng=inc.lng,
                        address=place,
                        answered_at=answered,
                        closed_at=answered + a2d,
                    )
                )
    Incident.objects.unscoped(SYSTEM).bulk_create([i for i, _, _ in incidents])
    by_time = {answered: inc for inc, _, answered in incidents}
    for call in calls:
        if call.outcome == Outcome.INCIDENT:
            call.incident = by_time.get(call.answered_at)
    Call.objects.unscoped(SYSTEM).bulk_create(calls)
    dispatches = []
    for inc, team, _ in incidents:
        assert inc.first_dispatch_at and inc.first_on_scene_at and inc.closed_at
        for slug in team:
            if slug not in agencies:
                continue
            dispatches.append(
                Dispatch(
                    region=region,
                    incident=inc,
                    agency=agencies[slug],
                    status=DispatchStatus.FINISHED,
                    dispatched_at=inc.first_dispatch_at,
                    acknowledged_at=inc.first_dispatch_at + dt.timedelta(seconds=30),
                    en_route_at=inc.first_dispatch_at + dt.timedelta(seconds=90),
                    on_scene_at=inc.first_on_scene_at,
                    finished_at=inc.closed_at,
                )
            )
    Dispatch.objects.unscoped(SYSTEM).bulk_create(dispatches)


def _active(region: Region, agencies: dict[str, Agency], now: dt.datetime) -> None:
    def incident(
        kind: str,
        minutes: int,
        place: tuple[str, float, float],
        text: str,
        phone: str,
        steps: dict[str, str],
    ) -> None:
        opened = now - dt.timedelta(minutes=minutes)
        sent = opened + dt.timedelta(seconds=75)
        inc = Incident.objects.unscoped(SYSTEM).create(
            region=region,
            type_key=kind,
            type_name=NAMES[kind],
            severity=SEVERITY.get(kind, "critical"),
            address=place[0],
            lat=place[1],
            lng=place[2],
            description=text,
            opened_at=opened,
            first_dispatch_at=sent,
        )
        Call.objects.unscoped(SYSTEM).create(
            region=region,
            incident=inc,
            caller_phone=phone,
            outcome=Outcome.INCIDENT,
            type_key=kind,
            address=place[0],
            lat=place[1],
            lng=place[2],
            description=text,
            answered_at=opened,
            closed_at=sent,
        )
        order = ["acknowledged", "en_route", "on_scene"]
        for slug, status in steps.items():
            if slug not in agencies:
                continue
            d = Dispatch(region=region, incident=inc, agency=agencies[slug], dispatched_at=sent)
            d.status = status
            for i, step in enumerate(order):
                if status in order[i:] and order.index(status) >= i:
                    setattr(d, f"{step}_at", sent + dt.timedelta(minutes=1 + 2 * i))
            d.save()
            if d.on_scene_at and (
                inc.first_on_scene_at is None or d.on_scene_at < inc.first_on_scene_at
            ):
                inc.first_on_scene_at = d.on_scene_at
                inc.save()

    incident(
        "kebakaran",
        9,
        ("Jl. Majapahit, Pedurungan", -7.0021, 110.4702),
        "Rumah makan terbakar, asap tebal dari dapur",
        "081234567801",
        {"damkar": "en_route", "psc119": "acknowledged"},
    )
    incident(
        "kecelakaan",
        16,
        ("Jl. Setiabudi, Banyumanik", -7.0626, 110.4206),
        "Motor dan mobil bertabrakan, satu korban luka",
        "081234567802",
        {"psc119": "on_scene", "polres": "acknowledged"},
    )
    incident(
        "medis",
        4,
        ("Jl. Prof. Soedarto, Tembalang", -7.0510, 110.4390),
        "Lansia pingsan di rumah",
        "081234567803",
        {"psc119": "dispatched"},
    )


def seed(regions: list[Region]) -> None:
    for other in regions:
        _agencies(other)
    region = next((r for r in regions if r.slug == "semarang"), None)
    if region is None:
        return
    agencies = _agencies(region)
    _users(agencies)
    if not Call.objects.unscoped(SYSTEM).filter(region=region).exists():
        now = timezone.now()
        _week(region, agencies, now)
        _active(region, agencies, now)
    try:
        from kotacerdas.apps.darurat_112.services.warnings import seed_demo_warnings
    except ImportError:
        return
    seed_demo_warnings(region)
