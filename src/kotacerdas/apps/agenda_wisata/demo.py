"""Demo data: Semarang's yearly events and destinations (public facts, plausible coordinates),
a few in Kendal, some made-up local businesses, and a Disbudpar officer.

Idempotent: rows are looked up by their natural key (title, slug) before they are created.
Visitor counts are invented for the demo (plausible sizes, not Disbudpar's figures).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from kotacerdas.apps.agenda_wisata.brand import DEFAULT_BRAND, demo_brand
from kotacerdas.apps.agenda_wisata.config import APP_KEY, SCHEMA
from kotacerdas.apps.agenda_wisata.models import (
    Business,
    Destination,
    Event,
    Product,
    VisitorCount,
)
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB
from kotacerdas.core.models import Agency, AppInstallation, Membership, Region
from kotacerdas.core.services.config_schema import validate_config
from kotacerdas.core.tenancy import Action, Role, Scope

SYSTEM = "seeding the demo"
ALL_DAYS = ["08:00-16:00"] * 7


def _scope(region: Region) -> Scope:
    return Scope.region_system(region.pk, f"{SYSTEM}: agenda-wisata {region.slug}")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), WIB)


def _sunday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def _agency(region: Region, slug: str, name: str, short: str) -> Agency:
    rows = Agency.objects.scoped(_scope(region), Action.CHANGE)
    found = rows.filter(region=region, slug=slug).first()
    return found or rows.create(region=region, slug=slug, name=name, short_name=short)


def officer(region: Region, agency: Agency) -> str:
    username = f"disbudpar-{region.slug}"
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": f"Petugas Disbudpar {region.name}"}
    )
    if created:
        user.set_password(f"demo-disbudpar-{region.slug}")
        user.save()
    members = Membership.objects.scoped(_scope(region), Action.CHANGE)
    if not members.filter(user=user, role=Role.AGENCY_STAFF, agency=agency).exists():
        members.create(user=user, role=Role.AGENCY_STAFF, agency=agency, region=region)
    return username


def brand(region: Region) -> None:
    """Semarang's and Kendal's demo brands (logo, colours), set once: a brand the admin has
    changed since is kept."""
    row = (
        AppInstallation.objects.scoped(_scope(region), Action.CHANGE)
        .filter(region=region, app_key=APP_KEY)
        .first()
    )
    if row is None:
        return
    stored = dict(row.config)
    if stored.get("brand") not in (None, {}, DEFAULT_BRAND):
        return
    found = demo_brand(region.slug, region.code)
    if found is None:
        return
    stored["brand"] = found
    row.config = validate_config(SCHEMA, stored)
    row.save(update_fields=["config", "updated_at"])


def _events(today: dt.date) -> dict[str, list[dict[str, Any]]]:
    sunday = _sunday_on_or_before(today) - dt.timedelta(days=21)
    friday = today - dt.timedelta(days=(today.weekday() - 4) % 7) - dt.timedelta(days=14)
    # The second Sunday from now is cancelled (a demo of a cancelled date); this weekend's stays.
    cancelled = _sunday_on_or_before(today) + dt.timedelta(days=14)
    return {
        "semarang": [
            {
                "title": "Dugderan",
                "title_en": "Dugderan festival",
                "description": "Tradisi menyambut bulan Ramadan: kirab budaya, warak ngendog dan "
                "pengumuman awal puasa oleh wali kota. Tanggal mengikuti awal Ramadan.",
                "description_en": "The welcome of Ramadan: a cultural parade with the warak "
                "ngendog and the mayor's announcement of the fast. The date follows Ramadan.",
                "category": "budaya",
                "starts_at": _at(dt.date(2027, 2, 6), 13),
                "ends_at": _at(dt.date(2027, 2, 6), 18),
                "place_name": "Balai Kota Semarang – Masjid Agung Kauman",
                "lat": -6.9829,
                "lng": 110.4146,
            },
            {
                "title": "Semarang Night Carnival",
                "title_en": "Semarang Night Carnival",
                "description": "Karnaval malam dengan kostum warna-warni dalam rangkaian Hari Jadi "
                "Kota Semarang.",
                "description_en": "A night carnival of costumes for the city's anniversary.",
                "category": "festival",
                "starts_at": _at(dt.date(2027, 5, 2), 18, 30),
                "ends_at": _at(dt.date(2027, 5, 2), 22),
                "place_name": "Jalan Pemuda – Balai Kota",
                "lat": -6.9813,
                "lng": 110.4123,
            },
            {
                "title": "Festival Kota Lama",
                "title_en": "Kota Lama Festival",
                "description": "Festival seni dan budaya di kawasan Kota Lama selama empat hari.",
                "description_en": "Four days of arts and culture in the old town.",
                "category": "festival",
                "starts_at": _at(dt.date(2027, 9, 16), 16),
                "ends_at": _at(dt.date(2027, 9, 19), 22),
                "place_name": "Kawasan Kota Lama",
                "lat": -6.9686,
                "lng": 110.4278,
            },
            {
                "title": "Car free day Simpang Lima",
                "title_en": "Simpang Lima car-free day",
                "description": "Setiap Minggu pagi jalan di sekitar Simpang Lima bebas kendaraan "
                "untuk olahraga dan rekreasi.",
                "description_en": "Every Sunday morning the roads around Simpang Lima are closed "
                "to traffic for sports and leisure.",
                "category": "car-free-day",
                "starts_at": _at(sunday, 6),
                "ends_at": _at(sunday, 9),
                "weekdays": [6],
                "repeat_until": dt.date(today.year + 1, 12, 31),
                "cancelled_dates": [cancelled.isoformat()],
                "place_name": "Simpang Lima",
                "lat": -6.9904,
                "lng": 110.4229,
            },
            {
                "title": "Pasar Semawis",
                "title_en": "Semawis night market",
                "description": "Pasar malam kuliner di Pecinan Semarang, "
                "Jumat sampai Minggu malam.",
                "description_en": "The food night market of Semarang's Chinatown, "
                "Friday to Sunday.",
                "category": "budaya",
                "starts_at": _at(friday, 18),
                "ends_at": _at(friday, 23),
                "weekdays": [4, 5, 6],
                "repeat_until": dt.date(today.year + 1, 12, 31),
                "place_name": "Gang Warung, Pecinan",
                "lat": -6.9735,
                "lng": 110.4236,
            },
            {
                "title": "Pameran produk UMKM Semarang",
                "title_en": "Semarang local products fair",
                "description": "Pameran produk unggulan UMKM binaan Pemerintah Kota.",
                "description_en": "A fair of local businesses' products.",
                "category": "pameran",
                "starts_at": _at(today + dt.timedelta(days=10), 9),
                "ends_at": _at(today + dt.timedelta(days=12), 21),
                "place_name": "Halaman Balai Kota Semarang",
                "lat": -6.9829,
                "lng": 110.4146,
                "is_free": True,
            },
        ],
        "kendal": [
            {
                "title": "Car free day Alun-alun Kendal",
                "title_en": "Kendal square car-free day",
                "description": "Minggu pagi di sekitar Alun-alun Kendal bebas kendaraan.",
                "description_en": "Sunday mornings without cars around Kendal's square.",
                "category": "car-free-day",
                "starts_at": _at(sunday, 6),
                "ends_at": _at(sunday, 9),
                "weekdays": [6],
                "repeat_count": 60,
                "place_name": "Alun-alun Kendal",
                "lat": -6.9222,
                "lng": 110.2036,
            },
        ],
    }


def _d(
    slug: str, name: str, lat: float, lng: float, text: str, text_en: str, **more: Any
) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": name,
        "lat": lat,
        "lng": lng,
        "description": text,
        "description_en": text_en,
        "hours": more.pop("hours", ALL_DAYS),
        "facilities": more.pop("facilities", ["parkir", "toilet", "musala"]),
        **more,
    }


DESTINATIONS = {
    "semarang": [
        _d(
            "lawang-sewu",
            "Lawang Sewu",
            -6.9839,
            110.4103,
            "Gedung bekas kantor perusahaan kereta api Hindia Belanda (NIS) "
            "yang terkenal dengan pintunya yang banyak.",
            "The former Dutch East Indies railway company office, known for its many doors.",
            hours=["08:00-20:00"] * 7,
            ticket_weekday=20000,
            ticket_weekend=20000,
            ticket_note="Tiket dewasa; anak dan pelajar lebih murah.",
            facilities=["parkir", "toilet", "musala", "pemandu"],
            wheelchair=True,
            accessibility="Lantai dasar dapat dijangkau kursi roda.",
            address="Jl. Pemuda No. 160",
        ),
        _d(
            "kota-lama",
            "Kota Lama Semarang",
            -6.9686,
            110.4278,
            "Kawasan kota tua peninggalan Belanda dengan Gereja Blenduk "
            "dan gedung-gedung bersejarah.",
            "The Dutch-era old town with the Blenduk church and historic buildings.",
            hours=["00:00-24:00"] * 7,
            facilities=["parkir", "toilet", "kuliner", "wifi"],
            wheelchair=True,
        ),
        _d(
            "sam-poo-kong",
            "Sam Poo Kong",
            -6.9962,
            110.3982,
            "Kelenteng tertua di Semarang, tempat singgah Laksamana Cheng Ho.",
            "Semarang's oldest temple, where Admiral Zheng He landed.",
            hours=["08:00-20:00"] * 7,
            ticket_weekday=15000,
            ticket_weekend=20000,
            address="Jl. Simongan No. 129",
        ),
        _d(
            "masjid-agung-jawa-tengah",
            "Masjid Agung Jawa Tengah",
            -6.9838,
            110.4456,
            "Masjid besar dengan payung elektrik dan Menara Al-Husna.",
            "The great mosque with its electric umbrellas and the Al-Husna tower.",
            hours=["04:00-21:00"] * 7,
            ticket_note="Masuk gratis; menara pandang berbayar.",
            facilities=["parkir", "toilet", "musala", "kuliner"],
            wheelchair=True,
        ),
        _d(
            "pagoda-avalokitesvara-watugong",
            "Pagoda Avalokitesvara Watugong",
            -7.0807,
            110.4093,
            "Pagoda tujuh tingkat di kompleks Vihara Buddhagaya Watugong.",
            "The seven-storey pagoda of the Buddhagaya Watugong monastery.",
            hours=["07:00-19:00"] * 7,
        ),
    ],
    "kendal": [
        _d(
            "pantai-cahaya",
            "Pantai Cahaya",
            -6.9150,
            110.1600,
            "Pantai dengan taman satwa dan wahana keluarga di pesisir Kendal.",
            "A beach with an animal park and family rides on Kendal's coast.",
            hours=["08:00-17:00"] * 7,
            ticket_weekday=25000,
            ticket_weekend=30000,
            facilities=["parkir", "toilet", "musala", "kuliner"],
        ),
        _d(
            "curug-sewu",
            "Curug Sewu",
            -7.1233,
            110.1239,
            "Air terjun bertingkat di Patean, dikelilingi hutan pinus dan kebun teh.",
            "A tiered waterfall in Patean among pine woods and tea gardens.",
            hours=["07:00-17:00"] * 7,
            ticket_weekday=10000,
            ticket_weekend=15000,
            accessibility="Jalan setapak dan tangga menuju air terjun.",
        ),
    ],
}

BUSINESSES: dict[str, list[dict[str, Any]]] = {
    "semarang": [
        {
            "slug": "bandeng-presto-mbak-ratih",
            "name": "Bandeng Presto Mbak Ratih",
            "description": "Bandeng presto duri lunak, olahan rumahan dari Semarang Utara.",
            "description_en": "Soft-boned pressure-cooked milkfish, home-made in North Semarang.",
            "category": "oleh-oleh",
            "whatsapp": "6281200000101",
            "contact_public": True,
            "address": "Jl. Contoh Bandeng No. 1, Semarang Utara",
            "lat": -6.9700,
            "lng": 110.4000,
            "pirt_number": "PIRT-DEMO-3374-001",
            "products": [("Bandeng presto isi 4", 85000), ("Otak-otak bandeng", 60000)],
        },
        {
            "slug": "lumpia-rasa-kauman",
            "name": "Lumpia Rasa Kauman",
            "description": "Lumpia rebung khas Semarang, basah atau goreng.",
            "description_en": "Semarang's bamboo-shoot spring rolls, fresh or fried.",
            "category": "kuliner",
            "whatsapp": "6281200000102",
            "contact_public": True,
            "address": "Jl. Contoh Kauman No. 2",
            "lat": -6.9760,
            "lng": 110.4200,
            "halal_number": "HALAL-DEMO-3374-002",
            "products": [("Lumpia goreng", 15000), ("Lumpia basah", 15000)],
        },
    ],
    "kendal": [],
}


def _visitors(slug: str, month: dt.date) -> int:
    """Invented, deterministic and seasonal: school holidays and Lebaran are busier."""
    base = 8000 + (sum(map(ord, slug)) % 30) * 1000
    season = {1: 1.1, 6: 1.4, 7: 1.5, 12: 1.6}.get(month.month, 1.0)
    growth = 1 + 0.08 * (month.year - 2025)
    return int(base * season * growth)


def seed(regions: list[Region]) -> None:
    today = dt.datetime.now(WIB).date()
    plan = _events(today)
    for region in regions:
        # Every demo region has the default curating agencies, so its configuration is valid.
        agency = _agency(region, "disbudpar", "Dinas Kebudayaan dan Pariwisata", "Disbudpar")
        _agency(region, "dinkop", "Dinas Koperasi dan Usaha Mikro", "Dinkop UKM")
        if region.slug not in DESTINATIONS:
            continue
        with transaction.atomic():
            scope = _scope(region)
            username = officer(region, agency)
            brand(region)
            events = Event.objects.scoped(scope, Action.CHANGE)
            for e in plan[region.slug]:
                if not events.filter(region=region, title=e["title"]).exists():
                    events.create(region=region, organiser=agency, **e)
            places = Destination.objects.scoped(scope, Action.CHANGE)
            visits = VisitorCount.objects.scoped(scope, Action.CHANGE)
            for d in DESTINATIONS[region.slug]:
                place = places.filter(region=region, slug=d["slug"]).first()
                if place is None:
                    place = places.create(region=region, agency=agency, **d)
                    months = []
                    month = today.replace(day=1)
                    for _i in range(25):
                        month = (month - dt.timedelta(days=1)).replace(day=1)
                        months.append(month)
                    visits.bulk_create(
                        VisitorCount(
                            region=region,
                            destination=place,
                            month=m,
                            visitors=_visitors(d["slug"], m),
                        )
                        for m in months
                    )
            shops = Business.objects.scoped(scope, Action.CHANGE)
            products = Product.objects.scoped(scope, Action.CHANGE)
            for b in BUSINESSES[region.slug]:
                b = dict(b)
                items: list[tuple[str, int]] = b.pop("products")
                if not shops.filter(region=region, slug=b["slug"]).exists():
                    shop = shops.create(region=region, agency=agency, **b)
                    for name, price in items:
                        products.create(region=region, business=shop, name=name, price=price)
        print(f"Agenda & Wisata: Disbudpar officer {username} / demo-{username} ({region.name})")
