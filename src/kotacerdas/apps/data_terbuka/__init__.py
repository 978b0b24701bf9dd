"""Data Terbuka: each region's open-data portal (Satu Data Indonesia), CKAN-compatible."""
