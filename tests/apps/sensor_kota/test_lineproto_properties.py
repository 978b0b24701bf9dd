"""Property-based tests of the line-protocol parser: for any text, either rows or a
refusal naming the line (BatchRejected / LineError), never another exception."""

from __future__ import annotations

import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kotacerdas.apps.sensor_kota.ingest.directory import Directory, SensorRef
from kotacerdas.apps.sensor_kota.ingest.errors import BatchRejected
from kotacerdas.apps.sensor_kota.ingest.lineproto import (
    PRECISION_TO_MS,
    LineError,
    parse_line,
    rows_from_lines,
)
from kotacerdas.apps.sensor_kota.ingest.validate import Window

NOW_MS = int(time.time() * 1000)
LEVEL = SensorRef(1, 10, "water_level", 0.0, 1000.0)
PM25 = SensorRef(2, 20, "pm25", 0.0, 1000.0)
SENSORS = Directory(
    1,
    by_key={1: LEVEL, "tinggi": LEVEL, 2: PM25, "pm": PM25},
    by_station={("sungai", "water_level"): LEVEL, ("udara", "pm25"): PM25},
)
WINDOW = Window(30)

# Pieces of real lines, so many examples get past the first checks.
PIECES = st.sampled_from(
    [
        "river",
        "air",
        ",",
        " ",
        "=",
        '"',
        "\\",
        "station=sungai",
        "station=udara",
        "sensor=tinggi",
        "sensor=pm",
        "water_level",
        "pm25",
        "value",
        "=1",
        "=1.5",
        "=-3",
        "=42i",
        "=7u",
        "=t",
        '="txt"',
        "1e308",
        "9" * 400,
        "i",
        "u",
        str(NOW_MS * 10**6),
        str(NOW_MS // 1000),
        "-",
        "nan",
        "inf",
        "\n",
        "#",
        "\t",
        "\x00",
        "é",
    ]
)
LINES = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=30).map("".join))
BODIES = st.lists(LINES, max_size=6).map("\n".join)


def check(body: str, precision: str) -> None:
    try:
        rows = rows_from_lines(body, precision, None, SENSORS, WINDOW, NOW_MS)
    except BatchRejected as refused:
        assert refused.problems, "a refusal names at least one line"
        lines = body.splitlines()
        for problem in refused.problems:
            assert 1 <= problem.index <= len(lines)
            assert problem.detail.startswith(f"line {problem.index}:")
            assert problem.field
        return
    for sensor, ts, value in rows:
        assert sensor in (1, 2)
        assert WINDOW.earliest <= ts <= WINDOW.latest
        assert 0.0 <= value <= 1000.0


@settings(max_examples=600, deadline=None)
@given(BODIES, st.sampled_from(sorted(PRECISION_TO_MS)))
@example(f"river,station=sungai water_level={'9' * 400}i", "ns")
@example(f"river,station=sungai water_level=1 {'9' * 400}", "s")
@example(f"river,station=sungai water_level=1 -{'9' * 400}", "ns")
@example("river,station=sungai water_level=1 ١٢٣", "ns")
def test_any_body_gives_rows_or_a_refusal_naming_the_line(body: str, precision: str) -> None:
    check(body, precision)


@settings(max_examples=400, deadline=None)
@given(LINES, st.sampled_from(sorted(PRECISION_TO_MS.values())))
def test_parse_line_raises_only_line_errors(line: str, scale: float) -> None:
    try:
        tags, fields, ts = parse_line(line, scale, NOW_MS)
    except LineError as refused:
        assert refused.field
        return
    assert isinstance(tags, dict) and isinstance(ts, int)
    assert all(isinstance(name, str) and isinstance(v, float) for name, v in fields)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**450), max_value=10**450))
def test_any_integer_field_or_timestamp_is_a_row_or_a_named_refusal(number: int) -> None:
    check(f"river,station=sungai water_level={number}i {NOW_MS}", "ms")
    check(f"river,station=sungai water_level=5 {number}", "ms")
    check(f"river,station=sungai water_level={number}u", "s")
