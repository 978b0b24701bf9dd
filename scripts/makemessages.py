"""Run Django's makemessages for every catalogue under src/kotacerdas.

Each Django app that has a ``locale/`` folder owns its strings; the core catalogue
(src/kotacerdas/locale) takes the rest.
Usage: ``python scripts/makemessages.py [ROOT | --only APP_DIR]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "kotacerdas"


def catalogue_dirs(root: Path) -> list[Path]:
    """Folders that hold a locale/ of their own, the package root first."""
    dirs = sorted(
        {p.parent for p in root.rglob("locale") if p.is_dir()}, key=lambda p: len(p.parts)
    )
    return dirs


def ignores_for(base: Path, all_dirs: list[Path]) -> list[str]:
    args: list[str] = []
    for other in all_dirs:
        if other != base and base in other.parents:
            args += ["--ignore", f"{other.relative_to(base)}/*"]
    return args


def run(root: Path = SRC, only: Path | None = None) -> None:
    dirs = catalogue_dirs(root)
    # PYTHONSAFEPATH: the command runs inside src/kotacerdas/, whose `platform` package
    # would otherwise shadow the standard library's module of that name.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kotacerdas.settings", "PYTHONSAFEPATH": "1"}
    for base in dirs:
        if only is not None and base != only.resolve():
            continue
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "id",
                "-l",
                "en",
                "--no-location",
                "--no-obsolete",
                *ignores_for(base, dirs),
            ],
            cwd=base,
            check=True,
            capture_output=True,
            env=env,
        )
        print(f"extracted {base.relative_to(root.parent)}")


if __name__ == "__main__":
    # python scripts/makemessages.py                      every catalogue
    # python scripts/makemessages.py --only src/kotacerdas/apps/aduan_warga   one app's
    if len(sys.argv) == 3 and sys.argv[1] == "--only":
        run(SRC, Path(sys.argv[2]))
    else:
        run(Path(sys.argv[1]) if len(sys.argv) > 1 else SRC)
