"""Property-based tests of the batch JSON parser: for any JSON value (or any bytes), either
rows or a refusal naming the reading and field (BatchRejected), never another exception."""

from __future__ import annotations

import time
from typing import Any

import orjson
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kotacerdas.apps.sensor_kota.ingest.directory import Directory, SensorRef
from kotacerdas.apps.sensor_kota.ingest.errors import BatchRejected
from kotacerdas.apps.sensor_kota.ingest.validate import Window, rows_from_items
from kotacerdas.apps.sensor_kota.views.ingest import _json_items

NOW = int(time.time())
LEVEL = SensorRef(1, 10, "water_level", 0.0, 1000.0)
SENSORS = Directory(1, by_key={1: LEVEL, "tinggi": LEVEL})
WINDOW = Window(30)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["tinggi", 1, NOW, NOW - 60.5, "2026-01-01T00:00:00+07:00", "Z", 1e308]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)
READING = st.fixed_dictionaries(
    {
        "sensor": st.one_of(st.sampled_from(["tinggi", 1, 2, "x"]), JSON),
        "ts": st.one_of(st.sampled_from([NOW, NOW - 30, float(NOW)]), SCALARS),
        "value": st.one_of(st.floats(min_value=-10, max_value=2000), SCALARS),
    },
)
BATCHES = st.one_of(
    JSON,
    st.lists(st.one_of(READING, JSON), max_size=8),
    st.lists(READING, max_size=8).map(lambda r: {"readings": r}),
)


def check(body: bytes, station_only: int | None = None) -> None:
    try:
        items = _json_items(body)
        rows = rows_from_items(items, station_only, SENSORS, WINDOW)
    except BatchRejected as refused:
        assert str(refused)
        for problem in refused.problems:
            assert problem.index >= 0
            assert problem.field in ("", "sensor", "ts", "value")
        return
    assert len(rows) == len(items)
    for sensor, ts, value in rows:
        assert sensor == 1 and WINDOW.earliest <= ts <= WINDOW.latest
        assert 0.0 <= value <= 1000.0


@settings(max_examples=600, deadline=None)
@given(BATCHES, st.sampled_from([None, 10, 20]))
@example([{"sensor": "tinggi", "ts": 1e308, "value": 1}], None)
@example([{"sensor": "tinggi", "ts": -1.7976931348623157e308, "value": 1}], None)
@example([{"sensor": "tinggi", "ts": "9999-12-31T23:59:59-23:59", "value": 1}], None)
@example([{"sensor": "tinggi", "ts": NOW, "value": 1.7e308}], None)
def test_any_json_value_gives_rows_or_a_named_refusal(value: Any, station: int | None) -> None:
    check(orjson.dumps(value), station)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
@example(b'[{"sensor": "tinggi", "ts": 1' + b"0" * 400 + b', "value": 1}]')
@example(b"[" * 2000)
def test_any_bytes_give_rows_or_a_refusal(body: bytes) -> None:
    check(body)
