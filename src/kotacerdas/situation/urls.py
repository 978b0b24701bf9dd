"""Situation room pages and the SSE stream (filled by the situation-room issue)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
