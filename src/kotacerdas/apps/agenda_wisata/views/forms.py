"""Console forms: types and limits here, rules across fields in ``services``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kotacerdas.apps.agenda_wisata.models import Status
from kotacerdas.apps.agenda_wisata.services.places import FACILITIES
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
FACILITY_LABELS = {
    "parkir": _("Parking"),
    "toilet": _("Toilets"),
    "musala": _("Prayer room"),
    "kuliner": _("Food stalls"),
    "pemandu": _("Guides"),
    "wifi": _("Wi-Fi"),
    "penginapan": _("Lodging"),
}


def no_control(value: str) -> None:
    if CONTROL.search(value or ""):
        raise ValidationError(_("Remove the control characters from this text."))


class Text(forms.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(no_control)


class LongText(Text):
    widget = forms.Textarea(attrs={"rows": 4})


def _price(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=100_000_000)


class Photo(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Photo (JPEG, PNG or WebP, at most 10 MB)"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            **kwargs,
        )


class EventForm(forms.Form):
    title = Text(label=_("Title (Indonesian)"), max_length=160)
    title_en = Text(label=_("Title (English)"), max_length=160, required=False)
    description = LongText(label=_("Description (Indonesian)"), max_length=5000, required=False)
    description_en = LongText(label=_("Description (English)"), max_length=5000, required=False)
    category = forms.ChoiceField(label=_("Category"))
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time (WIB)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_time = forms.TimeField(
        label=_("End time (WIB)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Repeats every week on"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for a one-off or multi-day event."),
    )
    repeat_until = forms.DateField(
        label=_("Repeats until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    repeat_count = forms.IntegerField(
        label=_("or number of times"), required=False, min_value=1, max_value=520
    )
    place_name = Text(label=_("Place"), max_length=160)
    lat = forms.FloatField(label=_("Latitude"), min_value=-11, max_value=6)
    lng = forms.FloatField(label=_("Longitude"), min_value=94, max_value=142)
    organiser = forms.ChoiceField(label=_("Organising agency"))
    is_free = forms.BooleanField(label=_("Free entry"), required=False)
    price = _price(_("Price (Rp)"))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    photo = Photo()

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[str, str]],
        agencies: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        self.fields["organiser"].choices = agencies  # type: ignore[attr-defined]

    def clean_repeat_until(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("repeat_until")
        if value is not None and not 2000 <= value.year <= 2100:
            raise ValidationError(_("Give a date between 2000 and 2100."))
        return value

    def values(self) -> dict[str, Any]:
        c = self.cleaned_data
        for f in ("start_date", "end_date"):
            if not 2000 <= c[f].year <= 2100:
                raise ValidationError({f: _("Give a date between 2000 and 2100.")})
        return {
            "title": c["title"].strip(),
            "title_en": c["title_en"].strip(),
            "description": c["description"].strip(),
            "description_en": c["description_en"].strip(),
            "category": c["category"],
            "starts_at": dt.datetime.combine(c["start_date"], c["start_time"], WIB),
            "ends_at": dt.datetime.combine(c["end_date"], c["end_time"], WIB),
            "weekdays": sorted(set(c["weekdays"])),
            "repeat_until": c["repeat_until"],
            "repeat_count": c["repeat_count"],
            "place_name": c["place_name"].strip(),
            "lat": c["lat"],
            "lng": c["lng"],
            "organiser_id": int(c["organiser"]),
            "is_free": c["is_free"],
            "price": c["price"],
            "status": c["status"],
        }


class CancelDateForm(forms.Form):
    day = forms.DateField(label=_("Date to cancel"), widget=forms.DateInput(attrs={"type": "date"}))


class DestinationForm(forms.Form):
    name = Text(label=_("Name"), max_length=160)
    description = LongText(label=_("Description (Indonesian)"), max_length=5000, required=False)
    description_en = LongText(label=_("Description (English)"), max_length=5000, required=False)
    address = Text(label=_("Address"), max_length=240, required=False)
    lat = forms.FloatField(label=_("Latitude"), min_value=-11, max_value=6)
    lng = forms.FloatField(label=_("Longitude"), min_value=94, max_value=142)
    ticket_weekday = _price(_("Ticket, weekdays (Rp)"))
    ticket_weekend = _price(_("Ticket, weekends and holidays (Rp)"))
    ticket_note = Text(label=_("Note on tickets"), max_length=240, required=False)
    facilities = forms.MultipleChoiceField(
        label=_("Facilities"),
        choices=[(k, FACILITY_LABELS[k]) for k in FACILITIES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wheelchair = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    accessibility = Text(label=_("Note on accessibility"), max_length=240, required=False)
    agency = forms.ChoiceField(label=_("Agency"))
    photo = Photo()

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]
        for i, (_n, day) in enumerate(WEEKDAYS):
            self.fields[f"hours_{i}"] = Text(
                label=_("Hours on %(day)s") % {"day": day},
                max_length=11,
                required=False,
                help_text=_("08:00-16:00; empty when closed"),
            )

    def values(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "name": c["name"].strip(),
            "description": c["description"].strip(),
            "description_en": c["description_en"].strip(),
            "address": c["address"].strip(),
            "lat": c["lat"],
            "lng": c["lng"],
            "hours": [c[f"hours_{i}"] for i in range(7)],
            "ticket_weekday": c["ticket_weekday"],
            "ticket_weekend": c["ticket_weekend"],
            "ticket_note": c["ticket_note"].strip(),
            "facilities": list(c["facilities"]),
            "wheelchair": c["wheelchair"],
            "accessibility": c["accessibility"].strip(),
            "agency_id": int(c["agency"]),
        }


class VisitorsForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    visitors = forms.IntegerField(label=_("Visitors"), min_value=0, max_value=50_000_000)


class VisitorsImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file (columns destinasi, bulan, pengunjung)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class BusinessForm(forms.Form):
    name = Text(label=_("Business name"), max_length=160)
    description = LongText(label=_("Description (Indonesian)"), max_length=3000, required=False)
    description_en = LongText(label=_("Description (English)"), max_length=3000, required=False)
    category = forms.ChoiceField(label=_("Category"))
    whatsapp = Text(label=_("Business WhatsApp number"), max_length=20, required=False)
    contact_public = forms.BooleanField(
        label=_("The business asked us to publish this number as its public contact"),
        required=False,
    )
    address = Text(label=_("Address"), max_length=240, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-11, max_value=6)
    lng = forms.FloatField(label=_("Longitude"), required=False, min_value=94, max_value=142)
    halal_number = Text(label=_("Halal certificate number"), max_length=60, required=False)
    pirt_number = Text(label=_("PIRT number"), max_length=40, required=False)
    agency = forms.ChoiceField(label=_("Curating agency"))
    photo = Photo()

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[str, str]],
        agencies: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "name": c["name"].strip(),
            "description": c["description"].strip(),
            "description_en": c["description_en"].strip(),
            "category": c["category"],
            "whatsapp": c["whatsapp"].strip(),
            "contact_public": c["contact_public"],
            "address": c["address"].strip(),
            "lat": c["lat"],
            "lng": c["lng"],
            "halal_number": c["halal_number"].strip(),
            "pirt_number": c["pirt_number"].strip(),
            "agency_id": int(c["agency"]),
        }


class ProductForm(forms.Form):
    name = Text(label=_("Product name"), max_length=160)
    description = LongText(label=_("Description"), max_length=2000, required=False)
    price = _price(_("Price (Rp)"))
    photo = Photo()

    def values(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "name": c["name"].strip(),
            "description": c["description"].strip(),
            "price": c["price"],
        }
