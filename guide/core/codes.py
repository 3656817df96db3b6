"""Resume codes: easy to read aloud and type, stored only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# No look-alikes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
ALPHABET = "ACDEFGHJKMNPQRTWXY34679"  # 23 symbols: 23**12 codes, about 54 bits
CODE_LENGTH = 12
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-_.]+")


def generate_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise_code(typed: str) -> str | None:
    """The code as stored, whatever case, spaces or dashes were typed; None when it cannot be a code."""
    raw = _SEPARATORS.sub("", typed or "").upper()
    if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def keyed_hash(secret: str, purpose: str, value: str) -> str:
    """HMAC-SHA256 of a value, separated by purpose so one hash can never stand in for another."""
    return hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def hash_code(secret: str, normalised: str) -> str:
    return keyed_hash(secret, "resume-code", normalised)
