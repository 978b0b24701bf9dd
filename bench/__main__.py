"""Run every benchmark module, print a table, write bench/results.json.

    python -m bench            # all
    python -m bench core       # only bench/bench_core.py

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


def run_module(name: str) -> list[dict[str, object]]:
    code = (
        f"import json, bench.{name} as m; "
        "print('@@RESULTS@@' + json.dumps([r.as_dict() for r in m.run()]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("@@RESULTS@@"):
            return list(json.loads(line[len("@@RESULTS@@") :]))
    sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-4000:])
    return [
        {
            "name": f"{name}: failed",
            "value": float("nan"),
            "unit": "",
            "ok": False,
            "target": "",
            "note": (proc.stderr.strip().splitlines() or ["?"])[-1],
        }
    ]


def main(argv: list[str]) -> int:
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        modules = [m for m in modules if any(a in m for a in argv)]
    results: list[dict[str, object]] = []
    for name in modules:
        print(f"running {name} …", flush=True)
        results.extend(run_module(name))
    width = max([len(str(r["name"])) for r in results] + [10])
    print()
    print(f"{'benchmark':<{width}}  {'value':>12}  {'unit':<10}  {'target':<14}  ok")
    for r in results:
        value = r["value"]
        shown = f"{value:,.1f}" if isinstance(value, float | int) else str(value)
        ok = {True: "yes", False: "NO", None: "-"}[r.get("ok")]  # type: ignore[index]
        print(f"{r['name']!s:<{width}}  {shown:>12}  {r['unit']!s:<10}  {r['target']!s:<14}  {ok}")
    out = HERE / "results.json"
    out.write_text(
        json.dumps(
            {
                "measured_at": dt.datetime.now(dt.UTC).isoformat(),
                "machine": machine(),
                "results": results,
            },
            indent=2,
        )
    )
    print(f"\nwritten {out}")
    return 0 if all(r.get("ok") is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
