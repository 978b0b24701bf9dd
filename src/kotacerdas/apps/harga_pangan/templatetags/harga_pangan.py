"""Rupiah, percentages, trend arrows and inline SVG sparklines for the price pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kotacerdas.apps.harga_pangan.config import Item

register = template.Library()

FLAT = 0.5  # percent: smaller moves show as unchanged


@register.filter
def rupiah(value: float | None) -> str:
    """Rp 12.500: Indonesian thousands separators."""
    if value is None:
        return "—"
    return "Rp " + f"{round(value):,}".replace(",", ".")


@register.filter
def pct(value: float | None) -> str:
    """+14,8 % on Indonesian pages, +14.8 % on English ones."""
    if value is None:
        return "—"
    text = f"{value:+.1f} %"
    return text if (get_language() or "id").lower().startswith("en") else text.replace(".", ",")


@register.filter
def arrow(value: float | None) -> SafeString:
    """▲ / ▼ / ▬ with a spoken label, for a change in percent."""
    if value is None:
        return format_html('<span class="hp-trend" title="{0}">·</span>', _("no data"))
    if value > FLAT:
        return format_html(
            '<span class="hp-trend up" role="img" aria-label="{0}">▲</span>', _("rising")
        )
    if value < -FLAT:
        return format_html(
            '<span class="hp-trend down" role="img" aria-label="{0}">▼</span>', _("falling")
        )
    return format_html(
        '<span class="hp-trend flat" role="img" aria-label="{0}">▬</span>', _("steady")
    )


@register.simple_tag
def sparkline(values: list[float], width: int = 120, height: int = 28) -> SafeString:
    """An inline SVG line of the values (oldest first); empty when fewer than two."""
    if len(values) < 2:
        return SafeString("")
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / (len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}"
        for i, v in enumerate(values)
    )
    return format_html(
        '<svg class="hp-spark" width="{0}" height="{1}" viewBox="0 0 {0} {1}" '
        'aria-hidden="true"><polyline points="{2}" fill="none" stroke="currentColor" '
        'stroke-width="1.5"/></svg>',
        width,
        height,
        points,
    )


@register.filter
def above(item: Item, price: float | None) -> bool:
    """``{% if item|above:price %}``: the price is above the item's HET/HAP."""
    return item.above_reference(price)


@register.simple_tag
def above_reference(item: Item) -> SafeString:
    """The "di atas HET" badge, with the reference price in its title."""
    return format_html(
        '<span class="hp-tier hp-above" data-hp-above title="{0}">{1}</span>',
        _("Reference price (%(kind)s): %(price)s")
        % {"kind": item.reference_kind, "price": rupiah(item.reference_price)},
        _("above %(kind)s") % {"kind": item.reference_kind},
    )
