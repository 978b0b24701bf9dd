"""The KPI rollup: the triggers keep ``ReportTally``/``ReportSpan`` equal to a recount of the
reports after every kind of write, and ``kpis()`` read from it agrees with the reports."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from django.utils import timezone

from kotacerdas.apps.aduan_warga.contract import (
    bucket_edges,
    median_hours,
    minute_bucket,
    window_start,
)
from kotacerdas.apps.aduan_warga.contract import (
    kpis as region_kpis,
)
from kotacerdas.apps.aduan_warga.models import (
    OPEN_STATES,
    Report,
    ReportSpan,
    ReportTally,
)
from kotacerdas.apps.aduan_warga.services import jobs, workflow
from kotacerdas.core.calendar import local_date
from kotacerdas.core.models import Agency, Region
from tests.apps.aduan_warga.conftest import ctx_of, new_report, staff_actor
from tests.conftest import Demo

ALL = "tests look at every row"


def _on_time(r: dict[str, Any]) -> int:
    if r["resolved_at"] is None or r["expected_at"] is None:
        return 2
    return 1 if r["resolved_at"] <= r["expected_at"] else 0


def _rows(region: Region) -> list[dict[str, Any]]:
    return list(
        Report.objects.unscoped(ALL)
        .filter(region=region)
        .values(
            "created_at",
            "agency_id",
            "category_name",
            "status",
            "overdue",
            "resolved_at",
            "expected_at",
            "first_response_at",
        )
    )


def recount(region: Region) -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """The rollup as it should be, counted from the reports in Python."""
    tally: Counter[tuple[Any, ...]] = Counter()
    spans: Counter[tuple[Any, ...]] = Counter()
    for r in _rows(region):
        day = local_date(r["created_at"])
        tally[
            (
                day,
                r["agency_id"] or 0,
                r["category_name"],
                r["status"] in OPEN_STATES,
                r["overdue"],
                _on_time(r),
            )
        ] += 1
        for metric, end in ((1, r["first_response_at"]), (2, r["resolved_at"])):
            if end is not None:
                minutes = int((end - r["created_at"]).total_seconds() // 60)
                spans[(metric, day, minute_bucket(minutes))] += 1
    return tally, spans


def stored(region: Region) -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    tally = Counter(
        {
            (t.day, t.agency_id, t.category_name, t.is_open, t.overdue, t.on_time): t.count
            for t in ReportTally.objects.unscoped(ALL).filter(region=region)
        }
    )
    spans = Counter(
        {
            (s.metric, s.day, s.bucket): s.count
            for s in ReportSpan.objects.unscoped(ALL).filter(region=region)
        }
    )
    return tally, spans


def assert_rollup_matches(region: Region) -> None:
    expected_tally, expected_spans = recount(region)
    tally, spans = stored(region)
    assert tally == expected_tally
    # A span exactly on a minute edge may round either way in SQL (julianday() is a float):
    # the total must match, and every bucket be within one of the recount's.
    assert sum(spans.values()) == sum(expected_spans.values())
    assert all(n > 0 for n in (*tally.values(), *spans.values())), "no empty rows are kept"
    for (metric, day, bucket), n in spans.items():
        near = sum(expected_spans[(metric, day, b)] for b in (bucket - 1, bucket, bucket + 1))
        assert near >= n


def admin_of(demo: Demo) -> workflow.Actor:
    return staff_actor(demo, "admin-semarang")


def test_demo_backfill_and_bulk_inserts_are_counted(demo: Demo) -> None:
    # The demo writes its reports with bulk_create: the triggers count those too.
    assert ReportTally.objects.unscoped(ALL).filter(region=demo.semarang).exists()
    assert_rollup_matches(demo.semarang)
    assert_rollup_matches(demo.kendal)


def test_rollup_follows_every_status_change(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    admin = admin_of(demo)
    dpu = staff_actor(demo, "dpu-semarang")
    public = ctx_of(demo.semarang, "public")
    report, _ = new_report(demo)
    assert_rollup_matches(demo.semarang)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        workflow.verify(admin, report.pk)
        assert_rollup_matches(demo.semarang)
        workflow.dispose(admin, report.pk, "dpu")
        assert_rollup_matches(demo.semarang)
        workflow.follow_up(dpu, report.pk, "Tim sudah ke lokasi")
        assert_rollup_matches(demo.semarang)
        workflow.resolve(dpu, report.pk, "Sudah ditambal")
        assert_rollup_matches(demo.semarang)
        workflow.reopen(public, report.pk, "Masih berlubang")
        assert_rollup_matches(demo.semarang)
        workflow.resolve(dpu, report.pk, "Sudah ditambal ulang")
        workflow.confirm(public, report.pk)
        assert_rollup_matches(demo.semarang)
        other, _ = new_report(demo)
        workflow.merge(admin, other.pk, report.ticket)
        assert_rollup_matches(demo.semarang)
        third, _ = new_report(demo)
        workflow.archive(admin, third.pk, "Uji coba")
        assert_rollup_matches(demo.semarang)


def test_rollup_follows_the_deadline_job_updates_and_deletes(demo: Demo) -> None:
    report, _ = new_report(demo)
    # The job flags overdue reports; run it past every deadline.
    jobs.check_deadlines(ctx_of(demo.semarang), timezone.now() + dt.timedelta(days=60))
    assert Report.objects.unscoped(ALL).get(pk=report.pk).overdue
    assert_rollup_matches(demo.semarang)
    # QuerySet.update() skips Django's save(): the triggers still see it.
    dlh = Agency.objects.unscoped(ALL).get(region=demo.semarang, slug="dlh")
    Report.objects.unscoped(ALL).filter(pk=report.pk).update(
        agency=dlh, category_name="Sampah menumpuk", created_at=timezone.now() - dt.timedelta(3)
    )
    assert_rollup_matches(demo.semarang)
    Report.objects.unscoped(ALL).filter(pk=report.pk).delete()
    assert_rollup_matches(demo.semarang)


def _reference_kpis(region: Region) -> dict[str, Any]:
    """What kpis() computed from the reports before the rollup (same day-based window)."""
    since = window_start(timezone.now())
    rows = [r for r in _rows(region) if local_date(r["created_at"]) >= since]
    open_rows = [r for r in _rows(region) if r["status"] in OPEN_STATES]
    done = [r for r in rows if _on_time(r) != 2]

    def median(end: str) -> float | None:
        spans = [
            (r[end] - r["created_at"]).total_seconds() / 3600 for r in rows if r[end] is not None
        ]
        return statistics.median(spans) if spans else None

    return {
        "received": len(rows),
        "open": len(open_rows),
        "overdue": sum(1 for r in open_rows if r["overdue"]),
        "first-response-hours": median("first_response_at"),
        "resolution-hours": median("resolved_at"),
        "resolved-on-time": (
            round(100 * sum(1 for r in done if _on_time(r) == 1) / len(done), 1) if done else None
        ),
        "overdue.agency": Counter(
            r["agency_id"] for r in open_rows if r["overdue"] and r["agency_id"]
        ),
    }


def test_kpis_from_the_rollup_agree_with_the_reports(demo: Demo) -> None:
    jobs.check_deadlines(
        ctx_of(demo.semarang), timezone.now()
    )  # the demo's late reports get their flags
    kpis = {k.key: k.value for k in region_kpis(ctx_of(demo.semarang))}
    expected = _reference_kpis(demo.semarang)
    for key in ("received", "open", "overdue", "resolved-on-time"):
        assert kpis[key] == expected[key], key
    assert kpis["open"] > 0 and kpis["received"] > 0
    for key in ("first-response-hours", "resolution-hours"):
        assert expected[key] is not None
        # Interpolated inside a log bucket at most 12.5 % wide, then rounded to 0.1 h.
        assert abs(kpis[key] - expected[key]) <= 0.125 * expected[key] + 0.1, key
    names = dict(Agency.objects.unscoped(ALL).values_list("pk", "short_name"))
    assert expected["overdue.agency"], "the demo has overdue reports with an agency"
    for agency_id, late in expected["overdue.agency"].items():
        assert kpis[f"overdue.agency.{names[agency_id]}"] == late


def test_minute_buckets_are_contiguous_and_narrow() -> None:
    previous = -1
    for minutes in range(0, 200_000):
        bucket = minute_bucket(minutes)
        first, width = bucket_edges(bucket)
        assert first <= minutes < first + width, minutes
        assert bucket in (previous, previous + 1), minutes  # no gaps, never backwards
        assert width == 1 or width / first <= 0.125
        previous = bucket
    assert minute_bucket(-5) == 0


def test_median_of_a_histogram() -> None:
    assert median_hours([]) is None
    assert median_hours([(minute_bucket(90), 1)]) == 1.5  # bucket 88–95 min, its middle (92 min)
    # The two middle values of [30 min, 150 min] spread over their buckets: about 1.5 h.
    assert median_hours([(minute_bucket(30), 1), (minute_bucket(150), 1)]) == 1.5
    # Order does not matter; the middle of five spans is the 10-minute one.
    pairs = [(minute_bucket(m), 1) for m in (600, 10, 1, 2, 3000)]
    assert median_hours(pairs) == 0.2


def test_the_triggers_bucket_table_matches_the_python_buckets(demo: Demo) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for minutes in (0, 7, 15, 16, 17, 31, 32, 90, 1439, 1440, 86_400, 10**9):
            cursor.execute(
                "SELECT bucket FROM aduan_warga_spanbucket WHERE first_minute <= %s "
                "ORDER BY first_minute DESC LIMIT 1",
                [minutes],
            )
            assert cursor.fetchone()[0] == minute_bucket(minutes), minutes
