"""Progress bars: drawn on a terminal with counts and time left, silent anywhere else."""

from __future__ import annotations

import io
import re

import pytest

from kotacerdas.core.progress import enabled, progress


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a console's standard error does."""

    def isatty(self) -> bool:
        return True


def _count(done: int, total: int) -> re.Pattern[str]:
    # Units other than items and steps are scaled (12.4k/50.0k rows, 3.1M/8.0MB): "40.0/40.0".
    return re.compile(rf"\b{done}(\.0+)?/{total}(\.0+)?\b")


def _run(stream: io.StringIO, total: int | None, steps: int, unit: str = "row") -> str:
    with progress(total=total, desc="rows", unit=unit, stream=stream) as bar:
        for _ in range(steps):
            bar.update(1)
    return stream.getvalue()


@pytest.fixture(autouse=True)
def _not_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOTACERDAS_PROGRESS", raising=False)


def test_off_a_terminal_nothing_is_written() -> None:
    assert not enabled(io.StringIO())
    assert _run(io.StringIO(), total=3, steps=3) == ""


def test_on_a_terminal_the_bar_has_counts_and_time_left() -> None:
    out = _run(Terminal(), total=3, steps=3)
    assert "rows" in out
    assert _count(3, 3).search(out) and "100%" in out
    assert "<" in out  # [elapsed<left]
    assert "\r" in out  # redrawn in place, not one line per update


def test_forced_on_a_bar_is_drawn_into_any_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTACERDAS_PROGRESS", "1")
    out = _run(io.StringIO(), total=40, steps=40)
    assert _count(40, 40).search(out) and "100%" in out


def test_forced_off_a_terminal_stays_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTACERDAS_PROGRESS", "0")
    assert _run(Terminal(), total=3, steps=3) == ""


def test_without_a_total_the_count_still_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTACERDAS_PROGRESS", "1")
    out = _run(io.StringIO(), total=None, steps=7, unit="step")
    assert "7step" in out.replace(" ", "")
    assert "%" not in out  # no share of an unknown total


def test_the_bar_closes_when_the_work_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOTACERDAS_PROGRESS", "1")
    stream = io.StringIO()
    with pytest.raises(RuntimeError), progress(total=5, desc="rows", stream=stream) as bar:
        bar.update(2)
        raise RuntimeError("disk full")
    assert _count(2, 5).search(stream.getvalue())
    assert stream.getvalue().endswith("\n")  # the next output starts on a line of its own
