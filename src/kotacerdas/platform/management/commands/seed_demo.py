from typing import Any

from django.core.management.base import BaseCommand

from kotacerdas.platform.demo import seed_demo


class Command(BaseCommand):
    help = "Seed the Central Java demo (idempotent: re-running duplicates nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed_demo()
        self.stdout.write(f"Demo ready ({report.created} new rows).")
        self.stdout.write("")
        self.stdout.write(f"  {'user':<22} {'password':<24} role")
        for u in report.users:
            self.stdout.write(f"  {u.username:<22} {u.password:<24} {u.role} · {u.where}")
        for note in report.notes:
            self.stdout.write(note)
