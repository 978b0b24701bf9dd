"""Every change of an installation's configuration becomes a ``ConfigRevision``.

The core's ``update_config``/``enable_app`` know nothing of the catalog, so the catalog
listens to ``post_save`` of ``AppInstallation``; catalog services say why a change happens
with ``revision_context`` (adopted, merged, restored …), the console's plain edits are
recorded as "edited".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from kotacerdas.core.models import AppInstallation


@dataclass(frozen=True)
class RevisionContext:
    reason: str
    note: str = ""
    user_id: int | None = None
    upstream_id: int | None = None


_current: ContextVar[RevisionContext | None] = ContextVar("catalog_revision", default=None)


@contextmanager
def revision_context(
    reason: str, note: str = "", user_id: int | None = None, upstream_id: int | None = None
) -> Iterator[None]:
    token = _current.set(RevisionContext(reason, note, user_id, upstream_id))
    try:
        yield
    finally:
        _current.reset(token)


def record_revision(sender: Any, instance: AppInstallation, created: bool, **kwargs: Any) -> None:
    """post_save receiver: a revision when the configuration differs from the last one."""
    from kotacerdas.catalog.models import ConfigRevision

    if kwargs.get("raw"):  # loading fixtures
        return
    rows = ConfigRevision.objects.unscoped("the history follows every configuration change")
    last = rows.filter(region_id=instance.region_id, app_key=instance.app_key).first()
    context = _current.get()
    if last is not None and last.config == instance.config and context is None:
        return
    if context is None:
        context = RevisionContext(
            ConfigRevision.Reason.ENABLED if last is None else ConfigRevision.Reason.EDITED
        )
    rows.create(
        region_id=instance.region_id,
        app_key=instance.app_key,
        config=instance.config,
        reason=context.reason,
        note=context.note,
        created_by_id=context.user_id,
        upstream_id=context.upstream_id,
    )
