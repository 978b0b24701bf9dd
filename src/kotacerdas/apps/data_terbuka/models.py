"""Open datasets, their resources and their releases (Satu Data Indonesia metadata).

A dataset comes from an app (``source=app``: the refresh job writes a new release from the
app's ``datasets()``) or from an agency's upload (``source=upload``: the produsen data
submits a release, the walidata approves it). The rows of a tabular resource live in a
datastore table of their own (``datastore.py``), one per release, named in
``Release.table_name``; the resource points at its published release.

Only a dataset that is published and ``terbuka`` is public: every public read goes through
``queries.public_datasets``.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.contract.datasets import AccessLevel, Frequency
from kotacerdas.core.tenancy import RegionOwned


class Source(models.TextChoices):
    APP = "app", _("From an app")
    UPLOAD = "upload", _("Uploaded by an agency")


class DatasetState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FREQUENCY_CHOICES = [
    (Frequency.YEARLY.value, _("Yearly")),
    (Frequency.SEMIANNUAL.value, _("Every six months")),
    (Frequency.QUARTERLY.value, _("Quarterly")),
    (Frequency.MONTHLY.value, _("Monthly")),
    (Frequency.DAILY.value, _("Daily")),
    (Frequency.REALTIME.value, _("Real time")),
]
ACCESS_CHOICES = [
    (AccessLevel.OPEN.value, _("Open")),
    (AccessLevel.RESTRICTED.value, _("Restricted")),
    (AccessLevel.CLOSED.value, pgettext_lazy("access level", "Closed")),
]


class OpenDataset(RegionOwned):
    """One dataset (a CKAN package). ``name`` is unique installation-wide (CKAN's rule)."""

    # Published open datasets are public; drafts and restricted ones are filtered out by
    # ``queries.public_datasets`` (published and terbuka only).
    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.SlugField(_("name"), max_length=100, unique=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    # For app feeds: the app key and the app's own dataset name (unique per region).
    app_key = models.CharField(max_length=60, blank=True, default="")
    app_dataset = models.CharField(max_length=100, blank=True, default="")
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True, default="")
    notes_id = models.TextField(_("description (Indonesian)"), blank=True, default="")
    notes_en = models.TextField(_("description (English)"), blank=True, default="")
    # Satu Data metadata.
    agency = models.ForeignKey(  # produsen data
        "core.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    walidata = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact_name = models.CharField(_("contact"), max_length=120, blank=True, default="")
    contact_email = models.EmailField(_("contact e-mail"), blank=True, default="")
    frequency = models.CharField(_("frequency"), max_length=12, choices=FREQUENCY_CHOICES)
    next_release = models.DateField(_("next release"), null=True, blank=True)
    access_level = models.CharField(
        _("access level"), max_length=10, choices=ACCESS_CHOICES, default=AccessLevel.OPEN.value
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=40, default="CC-BY-4.0")
    priority = models.BooleanField(_("priority data"), default=False)
    dimension = models.CharField(_("dimension"), max_length=20)
    state = models.CharField(max_length=10, choices=DatasetState.choices, default="draft")
    # Lower-cased title, description, tags and agency: what ``q`` searches.
    search_text = models.TextField(blank=True, default="")
    # App feeds: when the refresh job last asked the app (``services.feeds``).
    refreshed_at = models.DateTimeField(null=True, blank=True)
    metadata_created = models.DateTimeField(auto_now_add=True)
    metadata_modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "app_key", "app_dataset"],
                condition=~models.Q(app_key=""),
                name="data_terbuka_app_dataset_once",
            )
        ]
        indexes = [
            models.Index(fields=["state", "access_level", "region"], name="data_terbuka_public"),
            models.Index(fields=["region", "state"], name="data_terbuka_region_state"),
        ]

    def title(self, language: str) -> str:
        return (self.title_en if language == "en" else "") or self.title_id

    def notes(self, language: str) -> str:
        return (self.notes_en if language == "en" else "") or self.notes_id


class DatasetTag(RegionOwned):
    """A keyword of a dataset, one row each, so facets count in SQL."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    dataset = models.ForeignKey(OpenDataset, on_delete=models.CASCADE, related_name="tag_rows")
    name = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset", "name"], name="data_terbuka_tag_once")
        ]
        indexes = [models.Index(fields=["name"], name="data_terbuka_tag_name")]


class Resource(RegionOwned):
    """One resource of a dataset (a CKAN resource): a datastore table or a link."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(OpenDataset, on_delete=models.CASCADE, related_name="resources")
    name = models.SlugField(max_length=100)
    title_id = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True, default="")
    # CSV for datastore tables (downloads are offered as CSV, XLSX and JSON); the link's
    # own format otherwise.
    format = models.CharField(max_length=20, default="CSV")
    # A link resource's address; empty for datastore tables (served by the portal).
    url = models.CharField(max_length=500, blank=True, default="")
    # The published release whose table the API and the portal read; null for links.
    current = models.ForeignKey(
        "Release", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset", "name"], name="data_terbuka_resource_once")
        ]
        ordering = ["position", "id"]

    def title(self, language: str) -> str:
        return (self.title_en if language == "en" else "") or self.title_id


class ReleaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class Release(RegionOwned):
    """One version of a resource's rows: its own datastore table, columns and review."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="releases")
    version = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=ReleaseState.choices, default="draft")
    # [{"name", "type", "title": {"id","en"}, "unit", "definition": {"id","en"}}]
    columns = models.JSONField(default=list)
    table_name = models.CharField(max_length=63, blank=True, default="")
    row_count = models.PositiveIntegerField(default=0)
    # App feeds: a digest of the rows, so an unchanged table writes no new release.
    content_hash = models.CharField(max_length=64, blank=True, default="")
    # Uploads: the file as received, the row report and the personal-data flags.
    upload = models.FileField(upload_to="data-terbuka/", blank=True, default="")
    original_filename = models.CharField(max_length=200, blank=True, default="")
    row_errors = models.JSONField(default=list)  # [{"row": 12, "column": "x", "message": ...}]
    pii_flags = models.JSONField(default=list)  # [{"column": "x", "kind": "nik"|"phone"|"email"}]
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    review_note = models.TextField(blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "version"], name="data_terbuka_release_once"
            )
        ]
        ordering = ["-version"]
