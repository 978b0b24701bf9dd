"""Downloads of a published resource's rows: CSV and JSON streamed, XLSX written by
openpyxl's write-only workbook into a temporary file (constant memory either way).

Only the current published release of a public dataset is served, and a column flagged as
personal data is left out unless the officer kept it with a reason (belt and braces: the
review already refuses unresolved flags).
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import Release, ReleaseState, Resource
from kotacerdas.apps.data_terbuka.views import column_definition, column_title, language
from kotacerdas.apps.data_terbuka.views.public import Ctx, public_dataset
from kotacerdas.core.tenancy import Scope

FORMATS = ("csv", "xlsx", "json")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _kept(flag: dict[str, Any]) -> bool:
    return bool(flag.get("confirmed"))


def public_columns(release: Release) -> list[dict[str, Any]]:
    """The release's columns without any flagged as personal data and not kept."""
    blocked = {str(f.get("column")) for f in (release.pii_flags or []) if not _kept(f)}
    return [c for c in release.columns if c["name"] not in blocked]


def _cell(value: Any) -> Any:
    value = datastore.to_json(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _xlsx_cell(value: Any) -> Any:
    # Spreadsheet formulas are never written: a text cell that starts like one is kept as text.
    value = datastore.to_json(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def download(
    request: HttpRequest, ctx: Ctx, name: str, resource_id: Any, fmt: str
) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise Http404(_("Downloads are CSV, XLSX or JSON."))
    found = public_dataset(ctx, name)
    resource = (
        Resource.objects.scoped(Scope.public())
        .filter(dataset=found, uuid=resource_id)
        .select_related("current")
        .first()
    )
    release = resource.current if resource is not None else None
    if release is None or release.state != ReleaseState.PUBLISHED:
        raise Http404(_("This resource has no published rows."))
    columns = public_columns(release)
    names = [c["name"] for c in columns]
    filename = f"{found.name}-{resource.name}-v{release.version}.{fmt}"  # type: ignore[union-attr]
    rows = datastore.iter_rows(release, names) if names else iter(())
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines() -> Iterator[str]:
            yield "\ufeff" + writer.writerow(names)
            for row in rows:
                yield writer.writerow([_cell(v) for v in row])

        response: HttpResponseBase = StreamingHttpResponse(
            lines(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "json":

        def chunks() -> Iterator[str]:
            meta = {
                "dataset": found.name,
                "resource": str(resource.uuid),  # type: ignore[union-attr]
                "version": release.version,
                "fields": [
                    {"id": c["name"], "type": c.get("type", "text"), "unit": c.get("unit", "")}
                    for c in columns
                ],
            }
            yield json.dumps(meta, ensure_ascii=False)[:-1] + ', "records": ['
            first = True
            for row in rows:
                record = {n: datastore.to_json(v) for n, v in zip(names, row, strict=True)}
                yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False)
                first = False
            yield "]}\n"

        response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    else:
        from openpyxl import Workbook  # type: ignore[import-untyped]

        lang = language()
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=(resource.name or "data")[:31])  # type: ignore[union-attr]
        sheet.append(names)
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
        # The columns' titles, units and definitions (the Satu Data data standard).
        about = book.create_sheet(title="kolom")
        about.append(["kolom", "judul", "tipe", "satuan", "definisi"])
        for c in columns:
            about.append(
                [
                    c["name"],
                    _xlsx_cell(column_title(c, lang)),
                    c.get("type", "text"),
                    _xlsx_cell(c.get("unit", "")),
                    _xlsx_cell(column_definition(c, lang)),
                ]
            )
        # FileResponse closes the file when the response is done (it is then deleted).
        spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
        book.save(spool)
        spool.seek(0)
        response = FileResponse(
            spool,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
