"""The evaluation's forms: they parse; the services decide and name the field on refusal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.maturity.scoring import ASPECTS


class WeightsForm(forms.Form):
    baseline = forms.CharField(label=_("Baseline"), max_length=10)
    output = forms.CharField(label=_("Output"), max_length=10)
    outcome = forms.CharField(label=_("Outcome"), max_length=10)
    impact = forms.CharField(label=_("Impact"), max_length=10)
    quick_win = forms.CharField(label=_("Quick win"), max_length=10)

    def weights(self) -> dict[str, object]:
        return {k: self.cleaned_data[k] for k in ASPECTS}


class CopyForm(forms.Form):
    year = forms.CharField(label=_("Year"), max_length=4)


class EntryForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=10)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=4000)
    evidence = forms.FileField(label=_("Evidence (PDF, PNG, JPEG)"), required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("adjust", _("Adjust")), ("return", _("Return"))],
    )
    value = forms.CharField(label=_("Adjusted value"), max_length=10, required=False)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea, required=False, max_length=4000
    )
