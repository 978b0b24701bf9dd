"""The KPI rollup: ``ReportTally`` and ``ReportSpan``, kept by triggers on reports.

Triggers rather than code in the services: every write path (the services, the demo's and
the benchmark's bulk inserts, ``QuerySet.update()``, deletes by cascade) moves a report
between tally keys in its own transaction, so the rollup cannot drift from the reports.
The SQL lives here, frozen with the migration; existing reports are counted once at the end.
"""

# Every SQL string here is built from the constant names below, never from input.
# ruff: noqa: S608
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

REPORT = "aduan_warga_report"
TALLY = "aduan_warga_reporttally"
SPAN = "aduan_warga_reportspan"
TALLY_KEY = "region_id, day, agency_id, category_name, is_open, overdue, on_time"
SPAN_KEY = "region_id, metric, day, bucket"
WATCHED = (
    "region_id",
    "created_at",
    "agency_id",
    "category_name",
    "status",
    "overdue",
    "resolved_at",
    "expected_at",
    "first_response_at",
)
SPANS = ((1, "first_response_at"), (2, "resolved_at"))
# A frozen copy of models.OPEN_STATES: a migration must not follow later code changes.
OPEN = ("received", "verified", "postponed", "disposed", "in_progress")


def _is_open(r: str) -> str:
    listed = ", ".join(f"'{s}'" for s in OPEN)
    return f"{r}status IN ({listed})"


BUCKETS = "aduan_warga_spanbucket"


def _bucket_rows() -> list[tuple[int, int]]:
    """(bucket, first minute): exact minutes below 16, then 8 buckets per doubling.

    Like a float with a 3-bit mantissa: for 2^e <= m < 2^(e+1), e >= 4, the bucket is
    8 * (e - 3) + (m >> (e - 3)). Frozen here; kpis.bucket_edges() reads it back.
    """
    rows = [(b, b) for b in range(16)]
    for e in range(4, 26):
        rows += [(8 * (e - 3) + k, k << (e - 3)) for k in range(8, 16)]
    return rows


def _log_bucket(minutes: str) -> str:
    # A lookup in a 200-row table keeps the trigger text short: SQLite parses every
    # trigger's text each time a connection opens, so a long CASE costs on every request.
    return (
        f"coalesce((SELECT bucket FROM {BUCKETS} WHERE first_minute <= {minutes} "
        "ORDER BY first_minute DESC LIMIT 1), 0)"
    )


def _on_time(r: str) -> str:
    return (
        f"CASE WHEN {r}resolved_at IS NULL OR {r}expected_at IS NULL THEN 2 "
        f"WHEN {r}resolved_at <= {r}expected_at THEN 1 ELSE 0 END"
    )


# --- SQLite: datetimes are UTC text, WIB is UTC+7 all year --------------------------------


def _sqlite_day(r: str) -> str:
    return f"date({r}created_at, '+7 hours')"


def _sqlite_bucket(r: str, column: str) -> str:
    # julianday() counts days; 1,440 minutes a day.
    return _log_bucket(
        f"CAST((julianday({r}{column}) - julianday({r}created_at)) * 1440 AS INTEGER)"
    )


def _sqlite_move(r: str, delta: int) -> str:
    """Statements adding ``delta`` for the row ``r`` (``NEW.`` or ``OLD.``) to both rollups.

    A removal (``delta`` < 0) only updates a row that is there: it never creates one. When
    the tally is emptied before the reports (Django's flush deletes table by table), a
    report's delete trigger must not write rows that point at regions about to go.
    """
    day = _sqlite_day(r)
    tally_values = (
        f"{r}region_id, {day}, coalesce({r}agency_id, 0), {r}category_name, {_is_open(r)}, "
        f"{r}overdue, {_on_time(r)}"
    )
    if delta > 0:
        parts = [
            f"INSERT INTO {TALLY} ({TALLY_KEY}, count) SELECT {tally_values}, {delta} "
            f"WHERE true ON CONFLICT ({TALLY_KEY}) DO UPDATE SET count = count + excluded.count;"
        ]
    else:
        parts = [
            f"UPDATE {TALLY} SET count = count + {delta} "
            f"WHERE ({TALLY_KEY}) = (SELECT {tally_values});"
        ]
    parts.append(
        f"DELETE FROM {TALLY} WHERE ({TALLY_KEY}) = (SELECT {tally_values}) AND count = 0;"
    )
    for metric, column in SPANS:
        values = f"{r}region_id, {metric}, {day}, {_sqlite_bucket(r, column)}"
        if delta > 0:
            parts.append(
                f"INSERT INTO {SPAN} ({SPAN_KEY}, count) SELECT {values}, {delta} "
                f"WHERE {r}{column} IS NOT NULL "
                f"ON CONFLICT ({SPAN_KEY}) DO UPDATE SET count = count + excluded.count;"
            )
        else:
            parts.append(
                f"UPDATE {SPAN} SET count = count + {delta} "
                f"WHERE {r}{column} IS NOT NULL AND ({SPAN_KEY}) = (SELECT {values});"
            )
        parts.append(f"DELETE FROM {SPAN} WHERE ({SPAN_KEY}) = (SELECT {values}) AND count = 0;")
    return "\n".join(parts)


