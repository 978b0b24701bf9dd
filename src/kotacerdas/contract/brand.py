"""A region's brand on its public pages: name, logo, colours and tagline.

An app may provide it (``SmartCityApp.brand``, Agenda & Wisata does, from the local part of
its configuration, which an adopted variant never overwrites); the platform applies it to
every public page of the region.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Brand:
    """Colours are ``#rrggbb``; ``on_primary`` is the text colour chosen for contrast."""

    name: dict[str, str]
    tagline: dict[str, str]
    logo_url: str
    primary: str
    on_primary: str
    accent: str = ""
