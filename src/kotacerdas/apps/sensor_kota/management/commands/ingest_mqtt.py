"""``kotacerdas ingest-mqtt``: subscribe to MQTT_URL and store sensor readings."""

from __future__ import annotations

import os
import signal
import socket
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.apps.sensor_kota.ingest.mqtt import ROOT, Stats, Worker


class Command(BaseCommand):
    help = "Subscribe to MQTT_URL (kotacerdas/{region}/{sensor}/{quantity}) and store readings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=os.environ.get("MQTT_URL", "mqtt://127.0.0.1:1883"))
        parser.add_argument(
            "--group",
            default="kotacerdas",
            help="shared-subscription group; workers in one group split the load",
        )
        parser.add_argument("--client-id", default=f"kotacerdas-ingest-{socket.gethostname()}")
        parser.add_argument(
            "--topic-root",
            default=ROOT,
            help="first topic level (default kotacerdas): deployments sharing a broker differ",
        )
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--ack",
            choices=["commit", "receipt"],
            default="commit",
            help="acknowledge after the batch is stored (safe) or on arrival",
        )
        parser.add_argument("--seconds", type=float, default=0, help="stop after N seconds")

    def _worker(self, options: dict[str, Any]) -> Worker:
        return Worker(
            options["url"],
            options["group"],
            options["client_id"],
            options["batch"],
            ack=options["ack"],
            root=options["topic_root"],
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            worker = self._worker(options)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        # Where, never who: the URL's user name and password stay out of the journal.
        where = f"{'mqtts' if worker.tls else 'mqtt'}://{worker.host}:{worker.port}"
        stop = {"now": False}
        signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
        try:
            worker.start()
        except OSError as exc:
            raise CommandError(f"cannot reach the MQTT broker at {where}: {exc}") from exc
        deadline = time.monotonic() + options["seconds"] if options["seconds"] else None
        self.stdout.write(f"listening on {where} topic {worker.topic}")
        last = [0.0]

        def progress(stats: Stats) -> None:
            if time.monotonic() - last[0] >= 5:
                last[0] = time.monotonic()
                self.stdout.write(
                    f"received {stats.received} stored {stats.stored} rejected {stats.rejected}"
                )

        try:
            worker.run(
                lambda: stop["now"] or (deadline is not None and time.monotonic() > deadline),
                progress,
            )
        except KeyboardInterrupt:
            pass
        finally:
            worker.stop()
        s = worker.stats
        self.stdout.write(f"stopped: received {s.received} stored {s.stored} rejected {s.rejected}")
