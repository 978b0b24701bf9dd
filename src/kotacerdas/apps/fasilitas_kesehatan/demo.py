"""Demo data: Kota Semarang's hospitals and puskesmas (real names, plausible positions,
invented beds), a few Kendal facilities, a week of bed reports every six hours with a busy
weekend, one Semarang hospital whose data is stale, a Dinkes officer and one hospital's
officer, and a well-known API key for that hospital's system.

Idempotent: facilities, agencies, users and keys are looked up by natural keys; the history
is written only the first time (bulk_create, well under a second).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.utils import timezone

from kotacerdas.apps.fasilitas_kesehatan.config import APP_KEY, FasilitasKesehatanSettings
from kotacerdas.apps.fasilitas_kesehatan.models import BedReport, Beds, DailyBeds, Facility, Source
from kotacerdas.apps.fasilitas_kesehatan.services.access import FACILITY_SUBJECT
from kotacerdas.apps.fasilitas_kesehatan.services.alerts import check_stale, evaluate_occupancy
from kotacerdas.core.keys import digest, issue_key
from kotacerdas.core.models import Agency, Membership, Region
from kotacerdas.core.models.keys import ApiKey
from kotacerdas.core.tenancy import Role, Scope

SYSTEM = "seeding the demo"
WIB = ZoneInfo("Asia/Jakarta")
DEMO_KEY = "demo-faskes-key"
STALE = {"semarang": "rs-roemani"}
OFFICER_FACILITY = {"semarang": "rsup-kariadi"}
# Dinkes officer and one hospital's officer: (username, password, facility slug or "").
USERS = [
    ("dinkes-semarang", "demo-dinkes-semarang", "semarang", ""),
    ("faskes-kariadi", "demo-faskes-kariadi", "semarang", "rsup-kariadi"),
]

H, P, C, L = "hospital", "puskesmas", "clinic", "lab"
ALL_SERVICES = [
    "igd",
    "rawat-inap",
    "rawat-jalan",
    "persalinan",
    "bedah",
    "radiologi",
    "laboratorium",
]
PKM = ["rawat-jalan", "imunisasi", "kia", "gigi", "laboratorium"]

# slug, name, kind, class, owner, kemenkes code, address, kecamatan, kecamatan code,
# lat, lng, phone, igd 24h, beds {class: total}
Row = tuple[str, str, str, str, str, str, str, str, str, float, float, str, bool, dict[str, int]]
FACILITIES: dict[str, list[Row]] = {
    "semarang": [
        (
            "rsup-kariadi",
            "RSUP Dr. Kariadi",
            H,
            "A",
            "pusat",
            "3374015",
            "Jl. Dr. Sutomo No. 16",
            "Semarang Selatan",
            "337407",
            -6.9935,
            110.4075,
            "0248413476",
            True,
            {
                "igd": 40,
                "icu": 36,
                "nicu": 20,
                "picu": 12,
                "hcu": 24,
                "isolasi": 30,
                "vip": 40,
                "kelas-1": 120,
                "kelas-2": 160,
                "kelas-3": 300,
            },
        ),
        (
            "rsud-wongsonegoro",
            "RSUD K.R.M.T. Wongsonegoro",
            H,
            "B",
            "daerah",
            "3374066",
            "Jl. Fatmawati No. 1",
            "Pedurungan",
            "337406",
            -7.0116,
            110.4706,
            "0246711500",
            True,
            {
                "igd": 25,
                "icu": 16,
                "nicu": 8,
                "hcu": 10,
                "isolasi": 12,
                "vip": 20,
                "kelas-1": 50,
                "kelas-2": 70,
                "kelas-3": 150,
            },
        ),
        (
            "rs-telogorejo",
            "RS Telogorejo",
            H,
            "B",
            "swasta",
            "3374022",
            "Jl. K.H. Ahmad Dahlan",
            "Semarang Tengah",
            "337401",
            -6.9897,
            110.4228,
            "0248646000",
            True,
            {
                "igd": 20,
                "icu": 18,
                "nicu": 10,
                "picu": 6,
                "vip": 60,
                "kelas-1": 80,
                "kelas-2": 60,
                "kelas-3": 60,
            },
        ),
        (
            "rs-panti-wilasa-citarum",
            "RS Panti Wilasa Citarum",
            H,
            "C",
            "swasta",
            "3374030",
            "Jl. Citarum No. 98",
            "Semarang Timur",
            "337403",
            -6.9770,
            110.4330,
            "0243546040",
            True,
            {"igd": 12, "icu": 8, "vip": 14, "kelas-1": 30, "kelas-2": 40, "kelas-3": 60},
        ),
        (
            "rs-elisabeth",
            "RS St. Elisabeth",
            H,
            "B",
            "swasta",
            "3374041",
            "Jl. Kawi No. 1",
            "Candisari",
            "337408",
            -7.0110,
            110.4190,
            "0248310076",
            True,
            {
                "igd": 18,
                "icu": 14,
                "nicu": 8,
                "hcu": 8,
                "vip": 40,
                "kelas-1": 60,
                "kelas-2": 60,
                "kelas-3": 80,
            },
        ),
        (
            "rsud-tugurejo",
            "RSUD Tugurejo (Provinsi Jawa Tengah)",
            H,
            "B",
            "daerah",
            "3374156",
            "Jl. Walisongo KM 8,5",
            "Ngaliyan",
            "337415",
            -6.9870,
            110.3530,
            "0247605297",
            True,
            {
                "igd": 22,
                "icu": 14,
                "nicu": 10,
                "picu": 4,
                "isolasi": 16,
                "vip": 20,
                "kelas-1": 50,
                "kelas-2": 60,
                "kelas-3": 140,
            },
        ),
        (
            "rs-roemani",
            "RS Roemani Muhammadiyah",
            H,
            "C",
            "swasta",
            "3374037",
            "Jl. Wonodri No. 22",
            "Semarang Selatan",
            "337407",
            -6.9960,
            110.4340,
            "0248444623",
            True,
            {"igd": 12, "icu": 8, "vip": 12, "kelas-1": 30, "kelas-2": 40, "kelas-3": 60},
        ),
        (
            "rsi-sultan-agung",
            "RSI Sultan Agung",
            H,
            "B",
            "swasta",
            "3374054",
            "Jl. Kaligawe Raya KM 4",
            "Genuk",
            "337405",
            -6.9530,
            110.4600,
            "0246580019",
            True,
            {
                "igd": 20,
                "icu": 16,
                "nicu": 10,
                "hcu": 6,
                "isolasi": 10,
                "vip": 30,
                "kelas-1": 60,
                "kelas-2": 70,
                "kelas-3": 120,
            },
        ),
        (
            "rst-bhakti-wira-tamtama",
            "RST Bhakti Wira Tamtama",
            H,
            "C",
            "tni-polri",
            "3374019",
            "Jl. Dr. Sutomo No. 17",
            "Semarang Selatan",
            "337407",
            -6.9905,
            110.4090,
            "0248316284",
            True,
            {"igd": 10, "icu": 6, "vip": 10, "kelas-1": 20, "kelas-2": 30, "kelas-3": 50},
        ),
        (
            "puskesmas-pandanaran",
            "Puskesmas Pandanaran",
            P,
            "",
            "daerah",
            "",
            "Jl. Pandanaran No. 79",
            "Semarang Selatan",
            "337407",
            -6.9870,
            110.4150,
            "0248318775",
            False,
            {},
        ),
        (
            "puskesmas-halmahera",
            "Puskesmas Halmahera",
            P,
            "",
            "daerah",
            "",
            "Jl. Halmahera Raya No. 38",
            "Semarang Timur",
            "337403",
            -6.9910,
            110.4440,
            "0248311474",
            True,
            {"igd": 4, "kelas-3": 10},
        ),
        (
            "puskesmas-kedungmundu",
            "Puskesmas Kedungmundu",
            P,
            "",
            "daerah",
            "",
            "Jl. Sambiroto No. 1",
            "Tembalang",
            "337410",
            -7.0300,
            110.4540,
            "0246717176",
            True,
            {"igd": 4, "kelas-3": 12},
        ),
        (
            "puskesmas-poncol",
            "Puskesmas Poncol",
            P,
            "",
            "daerah",
            "",
            "Jl. Imam Bonjol No. 114",
            "Semarang Tengah",
            "337401",
            -6.9770,
            110.4080,
            "0243513678",
            False,
            {},
        ),
        (
            "labkesda-semarang",
            "Laboratorium Kesehatan Kota Semarang",
            L,
            "",
            "daerah",
            "",
            "Jl. Pandanaran No. 79",
            "Semarang Selatan",
            "337407",
            -6.9872,
            110.4152,
            "0248415269",
            False,
            {},
        ),
    ],
    "kendal": [
        (
            "rsud-soewondo",
            "RSUD dr. H. Soewondo Kendal",
            H,
            "B",
            "daerah",
            "3324011",
            "Jl. Laut No. 21",
            "Kendal",
            "332415",
            -6.9200,
            110.2040,
            "0294381433",
            True,
            {
                "igd": 16,
                "icu": 10,
                "nicu": 6,
                "vip": 16,
                "kelas-1": 30,
                "kelas-2": 40,
                "kelas-3": 90,
            },
        ),
        (
            "rsi-muhammadiyah-kendal",
            "RS Islam Muhammadiyah Kendal",
            H,
            "C",
            "swasta",
            "3324022",
            "Jl. Ar. Hakim No. 9",
            "Kendal",
            "332415",
            -6.9250,
            110.2100,
            "0294381520",
            True,
            {"igd": 10, "icu": 6, "vip": 10, "kelas-1": 20, "kelas-2": 30, "kelas-3": 50},
        ),
        (
            "puskesmas-weleri-1",
            "Puskesmas Weleri 1",
            P,
            "",
            "daerah",
            "",
            "Jl. Tamtama",
            "Weleri",
            "332411",
            -6.9700,
            110.0700,
            "0294641212",
            True,
            {"igd": 2, "kelas-3": 8},
        ),
    ],
}


def _facility(region: Region, row: Row) -> Facility:
    slug, name, kind, klass, owner, code, address, district, dcode, lat, lng, phone, igd, beds = row
    rows = Facility.objects.unscoped(SYSTEM)
    found = rows.filter(region=region, slug=slug).first()
    if found is not None:
        return found
    services = ALL_SERVICES if kind == H else PKM + (["igd", "rawat-inap"] if beds else [])
    if kind == L:
        services = ["laboratorium"]
    return rows.create(
        region=region,
        slug=slug,
        name=name,
        kind=kind,
        hospital_class=klass,
        owner=owner,
        kemenkes_code=code,
        address=address,
        district=district,
        district_code=dcode,
        lat=lat,
        lng=lng,
        phone=phone,
        igd_24h=igd,
        services=services,
        opening_hours="24 jam" if igd else "Senin–Sabtu 07.00–14.00",
        accepts_bpjs=True,
    )


def _load(day: dt.date, hour: int) -> float:
    """Share of beds occupied: busy at the weekend, quieter on weekdays, peaks at noon."""
    weekend = day.weekday() >= 5
    base = 0.9 if weekend else 0.72
    return min(0.99, base + (0.04 if 10 <= hour <= 16 else 0.0))


def _history(region: Region, facilities: list[tuple[Facility, dict[str, int]]]) -> None:
    rnd = random.Random(f"faskes-{region.slug}")
    now = timezone.now()
    reports: list[BedReport] = []
    latest: dict[tuple[int, str], BedReport] = {}
    for f, beds in facilities:
        if not beds:
            continue
        last = now - dt.timedelta(minutes=rnd.randint(5, 50))
        if STALE.get(region.slug) == f.slug:
            last = now - dt.timedelta(hours=9)
        times = [last - dt.timedelta(hours=6 * k) for k in range(28)]
        for at in reversed(times):
            local = timezone.localtime(at, WIB)
            load = _load(local.date(), local.hour)
            for room, total in beds.items():
                occupied = min(total, max(0, round(total * (load + rnd.uniform(-0.08, 0.08)))))
                free = total - occupied
                split = room.startswith("kelas") and total >= 20
                male = free // 2 if split else None
                report = BedReport(
                    region=region,
                    facility=f,
                    room_class=room,
                    total=total,
                    occupied=occupied,
                    free=free,
                    free_male=male,
                    free_female=None if male is None else free - male,
                    waiting=rnd.randint(0, 3) if free == 0 else 0,
                    source=Source.DEMO,
                    reported_at=at,
                )
                reports.append(report)
                latest[(f.pk, room)] = report
        f.beds_updated_at = last
    BedReport.objects.unscoped(SYSTEM).bulk_create(reports, batch_size=2000)
    Beds.objects.unscoped(SYSTEM).bulk_create(
        [
            Beds(
                region=region,
                facility_id=r.facility_id,
                room_class=r.room_class,
                total=r.total,
                occupied=r.occupied,
                free=r.free,
                free_male=r.free_male,
                free_female=r.free_female,
                waiting=r.waiting,
                updated_at=r.reported_at,
            )
            for r in latest.values()
        ]
    )
    Facility.objects.unscoped(SYSTEM).bulk_update(
        [f for f, beds in facilities if beds], ["beds_updated_at"]
    )
    days: dict[tuple[int, str, dt.date], list[BedReport]] = {}
    for r in reports:
        days.setdefault(
            (r.facility_id, r.room_class, timezone.localtime(r.reported_at, WIB).date()), []
        ).append(r)
    DailyBeds.objects.unscoped(SYSTEM).bulk_create(
        [
            DailyBeds(
                region=region,
                facility_id=fid,
                room_class=room,
                day=day,
                total=max(r.total for r in rs),
                occupied_max=max(r.occupied for r in rs),
                occupied_avg=round(sum(r.occupied for r in rs) / len(rs), 2),
                free_min=min(r.free for r in rs),
                free_last=rs[-1].free,
                waiting_max=max(r.waiting for r in rs),
                reports=len(rs),
            )
            for (fid, room, day), rs in days.items()
        ]
    )


def _user(username: str, password: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": full_name}
    )
    if created:
        user.set_password(password)
        user.save()
    return user


def _staff(user: User, agency: Agency) -> None:
    rows = Membership.objects.unscoped(SYSTEM)
    if not rows.filter(user=user, role=Role.AGENCY_STAFF, agency=agency).exists():
        rows.create(user=user, role=Role.AGENCY_STAFF, agency=agency, region=agency.region)


def _officers(region: Region) -> None:
    agencies = Agency.objects.unscoped(SYSTEM)
    for username, password, slug, facility_slug in USERS:
        if slug != region.slug:
            continue
        if not facility_slug:
            dinkes = agencies.filter(region=region, slug="dinkes").first()
            if dinkes is not None:
                _staff(_user(username, password, f"Petugas Dinkes {region.name}"), dinkes)
            continue
        facility = Facility.objects.unscoped(SYSTEM).get(region=region, slug=facility_slug)
        agency = agencies.filter(region=region, slug=facility_slug).first()
        if agency is None:
            agency = agencies.create(
                region=region, slug=facility_slug, name=facility.name, short_name=facility.name[:60]
            )
        if facility.agency_id != agency.pk:
            Facility.objects.unscoped(SYSTEM).filter(pk=facility.pk).update(agency=agency)
        _staff(_user(username, password, f"Petugas {facility.name}"), agency)
        if not ApiKey.objects.unscoped(SYSTEM).filter(digest=digest(DEMO_KEY)).exists():
            issue_key(
                Scope.system(SYSTEM),
                region,
                APP_KEY,
                f"Sistem informasi {facility.name}",
                subject=(FACILITY_SUBJECT, facility.pk),
                clear=DEMO_KEY,
            )


def seed(regions: list[Region]) -> None:
    """Idempotent: called again on every re-run of the demo."""
    config = FasilitasKesehatanSettings()
    for region in regions:
        rows = FACILITIES.get(region.slug)
        if not rows:
            continue
        made: list[tuple[Facility, dict[str, int]]] = [(_facility(region, r), r[-1]) for r in rows]
        if not BedReport.objects.unscoped(SYSTEM).filter(region=region).exists():
            _history(region, made)
        _officers(region)
        check_stale(region, config)
        evaluate_occupancy(region, config)


def demo_users() -> list[dict[str, Any]]:
    return [{"username": u, "password": p, "region": r} for u, p, r, _f in USERS]
