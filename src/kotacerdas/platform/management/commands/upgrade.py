"""``kotacerdas upgrade``: migrations, static files, and what changed (see platform/upgrade.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from kotacerdas.platform.upgrade import Outcome, UpgradeError, upgrade


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Translated when the command is made, not at import (argparse needs a real str).
        self.help = _(
            "Bring this installation up to the installed code: apply the migrations, collect "
            "the static files and say what changed (nothing, when run again)."
        )

    # The checks run inside the upgrade, where an error stops it before anything changes.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = upgrade(Path(settings.DATA_DIR))
        except UpgradeError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise CommandError(
                _("database error during the upgrade: %(error)s") % {"error": first}
            ) from exc
        except OSError as exc:
            raise CommandError(
                _("the upgrade could not write its files: %(error)s")
                % {"error": f"{exc.strerror or exc} ({exc.filename})"}
            ) from exc
        for line in report(outcome):
            self.stdout.write(line)


def report(outcome: Outcome) -> list[str]:
    """The operator's summary: only what changed, or one line saying nothing did."""
    if not outcome.changed:
        return [
            _(
                "Nothing changed: kotacerdas %(version)s, every migration already applied, "
                "static files up to date, no new system-check warnings."
            )
            % {"version": outcome.version_after}
        ]
    if outcome.new_installation:
        before = _("(new installation)")
    elif outcome.version_before is None:
        before = _("(version not recorded)")
    else:
        before = outcome.version_before
    lines = [
        _("kotacerdas %(before)s → %(after)s") % {"before": before, "after": outcome.version_after}
    ]
    if outcome.migrations:
        lines.append(_("Migrations applied (%(count)d):") % {"count": len(outcome.migrations)})
        for app, names in outcome.migrations_by_app().items():
            lines.append(f"  {app}: {', '.join(names)}")
    else:
        lines.append(_("Migrations: none to apply."))
    lines.append(
        _("Static files: %(copied)d copied to %(root)s, %(unchanged)d unchanged.")
        % {
            "copied": outcome.static_copied,
            "root": outcome.static_root,
            "unchanged": outcome.static_unchanged,
        }
    )
    if outcome.new_warnings:
        lines.append(
            _("New system-check warnings (%(count)d):") % {"count": len(outcome.new_warnings)}
        )
        lines.extend(f"  {w}" for w in outcome.new_warnings)
    else:
        lines.append(_("No new system-check warnings."))
    return lines
