"""Raising an alert per commodity in a spike tier, and clearing it when prices ease.

This is the one place Harga Pangan's alerts come from: core alert rows, raised where the
region's averages change (every entry, import and API write of today's prices, and the
demo), read by the situation room like every other app's.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from kotacerdas.apps.harga_pangan.config import APP_KEY, HargaPanganConfig
from kotacerdas.apps.harga_pangan.queries import ItemTrend, trends
from kotacerdas.core.alerts import clear_alert, raise_alert
from kotacerdas.core.models import Region


def condition(item_key: str) -> str:
    return f"spike:{item_key}"


def evaluate_spikes(region: Region, config: HargaPanganConfig) -> list[ItemTrend]:
    """Bring the open spike alerts in line with today's averages; returns the items in spike."""
    spiking = []
    # Alert titles are stored text, read by everyone: write them in the platform language.
    with translation.override(settings.LANGUAGE_CODE):
        for trend in trends(region, config):
            if trend.tier is None:
                clear_alert(region, APP_KEY, condition(trend.item.key))
                continue
            spiking.append(trend)
            title = _("%(item)s up %(pct).1f %% (%(tier)s)") % {
                "item": trend.item.label,
                "pct": trend.change_percent,
                "tier": trend.tier.name,
            }
            detail = _("Region average Rp %(now)s against Rp %(base)s before.") % {
                "now": f"{round(trend.today or 0):,}".replace(",", "."),
                "base": f"{round(trend.baseline or 0):,}".replace(",", "."),
            }
            if trend.above_reference:
                detail += " " + _("Above its %(kind)s of Rp %(ref)s.") % {
                    "kind": trend.item.reference_kind,
                    "ref": f"{trend.item.reference_price:,}".replace(",", "."),
                }
            raise_alert(
                region,
                APP_KEY,
                condition(trend.item.key),
                trend.tier.severity,
                title,
                detail=detail,
                public=True,
                data={
                    "item": trend.item.key,
                    "tier": trend.tier.key,
                    "change_percent": round(trend.change_percent or 0, 2),
                    "above_reference": trend.above_reference,
                },
            )
    return spiking
