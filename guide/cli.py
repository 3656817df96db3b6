"""The `tensteps` command: serve, db upgrade, demo, staff accounts (user add | list | disable | enable |
reset-password), content export / import, directory import, audio build, and the skills audit (audit export |
import | release | targets-import)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from guide.core.db import make_engine, reading, writing
from guide.core.migrate import upgrade, upgrade_if_behind
from guide.core.settings import DataDirError, get_settings

if TYPE_CHECKING:  # imported where they are used, to keep the command's start quick
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from guide.staff.models import StaffAccount


def _engine() -> Engine:
    return make_engine(get_settings().resolved_database_url())


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    upgrade(_engine())
    print("Database schema is up to date.")
    return 0


def local_url(host: str, port: int) -> str:
    """The address `serve` listens on, for the code cards when TENSTEPS_PUBLIC_URL is not set. A wildcard or IPv6
    address is nothing to type in, so this computer's own address stands in for it."""
    if host in ("", "0.0.0.0") or ":" in host:
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    get_settings().resolved_secret_key()  # a data folder that cannot be written is said now, in one line
    upgrade_if_behind(_engine())  # and so is one the database cannot be made in, before anything else is printed
    if not get_settings().public_url:
        # The workers read their settings from the environment: hand them the address they serve on.
        os.environ["TENSTEPS_PUBLIC_URL"] = local_url(args.host, args.port)
        get_settings.cache_clear()
        print(f"TENSTEPS_PUBLIC_URL is not set: code cards and their QR codes show {get_settings().public_url}, "
              "which people can reach only from where that address works. Set it to the address people use.",
              file=sys.stderr)
    # No access log: URLs can carry a resume code (the QR link), and job-seeker data never goes to logs.
    # No proxy headers here: uvicorn would believe any X-Forwarded-For from 127.0.0.1; the app believes only the
    # proxies named in TENSTEPS_TRUSTED_PROXIES (see create_app).
    uvicorn.run(
        "guide.asgi:app", host=args.host, port=args.port, workers=args.workers, access_log=False, proxy_headers=False
    )
    return 0


def cmd_purge(_args: argparse.Namespace) -> int:
    from guide.purge import purge_expired

    print(f"{purge_expired(_engine(), get_settings())}.")
    return 0


def cmd_demo(_args: argparse.Namespace) -> int:
    from guide.demo import load_demo

    engine = _engine()
    upgrade(engine)
    for line in load_demo(engine):
        print(line)
    return 0


# --- staff accounts ----------------------------------------------------------------------------------------------

def _account_problems(exc: Exception) -> str:
    """What is wrong, in English (the language of the person running the server), worded as the pages word it; the
    choices the command line takes are added where a field names one."""
    from guide.core.i18n import available_locales
    from guide.staff.service import AccountError, partners

    if not isinstance(exc, AccountError):
        return str(exc)
    choices = {"partner": ", ".join(partners()), "roles": "coach, helper, editor, analyst, admin",
               "languages": ", ".join(available_locales())}
    return "; ".join(f"{field}: {text}" + (f" ({choices[field]})" if field in choices else "")
                     for field, text in exc.worded("en").items())


def _read_password(args: argparse.Namespace) -> tuple[str, bool]:
    """(password, generated): from stdin (--password-stdin), generated (--generate), or typed twice at a prompt."""
    from guide.staff.service import generate_password

    if args.generate:
        return generate_password(), True
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    if not sys.stdin.isatty():
        raise SystemExit("No terminal to type a password: use --generate or --password-stdin.")
    import getpass

    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("The same password again: ") != first:
        raise SystemExit("The two passwords differ; nothing was changed.")
    return first, False


def _resolve_partner(given: str) -> str:
    """A partner's name, or a centre id standing for its partner ("medway" -> "Medway Council")."""
    from guide.content.library import get_library

    centre = get_library().centres.get(given)
    return centre.partner if centre else given


