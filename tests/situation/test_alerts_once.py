"""One alert channel: every open condition appears exactly once in the room."""

from __future__ import annotations

import re
from collections import Counter

from kotacerdas.core.alerts import OPEN
from kotacerdas.core.models import AlertRecord
from kotacerdas.platform.jobs import registered_jobs, run_job
from kotacerdas.situation.feed import OPEN_LIMIT
from tests.conftest import Demo


def test_every_open_alert_of_the_real_apps_shows_once(demo: Demo) -> None:
    for entry in registered_jobs():
        run_job(entry)  # every app raises what its conditions say, as the runner would
    open_ids = set(
        AlertRecord.objects.unscoped("test")
        .filter(region=demo.semarang, state__in=OPEN)
        .values_list("pk", flat=True)
    )
    assert open_ids, "the demo has open conditions (overdue reports, floods, price spikes)"
    page = demo.client_for("admin-semarang").get("/r/semarang/situation/").content.decode()
    feed = page.split('id="alert-feed"', 1)[1].split("</ol>", 1)[0]
    shown = Counter(int(n) for n in re.findall(r'id="alert-(\d+)"', feed))
    items = feed.count('class="alert-item')
    assert all(n == 1 for n in shown.values()), shown
    assert items == sum(shown.values()), "an alert without a row was shown"
    assert len(open_ids & shown.keys()) == min(len(open_ids), OPEN_LIMIT)
