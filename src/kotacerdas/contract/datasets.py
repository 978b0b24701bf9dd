"""Open datasets an app publishes (Satu Data Indonesia, Perpres 39/2019).

An app describes each dataset once: its Satu Data metadata and its tables, each table with
typed, described columns (the Satu Data data standard: concept, definition, unit) and a
function that yields the rows when the data portal refreshes the dataset. The app never
knows who stores or serves it: the platform hands every enabled app's datasets to the
portal app (``data-terbuka``) through :func:`kotacerdas.contract.services.platform_services`.

Rows must never carry personal data (a reporter's or caller's name, phone, e-mail, NIK):
the portal refuses a column whose values look like those, and tests check every app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal


class Frequency(StrEnum):
    """How often a dataset is released (Satu Data's periodicity)."""

    YEARLY = "tahunan"
    SEMIANNUAL = "semesteran"
    QUARTERLY = "triwulanan"
    MONTHLY = "bulanan"
    DAILY = "harian"
    REALTIME = "real-time"


class AccessLevel(StrEnum):
    """Satu Data access levels: only ``terbuka`` is ever public."""

    OPEN = "terbuka"
    RESTRICTED = "terbatas"
    CLOSED = "tertutup"


ColumnType = Literal["text", "integer", "numeric", "date", "timestamp", "boolean"]


@dataclass(frozen=True)
class Column:
    """One typed, described column: ``name`` is the field name in the API (``[a-z0-9_]``)."""

    name: str
    type: ColumnType
    title: dict[str, str]
    unit: str = ""
    definition: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """One resource of a dataset held in the datastore.

    ``rows()`` yields tuples in the order of ``columns``; it is called by the portal's
    refresh job with the app's context still valid, and may be a generator over millions of
    rows (read in chunks; do not build a list).
    """

    name: str
    title: dict[str, str]
    columns: Sequence[Column]
    rows: Callable[[], Iterable[Sequence[Any]]]


@dataclass(frozen=True)
class Link:
    """A resource that is served elsewhere (an Open311 URL, an app's own CSV export)."""

    url: str
    format: str
    title: dict[str, str]


@dataclass(frozen=True)
class Dataset:
    """An open dataset: Satu Data metadata plus its tables and links.

    ``name`` is unique within the region's datasets of this app (``[a-z0-9-]``); the portal
    makes it unique installation-wide. ``opd`` is the standard OPD code (``kotacerdas.core.opd``)
    of the producing agency (produsen data), resolved to the region's agency of that code
    (else the walidata). ``dimension`` defaults to the app's primary dimension.
    """

    name: str
    title: dict[str, str]
    notes: dict[str, str]
    frequency: Frequency
    opd: str
    tables: Sequence[Table] = ()
    links: Sequence[Link] = ()
    tags: Sequence[str] = ()
    dimension: str = ""
    priority: bool = False
    period: tuple[date, date] | None = None
    licence: str = "CC-BY-4.0"
