"""Trust and limits of bundle imports: who may write where, registered keys (no pinning),
manifest validation field by field, size limits and zip bombs, logos; all audited."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import struct
import tracemalloc
import zipfile
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override
from PIL import Image

from kotacerdas.catalog.models import Branding, SigningKey, Variant, VariantVersion
from kotacerdas.catalog.services import bundles, signing
from kotacerdas.catalog.services.errors import BundleRefused
from kotacerdas.catalog.services.visibility import today
from kotacerdas.core.models.audit import AuditEntry
from kotacerdas.core.tenancy import Scope
from tests.catalog.conftest import APP, Story

SYSTEM = Scope.system("test: the platform admin imports")


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def pack(
    files: dict[str, bytes], sign_with: Ed25519PrivateKey | None = None, sums: bool = True
) -> bytes:
    """A bundle of ``files`` (manifest as given), re-summed and signed by ``sign_with``."""
    content = {n: d for n, d in files.items() if n not in (bundles.SUMS, bundles.SIGNATURE)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            archive.writestr(name, data)
        if sums:
            digest = bundles._sums(content)
            archive.writestr(bundles.SUMS, digest)
            if sign_with is not None:
                archive.writestr(bundles.SIGNATURE, sign_with.sign(digest))
    return out.getvalue()


def manifest_of(data: bytes) -> dict[str, Any]:
    return dict(json.loads(unpack(data)["manifest.json"]))


def with_manifest(data: bytes, sign_with: Ed25519PrivateKey | None = None, **parts: Any) -> bytes:
    files = unpack(data)
    manifest = json.loads(files["manifest.json"])
    for part, value in parts.items():
        if isinstance(value, dict) and isinstance(manifest.get(part), dict):
            manifest[part] = {**manifest[part], **value}
        else:
            manifest[part] = value
    if sign_with is not None:
        manifest["publisher"]["public_key"] = signing.public_pem(sign_with.public_key())
    files["manifest.json"] = json.dumps(manifest).encode()
    return pack(files, sign_with, sums=sign_with is not None)


def counts() -> tuple[int, int]:
    return (Variant.objects.unscoped("t").count(), VariantVersion.objects.unscoped("t").count())


def audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.unscoped("t").filter(action=action).order_by("id"))


@pytest.fixture
def genuine(story: Story) -> bytes:
    """Semarang's own signed export of v1.0.1 (not yet imported anywhere)."""
    v = story.publish_semarang("1.0.1")
    data = bundles.export(v)
    VariantVersion.objects.unscoped("t").filter(pk=v.pk).delete()
    return data


def semarang_versions(story: Story) -> list[str]:
    return sorted(
        VariantVersion.objects.unscoped("t")
        .filter(variant__region=story.demo.semarang, variant__imported_from_code="")
        .values_list("version", flat=True)
    )


# --- who may write where ---------------------------------------------------------------


def test_kendal_importing_semarangs_bundle_gets_an_imported_copy(
    story: Story, genuine: bytes
) -> None:
    before = semarang_versions(story)
    result = bundles.import_bundle(genuine, story.kendal, story.demo.kendal, user_id=None)
    assert result.copy and result.state == "verified"
    copy = result.version.variant
    assert copy.region == story.demo.kendal
    assert copy.imported_from_code == "33.74"
    assert copy.imported_from_name == "Kota Semarang"
    assert copy.name.startswith("Salinan impor: ")
    assert copy.derived_from is None or copy.derived_from.variant.region == story.demo.semarang
    assert semarang_versions(story) == before  # Semarang's variant is untouched
    [entry] = audit("catalog.imported")
    assert entry.region_id == story.demo.kendal.pk
    assert entry.detail["copy"] is True and entry.detail["state"] == "verified"
    assert entry.detail["publisher"]["code"] == "33.74"


def test_the_platform_admin_imports_as_the_publisher(story: Story, genuine: bytes) -> None:
    result = bundles.import_bundle(genuine, SYSTEM)
    assert not result.copy and result.state == "verified"
    assert result.version.variant.region == story.demo.semarang
    assert "1.0.1" in semarang_versions(story)


def test_a_region_admin_may_not_import_into_another_region(story: Story, genuine: bytes) -> None:
    before = counts()
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(genuine, story.kendal, story.demo.semarang)
    assert refused.value.field == "region"
    assert "Kota Semarang" in refused.value.message
    assert counts() == before
    assert audit("catalog.import_refused")


