"""The standard OPD (organisasi perangkat daerah) of a kabupaten/kota, to pick from.

Names follow the common nomenclature of PP 18/2016 on perangkat daerah; each region
names its own dinas slightly differently, so the admin may edit the name after adding
it, or add an agency of their own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StandardOpd:
    slug: str
    short_name: str
    name_id: str
    name_en: str


STANDARD_OPD: tuple[StandardOpd, ...] = (
    StandardOpd(
        "diskominfo",
        "Diskominfo",
        "Dinas Komunikasi dan Informatika",
        "Communication and Informatics Agency",
    ),
    StandardOpd(
        "dpu",
        "DPU/PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Public Works and Spatial Planning Agency",
    ),
    StandardOpd("dlh", "DLH", "Dinas Lingkungan Hidup", "Environment Agency"),
    StandardOpd("dinkes", "Dinkes", "Dinas Kesehatan", "Health Agency"),
    StandardOpd("disdag", "Disdag", "Dinas Perdagangan", "Trade Agency"),
    StandardOpd(
        "bpbd",
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "Regional Disaster Management Agency",
    ),
    StandardOpd("dishub", "Dishub", "Dinas Perhubungan", "Transport Agency"),
    StandardOpd(
        "satpolpp",
        "Satpol PP",
        "Satuan Polisi Pamong Praja",
        "Civil Service Police Unit",
    ),
    StandardOpd(
        "disbudpar",
        "Disbudpar",
        "Dinas Kebudayaan dan Pariwisata",
        "Culture and Tourism Agency",
    ),
    StandardOpd("dinsos", "Dinsos", "Dinas Sosial", "Social Affairs Agency"),
    StandardOpd("damkar", "Damkar", "Dinas Pemadam Kebakaran", "Fire and Rescue Agency"),
    StandardOpd(
        "bappeda",
        "Bappeda",
        "Badan Perencanaan Pembangunan Daerah",
        "Regional Development Planning Agency",
    ),
    StandardOpd(
        "disdukcapil",
        "Disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Population and Civil Registration Agency",
    ),
    StandardOpd("disnaker", "Disnaker", "Dinas Tenaga Kerja", "Manpower Agency"),
    StandardOpd("disdik", "Disdik", "Dinas Pendidikan", "Education Agency"),
    StandardOpd(
        "dkpp",
        "DKPP",
        "Dinas Ketahanan Pangan dan Pertanian",
        "Food Security and Agriculture Agency",
    ),
    StandardOpd(
        "dpmptsp",
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Investment and One-Stop Service Agency",
    ),
)

BY_SLUG: dict[str, StandardOpd] = {o.slug: o for o in STANDARD_OPD}


def standard_opd(slug: str) -> StandardOpd | None:
    return BY_SLUG.get(slug)
