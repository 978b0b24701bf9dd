"""The WSGI entry point serves static files too (ServeStatic's middleware is ASGI-only)."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest


def _get(path: str) -> tuple[str, bytes]:
    from kotacerdas.wsgi import application

    answer: dict[str, Any] = {}

    def start(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        answer["status"] = status

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    body = b"".join(application(environ, start))
    return answer["status"], body


@pytest.mark.django_db
def test_static_files_through_wsgi() -> None:
    status, body = _get("/static/kotacerdas/app.css")
    assert status == "200 OK" and b"{" in body
    assert _get("/static/kotacerdas/no-such-file.css")[0].startswith("404")
