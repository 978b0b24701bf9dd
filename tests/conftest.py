"""Shared fixtures: the seeded Central Java demo and one signed-in client per role."""

from __future__ import annotations

import os
from dataclasses import dataclass

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


@pytest.fixture
def demo(db: None) -> Demo:
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
    # The demo seeds a dozen users per test; PBKDF2's deliberate slowness is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    # Resolved app contexts and API-key checks are kept per process for a few seconds;
    # each test has its own rows, so nothing may carry over from the test before.
    from kotacerdas.core.keys import forget_cached_keys
    from kotacerdas.platform.context import forget_contexts

    forget_contexts()
    forget_cached_keys()
