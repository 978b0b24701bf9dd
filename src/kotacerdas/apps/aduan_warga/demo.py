"""Demo reports: a few hundred over recent months in Semarang and Kendal, in every state.

Rows are written in bulk with their past timestamps (the workflow services stamp "now"),
so deadlines, late flags and KPIs look like a real quarter. Idempotent: a region that has
demo reports is left alone; the Open311 demo key is created once.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from kotacerdas.apps.aduan_warga.config import AduanConfig, config_of
from kotacerdas.apps.aduan_warga.models import (
    OPEN_STATES,
    Report,
    ReportAction,
    Reporter,
    Status,
)
from kotacerdas.apps.aduan_warga.services.clients import PREFIX
from kotacerdas.apps.aduan_warga.services.publishing import KEY
from kotacerdas.apps.aduan_warga.services.reporting import hash_token, new_ticket
from kotacerdas.core.calendar import add_working_days
from kotacerdas.core.keys import digest, issue_key
from kotacerdas.core.models import Agency, ApiKey, AppInstallation, Region
from kotacerdas.core.tenancy import Action, Scope

SYSTEM = "seeding the demo"
DEMO_KEY = "demo-open311-key"
COUNTS = {"semarang": 240, "kendal": 130}
STREETS = {
    "semarang": [
        "Jl. Pandanaran",
        "Jl. Pemuda",
        "Jl. Gajah Mada",
        "Jl. Majapahit",
        "Jl. Setiabudi",
        "Jl. Kaligawe",
        "Jl. Siliwangi",
        "Jl. Ngesrep Timur",
        "Jl. Fatmawati",
        "Jl. Dr. Cipto",
        "Jl. Brigjen Sudiarto",
        "Jl. Woltermonginsidi",
    ],
    "kendal": [
        "Jl. Soekarno-Hatta",
        "Jl. Raya Weleri",
        "Jl. Pemuda Kaliwungu",
        "Jl. Raya Boja",
        "Jl. Laut",
        "Jl. Tentara Pelajar",
        "Jl. Raya Sukorejo",
        "Jl. Raya Cepiring",
    ],
}
TEXTS = {
    "jalan-rusak": "Jalan berlubang cukup dalam di {street}, sudah beberapa motor jatuh.",
    "drainase-tersumbat": "Saluran air di {street} tersumbat sampah, air meluap saat hujan.",
    "lampu-pju-mati": "Lampu PJU di {street} mati sejak seminggu, jalan gelap di malam hari.",
    "sampah-menumpuk": "Sampah menumpuk di pinggir {street}, belum diangkut tiga hari.",
    "pohon-tumbang": "Pohon tumbang menutup sebagian {street}, mohon segera dipotong.",
    "genangan-banjir": "Genangan setinggi 30 cm di {street} setelah hujan deras.",
    "pkl-liar": "PKL berjualan di trotoar {street} sehingga pejalan kaki turun ke jalan.",
    "informasi-layanan": "Mohon informasi jadwal layanan KTP elektronik di kecamatan dekat "
    "{street}.",
}
NAMES = [
    "Budi Santoso",
    "Siti Aminah",
    "Agus Prasetyo",
    "Dewi Lestari",
    "Rina Wulandari",
    "Joko Susilo",
    "Sri Rahayu",
    "Eko Saputro",
    "Nur Hidayah",
    "Andi Wijaya",
]
# Final state of an older report, weighted like Lapor Hendi's Q1 2022 mix (mostly finished).
STATES = [
    (Status.CLOSED, 40),
    (Status.RESOLVED, 9),
    (Status.IN_PROGRESS, 14),
    (Status.DISPOSED, 10),
    (Status.VERIFIED, 5),
    (Status.RECEIVED, 6),
    (Status.POSTPONED, 4),
    (Status.NOT_AUTHORITY, 4),
    (Status.ARCHIVED, 4),
    (Status.DUPLICATE, 4),
]
PATH = [
    Status.RECEIVED,
    Status.VERIFIED,
    Status.DISPOSED,
    Status.IN_PROGRESS,
    Status.RESOLVED,
    Status.CLOSED,
]


def _place(rng: random.Random, region: Region) -> tuple[float, float]:
    west, south, east, north = region.bbox
    lat = min(max(rng.gauss(region.centre_lat, (north - south) / 6), south), north)
    lng = min(max(rng.gauss(region.centre_lng, (east - west) / 6), west), east)
    return round(lat, 5), round(lng, 5)


def _steps(final: Status) -> list[Status]:
    if final in PATH:
        return PATH[: PATH.index(final) + 1]
    side = {Status.POSTPONED: 1, Status.NOT_AUTHORITY: 2, Status.ARCHIVED: 1, Status.DUPLICATE: 1}[
        final
    ]
    return [*PATH[:side], final]


NOTES = {
    Status.VERIFIED: "Laporan diverifikasi admin koordinator.",
    Status.DISPOSED: "Didisposisikan ke {agency}.",
    Status.IN_PROGRESS: "Petugas {agency} sudah meninjau lokasi, penanganan dijadwalkan.",
    Status.RESOLVED: "Sudah ditangani oleh {agency}. Mohon konfirmasi.",
    Status.CLOSED: "Pelapor mengonfirmasi laporan selesai.",
    Status.POSTPONED: "Ditunda: menunggu data lokasi yang lebih jelas.",
    Status.NOT_AUTHORITY: "Bukan wewenang pemerintah daerah: jalan nasional, diteruskan ke BBPJN.",
    Status.ARCHIVED: "Diarsipkan: laporan tidak dapat ditindaklanjuti.",
    Status.DUPLICATE: "Digabung dengan laporan serupa.",
}


def _one(
    rng: random.Random,
    region: Region,
    conf: AduanConfig,
    agencies: dict[str, Agency],
    now: dt.datetime,
) -> tuple[Report, list[ReportAction], Reporter]:
    category = rng.choice(conf.categories)
    age = dt.timedelta(days=rng.uniform(0, 120), hours=rng.uniform(0, 10))
    created = now - age
    final = rng.choices([s for s, _ in STATES], [w for _, w in STATES])[0]
    if age < dt.timedelta(days=2):
        final = rng.choice([Status.RECEIVED, Status.VERIFIED])
    elif age < dt.timedelta(days=6) and final in {Status.CLOSED, Status.RESOLVED}:
        final = Status.IN_PROGRESS
    agency = agencies.get(category.agency)
    lat, lng = _place(rng, region)
    street = rng.choice(STREETS.get(region.slug, ["Jl. Raya"]))
    report = Report(
        region=region,
        ticket=new_ticket(region),
        service_code=category.service_code,
        category_name=category.name.id,
        kind=category.kind,
        status=final,
        lat=lat,
        lng=lng,
        address=f"{street} No. {rng.randint(1, 200)}",
        description=TEXTS.get(category.service_code, "Mohon ditindaklanjuti di {street}.").format(
            street=street
        ),
        source="demo",
        tracking_hash=hash_token(f"demo-{rng.random()}"),
        created_at=created,
        updated_at=created,
        expected_at=add_working_days(created, conf.service_days(category)),
        due_at=add_working_days(created, conf.verify_days()),
    )
    actions = [
        ReportAction(
            region=region,
            action="received",
            status=Status.RECEIVED,
            actor_label="reporter",
            at=created,
        )
    ]
    at = created
    for step in _steps(final)[1:]:
        at = min(at + dt.timedelta(hours=rng.uniform(4, 26 * 4)), now)
        if step in {Status.DISPOSED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED}:
            report.agency = agency
        note = NOTES[step].format(agency=agency.name if agency else "OPD terkait")
        actions.append(
            ReportAction(
                region=region,
                action=str(step),
                status=step,
                # Written for citizens: the demo's timelines read as public messages.
                public_message=note,
                actor_label="demo",
                agency=report.agency,
                at=at,
            )
        )
        report.updated_at, report.status_notes = at, note
        if step == Status.IN_PROGRESS:
            report.first_response_at = at
        elif step == Status.DISPOSED:
            report.due_at = add_working_days(at, conf.follow_up_days())
        elif step == Status.RESOLVED:
            report.resolved_at = at
            report.first_response_at = report.first_response_at or at
            report.due_at = add_working_days(at, conf.auto_close_days)
    if final not in OPEN_STATES:
        report.closed_at, report.due_at = at, None
    report.overdue = bool(
        final in OPEN_STATES and report.due_at and report.due_at < now and final != Status.RESOLVED
    )
    name = rng.choice(NAMES)
    reporter = Reporter(
        region=region,
        name=name,
        phone=f"08{rng.randint(1000000000, 9999999999)}",
        email=f"{name.split()[0].lower()}{rng.randint(1, 99)}@contoh.id",
        anonymous=rng.random() < 0.4,
    )
    return report, actions, reporter


def _config(region: Region) -> AduanConfig | None:
    """The region's configuration, or None when it has not enabled the app."""
    row = (
        AppInstallation.objects.scoped(Scope.region_system(region.pk, SYSTEM))
        .filter(region=region, app_key=KEY, enabled=True)
        .first()
    )
    return None if row is None else config_of(row.config)


