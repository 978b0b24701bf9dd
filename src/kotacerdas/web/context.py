"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kotacerdas import __version__
from kotacerdas.dimensions import DIMENSIONS


def platform(request: HttpRequest) -> dict[str, Any]:
    return {"KOTACERDAS_VERSION": __version__, "DIMENSIONS": DIMENSIONS}
