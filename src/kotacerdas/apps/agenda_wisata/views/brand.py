"""The console page where the region admin sets the region's brand, and the logo's address.

- ``/console/<region>/agenda-wisata/brand/`` (staff URL ``brand``, region admins): name and
  tagline in both languages, the logo (checked by its content with Pillow, re-encoded to PNG
  so EXIF and anything hidden in the file are gone, at most 2 MB and 512 px), the primary,
  text and accent colours with their contrast checked (text on the primary colour at least
  4.5:1). Nothing is written unless the whole form is valid.
- ``/r/<region>/agenda-wisata/brand/logo/<sha>.png`` (public URL ``brand-logo``): the logo,
  named by its content, so it is cached for a year.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from kotacerdas.apps.agenda_wisata.brand import (
    APP_KEY,
    BLACK,
    HEX,
    LOGO_NAME,
    MIN_TEXT_CONTRAST,
    WHITE,
    BrandSettings,
    best_text,
    contrast,
    logo_folder,
    logo_name,
    logo_url,
    settings_of,
)
from kotacerdas.contract import get_app
from kotacerdas.core.audit import record
from kotacerdas.core.models import AppInstallation
from kotacerdas.core.services.config_schema import ConfigInvalid, validate_config
from kotacerdas.core.tenancy import Action

if TYPE_CHECKING:
    from django.urls import URLPattern

    from kotacerdas.contract.app import Ctx

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_SIDE = 512
# A decompression bomb is refused before decoding: no logo needs 25 megapixels.
MAX_LOGO_PIXELS = 25_000_000
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


class BrandInvalid(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def clean_logo(upload: Any) -> tuple[str, bytes]:
    """The logo re-encoded as PNG (no EXIF, no text chunks), at most 512 px a side, and its
    content name; ``BrandInvalid`` with a message for the person otherwise."""
    size = int(getattr(upload, "size", 0) or 0)
    too_big = _("The logo is larger than 2 MB: choose a smaller file.")
    if size > MAX_LOGO_BYTES:
        raise BrandInvalid("logo", too_big)
    raw = upload.read(MAX_LOGO_BYTES + 1)
    if len(raw) > MAX_LOGO_BYTES:
        raise BrandInvalid("logo", too_big)
    unreadable = _("The logo is not a picture we can read: upload a PNG, JPEG or WebP file.")
    if not raw:
        raise BrandInvalid("logo", unreadable)
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in LOGO_FORMATS:
                raise UnidentifiedImageError(probe.format)
            if probe.width * probe.height > MAX_LOGO_PIXELS:
                raise BrandInvalid(
                    "logo", _("The logo has too many pixels: at most 25 megapixels.")
                )
            probe.verify()
        with Image.open(io.BytesIO(raw)) as img:
            img.seek(0)  # an animated GIF: its first frame
            clean = img.convert("RGBA")
    except BrandInvalid:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BrandInvalid("logo", unreadable) from None
    clean.thumbnail((MAX_LOGO_SIDE, MAX_LOGO_SIDE))
    out = io.BytesIO()
    # A new PNG from the pixels only: no EXIF, no text chunks, no colour profile.
    clean.save(out, "PNG", optimize=True)
    data = out.getvalue()
    return logo_name(data), data


class BrandForm(forms.Form):
    name_id = forms.CharField(label=gettext_lazy("Brand name (Indonesian)"), max_length=80)
    name_en = forms.CharField(
        label=gettext_lazy("Brand name (English)"), max_length=80, required=False
    )
    tagline_id = forms.CharField(
        label=gettext_lazy("Tagline (Indonesian)"), max_length=160, required=False
    )
    tagline_en = forms.CharField(
        label=gettext_lazy("Tagline (English)"), max_length=160, required=False
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy("PNG, JPEG or WebP, at most 2 MB; shown at most 512 px wide."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)
    primary = forms.CharField(
        label=gettext_lazy("Primary colour"),
        required=False,
        max_length=7,
        help_text=gettext_lazy(
            "#rrggbb: the background of the page header. Empty: the default look."
        ),
    )
    on_primary = forms.CharField(
        label=gettext_lazy("Text colour on the primary colour"),
        required=False,
        max_length=7,
        help_text=gettext_lazy("Empty: black or white, whichever contrasts more."),
    )
    accent = forms.CharField(
        label=gettext_lazy("Accent colour"),
        required=False,
        max_length=7,
        help_text=gettext_lazy("#rrggbb: the header's stripe and the main buttons."),
    )

    def _plain(self, name: str) -> str:
        value = str(self.cleaned_data.get(name, "")).strip()
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise forms.ValidationError(_("Use plain text: no control characters."))
        return value

    def clean_name_id(self) -> str:
        return self._plain("name_id")

    def clean_name_en(self) -> str:
        return self._plain("name_en")

    def clean_tagline_id(self) -> str:
        return self._plain("tagline_id")

    def clean_tagline_en(self) -> str:
        return self._plain("tagline_en")

    def _colour(self, name: str) -> str:
        value = str(self.cleaned_data.get(name, "")).strip().lower()
        if value and not HEX.match(value):
            raise forms.ValidationError(
                _("Write the colour as # and six hexadecimal digits, such as #0f3d5e.")
            )
        return value

    def clean_primary(self) -> str:
        return self._colour("primary")

    def clean_on_primary(self) -> str:
        return self._colour("on_primary")

    def clean_accent(self) -> str:
        return self._colour("accent")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        primary, on = data.get("primary", ""), data.get("on_primary", "")
        if on and not primary and "primary" not in self.errors:
            self.add_error("on_primary", _("Choose a primary colour first."))
        if primary and on and "on_primary" not in self.errors:
            ratio = contrast(primary, on)
            if ratio < MIN_TEXT_CONTRAST:
                auto = best_text(primary)
                self.add_error(
                    "on_primary",
                    _(
                        "Text in %(text)s on %(primary)s has a contrast of only %(ratio).1f:1; "
                        "at least 4.5:1 is needed to be readable. Choose another colour, or "
                        "leave this empty to use %(auto)s (%(auto_ratio).1f:1)."
                    )
                    % {
                        "text": on,
                        "primary": primary,
                        "ratio": ratio,
                        "auto": _("black") if auto == BLACK else _("white"),
                        "auto_ratio": contrast(primary, auto),
                    },
                )
        return data


def _initial(brand: BrandSettings) -> dict[str, Any]:
    return {
        "name_id": brand.name.id,
        "name_en": brand.name.en,
        "tagline_id": brand.tagline.id,
        "tagline_en": brand.tagline.en,
        "primary": brand.primary,
        "on_primary": brand.on_primary,
        "accent": brand.accent,
    }


def _save(ctx: Ctx, form: BrandForm, current: BrandSettings) -> None:
    """Validate everything, then write the logo file and the configuration together."""
    data = form.cleaned_data
    logo_name, logo_bytes = current.logo, b""
    if data.get("remove_logo"):
        logo_name = ""
    if data.get("logo"):
        logo_name, logo_bytes = clean_logo(data["logo"])
    brand = {
        "name": {"id": data["name_id"], "en": data["name_en"]},
        "tagline": {"id": data["tagline_id"], "en": data["tagline_en"]},
        "logo": logo_name,
        "primary": data["primary"],
        "on_primary": data["on_primary"],
        "accent": data["accent"],
    }
    app = get_app(APP_KEY)
    assert app is not None
    target = logo_folder(ctx.region.code) / logo_name if logo_bytes else None
    created = False
    with transaction.atomic():
        installation = (
            AppInstallation.objects.scoped(ctx.scope, Action.CHANGE)
            .select_for_update()
            .filter(pk=ctx.installation.pk)
            .first()
        )
        if installation is None:
            raise PermissionDenied
        config = dict(installation.config)
        before = config.get("brand")
        config["brand"] = brand
        valid = validate_config(app.manifest.config_schema, config)
        try:
            if target is not None and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(logo_bytes)
                created = True
            installation.config = valid
            installation.save(update_fields=["config", "updated_at"])
            if before != valid.get("brand"):
                record(
                    "config.changed",
                    region=ctx.region,
                    actor_id=ctx.user_id,
                    app_key=APP_KEY,
                    target=APP_KEY,
                    detail={"keys": ["brand"]},
                )
        except BaseException:
            if created and target is not None:
                target.unlink(missing_ok=True)
            raise


def brand_settings(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    if not ctx.is_admin:
        raise PermissionDenied
    current = settings_of(ctx)
    status = 200
    if request.method == "POST":
        form = BrandForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                _save(ctx, form, current)
            except BrandInvalid as exc:
                form.add_error(exc.field, exc.message)
            except ConfigInvalid as exc:
                form.add_error(
                    None, _("The brand could not be saved: %(problem)s") % {"problem": exc}
                )
            else:
                messages.success(request, _("The region's brand is saved."))
                return redirect("agenda_wisata-console:brand", region_slug=ctx.region.slug)
        status = 400
    else:
        form = BrandForm(initial=_initial(current))
    language = get_language() or "id"
    return render(
        request,
        "agenda_wisata/brand/settings.html",
        {
            "access": ctx,
            "region": ctx.region,
            "section": APP_KEY,
            "form": form,
            "brand": current,
            "brand_name": current.name.text(language) or ctx.region.name,
            "brand_tagline": current.tagline.text(language),
            "logo_url": logo_url(ctx.region.slug, current.logo),
            "min_contrast": MIN_TEXT_CONTRAST,
            "black": BLACK,
            "white": WHITE,
        },
        status=status,
    )


def logo(request: HttpRequest, ctx: Ctx, name: str) -> FileResponse:
    if not LOGO_NAME.match(name):
        raise Http404("no such logo")
    file = logo_folder(ctx.region.code) / name
    if not file.is_file():
        raise Http404("no such logo")
    response = FileResponse(file.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def staff_patterns() -> list[URLPattern]:
    """For ``AgendaWisata.staff_urls``: ``brand`` → ``/console/<region>/agenda-wisata/brand/``."""
    return [path("brand/", brand_settings, name="brand")]


def public_patterns() -> list[URLPattern]:
    """For ``AgendaWisata.public_urls``: ``brand-logo`` → ``…/agenda-wisata/brand/logo/<name>``."""
    return [path("brand/logo/<str:name>", logo, name="brand-logo")]
