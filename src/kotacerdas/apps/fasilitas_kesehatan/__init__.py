"""Fasilitas Kesehatan: health facilities and bed availability per room class,
a public finder and a FHIR R4 API."""
