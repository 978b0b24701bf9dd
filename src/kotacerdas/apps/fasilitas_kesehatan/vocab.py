"""The app's fixed vocabularies: facility kinds, owners, room classes, services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    CLINIC = "clinic", _("Clinic")
    LAB = "lab", _("Laboratory")


class HospitalClass(models.TextChoices):
    NONE = "", "—"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class Owner(models.TextChoices):
    CENTRAL = "pusat", _("Central government")
    LOCAL = "daerah", _("Regional government")
    MILITARY = "tni-polri", _("TNI/Polri")
    PRIVATE = "swasta", _("Private")
    SOE = "bumn", _("BUMN")


class RoomClass(models.TextChoices):
    IGD = "igd", _("Emergency (IGD)")
    ICU = "icu", "ICU"
    NICU = "nicu", "NICU"
    PICU = "picu", "PICU"
    HCU = "hcu", "HCU"
    ISOLATION = "isolasi", _("Isolation")
    VIP = "vip", "VIP"
    CLASS_1 = "kelas-1", _("Class I")
    CLASS_2 = "kelas-2", _("Class II")
    CLASS_3 = "kelas-3", _("Class III")


ROOM_ORDER = [c.value for c in RoomClass]

# Services a facility may offer: key -> label.
SERVICES: dict[str, object] = {
    "igd": _("Emergency care"),
    "rawat-inap": _("Inpatient care"),
    "rawat-jalan": _("Outpatient care"),
    "persalinan": _("Childbirth"),
    "bedah": _("Surgery"),
    "hemodialisis": _("Haemodialysis"),
    "radiologi": _("Radiology"),
    "laboratorium": _("Laboratory"),
    "imunisasi": _("Immunisation"),
    "gigi": _("Dental care"),
    "kia": _("Mother and child health"),
}

# The largest count one field takes: more beds than any hospital has.
MAX_COUNT = 5000
