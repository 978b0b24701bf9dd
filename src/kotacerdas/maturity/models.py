"""Evaluation templates per year, their indicators, regions' entries and computed scores.

A template belongs to the installation (the province or the platform admin manages it);
entries, evidence and scores belong to a region (``RegionOwned``). An indicator is filed
under one dimension and sub-dimension (``kotacerdas.dimensions``) and one of the five
measurement aspects of the monev, whose weights are set per year on the template.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class Aspect(models.TextChoices):
    """The monev's five measurement aspects, in their published order."""

    BASELINE = "baseline", _("Baseline")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")
    QUICK_WIN = "quick_win", _("Quick win")


class Scale(models.TextChoices):
    PERCENT = "percent", _("0–100")
    LEVELS = "levels", _("Levels 1–5")


class Framework(models.TextChoices):
    """Which evaluation an indicator belongs to: the smart-city monev (six dimensions, five
    aspects) or the SPBE evaluation of PermenPANRB 59/2020 (``maturity/spbe.py``)."""

    MONEV = "monev", _("Smart-city evaluation")
    SPBE = "spbe", _("SPBE evaluation")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered with evidence")
    AUTO = "auto", _("From an app's KPI")


class EvaluationTemplate(models.Model):
    """One year's evaluation: aspect weights (per cent, summing to 100) and indicators."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title_id = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    # {"baseline": 10, "output": 20, "outcome": 30, "impact": 30, "quick_win": 10}
    aspect_weights = models.JSONField()
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_id


class Indicator(models.Model):
    """One indicator of a template. ``weight`` weighs it among the indicators of its aspect
    and of its sub-dimension; ``feed`` names an app's ``IndicatorFeed`` for automatic ones.

    A year's template holds both evaluations. An SPBE indicator (``framework="spbe"``) is
    filed under its domain (``dimension``) and SPBE aspect (``sub_element``), has no monev
    aspect, weighs the regulation's per cent of the SPBE index, is always a level 1–5
    entered with evidence, and its ``feed`` (indicators 42 and 43) is shown as evidence.
    """

    template = models.ForeignKey(
        EvaluationTemplate, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(max_length=20)
    dimension = models.CharField(max_length=20)
    sub_element = models.CharField(max_length=40)
    aspect = models.CharField(max_length=10, choices=Aspect.choices, blank=True)
    framework = models.CharField(max_length=10, choices=Framework.choices, default=Framework.MONEV)
    name_id = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    weight = models.DecimalField(max_digits=6, decimal_places=2, default=1)
    scale = models.CharField(max_length=10, choices=Scale.choices, default=Scale.PERCENT)
    # Names of levels 1..5 for ``levels`` scales: [{"id": ..., "en": ...}, ...]
    levels = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    feed = models.CharField(max_length=80, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="maturity_indicator_once")
        ]

    def __str__(self) -> str:
        return f"{self.template.year} {self.code}"

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_id


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Entry(RegionOwned):
    """A region's value for a manual indicator, its evidence and the assessor's review.

    ``value`` is what the region entered (0–100, or a level 1–5); ``accepted_value`` what the
    assessor accepted (the value, or their adjustment). Approved entries are locked.
    """

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="entries")
    value = models.DecimalField(max_digits=6, decimal_places=2)
    note = models.TextField(blank=True, default="")
    state = models.CharField(max_length=10, choices=EntryState.choices, default="draft")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    review_comment = models.TextField(blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "indicator"], name="maturity_entry_once")
        ]

    @property
    def locked(self) -> bool:
        return self.state == EntryState.APPROVED


class Evidence(RegionOwned):
    """A file backing an entry: a masterplan, a regulation, a budget (PDF or image)."""

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="maturity/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)


class ScoreLevel(models.TextChoices):
    INDICATOR = "indicator", _("Indicator")
    SUB_ELEMENT = "sub", _("Sub-dimension")
    DIMENSION = "dimension", _("Dimension")
    ASPECT = "aspect", _("Aspect")
    INDEX = "index", _("Achievement index")
    # The SPBE evaluation's rollup, on its own 0–5 scale (levels, not 0–100 scores).
    SPBE_INDICATOR = "spbe_ind", _("SPBE indicator")
    SPBE_ASPECT = "spbe_asp", _("SPBE aspect")
    SPBE_DOMAIN = "spbe_dom", _("SPBE domain")
    SPBE_INDEX = "spbe_index", _("SPBE index")


class Score(RegionOwned):
    """A computed score of a region for a year, at one level: the rollup every view reads.

    Recomputed whole for a region and year when a KPI or an entry changes; ``source`` says
    where an indicator's figure came from (``"aduan-warga:on-time 87 % bulan ini"``).
    """

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(EvaluationTemplate, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10, choices=ScoreLevel.choices)
    key = models.CharField(max_length=60)
    value = models.FloatField(null=True)
    figure = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True, default="")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "template", "level", "key"], name="maturity_score_once"
            )
        ]
        indexes = [models.Index(fields=["template", "level", "key"], name="maturity_score_rank")]
