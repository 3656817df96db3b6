"""Staff accounts at the partner organisations: roles, passwords, sign-in with rate limits, sessions.

Coaches, editors, analysts and admins share this module; their pages build on `guide.sessions.deps`. No web code here.
Passwords are hashed with argon2 (pwdlib); a session cookie carries a random token whose keyed hash is stored.
"""

from __future__ import annotations

import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from functools import lru_cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import Integer, String, bindparam, column, delete
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide.content.library import get_library
from guide.core.codes import ALPHABET, keyed_hash
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import saved_id, utcnow
from guide.core.ratelimit import Attempt, Limit, address_bucket, take
from guide.core.settings import get_settings
from guide.sessions.models import StaffSession
from guide.staff.models import StaffAccount, StaffLanguage, StaffRole

COACH, EDITOR, ANALYST, ADMIN = "coach", "editor", "analyst", "admin"
# A peer helper: a volunteer who runs workshops at their partner's centres and sees nothing of any journey.
HELPER = "helper"
ROLES = (COACH, HELPER, EDITOR, ANALYST, ADMIN)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # argon2 takes any length; a cap keeps a huge post from costing much
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MAX_DISPLAY_NAME = 80

_hasher = PasswordHash((Argon2Hasher(),))


@dataclass(frozen=True)
class StaffUser:
    """The signed-in staff member, as routes and templates see them."""

    id: int
    username: str
    display_name: str
    partner: str
    all_partners: bool
    roles: frozenset[str]
    languages: frozenset[str]  # the editor's language scope

    def has(self, role: str) -> bool:
        return role in self.roles

    def may_manage(self, partner: str, all_partners: bool) -> bool:
        """Whether this admin may see and change an account of `partner` (an all-partners one when `all_partners`).

        An admin manages only accounts that hold no more power than their own: a partner admin those of their own
        partner, never an all-partners account (resetting its password would hand over every partner); only an
        all-partners admin manages every account.
        """
        if ADMIN not in self.roles:
            return False
        if self.all_partners:
            return True
        return partner == self.partner and not all_partners


@dataclass(frozen=True)
class AccountRow:
    account: StaffAccount
    roles: tuple[str, ...]
    languages: tuple[str, ...]


# What can be wrong with an account's fields, worded once for the pages and the command line.
ACCOUNT_MESSAGES = {
    "name_missing": N_("Enter the name clients and colleagues will see."),
    "name_too_long": N_("The name can have at most %(max)s characters."),
    "unknown_partner": N_("Choose one of the partner organisations."),
    "roles": N_("Choose at least one role."),
    "languages": N_("Choose languages from the list."),
    "username_format": N_("A username has 3 to 64 small letters, digits, dots, dashes or underscores, and starts "
                          "with a letter or a digit."),
    "username_taken": N_("This username is already used. Choose another one."),
    "password_too_short": N_("A password needs at least %(min)s characters."),
    "password_too_long": N_("This password is too long."),
    "password_common": N_("This password is too common and easy to guess. Choose another one."),
    "password_username": N_("The password must not contain the username."),
    "self": N_("You cannot disable your own account or take away your own administrator role."),
    "self_scope": N_("You cannot change your own roles or languages. Ask another administrator."),
    "current_missing": N_("Enter your current password."),
    "current_wrong": N_("Your current password is not right. Check it and try again."),
    "password_limited": N_(
        "Too many wrong passwords. Wait %(minutes)s minutes and try again, or ask an administrator."
    ),
    "new_missing": N_("Enter a new password."),
    "same_as_current": N_("Your new password is the same as your current one. Choose a different one."),
    "again_missing": N_("Enter your new password a second time."),
    "again_different": N_("The two new passwords are not the same. Type them again."),
}


def account_problem(kind: str, params: dict[str, object] | None = None) -> Message:
    return Message(ACCOUNT_MESSAGES[kind], params or {})


