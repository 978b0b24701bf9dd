"""Run every benchmark module, print a table, write bench/results.json.

    python -m bench            # all
    python -m bench core       # only bench/bench_core.py

A partial run replaces the figures of the modules it ran and keeps the others' figures (with
the time they were measured), so bench/results.json always holds one figure per benchmark.

Each module runs in its own process so one module's Django setup (SQLite or PostgreSQL,
its own data folder) never leaks into the next.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from bench.harness import machine

HERE = Path(__file__).resolve().parent
OUT = HERE / "results.json"


def run_module(name: str) -> list[dict[str, object]]:
    code = (
        f"import json, bench.{name} as m; "
        "print('@@RESULTS@@' + json.dumps([r.as_dict() for r in m.run()]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    stamp = {"module": name, "measured_at": dt.datetime.now(dt.UTC).isoformat()}
    for line in proc.stdout.splitlines():
        if line.startswith("@@RESULTS@@"):
            return [{**r, **stamp} for r in json.loads(line[len("@@RESULTS@@") :])]
    sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-4000:])
    return [
        {
            "name": f"{name}: failed",
            "value": float("nan"),
            "unit": "",
            "ok": False,
            "target": "",
            "note": (proc.stderr.strip().splitlines() or ["?"])[-1],
            **stamp,
        }
    ]


def merged(fresh: list[dict[str, object]], ran: list[str]) -> list[dict[str, object]]:
    """Earlier figures of the modules that did not run this time, then this run's, by module."""
    try:
        earlier = json.loads(OUT.read_text())["results"]
    except (OSError, ValueError, KeyError):
        earlier = []
    kept = [r for r in earlier if r.get("module") and r["module"] not in ran]
    return sorted(kept + fresh, key=lambda r: str(r["module"]))


def main(argv: list[str]) -> int:
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        modules = [m for m in modules if any(a in m for a in argv)]
    fresh: list[dict[str, object]] = []
    for name in modules:
        print(f"running {name} …", flush=True)
        fresh.extend(run_module(name))
    results = merged(fresh, modules)
    width = max([len(str(r["name"])) for r in results] + [10])
    print()
    print(f"{'benchmark':<{width}}  {'value':>12}  {'unit':<10}  {'target':<14}  ok")
    for r in results:
        value = r["value"]
        shown = f"{value:,.1f}" if isinstance(value, float | int) else str(value)
        ok = {True: "yes", False: "NO", None: "-"}[r.get("ok")]  # type: ignore[index]
        print(f"{r['name']!s:<{width}}  {shown:>12}  {r['unit']!s:<10}  {r['target']!s:<14}  {ok}")
    OUT.write_text(
        json.dumps(
            {
                "measured_at": dt.datetime.now(dt.UTC).isoformat(),
                "machine": machine(),
                "results": results,
            },
            indent=2,
        )
    )
    print(f"\nwritten {OUT}")
    return 0 if all(r.get("ok") is not False for r in fresh) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