def _sqlite_create() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    return [
        f"CREATE TRIGGER aw_tally_insert AFTER INSERT ON {REPORT} BEGIN\n"
        f"{_sqlite_move('NEW.', 1)}\nEND;",
        f"CREATE TRIGGER aw_tally_update AFTER UPDATE ON {REPORT} WHEN {changed} BEGIN\n"
        f"{_sqlite_move('OLD.', -1)}\n{_sqlite_move('NEW.', 1)}\nEND;",
        f"CREATE TRIGGER aw_tally_delete AFTER DELETE ON {REPORT} BEGIN\n"
        f"{_sqlite_move('OLD.', -1)}\nEND;",
    ]


def _sqlite_backfill() -> list[str]:
    sql = [
        f"INSERT INTO {TALLY} ({TALLY_KEY}, count) SELECT region_id, {_sqlite_day('')}, "
        f"coalesce(agency_id, 0), category_name, {_is_open('')}, overdue, {_on_time('')}, count(*) "
        f"FROM {REPORT} GROUP BY 1, 2, 3, 4, 5, 6, 7"
    ]
    for metric, column in SPANS:
        sql.append(
            f"INSERT INTO {SPAN} ({SPAN_KEY}, count) SELECT region_id, {metric}, "
            f"{_sqlite_day('')}, {_sqlite_bucket('', column)}, count(*) FROM {REPORT} "
            f"WHERE {column} IS NOT NULL GROUP BY 1, 2, 3, 4"
        )
    return sql


# --- PostgreSQL: one row-level trigger function ---------------------------------------------


def _pg_day(r: str) -> str:
    return f"({r}created_at AT TIME ZONE 'Asia/Jakarta')::date"


def _pg_bucket(r: str, column: str) -> str:
    return _log_bucket(f"floor(extract(epoch FROM {r}{column} - {r}created_at) / 60)::integer")