def test_semarangs_admin_imports_its_own_bundle_into_its_variant(
    story: Story, genuine: bytes
) -> None:
    result = bundles.import_bundle(genuine, story.semarang, story.demo.semarang)
    assert not result.copy
    assert "1.0.1" in semarang_versions(story)


# --- forged publishers, no pinning ------------------------------------------------------


def test_forged_publisher_without_a_signature_is_refused(story: Story, genuine: bytes) -> None:
    files = unpack(genuine)
    files["config.json"] = json.dumps({**story.v1.config, "target_parks": 1}).encode()
    unsigned = pack({n: d for n, d in files.items() if n != bundles.SIGNATURE})
    before, versions = counts(), semarang_versions(story)
    for trust in (False, True):
        with override("en"), pytest.raises(BundleRefused) as refused:
            bundles.import_bundle(unsigned, story.kendal, story.demo.kendal, trust_unsigned=trust)
        assert refused.value.field == "publisher"
        assert "publisher" in refused.value.message and "33.74" in refused.value.message
    assert counts() == before and semarang_versions(story) == versions
    entries = audit("catalog.import_refused")
    assert len(entries) == 2
    assert entries[0].region_id == story.demo.kendal.pk
    assert entries[0].detail["field"] == "publisher"
    assert entries[0].detail["publisher"]["code"] == "33.74"


def forged_with_fresh_key(genuine: bytes) -> bytes:
    fresh = Ed25519PrivateKey.generate()
    return with_manifest(genuine, sign_with=fresh, version={"version": "9.9.9"})


def test_forged_publisher_with_a_fresh_keys_signature_is_refused(
    story: Story, genuine: bytes
) -> None:
    forged = forged_with_fresh_key(genuine)
    before, versions = counts(), semarang_versions(story)
    for scope, region in ((story.kendal, story.demo.kendal), (SYSTEM, None)):
        with override("en"), pytest.raises(BundleRefused) as refused:
            bundles.import_bundle(forged, scope, region, trust_unsigned=True)
        assert refused.value.field == "publisher"
        assert "33.74" in refused.value.message
        assert "verified" not in refused.value.message.replace("unverified", "")
    assert counts() == before and semarang_versions(story) == versions


def test_no_key_is_pinned_semarangs_genuine_export_still_imports(
    story: Story, genuine: bytes
) -> None:
    keys_before = list(SigningKey.objects.unscoped("t").values_list("fingerprint", flat=True))
    with pytest.raises(BundleRefused):
        bundles.import_bundle(forged_with_fresh_key(genuine), SYSTEM, trust_unsigned=True)
    keys_after = list(SigningKey.objects.unscoped("t").values_list("fingerprint", flat=True))
    assert keys_after == keys_before  # the forger's key was not registered anywhere
    result = bundles.import_bundle(genuine, SYSTEM)
    assert result.state == "verified"
    assert "1.0.1" in semarang_versions(story)


def foreign(genuine: bytes, key: Ed25519PrivateKey | None) -> bytes:
    """A bundle from a publisher that is not a region of this installation."""
    return with_manifest(
        genuine, sign_with=key, publisher={"code": "35.78", "name": "Kota Surabaya"}
    )


def test_an_unknown_key_is_unverified_never_verified(story: Story, genuine: bytes) -> None:
    signed_by_stranger = foreign(genuine, Ed25519PrivateKey.generate())
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(signed_by_stranger, story.kendal, story.demo.kendal)
    assert refused.value.field == "signature"
    assert "unverified" in refused.value.message
    result = bundles.import_bundle(
        signed_by_stranger, story.kendal, story.demo.kendal, trust_unsigned=True
    )
    assert result.state == "unverified" and result.copy
    assert result.version.variant.region == story.demo.kendal
    assert result.version.variant.imported_from_name == "Kota Surabaya"
    assert (
        not SigningKey.objects.unscoped("t")
        .filter(
            fingerprint=signing.fingerprint(
                manifest_of(signed_by_stranger)["publisher"]["public_key"]
            )
        )
        .exists()
    )


