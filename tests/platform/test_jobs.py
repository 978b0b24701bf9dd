"""Jobs run once per region with that region's context; one region's failure stops no other."""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import PeriodicJob, get_app
from kotacerdas.platform.jobs import RegisteredJob, run_job
from tests.conftest import Demo


def test_a_per_region_job_gets_each_regions_context(demo: Demo) -> None:
    app = get_app("contoh-taman")
    assert app is not None
    seen: list[tuple[str, bool]] = []

    def job(ctx: Any) -> None:
        seen.append((ctx.region.slug, ctx.scope.can_read_private(demo.kendal.pk)))
        if ctx.region.slug == "demak":
            raise ValueError("broken in Demak")

    failures = run_job(RegisteredJob(app, PeriodicJob("probe", 60, job)))
    slugs = [slug for slug, _ in seen]
    assert "semarang" in slugs and "kendal" in slugs and "demak" in slugs
    # Each run reaches its own region only: Kendal's data only in Kendal's run.
    assert all(reaches == (slug == "kendal") for slug, reaches in seen)
    assert len(failures) == 1 and failures[0].startswith("demak:")


def test_a_platform_job_runs_once(demo: Demo) -> None:
    app = get_app("contoh-taman")
    assert app is not None
    calls: list[int] = []
    entry = RegisteredJob(app, PeriodicJob("once", 60, lambda: calls.append(1), per_region=False))
    assert run_job(entry) == []
    assert calls == [1]
