"""Forms of the catalog console. Errors are translated and name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.catalog.models import Variant
from kotacerdas.catalog.services.bundles import MAX_BYTES as MAX_BUNDLE
from kotacerdas.catalog.services.manifest import LogoRefused, check_logo

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
    include_local = forms.MultipleChoiceField(
        label=_("Also share these parts of your own"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Your own data (such as markets, stations, contacts, branding) is not shared "
            "unless you tick it here. Adopters keep theirs either way."
        ),
    )

    def __init__(self, *args: Any, app: Any = None, **kwargs: Any) -> None:
        """``app``: the app published; the local parts of its schema are the choices."""
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = []
        if app is not None:
            from kotacerdas.catalog.describe import label_of
            from kotacerdas.catalog.policy import local_keys, properties

            schema = app.manifest.config_schema
            local = local_keys(schema)
            choices = [(k, label_of(sub, k)) for k, sub in properties(schema).items() if k in local]
        field = self.fields["include_local"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices
        if not choices:
            del self.fields["include_local"]


class LogoForm(forms.Form):
    logo = forms.FileField(label=_("Logo (PNG or JPEG, at most 256 KB)"))

    def clean_logo(self) -> tuple[bytes, str]:
        upload = self.cleaned_data["logo"]
        if upload.size > MAX_LOGO:
            raise forms.ValidationError(_("The logo is larger than 256 KB."))
        data = upload.read(MAX_LOGO + 1)
        try:
            kind = check_logo(data, kinds=("PNG", "JPEG"))
        except LogoRefused as exc:
            raise forms.ValidationError(exc.message) from None
        return data, kind


class BundleForm(forms.Form):
    bundle = forms.FileField(label=_("Bundle file (.kcbundle)"))
    trust_unsigned = forms.BooleanField(
        label=_(
            "I trust this bundle although it is unverified (unsigned, or signed by a key this "
            "installation does not know): import it as a copy in this region"
        ),
        required=False,
    )

    def clean_bundle(self) -> bytes:
        """The file's bytes; one larger than a bundle may be is refused before reading it."""
        upload = self.cleaned_data["bundle"]
        if upload.size > MAX_BUNDLE:
            raise forms.ValidationError(_("The bundle is larger than 5 MB."))
        data: bytes = upload.read(MAX_BUNDLE + 1)
        if len(data) > MAX_BUNDLE:
            raise forms.ValidationError(_("The bundle is larger than 5 MB."))
        return data