def test_an_unsigned_foreign_bundle_needs_consent_and_a_region(
    story: Story, genuine: bytes
) -> None:
    unsigned = foreign(genuine, None)
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(unsigned, story.kendal, story.demo.kendal)
    assert "not signed" in refused.value.message
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(unsigned, SYSTEM, None, trust_unsigned=True)
    assert refused.value.field == "region"
    result = bundles.import_bundle(unsigned, story.kendal, story.demo.kendal, trust_unsigned=True)
    assert result.state == "unverified" and result.copy


def test_a_foreign_signature_that_does_not_verify_is_refused(story: Story, genuine: bytes) -> None:
    files = unpack(foreign(genuine, Ed25519PrivateKey.generate()))
    files[bundles.SIGNATURE] = b"x" * 64
    broken = pack(files)  # re-summed, then the signature replaced below
    files = unpack(broken)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(bundles.SIGNATURE, b"x" * 64)
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(out.getvalue(), story.kendal, story.demo.kendal, trust_unsigned=True)
    assert refused.value.field == "signature"
    assert "does not verify" in refused.value.message


# --- keys: register, rotate with overlap, retire ------------------------------------------


def test_keys_register_rotate_and_retire_are_audited(story: Story, genuine: bytes) -> None:
    semarang = story.demo.semarang
    old = signing.signing_key(semarang)
    with override("en"), pytest.raises(signing.KeyRefused) as refused:
        signing.register_key(story.semarang, semarang, "not a key")
    assert refused.value.field == "public_key"
    with pytest.raises(signing.KeyRefused) as refused:
        signing.register_key(story.kendal, semarang, signing.public_pem(old_public(old)))
    assert refused.value.field == "region"
    new = signing.generate_key(story.semarang, semarang, label="2027")
    assert signing.signing_key(semarang) == new  # the newest pair signs exports
    # Overlap: the old key stays valid until tomorrow; its bundle still imports.
    signing.retire_key(story.semarang, semarang, old.pk, today() + dt.timedelta(days=1))
    assert bundles.verify(genuine).verified
    # Then it is retired: the old bundle is refused, naming the publisher.
    signing.retire_key(story.semarang, semarang, old.pk, None)
    with pytest.raises(BundleRefused) as refused_bundle:
        bundles.verify(genuine)
    assert refused_bundle.value.field == "publisher"
    with pytest.raises(signing.KeyRefused):
        signing.retire_key(story.kendal, semarang, new.pk, None)
    with pytest.raises(signing.KeyRefused):
        signing.retire_key(story.semarang, semarang, "x", None)
    registered = [e.detail["fingerprint"] for e in audit("catalog.key_registered")]
    assert old.fingerprint in registered and new.fingerprint in registered
    retired = audit("catalog.key_retired")
    assert [e.detail["now"] for e in retired] == [False, True]
    assert all(e.region_id == semarang.pk for e in retired)


def old_public(key: SigningKey) -> Any:
    return signing.load_public(key.public_pem)


def test_a_registered_public_key_verifies_bundles_signed_elsewhere(
    story: Story, genuine: bytes
) -> None:
    offline = Ed25519PrivateKey.generate()
    bundle = with_manifest(genuine, sign_with=offline)
    with pytest.raises(BundleRefused):
        bundles.verify(bundle)
    key = signing.register_key(
        story.semarang, story.demo.semarang, signing.public_pem(offline.public_key())
    )
    assert not key.can_sign
    checked = bundles.verify(bundle)
    assert checked.verified and checked.key == key
    with pytest.raises(signing.KeyRefused):  # the same key twice
        signing.register_key(
            story.semarang, story.demo.semarang, signing.public_pem(offline.public_key())
        )


def test_keys_console_page(story: Story) -> None:
    url = f"/console/{story.demo.semarang.slug}/catalog/keys/"
    admin = story.demo.client_for("admin-semarang")
    assert admin.get(url).status_code == 200
    outsider = story.demo.client_for("admin-kendal")
    assert outsider.post(url, {"action": "generate"}).status_code == 403
    page = admin.post(url, {"action": "register", "public_key": "hello"})
    assert page.status_code == 200
    assert b"field-error" in page.content
    assert not audit("catalog.key_registered")
    pem = signing.public_pem(Ed25519PrivateKey.generate().public_key())
    upload = SimpleUploadedFile("k.pem", pem.encode())
    done = admin.post(url, {"action": "register", "key_file": upload, "label": "offline"})
    assert done.status_code == 302
    assert admin.post(url, {"action": "generate", "label": "new"}).status_code == 302
    assert len(audit("catalog.key_registered")) == 2
    key = SigningKey.objects.unscoped("t").filter(label="offline").get()
    assert admin.post(url, {"action": "retire", "key": key.pk, "until": ""}).status_code == 302
    assert audit("catalog.key_retired")
    assert signing.fingerprint(pem).encode() in admin.get(url).content


