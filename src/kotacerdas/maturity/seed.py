"""The evaluation template seeded for the current year, and copying one into the next year.

The indicators follow the monev's structure (six dimensions, their sub-dimensions, five
aspects); their wording is ours, written for a kabupaten/kota self-assessment. Automatic
indicators name an app's ``IndicatorFeed``; a region that does not run that app scores 0 on
them until it does. Weights and the list are the province's to change each year.
"""

from __future__ import annotations

from django.db import transaction

from kotacerdas.maturity import spbe
from kotacerdas.maturity.models import EvaluationTemplate, Framework, Indicator, Scale, Source

# The published 10/20/30/30/10 split; another year's 10/20/30/20/20 is set on the template.
DEFAULT_ASPECT_WEIGHTS = {
    "baseline": 10,
    "output": 20,
    "outcome": 30,
    "impact": 30,
    "quick_win": 10,
}

LEVELS = [
    {"id": "Rintisan", "en": "Initial"},
    {"id": "Terkelola", "en": "Managed"},
    {"id": "Terdefinisi", "en": "Defined"},
    {"id": "Terpadu dan Terukur", "en": "Integrated and measured"},
    {"id": "Optimum", "en": "Optimised"},
]

# code, dimension, sub-element, aspect, name id, name en, feed ("" = manual, levels 1–5)
INDICATORS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "G1",
        "governance",
        "public-services",
        "baseline",
        "Masterplan smart city ditetapkan dengan peraturan kepala daerah",
        "Smart-city masterplan adopted by a regional head regulation",
        "",
    ),
    (
        "G2",
        "governance",
        "public-services",
        "outcome",
        "Aduan warga selesai dalam standar layanan",
        "Citizen reports resolved within the service standard",
        "aduan-warga:resolved-on-time",
    ),
    (
        "G3",
        "governance",
        "public-policy",
        "output",
        "Dataset terbuka terbit sesuai jadwal",
        "Open datasets released on schedule",
        "data-terbuka:fresh-datasets",
    ),
    (
        "G4",
        "governance",
        "bureaucracy",
        "quick_win",
        "Ruang kendali (situation room) dipakai untuk rapat pimpinan",
        "The situation room is used in leadership meetings",
        "",
    ),
    (
        "B1",
        "branding",
        "tourism",
        "output",
        "Agenda acara daerah diterbitkan",
        "The region's events calendar is published",
        "agenda-wisata:events-published",
    ),
    (
        "B2",
        "branding",
        "business",
        "baseline",
        "Rencana branding daerah dan produk unggulan",
        "Regional branding plan and local products",
        "",
    ),
    (
        "B3",
        "branding",
        "city-appearance",
        "impact",
        "Penataan wajah kota di kawasan prioritas",
        "City appearance improved in priority areas",
        "",
    ),
    (
        "E1",
        "economy",
        "welfare",
        "output",
        "Pasar yang melaporkan harga pangan hari ini",
        "Markets reporting food prices today",
        "harga-pangan:markets-reporting",
    ),
    (
        "E2",
        "economy",
        "industry",
        "baseline",
        "Peta jalan ekonomi digital UMKM",
        "Digital economy roadmap for small businesses",
        "",
    ),
    (
        "E3",
        "economy",
        "transactions",
        "impact",
        "Transaksi non-tunai di layanan pemerintah daerah",
        "Cashless payments in regional government services",
        "",
    ),
    (
        "S1",
        "society",
        "security",
        "outcome",
        "Panggilan darurat 112 ditangani dalam target waktu",
        "112 emergency calls handled within the target time",
        "darurat-112:within-target",
    ),
    (
        "S2",
        "society",
        "community",
        "baseline",
        "Forum komunitas smart city aktif",
        "An active smart-city community forum",
        "",
    ),
    (
        "S3",
        "society",
        "learning",
        "quick_win",
        "Program literasi digital warga",
        "Citizens' digital literacy programme",
        "",
    ),
    (
        "L1",
        "living",
        "health",
        "output",
        "Fasilitas kesehatan melaporkan tempat tidur hari ini",
        "Health facilities reporting their beds today",
        "fasilitas-kesehatan:beds-reporting",
    ),
    (
        "L2",
        "living",
        "transportation",
        "baseline",
        "Rencana transportasi terintegrasi",
        "Integrated transport plan",
        "",
    ),
    (
        "L3",
        "living",
        "harmony",
        "impact",
        "Ruang terbuka hijau publik per kecamatan",
        "Public green space in every kecamatan",
        "",
    ),
    (
        "N1",
        "environment",
        "protection",
        "output",
        "Stasiun sensor lingkungan yang melapor",
        "Environmental sensor stations reporting",
        "sensor-kota:stations-reporting",
    ),
    (
        "N2",
        "environment",
        "waste",
        "outcome",
        "Sampah terkelola (pengurangan dan penanganan)",
        "Waste managed (reduced and handled)",
        "",
    ),
    (
        "N3",
        "environment",
        "energy",
        "quick_win",
        "Penerangan jalan umum hemat energi",
        "Energy-saving street lighting",
        "",
    ),
)


