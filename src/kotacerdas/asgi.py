"""ASGI entry point (the production server and the demo both serve this)."""

import gc
import os

from django.core.asgi import get_asgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
application = get_asgi_application()

# Import every app's URL patterns now, not on a worker's first request (~1.5 s of CPU that
# a client would wait for), then move everything loaded so far out of the collector's
# reach: full collections otherwise walk the whole Django heap again and again.
get_resolver().resolve("/")  # resolving populates the resolver: every URLconf is imported
gc.freeze()
