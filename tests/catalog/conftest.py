"""A catalog story on the example app: Semarang publishes Contoh Taman, Kendal adopts it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kotacerdas.catalog.models import Lineage, VariantVersion
from kotacerdas.catalog.services.adoption import adopt
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import update_config
from tests.conftest import Demo

APP = "contoh-taman"


def scope_of_user(demo: Demo, username: str) -> Scope:
    return Scope.for_user(demo.user(username))


def config_of(region: Region, key: str = APP) -> dict[str, object]:
    row = AppInstallation.objects.unscoped("test").get(region=region, app_key=key)
    return dict(row.config)


@dataclass
class Story:
    demo: Demo
    semarang: Scope
    kendal: Scope
    demak: Scope
    v1: VariantVersion

    def publish_semarang(self, version: str, **changes: object) -> VariantVersion:
        config = {**config_of(self.demo.semarang), **changes}
        update_config(self.semarang, self.demo.semarang, APP, config)
        return publish(
            self.semarang,
            self.demo.semarang,
            APP,
            version=version,
            changelog=f"changes for {version}",
            sharing="partners",
        )

    def kendal_adopts(self, mapping: dict[str, str] | None = None) -> Lineage:
        return adopt(self.kendal, self.demo.kendal, self.v1, mapping or {"dlh": "dlh"})


@pytest.fixture
def story(demo: Demo) -> Story:
    semarang = scope_of_user(demo, "admin-semarang")
    v1 = publish(
        semarang,
        demo.semarang,
        APP,
        version="1.0.0",
        changelog="first",
        sharing="partners",
        name="Taman Semarang",
    )
    return Story(
        demo, semarang, scope_of_user(demo, "admin-kendal"), scope_of_user(demo, "admin-demak"), v1
    )
