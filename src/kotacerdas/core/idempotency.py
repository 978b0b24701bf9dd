"""``Idempotency-Key``: a machine client's retry answers the first result, stores nothing new.

A client (one API key) sends ``Idempotency-Key: <1–200 printable ASCII characters>`` with a
write. The first request with that key is run and its answer (status, body, content type)
kept; within ``TTL`` the same key with the same request (``fingerprint``: a SHA-256 the
endpoint computes from what the request asks) answers that first result again, and the
same key with another request is refused (422). The record is written in the same
transaction as the work and its answer: a server killed half-way (SIGKILL, OOM, power)
leaves no key claimed, so the client's retry runs again instead of meeting "in progress"
for a day. A duplicate arriving meanwhile waits on the unique constraint on (API key,
idempotency key) until the first commits (it gets that answer) or rolls back (it runs):
two concurrent duplicates never both run.

Answers of 5xx are not kept (the key is released: a retry runs again). Records older than
``TTL`` are ignored by every read and pruned, for the key's client, whenever that client
claims a new key: no job is needed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from kotacerdas.core.models.idempotency import IdempotencyRecord
from kotacerdas.core.tenancy import Action, RegionScopedQuerySet, Scope
from kotacerdas.core.vocab import KeyGrant
from kotacerdas.core.writeturn import write_turn

HEADER = "Idempotency-Key"
TTL = dt.timedelta(hours=24)
MAX_LENGTH = 200
PRINTABLE = re.compile(rf"[\x20-\x7e]{{1,{MAX_LENGTH}}}")
REASON = "a machine client's idempotency records in its key's region"


class IdempotencyRefused(ValueError):
    """The header is not valid (400), was used for another request (422), or its first
    request is still being answered (409); ``field`` is the header's name."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.field = HEADER
        self.message = message


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str


def key_from(raw: str | None) -> str | None:
    """The header's value, ``None`` without one; IdempotencyRefused(400) when not valid."""
    if raw is None:
        return None
    if not PRINTABLE.fullmatch(raw):
        raise IdempotencyRefused(
            400, f"{HEADER} must be 1 to {MAX_LENGTH} printable ASCII characters"
        )
    return raw


def fingerprint(*parts: bytes) -> str:
    """SHA-256 of the parts, each length-prefixed (no two part lists collide)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _kept(grant: KeyGrant, key: str, print_: str) -> Answer:
    """The answer kept for ``key``; IdempotencyRefused when there is none to give."""
    scope = Scope.region_system(grant.region_id, REASON)
    found = (
        IdempotencyRecord.objects.scoped(scope)
        .filter(api_key_id=grant.key_id, key=key, created_at__gte=_cutoff())
        .values_list("fingerprint", "status", "body", "content_type")
        .first()
    )
    if found is None:  # released or expired between our insert and this read
        raise IdempotencyRefused(409, f"a request with this {HEADER} is in progress; retry")
    stored_print, status, body, content_type = found
    if stored_print != print_:
        raise IdempotencyRefused(
            422, f"this {HEADER} was already used for another request; use a new key"
        )
    if status == 0:  # only this transaction's own record can be seen unanswered
        raise IdempotencyRefused(
            409, f"the first request with this {HEADER} is still being answered; retry later"
        )
    return Answer(int(status), bytes(body), str(content_type))


def _cutoff() -> dt.datetime:
    return timezone.now() - TTL


def _rows_to_change(grant: KeyGrant, record_id: int) -> RegionScopedQuerySet[IdempotencyRecord]:
    scope = Scope.region_system(grant.region_id, REASON)
    return IdempotencyRecord.objects.scoped(scope, Action.CHANGE).filter(pk=record_id)


def run_once(
    grant: KeyGrant, key: str, print_: str, run: Callable[[], Answer]
) -> tuple[Answer, bool]:
    """The answer of ``run()`` (run now, ``False``) or the one kept for ``key`` (``True``).

    The record, the work ``run()`` does and its answer commit in one transaction: a server
    killed half-way leaves nothing behind, and the client's retry runs again. A duplicate
    arriving meanwhile waits on the unique index until the first commits (then it gets the
    kept answer) or rolls back (then it runs).
    """
    scope = Scope.region_system(grant.region_id, REASON)
    rows = IdempotencyRecord.objects.scoped(scope, Action.CHANGE)
    # Pruned on its own: inside the long transaction below, the deleted rows' locks would
    # make every other request of this client wait for this one.
    with write_turn(), transaction.atomic():
        rows.filter(api_key_id=grant.key_id, created_at__lt=_cutoff()).delete()
    with write_turn(), transaction.atomic():
        try:
            with transaction.atomic():
                record = rows.create(
                    region_id=grant.region_id,
                    api_key_id=grant.key_id,
                    key=key,
                    fingerprint=print_,
                )
        except IntegrityError:
            record = None
        if record is not None:
            answer = run()
            mine = _rows_to_change(grant, record.pk)
            if answer.status >= 500:
                mine.delete()
            else:
                mine.update(
                    status=answer.status, body=answer.body, content_type=answer.content_type[:100]
                )
            return answer, False
    return _kept(grant, key, print_), True
