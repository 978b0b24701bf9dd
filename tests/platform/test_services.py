"""The platform's services for apps: every enabled app's datasets, handoffs between apps."""

from __future__ import annotations

from dataclasses import dataclass

from kotacerdas.contract import AppContext, Intake, Receipt, get_app, platform_services
from kotacerdas.contract.services import PlatformServices
from kotacerdas.core.models import AppInstallation
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context
from kotacerdas.platform.services import Services
from tests.conftest import Demo


def test_the_platform_installs_its_services_when_django_starts() -> None:
    services: PlatformServices = platform_services()
    assert isinstance(services, Services)


def test_region_datasets_asks_every_enabled_app_with_its_own_context(demo: Demo) -> None:
    found = platform_services().region_datasets(demo.semarang)
    by_app = {key: ds for key, ds in found if key == "contoh-taman"}
    dataset = by_app["contoh-taman"]
    assert dataset.name == "taman-kota" and dataset.opd == "dlh"
    rows = list(dataset.tables[0].rows())
    app = get_app("contoh-taman")
    assert app is not None
    ctx = region_context(app, demo.semarang)
    assert ctx is not None
    # The rows are the region's own parks, read with the app's context for that region.
    assert [r[0] for r in rows] == [p.name for p in ctx.config.parks]  # type: ignore[attr-defined]


def test_an_app_the_region_switched_off_gives_no_datasets(demo: Demo) -> None:
    installs = AppInstallation.objects.unscoped("test switches the example app off")
    installs.filter(region=demo.kendal, app_key="contoh-taman").update(enabled=False)
    try:
        keys = {key for key, _ in platform_services().region_datasets(demo.kendal)}
        assert "contoh-taman" not in keys
    finally:
        installs.filter(region=demo.kendal, app_key="contoh-taman").update(enabled=True)


@dataclass(frozen=True)
class Note:
    text: str


def test_hand_off_reaches_the_app_that_takes_the_kind_as_the_same_caller(
    demo: Demo, monkeypatch: object
) -> None:
    app = get_app("contoh-taman")
    assert app is not None
    received: list[tuple[AppContext[object], Note]] = []

    def receive(ctx: AppContext[object], payload: Note) -> Receipt:
        received.append((ctx, payload))
        return Receipt(ctx.app_key, "T-1", f"/console/{ctx.region.slug}/contoh-taman/")

    monkeypatch.setattr(  # type: ignore[attr-defined]
        type(app), "intakes", lambda self: [Intake("test-note", receive)]
    )
    scope = Scope.for_user(demo.user("admin-semarang"))
    sender = region_context(app, demo.semarang, scope)
    assert sender is not None
    services = platform_services()
    assert services.accepts(demo.semarang, "test-note")
    assert not services.accepts(demo.semarang, "no-such-kind")
    receipt = services.hand_off(sender, "test-note", Note("pohon tumbang"))
    assert receipt == Receipt("contoh-taman", "T-1", "/console/semarang/contoh-taman/")
    ctx, payload = received[0]
    assert payload == Note("pohon tumbang")
    assert ctx.region == demo.semarang and ctx.scope is scope  # the caller's own scope
    assert services.hand_off(sender, "no-such-kind", Note("x")) is None
