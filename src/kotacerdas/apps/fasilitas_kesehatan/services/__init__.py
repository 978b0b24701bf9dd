"""Writes and jobs of Fasilitas Kesehatan."""
