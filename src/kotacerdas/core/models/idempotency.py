"""What a machine client's request answered, kept 24 hours under its ``Idempotency-Key``."""

from __future__ import annotations

from django.db import models

from kotacerdas.core.tenancy import RegionOwned


class IdempotencyRecord(RegionOwned):
    """One request of one API key sent with an ``Idempotency-Key`` header, and its answer.

    ``status`` 0 while the first request is still being answered. ``fingerprint`` is the
    SHA-256 of what the request asked (its body, as the endpoint defines it): the same key
    with another fingerprint is refused. Written and read only by
    ``kotacerdas.core.idempotency``; rows older than ``TTL`` are ignored and pruned.
    """

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    api_key = models.ForeignKey("core.ApiKey", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True, default="")
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_once")
        ]
        indexes = [models.Index(fields=["api_key", "created_at"], name="idempotency_key_age")]

    def __str__(self) -> str:
        return f"{self.api_key_id}:{self.key}"
