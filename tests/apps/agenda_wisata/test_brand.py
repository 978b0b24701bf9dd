"""The region's brand in Agenda & Wisata: contrast math, the schema's local part (adoption
and merges keep it), the hook, and the console page (logo checks, nothing half written)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override
from PIL import Image

from kotacerdas.apps.agenda_wisata import brand as b
from kotacerdas.apps.agenda_wisata.views.brand import (
    MAX_LOGO_BYTES,
    BrandForm,
    BrandInvalid,
    clean_logo,
)
from kotacerdas.catalog import jsonmerge, policy
from kotacerdas.contract import get_app
from kotacerdas.core.models import AppInstallation, AuditEntry, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.brand import forget_brands
from kotacerdas.platform.brand import region_brand as platform_brand
from kotacerdas.platform.context import region_context
from kotacerdas.platform.installations import enable_app
from tests.conftest import Demo

KEY = "agenda-wisata"


@pytest.fixture(autouse=True)
def _fresh_brands() -> Iterator[None]:
    forget_brands()
    yield
    forget_brands()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def schema() -> dict[str, Any]:
    app = get_app(KEY)
    assert app is not None
    return app.manifest.config_schema


def png(size: tuple[int, int] = (64, 32), colour: str = "#0b5d3b", exif: bool = False) -> bytes:
    img = Image.new("RGB", size, colour)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x8825] = {2: (7.0, 0.0, 0.0)}  # GPS latitude
        img.save(out, "JPEG", exif=data.tobytes())
    else:
        img.save(out, "PNG")
    return out.getvalue()


def enabled(region: Region, brand: dict[str, Any] | None = None) -> AppInstallation:
    config: dict[str, Any] = {}
    row = AppInstallation.objects.unscoped("test").filter(region=region, app_key=KEY).first()
    if row is not None:
        config = dict(row.config)
    if brand is not None:
        config["brand"] = {**b.DEFAULT_BRAND, **brand}
    return enable_app(Scope.system("test"), region, KEY, config)


# -- contrast ------------------------------------------------------------------------------


def test_luminance_and_contrast_follow_wcag() -> None:
    assert b.relative_luminance("#000000") == 0
    assert b.relative_luminance("#ffffff") == pytest.approx(1)
    assert b.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert b.contrast("#ffffff", "#000000") == pytest.approx(21)
    assert b.contrast("#777777", "#777777") == pytest.approx(1)
    # Reference values of the WCAG examples (WebAIM's checker): #767676 on white is 4.54:1.
    assert b.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert b.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    with pytest.raises(ValueError):
        b.relative_luminance("red")


@pytest.mark.parametrize(
    "colour", ["#000000", "#ffffff", "#777777", "#f2c200", "#0b5d3b", "#ff0000"]
)
def test_the_automatic_text_colour_always_reaches_4_5(colour: str) -> None:
    text = b.best_text(colour)
    assert text in (b.BLACK, b.WHITE)
    assert b.contrast(colour, text) >= b.MIN_TEXT_CONTRAST
    other = b.WHITE if text == b.BLACK else b.BLACK
    assert b.contrast(colour, text) >= b.contrast(colour, other)


def test_a_chosen_text_colour_below_4_5_is_replaced() -> None:
    assert b.text_on("#0b5d3b", "#f2c200") == "#f2c200"  # 5.2:1, kept
    assert b.contrast("#0b5d3b", "#2e7d32") < 4.5
    assert b.text_on("#0b5d3b", "#2e7d32") == b.WHITE


# -- the schema's local part -----------------------------------------------------------------


def test_brand_is_a_local_part_never_required() -> None:
    s = schema()
    assert s["properties"]["brand"] is b.BRAND_SCHEMA or s["properties"]["brand"] == b.BRAND_SCHEMA
    assert "brand" in policy.local_keys(s)
    assert "brand" not in s.get("required", [])


def test_adoption_and_merge_keep_the_adopters_brand() -> None:
    s = schema()
    semarang = {
        "brand": {**b.DEFAULT_BRAND, "name": {"id": "Semarang", "en": ""}, "primary": "#0b5d3b"}
    }
    kendal = {
        "brand": {**b.DEFAULT_BRAND, "name": {"id": "Kendal", "en": ""}, "primary": "#7a1f2b"}
    }
    assert policy.adopted(s, semarang, kendal)["brand"] == kendal["brand"]
    # An adopter without a brand gets the schema's default, never the publisher's.
    assert policy.adopted(s, semarang, None)["brand"] == b.DEFAULT_BRAND
    # Publishing leaves it out unless ticked.
    assert "brand" not in policy.published(s, semarang, [])
    theirs = {"brand": {**semarang["brand"], "primary": "#123456"}}
    merged = jsonmerge.three_way(semarang, kendal, theirs, policy.local_keys(s))
    assert merged.merged["brand"] == kendal["brand"] and not merged.conflicts


# -- the hook ----------------------------------------------------------------------------------


def test_no_brand_set_means_none(demo: Demo) -> None:
    enabled(demo.demak, b.DEFAULT_BRAND)
    app = get_app(KEY)
    assert app is not None
    ctx = region_context(app, demo.demak)
    assert ctx is not None and app.brand(ctx) is None
    assert platform_brand(demo.demak) is None


def test_hook_builds_the_brand_with_a_readable_text_colour(demo: Demo) -> None:
    enabled(
        demo.kendal,
        {
            "name": {"id": "Kabupaten Kendal", "en": ""},
            "tagline": {"id": "Kendal Beribadat", "en": ""},
            "logo": "0" * 32 + ".png",
            "primary": "#7A1F2B",
            "on_primary": "#8a2f3b",  # stored by hand, unreadable: replaced
            "accent": "#e8b923",
        },
    )
    found = platform_brand(demo.kendal)
    assert found is not None
    assert found.name == {"id": "Kabupaten Kendal", "en": "Kabupaten Kendal"}
    assert found.primary == "#7a1f2b" and found.on_primary == b.WHITE
    assert found.logo_url == f"/r/kendal/{KEY}/brand/logo/{'0' * 32}.png"
    # Cached per process, forgotten when the installation changes.
    enabled(demo.kendal, {"name": {"id": "Kendal Baru", "en": ""}, "primary": "#ffffff"})
    again = platform_brand(demo.kendal)
    assert again is not None and again.name["id"] == "Kendal Baru" and again.on_primary == b.BLACK


# -- the form and the logo -----------------------------------------------------------------------


def test_form_refuses_unreadable_text_colour_with_a_clear_message() -> None:
    form = BrandForm({"name_id": "Kendal", "primary": "#7a1f2b", "on_primary": "#8a2f3b"})
    assert not form.is_valid()
    message = " ".join(str(e) for e in form.errors["on_primary"])
    assert "4.5:1" in message and "#8a2f3b" in message


@pytest.mark.parametrize(
    ("field", "value"),
    [("primary", "red"), ("accent", "#12345"), ("tagline_id", "a\x00b"), ("name_id", "x" * 81)],
)
def test_form_refuses_bad_values(field: str, value: str) -> None:
    form = BrandForm({"name_id": "Kendal", field: value})
    assert not form.is_valid() and field in form.errors


def _admin(demo: Demo, slug: str) -> Any:
    return demo.client_for(f"admin-{slug}")


def _post(client: Any, slug: str, **data: Any) -> Any:
    body = {
        "name_id": "Kabupaten Kendal",
        "name_en": "Kendal Regency",
        "tagline_id": "Kendal Beribadat",
        "tagline_en": "",
        "primary": "#7a1f2b",
        "on_primary": "",
        "accent": "#e8b923",
        **data,
    }
    return client.post(f"/console/{slug}/{KEY}/brand/", body)


def _files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_admin_sets_the_brand_with_a_logo_exif_gone(demo: Demo, settings: Any) -> None:
    enabled(demo.kendal)
    client = _admin(demo, "kendal")
    page = client.get(f"/console/kendal/{KEY}/brand/")
    assert page.status_code == 200 and b'id="brand-form"' in page.content
    upload = SimpleUploadedFile("logo.jpg", png((1600, 800), exif=True), "image/jpeg")
    response = _post(client, "kendal", logo=upload)
    assert response.status_code == 302, response.content[:2000]
    row = AppInstallation.objects.unscoped("test").get(region=demo.kendal, app_key=KEY)
    stored = row.config["brand"]
    assert stored["primary"] == "#7a1f2b" and b.LOGO_NAME.match(stored["logo"])
    files = _files(settings)
    assert len(files) == 1
    with Image.open(files[0]) as img:
        assert img.format == "PNG" and max(img.size) == 512
        assert not img.getexif() and "exif" not in img.info
    assert (
        AuditEntry.objects.unscoped("test")
        .filter(region=demo.kendal, app_key=KEY, action="config.changed")
        .exists()
    )
    # The logo is public, cached for long, named by its content.
    logo = client.get(b.logo_url("kendal", stored["logo"]))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert "immutable" in logo["Cache-Control"]
    assert client.get(f"/r/kendal/{KEY}/brand/logo/..%2f..%2fsecret.png").status_code == 404


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "not a picture",
        ),
        (png()[:40], "not a picture"),
    ],
    ids=["svg-script", "truncated"],
)
def test_a_broken_or_huge_logo_is_refused_and_nothing_is_written(
    demo: Demo, settings: Any, content: bytes, expected: str
) -> None:
    row = enabled(demo.kendal, {"name": {"id": "Kendal Lama", "en": ""}})
    before = dict(row.config)
    client = _admin(demo, "kendal")
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("logo.png", content, "image/png")
    response = _post(client, "kendal", logo=upload)
    assert response.status_code == 400
    text = response.content.decode()
    assert expected in text and 'id="brand-errors"' in text
    row.refresh_from_db()
    assert row.config == before
    assert _files(settings) == []


@override("en")
def test_a_logo_over_2_mb_is_refused_by_its_size() -> None:
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * MAX_LOGO_BYTES, "image/png")
    with pytest.raises(BrandInvalid, match="larger than 2 MB"):
        clean_logo(big)
    # A file that claims a small size but streams more is cut off at the limit too.
    stream = io.BytesIO(b"0" * (MAX_LOGO_BYTES + 5))
    stream.size = 10  # type: ignore[attr-defined]
    with pytest.raises(BrandInvalid, match="larger than 2 MB"):
        clean_logo(stream)


def test_a_huge_upload_is_refused_with_a_message_and_nothing_written(
    demo: Demo, settings: Any
) -> None:
    row = enabled(demo.kendal, {"name": {"id": "Kendal Lama", "en": ""}})
    before = dict(row.config)
    client = _admin(demo, "kendal")
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("huge.png", b"\x89PNG" + b"0" * (5 * MAX_LOGO_BYTES), "image/png")
    response = _post(client, "kendal", logo=upload)
    # Refused at the edge (the body limit of the address, 413) or by the form (400), each
    # saying why; which one depends on the body limit configured for console uploads.
    assert response.status_code in (400, 413)
    expected = b"larger than 2 MB" if response.status_code == 400 else b"too large"
    assert expected in response.content
    row.refresh_from_db()
    assert row.config == before and _files(settings) == []


def test_a_decompression_bomb_is_refused(demo: Demo, settings: Any) -> None:
    enabled(demo.kendal)
    img = Image.new("1", (6000, 6000))  # 36 megapixels in a few kB
    out = io.BytesIO()
    img.save(out, "PNG")
    client = _admin(demo, "kendal")
    client.cookies["django_language"] = "en"
    response = _post(client, "kendal", logo=SimpleUploadedFile("bomb.png", out.getvalue()))
    assert response.status_code == 400 and b"too many pixels" in response.content
    assert _files(settings) == []


def test_only_the_region_admin_sets_the_brand(demo: Demo) -> None:
    enabled(demo.semarang)
    staff = demo.client_for("dpu-semarang")
    assert staff.get(f"/console/semarang/{KEY}/brand/").status_code == 403
    assert _post(staff, "semarang").status_code == 403
    # Another region's admin does not reach Semarang's page.
    assert _admin(demo, "kendal").get(f"/console/semarang/{KEY}/brand/").status_code == 403
