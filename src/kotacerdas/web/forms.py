"""Forms of the console. Errors are translated and name the field."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import Agency


class AgencyForm(forms.ModelForm[Agency]):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "slug", "email"]
        help_texts = {"slug": _("Lower-case letters, digits and hyphens, such as dinas-pu.")}


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
