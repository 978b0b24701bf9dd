"""Forms of the catalog console. Errors are translated and name the field."""

from __future__ import annotations

import io

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from kotacerdas.catalog.models import Variant

MAX_LOGO = 256 * 1024


class PublishForm(forms.Form):
    version = forms.CharField(
        label=_("Version (semver)"),
        max_length=40,
        help_text=_("Higher than the last one, such as 1.1.0 or 2.0.0."),
    )
    name = forms.CharField(label=_("Variant name"), max_length=120, required=False)
    sharing = forms.ChoiceField(
        label=_("Share with"), choices=Variant.Scope.choices, initial=Variant.Scope.PARTNERS
    )
    changelog = forms.CharField(
        label=_("Changelog"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What changed in this version, for the adopters."),
    )


class LogoForm(forms.Form):
    logo = forms.FileField(label=_("Logo (PNG or JPEG, at most 256 KB)"))

    def clean_logo(self) -> tuple[bytes, str]:
        upload = self.cleaned_data["logo"]
        if upload.size > MAX_LOGO:
            raise forms.ValidationError(_("The logo is larger than 256 KB."))
        data = upload.read()
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind = (image.format or "").lower()
                image.verify()
        except (UnidentifiedImageError, OSError):
            raise forms.ValidationError(_("This file is not a PNG or JPEG image.")) from None
        if kind not in ("png", "jpeg"):
            raise forms.ValidationError(_("This file is not a PNG or JPEG image."))
        return data, f"image/{kind}"


class BundleForm(forms.Form):
    bundle = forms.FileField(label=_("Bundle file (.kcbundle)"))
    trust_unsigned = forms.BooleanField(
        label=_("I trust this bundle although it is unsigned or its signature does not verify"),
        required=False,
    )
