"""Catalog writes. Each service checks the caller's scope, writes in one transaction, and
raises before changing anything when the input is bad."""
