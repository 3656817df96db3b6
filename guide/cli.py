"""The `tensteps` command: serve, db upgrade, demo."""

from __future__ import annotations

import argparse
import sys

from guide.database import make_engine
from guide.migrate import upgrade
from guide.settings import get_settings


def _engine():  # noqa: ANN202
    return make_engine(get_settings().resolved_database_url())


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    upgrade(_engine())
    print("Database schema is up to date.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    upgrade(_engine())
    # No access log: URLs can carry a resume code (the QR link), and job-seeker data never goes to logs.
    uvicorn.run(
        "guide.asgi:app", host=args.host, port=args.port, workers=args.workers, access_log=False, proxy_headers=True
    )
    return 0


def cmd_demo(_args: argparse.Namespace) -> int:
    from guide.demo import load_demo

    engine = _engine()
    upgrade(engine)
    for line in load_demo(engine):
        print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tensteps", description="Ten Steps to work")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="bring the database up to date and serve the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)
    db = sub.add_parser("db", help="database commands")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply all migrations").set_defaults(func=cmd_db_upgrade)
    sub.add_parser("demo", help="load demo data: a few journeys at different stages").set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
