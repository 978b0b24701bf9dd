"""WSGI entry point, for hosts that only speak WSGI (and Django's ``runserver``).

uvicorn (ASGI, ``kotacerdas serve``) is the supported server: there ServeStatic answers
static files in front of Django (``asgi.py``). Its middleware is async-only, so a WSGI host
gets them from Django's staticfiles handler instead (the same finders, fewer cache headers).
"""

import os

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
application = StaticFilesHandler(get_wsgi_application())
