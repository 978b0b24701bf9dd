"""``kotacerdas.core.idempotency``: one run per (API key, Idempotency-Key), the first answer
replayed for 24 hours, another request under the same key refused, concurrent duplicates
never both run."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kotacerdas.core import idempotency
from kotacerdas.core.idempotency import Answer, IdempotencyRefused, key_from, run_once
from kotacerdas.core.keys import issue_key
from kotacerdas.core.models import ApiKey, IdempotencyRecord, Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.core.vocab import KeyGrant

ALL = "tests look at every row"


def grant_for(region: Region, name: str = "client") -> KeyGrant:
    row, _clear = issue_key(Scope.region_system(region.pk, "test"), region, "aduan-warga", name)
    return KeyGrant(key_id=row.pk, region_id=region.pk, app_key="aduan-warga")


def new_region() -> Region:
    province = Province.objects.create(code="33", name="Jawa Tengah")
    return Region.objects.create(
        province=province,
        code="33.74",
        name="Kota Semarang",
        kind="kota",
        slug="semarang",
        centre_lat=-7.0,
        centre_lng=110.4,
        bbox_west=110.0,
        bbox_south=-7.2,
        bbox_east=110.6,
        bbox_north=-6.8,
    )


@pytest.fixture
def region(empty_db: None) -> Region:
    return new_region()


class Counter:
    def __init__(self, status: int = 200, body: bytes = b'{"ok": 1}') -> None:
        self.runs = 0
        self.status, self.body = status, body

    def __call__(self) -> Answer:
        self.runs += 1
        return Answer(self.status, self.body + str(self.runs).encode(), "application/json")


def records() -> int:
    return IdempotencyRecord.objects.unscoped(ALL).count()


@pytest.mark.parametrize("raw", ["a", "x" * 200, "550e8400-e29b-41d4-a716-446655440000", "~ !"])
def test_valid_keys(raw: str) -> None:
    assert key_from(raw) == raw


@pytest.mark.parametrize("raw", ["", "x" * 201, "é", "a\tb", "a\x00", "line\n"])
def test_invalid_keys_are_a_400_naming_the_header(raw: str) -> None:
    with pytest.raises(IdempotencyRefused) as refused:
        key_from(raw)
    assert refused.value.status == 400 and refused.value.field == "Idempotency-Key"


def test_no_header_is_no_key() -> None:
    assert key_from(None) is None


def test_fingerprints_do_not_collide_across_part_boundaries() -> None:
    assert idempotency.fingerprint(b"ab", b"c") != idempotency.fingerprint(b"a", b"bc")
    assert idempotency.fingerprint(b"x") == idempotency.fingerprint(b"x")


def test_the_first_answer_is_kept_and_replayed(region: Region) -> None:
    grant, run = grant_for(region), Counter()
    first, replayed = run_once(grant, "k1", "f" * 64, run)
    assert (first.status, first.body, replayed) == (200, b'{"ok": 1}1', False)
    again, replayed = run_once(grant, "k1", "f" * 64, run)
    assert again == first and replayed
    assert run.runs == 1 and records() == 1


def test_another_request_under_the_same_key_is_a_422(region: Region) -> None:
    grant, run = grant_for(region), Counter()
    run_once(grant, "k1", "a" * 64, run)
    with pytest.raises(IdempotencyRefused) as refused:
        run_once(grant, "k1", "b" * 64, run)
    assert refused.value.status == 422 and "another request" in refused.value.message
    assert run.runs == 1


def test_client_errors_are_kept_server_errors_released(region: Region) -> None:
    grant = grant_for(region)
    bad = Counter(status=400)
    run_once(grant, "k4", "a" * 64, bad)
    run_once(grant, "k4", "a" * 64, bad)
    assert bad.runs == 1
    broken = Counter(status=503)
    run_once(grant, "k5", "a" * 64, broken)
    run_once(grant, "k5", "a" * 64, broken)
    assert broken.runs == 2  # a retry after a server error runs again


def test_an_exception_releases_the_key(region: Region) -> None:
    grant = grant_for(region)

    def boom() -> Answer:
        raise RuntimeError("down")

    with pytest.raises(RuntimeError):
        run_once(grant, "k6", "a" * 64, boom)
    assert records() == 0
    assert run_once(grant, "k6", "a" * 64, Counter())[1] is False


def test_a_duplicate_while_the_first_is_running_is_a_409(region: Region) -> None:
    grant = grant_for(region)
    inner: list[int] = []

    def first() -> Answer:
        with pytest.raises(IdempotencyRefused) as refused:
            run_once(grant, "k7", "a" * 64, Counter())
        inner.append(refused.value.status)
        return Answer(200, b"first", "text/plain")

    run_once(grant, "k7", "a" * 64, first)
    assert inner == [409]


def test_keys_are_per_client(region: Region) -> None:
    one, two = grant_for(region, "one"), grant_for(region, "two")
    run = Counter()
    run_once(one, "same", "a" * 64, run)
    run_once(two, "same", "b" * 64, run)
    assert run.runs == 2 and records() == 2


def test_records_older_than_a_day_are_ignored_and_pruned(region: Region) -> None:
    grant, run = grant_for(region), Counter()
    run_once(grant, "old", "a" * 64, run)
    run_once(grant, "older", "a" * 64, run)
    stale = timezone.now() - idempotency.TTL - dt.timedelta(minutes=1)
    IdempotencyRecord.objects.unscoped(ALL).update(created_at=stale)
    _answer, replayed = run_once(grant, "old", "b" * 64, run)  # another body: no 422 now
    assert not replayed and run.runs == 3
    assert list(IdempotencyRecord.objects.unscoped(ALL).values_list("key", flat=True)) == ["old"]


def test_the_database_refuses_a_second_record_for_a_key(region: Region) -> None:
    grant = grant_for(region)
    run_once(grant, "k8", "a" * 64, Counter())
    with pytest.raises(IntegrityError), transaction.atomic():
        IdempotencyRecord.objects.unscoped(ALL).create(
            region=region, api_key_id=grant.key_id, key="k8", fingerprint="b" * 64
        )


def test_records_go_with_their_key(region: Region) -> None:
    grant = grant_for(region)
    run_once(grant, "k9", "a" * 64, Counter())
    ApiKey.objects.unscoped(ALL).filter(pk=grant.key_id).delete()
    assert records() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_never_both_run() -> None:
    grant = grant_for(new_region())
    runs: list[int] = []
    outcomes: list[object] = []
    gate = threading.Barrier(4)

    def slow() -> Answer:
        runs.append(1)
        time.sleep(0.3)
        return Answer(200, b"stored once", "text/plain")

    def client() -> None:
        try:
            gate.wait()
            outcomes.append(run_once(grant, "together", "a" * 64, slow))
        except IdempotencyRefused as refused:
            outcomes.append(refused.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs) == 1
    assert len(outcomes) == 4
    assert all(o == 409 or (isinstance(o, tuple) and o[0].body == b"stored once") for o in outcomes)
    assert records() == 1


@pytest.mark.django_db(transaction=True)
def test_a_server_killed_while_answering_leaves_no_key_behind() -> None:
    """The key is not committed before the work is: had the process died inside ``run()``
    (SIGKILL), a committed "in progress" record would answer every retry 409 for a day
    while the work was never done (found by tests/deploy/test_cluster.py)."""
    grant = grant_for(new_region())
    seen_elsewhere: list[bool] = []

    def look_from_another_connection() -> None:
        seen_elsewhere.append(records() > 0)
        connection.close()

    def work() -> Answer:
        other = threading.Thread(target=look_from_another_connection)
        other.start()
        other.join()
        return Answer(201, b"done", "text/plain")

    answer, replayed = run_once(grant, "crash", "a" * 64, work)
    assert (answer.status, replayed) == (201, False)
    assert seen_elsewhere == [False]  # what a restarted server would have found: nothing
    assert records() == 1  # committed with the work and its answer
    assert run_once(grant, "crash", "a" * 64, Counter())[0].body == b"done"
