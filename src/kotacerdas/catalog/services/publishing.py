"""Publishing a region's configuration of an app as a new version of its variant.

A version stores the configuration's policy only; each local part (markets, stations,
contacts, branding: ``catalog.policy``) goes with it only when the publisher ticks it
(``include_local``)."""

from __future__ import annotations

from django.db import transaction

from kotacerdas.catalog import policy, semver
from kotacerdas.catalog.models import Branding, Lineage, Variant, VariantVersion
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import check_sharing
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.installations import NotAllowed, require_app


def publish(
    scope: Scope,
    region: Region,
    app_key: str,
    *,
    version: str,
    changelog: str,
    sharing: str,
    name: str = "",
    user_id: int | None = None,
    include_local: list[str] | tuple[str, ...] = (),
) -> VariantVersion:
    """Snapshot the running configuration's policy (plus the local parts named in
    ``include_local``) and the logo as ``version``; semver must increase."""
    app = require_app(app_key)
    local = policy.local_keys(app.manifest.config_schema)
    for key in include_local:
        if key not in local:
            raise CatalogError(
                f"{key!r} is not one of this app's local parts ({', '.join(sorted(local))})",
                "include_local",
            )
    if not scope.is_region_admin(region.pk):
        raise NotAllowed(f"only an admin of {region.name} may publish its variants")
    version = version.strip()
    try:
        semver.parse(version)
    except ValueError as exc:
        raise CatalogError(str(exc), "version") from None
    if not changelog.strip():
        raise CatalogError("a changelog is required: say what changed in this version", "changelog")
    if sharing not in Variant.Scope.values:
        raise CatalogError(
            f"sharing scope must be one of {', '.join(Variant.Scope.values)}", "sharing"
        )
    check_sharing(region, app_key, sharing)  # never wider than the upstream allows
    installation = (
        AppInstallation.objects.scoped(scope, Action.CHANGE)
        .filter(region=region, app_key=app_key, enabled=True)
        .first()
    )
    if installation is None:
        raise CatalogError(f"{app_key} is not enabled for {region.name}", "app")
    with transaction.atomic():
        variants = Variant.objects.scoped(scope, Action.CHANGE)
        variant = (
            variants.select_for_update()
            .filter(region=region, app_key=app_key, imported_from_code="")
            .first()
        )
        if variant is not None:
            latest = variant.latest()
            if latest is not None and semver.parse(version) <= latest.semver:
                raise CatalogError(
                    f"version {version} must be higher than the latest, {latest.version}", "version"
                )
            variant.sharing = sharing
            variant.name = name.strip() or variant.name
            variant.save(update_fields=["sharing", "name"])
        else:
            lineage = Lineage.objects.scoped(scope).filter(region=region, app_key=app_key).first()
            variant = variants.create(
                region=region,
                app_key=app_key,
                name=name.strip() or f"{app.manifest.label('id')} {region.name}",
                sharing=sharing,
                derived_from=lineage.upstream if lineage else None,
            )
        branding = Branding.objects.scoped(scope).filter(region=region, app_key=app_key).first()
        return VariantVersion.objects.scoped(scope, Action.CHANGE).create(
            variant=variant,
            version=version,
            changelog=changelog.strip(),
            config=policy.published(
                app.manifest.config_schema, installation.config, list(include_local)
            ),
            app_version=installation.app_version,
            logo=bytes(branding.logo) if branding else b"",
            logo_type=branding.logo_type if branding else "",
            published_by_id=user_id,
        )
