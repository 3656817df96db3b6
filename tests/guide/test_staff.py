"""The staff domain: password rules, hashing, sign-in, sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from guide.models import StaffSession
from guide.staff import (
    authenticate,
    generate_password,
    hash_password,
    open_staff_session,
    password_problem,
    session_user,
    set_disabled,
)
from tests.conftest import STAFF_PASSWORD, make_staff

SECRET = "test-secret-key-not-for-production"
LIMITS = (5, 20, 900)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(("password", "problem"), [
    ("short-pass", "too_short"),
    ("x" * 300, "too_long"),
    ("1q2w3e4r5t6y", "common"),
    ("qwerty123456", "common"),
    ("Password2024!", "common"),
    ("aaaaaaaaaaaaaaa", "common"),
    ("anna-coach-is-me", "username"),
    (STAFF_PASSWORD, None),
])
def test_password_rules(password, problem):
    assert password_problem(password, "anna-coach") == problem


def test_generated_passwords_pass_the_rules_and_differ():
    passwords = {generate_password() for _ in range(20)}
    assert len(passwords) == 20
    assert all(password_problem(p) is None for p in passwords)


def test_hashes_are_argon2_and_salted():
    first, second = hash_password(STAFF_PASSWORD), hash_password(STAFF_PASSWORD)
    assert first.startswith("$argon2id$") and first != second


def test_authenticate(db):
    make_staff(db, "anna-coach")
    assert authenticate(db, SECRET, "ANNA-coach", STAFF_PASSWORD, "a", LIMITS).account is not None
    assert authenticate(db, SECRET, "anna-coach", "wrong", "a", LIMITS).account is None
    assert authenticate(db, SECRET, "nobody", STAFF_PASSWORD, "a", LIMITS).account is None


def test_a_disabled_account_cannot_sign_in_and_loses_its_sessions(db):
    account = make_staff(db, "anna-coach")
    token = open_staff_session(db, SECRET, account.id)
    set_disabled(db, account, True)
    assert session_user(db, SECRET, token, HOUR, HOUR) is None
    assert authenticate(db, SECRET, "anna-coach", STAFF_PASSWORD, "a", LIMITS).account is None
    set_disabled(db, account, False)
    assert authenticate(db, SECRET, "anna-coach", STAFF_PASSWORD, "a", LIMITS).account is not None


def test_sessions_end_after_inactivity_and_after_their_maximum_age(db):
    account = make_staff(db, "anna-coach", ("coach", "editor"), languages=("nl",))
    token = open_staff_session(db, SECRET, account.id)
    user = session_user(db, SECRET, token, HOUR, HOUR * 10)
    assert user.roles == {"coach", "editor"} and user.languages == {"nl"}
    row = db.exec(select(StaffSession)).scalars().one()
    row.created_at -= timedelta(hours=11)  # active all along, but signed in too long ago
    db.add(row)
    db.commit()
    assert session_user(db, SECRET, token, HOUR, HOUR * 10) is None
    assert db.exec(select(StaffSession)).scalars().all() == []
    token = open_staff_session(db, SECRET, account.id)
    row = db.exec(select(StaffSession)).scalars().one()
    row.last_seen_at -= timedelta(minutes=61)
    db.add(row)
    db.commit()
    assert session_user(db, SECRET, token, HOUR, HOUR * 10) is None


def test_the_session_cookie_is_not_stored(db):
    account = make_staff(db, "anna-coach")
    token = open_staff_session(db, SECRET, account.id)
    assert token not in db.exec(select(StaffSession)).scalars().one().token_hash
