"""The tensteps command: db upgrade and demo, on each backend."""

import re

from sqlalchemy import func, inspect, select

from guide import cli
from guide.models import Journey


def test_db_upgrade_and_demo(db_engine, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    assert cli.main(["db", "upgrade"]) == 0
    assert {"journey", "step_progress", "answer", "checklist_tick"} <= set(inspect(db_engine).get_table_names())
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    codes = re.findall(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b", out)
    assert len(codes) >= 3
    with db_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Journey)).scalar() == len(codes)


def test_serve_has_host_and_port_options():
    args = cli.build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.host, args.port) == ("0.0.0.0", 9000)
