"""The Central Java demo: province 33, six regions of the 2018 agreements, agencies and users.

Idempotent: every row is looked up by its natural key first, so running the demo again on
the same data folder changes nothing that exists and duplicates nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from kotacerdas.contract import all_apps
from kotacerdas.core.models import Agency, AppInstallation, Membership, Province, Region
from kotacerdas.core.services.config_schema import validate_config
from kotacerdas.core.signals import demo_seeded
from kotacerdas.core.tenancy import Role

SYSTEM = "seeding the demo"
log = logging.getLogger(__name__)

# code, name, kind, slug, centre (lat, lng), bbox (west, south, east, north), tagline
REGIONS = [
    (
        "33.74",
        "Kota Semarang",
        "kota",
        "semarang",
        (-7.005, 110.420),
        (110.27, -7.15, 110.51, -6.93),
        "Kota Semarang — rujukan nasional kota cerdas",
    ),
    (
        "33.24",
        "Kabupaten Kendal",
        "kabupaten",
        "kendal",
        (-7.030, 110.170),
        (109.95, -7.22, 110.33, -6.88),
        "Kendal Cerdas",
    ),
    (
        "33.21",
        "Kabupaten Demak",
        "kabupaten",
        "demak",
        (-6.890, 110.640),
        (110.45, -7.10, 110.80, -6.70),
        "Demak Kota Wali",
    ),
    (
        "33.16",
        "Kabupaten Blora",
        "kabupaten",
        "blora",
        (-7.100, 111.400),
        (111.03, -7.35, 111.80, -6.85),
        "Blora Mustika",
    ),
    (
        "33.05",
        "Kabupaten Kebumen",
        "kabupaten",
        "kebumen",
        (-7.670, 109.650),
        (109.33, -7.85, 109.85, -7.45),
        "Kebumen Beriman",
    ),
    (
        "33.73",
        "Kota Salatiga",
        "kota",
        "salatiga",
        (-7.330, 110.500),
        (110.45, -7.39, 110.55, -7.27),
        "Salatiga Hati Beriman",
    ),
]

# slug, name, short name: the OPDs most kota/kabupaten have (domain.md).
AGENCIES = [
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("dpu", "Dinas Pekerjaan Umum", "DPU"),
    ("disperkim", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH"),
    ("dishub", "Dinas Perhubungan", "Dishub"),
    ("disdag", "Dinas Perdagangan", "Disdag"),
    ("dkp", "Dinas Ketahanan Pangan", "DKP"),
    ("dinkes", "Dinas Kesehatan", "Dinkes"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP"),
]


@dataclass
class DemoUser:
    username: str
    password: str
    role: str
    where: str


@dataclass
class DemoReport:
    users: list[DemoUser] = field(default_factory=list)
    created: int = 0
    notes: list[str] = field(default_factory=list)


def _user(
    report: DemoReport,
    username: str,
    password: str,
    role: str,
    where: str,
    superuser: bool = False,
    full_name: str = "",
    on_step: Callable[[str], None] | None = None,
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"is_superuser": superuser, "is_staff": superuser, "first_name": full_name},
    )
    if created:
        user.set_password(password)
        user.save()
        report.created += 1
    report.users.append(DemoUser(username, password, role, where))
    if on_step:
        on_step(username)
    return user


def _member(user: User, role: str, **place: object) -> None:
    rows = Membership.objects.unscoped(SYSTEM)
    if not rows.filter(user=user, role=role, **place).exists():
        rows.create(user=user, role=role, **place)


# What seed_demo() reports to ``on_step`` after the apps' steps: the catalog's, the index's
# and the data portal's parts, which run on ``demo_seeded`` once every app has seeded.
LINKED_STEP = "catalog, index, open data"


# Agency staff in Semarang and Kendal, where demo reports live.
STAFF_REGIONS = 2
STAFF_AGENCIES = ("dpu", "dlh")


def demo_steps() -> int:
    """How many steps ``seed_demo`` reports: the regions, each user (hashing their password
    is the slowest part of the platform's own seed), each app, the linked parts."""
    users = 2 + len(REGIONS) + STAFF_REGIONS * len(STAFF_AGENCIES)
    return 1 + users + len(all_apps()) + 1


@transaction.atomic
def seed_demo(on_step: Callable[[str], None] | None = None) -> DemoReport:
    """Seed the demo; ``on_step(name)`` is called as each of ``demo_steps()`` steps ends
    (the command draws its progress bar from it)."""
    step = on_step or (lambda _name: None)
    report = DemoReport()
    province, _ = Province.objects.get_or_create(code="33", defaults={"name": "Jawa Tengah"})
    regions: list[Region] = []
    for code, name, kind, slug, centre, bbox, tagline in REGIONS:
        region, created = Region.objects.get_or_create(
            code=code,
            defaults={
                "province": province,
                "name": name,
                "kind": kind,
                "slug": slug,
                "centre_lat": centre[0],
                "centre_lng": centre[1],
                "bbox_west": bbox[0],
                "bbox_south": bbox[1],
                "bbox_east": bbox[2],
                "bbox_north": bbox[3],
                "tagline": tagline,
            },
        )
        report.created += created
        regions.append(region)
        agencies = Agency.objects.unscoped(SYSTEM)
        for a_slug, a_name, short in AGENCIES:
            if not agencies.filter(region=region, slug=a_slug).exists():
                agencies.create(region=region, slug=a_slug, name=a_name, short_name=short)
                report.created += 1
    step("regions")

    _user(
        report,
        "admin",
        "admin-kotacerdas",
        "platform admin",
        "—",
        superuser=True,
        full_name="Admin Platform",
        on_step=step,
    )
    officer = _user(
        report,
        "provinsi",
        "demo-provinsi",
        "province officer",
        "Jawa Tengah",
        full_name="Diskominfo Jawa Tengah",
        on_step=step,
    )
    _member(officer, Role.PROVINCE_OFFICER, province=province)
    for region in regions:
        admin = _user(
            report,
            f"admin-{region.slug}",
            f"demo-{region.slug}",
            "region admin",
            region.name,
            full_name=f"Diskominfo {region.name}",
            on_step=step,
        )
        _member(admin, Role.REGION_ADMIN, region=region)
    for region in regions[:STAFF_REGIONS]:
        for a_slug in STAFF_AGENCIES:
            agency = Agency.objects.unscoped(SYSTEM).get(region=region, slug=a_slug)
            staff = _user(
                report,
                f"{a_slug}-{region.slug}",
                f"demo-{a_slug}-{region.slug}",
                "agency staff",
                f"{agency.short_name} {region.name}",
                full_name=f"Petugas {agency.short_name} {region.name}",
                on_step=step,
            )
            _member(staff, Role.AGENCY_STAFF, agency=agency, region=region)

    installs = AppInstallation.objects.unscoped(SYSTEM)
    for app in all_apps():
        for region in regions:
            if not installs.filter(region=region, app_key=app.key).exists():
                config = validate_config(app.manifest.config_schema, {})
                installs.create(
                    region=region, app_key=app.key, config=config, app_version=app.manifest.version
                )
                report.created += 1
        try:
            with transaction.atomic():  # one app's broken demo data must not sink the others
                app.seed_demo(regions)
        except Exception as exc:
            log.debug("demo data of %s failed", app.key, exc_info=True)
            report.notes.append(f"demo data of app {app.key!r} failed: {exc}")
        step(app.key)
    demo_seeded.send(sender=seed_demo, regions=regions)
    step(LINKED_STEP)
    return report