def cmd_user_add(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from guide.core.i18n import available_locales
    from guide.staff.service import AccountError, create_account

    password, generated = _read_password(args)
    with Session(_engine(), expire_on_commit=False) as db:
        try:
            with writing(db):
                account = create_account(
                    db, args.username, args.name or args.username, _resolve_partner(args.partner),
                    set(args.role or []), set(args.language or []), set(available_locales()), password=password,
                    all_partners=args.all_partners,
                )
        except AccountError as exc:
            print(f"Not added: {_account_problems(exc)}", file=sys.stderr)
            return 2
    print(f"Added {account.username} ({account.partner}): {', '.join(sorted(args.role))}.")
    if generated:
        print(f"Password (shown only now): {password}")
    return 0


def cmd_user_list(_args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from guide.staff.service import list_accounts

    with Session(_engine()) as db, reading(db):
        rows = list_accounts(db)
    print(f"{'username':<20} {'name':<24} {'partner':<32} {'roles':<28} {'languages':<10} status")
    for row in rows:
        a = row.account
        partner = a.partner + (" (all partners)" if a.all_partners else "")
        status = "disabled" if a.disabled_at else "active"
        print(f"{a.username:<20} {a.display_name:<24} {partner:<32} {','.join(row.roles):<28} "
              f"{','.join(row.languages) or '-':<10} {status}")
    return 0


def _with_account(username: str, action: Callable[[Session, StaffAccount], int]) -> int:
    from sqlmodel import Session

    from guide.staff.service import find_account

    with Session(_engine(), expire_on_commit=False) as db, writing(db):  # one unit of work: the look-up and the change
        account = find_account(db, username)
        if account is None:
            print(f"No account {username!r}.", file=sys.stderr)
            return 2
        return action(db, account)


def cmd_user_disable(args: argparse.Namespace) -> int:
    from guide.staff.service import set_disabled

    def act(db: Session, account: StaffAccount) -> int:
        set_disabled(db, account, not args.enable)
        print(f"{account.username} is {'enabled' if args.enable else 'disabled; every session of it has ended'}.")
        return 0

    return _with_account(args.username, act)


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    from guide.staff.service import AccountError, set_password

    def act(db: Session, account: StaffAccount) -> int:
        password, generated = _read_password(args)
        try:
            set_password(db, account, password)
        except AccountError as exc:
            print(f"Not changed: {_account_problems(exc)}", file=sys.stderr)
            return 2
        print(f"New password set for {account.username}; every session of it has ended.")
        if generated:
            print(f"Password (shown only now): {password}")
        return 0

    return _with_account(args.username, act)


def _password_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--generate", action="store_true", help="make a password and print it once")
    group.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")


def _user_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="staff accounts: add, list, disable, enable, reset-password")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="add a staff account (the password is typed, read or generated)")
    add.add_argument("username")
    add.add_argument("--name", help="the name clients and colleagues see (default: the username)")
    add.add_argument("--partner", required=True, help="partner organisation, or the id of one of its centres")
    add.add_argument("--role", action="append", choices=["coach", "helper", "editor", "analyst", "admin"],
                     required=True, help="repeat for several roles")
    add.add_argument("--language", action="append", help="a language an editor may edit; repeat for several")
    add.add_argument("--all-partners", action="store_true", help="an admin who manages every partner's accounts")
    _password_options(add)
    add.set_defaults(func=cmd_user_add)
    user_sub.add_parser("list", help="list the accounts").set_defaults(func=cmd_user_list)
    disable = user_sub.add_parser("disable", help="lock an account out at once (its sessions end)")
    disable.add_argument("username")
    disable.set_defaults(func=cmd_user_disable, enable=False)
    enable = user_sub.add_parser("enable", help="let a disabled account sign in again")
    enable.add_argument("username")
    enable.set_defaults(func=cmd_user_disable, enable=True)
    reset = user_sub.add_parser("reset-password", help="set a new password (its sessions end)")
    reset.add_argument("username")
    _password_options(reset)
    reset.set_defaults(func=cmd_user_reset_password)


