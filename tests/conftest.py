"""Shared fixtures: the seeded Central Java demo and one signed-in client per role."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kotacerdas.core.models import Region
from kotacerdas.platform.demo import seed_demo

# .ci/run sets this: there, a test that cannot reach a service it needs fails instead of
# skipping, so a missing PostgreSQL, Mosquitto or Chromium can never pass silently.
REQUIRE_SERVICES = os.environ.get("KOTACERDAS_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@dataclass
class Demo:
    semarang: Region
    kendal: Region
    demak: Region

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def client_for(self, username: str | None) -> Client:
        client = Client()
        if username is not None:
            client.force_login(self.user(username))
        return client


# MD5 for the tests: the demo seeds a dozen users, and PBKDF2's deliberate slowness is not
# under test. Users seeded once for the session must carry the same hasher the tests use.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Seed the demo once into the test database, committed, before the first test.

    Seeding costs ~5 s; done per test it was most of the suite's time. Tests that use the
    database run inside a transaction rolled back after each test, so every test still
    starts from the same seeded demo. pytest-django runs transactional tests (live server,
    ``transaction=True``) after all of those; their flush empties the tables, and the
    ``demo`` fixture seeds again for each of them.
    """
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        seed_demo()


def _demo_is_seeded() -> bool:
    return Region.objects.filter(slug="semarang").exists()


# Reference rows that migrations create and no test seeds: never flushed.
_KEEP_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


def flush_all_tables() -> None:
    """Delete every row of every table (the sensor store's raw tables included), in the
    current transaction when there is one."""
    from django.core.management.color import no_style
    from django.db import connection

    tables = [
        t
        for t in connection.introspection.table_names(include_views=False)
        if t not in _KEEP_TABLES and not t.startswith("sqlite_")
    ]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    )


@pytest.fixture
def empty_db(db: None) -> None:
    """For tests that build a small world of their own instead of using the demo: the
    session's demo is removed inside this test's transaction, so it is back for the next."""
    flush_all_tables()


@pytest.fixture(autouse=True)
def _transactional_tests_start_empty(request: pytest.FixtureRequest) -> None:
    # Transactional tests (live servers, migrations, several connections) run after every
    # other database test and used to start from empty tables; the first of them would
    # otherwise find the session's committed demo.
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        if _demo_is_seeded():
            flush_all_tables()


@pytest.fixture
def demo(db: None) -> Demo:
    if not _demo_is_seeded():
        seed_demo()
    return Demo(
        semarang=Region.objects.get(slug="semarang"),
        kendal=Region.objects.get(slug="kendal"),
        demak=Region.objects.get(slug="demak"),
    )


# Every role of the platform, with the demo user that holds it.
ROLE_USERS = {
    "anonymous": None,
    "platform_admin": "admin",
    "province_officer": "provinsi",
    "region_admin_semarang": "admin-semarang",
    "agency_staff_semarang": "dpu-semarang",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_base_map_tiles(settings: object) -> None:
    # Tests and CI never fetch map tiles (the default is OpenStreetMap's server): maps draw
    # the region outline and their layers only. tests/browser/test_maps.py turns tiles on.
    settings.KOTACERDAS_TILE_URL = "none"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    # Resolved app contexts and API-key checks are kept per process for a few seconds;
    # each test has its own rows, so nothing may carry over from the test before.
    from kotacerdas.core.keys import forget_cached_keys
    from kotacerdas.platform.brand import forget_brands
    from kotacerdas.platform.context import forget_contexts

    forget_contexts()
    forget_cached_keys()
    forget_brands()
