"""Bundles: signed export, verified import, refusals that leave the installation as it was."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.utils.translation import override

from kotacerdas.catalog.models import TrustedKey, Variant, VariantVersion
from kotacerdas.catalog.services import bundles
from kotacerdas.catalog.services.errors import BundleRefused
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.core.tenancy import Scope
from tests.catalog.conftest import APP, Story


def rewrite(data: bytes, **replace: bytes | None) -> bytes:
    """The bundle with some files replaced (or dropped with None), sums left as they were."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if name in replace:
                if replace[name] is not None:
                    dst.writestr(name, replace[name])  # type: ignore[arg-type]
            else:
                dst.writestr(name, src.read(name))
    return out.getvalue()


def counts() -> tuple[int, int]:
    return (Variant.objects.unscoped("t").count(), VariantVersion.objects.unscoped("t").count())


SYSTEM = Scope.system("test: the platform admin imports")


@pytest.fixture
def exported(story: Story) -> bytes:
    data = bundles.export(story.v1)
    # Make this installation forget the variant, as if it were another one.
    Variant.objects.unscoped("t").filter(pk=story.v1.variant_id).delete()
    return data


def test_export_is_signed_and_imports_back(exported: bytes, story: Story) -> None:
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        assert set(archive.namelist()) == {
            "manifest.json",
            "config.json",
            "SHA256SUMS",
            "SHA256SUMS.sig",
        }
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["publisher"]["code"] == "33.74"
    result = bundles.import_bundle(exported, SYSTEM)
    assert result.state == "verified" and not result.copy
    assert result.version.variant.region == story.demo.semarang
    assert result.version.config == story.v1.config
    assert not TrustedKey.objects.exists()  # nothing is pinned, ever


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        ({"config.json": b'{"target_parks": 99}'}, "changed after it was signed", "file"),
        ({"SHA256SUMS.sig": None}, "33.74", "publisher"),
        ({"SHA256SUMS.sig": b"x" * 64}, "33.74", "publisher"),
    ],
)
def test_tampered_or_unsigned_bundles_are_refused(
    exported: bytes, change: dict[str, bytes | None], message: str, field: str
) -> None:
    before = counts()
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(rewrite(exported, **change), SYSTEM, trust_unsigned=True)
    assert message in refused.value.message
    assert refused.value.field == field
    assert counts() == before


def test_a_bundle_for_an_app_or_version_we_lack_is_refused(exported: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    for app, field in (
        ({"key": "no-such-app", "version": "1.0.0"}, "app.key"),
        ({"key": APP, "version": "7.0.0"}, "app.version"),
    ):
        forged = rewrite(
            exported, **{"manifest.json": json.dumps({**manifest, "app": app}).encode()}
        )
        before = counts()
        with pytest.raises(BundleRefused) as refused:
            bundles.import_bundle(forged, SYSTEM, trust_unsigned=True)
        assert refused.value.field == field
        assert counts() == before


def test_not_a_bundle_at_all(story: Story) -> None:
    with override("en"), pytest.raises(BundleRefused) as refused:
        bundles.import_bundle(b"hello", SYSTEM)
    assert "not a kotacerdas bundle" in refused.value.message


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KOTACERDAS_DATA_DIR": str(data_dir), "PYTHONPATH": "tests/plugins"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "kotacerdas", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_bundle_from_one_data_folder_imports_into_a_fresh_one(tmp_path: Path) -> None:
    """Two installations (data folders): Semarang's on one, a fresh one that has never seen it."""
    origin, fresh, file = tmp_path / "origin", tmp_path / "fresh", tmp_path / "taman.kcbundle"
    for folder in (origin, fresh):
        assert _cli(folder, "migrate").returncode == 0
    seeded = _cli(origin, "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    script = (
        "from kotacerdas.catalog.services.publishing import publish;"
        "from kotacerdas.core.models import Region;"
        "from kotacerdas.core.tenancy import Scope;"
        "publish(Scope.system('test'), Region.objects.get(slug='semarang'), 'contoh-taman',"
        " version='3.1.0', changelog='Taman baru', sharing='public')"
    )
    assert _cli(origin, "shell", "-c", script).returncode == 0
    out = _cli(
        origin,
        "bundle",
        "export",
        "--variant",
        "semarang/contoh-taman",
        "--version",
        "3.1.0",
        "-o",
        str(file),
    )
    assert out.returncode == 0, out.stderr
    # The fresh installation has the regions (its own demo) but not this variant, and does
    # not know origin's key for Semarang: the bundle is refused until it is registered.
    assert _cli(fresh, "seed-demo").returncode == 0
    unknown = _cli(fresh, "bundle", "import", str(file))
    assert unknown.returncode != 0
    assert "publisher" in unknown.stderr and "33.74" in unknown.stderr
    key = _cli(origin, "bundle", "key", "--region", "semarang")
    assert key.returncode == 0, key.stderr
    pem = tmp_path / "semarang.pem"
    pem.write_text(key.stdout)
    registered = _cli(fresh, "bundle", "register-key", "--region", "semarang", str(pem))
    assert registered.returncode == 0, registered.stderr
    tampered = tmp_path / "tampered.kcbundle"
    tampered.write_bytes(rewrite(file.read_bytes(), **{"config.json": b"{}"}))
    refused = _cli(fresh, "bundle", "import", str(tampered))
    assert refused.returncode != 0
    # The command speaks the platform's default language, Indonesian.
    assert "diubah setelah ditandatangani" in refused.stderr
    assert "Traceback" not in refused.stderr
    imported = _cli(fresh, "bundle", "import", str(file))
    assert imported.returncode == 0, imported.stderr
    assert "v3.1.0 from Kota Semarang" in imported.stdout
    assert "(verified)" in imported.stdout
    check = _cli(
        fresh,
        "shell",
        "-c",
        "from kotacerdas.catalog.models import VariantVersion as V;"
        "print(V.objects.unscoped('t').filter(version='3.1.0').count())",
    )
    assert check.stdout.strip().splitlines()[-1] == "1"


def test_export_needs_a_published_version(story: Story) -> None:
    other = publish(
        story.semarang, story.demo.semarang, APP, version="1.0.1", changelog="x", sharing="public"
    )
    data = bundles.export(other)
    assert bundles.verify(data).verified