class AccountError(Problems):
    """An account's fields that will not do, each with its Message; `limited` when sign-ins are rate-limited."""

    def __init__(self, errors: dict[str, Message], limited: bool = False) -> None:
        super().__init__(errors)
        self.limited = limited


# --- passwords ---------------------------------------------------------------------------------------------------


@lru_cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords of public leaks, ranked; we only need the set.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(FREQUENCY_LISTS.get("english_wikipedia", [])[:2000])


def password_problem(password: str, username: str = "") -> str | None:
    """None when the password may be used; otherwise why not: too_short, too_long, common or username."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "too_long"
    lowered = password.lower()
    if username and username.lower() in lowered:
        return "username"
    # "Password2024!" is "password" with a tail: strip digits and symbols at both ends before the look-up.
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    common = _common_passwords()
    if lowered in common or core in common or len(set(lowered)) < 5:
        return "common"
    return None


@lru_cache
def _hash_slots() -> threading.BoundedSemaphore:
    # An argon2 hash holds 64 MiB while it runs: 40 sign-ins at once took 1.44 GB. At most this many run at once in
    # a process; the others wait their turn (a hash takes a fraction of a second) and then go on as usual.
    return threading.BoundedSemaphore(get_settings().password_hashes_at_once)


def hash_password(password: str) -> str:
    with _hash_slots():
        return _hasher.hash(password)


def _verify(password: str, password_hash: str) -> tuple[bool, str | None]:
    """Whether the password matches, and a new hash when the hashing parameters grew stronger since."""
    with _hash_slots():
        return _hasher.verify_and_update(password, password_hash)


@lru_cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(16))


def generate_password() -> str:
    """16 easy-to-read characters in four groups: about 72 bits, and nothing that looks like something else."""
    raw = "".join(secrets.choice(ALPHABET.lower()) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


# --- accounts ----------------------------------------------------------------------------------------------------


def partners() -> list[str]:
    """The partner organisations: every centre's, and those admins added (guide.places)."""
    library = get_library()
    return sorted({*library.partners, *(centre.partner for centre in library.centres.values())})


def normalise_username(typed: str) -> str:
    return typed.strip().lower()


def _check_fields(
    display_name: str, partner: str, roles: set[str], languages: set[str], known_languages: set[str]
) -> dict[str, Message]:
    errors: dict[str, Message] = {}
    if not display_name.strip():
        errors["display_name"] = account_problem("name_missing")
    elif len(display_name.strip()) > MAX_DISPLAY_NAME:
        errors["display_name"] = account_problem("name_too_long", {"max": MAX_DISPLAY_NAME})
    if partner not in partners():
        errors["partner"] = account_problem("unknown_partner")
    if not roles or not roles <= set(ROLES):
        errors["roles"] = account_problem("roles")
    if not languages <= known_languages:
        errors["languages"] = account_problem("languages")
    return errors


def create_account(
    db: Session,
    username: str,
    display_name: str,
    partner: str,
    roles: set[str],
    languages: set[str],
    known_languages: set[str],
    password: str | None = None,
    password_hash: str | None = None,
    all_partners: bool = False,
) -> StaffAccount:
    """A new account; AccountError (nothing stored) when a field is not right. Give a password or its hash."""
    username = normalise_username(username)
    errors = _check_fields(display_name, partner, roles, languages, known_languages)
    if not USERNAME_RE.match(username):
        errors["username"] = account_problem("username_format")
    elif find_account(db, username) is not None:
        errors["username"] = account_problem("username_taken")
    if password_hash is None:
        problem = password_problem(password or "", username)
        if problem:
            errors["password"] = account_problem(f"password_{problem}", {"min": MIN_PASSWORD_LENGTH})
    if errors:
        raise AccountError(errors)
    account = StaffAccount(
        username=username,
        display_name=display_name.strip(),
        partner=partner,
        password_hash=password_hash or hash_password(password or ""),
        all_partners=all_partners and ADMIN in roles,
    )
    db.add(account)
    try:
        db.flush()
    except IntegrityError:  # the same username, added at the same moment by someone else: the caller's unit of
        # work rolls back on the error
        raise AccountError({"username": account_problem("username_taken")}) from None
    _write_scope(db, saved_id(account), roles, languages)
    return account


