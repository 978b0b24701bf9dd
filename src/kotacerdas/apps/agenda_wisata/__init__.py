"""Agenda & Wisata: events, tourist destinations and local products, under the region's brand."""
