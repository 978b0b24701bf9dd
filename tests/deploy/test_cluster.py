"""More than one server, proven: nginx in front of two ``kotacerdas serve`` processes, two
``ingest-mqtt`` workers and two ``run-jobs`` runners on one PostgreSQL and one Mosquitto.

Citizens' reports (Open311, with Idempotency-Key), sensor batches over HTTP and MQTT and
situation-room streams go through it while one server and one MQTT worker are killed with
SIGKILL and restarted. Afterwards, counted in the database: every report filed exactly once,
every reading stored exactly once (rollups too), every stream got every event of the run
after reconnecting with Last-Event-ID, and the jobs ran once per interval.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import json
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from kotacerdas.platform.jobs import registered_jobs
from tests.conftest import skip_or_fail
from tests.deploy.cluster import (
    LOCATIONS,
    NGINX,
    TICK_EVERY,
    TICK_JOB,
    Cluster,
    MqttPublisher,
    StreamClient,
    Tally,
    fresh_database,
    paced,
    reading_sender,
    report_sender,
)

pytestmark = [pytest.mark.postgres]

TRAFFIC_SECONDS = 20.0
KILL_AT = 6.0  # seconds into the traffic
DOWN_FOR = 3.0  # how long the killed processes stay dead
REPORTERS = 4  # citizens filing reports at the same time
PER_BATCH = 10  # readings per HTTP batch
PER_ROUND = 10  # MQTT messages per round


def services() -> tuple[str, str]:
    """The PostgreSQL server (admin URL) and the broker; skips (fails in CI) without them."""
    admin = os.environ.get("KOTACERDAS_TEST_DATABASE_URL")
    if not admin:
        skip_or_fail("set KOTACERDAS_TEST_DATABASE_URL to run the cluster test on PostgreSQL")
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL=postgresql://…)")
    mqtt = os.environ.get("KOTACERDAS_TEST_MQTT_URL")
    if not mqtt:
        skip_or_fail("KOTACERDAS_TEST_MQTT_URL is not set (e.g. mqtt://127.0.0.1:1883)")
    if not NGINX.exists():
        skip_or_fail(f"nginx is not installed at {NGINX}")
    assert LOCATIONS.exists(), f"{LOCATIONS} is the nginx configuration under test"
    return str(admin), str(mqtt)


def citizen(file_report: Callable[[int], None], i: int) -> Callable[[int], None]:
    """Citizen ``i`` of REPORTERS files reports i, i + REPORTERS, …: every key once."""
    return lambda n: file_report(REPORTERS * n + i)


def wait_until(check: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_nothing_is_lost_or_doubled_when_a_server_and_a_worker_are_killed(
    tmp_path: Path,
) -> None:
    admin_url, mqtt_url = services()
    began = time.monotonic()
    with (
        fresh_database(admin_url) as db_url,
        Cluster(tmp_path, db_url, mqtt_url) as cluster,
        contextlib.ExitStack() as clients,  # closed first: no client outlives a failure
    ):
        world = cluster.prepare()
        prepared = time.monotonic()
        cluster.start()
        started = time.monotonic()
        # Whole seconds (readings are sent in epoch seconds), two hours back: in the window.
        base_ms = (int(time.time()) - 2 * 3600) * 1000
        mqtt_sensor, http_sensor = world["mqtt_sensor"]["id"], world["http_sensor"]["id"]

        # The workers subscribe after connecting: one probe reading stored means the group
        # exists at the broker, so nothing published from now on can fall on no subscriber.
        probe = MqttPublisher(mqtt_url, cluster.mqtt_topic(), base_ms - 3_600_000)

        def probe_stored() -> bool:
            probe.send(len(probe.published), per_round=1)
            return bool(cluster.readings(mqtt_sensor, 0, base_ms - 1))

        subscribed = wait_until(probe_stored, 20)
        probe.close()
        assert subscribed, "the MQTT workers stored nothing: " + cluster.workers[0].output()[-2000:]

        after = cluster.newest_event()
        events = f"/r/semarang/situation/events/?after={after}"
        streams = [
            StreamClient("public-1", cluster.port, events, {}),
            StreamClient("public-2", cluster.port, events, {}),
            StreamClient(
                "operator", cluster.port, events, {"Cookie": f"sessionid={world['session']}"}
            ),
        ]
        for stream in streams:
            stream.start()
            clients.callback(stream.stop)

        reports, batches = Tally(), Tally()
        stop = threading.Event()
        clients.callback(stop.set)
        gateway = MqttPublisher(mqtt_url, cluster.mqtt_topic(), base_ms)
        clients.callback(gateway.close)
        file_report = report_sender(
            cluster.port, world["open311_key"], world["service_code"], cluster.run_id, reports
        )
        threads = [
            # Citizens back to back, so that reports are in flight on the killed server.
            *(paced(citizen(file_report, i), 0.02, stop) for i in range(REPORTERS)),
            paced(
                reading_sender(
                    cluster.port,
                    world["device_key"],
                    world["http_sensor"]["code"],
                    base_ms,
                    PER_BATCH,
                    batches,
                    cluster.run_id,
                ),
                0.2,
                stop,
            ),
            paced(lambda n: gateway.send(n, PER_ROUND), 0.1, stop),
        ]

        time.sleep(KILL_AT)
        # Readings published from now until the worker is back fall partly to its session
        # at the broker: Mosquitto's shared subscription keeps giving an offline member
        # with a persistent session its turn, and delivers them when it reconnects with
        # the same client id (under max_queued_messages, 1000 by default, or they drop).
        victim_server, victim_worker = cluster.servers[0], cluster.workers[0]
        killed_at = time.monotonic()
        victim_server.kill()
        victim_worker.kill()
        published_before_kill = len(gateway.published)
        time.sleep(DOWN_FOR)
        published_while_down = len(gateway.published) - published_before_kill
        cluster.restart([victim_server, victim_worker])
        restarted_at = time.monotonic()
        time.sleep(max(0.0, TRAFFIC_SECONDS - (time.monotonic() - started)))
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        gateway.close()

        # Let the workers drain and the streams catch up (a hole in the event ids is held
        # for up to situation.stream.SETTLE = 5 s before a stream moves past it).
        published = set(gateway.published)
        mqtt_low, mqtt_high = base_ms, base_ms + 10_000_000
        wait_until(
            lambda: len(cluster.readings(mqtt_sensor, mqtt_low, mqtt_high)) >= len(published), 20
        )
        region = world["region_id"]
        public_ids = {
            r[0]
            for r in cluster.sql(
                "SELECT id FROM core_event WHERE region_id = %s AND public AND id > %s",
                region,
                after,
            )
        }
        all_ids = {
            r[0]
            for r in cluster.sql(
                "SELECT id FROM core_event WHERE region_id = %s AND id > %s", region, after
            )
        }
        expected = {"public-1": public_ids, "public-2": public_ids, "operator": all_ids}
        wait_until(lambda: all(expected[s.name] <= set(s.ids) for s in streams), 20)
        for stream in streams:
            stream.stop()
            trace = "".join(f"{t:.3f} {raw!r}\n" for t, raw in stream.trace)
            (tmp_path / f"stream-{stream.name}.trace").write_text(trace)
        # The runners last: their job ticks are counted over the whole run.
        runners_stopped = time.monotonic()
        for runner in cluster.runners:
            runner.stop()

        # ---- what the database holds ----
        report_rows = cluster.sql(
            "SELECT description, ticket FROM aduan_warga_report WHERE region_id = %s", region
        )
        mqtt_stored = cluster.readings(mqtt_sensor, mqtt_low, mqtt_high)
        http_stored = cluster.readings(http_sensor, base_ms, base_ms + 10_000_000)
        rollup = dict(
            cluster.sql(
                "SELECT sensor_id, sum(n) FROM sensor_kota_rollup_minute "
                "WHERE sensor_id IN (%s, %s) AND bucket >= %s GROUP BY sensor_id",
                mqtt_sensor,
                http_sensor,
                base_ms - base_ms % 60_000,
            )
        )
        created_events = cluster.sql(
            "SELECT payload->>'ticket' FROM core_event WHERE region_id = %s "
            "AND kind = 'report.created'",
            region,
        )
        leases = {
            name: (runs, error)
            for name, runs, error in cluster.sql("SELECT name, runs, last_error FROM core_joblease")
        }
        # For the diagnosis of a stream that missed events: what they were and when.
        event_rows = {
            r[0]: (r[1], r[2].timestamp())
            for r in cluster.sql(
                "SELECT id, kind, created_at FROM core_event WHERE region_id = %s AND id > %s",
                region,
                after,
            )
        }
        ticks = [line.split() for line in cluster.job_log.read_text().splitlines()]
        stuck = cluster.sql(
            "SELECT key FROM core_idempotencyrecord WHERE status = 0 AND key LIKE %s",
            f"{cluster.run_id}-%",
        )

    summary = {
        "prepare_s": round(prepared - began, 1),
        "start_s": round(started - prepared, 1),
        "down_s": round(restarted_at - killed_at, 1),
        "total_s": round(time.monotonic() - began, 1),
        "reports": len(reports.sent),
        "report_retries": reports.retries,
        "report_statuses": reports.statuses,
        "http_readings": len(batches.sent),
        "mqtt_published": len(published),
        "mqtt_published_while_worker_down": published_while_down,
        "stream_connects": {s.name: s.connects for s in streams},
        "events": len(all_ids),
        "ticks": len(ticks),
    }
    print("cluster:", json.dumps(summary))

    problems = reports_problems(cluster.run_id, reports, report_rows, created_events, stuck)
    problems += readings_problems(
        batches, http_stored, published, mqtt_stored, rollup, (http_sensor, mqtt_sensor)
    )
    if published_while_down == 0:
        problems.append("no MQTT reading was published while the worker was down")
    for stream in streams:
        problems += stream_problems(stream, expected[stream.name], event_rows)
    if max(s.connects for s in streams) < 2:
        problems.append("no stream lost its server: the kill proved nothing")
    problems += job_problems(ticks, leases, runners_stopped - cluster.runners_started)
    assert problems == [], "\n".join(problems)


def reports_problems(
    run_id: str,
    reports: Tally,
    rows: list[tuple[Any, ...]],
    created_events: list[tuple[Any, ...]],
    stuck: list[tuple[Any, ...]],
) -> list[str]:
    """Every report answered, filed once under its key, with the ticket its client got."""
    problems = [f"report never answered: {why}" for why in reports.gave_up]
    if stuck:
        problems.append(f"Idempotency-Keys left 'in progress' for good: {sorted(stuck)}")
    if len(reports.sent) < 50:
        problems.append(f"only {len(reports.sent)} reports were filed: too little traffic")
    filed: collections.Counter[str] = collections.Counter()
    tickets: dict[str, str] = {}
    for description, ticket in rows:
        match = re.search(rf"({run_id}-report-\d+)", description)
        key = match.group(1) if match else description
        filed[key] += 1
        tickets[key] = ticket
    doubled = {k: n for k, n in filed.items() if n > 1}
    if doubled:
        problems.append(f"reports filed more than once: {doubled}")
    answered_not_filed = sorted(set(reports.sent) - set(filed))
    if answered_not_filed:
        problems.append(f"reports answered but not in the database: {answered_not_filed}")
    filed_not_answered = sorted(set(filed) - set(reports.sent))
    if filed_not_answered:
        problems.append(f"reports in the database whose client got no answer: {filed_not_answered}")
    wrong = {
        k: (t, reports.sent[k])
        for k, t in tickets.items()
        if k in reports.sent and t != reports.sent[k]
    }
    if wrong:
        problems.append(f"tickets differ from the answers (database, answer): {wrong}")
    announced = collections.Counter(t for (t,) in created_events)
    if announced != collections.Counter(tickets.values()):
        problems.append(f"report.created events do not match the reports once each: {announced}")
    return problems


def readings_problems(
    batches: Tally,
    http_stored: list[int],
    published: set[int],
    mqtt_stored: list[int],
    rollup: dict[Any, Any],
    sensors: tuple[int, int],
) -> list[str]:
    """Every HTTP reading and every MQTT reading the broker acknowledged stored once."""
    problems = [f"sensor batch never answered: {why}" for why in batches.gave_up]
    sent = {int(ts) for ts in batches.sent}
    if lost := sorted(sent - set(http_stored)):
        problems.append(f"{len(lost)} HTTP readings answered but not stored: ts {lost[:5]}")
    if extra := sorted(set(http_stored) - sent):
        problems.append(f"{len(extra)} HTTP readings stored whose batch got no answer: {extra[:5]}")
    if lost := sorted(published - set(mqtt_stored)):
        problems.append(
            f"{len(lost)} of {len(published)} MQTT readings acknowledged by the broker but "
            f"not stored: ts {lost[:5]}"
        )
    http_sensor, mqtt_sensor = sensors
    counted = {http_sensor: len(http_stored), mqtt_sensor: len(mqtt_stored)}
    if {k: int(v) for k, v in rollup.items()} != counted:
        problems.append(f"minute rollups count {rollup}, the raw table holds {counted}")
    return problems


def stream_problems(
    stream: StreamClient, expected: set[int], events: dict[int, tuple[str, float]]
) -> list[str]:
    """The stream got every event of the run, each once, in order, across reconnects."""
    problems = []
    got = collections.Counter(stream.ids)
    if lost := sorted(expected - set(got)):
        around = (
            max((e for e in stream.ids if e < lost[0]), default=None),
            min((e for e in stream.ids if e > lost[0]), default=None),
        )
        problems.append(
            f"stream {stream.name} never got events {lost[:10]} ({len(lost)} in all): "
            f"{[(i, *events.get(i, ('?', 0))) for i in lost[:3]]}; received around it "
            f"{around}; connections (time, Last-Event-ID, events so far) {stream.history}; "
            f"last errors {stream.errors[-3:]}"
        )
    if repeated := sorted(i for i, n in got.items() if n > 1):
        problems.append(f"stream {stream.name} got events twice: {repeated[:10]}")
    if stream.ids != sorted(stream.ids):
        problems.append(f"stream {stream.name} got events out of order")
    return problems


def job_problems(
    ticks: list[list[str]], leases: dict[str, tuple[int, str]], window: float
) -> list[str]:
    """The 2-second job ran once per interval, shared by the two runners; the apps' jobs
    (intervals of 30 s and more) ran once per interval too, not once per runner."""
    problems = []
    times = sorted(float(t) for _pid, t, _event in ticks)
    # Claim times (the lease's last_started_at as each run saw it): a new claim needs the
    # last one's lease to have run out, so no two can be closer than the interval.
    gaps = [round(b - a, 3) for a, b in itertools.pairwise(times)]
    # The runners were stopped with SIGTERM: the last run may have logged its line and not
    # yet counted itself on the lease.
    if not 0 <= len(ticks) - leases[TICK_JOB][0] <= 1:
        problems.append(f"{TICK_JOB}: {len(ticks)} runs but the lease counts {leases[TICK_JOB][0]}")
    if not gaps or min(gaps) < TICK_EVERY - 0.01:
        problems.append(f"{TICK_JOB} ran twice within one interval: gaps {gaps}")
    if not gaps or max(gaps) > TICK_EVERY + 2.0:
        problems.append(f"an interval passed without {TICK_JOB}: gaps {gaps}")
    if len(ticks) < 5:
        problems.append(f"{TICK_JOB} ran only {len(ticks)} times in {window:.0f} s")
    every = {job.name: job.every_seconds for job in registered_jobs()}
    for name, (runs, error) in leases.items():
        if error:
            problems.append(f"job {name} failed: {error}")
        if name != TICK_JOB and not 1 <= runs <= window // every[name] + 1:
            problems.append(
                f"job {name} (every {every[name]} s) ran {runs} times in {window:.0f} s"
            )
    return problems
