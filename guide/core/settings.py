"""Settings from TENSTEPS_* environment variables, with safe defaults for a single shared PC."""

from __future__ import annotations

import os
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
# Where `tensteps serve` listens by default: the public address when none is set (it works on this computer only).
LOCAL_URL = "http://127.0.0.1:8000"
_PUBLIC_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9._~/-]*)?")


class DataDirError(RuntimeError):
    """A folder the app must write to cannot be written: the command line says so in one line."""


def make_private_dir(path: Path, what: str = "the data directory", setting: str = "TENSTEPS_DATA_DIR") -> None:
    """Create the folder readable by this user only (it holds the database and the secret key)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(cannot_write(path, exc, what, setting)) from None


def cannot_write(path: Path, exc: OSError, what: str = "the data directory", setting: str = "TENSTEPS_DATA_DIR") -> str:
    return (f"cannot write to {what} {path} ({exc.strerror or type(exc).__name__}): make it writable for the user "
            f"running tensteps, or set {setting}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TENSTEPS_")

    data_dir: Path = REPO_ROOT / "data"
    content_dir: Path = REPO_ROOT / "content"
    locales_dir: Path = REPO_ROOT / "locales"
    # Interface and content languages; adding one is configuration plus translations, no code.
    languages: list[str] = ["nl", "fr", "en"]
    database_url: str = ""
    secret_key: str = ""
    # Shared PCs: a journey's session ends after this much inactivity, with a warning before.
    session_timeout_minutes: float = 20
    session_warning_minutes: float = 2
    # Wrong resume codes allowed in one window per address (enough for a busy centre's typos: one person's slips
    # never lock out the others behind the same address) and per code prefix, the first 8 of its 12 characters,
    # from any address (so a code half-read over someone's shoulder cannot be finished by guessing).
    resume_attempts: int = 100
    resume_attempts_per_code: int = 10
    resume_window_seconds: int = 900
    # Wrong workshop codes allowed in one window (resume_window_seconds) per address (a room of thirty behind one
    # address, each with a typo or two) and per journey (one person guessing from several addresses).
    workshop_code_attempts: int = 60
    workshop_code_attempts_per_journey: int = 10
    # Staff sessions end after this much inactivity, and in any case this long after signing in.
    staff_session_timeout_minutes: float = 60
    staff_session_max_hours: float = 10
    # Failed staff logins allowed per account and per address in one window.
    login_attempts_per_account: int = 5
    login_attempts_per_address: int = 20
    login_window_seconds: int = 900
    # A job seeker's share code lives this long; wrong share codes allowed per coach (and per address) per window.
    share_code_minutes: int = 15
    share_code_attempts: int = 10
    share_code_window_seconds: int = 900
    # Readers' answers to "Was this clear?" allowed per browser session and per address in one window (a centre's
    # PCs share one address: its limit is higher), and how long answers and their comments are kept.
    feedback_per_session: int = Field(default=10, ge=1)
    feedback_per_address: int = Field(default=60, ge=1)
    feedback_window_seconds: int = Field(default=3600, ge=1)
    feedback_days: int = Field(default=365, ge=1)
    # Staff password hashes (argon2, 64 MiB each) run at most this many at once per process; sign-ins beyond wait.
    password_hashes_at_once: int = Field(default=2, ge=1)
    # SQLite's fsync policy (PRAGMA synchronous) in WAL mode: see README, Settings. FULL also syncs every commit.
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    # Set when the app runs behind HTTPS (cookies get the Secure flag, and browsers are told to use HTTPS only).
    secure_cookies: bool = False
    # The reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks). Empty: the
    # connecting address is the client's, whatever a request claims; otherwise anyone could pick a fresh address for
    # every guess and escape every per-address limit.
    trusted_proxies: list[str] = []
    # The address people type or scan to reach the app, as seen from outside (behind a proxy, the proxy's:
    # https://tiensteps.kortrijk.be). It is printed on the code card and is the QR code's link, which carries a
    # resume code: never taken from a request's Host header, which whoever sends the request chooses.
    public_url: str = ""
    # The skills audit hides every group (and every count) of fewer than this many job seekers, see
    # skills_audit.suppression. 1 would show everything; never lower it for published figures.
    audit_min_group: int = Field(default=5, ge=1)
    # The skills audit's reports are made for periods of this one kind: "year" (2026) or "quarter" (2026-Q1), never
    # both, because suppression is done per period and a year overlaps its quarters: a quarter hidden in its own
    # report could be worked out as the year minus the quarters shown. Years give bigger groups, so less is hidden.
    # Choose once: switching after reports were published mixes the two kinds again.
    audit_period: Literal["year", "quarter"] = "year"
    # How often the server deletes expired sessions, share codes and rate-limit counters (0: only `tensteps purge`).
    purge_interval_minutes: float = Field(default=60, ge=0)
    # How long a worker may show content without checking for publications made by other workers.
    content_refresh_seconds: float = Field(default=2.0, ge=0)
    _generated_secret: str = PrivateAttr(default="")

    @field_validator("public_url")
    @classmethod
    def _check_public_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not _PUBLIC_URL.fullmatch(value):
            raise ValueError("TENSTEPS_PUBLIC_URL must be an http:// or https:// address with a host and no query, "
                             "like https://tiensteps.example.org")
        return value

    def resolved_public_url(self) -> str:
        """The site's address for printed cards and QR codes, without a trailing slash."""
        return self.public_url or LOCAL_URL

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        make_private_dir(self.data_dir)
        return f"sqlite:///{self.data_dir / 'tensteps.db'}"

    def resolved_secret_key(self) -> str:
        """The given secret, or one generated once and kept in the data folder (so all workers share it)."""
        if self.secret_key:
            return self.secret_key
        if self._generated_secret:
            return self._generated_secret
        make_private_dir(self.data_dir)
        path = self.data_dir / "secret_key"
        try:
            if not path.exists():
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:  # another worker wrote it first
                    pass
                else:
                    with os.fdopen(fd, "w") as f:
                        f.write(secrets.token_hex(32))
            self._generated_secret = path.read_text().strip()
        except OSError as exc:
            raise DataDirError(cannot_write(self.data_dir, exc)) from None
        return self._generated_secret


@lru_cache
def get_settings() -> Settings:
    return Settings()
