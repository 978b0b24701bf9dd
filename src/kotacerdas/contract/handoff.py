"""Handing work from one app to another without either importing the other.

An app that can take in work declares :class:`Intake` entries (``SmartCityApp.intakes``);
an app that wants to pass work on asks the platform
(``platform_services().hand_off(ctx, kind, payload)``), which finds the app enabled in the
same region that accepts that kind and calls it in the caller's transaction. The payload
types of each kind live here, in the contract, so both sides agree on them.

Example: a 112 call that is not an emergency becomes a citizen report in Aduan Warga.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The kinds of work apps hand to each other.
CITIZEN_REPORT = "citizen-report"


@dataclass(frozen=True)
class CitizenReportHandoff:
    """A citizen report made on a citizen's behalf by another app (a call-taker …).

    ``reporter_phone``/``reporter_name`` are personal data: the receiving app keeps them
    where it keeps its own reporters' contact (staff only). ``source_*`` is the link back.
    """

    title: str
    description: str
    latitude: float | None
    longitude: float | None
    address: str
    source_app: str
    source_ref: str
    source_url: str
    category_hint: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""


@dataclass(frozen=True)
class Receipt:
    """What the receiving app made: its key, its own reference, where staff find it."""

    app_key: str
    ref: str
    staff_url: str
    public_url: str = ""


@dataclass(frozen=True)
class Intake:
    """A kind of work this app takes in: ``receive(ctx, payload) -> Receipt``.

    ``ctx`` is the receiving app's context in the same region, for the same caller (whose
    scope must allow the write; a refusal raises and the caller's transaction rolls back).
    """

    kind: str
    receive: Callable[[Any, Any], Receipt]
