"""The reporter's private tracking link and the absolute addresses e-mails carry.

The token is derived from the ticket with the site's secret (an HMAC), not stored: any
e-mail, whenever it is sent, can carry the link again, while the database alone (a
backup, a leak) does not give it away. ``Report.tracking_hash`` keeps the hash of the
token handed out when the report was made, so links given before the token was derived
(and the demo's) keep working.

Mails leave outside a request (after the commit, from jobs), so the site's public address
comes from ``KOTACERDAS_SITE_URL`` (setting or environment), e.g. ``https://lapor.kota.go.id``,
else from ``ALLOWED_HOSTS`` (see :func:`site_url`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac

from kotacerdas.apps.aduan_warga.models import Follower, Report

TOKEN_SALT = "kotacerdas.aduan_warga.tracking"  # noqa: S105 (a salt, not a secret)
UNFOLLOW_SALT = "kotacerdas.aduan_warga.unfollow"
# What a ticket looks like: the region's code without dots, a dash, 7 letters/digits.
TICKET = re.compile(r"^[0-9]{2,10}-[A-Z0-9]{4,12}$")
DEFAULT_SITE = "http://localhost:8000"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_for(ticket: str) -> str:
    """The private token of a ticket (24 characters, URL-safe)."""
    return salted_hmac(TOKEN_SALT, ticket, algorithm="sha256").hexdigest()[:24]


def token_matches(report: Report, token: str) -> bool:
    # Constant-time, both ways: the token is the reporter's only key to answer and rate.
    if len(token) > 100:
        return False
    derived = hmac.compare_digest(token_for(report.ticket), token)
    return derived or hmac.compare_digest(report.tracking_hash, hash_token(token))


def normalise_ticket(raw: str) -> str:
    """A ticket as people type or read it out: spaces dropped, upper case; '' if not one."""
    ticket = re.sub(r"\s+", "", raw[:60]).upper()
    return ticket if TICKET.match(ticket) else ""


def site_url() -> str:
    """The site's public address: ``KOTACERDAS_SITE_URL``; else the first real host name of
    ``ALLOWED_HOSTS`` (https when ``KOTACERDAS_HTTPS=1``); else the local server's."""
    configured = getattr(settings, "KOTACERDAS_SITE_URL", None)
    base = configured if configured is not None else os.environ.get("KOTACERDAS_SITE_URL", "")
    if base:
        return str(base).rstrip("/")
    for host in getattr(settings, "ALLOWED_HOSTS", []):
        name = str(host)
        if "." in name and not name.startswith((".", "*")) and not name[0].isdigit():
            secure = os.environ.get("KOTACERDAS_HTTPS", "") in {"1", "true", "yes"}
            return f"{'https' if secure else 'http'}://{name}"
    return DEFAULT_SITE


def tracking_path(report: Report) -> str:
    args = [report.region.slug, report.ticket, token_for(report.ticket)]
    return reverse("aduan_warga:track", args=args)


def tracking_url(report: Report) -> str:
    return site_url() + tracking_path(report)


def public_url(report: Report) -> str:
    return site_url() + reverse("aduan_warga:detail", args=[report.region.slug, report.ticket])


def unfollow_token(follower: Follower) -> str:
    return salted_hmac(UNFOLLOW_SALT, f"{follower.pk}:{follower.email}").hexdigest()[:24]


def unfollow_url(follower: Follower, report: Report) -> str:
    args = [report.region.slug, follower.pk, unfollow_token(follower)]
    return site_url() + reverse("aduan_warga:unfollow", args=args)
