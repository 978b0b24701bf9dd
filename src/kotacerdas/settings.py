"""Django settings. Everything a deployment changes comes from the environment (config.py)."""

from __future__ import annotations

import os
from pathlib import Path

import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from kotacerdas import config
from kotacerdas.contract.registry import django_apps

# Lets ``forms.ModelForm[Agency]`` and friends be subscripted at run time, as the stubs allow.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

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
    "kotacerdas.core",
    "kotacerdas.platform",
    "kotacerdas.web",
    "kotacerdas.catalog",
    "kotacerdas.situation",
    *django_apps(),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Static files (the npm libraries under /static/vendor/ included) are answered by ServeStatic
# in front of the middleware above, by the ASGI application (asgi.py): its middleware is
# async-only, and everything in MIDDLEWARE runs synchronously in one thread hop.
STATIC_MIDDLEWARE = "servestatic.middleware.ServeStaticMiddleware"

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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = config.env_flag("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
