"""Django settings. Everything a deployment changes comes from the environment (config.py)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from kotacerdas import config
from kotacerdas.contract.registry import django_apps
from kotacerdas.web.middleware.request_id import LOG_FORMATS, logging_config

# Lets ``forms.ModelForm[Agency]`` and friends be subscripted at run time, as the stubs allow.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

# Prometheus metrics of every process (core/metrics.py): each writes its own files into this
# folder and /metrics adds them up. prometheus_client reads the variable when it is first
# imported, so it is set here, before anything imports it; one folder per machine.
METRICS_DIR = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(DATA_DIR / "metrics")))
try:
    METRICS_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise config.ConfigError(
        f"PROMETHEUS_MULTIPROC_DIR {METRICS_DIR} cannot be created: {exc.strerror}"
    ) from exc
# /metrics answers loopback callers, and others that send "Authorization: Bearer <token>".
KOTACERDAS_METRICS_TOKEN = os.environ.get("KOTACERDAS_METRICS_TOKEN", "").strip()

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_flag("DEBUG", default=False)
ALLOWED_HOSTS = config.allowed_hosts()
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # ninja's templates and static files: Swagger UI for /api/docs, served from here (offline).
    "ninja",
    "csp",  # Content-Security-Policy (kotacerdas.web.security)
    "axes",  # sign-in throttling and lockout (kotacerdas.web.signin)
    "kotacerdas.core",
    "kotacerdas.platform",
    "kotacerdas.web",
    "kotacerdas.catalog",
    "kotacerdas.situation",
    "kotacerdas.maturity",
    *django_apps(),
]

MIDDLEWARE = [
    # First: its request id and timing cover everything below (web/middleware/request_id.py).
    "kotacerdas.web.middleware.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kotacerdas.web.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF reads forms) or authenticates: docs/SECURITY.md.
    "kotacerdas.web.middleware.limits.BodyLimitMiddleware",
    "kotacerdas.web.middleware.hygiene.InputHygieneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kotacerdas.web.middleware.language.PreferredLanguageMiddleware",  # the user's language
    "kotacerdas.web.audit_trail.ActingUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the sign-in form with status 429.
    "axes.middleware.AxesMiddleware",
]

# Static files (the npm libraries under /static/vendor/ included) are answered by ServeStatic
# in front of the middleware above, by the ASGI application (asgi.py): its middleware is
# async-only, and everything in MIDDLEWARE runs synchronously in one thread hop.
STATIC_MIDDLEWARE = "servestatic.middleware.ServeStaticMiddleware"

# Request body limits by endpoint kind (docs/SECURITY.md, "Request bodies"): the first
# ``path`` pattern that matches wins; checked from Content-Length (and while a chunked body
# streams) before authentication and before a view reads the body, 413 in the caller's
# format. ``raw``: the view parses the body itself (no form parsing at the edge).
MB = 1024 * 1024
SENSOR_KOTA_MAX_BODY_BYTES = 16 * MB
KOTACERDAS_BODY_LIMITS = [
    {
        "kind": "sensor ingest",
        "path": r"^/(api/apps/sensor-kota/ingest|influx/api/v2/write)$",
        "limit": "SENSOR_KOTA_MAX_BODY_BYTES",
        "raw": True,
    },
    {"kind": "Open311 (photos)", "path": r"^/open311/", "limit": 12 * MB},
    {"kind": "report form (3 photos)", "path": r"^/r/[^/]+/aduan-warga/lapor/$", "limit": 32 * MB},
    {"kind": "upload", "path": r"^/console/[^/]+/harga-pangan/impor/$", "limit": 20 * MB},
    {"kind": "upload", "path": r"^/console/[^/]+/catalog/", "limit": 20 * MB},
    # Stations CSV: the view refuses files over 1 MB with a message next to the field.
    {"kind": "upload", "path": r"^/console/[^/]+/sensor-kota/stasiun/impor/$", "limit": 4 * MB},
    {"kind": "upload", "path": r"^/admin/", "limit": 20 * MB},
    # A region's GeoJSON boundary (core.geojson.MAX_BYTES is 5 MB) plus the form around it.
    {"kind": "boundary upload", "path": r"^/console/[^/]+/place/$", "limit": 6 * MB},
    # Agencies' open-data uploads: the portal's own limit (KOTACERDAS_DATA_UPLOAD_MAX_MB)
    # answers with a message in the form; this edge limit only stops what is far beyond it.
    {
        "kind": "upload",
        "path": r"^/console/[^/]+/data-terbuka/dataset/[^/]+/unggah/$",
        "limit": "KOTACERDAS_DATA_UPLOAD_EDGE_BYTES",
    },
    # Events' and destinations' photos, the region's logo (each checked in its form).
    {"kind": "upload", "path": r"^/console/[^/]+/agenda-wisata/", "limit": 20 * MB},
    # Evidence of the maturity evaluation: one file of at most 10 MB per form.
    {"kind": "upload", "path": r"^/console/[^/]+/kematangan/$", "limit": 12 * MB},
]
KOTACERDAS_DATA_UPLOAD_MAX_MB = int(os.environ.get("KOTACERDAS_DATA_UPLOAD_MAX_MB", "200"))
KOTACERDAS_DATA_UPLOAD_EDGE_BYTES = (KOTACERDAS_DATA_UPLOAD_MAX_MB + 1) * MB
KOTACERDAS_BODY_LIMIT_DEFAULT = 1 * MB
# Django's own cap on a body read whole (forms' fields, JSON): above every non-upload limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * MB

ROOT_URLCONF = "kotacerdas.urls"
ASGI_APPLICATION = "kotacerdas.asgi.application"
WSGI_APPLICATION = "kotacerdas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kotacerdas.web.context.platform",
                "kotacerdas.web.brand.brand",
            ],
        },
    },
]

DATABASES = {"default": config.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in protection (django-axes, see docs/SECURITY.md): five wrong passwords for one
# username from one address lock that pair out for 15 minutes; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kotacerdas.web.signin.lockout_response"
AXES_VERBOSE = False

# Indonesian first; English available. Times are stored in UTC and shown in WIB.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Front-end libraries come from npm (package.json at the repository root) and are served
# by the app itself under /static/vendor/: city networks and our tests are offline.
NODE_MODULES = Path(
    os.environ.get("KOTACERDAS_NODE_MODULES") or PACKAGE_DIR.parent.parent / "node_modules"
)
VENDOR_ASSETS = {
    "vendor/leaflet": NODE_MODULES / "leaflet" / "dist",
    "vendor/leaflet.markercluster": NODE_MODULES / "leaflet.markercluster" / "dist",
    "vendor/uplot": NODE_MODULES / "uplot" / "dist",
}
STATICFILES_DIRS = [(prefix, str(path)) for prefix, path in VENDOR_ASSETS.items() if path.is_dir()]
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kotacerdas@localhost")
# SMTP relay for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (docs/deploy.md).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = config.env_port("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = config.env_flag("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = config.env_flag("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise config.ConfigError("EMAIL_USE_TLS and EMAIL_USE_SSL are both on: choose one")
EMAIL_TIMEOUT = 20  # seconds: a stuck relay must not hold a request or a job for ever

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# HTTPS (config.Https; docs/SECURITY.md). SECURE_COOKIES=1 alone still marks the cookies.
HTTPS = config.https()
SESSION_COOKIE_SECURE = HTTPS.enabled or config.env_flag("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS.redirect
# Load balancers probe /healthz and /readyz, Prometheus scrapes /metrics, over plain HTTP
# inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = config.HSTS_SECONDS if HTTPS.enabled else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS.enabled
if HTTPS.trust_proxy:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload (security.W021) puts the whole registrable domain (every subdomain of a
    # kota's go.id name) on the browsers' HTTPS-only list for good: a decision for the
    # domain's owner at hstspreload.org, not one an app on one of its hosts can make.
    "security.W021",
]

# Content-Security-Policy (django-csp 4). No inline script anywhere: page code is in static
# files and data reaches it in json_script blocks. Inline style *attributes* stay allowed
# (colours from configurations are set per element); <style> elements are not. The tile
# server's origin is added to img-src per response (kotacerdas.web.security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Browsers without style-src-elem/-attr (CSP level 3) fall back to this line.
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "upgrade-insecure-requests": HTTPS.enabled,
    },
}

# Logs on stderr: "text" (default, the demo: bare messages) or "json" (deployments: one JSON
# object a line with the request id, and an access line per request).
LOG_FORMAT = os.environ.get("KOTACERDAS_LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in LOG_FORMATS:
    raise config.ConfigError(
        f"KOTACERDAS_LOG_FORMAT={LOG_FORMAT!r} is not one of {', '.join(LOG_FORMATS)}"
    )
LOGGING = logging_config(LOG_FORMAT)
