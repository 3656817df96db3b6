"""The `tensteps` command: serve, db upgrade, demo, content export / import."""

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


def cmd_content_export(_args: argparse.Namespace) -> int:
    """Published revisions -> content/ files, so browser edits can be committed to the repository."""
    from sqlmodel import Session

    from guide.content_items import get_catalog
    from guide.content_sync import export_to_files

    engine = _engine()
    upgrade(engine)
    catalog = get_catalog()
    with Session(engine) as db:
        written = export_to_files(db, catalog)
    for path in written:
        print(f"wrote {path.relative_to(catalog.files.content_dir)}")
    print(f"{len(written)} file(s) written.")
    return 0


def cmd_content_import(args: argparse.Namespace) -> int:
    """content/ files -> new published revisions where they differ, keeping the history."""
    from sqlmodel import Session

    from guide.content_items import get_catalog
    from guide.content_sync import import_from_files

    engine = _engine()
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as db:
        report = import_from_files(db, get_catalog(), author=args.author)
    for error in report.errors:
        print(f"not imported: {error}", file=sys.stderr)
    print(f"{report.saved} text(s) imported, {report.unchanged} unchanged, {len(report.errors)} refused.")
    return 1 if report.errors else 0


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
    content = sub.add_parser("content", help="move the guide's texts between the database and the content/ files")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    content_sub.add_parser("export", help="write published revisions back to the content/ files").set_defaults(
        func=cmd_content_export
    )
    content_import = content_sub.add_parser("import", help="load the content/ files over the database as revisions")
    content_import.add_argument("--author", default="files", help="name recorded on the imported revisions")
    content_import.set_defaults(func=cmd_content_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