@transaction.atomic
def seed(regions: list[Region]) -> None:
    # Imported here: the job's module pulls in the workflow and mail.
    from kotacerdas.apps.aduan_warga.services.jobs import sync_overdue_alert

    rng = random.Random(2018_06_05)  # the day the agreements were signed
    now = timezone.now()
    for region in regions:
        conf = _config(region)
        if region.slug not in COUNTS or conf is None:
            continue
        scope = Scope.region_system(region.pk, SYSTEM)
        rows = Report.objects.scoped(scope, Action.CHANGE)
        if rows.filter(region=region, source="demo").exists():
            continue
        agencies = {a.slug: a for a in Agency.objects.scoped(scope).filter(region=region)}
        made = [_one(rng, region, conf, agencies, now) for _ in range(COUNTS[region.slug])]
        reports = rows.bulk_create([m[0] for m in made])
        for report, (_r, actions, reporter) in zip(reports, made, strict=True):
            reporter.report = report
            for action in actions:
                action.report = report
        Reporter.objects.scoped(scope, Action.CHANGE).bulk_create([m[2] for m in made])
        ReportAction.objects.scoped(scope, Action.CHANGE).bulk_create(
            [a for m in made for a in m[1]]
        )
        # The room shows the demo's overdue reports at once, through the job's own check.
        sync_overdue_alert(region, scope)
    _demo_key(regions)


def _demo_key(regions: list[Region]) -> None:
    """The well-known Open311 key of Kota Semarang, a core API key of this app."""
    semarang = next((r for r in regions if r.slug == "semarang"), None)
    if semarang is None or _config(semarang) is None:
        return
    scope = Scope.region_system(semarang.pk, SYSTEM)
    if not ApiKey.objects.scoped(scope).filter(digest=digest(DEMO_KEY)).exists():
        issue_key(scope, semarang, KEY, "Demo Open311 client", prefix=PREFIX, clear=DEMO_KEY)
    print(f"Open311 demo API key for Kota Semarang (jurisdiction_id=33.74): {DEMO_KEY}")
