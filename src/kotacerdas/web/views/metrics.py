"""``/metrics``: every process's Prometheus metrics (core/metrics.py) in the text format.

Who may read it: a caller on this machine (loopback), unless the request came through the
reverse proxy on a client's behalf, which the proxy's forwarding headers say; or anyone
with ``Authorization: Bearer <KOTACERDAS_METRICS_TOKEN>``. The numbers name regions and
routes and show load, so the public internet is refused with a plain 403.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from kotacerdas.core import metrics

# The classic text format (our names need no escaping): every Prometheus version reads it.
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
# Headers a proxy in front (nginx) sets with the address of the client it serves.
FORWARDING_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def _forwarded_addresses(request: HttpRequest) -> list[str]:
    """Every address the forwarding headers name (``Forwarded: for=...`` included)."""
    found: list[str] = []
    for header in FORWARDING_HEADERS:
        value = request.headers.get(header)
        if value is None:
            continue
        for part in value.split(","):
            if header == "Forwarded":
                pairs = dict(p.strip().split("=", 1) for p in part.split(";") if "=" in p.strip())
                part = pairs.get("for", "").strip('"')
                # for="[::1]:8080" or for=127.0.0.1:8080: the port is not part of the host
                if part.startswith("["):
                    part = part[1:].split("]", 1)[0]
                elif part.count(":") == 1:
                    part = part.split(":", 1)[0]
            found.append(part.strip())
    return found


def local_caller(request: HttpRequest) -> bool:
    """A process on this machine asking directly, or through the proxy from this machine."""
    if not _is_loopback(str(request.META.get("REMOTE_ADDR", ""))):
        return False
    return all(_is_loopback(address) for address in _forwarded_addresses(request))


def has_token(request: HttpRequest) -> bool:
    expected = str(getattr(settings, "KOTACERDAS_METRICS_TOKEN", "") or "")
    scheme, _sep, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not (local_caller(request) or has_token(request)):
        message = _(
            "Metrics are only for this machine or a caller with the metrics token "
            "(Authorization: Bearer …)."
        )
        return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(metrics.scrape(), content_type=CONTENT_TYPE)
