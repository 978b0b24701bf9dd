"""The walidata's review of an uploaded release.

The produsen data (staff of the dataset's agency, or the region admin) ``submit``s a
draft or returned release; the walidata (the region admin: Diskominfo) ``approve``s it,
which publishes it (the resource's ``current`` release, the previous one superseded but
kept in the history, the dataset published and its ``metadata_modified`` bumped), or
``return_release``s it with a note the agency reads. Every step is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import (
    DatasetState,
    OpenDataset,
    Release,
    ReleaseState,
    Resource,
)
from kotacerdas.apps.data_terbuka.services import Refused
from kotacerdas.apps.data_terbuka.services.access import require_producer, require_walidata
from kotacerdas.apps.data_terbuka.services.metadata import touch
from kotacerdas.apps.data_terbuka.services.uploads import open_flags
from kotacerdas.contract import AppContext
from kotacerdas.core import audit
from kotacerdas.core.tenancy import Action

Ctx = AppContext[Any]
MAX_NOTE = 2000


def _load(ctx: Ctx, release: Release) -> Release:
    found = (
        Release.objects.scoped(ctx.scope, Action.CHANGE)
        .select_related("resource__dataset")
        .select_for_update()
        .filter(pk=release.pk, region_id=ctx.region_id)
        .first()
    )
    if found is None:
        raise Refused(_("This release does not exist."), "release", "not_found")
    return found


def _target(release: Release) -> str:
    return f"{release.resource.dataset.name}/{release.resource.name}@{release.version}"


def _note(note: str, required: bool) -> str:
    note = str(note or "").strip()
    if required and not note:
        raise Refused(_("Say what the agency should change."), "note")
    if len(note) > MAX_NOTE:
        raise Refused(_("At most %(n)d characters.") % {"n": MAX_NOTE}, "note")
    if datastore_control(note):
        raise Refused(_("This value holds control characters."), "note")
    return note


def datastore_control(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\t\r\n" for c in text)


def submit(ctx: Ctx, release: Release, note: str = "") -> Release:
    """Send a draft (or returned) release to the walidata. Refused while values do not fit
    their types or a personal-data flag is open."""
    with transaction.atomic():
        release = _load(ctx, release)
        require_producer(ctx, release.resource.dataset)
        if release.state not in (ReleaseState.DRAFT, ReleaseState.RETURNED):
            raise Refused(_("Only a draft or a returned release can be submitted."), "state")
        if not datastore.table_exists(release.table_name) or release.row_count == 0:
            raise Refused(_("The release has no rows."), "file")
        if release.row_errors:
            raise Refused(
                _("Some values do not fit their column's type: fix the file or the types first."),
                "row_errors",
            )
        flags = open_flags(release)
        if flags:
            raise Refused(
                _(
                    "Column “%(column)s” may hold personal data: remove it, or confirm it is "
                    "not personal data."
                )
                % {"column": flags[0]["column"]},
                "pii_flags",
            )
        release.state = ReleaseState.SUBMITTED
        release.note = _note(note, False) or release.note
        release.submitted_at = timezone.now()
        release.save(update_fields=["state", "note", "submitted_at"])
        dataset = release.resource.dataset
        if dataset.state != DatasetState.PUBLISHED:
            OpenDataset.objects.scoped(ctx.scope, Action.CHANGE).filter(pk=dataset.pk).update(
                state=DatasetState.SUBMITTED
            )
        audit.record(
            "data.release_submitted",
            region=ctx.region,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=_target(release),
        )
    return release


def publish(release: Release, *, reviewer_id: int | None = None, note: str = "") -> None:
    """Make ``release`` its resource's current one (system step of approval and of feeds):
    the previous current release is superseded, old tables beyond the kept history are
    dropped, the dataset is published and its ``metadata_modified`` bumped."""
    now = timezone.now()
    resource = release.resource
    release.state = ReleaseState.PUBLISHED
    release.published_at = now
    release.reviewed_at = now if reviewer_id is not None else release.reviewed_at
    release.reviewed_by_id = reviewer_id if reviewer_id is not None else release.reviewed_by_id
    release.review_note = note or release.review_note
    release.save(
        update_fields=["state", "published_at", "reviewed_at", "reviewed_by", "review_note"]
    )
    releases = Release.objects.unscoped("publishing supersedes a resource's older releases")
    releases.filter(resource=resource, state=ReleaseState.PUBLISHED).exclude(pk=release.pk).update(
        state=ReleaseState.SUPERSEDED
    )
    Resource.objects.unscoped("publishing points the resource at its release").filter(
        pk=resource.pk
    ).update(current=release, last_modified=now)
    resource.current = release
    prune(resource)
    dataset = resource.dataset
    OpenDataset.objects.unscoped("publishing publishes the dataset").filter(pk=dataset.pk).update(
        state=DatasetState.PUBLISHED
    )
    dataset.state = DatasetState.PUBLISHED
    touch(dataset)


def prune(resource: Resource, keep: int = datastore.KEEP_RELEASE_TABLES) -> int:
    """Drop the tables of superseded releases beyond the newest ``keep``; their rows stay
    (version, row count, dates) for the history. Returns how many tables were dropped."""
    releases = Release.objects.unscoped("pruning a resource's old release tables")
    old = list(
        releases.filter(resource=resource, state=ReleaseState.SUPERSEDED)
        .exclude(table_name="")
        .order_by("-version")[keep:]
    )
    for r in old:
        datastore.drop_table(r)
        releases.filter(pk=r.pk).update(table_name="")
    return len(old)


def approve(ctx: Ctx, release: Release, note: str = "") -> Release:
    """The walidata publishes a submitted release."""
    with transaction.atomic():
        release = _load(ctx, release)
        require_walidata(ctx, release.resource.dataset)
        if release.state != ReleaseState.SUBMITTED:
            raise Refused(_("Only a submitted release can be approved."), "state")
        if open_flags(release):
            raise Refused(_("A personal-data flag is still open."), "pii_flags")
        publish(release, reviewer_id=ctx.user_id, note=_note(note, False))
        audit.record(
            "data.release_approved",
            region=ctx.region,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=_target(release),
        )
    return release


def return_release(ctx: Ctx, release: Release, note: str) -> Release:
    """The walidata sends a submitted release back to the agency with ``note``."""
    with transaction.atomic():
        release = _load(ctx, release)
        require_walidata(ctx, release.resource.dataset)
        if release.state != ReleaseState.SUBMITTED:
            raise Refused(_("Only a submitted release can be returned."), "state")
        release.state = ReleaseState.RETURNED
        release.review_note = _note(note, True)
        release.reviewed_at = timezone.now()
        release.reviewed_by_id = ctx.user_id
        release.save(update_fields=["state", "review_note", "reviewed_at", "reviewed_by"])
        dataset = release.resource.dataset
        if dataset.state == DatasetState.SUBMITTED:
            OpenDataset.objects.scoped(ctx.scope, Action.CHANGE).filter(pk=dataset.pk).update(
                state=DatasetState.RETURNED
            )
        audit.record(
            "data.release_returned",
            region=ctx.region,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=_target(release),
            detail={"note": release.review_note},
        )
    return release


def discard(ctx: Ctx, release: Release) -> None:
    """Delete a draft or returned release and its table."""
    with transaction.atomic():
        release = _load(ctx, release)
        require_producer(ctx, release.resource.dataset)
        if release.state not in (ReleaseState.DRAFT, ReleaseState.RETURNED):
            raise Refused(_("Only a draft or a returned release can be deleted."), "state")
        datastore.drop_table(release)
        target = _target(release)
        if release.upload:
            storage, name = release.upload.storage, str(release.upload.name)
            transaction.on_commit(lambda: storage.delete(name))
        release.delete()
        audit.record(
            "data.release_discarded",
            region=ctx.region,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=target,
        )
