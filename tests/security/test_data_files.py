"""The data folder: private files, and one clear line when it cannot be written.

The findings: the SQLite database was created world-readable (0644) in a world-listable folder, next to the secret
key; and a read-only data folder stopped `tensteps serve` with a traceback instead of saying what was wrong.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import text

from guide import cli
from guide.core.db import make_engine
from guide.core.settings import Settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the common default, which makes new files 0644
    yield
    os.umask(old)


def test_the_database_secret_and_folder_are_private(tmp_path, usual_umask) -> None:  # noqa: ANN001
    settings = Settings(data_dir=tmp_path / "data", secret_key="", database_url="")
    settings.resolved_secret_key()
    engine = make_engine(settings.resolved_database_url())
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x TEXT)"))
        conn.execute(text("INSERT INTO t VALUES ('a')"))
        data = tmp_path / "data"
        files = sorted(p.name for p in data.iterdir())
        assert {"secret_key", "tensteps.db"} <= set(files)
        for name in files:  # the -wal and -shm files too, while they exist
            assert _mode(data / name) == 0o600, name
    engine.dispose()
    assert _mode(data) == 0o700


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write to (for root, who may write anywhere else, the kernel's /sys)."""
    if os.geteuid() == 0:
        if not Path("/sys/kernel").is_dir():
            pytest.skip("needs /sys to stand for a read-only folder when run as root")
        yield Path("/sys/kernel")
        return
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("command", [["serve"], ["db", "upgrade"], ["purge"]])
@pytest.mark.parametrize("secret", ["", "a-secret-from-the-environment"])
def test_a_read_only_data_folder_is_said_in_one_line(read_only_dir, monkeypatch, capsys, command,  # noqa: ANN001
                                                     secret) -> None:
    settings = Settings(data_dir=read_only_dir, database_url="", secret_key=secret)
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    monkeypatch.setattr(uvicorn, "run", lambda *_a, **_k: pytest.fail("served without a writable data folder"))
    assert cli.main(command) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "Traceback" not in err + out
    assert str(read_only_dir) in err and "TENSTEPS_DATA_DIR" in err


def test_a_data_folder_that_cannot_be_made_is_said_in_one_line(read_only_dir, monkeypatch, capsys) -> None:  # noqa: ANN001
    settings = Settings(data_dir=read_only_dir / "tensteps" / "data", database_url="", secret_key="")
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    monkeypatch.setattr(uvicorn, "run", lambda *_a, **_k: pytest.fail("served without a writable data folder"))
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "tensteps/data" in err
