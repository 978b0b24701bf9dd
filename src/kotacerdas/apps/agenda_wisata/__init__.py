"""Agenda & Wisata: Events calendar, tourist destinations and local products, under the region's brand."""
