"""Public pages and console screens of Harga Pangan."""
