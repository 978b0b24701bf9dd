"""Template helpers of Aduan Warga."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from kotacerdas.apps.aduan_warga.queries import STATUS_COLOURS

register = template.Library()


@register.filter
def status_colour(status: str) -> str:
    colours = {str(k): v for k, v in STATUS_COLOURS.items()}
    return colours.get(status, "#64748b")


# History rows store stable codes; the page shows them in the reader's language.
ACTIONS = {
    "received": _("received"),
    "verify": _("verified"),
    "postpone": _("postponed"),
    "not_authority": _("not our authority"),
    "archive": _("archived"),
    "merge": _("merged"),
    "classify": _("classified"),
    "dispose": _("disposed"),
    "redispose": _("disposed again"),
    "note": _("internal note"),
    "follow_up": _("follow-up"),
    "resolve": _("resolved"),
    "confirm": _("confirmed by the reporter"),
    "reopen": _("reopened by the reporter"),
    "auto_close": _("closed automatically"),
    "escalate": _("escalated"),
    "reassign": _("moved to another agency"),
}
ACTORS = {"reporter": _("reporter"), "system": _("system")}


@register.filter
def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


@register.filter
def actor_label(label: str) -> str:
    return str(ACTORS.get(label, label))
