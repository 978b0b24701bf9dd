"""The region's signing keys on ``/console/<region>/catalog/keys/``: register a public key
(pasted or uploaded), generate a key pair here, rotate with an overlap, retire.

Region readers see the keys (public parts and fingerprints, to compare by phone); only the
region's admin (or the platform admin) changes them. Every change is audited by the service.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.catalog.services import signing
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import today
from kotacerdas.web.views.access import console_region


class RegisterKeyForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Label"), max_length=120, required=False)
    public_key = forms.CharField(
        label=gettext_lazy("Public key (PEM)"),
        required=False,
        max_length=signing.MAX_PEM,
        widget=forms.Textarea(attrs={"rows": 4, "class": "mono"}),
        help_text=gettext_lazy(
            "-----BEGIN PUBLIC KEY----- … as printed by `kotacerdas bundle key`."
        ),
    )
    key_file = forms.FileField(label=gettext_lazy("…or a PEM file"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("key_file")
        if upload is not None:
            if upload.size > signing.MAX_PEM:
                self.add_error("key_file", _("This file is too large to be a public key."))
                return data
            try:
                data["public_key"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("key_file", _("This file is not a PEM text file."))
        if not str(data.get("public_key", "")).strip() and not self.errors:
            self.add_error("public_key", _("Paste or upload a public key."))
        return data


class GenerateKeyForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Label"), max_length=120, required=False)


class RetireKeyForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    until = forms.DateField(
        label=gettext_lazy("Valid until (empty: retire now)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def keys(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    region, scope = access.region, access.scope
    register, generate, retire = RegisterKeyForm(), GenerateKeyForm(), RetireKeyForm()
    if request.method == "POST":
        if not access.is_admin:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "register":
                register = RegisterKeyForm(request.POST, request.FILES)
                if register.is_valid():
                    key = signing.register_key(
                        scope,
                        region,
                        str(register.cleaned_data["public_key"]),
                        request.user.pk,
                        register.cleaned_data["label"],
                    )
                    messages.success(
                        request, _("Key %(fp)s registered.") % {"fp": key.fingerprint[:16]}
                    )
                    return redirect("catalog:keys", region_slug=region.slug)
            elif action == "generate":
                generate = GenerateKeyForm(request.POST)
                if generate.is_valid():
                    key = signing.generate_key(
                        scope, region, request.user.pk, generate.cleaned_data["label"]
                    )
                    messages.success(
                        request,
                        _("Key pair %(fp)s generated; it signs this region's next exports.")
                        % {"fp": key.fingerprint[:16]},
                    )
                    return redirect("catalog:keys", region_slug=region.slug)
            elif action == "retire":
                retire = RetireKeyForm(request.POST)
                if retire.is_valid():
                    key = signing.retire_key(
                        scope,
                        region,
                        retire.cleaned_data["key"],
                        retire.cleaned_data["until"],
                        request.user.pk,
                    )
                    if key.retired_at is not None:
                        text = _("Key %(fp)s retired.") % {"fp": key.fingerprint[:16]}
                    else:
                        text = _("Key %(fp)s stays valid until %(day)s, then it is retired.") % {
                            "fp": key.fingerprint[:16],
                            "day": key.valid_until,
                        }
                    messages.success(request, text)
                    return redirect("catalog:keys", region_slug=region.slug)
                for errors in retire.errors.values():
                    for error in errors:
                        messages.error(request, str(error))
        except CatalogError as exc:
            target = {"register": register, "generate": generate}.get(action)
            if target is not None:
                field = exc.field if exc.field in target.fields else None
                target.add_error(field, exc.message)
            else:
                messages.error(request, exc.message)
    on = today()
    rows = [(k, k.is_active(on)) for k in signing.keys_of(scope, region)]
    return render(
        request,
        "catalog/console/keys.html",
        {
            "access": access,
            "region": region,
            "section": "catalog",
            "rows": rows,
            "register": register,
            "generate": generate,
            "retire": retire,
        },
    )
