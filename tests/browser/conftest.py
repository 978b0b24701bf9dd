"""Headless Chromium for page tests: Playwright for Python driving Debian's /usr/bin/chromium.

Playwright's own browser download does not work on these machines, so the executable is
fixed. Without Chromium the tests skip with a message; in CI (KOTACERDAS_REQUIRE_SERVICES=1)
they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import skip_or_fail

CHROMIUM = os.environ.get("KOTACERDAS_CHROMIUM", "/usr/bin/chromium")
# Flags from the machine notes: without the background-networking ones Chromium keeps
# trying to reach Google's hosts from a closed network.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Django's live server runs in a thread while Playwright's sync API runs an event loop in
# this one; Django refuses ORM calls from a thread with a running loop unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Module scope, not session: Playwright's sync API keeps an event loop running on this
# thread while it is open, and later (non-browser) tests may call asyncio.run().
@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (Indonesian, WIB) with ``page.base`` set to the live server."""
    context = chromium.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.base = live_server.url
    yield pg
    context.close()


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Masuk')")
    page.wait_for_load_state()