def _write_scope(db: Session, account_id: int, roles: set[str], languages: set[str]) -> None:
    db.exec(delete(StaffRole).where(col(StaffRole.account_id) == account_id))
    db.exec(delete(StaffLanguage).where(col(StaffLanguage.account_id) == account_id))
    db.add_all(StaffRole(account_id=account_id, role=r) for r in sorted(roles))
    db.add_all(StaffLanguage(account_id=account_id, locale=code) for code in sorted(languages))


def manageable_account(db: Session, actor: StaffUser, account_id: int) -> StaffAccount | None:
    """The account `actor` may manage (see StaffUser.may_manage), or None: to them it does not exist."""
    account = get_account(db, account_id)
    if account is None or not actor.may_manage(account.partner, account.all_partners):
        return None
    return account


def update_account(
    db: Session,
    account: StaffAccount,
    display_name: str,
    roles: set[str],
    languages: set[str],
    known_languages: set[str],
    actor: StaffUser | None = None,
) -> None:
    """Change an account's name and scope; `actor` is the admin doing it (None: the command line).

    Nobody changes their own roles or languages in the browser: an admin who could would grant themselves anything.
    """
    errors = _check_fields(display_name, account.partner, roles, languages, known_languages)
    own = actor is not None and account.id == actor.id
    if own and actor is not None and (roles != set(actor.roles) or languages != set(actor.languages)):
        errors["roles"] = account_problem("self_scope")
    if errors:
        raise AccountError(errors)
    account.display_name = display_name.strip()
    account.all_partners = account.all_partners and ADMIN in roles
    db.add(account)
    _write_scope(db, saved_id(account), roles, languages)


def find_account(db: Session, username: str) -> StaffAccount | None:
    return db.exec(
        select(StaffAccount).where(col(StaffAccount.username) == normalise_username(username))
    ).first()


def get_account(db: Session, account_id: int) -> StaffAccount | None:
    return db.get(StaffAccount, account_id)


def account_roles(db: Session, account_id: int) -> frozenset[str]:
    return frozenset(_scopes(db, [account_id])[account_id][0])


# Roles and languages in one statement, as plain SQL: the ORM's UNION cost a millisecond on every staff page.
_SCOPES_SQL = sql(
    """
    SELECT account_id, role, 'r' FROM staff_role WHERE account_id IN :ids
    UNION ALL
    SELECT account_id, locale, 'l' FROM staff_language WHERE account_id IN :ids
    """
).columns(column("account_id", Integer), column("value", String), column("kind", String)).bindparams(
    bindparam("ids", expanding=True))


def _scopes(db: Session, account_ids: list[int]) -> dict[int, tuple[set[str], set[str]]]:
    """Roles and languages of several accounts in one query."""
    found: dict[int, tuple[set[str], set[str]]] = {i: (set(), set()) for i in account_ids}
    if not account_ids:
        return found
    if db.autoflush:  # as an ORM query would: roles just added count
        db.flush()
    for account_id, value, kind in db.connection().execute(_SCOPES_SQL, {"ids": account_ids}).all():
        found[account_id][0 if kind == "r" else 1].add(value)
    return found


def list_accounts(db: Session, partner: str | None = None) -> list[AccountRow]:
    """Accounts, by partner then username; only one partner's when `partner` is given."""
    query = select(StaffAccount).order_by(col(StaffAccount.partner), col(StaffAccount.username))
    if partner is not None:
        query = query.where(col(StaffAccount.partner) == partner)
    accounts = list(db.exec(query))
    scopes = _scopes(db, [a.id for a in accounts if a.id is not None])
    return [
        AccountRow(a, tuple(r for r in ROLES if r in scopes[a.id][0]), tuple(sorted(scopes[a.id][1])))
        for a in accounts
        if a.id is not None
    ]


