"""ASGI entry point (the production server and the demo both serve this)."""

import gc
import os

from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
import django
from django.urls import get_resolver

django.setup(set_prefix=False)


class SharedThreadHandler(ASGIHandler):
    """Django's ASGI handler running every request's sync code on one thread per process.

    Stock Django opens a ``ThreadSensitiveContext`` per request, so each request's sync
    middleware and view run on a thread of their own: a new thread, and with it a new
    database connection (SQLite: connect, PRAGMAs, schema parse; PostgreSQL: a trip to the
    pool) for every request. Our views are sync and CPU-bound under the GIL, so those
    threads bought no parallelism; without the context asgiref sends all sync code of the
    process to one shared thread. Measured with ``bench/bench_aduan_warga.py``'s POST load
    (8 clients, ``serve --workers 2``): 8.9 → 4.9 ms of server CPU per post on SQLite,
    7.2 → 4.8 ms on PostgreSQL. Streams stay async; each read is a short sync call.
    """

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)


application = SharedThreadHandler()

# Import every app's URL patterns now, not on a worker's first request (~1.5 s of CPU that
# a client would wait for), then move everything loaded so far out of the collector's
# reach: full collections otherwise walk the whole Django heap again and again.
get_resolver().resolve("/")  # resolving populates the resolver: every URLconf is imported
gc.freeze()
