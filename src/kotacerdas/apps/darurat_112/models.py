"""Calls, incidents and dispatches of Darurat 112.

Personal data: the caller's number lives on :class:`Call` only (``caller_phone``); no model
here is public-read, and public pages, datasets, KPIs and public events read aggregates
that never carry it (nor the free-text description or address).

All times are stored in UTC and shown in WIB (Asia/Jakarta).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.core.tenancy import RegionOwned


class Outcome(models.TextChoices):
    OPEN = "open", _("Being taken")
    INCIDENT = "incident", _("New incident")
    ATTACHED = "attached", _("Same incident")
    INFORMATION = "information", _("Information")
    PRANK = "prank", _("Prank")
    SILENT = "silent", _("Silent")
    TEST = "test", _("Test")


NUISANCE = frozenset({Outcome.PRANK, Outcome.SILENT, Outcome.TEST})


class IncidentState(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class DispatchStatus(models.TextChoices):
    DISPATCHED = "dispatched", _("Dispatched")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("dispatch", "Acknowledged")
    EN_ROUTE = "en_route", _("En route")
    ON_SCENE = "on_scene", _("On scene")
    FINISHED = "finished", _("Finished")
    DECLINED = "declined", _("Declined")


DONE_STATUSES = frozenset({DispatchStatus.FINISHED, DispatchStatus.DECLINED})


class Incident(RegionOwned):
    """One emergency at one place; several calls may report it, several agencies respond."""

    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    type_key = models.CharField(_("incident type"), max_length=40)
    type_name = models.CharField(_("incident type name"), max_length=80)
    severity = models.CharField(_("severity"), max_length=10, default="warning")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    people = models.PositiveIntegerField(_("people involved"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=IncidentState.choices, default=IncidentState.ACTIVE
    )
    target_minutes = models.PositiveIntegerField(_("target minutes"), default=20)
    opened_at = models.DateTimeField(_("answered at"), default=timezone.now)
    first_dispatch_at = models.DateTimeField(_("first dispatched at"), null=True, blank=True)
    first_on_scene_at = models.DateTimeField(_("first on scene at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["region", "state"], name="d112_incident_state"),
            models.Index(fields=["region", "opened_at"], name="d112_incident_opened"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.type_name}"


class Call(RegionOwned):
    """One call answered by a call-taker. ``caller_phone`` is personal data: staff only."""

    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    caller_phone = models.CharField(_("caller's number"), max_length=32, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.OPEN
    )
    closing_key = models.CharField(_("closing reason"), max_length=40, blank=True)
    type_key = models.CharField(_("incident type"), max_length=40, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    people = models.PositiveIntegerField(_("people involved"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The citizen report an information call was handed to (Aduan Warga's ticket, from the
    # platform's hand-off receipt): set by services/handoff.py.
    handoff_ref = models.CharField(_("handed off as"), max_length=80, blank=True)

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [
            models.Index(fields=["region", "answered_at"], name="d112_call_answered"),
            models.Index(fields=["region", "caller_phone"], name="d112_call_phone"),
        ]

    def __str__(self) -> str:
        return f"call {self.pk}"


class Dispatch(RegionOwned):
    """One responder agency sent to one incident, with the time of each step."""

    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="dispatches")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DispatchStatus.choices,
        default=DispatchStatus.DISPATCHED,
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    en_route_at = models.DateTimeField(_("en route at"), null=True, blank=True)
    on_scene_at = models.DateTimeField(_("on scene at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dispatched_at", "pk"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        constraints = [
            models.UniqueConstraint(fields=["incident", "agency"], name="d112_dispatch_once")
        ]
        indexes = [
            models.Index(fields=["region", "status"], name="d112_dispatch_status"),
            models.Index(fields=["agency", "status"], name="d112_dispatch_agency"),
        ]

    def __str__(self) -> str:
        return f"dispatch {self.pk}"


from kotacerdas.apps.darurat_112.models_warnings import *  # noqa: E402,F403
