"""Aduan Warga: citizen reports with the LAPOR! workflow and an Open311 GeoReport v2 API."""