def account_row(db: Session, account: StaffAccount) -> AccountRow:
    account_id = saved_id(account)
    roles, languages = _scopes(db, [account_id])[account_id]
    return AccountRow(account, tuple(r for r in ROLES if r in roles), tuple(sorted(languages)))


def end_sessions(db: Session, account_id: int | None) -> None:
    db.exec(delete(StaffSession).where(col(StaffSession.account_id) == account_id))


def set_disabled(db: Session, account: StaffAccount, disabled: bool) -> None:
    """Disable (locked out at once: every session ends) or enable an account."""
    account.disabled_at = utcnow() if disabled else None
    db.add(account)
    if disabled:
        end_sessions(db, account.id)


def set_password(db: Session, account: StaffAccount, password: str) -> None:
    """A new password (AccountError when it is too short or common); signs the account out everywhere."""
    problem = password_problem(password, account.username)
    if problem:
        raise AccountError({"password": account_problem(f"password_{problem}", {"min": MIN_PASSWORD_LENGTH})})
    account.password_hash = hash_password(password)
    db.add(account)
    end_sessions(db, account.id)


def change_own_password(
    db: Session,
    secret: str,
    account_id: int,
    current: str,
    new: str,
    again: str,
    keep_token: str,
    checked: LoginResult | None,
    window_seconds: int,
) -> None:
    """A signed-in staff member changes their own password; every other session of the account ends.

    The current password is checked first as a sign-in checks it (login_slots, then check_login, each in a unit of
    work of its own), so a wrong one counts towards the same rate limits (the form cannot be used to guess): `checked`
    is that check's result (None when no current password was typed), `window_seconds` the limits' window.
    AccountError names each problem, under the form's field names current_password, new_password and
    new_password_again; "password_limited" means wait (its variable: minutes). The session whose token is keep_token
    stays signed in.
    """
    account = get_account(db, account_id)
    if account is None:  # the session outlived its account: nothing to change
        raise AccountError({"current_password": account_problem("current_wrong")})
    errors: dict[str, Message] = {}
    verified = None
    limited = False
    if not current or checked is None:
        errors["current_password"] = account_problem("current_missing")
    else:
        limited = checked.limited
        if checked.limited:
            errors["current_password"] = account_problem("password_limited",
                                                         {"minutes": max(1, window_seconds // 60)})
        elif checked.account is None or checked.account.id != account.id:
            errors["current_password"] = account_problem("current_wrong")
        else:
            verified = checked.account
    problem = password_problem(new, account.username) if new else None
    if not new:
        errors["new_password"] = account_problem("new_missing")
    elif problem:
        errors["new_password"] = account_problem(f"password_{problem}", {"min": MIN_PASSWORD_LENGTH})
    elif verified is not None and new == current:  # only then is the typed "current" really the current one
        errors["new_password"] = account_problem("same_as_current")
    if new and not again:
        errors["new_password_again"] = account_problem("again_missing")
    elif new and again != new:
        errors["new_password_again"] = account_problem("again_different")
    if errors or verified is None:
        raise AccountError(errors, limited=limited)
    verified.password_hash = hash_password(new)
    db.add(verified)
    # Someone who learnt the old password may be signed in elsewhere: those sessions end, this one stays.
    db.exec(delete(StaffSession).where(
        col(StaffSession.account_id) == verified.id,
        col(StaffSession.token_hash) != keyed_hash(secret, "staff-session", keep_token),
    ))


# --- signing in --------------------------------------------------------------------------------------------------

# A browser that signed in to an account before carries a "known device" token for it (OWASP's device cookies): its
# failures count against that token only, so an attacker who hammers an account locks out unknown browsers, never the
# coach at their own PC. Tokens are signed with the secret key (nothing is stored) and last this long.
KNOWN_DEVICE_DAYS = 180
_DEVICES_PER_BROWSER = 5  # a shared office PC remembers this many accounts


@dataclass(frozen=True)
class LoginResult:
    account: StaffAccount | None
    limited: bool = False
    device: str = ""  # on success: the browser's known-device cookie, with a fresh token for this account


def _limit_keys(secret: str, username: str, address: str) -> tuple[str, str]:
    # Keyed hashes: the rate-limit table holds neither usernames nor addresses.
    return (
        "staff-login-user:" + keyed_hash(secret, "login-user", normalise_username(username))[:32],
        "staff-login-addr:" + keyed_hash(secret, "address", address_bucket(address))[:32],
    )


def _device_owner(secret: str, username: str) -> str:
    return keyed_hash(secret, "device-owner", normalise_username(username))[:12]


def _device_mac(secret: str, username: str, issued: str, nonce: str) -> str:
    return keyed_hash(secret, "staff-device", f"{normalise_username(username)}:{issued}:{nonce}")[:32]


def known_device(secret: str, username: str, cookie: str) -> str | None:
    """The id of this browser's valid known-device token for the account, or None (an unknown browser)."""
    owner = _device_owner(secret, username)
    for token in cookie.split("~")[:_DEVICES_PER_BROWSER]:
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != owner or not parts[1].isdigit():
            continue
        _owner, issued, nonce, mac = parts
        young = int(issued) + KNOWN_DEVICE_DAYS * 86400 > utcnow().timestamp()
        if young and hmac.compare_digest(mac, _device_mac(secret, username, issued, nonce)):
            return nonce
    return None


def remember_device(secret: str, username: str, cookie: str) -> str:
    """The known-device cookie after a successful sign-in: a fresh token for this account, others' kept."""
    owner = _device_owner(secret, username)
    issued, nonce = str(int(utcnow().timestamp())), secrets.token_urlsafe(12)
    token = f"{owner}.{issued}.{nonce}.{_device_mac(secret, username, issued, nonce)}"
    others = [t for t in cookie.split("~") if t.count(".") == 3 and not t.startswith(owner + ".")]
    return "~".join([token, *others][:_DEVICES_PER_BROWSER])


def login_slots(
    db: Session,
    secret: str,
    username: str,
    address: str,
    limits: tuple[int, int, int],
    device: str = "",
) -> Attempt:
    """Take a sign-in attempt's slots under the rate limits, before its password is checked (check_login).

    limits: (failures per account, failures per address, window in seconds). `device` is the browser's known-device
    cookie: with a valid token for this account, failures count against that token alone (as many as per account);
    without, against the account's unknown browsers and the address. Run it in a unit of work of its own, committed
    before check_login: parallel guesses then see each other's slots and get no more checks than the limit, and no
    writer waits behind the slow password check for SQLite's write lock.
    """
    per_account, per_address, window = limits
    nonce = known_device(secret, username, device)
    if nonce is not None:
        checks = [Limit("staff-login-device:" + keyed_hash(secret, "device", nonce)[:32], per_account, window)]
    else:
        user_key, addr_key = _limit_keys(secret, username, address)
        checks = [Limit(user_key, per_account, window), Limit(addr_key, per_address, window)]
    return take(db, *checks)


def check_login(db: Session, secret: str, username: str, password: str, attempt: Attempt,
                device: str = "") -> LoginResult:
    """Check a username and password whose slots `attempt` took (login_slots). A disabled account never signs in.
    A failure keeps the slots (they count it); a right password gives them back and stores a stronger hash when the
    hashing parameters grew since."""
    if not attempt.allowed:
        return LoginResult(None, limited=True)
    account = find_account(db, username) if username.strip() else None
    if account is None:
        _verify(password[:MAX_PASSWORD_LENGTH], _dummy_hash())  # the same time as a real check
        return LoginResult(None)
    ok, new_hash = _verify(password[:MAX_PASSWORD_LENGTH], account.password_hash)
    if not ok or account.disabled_at is not None:
        return LoginResult(None)  # the slots stay taken: they count this failure
    if new_hash:  # the hashing parameters grew stronger since: store the new hash
        account.password_hash = new_hash
        db.add(account)
    attempt.refund(db)  # a right password is no failure
    return LoginResult(account, device=remember_device(secret, username, device))
