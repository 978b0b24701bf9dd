"""What the platform does for apps, reached without importing the platform.

Apps sit below the platform in the layers, so they cannot import it; the platform installs
its implementation of :class:`PlatformServices` when Django starts
(``kotacerdas.platform.apps``) and apps call :func:`platform_services`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kotacerdas.contract.context import AppContext
    from kotacerdas.contract.datasets import Dataset
    from kotacerdas.contract.handoff import Receipt
    from kotacerdas.core.models import Region


class PlatformServices(Protocol):
    def region_datasets(self, region: Region) -> list[tuple[str, Dataset]]:
        """Every dataset of every app the region has enabled, as ``(app key, dataset)``,
        each app asked with its own system context for the region."""
        ...

    def accepts(self, region: Region, kind: str) -> bool:
        """True when an app enabled in ``region`` takes in work of ``kind``."""
        ...

    def hand_off(self, ctx: AppContext[Any], kind: str, payload: object) -> Receipt | None:
        """Give ``payload`` to the app of ``ctx.region`` that takes in ``kind``, as the same
        caller; ``None`` when no enabled app does."""
        ...


_installed: PlatformServices | None = None


def install(services: PlatformServices) -> None:
    global _installed
    _installed = services


def platform_services() -> PlatformServices:
    if _installed is None:
        raise RuntimeError("the platform has not installed its services (is Django set up?)")
    return _installed
