import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kotacerdas.platform.jobs import registered_jobs, run_due


class Command(BaseCommand):
    help = "Run the apps' periodic jobs (SLA checks, staleness …); --once for a single pass."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due, then exit")
        parser.add_argument("--tick", type=float, default=15.0, help="seconds between passes")

    def handle(self, *args: Any, **options: Any) -> None:
        names = ", ".join(job.name for job in registered_jobs()) or "none"
        self.stdout.write(f"Periodic jobs: {names}")
        while True:
            for outcome in run_due():
                status = "ok" if outcome.ok else f"FAILED: {outcome.error}"
                self.stdout.write(f"  {outcome.name}: {status}")
            if options["once"]:
                return
            time.sleep(options["tick"])
