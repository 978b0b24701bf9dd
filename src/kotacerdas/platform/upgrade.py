"""Bringing an installation up to the installed code: ``kotacerdas upgrade``.

Runs the system checks (errors stop before anything changes), applies the migrations, copies
the static files into ``STATIC_ROOT`` (``DATA_DIR/static``, where the web server in front of
kotacerdas serves them from) and records the version it upgraded to. What changed comes back as
an ``Outcome``; a second run on the same installation finds nothing to do.

The record is a small file in the data folder, not a database row: each server has its own
static files and its own data folder, while the database's own record of what it has is
Django's ``django_migrations`` table, which this reads before and after.
"""

from __future__ import annotations

import io
import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

import kotacerdas

STATE_FILE = "installed.json"
# Two servers upgrading one PostgreSQL database at once would race on the same migrations.
_LOCK_KEY = zlib.crc32(b"kotacerdas upgrade")


class UpgradeError(Exception):
    """A problem that stops the upgrade, as one line for the operator."""


@dataclass(frozen=True)
class State:
    """What the last upgrade of this data folder left: the version and the warnings seen."""

    version: str
    warnings: frozenset[str] = frozenset()


@dataclass
class Outcome:
    version_before: str | None  # None: no upgrade recorded in this data folder yet
    version_after: str
    new_installation: bool
    migrations: list[tuple[str, str]] = field(default_factory=list)  # (app, name), in order
    static_copied: int = 0
    static_unchanged: int = 0
    static_root: str = ""
    new_warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.version_before != self.version_after
            or self.migrations
            or self.static_copied
            or self.new_warnings
        )

    def migrations_by_app(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for app, name in self.migrations:
            out.setdefault(app, []).append(name)
        return out


def read_state(folder: Path) -> State | None:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        return State(str(data["version"]), frozenset(str(w) for w in data.get("warnings", [])))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UpgradeError(
            _("%(file)s cannot be read (%(error)s); remove it and run the upgrade again")
            % {"file": folder / STATE_FILE, "error": exc}
        ) from exc


def write_state(folder: Path, state: State) -> None:
    # Written beside and renamed over: an interrupted write leaves the old record, not half one.
    target = folder / STATE_FILE
    partial = target.with_suffix(".json.partial")
    body = {"version": state.version, "warnings": sorted(state.warnings)}
    partial.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, target)


def check_database() -> None:
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UpgradeError(
            _("the database cannot be reached (%(engine)s): %(error)s")
            % {"engine": connection.vendor, "error": first}
        ) from exc


def _messages() -> list[checks.CheckMessage]:
    # Deployment checks too: this is the command a production server runs.
    found = checks.run_checks(include_deployment_checks=not settings.DEBUG)
    return [m for m in found if m.level >= checks.WARNING and not m.is_silenced()]


def _line(message: checks.CheckMessage) -> str:
    where = f"{message.obj}: " if message.obj is not None else ""
    return f"{where}({message.id}) {message.msg}"


def check_errors() -> list[str]:
    return [_line(m) for m in _messages() if m.level >= checks.ERROR]


def warnings() -> list[str]:
    return [_line(m) for m in _messages() if m.level < checks.ERROR]


def applied_migrations() -> set[tuple[str, str]]:
    return set(MigrationRecorder(connection).applied_migrations())


@contextmanager
def _upgrade_lock() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield  # SQLite: the database file is this data folder's own
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])


def migrate() -> list[tuple[str, str]]:
    """Apply every unapplied migration; the ones applied, in the order they ran."""
    from django.db.migrations.executor import MigrationExecutor

    before = applied_migrations()
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0, skip_checks=True, stdout=io.StringIO())
    done = applied_migrations() - before
    order = [(m.app_label, m.name) for m, _backwards in plan]
    return [key for key in order if key in done] + sorted(done - set(order))


def collect_static() -> tuple[int, int]:
    """Copy changed static files into STATIC_ROOT: (copied, unchanged)."""
    from django.contrib.staticfiles.management.commands.collectstatic import Command

    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    command.set_options(
        interactive=False,
        verbosity=0,
        link=False,
        clear=False,
        dry_run=False,
        ignore_patterns=[],
        use_default_ignore_patterns=True,
        post_process=True,
    )
    result = command.collect()
    return len(result["modified"]), len(result["unmodified"])


def upgrade(folder: Path) -> Outcome:
    check_database()
    errors = check_errors()
    if errors:
        raise UpgradeError(
            _("the system checks found errors, nothing was changed: %(errors)s")
            % {"errors": "; ".join(errors)}
        )
    state = read_state(folder)
    with _upgrade_lock():
        new_installation = not applied_migrations()
        applied = migrate()
    copied, unchanged = collect_static()
    seen = warnings()
    outcome = Outcome(
        version_before=state.version if state else None,
        version_after=kotacerdas.__version__,
        new_installation=new_installation,
        migrations=applied,
        static_copied=copied,
        static_unchanged=unchanged,
        static_root=str(settings.STATIC_ROOT),
        new_warnings=[w for w in seen if state is None or w not in state.warnings],
    )
    write_state(folder, State(kotacerdas.__version__, frozenset(seen)))
    return outcome