# --- manifest validation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "field", "shown"),
    [
        ({"format": "zip/9"}, "format", "zip/9"),
        ({"app": {"key": "no-such-app"}}, "app.key", "no-such-app"),
        ({"app": {"version": "one"}}, "app.version", "one"),
        ({"app": {"version": "99.0.0"}}, "app.version", "99.0.0"),
        ({"version": {"version": "banana"}}, "version.version", "banana"),
        ({"version": {"version": "1.0"}}, "version.version", "1.0"),
        ({"version": {"changelog": "  "}}, "version.changelog", "empty"),
        ({"version": {"changelog": "x" * 5001}}, "version.changelog", "5000"),
        ({"variant": {"name": ""}}, "variant.name", "empty"),
        ({"variant": {"name": "x" * 121}}, "variant.name", "120"),
        ({"variant": {"name": "Taman\x00"}}, "variant.name", "control"),
        ({"variant": {"sharing": "everyone!!"}}, "variant.sharing", "everyone!!"),
        ({"publisher": {"code": "3374"}}, "publisher.code", "3374"),
        ({"publisher": {"code": "33.74.01"}}, "publisher.code", "33.74.01"),
        ({"publisher": {"name": 7}}, "publisher.name", "text"),
        ({"variant": "x"}, "variant", "object"),
    ],
)
def test_manifest_is_validated_field_by_field(
    story: Story, genuine: bytes, parts: dict[str, Any], field: str, shown: str
) -> None:
    bad = with_manifest(genuine, **parts)
    before = counts()
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(bad, story.kendal, story.demo.kendal, trust_unsigned=True)
    assert refused.value.field == field
    assert field in refused.value.message and shown in refused.value.message
    assert counts() == before
    [entry] = audit("catalog.import_refused")
    assert entry.detail["field"] == field


def test_a_config_that_is_not_an_object_is_refused(story: Story, genuine: bytes) -> None:
    files = unpack(genuine)
    files["config.json"] = b"[1, 2]"
    with pytest.raises(BundleRefused) as refused:
        bundles.verify(pack(files))
    assert refused.value.field == "config"


# --- limits and zip bombs ------------------------------------------------------------------


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def refused_field(data: bytes) -> BundleRefused:
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(data, SYSTEM, trust_unsigned=True)
    return refused.value


def test_an_oversize_bundle_is_refused(story: Story) -> None:
    refused = refused_field(b"PK" + b"\0" * (5 * 1024 * 1024))
    assert "5 MB" in refused.message and refused.field == "file"


def test_too_many_members_are_refused(story: Story, genuine: bytes) -> None:
    files = unpack(genuine)
    files.update({f"extra/{i}": b"x" for i in range(20)})
    refused = refused_field(pack(files))
    assert "at most 20" in refused.message


def test_honest_zip_bombs_are_refused_from_the_headers(story: Story, genuine: bytes) -> None:
    files = unpack(genuine)
    logo = refused_field(pack({**files, "assets/logo": b"\0" * (2 * 1024 * 1024)}))
    assert logo.field == "assets/logo" and "1 MB" in logo.message
    total = refused_field(pack({**files, "data.bin": b"\0" * (21 * 1024 * 1024)}))
    assert "20 MB" in total.message


def lying(data: bytes, name: str, claimed: int) -> bytes:
    """The zip with ``name``'s uncompressed size rewritten to ``claimed`` in both headers."""
    raw = bytearray(data)
    encoded = name.encode()
    # Local file header: signature PK\3\4, uncompressed size at offset 22.
    at = 0
    while (at := raw.find(b"PK\x03\x04", at)) != -1:
        length = struct.unpack_from("<H", raw, at + 26)[0]
        if raw[at + 30 : at + 30 + length] == encoded:
            struct.pack_into("<I", raw, at + 22, claimed)
        at += 4
    # Central directory: signature PK\1\2, uncompressed size at offset 24.
    at = 0
    while (at := raw.find(b"PK\x01\x02", at)) != -1:
        length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + length] == encoded:
            struct.pack_into("<I", raw, at + 24, claimed)
        at += 4
    return bytes(raw)


