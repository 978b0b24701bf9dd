"""The SPBE evaluation (PermenPANRB 59/2020): 47 indicators, 4 domains, 8 aspects, weights.

Reference data, as the regulation's annex lists it: each indicator's number, aspect and
weight (per cent of the SPBE index; the weights of a domain's indicators add up to the
domain's weight: 13 + 25 + 16.5 + 45.5 = 100). Every indicator is a capability level 1–5
(Rintisan … Optimum), entered by the region's team with evidence and reviewed by the
province's assessor like the monev's manual indicators; for indicator 42 (complaints) and
43 (open data) the page also shows the live figure of the app that runs that service
(``feed``) as evidence beside the level. The app's figure does not set the level: the
regulation's levels describe the service's capability (ad hoc, managed, defined,
integrated and measured, optimised), which a share of on-time reports does not measure.

The regulation's predicates of the index (0–5): Kurang below 1.8, Cukup from 1.8, Baik from
2.6, Sangat Baik from 3.5, Memuaskan from 4.2.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Domain:
    key: str
    number: int
    name_id: str
    name_en: str
    weight: float  # per cent of the index

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_id


@dataclass(frozen=True)
class SpbeAspect:
    key: str
    number: int
    domain: str
    name_id: str
    name_en: str
    weight: float  # per cent of the index

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_id


DOMAINS: tuple[Domain, ...] = (
    Domain("kebijakan", 1, "Kebijakan Internal SPBE", "Internal SPBE policy", 13.0),
    Domain("tata-kelola", 2, "Tata Kelola SPBE", "SPBE governance", 25.0),
    Domain("manajemen", 3, "Manajemen SPBE", "SPBE management", 16.5),
    Domain("layanan", 4, "Layanan SPBE", "SPBE services", 45.5),
)

# The eight aspects of PermenPANRB 59/2020. (The 2018 evaluation of PermenPANRB 5/2018 had
# a ninth, "Kebijakan Internal Layanan SPBE"; in 2020 domain 1 keeps one aspect.)
ASPECTS: tuple[SpbeAspect, ...] = (
    SpbeAspect(
        "kebijakan-tata-kelola",
        1,
        "kebijakan",
        "Kebijakan Internal Tata Kelola SPBE",
        "Internal policy on SPBE governance",
        13.0,
    ),
    SpbeAspect(
        "perencanaan",
        2,
        "tata-kelola",
        "Perencanaan Strategis SPBE",
        "SPBE strategic planning",
        10.0,
    ),
    SpbeAspect(
        "tik",
        3,
        "tata-kelola",
        "Teknologi Informasi dan Komunikasi",
        "Information and communication technology",
        10.0,
    ),
    SpbeAspect("penyelenggara", 4, "tata-kelola", "Penyelenggara SPBE", "SPBE organisers", 5.0),
    SpbeAspect(
        "manajemen",
        5,
        "manajemen",
        "Penerapan Manajemen SPBE",
        "SPBE management in practice",
        12.0,
    ),
    SpbeAspect("audit-tik", 6, "manajemen", "Audit TIK", "ICT audit", 4.5),
    SpbeAspect(
        "layanan-administrasi",
        7,
        "layanan",
        "Layanan Administrasi Pemerintahan Berbasis Elektronik",
        "Electronic government administration services",
        27.5,
    ),
    SpbeAspect(
        "layanan-publik",
        8,
        "layanan",
        "Layanan Publik Berbasis Elektronik",
        "Electronic public services",
        18.0,
    ),
)

# number, aspect, name id, name en, weight (per cent), feed shown as evidence ("" = none)
INDICATORS: tuple[tuple[int, str, str, str, float, str], ...] = (
    (
        1,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Arsitektur SPBE",
        "Internal policy on the SPBE architecture",
        1.3,
        "",
    ),
    (
        2,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Peta Rencana SPBE",
        "Internal policy on the SPBE roadmap",
        1.3,
        "",
    ),
    (
        3,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Manajemen Data",
        "Internal policy on data management",
        1.3,
        "",
    ),
    (
        4,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Pembangunan Aplikasi SPBE",
        "Internal policy on building SPBE applications",
        1.3,
        "",
    ),
    (
        5,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Layanan Pusat Data",
        "Internal policy on data centre services",
        1.3,
        "",
    ),
    (
        6,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Layanan Jaringan Intra",
        "Internal policy on intranet services",
        1.3,
        "",
    ),
    (
        7,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Penggunaan Sistem Penghubung Layanan",
        "Internal policy on using the service bus",
        1.3,
        "",
    ),
    (
        8,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Manajemen Keamanan Informasi",
        "Internal policy on information security management",
        1.3,
        "",
    ),
    (
        9,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Audit TIK",
        "Internal policy on ICT audit",
        1.3,
        "",
    ),
    (
        10,
        "kebijakan-tata-kelola",
        "Kebijakan Internal Tim Koordinasi SPBE",
        "Internal policy on the SPBE coordination team",
        1.3,
        "",
    ),
    (11, "perencanaan", "Arsitektur SPBE", "SPBE architecture", 2.5, ""),
    (12, "perencanaan", "Peta Rencana SPBE", "SPBE roadmap", 2.5, ""),
    (
        13,
        "perencanaan",
        "Keterpaduan Rencana dan Anggaran SPBE",
        "Aligned SPBE plans and budgets",
        2.5,
        "",
    ),
    (14, "perencanaan", "Inovasi Proses Bisnis SPBE", "SPBE business process innovation", 2.5, ""),
    (15, "tik", "Pembangunan Aplikasi SPBE", "Building SPBE applications", 2.5, ""),
    (16, "tik", "Layanan Pusat Data", "Data centre services", 2.5, ""),
    (17, "tik", "Layanan Jaringan Intra", "Intranet services", 2.5, ""),
    (18, "tik", "Penggunaan Sistem Penghubung Layanan", "Use of the service bus", 2.5, ""),
    (19, "penyelenggara", "Tim Koordinasi SPBE", "SPBE coordination team", 2.5, ""),
    (
        20,
        "penyelenggara",
        "Kolaborasi Penerapan SPBE",
        "Collaboration in implementing SPBE",
        2.5,
        "",
    ),
    (21, "manajemen", "Penerapan Manajemen Risiko SPBE", "SPBE risk management", 1.5, ""),
    (
        22,
        "manajemen",
        "Penerapan Manajemen Keamanan Informasi",
        "Information security management",
        1.5,
        "",
    ),
    (23, "manajemen", "Penerapan Manajemen Data", "Data management", 1.5, ""),
    (24, "manajemen", "Penerapan Manajemen Aset TIK", "ICT asset management", 1.5, ""),
    (25, "manajemen", "Penerapan Kompetensi Sumber Daya Manusia", "Staff competence", 1.5, ""),
    (26, "manajemen", "Penerapan Manajemen Pengetahuan", "Knowledge management", 1.5, ""),
    (27, "manajemen", "Penerapan Manajemen Perubahan", "Change management", 1.5, ""),
    (28, "manajemen", "Penerapan Manajemen Layanan SPBE", "SPBE service management", 1.5, ""),
    (29, "audit-tik", "Pelaksanaan Audit Infrastruktur SPBE", "SPBE infrastructure audit", 1.5, ""),
    (30, "audit-tik", "Pelaksanaan Audit Aplikasi SPBE", "SPBE application audit", 1.5, ""),
    (31, "audit-tik", "Pelaksanaan Audit Keamanan SPBE", "SPBE security audit", 1.5, ""),
    (32, "layanan-administrasi", "Layanan Perencanaan", "Planning services", 2.75, ""),
    (33, "layanan-administrasi", "Layanan Penganggaran", "Budgeting services", 2.75, ""),
    (34, "layanan-administrasi", "Layanan Keuangan", "Financial services", 2.75, ""),
    (
        35,
        "layanan-administrasi",
        "Layanan Pengadaan Barang dan Jasa",
        "Procurement services",
        2.75,
        "",
    ),
    (36, "layanan-administrasi", "Layanan Kepegawaian", "Personnel services", 2.75, ""),
    (
        37,
        "layanan-administrasi",
        "Layanan Kearsipan Dinamis",
        "Records management services",
        2.75,
        "",
    ),
    (
        38,
        "layanan-administrasi",
        "Layanan Pengelolaan Barang Milik Negara/Daerah",
        "State and regional asset management services",
        2.75,
        "",
    ),
    (
        39,
        "layanan-administrasi",
        "Layanan Pengawasan Internal Pemerintah",
        "Internal government oversight services",
        2.75,
        "",
    ),
    (
        40,
        "layanan-administrasi",
        "Layanan Akuntabilitas Kinerja Organisasi",
        "Organisational performance accountability services",
        2.75,
        "",
    ),
    (41, "layanan-administrasi", "Layanan Kinerja Pegawai", "Staff performance services", 2.75, ""),
    (
        42,
        "layanan-publik",
        "Layanan Pengaduan Pelayanan Publik",
        "Public service complaints",
        3.0,
        "aduan-warga:resolved-on-time",
    ),
    (43, "layanan-publik", "Layanan Data Terbuka", "Open data", 3.0, "data-terbuka:fresh-datasets"),
    (
        44,
        "layanan-publik",
        "Layanan Jaringan Dokumentasi dan Informasi Hukum (JDIH)",
        "Legal documentation and information network (JDIH)",
        3.0,
        "",
    ),
    (45, "layanan-publik", "Layanan Publik Sektor 1", "Sector public service 1", 3.0, ""),
    (46, "layanan-publik", "Layanan Publik Sektor 2", "Sector public service 2", 3.0, ""),
    (47, "layanan-publik", "Layanan Publik Sektor 3", "Sector public service 3", 3.0, ""),
)

ASPECT_BY_KEY = {a.key: a for a in ASPECTS}
DOMAIN_BY_KEY = {d.key: d for d in DOMAINS}


def code(number: int) -> str:
    """An SPBE indicator's code in a template: ``SPBE-42``."""
    return f"SPBE-{number:02d}"


# (lower bound, key, label); the regulation's bands of the 0–5 index.
PREDICATES = (
    (4.2, "memuaskan", _("Satisfactory")),
    (3.5, "sangat-baik", _("Very good")),
    (2.6, "baik", _("Good")),
    (1.8, "cukup", _("Fair")),
    (0.0, "kurang", _("Poor")),
)


def predicate(index: float | None) -> tuple[str, str]:
    """The predicate of an SPBE index: its key (for a CSS class) and its name."""
    if index is None:
        return "none", "—"
    for bound, key, label in PREDICATES:
        if index >= bound - 1e-9:
            return key, str(label)
    return "kurang", str(PREDICATES[-1][2])
