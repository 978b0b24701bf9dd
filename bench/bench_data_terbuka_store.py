"""Data Terbuka: loading a 1,000,000-row CSV upload through ``stage_upload`` (read, type
guessing, conversion, the personal-data scan, bulk load, one index per column, ANALYZE,
in one transaction), on SQLite and on PostgreSQL. Target: ≥ 100,000 rows/s.

In-process (no HTTP), a fresh database each; the CSV is generated before the clock starts.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Result, on_sqlite_and_postgresql, setup_django

ROWS = int(os.environ.get("KOTACERDAS_BENCH_DT_ROWS", "1000000"))
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "kc_bench_dt_store"
TARGET = 100_000


def measure_cli(backend: str) -> list[Result]:
    url = f"postgresql://postgres@127.0.0.1:5432/{PG_DB}" if backend == "postgresql" else None
    setup_django(url)
    from bench.dt_fixtures import make_big_csv
    from kotacerdas.apps.data_terbuka import datastore
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    folder = Path(tempfile.mkdtemp(prefix="kc-dt-bench-"))
    make_big_csv(folder / f"big-{ROWS}.csv", ROWS)  # warm the page cache, not timed
    from bench.dt_fixtures import make_big_resource

    started = time.perf_counter()
    release, seconds = make_big_resource(ROWS, folder=folder)
    total = time.perf_counter() - started
    assert datastore.count_rows(release.table_name) == ROWS
    rate = ROWS / seconds
    label = "PostgreSQL" if backend == "postgresql" else "SQLite"
    return [
        Result(
            f"data-terbuka upload load {ROWS:,} rows ({label})",
            round(rate),
            "rows/s",
            f"≥ {TARGET:,} rows/s",
            rate >= TARGET,
            f"stage_upload {seconds:.1f} s (CSV write + publish included: {total:.1f} s)",
        )
    ]


def run() -> list[Result]:
    return on_sqlite_and_postgresql(
        "bench.bench_data_terbuka_store", "data-terbuka upload load", PG_SERVER, PG_DB
    )


if __name__ == "__main__":
    for r in measure_cli(sys.argv[1] if len(sys.argv) > 1 else "sqlite"):
        print(r)
