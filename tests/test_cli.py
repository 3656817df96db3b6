"""The tensteps command: db upgrade and demo, on each backend."""

import re

from sqlalchemy import func, inspect, select

from guide import cli
from guide.journeys.models import Journey


def test_db_upgrade_and_demo(db_engine, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    assert cli.main(["db", "upgrade"]) == 0
    assert {"journey", "step_progress", "answer", "checklist_tick"} <= set(inspect(db_engine).get_table_names())
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    codes = re.findall(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b", out)
    assert len(codes) >= 3
    from guide.demo import AUDIT_GROUPS

    generated = sum(sum(usual) for _centre, _sector, usual, _different in AUDIT_GROUPS)  # the audit's, codeless
    with db_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Journey)).scalar() == len(codes) + generated


def test_serve_has_host_and_port_options():
    args = cli.build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.host, args.port) == ("0.0.0.0", 9000)


def test_user_add_list_disable_reset_password(db_engine, monkeypatch, capsys):
    import io

    from tests.conftest import authenticate

    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    monkeypatch.setattr("sys.stdin", io.StringIO("Fjord-lantern-quiet-7\n"))
    assert cli.main(["user", "add", "anna", "--name", "Anna", "--partner", "medway", "--role", "coach",
                     "--role", "editor", "--language", "nl", "--password-stdin"]) == 0
    assert "Added anna (Medway Council)" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["user", "add", "bert", "--partner", "medway", "--role", "coach", "--password-stdin"]) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert cli.main(["user", "add", "carla", "--partner", "Atlantis", "--role", "coach", "--generate"]) == 2
    assert "Choose one of the partner organisations" in capsys.readouterr().err
    assert cli.main(["user", "list"]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"anna\s+Anna\s+Medway Council\s+coach,editor\s+nl\s+active", listing)
    assert cli.main(["user", "disable", "anna"]) == 0
    assert "disabled" in capsys.readouterr().out
    assert cli.main(["user", "reset-password", "anna", "--generate"]) == 0
    password = re.search(r"Password \(shown only now\): (\S+)", capsys.readouterr().out).group(1)
    assert cli.main(["user", "enable", "anna"]) == 0
    from sqlmodel import Session

    with Session(db_engine) as db:
        assert authenticate(db, "s", "anna", password, "cli", (5, 20, 900)).account is not None
    assert cli.main(["user", "disable", "nobody"]) == 2


def test_demo_makes_one_account_per_role_and_a_caseload(db_engine, monkeypatch, capsys):
    from sqlmodel import Session

    from guide.sharing.models import CoachLink
    from tests.conftest import authenticate

    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    accounts = dict(re.findall(r"^\s+(demo-\w+)\s+([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})\s", out, re.M))
    assert set(accounts) == {"demo-coach", "demo-helper", "demo-editor", "demo-analyst", "demo-admin"}
    with Session(db_engine) as db:
        for username, password in accounts.items():
            assert authenticate(db, "s", username, password, "cli", (5, 20, 900)).account is not None
        assert len(db.exec(select(CoachLink)).scalars().all()) == 3


def test_audit_targets_import(db_engine, monkeypatch, capsys, tmp_path):
    from skills_audit.targets import current_targets

    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    assert cli.main(["audit", "targets-import", "--year", "2026"]) == 0
    assert "Imported the targets of 2026" in capsys.readouterr().out
    assert current_targets(db_engine)[("Medway Council", "started", "2026-Q2")] == 75
    broken = tmp_path / "targets.yml"
    broken.write_text('"Atlantis":\n  every_quarter: {started: 1}\n', encoding="utf-8")
    assert cli.main(["audit", "targets-import", "--year", "2027", "--file", str(broken), "--lang", "nl"]) == 2
    assert "Atlantis" in capsys.readouterr().err
    assert not any(period.startswith("2027") for _p, _k, period in current_targets(db_engine))
