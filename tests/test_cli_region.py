"""`kotacerdas region add/search` as an operator meets it: the name and slug, or one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.core.test_geojson import L_SHAPE, polygon
from tests.test_cli import kotacerdas as _kotacerdas
from tests.test_cli import one_line_error

ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def kotacerdas(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> Any:
    return _kotacerdas(*args, data_dir=data_dir, env={**ENGLISH, **(env or {})})


def test_region_add_and_search_from_the_command_line(tmp_path: Path) -> None:
    assert kotacerdas("migrate", "--no-input", "-v", "0", data_dir=tmp_path).returncode == 0

    found = kotacerdas("region", "search", "magelang", data_dir=tmp_path)
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines() == [
        "33.08  Kabupaten Magelang, Jawa Tengah",
        "33.71  Kota Magelang, Jawa Tengah",
    ]

    added = kotacerdas("region", "add", "33.08", data_dir=tmp_path)
    assert added.returncode == 0, added.stderr
    assert added.stdout.splitlines()[0] == "Kabupaten Magelang (33.08) → slug magelang"
    assert "/console/magelang/place/" in added.stdout  # its place is still provisional

    # A southern latitude after --centre is a value, not an option.
    kota = kotacerdas("region", "add", "3371", "--centre", "-7.48,110.22", data_dir=tmp_path)
    assert kota.stdout.strip() == "Kota Magelang (33.71) → slug kota-magelang", kota.stderr

    boundary = tmp_path / "temanggung.geojson"
    boundary.write_text(json.dumps({"type": "Feature", "geometry": polygon(L_SHAPE)}))
    placed = kotacerdas("region", "add", "33.23", "--boundary", str(boundary), data_dir=tmp_path)
    assert placed.stdout.strip() == "Kabupaten Temanggung (33.23) → slug temanggung"

    for args, words in [
        (["33.08"], "Kabupaten Magelang (33.08) exists already, with slug magelang"),
        (["33"], "is the province Jawa Tengah, not a kabupaten/kota"),
        (["99.99"], "no region with code 99.99"),
        (["33.24", "--bbox", "1,2,3"], "--bbox must be 4 numbers"),
        (["33.24", "--boundary", str(tmp_path / "missing.geojson")], "cannot read"),
    ]:
        line = one_line_error(kotacerdas("region", "add", *args, data_dir=tmp_path))
        assert words in line, (args, line)
    bad = tmp_path / "point.geojson"
    bad.write_text('{"type": "Point", "coordinates": [110.2, -7.4]}')
    line = one_line_error(
        kotacerdas("region", "add", "33.24", "--boundary", str(bad), data_dir=tmp_path)
    )
    assert "Polygon or MultiPolygon" in line
