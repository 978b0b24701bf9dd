"""Progress bars for long commands (seed-demo, backup, restore, imports, simulate-sensors).

One wrapper around tqdm so every command looks the same and stays quiet when its output is not
a terminal (a systemd unit, a cron job, CI, a test): logs should not fill with carriage
returns. ``KOTACERDAS_PROGRESS=1`` forces the bar on, ``0`` off.

    with progress(total=len(rows), desc="rows", unit="row") as bar:
        for row in rows:
            ...
            bar.update(1)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Protocol

from tqdm import tqdm


class Bar(Protocol):
    def update(self, n: float = 1) -> object: ...

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None: ...


def enabled(stream: IO[str] | None = None) -> bool:
    """Whether a bar should be drawn on ``stream`` (standard error by default)."""
    forced = os.environ.get("KOTACERDAS_PROGRESS", "").strip()
    if forced in {"0", "1"}:
        return forced == "1"
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress(
    total: int | None, desc: str, unit: str = "it", stream: IO[str] | None = None
) -> Iterator[Bar]:
    """A bar with counts, rate and time left when ``total`` is known; a no-op off a terminal."""
    out = stream if stream is not None else sys.stderr
    bar = tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=out,
        disable=not enabled(out),
        dynamic_ncols=True,
        # Thousands of small updates (rows, readings) would otherwise redraw on every call.
        mininterval=0.2,
        # Counts stay whole ("40/40 rows"); only byte counts are scaled (KiB, MiB).
        unit_scale=unit == "B",
        unit_divisor=1024,
    )
    try:
        yield bar
    finally:
        bar.close()