def test_a_zip_bomb_whose_headers_lie_does_not_allocate(story: Story, genuine: bytes) -> None:
    files = unpack(genuine)
    bomb = lying(pack({**files, "assets/logo": b"\0" * (200 * 1024 * 1024)}), "assets/logo", 100)
    assert len(bomb) < 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("assets/logo").file_size == 100  # the headers say 100 bytes
    tracemalloc.start()
    try:
        refused = refused_field(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.field in ("file", "assets/logo")
    assert peak < 30 * 1024 * 1024  # nowhere near 200 MB


def test_reading_is_capped_even_when_headers_claim_little(story: Story) -> None:
    """The running cap itself: a member that inflates past its cap is cut off."""
    big = zip_of({"assets/logo": b"\0" * (3 * 1024 * 1024)})
    info_lied = lying(big, "assets/logo", 1000)
    refused = refused_field(info_lied)
    assert refused.field in ("file", "assets/logo")


def noise_png() -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (64, 64), os.urandom(64 * 64 * 3)).save(out, "PNG")
    return out.getvalue()


def png(width: int, height: int, mode: str = "1") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("logo", "shown"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "not a readable image"),
        (noise_png()[:2000], "not a readable image"),
        (png(5000, 5000), "4096"),
    ],
    ids=["garbage", "truncated", "pixel-bomb"],
)
def test_a_broken_or_bomb_logo_is_refused(
    story: Story, genuine: bytes, logo: bytes, shown: str
) -> None:
    files = unpack(genuine)
    refused = refused_field(pack({**files, "assets/logo": logo}))
    assert refused.field == "assets/logo" and shown in refused.message


def test_a_good_logo_imports_with_its_detected_type(story: Story, genuine: bytes) -> None:
    files = unpack(foreign(genuine, None))
    result = bundles.import_bundle(
        pack({**files, "assets/logo": png(64, 64, "RGB")}, sums=False),
        story.kendal,
        story.demo.kendal,
        trust_unsigned=True,
    )
    assert result.version.logo_type == "image/png"


@pytest.mark.parametrize(
    ("logo", "shown"),
    [(b"\x89PNG\r\n\x1a\n" + b"\0" * 200, b"not a readable"), (png(5000, 5000), b"4096")],
    ids=["broken", "bomb"],
)
def test_console_logo_upload_refuses_broken_and_bomb_images(
    story: Story, logo: bytes, shown: bytes
) -> None:
    client = story.demo.client_for("admin-semarang")
    url = f"/console/{story.demo.semarang.slug}/catalog/{APP}/logo/"
    rows = Branding.objects.unscoped("t").filter(region=story.demo.semarang, app_key=APP)
    before = [(bytes(b.logo), b.logo_type) for b in rows]
    with override("en"):
        response = client.post(
            url, {"logo": SimpleUploadedFile("l.png", logo)}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(shown.decode() in m for m in messages), messages
    assert [(bytes(b.logo), b.logo_type) for b in rows] == before


# --- the console import ------------------------------------------------------------------


def test_console_import_by_kendal_makes_a_copy_and_refuses_forgeries(
    story: Story, genuine: bytes
) -> None:
    client = story.demo.client_for("admin-kendal")
    url = f"/console/{story.demo.kendal.slug}/catalog/"
    forged = client.post(
        url, {"bundle": SimpleUploadedFile("f.kcbundle", forged_with_fresh_key(genuine))}
    )
    assert forged.status_code == 200
    assert b"33.74" in forged.content and b"field-error" in forged.content
    done = client.post(url, {"bundle": SimpleUploadedFile("g.kcbundle", genuine)})
    assert done.status_code == 302
    copy = Variant.objects.unscoped("t").get(imported_from_code="33.74")
    assert copy.region == story.demo.kendal
    assert done["Location"].endswith(f"/catalog/variants/{copy.pk}/")
    page = client.get(done["Location"])
    assert page.status_code == 200 and b"imported-copy" in page.content
    assert [
        e.action
        for e in AuditEntry.objects.unscoped("t").filter(action__startswith="catalog.import")
    ] == [
        "catalog.imported",
        "catalog.import_refused",
    ]
