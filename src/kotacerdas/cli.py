"""The ``kotacerdas`` command.

    kotacerdas demo [--host H] [--port P] [--data-dir D] [--no-seed]
    kotacerdas serve [--host H] [--port P] [--workers N]
    kotacerdas region add CODE [--centre LAT,LNG] [--bbox W,S,E,N] [--boundary FILE]
    kotacerdas region search NAME
    kotacerdas backup DIR | restore DIR | upgrade
    kotacerdas migrate | seed-demo | createadmin NAME | <any Django management command>

Every failure a user can cause (bad DATABASE_URL, unreachable database, port in use) ends
with one line on stderr naming the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from collections.abc import Sequence
from typing import Any

PROG = "kotacerdas"


class CLIError(Exception):
    """A problem to print as one line and exit with status 2."""


def _setup(data_dir: str | None = None) -> None:
    if data_dir:
        os.environ["KOTACERDAS_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    from kotacerdas.config import ConfigError

    try:
        django.setup()
    except ConfigError as exc:
        raise CLIError(str(exc)) from exc


def _check_database() -> None:
    from django.db import DatabaseError, connection

    try:
        if connection.vendor == "postgresql":
            _probe_postgresql(connection.settings_dict)
        connection.ensure_connection()
    except (DatabaseError, _PostgresUnreachable) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CLIError(f"the database cannot be reached ({connection.vendor}): {first}") from exc


class _PostgresUnreachable(Exception):
    pass


def _probe_postgresql(settings: dict[str, Any]) -> None:
    """One direct connection attempt. Through Django's pool an unreachable server would
    mean ten seconds of retries, each logged, before the error."""
    import psycopg

    from kotacerdas.config import postgres_conninfo

    try:
        psycopg.connect(**postgres_conninfo(settings), connect_timeout=5).close()
    except psycopg.Error as exc:
        raise _PostgresUnreachable(str(exc)) from exc


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CLIError(
                    f"port {port} on {host} is already in use; stop the other server or pass "
                    f"--port {port + 1}"
                ) from exc
            raise CLIError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def _manage(*argv: str, **options: Any) -> None:
    from django.core.management import call_command

    call_command(*argv, **options)


def _serve(host: str, port: int, workers: int, banner: str = "", jobs: bool = True) -> None:
    _check_port(host, port)
    if jobs:
        from kotacerdas.platform.jobs import JobRunner

        JobRunner().start()
    if banner:
        print(banner, flush=True)
    from kotacerdas.server import run

    run(host, port, workers)


def cmd_demo(args: argparse.Namespace) -> None:
    _setup(args.data_dir)
    _check_database()
    _check_port(args.host, args.port)
    from django.conf import settings

    print(f"Data folder: {settings.DATA_DIR}")
    _manage("migrate", "--no-input", verbosity=0)
    print("Database migrated.")
    if not args.no_seed:
        _manage("seed_demo")
    url = f"http://{args.host}:{args.port}"
    banner = "\n".join(
        [
            "",
            f"kotacerdas is running at {url}/",
            f"  regions       {url}/",
            f"  Kota Semarang {url}/r/semarang/",
            f"  staff console {url}/console/   (sign in with a user above)",
            f"  API docs      {url}/api/docs",
            f"  admin         {url}/admin/",
            "Press Ctrl+C to stop.",
        ]
    )
    _serve(args.host, args.port, 1, banner, jobs=not args.no_jobs)


def cmd_serve(args: argparse.Namespace) -> None:
    _setup(args.data_dir)
    _check_database()
    banner = f"kotacerdas serving on http://{args.host}:{args.port}/"
    _serve(args.host, args.port, args.workers, banner, jobs=not args.no_jobs)


def cmd_django(argv: Sequence[str], data_dir: str | None) -> None:
    _setup(data_dir)
    from django.core.management import execute_from_command_line

    if argv and argv[0] not in {"help", "--help", "version", "check", "makemessages"}:
        _check_database()
    execute_from_command_line([PROG, *argv])


# Options whose value may start with a minus sign (southern latitudes, western longitudes):
# argparse would read "--centre -7.4,110.2" as two options, so they are joined with "=".
_SIGNED_OPTIONS = frozenset({"--centre", "--bbox"})


# The project's own commands whose refusals ("the folder is not empty") are for an operator:
# one line in the CLI's form instead of Django's "CommandError: …".
ONE_LINE_COMMANDS = frozenset({"region", "backup", "restore", "upgrade"})


def cmd_one_line(argv: Sequence[str], data_dir: str | None) -> None:
    """`kotacerdas region|backup|restore|upgrade ...`: the management command, with its
    refusals as one line."""
    _setup(data_dir)
    _check_database()
    from django.core.management import CommandError, get_commands, load_command_class
    from django.db import DatabaseError

    joined: list[str] = []
    rest = list(argv[1:])
    while rest:
        arg = rest.pop(0)
        if arg in _SIGNED_OPTIONS and rest:
            arg = f"{arg}={rest.pop(0)}"
        joined.append(arg)
    name = argv[0]
    command = load_command_class(get_commands()[name], name)
    try:
        # Not called from the command line as Django sees it, so argparse errors and
        # refusals both arrive here as CommandError instead of exiting with a traceback.
        options = vars(command.create_parser(PROG, name).parse_args(joined))
        args = options.pop("args", ())
        command.execute(*args, **options)
    except CommandError as exc:
        raise CLIError(str(exc).removeprefix("Error: ")) from exc
    except DatabaseError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CLIError(f"database error: {first} (has `{PROG} migrate` run?)") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="kotacerdas smart-city platform")
    parser.add_argument("--data-dir", help="data folder (default: ./data or $KOTACERDAS_DATA_DIR)")
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="migrate, seed the Central Java demo and serve it")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data-dir", dest="data_dir_sub")
    demo.add_argument("--no-seed", action="store_true", help="serve without seeding demo data")
    demo.add_argument("--no-jobs", action="store_true", help="do not run periodic jobs here")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="production ASGI server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    serve.add_argument("--data-dir", dest="data_dir_sub")
    serve.add_argument(
        "--no-jobs", action="store_true", help="periodic jobs run elsewhere (kotacerdas run-jobs)"
    )
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    from kotacerdas.config import ConfigError

    try:
        if (argv and argv[0] in {"demo", "serve"}) or not argv or argv[0] in {"-h", "--help"}:
            args = parser.parse_args(argv)
            if not getattr(args, "command", None):
                parser.print_help()
                return 0
            args.data_dir = args.data_dir_sub or args.data_dir
            args.func(args)
            return 0
        data_dir = None
        if argv[0].startswith("--data-dir"):
            if "=" in argv[0]:
                data_dir = argv.pop(0).split("=", 1)[1]
            else:
                argv.pop(0)
                data_dir = argv.pop(0) if argv else None
        if argv and not argv[0].startswith("-"):
            # `kotacerdas seed-demo` runs Django's `seed_demo`: hyphens read better on a CLI.
            argv[0] = argv[0].replace("-", "_")
        if argv and argv[0] in ONE_LINE_COMMANDS:
            cmd_one_line(argv, data_dir)
            return 0
        cmd_django(argv, data_dir)
        return 0
    except (CLIError, ConfigError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
