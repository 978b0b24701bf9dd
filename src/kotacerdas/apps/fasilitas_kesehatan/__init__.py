"""Fasilitas Kesehatan: Health facilities and bed availability per room class, a public finder, a FHIR R4 API."""
