"""ASGI entry point (the production server and the demo both serve this)."""

import gc
import os
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
import django
from django.conf import settings
from django.urls import get_resolver
from django.utils.module_loading import import_string

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

    The middleware chain is built synchronous and entered in one hop. Stock Django builds it
    asynchronous under ASGI and runs each sync middleware's ``process_request`` and
    ``process_response`` through ``sync_to_async``: about twenty hops between the event
    loop and the thread per request. Static files, whose ServeStatic middleware is
    async-only, are answered in front of that hop (``STATIC_MIDDLEWARE``).
    """

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        chain: Any = self._middleware_chain  # type: ignore[has-type]  # untyped in Django
        sync_chain = sync_to_async(chain, thread_sensitive=True)
        self._middleware_chain = import_string(settings.STATIC_MIDDLEWARE)(sync_chain)

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)


# The body limit answers before the handler reads a body (it reads it whole before any
# middleware runs): kotacerdas.web.middleware.limits.
from kotacerdas.web.middleware.limits import BodyLimitASGI  # noqa: E402

application = BodyLimitASGI(SharedThreadHandler())

# Import every app's URL patterns now, not on a worker's first request (~1.5 s of CPU that
# a client would wait for), then move everything loaded so far out of the collector's
# reach: full collections otherwise walk the whole Django heap again and again.
get_resolver().resolve("/")  # resolving populates the resolver: every URLconf is imported
gc.freeze()
