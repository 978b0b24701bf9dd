from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kotacerdas.core.progress import progress
from kotacerdas.platform.demo import demo_steps, seed_demo


class Command(BaseCommand):
    help = "Seed the Central Java demo (idempotent: re-running duplicates nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        # One bar over the steps (regions, users, each app, the linked parts): the apps'
        # seeds take most of the time, a few seconds each.
        with progress(total=demo_steps(), desc=_("Seeding the demo"), unit="step") as bar:

            def done(step: str) -> None:
                bar.set_postfix_str(step, refresh=False)
                bar.update(1)

            report = seed_demo(on_step=done)
        self.stdout.write(f"Demo ready ({report.created} new rows).")
        self.stdout.write("")
        self.stdout.write(f"  {'user':<22} {'password':<24} role")
        for u in report.users:
            self.stdout.write(f"  {u.username:<22} {u.password:<24} {u.role} · {u.where}")
        for note in report.notes:
            self.stdout.write(note)
