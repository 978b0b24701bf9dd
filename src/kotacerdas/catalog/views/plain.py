"""The adopt preview and the merge screen in plain language (wired in ``views/console``).

Everything a person reads here comes from ``catalog.describe``: setting names and values,
never JSON paths; the raw JSON stays behind the "Advanced" toggle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from kotacerdas.catalog import describe, policy
from kotacerdas.catalog.jsonmerge import MISSING, Conflict
from kotacerdas.catalog.models import VariantVersion
from kotacerdas.catalog.services import adoption, sync
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.core.models import Region
from kotacerdas.core.services.config_schema import ConfigInvalid, apply_defaults
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import require_app


def _raw(value: Any) -> str:
    if value is MISSING:
        return ""
    return json.dumps(
        value, ensure_ascii=False, indent=1 if isinstance(value, dict | list) else None
    )


def plain_error(
    schema: dict[str, Any], config: dict[str, Any], field: str | None, message: str
) -> str:
    """An error about ``field`` (pointer or validation path) named as a setting."""
    if not field or field in ("(root)", "app", "version", "app_version"):
        return message
    if field.startswith("mapping.") or field == "take_local":
        return message
    name = describe.setting_name(schema, config, describe.path_of(field))
    detail = message.rsplit(": ", 1)[-1]
    return _("%(setting)s: %(message)s") % {"setting": name, "message": detail}


@dataclass(frozen=True)
class RefRow:
    slug: str
    settings: list[str]  # the settings naming the publisher's agency, in plain words
    local_part: str  # "" for policy; else the local part it belongs to (needed if taken)
    selected: str


def adopt_context(
    request: HttpRequest, scope: Scope, region: Region, version: VariantVersion, user_id: int | None
) -> tuple[bool, dict[str, Any]]:
    """(adopted?, template context) of the adopt page; POST adopts."""
    plan = adoption.preview(scope, region, version)
    schema = plan.schema
    error = None
    mapping = dict(plan.suggestions)
    take_local: list[str] = []
    if request.method == "POST":
        mapping = adoption.mapping_from(request.POST, plan.references)
        take_local = [k for k in request.POST.getlist("take_local") if k in plan.offered_local]
        try:
            adoption.adopt(scope, region, version, mapping, user_id, take_local=take_local)
        except CatalogError as exc:
            error = plain_error(schema, version.config, exc.field, exc.message)
        except ConfigInvalid as exc:
            error = plain_error(schema, version.config, exc.field, exc.message)
        else:
            return True, {}
    before = plan.running if plan.running is not None else apply_defaults(schema, {})
    chosen = {k: v for k, v in mapping.items() if v}
    after = apply_defaults(schema, plan.result(chosen, take_local))
    local = policy.local_keys(schema)
    rows: dict[str, RefRow] = {}
    for ref in plan.references:
        part = str(ref.path[0]) if str(ref.path[0]) in local else ""
        row = rows.get(ref.value)
        name = describe.setting_name(schema, version.config, ref.path)
        if row is None:
            rows[ref.value] = RefRow(ref.value, [name], part, mapping.get(ref.value, ""))
        else:
            row.settings.append(name)
            if not part:
                rows[ref.value] = RefRow(ref.value, row.settings, "", row.selected)
    props = policy.properties(schema)
    offered = [
        (k, describe.label_of(props.get(k, {}), k), k in take_local) for k in plan.offered_local
    ]
    return False, {
        "version": version,
        "plan": plan,
        "error": error,
        "replaces": plan.running is not None,
        "lines": describe.describe(schema, before, after),
        "ref_rows": list(rows.values()),
        "offered_local": offered,
        "config": json.dumps(version.config, indent=2, ensure_ascii=False),
    }


def _plain(schema: dict[str, Any], value: Any) -> str:
    """A conflict's value as a person reads it, with the setting's unit ("9 %", "3 hari kerja")
    as the change lines give it."""
    shown = describe.plain_value(schema, value)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    unit = describe._unit(schema) if number else ""
    return f"{shown} {unit}" if unit else shown


@dataclass
class ConflictRow:
    pointer: str
    name: str
    base: str
    ours: str
    theirs: str
    raw_base: str
    raw_ours: str
    raw_theirs: str
    choice: str
    typed: str
    error: str
    scalar: bool


def _conflict_row(
    schema: dict[str, Any], current: dict[str, Any], c: Conflict, post: Any
) -> ConflictRow:
    sub = describe.schema_at(schema, c.path)
    scalar = not isinstance(c.ours, dict | list) and not isinstance(c.theirs, dict | list)
    default_typed = (
        ("" if c.ours is MISSING else str(c.ours))
        if scalar and not isinstance(c.ours, bool)
        else _raw(c.ours)
    )
    return ConflictRow(
        pointer=c.pointer,
        name=describe.setting_name(schema, current, c.path),
        base=_plain(sub, c.base),
        ours=_plain(sub, c.ours),
        theirs=_plain(sub, c.theirs),
        raw_base=_raw(c.base),
        raw_ours=_raw(c.ours),
        raw_theirs=_raw(c.theirs),
        choice=str(post.get(f"choice{c.pointer}", "")) if post is not None else "",
        typed=str(post.get(f"edit{c.pointer}", default_typed))
        if post is not None
        else default_typed,
        error="",
        scalar=scalar,
    )


def merge_context(
    request: HttpRequest, scope: Scope, region: Region, key: str, user_id: int | None
) -> tuple[bool, dict[str, Any]]:
    """(merged?, template context) of the merge screen; POST merges."""
    state = sync.status(scope, region, key)
    assert state is not None and state.merge is not None
    schema = require_app(key).manifest.config_schema
    post = request.POST if request.method == "POST" else None
    rows = [_conflict_row(schema, state.current, c, post) for c in state.merge.conflicts]
    error = None
    if post is not None:
        choices = {r.pointer: r.choice for r in rows}
        edits: dict[str, Any] = {}
        for row, conflict in zip(rows, state.merge.conflicts, strict=True):
            if row.choice == "edit":
                try:
                    edits[row.pointer] = describe.parse_value(
                        describe.schema_at(schema, conflict.path), row.typed
                    )
                except ValueError as exc:
                    row.error = str(exc)
            elif row.choice not in ("ours", "theirs"):
                row.error = _("Choose: keep mine, take theirs or edit.")
        if not any(r.error for r in rows):
            try:
                sync.merge(scope, region, key, state.latest, choices, user_id, edits=edits)
            except CatalogError as exc:
                error = plain_error(schema, state.current, exc.field, exc.message)
            else:
                return True, {}
        else:
            error = _("Some settings need your choice; see below.")
    lines = describe.sync_lines(schema, state.lineage.base_config, state.current, state.merge)
    raw = [
        (describe.setting_name(schema, state.current, c.path), _raw(c.before), _raw(c.after), side)
        for side, changes in (("theirs", state.merge.applied), ("ours", state.merge.kept))
        for c in changes
    ]
    return False, {
        "state": state,
        "error": error,
        "conflicts": rows,
        "lines": lines,
        "raw_changes": raw,
    }
