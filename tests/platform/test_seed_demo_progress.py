"""`kotacerdas seed-demo` shows one bar over its steps on a terminal, nothing elsewhere."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from kotacerdas.platform.demo import LINKED_STEP, demo_steps
from tests.conftest import Demo


def _seed(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    stdout = io.StringIO()
    capsys.readouterr()  # what the fixtures printed before
    call_command("seed_demo", stdout=stdout)
    return stdout.getvalue(), capsys.readouterr().err


def test_not_a_terminal_no_bar(
    demo: Demo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KOTACERDAS_PROGRESS", raising=False)
    out, err = _seed(capsys)
    assert "admin-semarang" in out  # the command did its work and said so
    assert "\r" not in err and "%|" not in err and "step/s" not in err


def test_forced_on_one_bar_reaches_every_step(
    demo: Demo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOTACERDAS_PROGRESS", "1")
    out, err = _seed(capsys)
    assert "admin-semarang" in out
    steps = demo_steps()
    frames = [f for f in err.replace("\n", "\r").split("\r") if f.strip()]
    assert frames and all("%|" in f for f in frames)
    # Every step was reported once: the last frame is the whole, never more than the total.
    assert re.search(rf"100%\|.*\b{steps}/{steps}\b", frames[-1]), frames[-1]
    assert not re.search(rf"\b{steps + 1}/{steps}\b", err)
    assert LINKED_STEP in frames[-1]  # the step that ended last is named
