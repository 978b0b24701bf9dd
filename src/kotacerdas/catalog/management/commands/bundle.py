"""``kotacerdas bundle export|import|key``: variants between installations as signed files.

kotacerdas bundle export --variant semarang/aduan-warga --version 2.0.0 -o aduan.kcbundle
kotacerdas bundle import aduan.kcbundle                    # platform admin: as its publisher
kotacerdas bundle import aduan.kcbundle --region kendal [--trust-unsigned]
kotacerdas bundle key --region semarang        # the region's signing public key, to share
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.catalog.models import VariantVersion
from kotacerdas.catalog.services import bundles, signing
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope


def _region(ref: str) -> Region:
    region = Region.objects.filter(slug=ref).first() or Region.objects.filter(code=ref).first()
    if region is None:
        raise CommandError(f"no region has the slug or code {ref!r}")
    return region


class Command(BaseCommand):
    help = "Export a variant version to a signed bundle file, or import one."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("export", help="write a variant version to a bundle file")
        out.add_argument(
            "--variant", required=True, help="REGION/APP, such as semarang/aduan-warga"
        )
        out.add_argument("--version", required=True, help="the variant version, such as 2.0.0")
        out.add_argument("-o", "--output", required=True, help="the file to write")
        into = sub.add_parser("import", help="read a bundle file into this installation")
        into.add_argument("file")
        into.add_argument(
            "--region",
            default="",
            help="import as that region's admin would: into its own variant when the bundle is"
            " the region's, else as an imported copy inside it",
        )
        into.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="import an unverified bundle (unsigned or by an unknown key) as an imported"
            " copy; needs --region",
        )
        key = sub.add_parser("key", help="print a region's public key (PEM) and fingerprint")
        key.add_argument("--region", required=True)
        reg = sub.add_parser(
            "register-key", help="register a public key (PEM file) for a region (platform admin)"
        )
        reg.add_argument("--region", required=True)
        reg.add_argument("file", help="the PEM file, as printed by `bundle key` elsewhere")
        reg.add_argument("--label", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{str(options['action']).replace('-', '_')}")(options)
        except CatalogError as exc:
            raise CommandError(exc.message) from None

    def _export(self, options: dict[str, Any]) -> None:
        region_ref, _, app_key = str(options["variant"]).partition("/")
        region = _region(region_ref)
        version = (
            VariantVersion.objects.scoped(Scope.public())
            .select_related("variant__region")
            .filter(variant__region=region, variant__app_key=app_key, version=options["version"])
            .first()
        )
        if version is None:
            raise CommandError(
                f"{region.name} has published no version {options['version']} of {app_key!r}"
            )
        data = bundles.export(version)
        try:
            Path(options["output"]).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"cannot write {options['output']}: {exc.strerror}") from None
        self.stdout.write(f"wrote {options['output']} ({len(data)} bytes): {version}")

    def _import(self, options: dict[str, Any]) -> None:
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from None
        if options["region"]:
            region: Region | None = _region(options["region"])
            assert region is not None
            scope = Scope.region_system(region.pk, "bundle import --region: as its admin")
        else:
            region, scope = None, Scope.system("bundle import by the platform admin")
        result = bundles.import_bundle(
            data,
            scope,
            region,
            trust_unsigned=options["trust_unsigned"],
            actor_label="cli",
        )
        version = result.version
        what = "imported copy" if result.copy else "imported"
        self.stdout.write(
            f"{what} {version.variant.name} v{version.version} from"
            f" {version.variant.imported_from_name or version.variant.region.name}"
            f" into {version.variant.region.name} ({result.state})"
        )

    def _key(self, options: dict[str, Any]) -> None:
        pem = signing.signing_key(_region(options["region"])).public_pem
        self.stdout.write(pem.strip())
        self.stdout.write(f"fingerprint (SHA-256): {signing.fingerprint(pem)}")

    def _register_key(self, options: dict[str, Any]) -> None:
        region = _region(options["region"])
        try:
            pem = Path(options["file"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from None
        key = signing.register_key(
            Scope.system("bundle register-key by the platform admin"),
            region,
            pem,
            label=options["label"],
        )
        self.stdout.write(f"registered key {key.fingerprint} for {region.name}")
