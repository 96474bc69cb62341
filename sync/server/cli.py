"""``kujdes-server``: run and administer the municipal server."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from sync.server import admin, forms, indicators
from sync.server.db import default_db_url


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kujdes-server",
                                     description="The Kujdes municipal sync server.")
    sub = parser.add_subparsers(dest="command", required=True)

    def cmd(name: str, text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("--db", default=None,
                       help="database URL (postgresql://... or sqlite:///file); default: a "
                            "SQLite file in the server's data directory")
        return p

    p = cmd("init", "create or upgrade the database and set the municipality")
    p.add_argument("--municipality", required=True)
    p.add_argument("--country", choices=("AL", "XK"), default="AL")
    p = cmd("serve", "serve the sync API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--workers", type=int, default=1,
                   help="server processes sharing the database (PostgreSQL)")
    p.add_argument("--tls-cert", default=None, metavar="FILE",
                   help="serve HTTPS with this certificate (PEM, with its chain); laptops "
                        "refuse plain HTTP to any address but this computer's")
    p.add_argument("--tls-key", default=None, metavar="FILE",
                   help="the private key of --tls-cert (PEM)")
    p.add_argument("--token-idle-days", type=float, default=30,
                   help="a laptop unused this many days signs in again (default 30)")
    p.add_argument("--log-level", default="info",
                   choices=("critical", "error", "warning", "info", "debug"))
    p = cmd("add-user", "add a user (the password is read from standard input)")
    p.add_argument("--username", required=True)
    p.add_argument("--full-name", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--units", default="", help="administrative units, separated by ';' "
                   "(none: the whole municipality)")
    p.add_argument("--password-stdin", action="store_true", required=True)
    p = cmd("disable-user", "disable a user; their laptops' vaults are wiped at next contact")
    p.add_argument("--username", required=True)
    p = cmd("revoke-device", "revoke a laptop; its vaults are wiped at its next contact")
    p.add_argument("--device", required=True)
    p = cmd("import-places", "import villages from CSV "
            "(municipality,administrative_unit,village,area_type)")
    p.add_argument("file")
    p = cmd("import-services", "import service providers from CSV (name,services,"
            "target_groups,capacity,municipality,administrative_unit,address,phone,public)")
    p.add_argument("file")
    forms.add_commands(sub)  # forms import | list | retire
    indicators.add_commands(sub)  # indicators publish | list | withdraw
    cmd("status", "users, devices, last sync per device, open conflicts")
    p = cmd("audit", "who viewed, changed, printed or exported a case, on which laptop, when")
    p.add_argument("--case", required=True, metavar="CASE_NUMBER")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.umask(0o077)  # whatever the server writes (database, WAL, key) is private
    url = args.db or default_db_url()
    try:
        return _run(args, url)
    except admin.AdminError as exc:
        print(f"kujdes-server: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"kujdes-server: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, url: str) -> int:
    if args.command == "init":
        admin.init(url, args.municipality, args.country)
        print(f"Database ready for {args.municipality} ({args.country}).")
    elif args.command == "serve":
        if args.token_idle_days <= 0:
            raise admin.AdminError("--token-idle-days must be more than 0")
        os.environ["KUJDES_TOKEN_IDLE_DAYS"] = str(args.token_idle_days)
        _serve(url, args.host, args.port, args.workers, args.log_level,
               _tls_options(args.tls_cert, args.tls_key))
    elif args.command == "add-user":
        password = sys.stdin.readline().rstrip("\r\n")
        admin.add_user(url, args.username, args.full_name, args.role,
                       [u.strip() for u in args.units.split(";")], password)
        print(f"User {args.username} added.")
    elif args.command == "disable-user":
        admin.disable_user(url, args.username)
        print(f"User {args.username} disabled.")
    elif args.command == "revoke-device":
        admin.revoke_device(url, args.device)
        print(f"Device {args.device} revoked.")
    elif args.command == "import-places":
        print(f"{admin.import_places(url, args.file)} villages written.")
    elif args.command == "import-services":
        print(f"{admin.import_services(url, args.file)} service providers written.")
    elif args.command == "forms":
        return forms.run_command(args, url)
    elif args.command == "indicators":
        return indicators.run_command(args, url)
    elif args.command == "status":
        _print_status(admin.status(url))
    elif args.command == "audit":
        _print_audit(admin.audit_for_case(url, args.case))
    return 0


def _tls_options(cert: str | None, key: str | None) -> dict[str, str]:
    """uvicorn's TLS options: both files or neither."""
    if not cert and not key:
        return {}
    if not (cert and key):
        raise RuntimeError("--tls-cert and --tls-key go together: give both files.")
    for path in (cert, key):
        if not os.path.isfile(path):
            raise RuntimeError(f"The TLS file {path} does not exist.")
    return {"ssl_certfile": cert, "ssl_keyfile": key}


def _serve(url: str, host: str, port: int, workers: int, log_level: str,
           tls: dict[str, str]) -> None:
    import logging

    import uvicorn

    from sync.server.app import load_state

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    load_state(url).engine.dispose()  # refuse to start on a database that is not ready
    os.environ["KUJDES_SERVER_DB"] = url
    uvicorn.run("sync.server.app:app_from_environment", factory=True, host=host, port=port,
                workers=workers, log_level=log_level, access_log=log_level == "debug", **tls)


def _print_status(status: admin.Status) -> None:
    print(f"Municipality: {status.municipality}")
    print(f"Records: {status.records}   open conflicts: {status.open_conflicts}")
    print(f"Users ({len(status.users)}):")
    for u in status.users:
        units = ";".join(u["units"]) or "all units"
        flag = "  DISABLED" if u["disabled"] else ""
        print(f"  {u['username']:<20} {u['role']:<24} {units}{flag}")
    print(f"Devices ({len(status.devices)}):")
    for d in status.devices:
        flag = "  REVOKED" if d["revoked"] else ""
        last = d["last_sync"].strftime("%d.%m.%Y %H:%M") if d["last_sync"] else "never"
        print(f"  {d['id']:<38} {d['name'][:20]:<20} {d['last_user'] or '-':<16} "
              f"last sync {last}{flag}")


def _print_audit(lines: list) -> None:  # type: ignore[type-arg]
    from sync.server.audit import show_time

    if not lines:
        print("No audit entries for this case have reached the server yet.")
    for line in lines:
        laptop = f"{line.device_name} ({line.device})" if line.device_name else line.device
        print(f"{show_time(line.at)}\t{line.user}\t{line.action}\t{line.record_type or '-'}"
              f"\t{laptop}")


if __name__ == "__main__":
    sys.exit(main())