def cmd_audit_export(args: argparse.Namespace) -> int:
    """Write the audit's report for a region, sector and period as CSV or XLSX (suppressed like the pages)."""
    from pathlib import Path

    from guide.audit_pages.places import get_places
    from guide.core.i18n import translations
    from skills_audit.aggregate import AuditError
    from skills_audit.export import export, export_suffix
    from skills_audit.framework import get_framework
    from skills_audit.report import build_report, name_resolver

    places, framework = get_places(), get_framework()
    lang = args.lang if args.lang in get_settings().languages else "en"
    engine = _engine()
    try:
        # Only the configured kind of period (years, or quarters): a year and its quarters overlap, and a hidden
        # quarter could be worked out as the year minus the quarters shown.
        # Only a released period: a table counted afresh at each export could be subtracted from the next one.
        report = build_report(engine, args.period, args.region, args.sector, places, get_settings().audit_period,
                              args.release)
    except AuditError as exc:
        print(exc.message.render(lang, name_resolver(places, framework)), file=sys.stderr)
        return 2
    data = export(report, framework, lang, args.format)
    out = Path(args.out or f"audit-{report.region}-{report.sector}-{report.period_label}{export_suffix(report)}"
                           f".{args.format}")
    try:
        out.write_bytes(data)
    except OSError as exc:
        message = translations(lang).gettext("Could not write %(path)s: %(reason)s")
        print(message % {"path": out, "reason": exc.strerror or exc}, file=sys.stderr)
        return 2
    print(translations(lang).gettext("Wrote %(path)s.") % {"path": out})
    return 0


def cmd_audit_release(args: argparse.Namespace) -> int:
    """Release a period: protect its table once and store it; every page and export of it is then cut from it."""
    from datetime import UTC, datetime

    from sqlmodel import Session

    from guide.audit_pages.places import get_places
    from guide.core.i18n import translations
    from skills_audit.aggregate import AuditError
    from skills_audit.framework import get_framework
    from skills_audit.releases import make_release
    from skills_audit.report import name_resolver

    places, framework, settings = get_places(), get_framework(), get_settings()
    lang = args.lang if args.lang in settings.languages else "en"
    try:
        with Session(_engine()) as session, writing(session):
            release = make_release(session, args.period, settings.audit_period, places, framework,
                                   settings.audit_min_group, datetime.now(UTC), interim=args.interim,
                                   correction=args.correction)
            label, number = release.period, release.number
    except AuditError as exc:
        print(exc.message.render(lang, name_resolver(places, framework)), file=sys.stderr)
        return 2
    if number == 1:
        print(translations(lang).gettext("Released %(period)s.") % {"period": label})
    else:
        print(translations(lang).gettext("Made release %(number)s of %(period)s: it replaces the earlier ones, which "
                                         "stay on record.") % {"period": label, "number": number})
    return 0


