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


def cmd_audit_export(args: argparse.Namespace) -> int:
    """Write the audit's report for a region, sector and period as CSV or XLSX (suppressed like the pages)."""
    from pathlib import Path

    from guide.i18n import translations
    from skills_audit.aggregate import AuditError
    from skills_audit.export import export
    from skills_audit.framework import get_framework
    from skills_audit.places import get_places
    from skills_audit.report import build_report, name_resolver

    places, framework = get_places(), get_framework()
    lang = args.lang if args.lang in get_settings().languages else "en"
    engine = _engine()
    try:
        report = build_report(
            engine, args.period, args.region, args.sector, places, framework, get_settings().audit_min_group
        )
    except AuditError as exc:
        print(exc.message.render(lang, name_resolver(places, framework)), file=sys.stderr)
        return 2
    data = export(report, framework, lang, args.format)
    out = Path(args.out or f"audit-{report.region}-{report.sector}-{report.period_label}.{args.format}")
    try:
        out.write_bytes(data)
    except OSError as exc:
        message = translations(lang).gettext("Could not write %(path)s: %(reason)s")
        print(message % {"path": out, "reason": exc.strerror or exc}, file=sys.stderr)
        return 2
    print(translations(lang).gettext("Wrote %(path)s.") % {"path": out})
    return 0


def cmd_audit_import(args: argparse.Namespace) -> int:
    """Import employers' needs from a CSV or XLSX file: all rows or none."""
    from datetime import date
    from pathlib import Path

    from sqlmodel import Session

    from guide.i18n import translations
    from skills_audit.framework import get_framework
    from skills_audit.needs import NeedsRejected, import_needs
    from skills_audit.places import get_places
    from skills_audit.report import name_resolver

    lang = args.lang if args.lang in get_settings().languages else "en"
    gettext = translations(lang).gettext
    places, framework = get_places(), get_framework()
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(gettext("Could not read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc},
              file=sys.stderr)
        return 2
    engine = _engine()
    try:
        with Session(engine) as session:
            count = import_needs(session, data, path.name, places, framework, date.today())
    except NeedsRejected as exc:
        names = name_resolver(places, framework)
        print(gettext("Nothing was imported. Correct these problems and try again:"), file=sys.stderr)
        for problem in exc.problems:
            where = ", ".join(
                part
                for part in (
                    gettext("line %(line)s") % {"line": problem.line} if problem.line else "",
                    gettext("column %(column)s") % {"column": problem.column} if problem.column else "",
                )
                if part
            )
            text = problem.message.render(lang, names)
            print(f"  {where}: {text}" if where else f"  {text}", file=sys.stderr)
        return 2
    print(translations(lang).ngettext("Imported %(num)s survey.", "Imported %(num)s surveys.", count) % {"num": count})
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
    audit = sub.add_parser("audit", help="the employer skills-needs audit")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    export = audit_sub.add_parser("export", help="write the report of a region and sector as CSV or XLSX")
    export.add_argument("--region", required=True, help="NUTS code of a partner region, e.g. BE254")
    export.add_argument("--sector", required=True, help="sector id or NACE section, e.g. care or Q")
    export.add_argument("--period", required=True, help="a year (2026) or a quarter (2026-Q1)")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--out", help="file to write (default: audit-<region>-<sector>-<period>.<format>)")
    export.add_argument("--lang", default="en", help="language of the file: nl, fr or en")
    export.set_defaults(func=cmd_audit_export)
    import_ = audit_sub.add_parser("import", help="import employers' needs from a CSV or XLSX file (all or nothing)")
    import_.add_argument("file")
    import_.add_argument("--lang", default="en", help="language of the messages: nl, fr or en")
    import_.set_defaults(func=cmd_audit_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
