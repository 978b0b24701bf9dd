"""System checks that turn a half-installed machine into one clear line."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register()
def vendor_assets_installed(app_configs: Any, **kwargs: Any) -> list[Warning]:
    missing = [prefix for prefix, path in settings.VENDOR_ASSETS.items() if not path.is_dir()]
    if not missing:
        return []
    return [
        Warning(
            f"front-end libraries missing: {', '.join(missing)}",
            hint="run `npm ci` in the repository root (make demo does it); maps and charts "
            "need them",
            id="kotacerdas.W001",
        )
    ]