@transaction.atomic
def seed_template(year: int) -> EvaluationTemplate:
    """The year's template with the standard indicators; an existing one is left as it is."""
    template, created = EvaluationTemplate.objects.get_or_create(
        year=year,
        defaults={
            "title_id": f"Evaluasi Smart City {year}",
            "title_en": f"Smart City Evaluation {year}",
            "aspect_weights": DEFAULT_ASPECT_WEIGHTS,
        },
    )
    if created:
        Indicator.objects.bulk_create(
            Indicator(
                template=template,
                code=code,
                dimension=dimension,
                sub_element=sub,
                aspect=aspect,
                name_id=name_id,
                name_en=name_en,
                scale=Scale.PERCENT if feed else Scale.LEVELS,
                levels=[] if feed else LEVELS,
                source=Source.AUTO if feed else Source.MANUAL,
                feed=feed,
                position=i,
            )
            for i, (code, dimension, sub, aspect, name_id, name_en, feed) in enumerate(INDICATORS)
        )
    add_spbe(template)
    return template


def add_spbe(template: EvaluationTemplate) -> int:
    """The 47 SPBE indicators in the template, those missing added (a template made before
    the SPBE view, or by hand); returns how many were added."""
    have = set(template.indicators.filter(framework=Framework.SPBE).values_list("code", flat=True))
    start = len(INDICATORS)
    rows = [
        Indicator(
            template=template,
            code=spbe.code(number),
            framework=Framework.SPBE,
            dimension=spbe.ASPECT_BY_KEY[aspect].domain,
            sub_element=aspect,
            aspect="",
            name_id=name_id,
            name_en=name_en,
            weight=weight,
            scale=Scale.LEVELS,
            levels=LEVELS,
            source=Source.MANUAL,
            feed=feed,
            position=start + number,
        )
        for number, aspect, name_id, name_en, weight, feed in spbe.INDICATORS
        if spbe.code(number) not in have
    ]
    Indicator.objects.bulk_create(rows)
    return len(rows)


class TemplateExists(ValueError):
    pass


@transaction.atomic
def copy_template(source: EvaluationTemplate, year: int) -> EvaluationTemplate:
    """A new year's template with the same weights and indicators (entries stay behind)."""
    if EvaluationTemplate.objects.filter(year=year).exists():
        raise TemplateExists(f"a template for {year} exists already")
    copy = EvaluationTemplate.objects.create(
        year=year,
        title_id=source.title_id.replace(str(source.year), str(year)),
        title_en=source.title_en.replace(str(source.year), str(year)),
        aspect_weights=dict(source.aspect_weights),
        copied_from=source,
    )
    Indicator.objects.bulk_create(
        Indicator(
            template=copy,
            code=i.code,
            framework=i.framework,
            dimension=i.dimension,
            sub_element=i.sub_element,
            aspect=i.aspect,
            name_id=i.name_id,
            name_en=i.name_en,
            weight=i.weight,
            scale=i.scale,
            levels=i.levels,
            source=i.source,
            feed=i.feed,
            position=i.position,
        )
        for i in source.indicators.all()
    )
    return copy
