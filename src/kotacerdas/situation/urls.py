"""Situation room pages and streams, at fixed paths beside the core's region pages."""

from django.urls import URLPattern, URLResolver, include, path

from kotacerdas.situation.views import alerts, console, province, room, stream

room_patterns: list[URLPattern | URLResolver] = [
    path("", room.room, name="room"),
    path("tiles/", room.tiles, name="tiles"),
    path("layers.json", room.layers, name="layers"),
    path("events/", stream.region_stream, name="stream"),
    path("alerts/<int:alert_id>/", alerts.alert_item, name="alert"),
    path("alerts/<int:alert_id>/acknowledge/", alerts.acknowledge_alert, name="acknowledge"),
    path("alerts/<int:alert_id>/clear/", alerts.clear_alert, name="clear"),
]

patterns: list[URLPattern | URLResolver] = [
    path("r/<slug:region_slug>/situation/", include(room_patterns)),
    path("province/<str:code>/situation/", province.province_room, name="province"),
    path("province/<str:code>/situation/heat/", province.province_heat, name="province-heat"),
    path("province/<str:code>/situation/events/", stream.province_stream, name="province-stream"),
    path("console/<slug:region_slug>/situation/", console.room_settings, name="settings"),
]

urlpatterns: list[URLPattern | URLResolver] = [path("", include((patterns, "situation")))]
