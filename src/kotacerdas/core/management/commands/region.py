"""``kotacerdas region add 33.08`` and ``kotacerdas region search magelang``.

Run by whoever operates the server, so it acts as the platform itself (a system scope).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from kotacerdas.core import geojson
from kotacerdas.core.services.regions import RegionError, add_region
from kotacerdas.core.tenancy import Scope
from kotacerdas.core.wilayah import search_kab_kota


def _numbers(text: str, count: int, what: str) -> tuple[float, ...]:
    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != count:
        raise CommandError(f"{what} must be {count} numbers separated by commas, not {text!r}")
    return values


class Command(BaseCommand):
    help = "Onboard a kabupaten/kota by its Kemendagri code, or search the code list by name."
    # It touches two tables; the URL and template checks would only slow it down (and fail
    # it for an unrelated app's problem).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a kabupaten/kota: region add 33.08")
        add.add_argument("code", help="Kemendagri code, dotted or not: 33.08 or 3308")
        add.add_argument("--centre", help="LAT,LNG")
        add.add_argument("--bbox", help="W,S,E,N in degrees")
        add.add_argument("--boundary", help="a GeoJSON file with the region's boundary")
        search = sub.add_parser(
            "search", help="find kabupaten/kota by name: region search magelang"
        )
        search.add_argument("query", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        # Refusals in the operator's shell language: Indonesian under an id_* locale, else
        # English like the rest of the command line.
        shell = (
            os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG", "")
        )
        with translation.override("id" if shell.lower().startswith("id") else "en"):
            if options["action"] == "search":
                self._search(" ".join(options["query"]))
            else:
                self._add(options)

    def _search(self, query: str) -> None:
        found = search_kab_kota(query)
        if not found:
            raise CommandError(f"no kabupaten/kota matches {query!r}")
        for k in found:
            self.stdout.write(f"{k.code}  {k.name}, {k.province_name}")

    def _add(self, options: dict[str, Any]) -> None:
        centre = _numbers(options["centre"], 2, "--centre") if options["centre"] else None
        bbox = _numbers(options["bbox"], 4, "--bbox") if options["bbox"] else None
        boundary: bytes | None = None
        if options["boundary"]:
            path = Path(options["boundary"])
            try:
                if path.stat().st_size > geojson.MAX_BYTES:
                    raise CommandError(
                        f"{path} is larger than {geojson.MAX_BYTES // 1024 // 1024} MB"
                    )
                boundary = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        try:
            region = add_region(
                Scope.system("kotacerdas region add"),
                options["code"],
                centre=(centre[0], centre[1]) if centre else None,
                bbox=(bbox[0], bbox[1], bbox[2], bbox[3]) if bbox else None,
                boundary=boundary,
            )
        except RegionError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{region.name} ({region.code}) → slug {region.slug}")
        if not region.place_confirmed:
            self.stdout.write(
                f"Its place is provisional: set it on the map at /console/{region.slug}/place/"
            )
