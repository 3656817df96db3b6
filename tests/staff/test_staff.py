"""The staff domain: password rules, hashing, sign-in, sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from guide.core.db import writing
from guide.sessions.models import StaffSession
from guide.sessions.policy import SessionPolicy
from guide.sessions.service import open_staff_session, session_user
from guide.staff.models import StaffAccount
from guide.staff.service import (
    ACCOUNT_MESSAGES,
    AccountError,
    account_problem,
    change_own_password,
    generate_password,
    hash_password,
    password_problem,
    set_disabled,
)
from tests.conftest import PRODUCTION_HASHER, STAFF_PASSWORD, authenticate, make_staff

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


def test_production_hashes_cost_64_mib_and_three_passes():
    """The tests hash with argon2's smallest cost (tests/conftest.py); production's hasher is the slow one."""
    hashed = PRODUCTION_HASHER.hash(STAFF_PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PRODUCTION_HASHER.verify_and_update(STAFF_PASSWORD, hashed) == (True, None)
    assert not PRODUCTION_HASHER.verify("wrong", hashed)


def test_authenticate(db):
    make_staff(db, "anna-coach")
    assert authenticate(db, SECRET, "ANNA-coach", STAFF_PASSWORD, "a", LIMITS).account is not None
    assert authenticate(db, SECRET, "anna-coach", "wrong", "a", LIMITS).account is None
    assert authenticate(db, SECRET, "nobody", STAFF_PASSWORD, "a", LIMITS).account is None


def test_a_disabled_account_cannot_sign_in_and_loses_its_sessions(db):
    account = make_staff(db, "anna-coach")
    token = open_staff_session(db, SECRET, account.id)
    set_disabled(db, account, True)
    assert session_user(db, SECRET, token, SessionPolicy(HOUR, HOUR)) is None
    assert authenticate(db, SECRET, "anna-coach", STAFF_PASSWORD, "a", LIMITS).account is None
    set_disabled(db, account, False)
    assert authenticate(db, SECRET, "anna-coach", STAFF_PASSWORD, "a", LIMITS).account is not None


def test_sessions_end_after_inactivity_and_after_their_maximum_age(db):
    account = make_staff(db, "anna-coach", ("coach", "editor"), languages=("nl",))
    token = open_staff_session(db, SECRET, account.id)
    user = session_user(db, SECRET, token, SessionPolicy(HOUR, HOUR * 10))
    assert user.roles == {"coach", "editor"} and user.languages == {"nl"}
    row = db.exec(select(StaffSession)).scalars().one()
    row.created_at -= timedelta(hours=11)  # active all along, but signed in too long ago
    db.add(row)
    db.commit()
    assert session_user(db, SECRET, token, SessionPolicy(HOUR, HOUR * 10)) is None
    assert db.exec(select(StaffSession)).scalars().all() == []
    token = open_staff_session(db, SECRET, account.id)
    row = db.exec(select(StaffSession)).scalars().one()
    row.last_seen_at -= timedelta(minutes=61)
    db.add(row)
    db.commit()
    assert session_user(db, SECRET, token, SessionPolicy(HOUR, HOUR * 10)) is None


def test_the_session_cookie_is_not_stored(db):
    account = make_staff(db, "anna-coach")
    token = open_staff_session(db, SECRET, account.id)
    assert token not in db.exec(select(StaffSession)).scalars().one().token_hash


# --- changing one's own password -----------------------------------------------------------------------------------

NEW_PASSWORD = "Harbour-violet-stone-42"


def _change(db, account, current=STAFF_PASSWORD, new=NEW_PASSWORD, again=None, keep="", address="a"):  # noqa: ANN001, ANN202
    """As the page does it: the current password checked as a sign-in is, then the change in a unit of work."""
    checked = authenticate(db, SECRET, account.username, current, address, LIMITS) if current else None
    with writing(db):
        change_own_password(db, SECRET, account.id, current, new, NEW_PASSWORD if again is None else again, keep,
                            checked, LIMITS[2])


def _refusal(db, account, **typed) -> dict:  # noqa: ANN001, ANN003
    with pytest.raises(AccountError) as caught:
        _change(db, account, **typed)
    kinds = {msgid: kind for kind, msgid in ACCOUNT_MESSAGES.items()}
    return {field: kinds[message.msgid] for field, message in caught.value.errors.items()}


def _hash_of(db, account) -> str:  # noqa: ANN001
    return db.exec(select(StaffAccount.password_hash).where(StaffAccount.id == account.id)).scalar_one()


@pytest.mark.parametrize(("typed", "errors"), [
    ({"current": ""}, {"current_password": "current_missing"}),
    ({"current": "not-my-password-at-all"}, {"current_password": "current_wrong"}),
    ({"new": "", "again": ""}, {"new_password": "new_missing"}),
    ({"new": "short-pass", "again": "short-pass"}, {"new_password": "password_too_short"}),
    ({"new": "Password2024!", "again": "Password2024!"}, {"new_password": "password_common"}),
    ({"new": "i-am-anna-coach", "again": "i-am-anna-coach"}, {"new_password": "password_username"}),
    ({"new": "x" * 300, "again": "x" * 300}, {"new_password": "password_too_long"}),
    ({"again": ""}, {"new_password_again": "again_missing"}),
    ({"again": NEW_PASSWORD + "!"}, {"new_password_again": "again_different"}),
    ({"new": STAFF_PASSWORD, "again": STAFF_PASSWORD}, {"new_password": "same_as_current"}),
    # every problem at once, in the order of the form's fields
    ({"current": "", "new": "short-pass", "again": "other"},
     {"current_password": "current_missing", "new_password": "password_too_short",
      "new_password_again": "again_different"}),
])
def test_changing_ones_password_refuses_each_problem_and_stores_nothing(db, typed, errors):
    account = make_staff(db, "anna-coach")
    before = _hash_of(db, account)
    found = _refusal(db, account, **typed)
    assert found == errors and list(found) == list(errors)
    assert _hash_of(db, account) == before


def test_a_typed_current_password_that_is_wrong_is_not_called_the_same_as_the_new_one(db):
    account = make_staff(db, "anna-coach")
    assert _refusal(db, account, current=NEW_PASSWORD) == {"current_password": "current_wrong"}


def test_changing_ones_password_ends_every_other_session_and_keeps_this_one(db):
    account = make_staff(db, "anna-coach")
    other_account = make_staff(db, "bert-coach")
    here = open_staff_session(db, SECRET, account.id)
    elsewhere = [open_staff_session(db, SECRET, account.id) for _ in range(2)]
    colleague = open_staff_session(db, SECRET, other_account.id)
    _change(db, account, keep=here)
    assert session_user(db, SECRET, here, SessionPolicy(HOUR, HOUR)).id == account.id
    assert [session_user(db, SECRET, token, SessionPolicy(HOUR, HOUR)) for token in elsewhere] == [None, None]
    assert session_user(db, SECRET, colleague, SessionPolicy(HOUR, HOUR)).id == other_account.id
    assert authenticate(db, SECRET, "anna-coach", NEW_PASSWORD, "a", LIMITS).account is not None
    assert authenticate(db, SECRET, "anna-coach", STAFF_PASSWORD, "a", LIMITS).account is None
    assert _hash_of(db, account).startswith("$argon2id$") and NEW_PASSWORD not in _hash_of(db, account)


def test_wrong_current_passwords_count_towards_the_sign_in_limit(db):
    account = make_staff(db, "anna-coach")
    per_account = LIMITS[0]
    for n in range(per_account - 1):
        assert _refusal(db, account, current=f"wrong-guess-number-{n}") == {"current_password": "current_wrong"}
    # the last failure allowed is a failed sign-in: the two share one counter
    assert authenticate(db, SECRET, "anna-coach", "another-wrong-guess", "b", LIMITS).account is None
    assert _refusal(db, account) == {"current_password": "password_limited"}  # even the right one waits now
    assert authenticate(db, SECRET, "anna-coach", STAFF_PASSWORD, "c", LIMITS).limited
    with pytest.raises(AccountError) as caught:
        _change(db, account)
    assert caught.value.errors["current_password"] == account_problem("password_limited", {"minutes": LIMITS[2] // 60})
    assert caught.value.limited


def test_problems_with_the_new_password_alone_do_not_count_as_guesses(db):
    account = make_staff(db, "anna-coach")
    for _ in range(LIMITS[0] + 1):
        assert _refusal(db, account, again="not-the-same-at-all") == {"new_password_again": "again_different"}
    _change(db, account)
    assert authenticate(db, SECRET, "anna-coach", NEW_PASSWORD, "a", LIMITS).account is not None
