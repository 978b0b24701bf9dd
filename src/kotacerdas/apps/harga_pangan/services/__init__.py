"""All writes of Harga Pangan: entry, import, rollups and spike alerts."""
