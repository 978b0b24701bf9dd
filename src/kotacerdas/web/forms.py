"""Forms of the console. Errors are translated and name the field."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import Agency
from kotacerdas.core.tenancy import Role

MAX_AGENCY_EMAILS = 10


def parse_emails(raw: str) -> list[str]:
    """Addresses separated by commas, semicolons, spaces or new lines; each one checked."""
    parts = [p for p in re.split(r"[\s,;]+", raw or "") if p]
    if len(parts) > MAX_AGENCY_EMAILS:
        raise forms.ValidationError(
            _("At most %(n)d addresses.") % {"n": MAX_AGENCY_EMAILS}, code="too_many"
        )
    seen: dict[str, None] = {}
    for part in parts:
        if len(part) > 254:
            raise forms.ValidationError(_("An e-mail address has at most 254 characters."))
        try:
            validate_email(part)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("“%(value)s” is not an e-mail address, such as dpu@kota.go.id.")
                % {"value": part[:80]}
            ) from None
        if part.lower() not in {s.lower() for s in seen}:
            seen[part] = None
    return list(seen)


class AgencyForm(forms.ModelForm[Agency]):
    """An agency's name, short name, short code and contact addresses.

    The addresses are one field on the page; the first is stored in ``email``, the others
    in ``more_emails``.
    """

    emails = forms.CharField(
        label=_("Contact e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "One per line. They receive the app notifications meant for this agency, "
            "such as a report disposed to it."
        ),
    )

    class Meta:
        model = Agency
        fields = ["name", "short_name", "slug"]
        help_texts = {"slug": _("Lower-case letters, digits and hyphens, such as dinas-pu.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["emails"] = "\n".join(self.instance.contact_addresses())
        if self.instance.pk is not None:
            # The short code is referenced by app configurations: it stays as created.
            self.fields["slug"].disabled = True

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def clean_short_name(self) -> str:
        return " ".join(str(self.cleaned_data["short_name"]).split())

    def clean_emails(self) -> list[str]:
        return parse_emails(self.cleaned_data.get("emails", ""))

    def save(self, commit: bool = True) -> Agency:
        agency = super().save(commit=False)
        addresses = self.cleaned_data.get("emails") or []
        agency.email = addresses[0] if addresses else ""
        agency.more_emails = addresses[1:]
        if commit:
            agency.save()
        return agency


class InviteForm(forms.Form):
    email = forms.CharField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Role.AGENCY_STAFF.value, Role.AGENCY_STAFF.label),
            (Role.REGION_ADMIN.value, Role.REGION_ADMIN.label),
        ],
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("For agency staff."),
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies


class RoleForm(forms.Form):
    role = InviteForm.base_fields["role"]
    agency = InviteForm.base_fields["agency"]

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class AppConfigForm(forms.Form):
    """The configuration of an enabled app as JSON; the schema check happens in the service."""

    config = forms.CharField(
        label=_("Configuration (JSON)"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "mono"}),
    )

    def clean_config(self) -> dict[str, Any]:
        raw = self.cleaned_data["config"]
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Not valid JSON: %(msg)s at line %(line)s, column %(col)s.")
                % {"msg": exc.msg, "line": exc.lineno, "col": exc.colno}
            ) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The configuration must be a JSON object {…}."))
        return value
