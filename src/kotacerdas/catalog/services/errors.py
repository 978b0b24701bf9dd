"""Errors the catalog services raise; each names the problem and, where there is one, the field."""

from __future__ import annotations


class CatalogError(ValueError):
    """Bad input to a catalog service (HTTP 422); nothing was written."""

    status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class OutOfScope(CatalogError):
    """The variant's sharing scope does not reach the adopting region (HTTP 403)."""

    status = 403


class BundleRefused(CatalogError):
    """A bundle that is unsigned, tampered with, or for an app this installation lacks."""
