"""Reports, their timeline, photos, the reporter's personal data, and the KPI rollup.

Open311 clients' keys are the core's ``ApiKey`` rows (``app_key="aduan-warga"``).

Personal data lives in :class:`Reporter` only, which is never public-read; a report's
public fields carry none of it, so the public pages and Open311 can read ``Report`` freely.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Verified")
    POSTPONED = "postponed", _("Postponed")
    DISPOSED = "disposed", _("Disposed to agency")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    NOT_AUTHORITY = "not_authority", _("Not our authority")
    ARCHIVED = "archived", _("Archived")
    DUPLICATE = "duplicate", _("Merged duplicate")


# Open311 knows only "open" and "closed"; a resolved report waits for the reporter but the
# work is done, so it counts as closed there.
CLOSED_STATES = frozenset(
    {Status.RESOLVED, Status.CLOSED, Status.NOT_AUTHORITY, Status.ARCHIVED, Status.DUPLICATE}
)
OPEN_STATES = frozenset(set(Status) - CLOSED_STATES)


class Kind(models.TextChoices):
    ASPIRASI = "aspirasi", _("Aspiration")
    PENGADUAN = "pengaduan", _("Complaint")
    INFORMASI = "permintaan-informasi", _("Information request")


class Report(RegionOwned):
    """A citizen's report. Every field here is public; the reporter is in ``Reporter``."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    ticket = models.CharField(_("ticket"), max_length=24, unique=True)
    service_code = models.CharField(_("category"), max_length=50)
    category_name = models.CharField(_("category name"), max_length=120)
    kind = models.CharField(
        _("classification"), max_length=24, choices=Kind.choices, default=Kind.PENGADUAN
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    description = models.TextField(_("description"), max_length=4000)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=10, default="web")
    # The record another app handed this report over from (a Darurat 112 call): its app
    # key, its reference and its staff page. Shown to staff only, never public.
    source_app = models.CharField(_("handed over by app"), max_length=60, blank=True, default="")
    source_ref = models.CharField(_("reference there"), max_length=60, blank=True, default="")
    source_url = models.CharField(_("staff page there"), max_length=300, blank=True, default="")
    tracking_hash = models.CharField(max_length=64, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    created_at = models.DateTimeField(_("received at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"))
    # The deadline of the current step (verify/dispose, agency follow-up, reporter answer).
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    # The service standard for the whole report: Open311's expected_datetime.
    expected_at = models.DateTimeField(_("expected"), null=True, blank=True)
    overdue = models.BooleanField(_("overdue"), default=False)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The latest public message (ReportAction.public_message), never an internal note:
    # Open311's status_notes.
    status_notes = models.CharField(_("status notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["region", "created_at"], name="aw_region_created"),
            models.Index(fields=["region", "status", "due_at"], name="aw_region_status_due"),
            # The room's overdue alert names the oldest overdue report: a few rows, not a
            # walk over every open report in due order (45 ms on PostgreSQL at 100,000).
            models.Index(
                fields=["region", "due_at"],
                condition=models.Q(overdue=True),
                name="aw_region_overdue_due",
            ),
        ]

    def __str__(self) -> str:
        return self.ticket

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES


class Reporter(RegionOwned):
    """The reporter's personal data (UU 27/2022): staff of the region only, never public."""

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="reporter")
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Anonymous: the identity stays with the coordinating admin, hidden from agency staff.
    anonymous = models.BooleanField(_("stay anonymous"), default=True)
    # The page's language when they reported: their e-mails are written in it.
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")


class ReportAction(RegionOwned):
    """One step of a report's history: who did what, when; public entries form the timeline."""

    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(_("action"), max_length=24)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # What staff write for each other (an instruction, a reason): internal, always. It is
    # never shown publicly, never in Open311 or open data, never mailed to the reporter.
    note = models.TextField(_("internal note"), max_length=4000, blank=True)
    # What staff chose to tell citizens: the only text of a step the public timeline, the
    # tracking page, Open311's status_notes and the reporter's e-mails carry.
    public_message = models.TextField(_("message for the reporter"), max_length=4000, blank=True)
    # A public entry is a step of the public timeline (its status and public_message).
    public = models.BooleanField(_("public"), default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # "reporter", "system" or the staff member's display name at the time.
    actor_label = models.CharField(max_length=120, blank=True)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "pk"]


class Photo(RegionOwned):
    """A re-encoded photo (EXIF gone) and its thumbnail, under MEDIA_ROOT."""

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.CharField(max_length=200)
    thumbnail = models.CharField(max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]


class ReportTally(RegionOwned):
    """How many reports share one KPI key: the rollup ``kpis()`` reads instead of reports.

    Kept by database triggers on ``Report`` (migration 0002), so every write — services,
    bulk inserts, ``update()`` — moves its report between keys in the same transaction.
    The key columns are NOT NULL (no agency = 0, on_time 2 = not resolved against a
    standard) so the triggers' upserts match. Only what the KPIs need is kept (open or not
    rather than the status: fewer rows to add up). Counts of public fields only.
    """

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    # The WIB calendar day the report was received.
    day = models.DateField()
    # A plain id, not a foreign key: deleting an agency must not trip over its tallies.
    agency_id = models.BigIntegerField(default=0)
    category_name = models.CharField(max_length=120)
    # status in OPEN_STATES (the triggers carry a copy of that list: change both together).
    is_open = models.BooleanField()
    overdue = models.BooleanField(default=False)
    # 1 resolved within the service standard, 0 resolved late, 2 not (yet) comparable.
    on_time = models.SmallIntegerField(default=2)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "region",
                    "day",
                    "agency_id",
                    "category_name",
                    "is_open",
                    "overdue",
                    "on_time",
                ],
                name="aw_tally_key",
            )
        ]
        # Open and overdue counts look at every day of the open reports.
        indexes = [models.Index(fields=["region", "is_open"], name="aw_tally_open")]


class ReportSpan(RegionOwned):
    """A histogram of response and resolution times, per day received, for the medians.

    ``bucket`` is a span in whole minutes on a log scale: exact below 16 minutes, then eight
    buckets per doubling (each 6–12 % wide), like a float with a 3-bit mantissa — few rows
    per day whatever the volume. ``contract.median_hours`` interpolates inside the bucket.
    Kept by the same triggers as :class:`ReportTally`.
    """

    FIRST_RESPONSE = 1
    RESOLUTION = 2

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    metric = models.SmallIntegerField()
    bucket = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "metric", "day", "bucket"], name="aw_span_key"
            )
        ]


class Follower(RegionOwned):
    """Someone with the same problem ("Ini masalah saya juga"): an e-mail told of public status
    changes. Personal data like ``Reporter``: never public, only the count is shown."""

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["report", "email"], name="aw_follower_once")]


class Rating(RegionOwned):
    """The reporter's rating of the handling (1–5), given through the private link after
    resolution. The comment is the reporter's words: staff only; the average is a KPI."""

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="aw_rating_1_to_5"
            )
        ]
