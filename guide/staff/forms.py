"""The staff forms, read. `read_*` gives what was sent, as typed (never failing: the page may show it again);
`check_*` raises Problems ({field: Message}) for what the form alone can tell is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.datastructures import FormData

from guide.content.library import STEP_COUNT
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.sharing.service import MARKS, UNEXPLORED, normalise_share_code
from guide.web.forms import choice, text, texts

# Where a sign-in may lead afterwards: a staff page of this site, never another site.
_SAFE_NEXT = re.compile(r"^/[a-z]{2,3}/staff/[A-Za-z0-9/_-]*$")


def safe_next(path: str) -> str:
    return path if _SAFE_NEXT.match(path) else ""


@dataclass(frozen=True)
class SignIn:
    username: str
    password: str
    next_path: str


def read_sign_in(form: FormData) -> SignIn:
    return SignIn(username=text(form, "username", 64), password=text(form, "password"),
                  next_path=safe_next(text(form, "next")))


def check_sign_in(sign_in: SignIn) -> None:
    errors: dict[str, Message] = {}
    if not sign_in.username.strip():
        errors["username"] = Message(N_("Enter your username."))
    if not sign_in.password:
        errors["password"] = Message(N_("Enter your password."))
    if errors:
        raise Problems(errors)


@dataclass(frozen=True)
class PasswordChange:
    """Not cut short like other fields: a password is checked whole, and the service refuses one that is too long."""

    current: str
    new: str
    again: str


def read_password_change(form: FormData) -> PasswordChange:
    return PasswordChange(current=text(form, "current_password"), new=text(form, "new_password"),
                          again=text(form, "new_password_again"))


def typed_share_code(form: FormData) -> str:
    return text(form, "code", 40)


def check_share_code(typed: str) -> None:
    """A typo in the shape is no guess: it is refused before it costs an attempt."""
    if normalise_share_code(typed) is None:
        raise Problems({"code": Message(N_("A share code has 6 digits, like 123 456. Check the code and try again."))})


def read_marks(form: FormData) -> dict[int, str]:
    """The coach's mark for each step; anything but a mark of the list reads as "not yet explored"."""
    return {n: choice(form, f"mark-{n}", MARKS, UNEXPLORED) for n in range(1, STEP_COUNT + 1)}


def read_note(form: FormData, name: str) -> str:
    """A coach's short text (a next step, a label), cut well above its limit so the service can say it is too
    long and the page show it again."""
    return text(form, name, 5000)


@dataclass(frozen=True)
class AccountInput:
    username: str
    display_name: str
    partner: str
    roles: frozenset[str]
    languages: frozenset[str]
    password: str  # empty: the app makes one

    def typed(self) -> dict[str, object]:
        """What the page shows again (never the password)."""
        return {"username": self.username, "display_name": self.display_name, "partner": self.partner,
                "roles": sorted(self.roles), "languages": sorted(self.languages)}


def read_account(form: FormData) -> AccountInput:
    return AccountInput(
        username=text(form, "username", 200), display_name=text(form, "display_name", 200),
        partner=text(form, "partner", 200), roles=frozenset(texts(form, "roles")),
        languages=frozenset(texts(form, "languages")), password=text(form, "password"),
    )


def read_disable(form: FormData) -> bool:
    """The status form's button: "enable", or anything else to disable (the safe side)."""
    return choice(form, "action", ("enable",), "disable") != "enable"
