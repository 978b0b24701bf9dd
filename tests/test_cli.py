"""The kotacerdas command as a new user meets it: one clear line for every mistake."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def kotacerdas(
    *args: str, data_dir: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    full_env = {**embedded_env(data_dir), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kotacerdas", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )


def embedded_env(data_dir: Path) -> dict[str, str]:
    """This process's environment for the embedded default: no DATABASE_URL inherited."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KOTACERDAS_DATA_DIR"] = str(data_dir)
    return env


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kotacerdas: error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://root@localhost/x", "scheme 'mysql' is not supported"),
        ("postgresql://postgres@127.0.0.1:5432", "names no database"),
        ("nonsense", "scheme '(none)' is not supported"),
    ],
)
def test_malformed_database_url(tmp_path: Path, url: str, expected: str) -> None:
    line = one_line_error(kotacerdas("migrate", data_dir=tmp_path, env={"DATABASE_URL": url}))
    assert "DATABASE_URL" in line and expected in line


def test_unreachable_database(tmp_path: Path) -> None:
    result = kotacerdas(
        "migrate",
        data_dir=tmp_path,
        env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:9/kotacerdas"},
    )
    assert "the database cannot be reached (postgresql)" in one_line_error(result)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = kotacerdas("demo", "--no-seed", "--port", str(port), data_dir=tmp_path)
    line = one_line_error(result)
    assert f"port {port} on 127.0.0.1 is already in use" in line


def test_bad_yes_no_setting(tmp_path: Path) -> None:
    result = kotacerdas("migrate", data_dir=tmp_path, env={"DEBUG": "maybe"})
    assert "DEBUG='maybe' is not a yes/no value" in one_line_error(result)


def test_secret_key_is_generated_once(tmp_path: Path) -> None:
    assert kotacerdas("check", data_dir=tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40 and oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    assert kotacerdas("check", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def wait_for(url: str, timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_demo_twice_on_one_data_folder(tmp_path: Path) -> None:
    """`kotacerdas demo` seeds, serves, and a second run reuses the data and duplicates nothing."""
    port = free_port()
    outputs = []
    for _ in range(2):
        proc = subprocess.Popen(
            [sys.executable, "-m", "kotacerdas", "demo", "--port", str(port), "--no-jobs"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
            env=embedded_env(tmp_path),
        )
        try:
            health = wait_for(f"http://127.0.0.1:{port}/healthz")
            home = wait_for(f"http://127.0.0.1:{port}/").decode()
        finally:
            proc.terminate()
            out, _ = proc.communicate(timeout=30)
        outputs.append(out)
        assert b'"status": "ok"' in health
        assert "Kota Semarang" in home and "Kabupaten Kendal" in home
    assert "admin-semarang" in outputs[0] and "demo-semarang" in outputs[0]
    assert f"http://127.0.0.1:{port}/" in outputs[0]
    assert "Demo ready (0 new rows)" in outputs[1]


def test_operator_commands_refuse_in_one_line(tmp_path: Path) -> None:
    """backup and restore refusals read like the CLI's own errors, not Django's
    "CommandError: …"."""
    data = tmp_path / "data"
    assert kotacerdas("migrate", "-v0", data_dir=data).returncode == 0
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "something").write_text("x")
    line = one_line_error(kotacerdas("backup", str(taken), data_dir=data))
    assert str(taken) in line and "not empty" in line
    line = one_line_error(kotacerdas("restore", str(tmp_path / "nowhere"), data_dir=data))
    assert "CommandError" not in line
