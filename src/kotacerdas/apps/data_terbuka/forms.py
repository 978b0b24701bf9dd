"""The console's forms: a dataset's Satu Data metadata, an upload, its columns, the
personal-data decisions and the walidata's review. Every error is named by its field."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kotacerdas.apps.data_terbuka.models import ACCESS_CHOICES, FREQUENCY_CHOICES
from kotacerdas.dimensions import DIMENSIONS

# Control characters other than tab and line breaks: never part of a title or a note.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TAGS = 20
COLUMN_TYPES = [
    ("text", _("Text")),
    ("integer", _("Whole number")),
    ("numeric", _("Number")),
    ("date", _("Date")),
    ("timestamp", _("Date and time")),
    ("boolean", _("Yes/no")),
]


def no_control_characters(value: str) -> None:
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(_("Remove the control characters from this text."))


def _text(label: Any, max_length: int, required: bool = False, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[no_control_characters],
        **kw,
    )


class DatasetForm(forms.Form):
    """Satu Data metadata of one dataset, in Indonesian and English."""

    title_id = _text(_("Title (Indonesian)"), 200, required=True)
    title_en = _text(_("Title (English)"), 200)
    notes_id = _text(_("Description (Indonesian)"), 5000, widget=forms.Textarea(attrs={"rows": 4}))
    notes_en = _text(_("Description (English)"), 5000, widget=forms.Textarea(attrs={"rows": 4}))
    agency = forms.TypedChoiceField(label=_("Data producer (produsen data)"), coerce=int)
    contact_name = _text(_("Contact"), 120)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False, max_length=254)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=FREQUENCY_CHOICES)
    next_release = forms.DateField(
        label=_("Next release"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    access_level = forms.ChoiceField(label=_("Access level"), choices=ACCESS_CHOICES)
    period_start = forms.DateField(
        label=_("Period from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    priority = forms.BooleanField(label=_("Priority data (data prioritas)"), required=False)
    dimension = forms.ChoiceField(label=_("Dimension"))
    tags = _text(
        _("Tags"),
        1000,
        help_text=_("Separated by commas, such as: jalan, infrastruktur"),
    )

    def __init__(
        self, *args: Any, agencies: list[tuple[int, str]], language: str = "id", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]
        self.fields["dimension"].choices = [  # type: ignore[attr-defined]
            (d.key, d.name(language)) for d in DIMENSIONS
        ]

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        tags: list[str] = []
        for part in raw.split(","):
            tag = " ".join(part.split()).lower()
            if not tag:
                continue
            if len(tag) > 100:
                raise ValidationError(_("A tag is at most 100 characters long."))
            if tag not in tags:
                tags.append(tag)
        if len(tags) > MAX_TAGS:
            raise ValidationError(_("At most %(n)d tags, please.") % {"n": MAX_TAGS})
        return tags

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period must end on or after its start."))
        return data


class UploadForm(forms.Form):
    """A CSV or XLSX file for one resource: an existing one, or a new one named here."""

    file = forms.FileField(label=_("CSV or XLSX file"))
    resource = forms.ChoiceField(label=_("Resource"), required=False)
    resource_title = _text(
        _("Title of the new resource"),
        200,
        help_text=_("Only for a new resource, such as: Panjang jalan per kecamatan"),
    )

    def __init__(self, *args: Any, resources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = [  # type: ignore[attr-defined]
            *resources,
            ("", _("A new resource")),
        ]
        if resources:
            self.fields["resource"].initial = resources[0][0]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("resource") and not data.get("resource_title"):
            self.add_error("resource_title", _("Give the new resource a title."))
        return data


class ColumnsForm(forms.Form):
    """Each column's title, type, unit and definition (the Satu Data data standard)."""

    def __init__(self, *args: Any, columns: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.column_names = [str(c.get("name", "")) for c in columns]
        for i, column in enumerate(columns):
            title = column.get("title") or {}
            definition = column.get("definition") or {}
            p = f"c{i}"
            self.fields[f"{p}-type"] = forms.ChoiceField(
                label=_("Type"), choices=COLUMN_TYPES, initial=column.get("type", "text")
            )
            self.fields[f"{p}-title_id"] = _text(
                _("Title (Indonesian)"), 200, initial=title.get("id", "")
            )
            self.fields[f"{p}-title_en"] = _text(
                _("Title (English)"), 200, initial=title.get("en", "")
            )
            self.fields[f"{p}-unit"] = _text(_("Unit"), 40, initial=column.get("unit", ""))
            self.fields[f"{p}-definition_id"] = _text(
                _("Definition (Indonesian)"), 1000, initial=definition.get("id", "")
            )
            self.fields[f"{p}-definition_en"] = _text(
                _("Definition (English)"), 1000, initial=definition.get("en", "")
            )

    def rows(self) -> list[dict[str, Any]]:
        """One entry per column, with its bound fields, for the template."""
        out = []
        for i, name in enumerate(self.column_names):
            p = f"c{i}"
            out.append(
                {
                    "name": name,
                    "fields": [
                        self[f"{p}-{k}"]
                        for k in (
                            "type",
                            "title_id",
                            "title_en",
                            "unit",
                            "definition_id",
                            "definition_en",
                        )
                    ],
                }
            )
        return out

    def columns(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        out = []
        for i, name in enumerate(self.column_names):
            p = f"c{i}"
            out.append(
                {
                    "name": name,
                    "type": data[f"{p}-type"],
                    "title": {"id": data[f"{p}-title_id"], "en": data[f"{p}-title_en"]},
                    "unit": data[f"{p}-unit"],
                    "definition": {
                        "id": data[f"{p}-definition_id"],
                        "en": data[f"{p}-definition_en"],
                    },
                }
            )
        return out


PII_CHOICES = [
    ("remove", _("Remove this column before publishing")),
    ("keep", _("Keep it: this is not personal data")),
]


class PiiForm(forms.Form):
    """For each flagged column: remove it, or keep it with the reason it is not personal."""

    def __init__(self, *args: Any, flags: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flagged = [str(f.get("column", "")) for f in flags]
        for i, flag in enumerate(flags):
            self.fields[f"p{i}-action"] = forms.ChoiceField(
                label=_("Decision"),
                choices=PII_CHOICES,
                widget=forms.RadioSelect,
                initial=flag.get("decision") or "remove",
            )
            self.fields[f"p{i}-reason"] = _text(
                _("Why it is not personal data"), 500, initial=flag.get("reason", "")
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(len(self.flagged)):
            if data.get(f"p{i}-action") == "keep" and not data.get(f"p{i}-reason"):
                self.add_error(f"p{i}-reason", _("Say why this column is not personal data."))
        return data

    def decisions(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [
            (column, data[f"p{i}-action"], data.get(f"p{i}-reason", ""))
            for i, column in enumerate(self.flagged)
        ]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("return", _("Return with a note"))],
        widget=forms.RadioSelect,
    )
    note = _text(
        _("Note to the agency"),
        2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not data.get("note"):
            self.add_error("note", _("Say what the agency should change."))
        return data