def cmd_audit_import(args: argparse.Namespace) -> int:
    """Import employers' needs from a CSV or XLSX file: all rows or none."""
    from datetime import date
    from pathlib import Path

    from sqlmodel import Session

    from guide.audit_pages.places import get_places
    from guide.core.i18n import translations
    from skills_audit.framework import get_framework
    from skills_audit.needs import NeedsRejected, import_needs
    from skills_audit.report import name_resolver
    from skills_audit.sheets import MAX_FILE_BYTES

    lang = args.lang if args.lang in get_settings().languages else "en"
    gettext = translations(lang).gettext
    places, framework = get_places(), get_framework()
    path = Path(args.file)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # a bigger file is refused by its size: no need to read it all
    except OSError as exc:
        print(gettext("Could not read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc},
              file=sys.stderr)
        return 2
    engine = _engine()
    try:
        with Session(engine) as session, writing(session):
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
def cmd_audit_targets_import(args: argparse.Namespace) -> int:
    """Import content/audit/targets.yml for a year into the targets table (every partner, all or nothing)."""
    from datetime import UTC, date, datetime
    from pathlib import Path

    from sqlmodel import Session

    from guide.audit_pages.places import get_places
    from guide.core.i18n import translations
    from skills_audit.results import indicator_keys
    from skills_audit.targets import TARGETS_FILE, TargetsRejected, import_targets_file

    settings = get_settings()
    lang = args.lang if args.lang in settings.languages else "en"
    path = Path(args.file) if args.file else settings.content_dir / TARGETS_FILE
    year = args.year or date.today().year
    try:
        with Session(_engine()) as session, writing(session):
            changed = import_targets_file(session, path, year, get_places(), indicator_keys(),
                                          f"import: {path.name}", datetime.now(UTC))
    except TargetsRejected as exc:
        print(exc.message.render(lang), file=sys.stderr)
        return 2
    print(translations(lang).gettext("Imported the targets of %(year)s: %(num)s changed.")
          % {"year": year, "num": changed})
    return 0


def cmd_audio_build(_args: argparse.Namespace) -> int:
    """Synthesise every text of the guide as published (steps, self-assessment, start, code and result pages) in
    every language, at both speeds; what exists is kept."""
    from guide.content.library import get_library
    from guide.content.revisions import use_database
    from guide.listen.audio import SpeechError
    from guide.listen.service import build_all
    from skills_audit.framework import get_framework

    engine = _engine()
    upgrade(engine)
    use_database(engine)
    try:
        report = build_all(get_library(), get_framework(), get_settings())
    except SpeechError as exc:
        print(f"No audio made: {exc} (install espeak-ng and opus-tools: .ci/setup)", file=sys.stderr)
        return 2
    print(f"{report.made} audio file(s) made, {report.existing} already there; "
          f"{report.total_bytes / 1_000_000:.1f} MB in all.")
    return 0


def cmd_content_export(_args: argparse.Namespace) -> int:
    """Published revisions -> content/ files, so browser edits can be committed to the repository."""
    from sqlmodel import Session

    from guide.content.items import get_catalog
    from guide.content.sync import export_to_files
    from guide.directory.exchange import export_directory
    from guide.places.exchange import export_places

    engine = _engine()
    upgrade(engine)
    catalog = get_catalog()
    with Session(engine) as db, reading(db):
        written = export_to_files(db, catalog)
        written += export_directory(db, catalog.files.content_dir)
        written += export_places(db, catalog.files.content_dir)
    for path in written:
        print(f"wrote {path.relative_to(catalog.files.content_dir)}")
    print(f"{len(written)} file(s) written.")
    return 0


def cmd_content_import(args: argparse.Namespace) -> int:
    """content/ files -> new published revisions where they differ, keeping the history."""
    from sqlmodel import Session

    from guide.content.items import get_catalog
    from guide.content.sync import import_from_files

    engine = _engine()
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as db, writing(db):  # one unit of work for the whole import
        report = import_from_files(db, get_catalog(), author=args.author)
    for error in report.errors:
        print(f"not imported: {error}", file=sys.stderr)
    print(f"{report.saved} text(s) imported, {report.unchanged} unchanged, {len(report.errors)} refused.")
    return 1 if report.errors else 0


def cmd_directory_import(args: argparse.Namespace) -> int:
    """The local directory from content/directory/ (or the centres' old help texts), for centres with no entries."""
    from datetime import date

    from sqlmodel import Session

    from guide.content.library import get_files
    from guide.directory.exchange import import_directory

    engine = _engine()
    upgrade(engine)
    with Session(engine) as db, writing(db):
        report = import_directory(db, get_files(), tuple(get_settings().languages), args.author, date.today())
    for line in report.refused:
        print(f"not imported: {line}", file=sys.stderr)
    for centre in report.skipped_centres:
        print(f"{centre}: has entries already, left as it is")
    print(f"{report.added} entr{'y' if report.added == 1 else 'ies'} imported, {len(report.refused)} refused.")
    return 1 if report.refused else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tensteps", description="Ten Steps to work")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="bring the database up to date and serve the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser(
        "purge", help="delete expired sessions, share codes, rate-limit counters and old readers' feedback "
        "(tensteps serve does it too)"
    ).set_defaults(func=cmd_purge)
    db = sub.add_parser("db", help="database commands")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply all migrations").set_defaults(func=cmd_db_upgrade)
    sub.add_parser(
        "demo", help="load demo data: journeys at different stages, one staff account per role"
    ).set_defaults(func=cmd_demo)
    _user_parser(sub)
    audit = sub.add_parser("audit", help="the employer skills-needs audit")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    export = audit_sub.add_parser("export", help="write the report of a region and sector as CSV or XLSX")
    export.add_argument("--region", required=True, help="NUTS code of a partner region, e.g. BE254")
    export.add_argument("--sector", required=True, help="sector id or NACE section, e.g. care or Q")
    export.add_argument("--period", required=True,
                        help="a year (2026), or a quarter (2026-Q1) when TENSTEPS_AUDIT_PERIOD=quarter: "
                             "reports are made for one kind of period only")
    export.add_argument("--release", type=int, default=None,
                        help="the number of an earlier release of the period (default: its newest release)")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--out", help="file to write (default: audit-<region>-<sector>-<period>.<format>)")
    export.add_argument("--lang", default="en", help="language of the file: nl, fr or en")
    export.set_defaults(func=cmd_audit_export)
    release = audit_sub.add_parser("release", help="release a period: its protected figures, stored once")
    release.add_argument("--period", required=True, help="a year (2026), or a quarter (2026-Q1)")
    release.add_argument("--interim", action="store_true",
                         help="release a period that has not ended yet (its figures so far, frozen)")
    release.add_argument("--correction", action="store_true",
                         help="a new release of a period released already, protected together with the earlier "
                              "ones (which stay on record)")
    release.add_argument("--lang", default="en", help="language of the messages: nl, fr or en")
    release.set_defaults(func=cmd_audit_release)
    import_ = audit_sub.add_parser("import", help="import employers' needs from a CSV or XLSX file (all or nothing)")
    import_.add_argument("file")
    import_.add_argument("--lang", default="en", help="language of the messages: nl, fr or en")
    import_.set_defaults(func=cmd_audit_import)
    targets = audit_sub.add_parser("targets-import",
                                   help="import the programme's targets file for a year (all or nothing)")
    targets.add_argument("--year", type=int, help="the year whose quarters get the targets (default: this year)")
    targets.add_argument("--file", help="the targets file (default: content/audit/targets.yml)")
    targets.add_argument("--lang", default="en", help="language of the messages: nl, fr or en")
    targets.set_defaults(func=cmd_audit_targets_import)
    content = sub.add_parser("content", help="move the guide's texts between the database and the content/ files")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    content_sub.add_parser("export", help="write published revisions back to the content/ files").set_defaults(
        func=cmd_content_export
    )
    content_import = content_sub.add_parser("import", help="load the content/ files over the database as revisions")
    content_import.add_argument("--author", default="files", help="name recorded on the imported revisions")
    content_import.set_defaults(func=cmd_content_import)
    directory = sub.add_parser("directory", help="the local directory of services and opportunities")
    directory_sub = directory.add_subparsers(dest="directory_command", required=True)
    directory_import = directory_sub.add_parser(
        "import", help="load content/directory/ (or the centres' help texts) for centres that have no entries yet")
    directory_import.add_argument("--author", default="files", help="name recorded on the imported entries")
    directory_import.set_defaults(func=cmd_directory_import)
    audio = sub.add_parser("audio", help="speech for every text job seekers can listen to")
    audio_sub = audio.add_subparsers(dest="audio_command", required=True)
    audio_sub.add_parser("build", help="make the audio files that are missing (nl, fr, en; normal and slower)"
                         ).set_defaults(func=cmd_audio_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except DataDirError as exc:
        print(f"tensteps: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
