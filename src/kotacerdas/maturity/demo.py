"""The evaluation's part of the demo (connected to ``demo_seeded``): this year's template,
Semarang's team with two manual indicators filled (one approved, one waiting for the
province's review), and every demo region's scores computed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.maturity.compute import recompute
from kotacerdas.maturity.models import Entry, EntryState, Indicator
from kotacerdas.maturity.seed import seed_template

SYSTEM = "the demo fills the evaluation"


def seed_maturity(sender: Any = None, regions: list[Region] | None = None, **_: Any) -> None:
    template = seed_template(timezone.localdate().year)
    regions = regions or []
    semarang = next((r for r in regions if r.slug == "semarang"), None)
    if semarang is not None:
        scope = Scope.region_system(semarang.pk, SYSTEM)
        rows = Entry.objects.scoped(scope)
        for code, value, state, note in (
            ("G1", "4", EntryState.APPROVED, "Perwali Semarang tentang Masterplan Smart City"),
            ("S2", "3", EntryState.SUBMITTED, "Forum Semarang Smart City, rapat bulanan"),
        ):
            indicator = Indicator.objects.get(template=template, code=code)
            if not rows.filter(region=semarang, indicator=indicator).exists():
                now = timezone.now()
                Entry(
                    region=semarang,
                    indicator=indicator,
                    value=Decimal(value),
                    note=note,
                    state=state,
                    submitted_at=now,
                    accepted_value=Decimal(value) if state == EntryState.APPROVED else None,
                    reviewed_at=now if state == EntryState.APPROVED else None,
                ).save()
    for region in regions:
        recompute(region, template)