PG_FUNCTION = f"""
CREATE FUNCTION aw_tally_move(r {REPORT}, delta integer) RETURNS void AS $$
BEGIN
  INSERT INTO {TALLY} AS t ({TALLY_KEY}, count)
  VALUES (r.region_id, {_pg_day("r.")}, coalesce(r.agency_id, 0), r.category_name, {_is_open("r.")},
          r.overdue, {_on_time("r.")}, delta)
  ON CONFLICT ({TALLY_KEY}) DO UPDATE SET count = t.count + excluded.count;
  DELETE FROM {TALLY} WHERE ({TALLY_KEY}) = (r.region_id, {_pg_day("r.")},
      coalesce(r.agency_id, 0), r.category_name, {_is_open("r.")}, r.overdue, {_on_time("r.")})
    AND count = 0;
  IF r.first_response_at IS NOT NULL THEN
    INSERT INTO {SPAN} AS s ({SPAN_KEY}, count)
    VALUES (r.region_id, 1, {_pg_day("r.")}, {_pg_bucket("r.", "first_response_at")}, delta)
    ON CONFLICT ({SPAN_KEY}) DO UPDATE SET count = s.count + excluded.count;
    DELETE FROM {SPAN} WHERE ({SPAN_KEY}) = (r.region_id, 1, {_pg_day("r.")},
        {_pg_bucket("r.", "first_response_at")}) AND count = 0;
  END IF;
  IF r.resolved_at IS NOT NULL THEN
    INSERT INTO {SPAN} AS s ({SPAN_KEY}, count)
    VALUES (r.region_id, 2, {_pg_day("r.")}, {_pg_bucket("r.", "resolved_at")}, delta)
    ON CONFLICT ({SPAN_KEY}) DO UPDATE SET count = s.count + excluded.count;
    DELETE FROM {SPAN} WHERE ({SPAN_KEY}) = (r.region_id, 2, {_pg_day("r.")},
        {_pg_bucket("r.", "resolved_at")}) AND count = 0;
  END IF;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION aw_tally_trigger() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM aw_tally_move(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM aw_tally_move(NEW, 1);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _pg_create() -> list[str]:
    old = ", ".join(f"OLD.{c}" for c in WATCHED)
    new = ", ".join(f"NEW.{c}" for c in WATCHED)
    return [
        PG_FUNCTION,
        f"CREATE TRIGGER aw_tally_insert AFTER INSERT ON {REPORT} "
        "FOR EACH ROW EXECUTE FUNCTION aw_tally_trigger()",
        f"CREATE TRIGGER aw_tally_update AFTER UPDATE ON {REPORT} "
        f"FOR EACH ROW WHEN (({old}) IS DISTINCT FROM ({new})) "
        "EXECUTE FUNCTION aw_tally_trigger()",
        f"CREATE TRIGGER aw_tally_delete AFTER DELETE ON {REPORT} "
        "FOR EACH ROW EXECUTE FUNCTION aw_tally_trigger()",
    ]


def _pg_backfill() -> list[str]:
    sql = [
        f"INSERT INTO {TALLY} ({TALLY_KEY}, count) SELECT region_id, {_pg_day('')}, "
        f"coalesce(agency_id, 0), category_name, {_is_open('')}, overdue, {_on_time('')}, count(*) "
        f"FROM {REPORT} GROUP BY 1, 2, 3, 4, 5, 6, 7"
    ]
    for metric, column in SPANS:
        sql.append(
            f"INSERT INTO {SPAN} ({SPAN_KEY}, count) SELECT region_id, {metric}, "
            f"{_pg_day('')}, {_pg_bucket('', column)}, count(*) FROM {REPORT} "
            f"WHERE {column} IS NOT NULL GROUP BY 1, 2, 3, 4"
        )
    return sql


def _buckets() -> list[str]:
    values = ", ".join(f"({b}, {m})" for b, m in _bucket_rows())
    return [
        f"CREATE TABLE {BUCKETS} (bucket integer PRIMARY KEY, first_minute integer NOT NULL UNIQUE)",
        f"INSERT INTO {BUCKETS} (bucket, first_minute) VALUES {values}",
    ]


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in _buckets():
        schema_editor.execute(sql, params=None)
    if vendor == "sqlite":
        statements = _sqlite_create() + _sqlite_backfill()
    elif vendor == "postgresql":
        statements = _pg_create() + _pg_backfill()
    else:  # the platform supports these two (config.SUPPORTED_SCHEMES)
        raise NotImplementedError(f"no KPI rollup triggers for {vendor}")
    for sql in statements:
        schema_editor.execute(sql, params=None)


def uninstall(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for name in ("aw_tally_insert", "aw_tally_update", "aw_tally_delete"):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {REPORT}", params=None)
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS aw_tally_trigger()", params=None)
        schema_editor.execute(
            f"DROP FUNCTION IF EXISTS aw_tally_move({REPORT}, integer)", params=None
        )
    schema_editor.execute(f"DROP TABLE IF EXISTS {BUCKETS}", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("aduan_warga", "0001_initial"),
        ("core", "0003_job_leases"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportSpan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("metric", models.SmallIntegerField()),
                ("bucket", models.IntegerField()),
                ("count", models.IntegerField(default=0)),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE, related_name="+", to="core.region"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("region", "metric", "day", "bucket"), name="aw_span_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("agency_id", models.BigIntegerField(default=0)),
                ("category_name", models.CharField(max_length=120)),
                ("is_open", models.BooleanField()),
                ("overdue", models.BooleanField(default=False)),
                ("on_time", models.SmallIntegerField(default=2)),
                ("count", models.IntegerField(default=0)),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE, related_name="+", to="core.region"
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["region", "is_open"], name="aw_tally_open")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "region",
                            "day",
                            "agency_id",
                            "category_name",
                            "is_open",
                            "overdue",
                            "on_time",
                        ),
                        name="aw_tally_key",
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
