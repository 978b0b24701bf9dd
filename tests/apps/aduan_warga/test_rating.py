"""After resolution: the reporter rates the handling (1–5) or reopens within the region's
``reopen_days`` working days; after the window reopening is refused; the mean is a KPI."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from kotacerdas.apps.aduan_warga.contract import kpis
from kotacerdas.apps.aduan_warga.models import Rating, Report, Status
from kotacerdas.apps.aduan_warga.services import workflow
from kotacerdas.apps.aduan_warga.services.rating import can_reopen
from kotacerdas.apps.aduan_warga.services.tracking import tracking_path
from tests.apps.aduan_warga.conftest import ctx_of, new_report, staff_actor
from tests.conftest import Demo

ALL = "tests look at every row"


def _resolved(demo: Demo) -> Report:
    report, _token = new_report(demo)
    admin, dpu = staff_actor(demo, "admin-semarang"), staff_actor(demo, "dpu-semarang")
    workflow.verify(admin, report.pk)
    workflow.dispose(admin, report.pk, "dpu")
    workflow.resolve(dpu, report.pk, note="ditambal", public_message="Lubang sudah ditambal.")
    return Report.objects.unscoped(ALL).select_related("region").get(pk=report.pk)


def test_rate_reopen_window_and_kpi(demo: Demo) -> None:
    ctx = ctx_of(demo.semarang, "public")
    client = Client()
    early, _token = new_report(demo)
    early = Report.objects.unscoped(ALL).select_related("region").get(pk=early.pk)
    # Before resolution there is nothing to rate.
    page = client.get(tracking_path(early))
    assert 'id="rate"' not in page.content.decode()
    refused = client.post(tracking_path(early), {"answer": "rate", "score": "5"})
    assert refused.status_code == 400 and 'id="answer-error"' in refused.content.decode()
    assert not Rating.objects.unscoped(ALL).exists()

    report = _resolved(demo)
    path = tracking_path(report)
    assert 'id="rate"' in client.get(path).content.decode()
    for bad in ["0", "6", "abc", "", "4.5", "9" * 100]:
        answer = client.post(path, {"answer": "rate", "score": bad})
        assert answer.status_code == 400 and 'id="error-score"' in answer.content.decode(), bad
    long = client.post(path, {"answer": "rate", "score": "3", "comment": "x" * 1001})
    assert long.status_code == 400 and 'id="error-comment"' in long.content.decode()
    assert not Rating.objects.unscoped(ALL).exists()
    assert client.post(path, {"answer": "rate", "score": "2", "comment": "Lama"}).status_code == 302
    assert (
        client.post(path, {"answer": "rate", "score": "4", "comment": "Cepat"}).status_code == 302
    )
    rating = Rating.objects.unscoped(ALL).get(report=report)
    assert (rating.score, rating.comment) == (4, "Cepat")  # changed, not a second row
    # The comment is the reporter's words: not on the public page.
    public = client.get(f"/r/semarang/aduan-warga/laporan/{report.ticket}/").content.decode()
    assert "Cepat" not in public

    # A second resolved report, rated 2: the KPI is the mean of the region's ratings.
    other = _resolved(demo)
    client.post(tracking_path(other), {"answer": "rate", "score": "2"})
    kpi = {k.key: k for k in kpis(ctx_of(demo.semarang))}["rating"]
    assert kpi.value == 3.0
    assert {k.key: k for k in kpis(ctx_of(demo.kendal))}["rating"].value is None

    # Reopen within the window: back with the agency.
    assert can_reopen(ctx, report)
    back = client.post(path, {"answer": "reopen", "note": "Masih berlubang di sisi kiri."})
    assert back.status_code == 302
    assert Report.objects.unscoped(ALL).get(pk=report.pk).status == Status.IN_PROGRESS

    # After the window (reopen_days working days): refused with a message, nothing changes.
    late_at = timezone.now() - dt.timedelta(days=40)
    Report.objects.unscoped(ALL).filter(pk=other.pk).update(resolved_at=late_at)
    other = Report.objects.unscoped(ALL).select_related("region").get(pk=other.pk)
    assert not can_reopen(ctx, other)
    page = client.get(tracking_path(other)).content.decode()
    assert 'id="reopen"' not in page  # the form is not offered
    late = client.post(tracking_path(other), {"answer": "reopen", "note": "Rusak lagi."})
    assert late.status_code == 400
    assert str(ctx.config.reopen_days) in late.content.decode()
    assert Report.objects.unscoped(ALL).get(pk=other.pk).status == Status.RESOLVED
