"""Schemathesis hooks for scripts/api-check, region admin pass: every request carries the
CSRF cookie and header of the signed-in session, as the console's pages send them, so
Django's CSRF check lets the mutating session operations through to their logic (a request
without the session is still refused with 401). Loaded with
``SCHEMATHESIS_HOOKS=api_check_hooks``."""

from __future__ import annotations

import os
from typing import Any

import schemathesis


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    token = os.environ.get("CSRF_TOKEN", "")
    if token:
        case.cookies = {**(case.cookies or {}), "csrftoken": token}
        case.headers = {**(case.headers or {}), "X-CSRFToken": token}
