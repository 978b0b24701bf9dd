"""Contoh Taman: a minimal app listing a region's parks, to prove the app contract."""
