"""``kotacerdas simulate-sensors``: keep the demo alive through the real HTTP ingestion path.

Every tick sends one reading per sensor of the region (diurnal PM2.5, rain, river levels);
a storm starts at launch and, with the default speed, lifts Bendung Simongan to Siaga within
about ten minutes. Timestamps are real time; only the storm's curve runs faster.
"""

from __future__ import annotations

import random
import time
import urllib.error
import urllib.request
import zlib
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.apps.sensor_kota.simulation import reading
from kotacerdas.core.models import Region
from kotacerdas.core.progress import progress

BASES = {"air": 16.0, "water": 40.0, "weather": 0.0}


class Command(BaseCommand):
    help = "Push realistic sensor readings to a running kotacerdas over HTTP."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--key", default="demo-sensor-key")
        parser.add_argument("--region", default="semarang", help="region slug")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between ticks")
        parser.add_argument(
            "--speed",
            type=float,
            default=24.0,
            help="how much faster than real time the storm unfolds",
        )
        parser.add_argument("--ticks", type=int, default=0, help="stop after N ticks (0: never)")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            raise CommandError(f"no region with slug {options['region']!r}")
        sensors = list(
            Sensor.objects.unscoped("the simulator reads the registry")
            .filter(region=region)
            .select_related("station")
        )
        if not sensors:
            raise CommandError(f"{region.name} has no sensors; run 'kotacerdas seed-demo' first")
        endpoint = options["url"].rstrip("/") + "/api/apps/sensor-kota/ingest"
        started, tick, sent = time.time(), 0, 0
        rng = random.Random(7)
        self.stdout.write(
            _("simulating %(count)d sensors of %(region)s → %(endpoint)s")
            % {"count": len(sensors), "region": region.name, "endpoint": endpoint}
        )
        # A bar over the ticks (time left when --ticks is given); off a terminal, nothing
        # between the first and the last line.
        total = options["ticks"] or None
        with progress(total=total, desc=_("Simulating sensors"), unit="tick") as bar:
            try:
                while not options["ticks"] or tick < options["ticks"]:
                    now = time.time()
                    sim = started + (now - started) * options["speed"]  # the storm's clock
                    body = [
                        {
                            "sensor": s.code,
                            "ts": round(now, 3),
                            "value": reading(s.quantity, sim, _base(s.station), started, rng),
                        }
                        for s in sensors
                    ]
                    stored = self._send(endpoint, options["key"], body)
                    tick, sent = tick + 1, sent + stored
                    level = next(
                        (r["value"] for r in body if "water-level" in str(r["sensor"])), "—"
                    )
                    bar.set_postfix_str(
                        _("%(sent)d readings stored · river %(level)s cm")
                        % {"sent": sent, "level": level},
                        refresh=False,
                    )
                    bar.update(1)
                    if not options["ticks"] or tick < options["ticks"]:
                        time.sleep(options["interval"])
            except KeyboardInterrupt:
                pass
        self.stdout.write(
            _("stopped after %(ticks)d ticks, %(sent)d readings stored")
            % {"ticks": tick, "sent": sent}
        )

    def _send(self, endpoint: str, key: str, body: list[dict[str, Any]]) -> int:
        if not endpoint.startswith(("http://", "https://")):
            raise CommandError("--url must start with http:// or https://")
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            endpoint,
            orjson.dumps(body),
            {"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return int(orjson.loads(response.read())["stored"])
        except urllib.error.HTTPError as exc:
            raise CommandError(
                f"the server refused the readings ({exc.code}): "
                f"{exc.read().decode(errors='replace')}"
            ) from exc
        except OSError as exc:
            raise CommandError(f"cannot reach {endpoint}: {exc}") from exc


def _base(station: Station) -> float:
    # Stations keep their own character (an industrial area is dustier) across runs.
    return BASES.get(station.kind, 0.0) + zlib.crc32(station.code.encode()) % 7
