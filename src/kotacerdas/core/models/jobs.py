"""Leases of periodic jobs, so that of N processes running the job runner only one runs
each job per interval (the lease is claimed with one conditional UPDATE)."""

from __future__ import annotations

from django.db import models


class JobLease(models.Model):
    name = models.CharField(max_length=120, primary_key=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name
