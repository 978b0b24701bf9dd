"""Alert lifecycle: dedupe per condition, acknowledge and clear with who and when, events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.core.alerts import (
    AlertNotFound,
    BadReason,
    acknowledge,
    clean_reason,
    clear_alert,
    close_by_operator,
    raise_alert,
)
from kotacerdas.core.models import AlertRecord, Event
from kotacerdas.core.tenancy import Scope
from tests.conftest import Demo

SYSTEM = Scope.system("test inspection")


def test_one_open_alert_per_condition(demo: Demo) -> None:
    first, created = raise_alert(demo.semarang, "uji-peringatan", "flood:1", "warning", "Siaga")
    again, created_again = raise_alert(
        demo.semarang, "uji-peringatan", "flood:1", "warning", "Siaga"
    )
    assert created and not created_again and first.pk == again.pk
    worse, _ = raise_alert(demo.semarang, "uji-peringatan", "flood:1", "critical", "Awas")
    assert worse.pk == first.pk and worse.severity == "critical"
    assert AlertRecord.objects.scoped(SYSTEM).filter(condition="flood:1").count() == 1


def test_lifecycle_records_who_and_when(demo: Demo) -> None:
    alert, _ = raise_alert(demo.semarang, "uji-peringatan", "flood:2", "critical", "Awas")
    operator = demo.user("admin-semarang")
    acked = acknowledge(Scope.for_user(operator), alert.pk, operator)
    assert acked.state == "acknowledged" and acked.acknowledged_by == operator
    assert acked.acknowledged_at is not None
    cleared = clear_alert(demo.semarang, "uji-peringatan", "flood:2")
    assert cleared is not None and cleared.state == "cleared" and cleared.cleared_at
    reopened, created = raise_alert(demo.semarang, "uji-peringatan", "flood:2", "warning", "Siaga")
    assert created and reopened.pk != alert.pk
    kinds = list(
        Event.objects.scoped(SYSTEM)
        .filter(region=demo.semarang, app_key="uji-peringatan")
        .values_list("kind", flat=True)
    )
    assert kinds == ["alert.raised", "alert.acknowledged", "alert.cleared", "alert.raised"]


def test_other_region_cannot_acknowledge(demo: Demo) -> None:
    alert, _ = raise_alert(demo.kendal, "uji-peringatan", "flood:3", "critical", "Awas")
    outsider = demo.user("admin-semarang")
    with pytest.raises(AlertNotFound):
        acknowledge(Scope.for_user(outsider), alert.pk, outsider)
    assert AlertRecord.objects.scoped(SYSTEM).get(pk=alert.pk).state == "active"


def test_clearing_a_condition_with_nothing_open_only_reads(demo: Demo) -> None:
    """Apps clear every fine condition after each batch: that must not take a write turn."""
    with CaptureQueriesContext(connection) as queries:
        assert clear_alert(demo.semarang, "sensor-kota", "flood:nothing-open") is None
    assert [q["sql"].split()[0].upper() for q in queries.captured_queries] == ["SELECT"]


def test_closing_by_hand_needs_a_short_reason_and_records_it(demo: Demo) -> None:
    alert, _ = raise_alert(
        demo.semarang, "uji-peringatan", "flood:4", "warning", "Siaga", title_en="Siaga (II)"
    )
    assert alert.data["titles"] == {"id": "Siaga", "en": "Siaga (II)"}
    operator = demo.user("dpu-semarang")
    scope = Scope.for_user(operator)
    for bad in ("", "   ", "dua\nbaris", "bel\x07", "tab\there", "x" * 201):
        with pytest.raises(BadReason):
            close_by_operator(scope, alert.pk, operator, bad)
    assert AlertRecord.objects.scoped(SYSTEM).get(pk=alert.pk).state == "active"
    assert clean_reason("  pompa menyala ") == "pompa menyala"
    assert clean_reason("x" * 200) == "x" * 200
    closed = close_by_operator(scope, alert.pk, operator, " pompa menyala ")
    row = AlertRecord.objects.scoped(SYSTEM).get(pk=closed.pk)
    assert row.state == "cleared" and row.cleared_by == operator and row.cleared_at
    assert row.close_reason == "pompa menyala"
    # An app clearing its own condition records no person and no reason.
    raise_alert(demo.semarang, "uji-peringatan", "flood:5", "warning", "Siaga")
    cleared = clear_alert(demo.semarang, "uji-peringatan", "flood:5")
    assert cleared is not None and cleared.cleared_by_id is None and cleared.close_reason == ""
