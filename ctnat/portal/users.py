"""Portal users and their personal access codes.

A code is shown once when the user is added; only a salted scrypt hash is kept
(``data/portal/users.json``). Codes look like ``<user id>-<secret>`` so the
right hash is found without trying every user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from pathlib import Path

from ..atomic import write_text
from ..paths import project_root
from ..problems import CtnatError

ROLES = ("focal-point", "researcher")


def portal_dir(root=None) -> Path:
    return project_root(root) / "data" / "portal"


def _path(root) -> Path:
    return portal_dir(root) / "users.json"


def load_users(root=None) -> dict:
    p = _path(root)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def _save(users: dict, root) -> None:
    write_text(_path(root), json.dumps(users, indent=1, ensure_ascii=False))


def _hash(secret: str, salt: bytes) -> str:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=2 ** 14, r=8, p=1, dklen=32).hex()


def add_user(name: str, country: str | None, role: str, root=None) -> str:
    """Create a user and return their access code (shown once, never stored)."""
    if role not in ROLES:
        raise CtnatError(f"unknown role '{role}': use one of {', '.join(ROLES)}")
    if not re.fullmatch(r"[\w .@-]{2,60}", name):
        raise CtnatError("a user name has 2 to 60 letters, digits, spaces, dots, dashes or @")
    if role == "focal-point" and not (country and len(country) == 3 and country.isalpha()):
        raise CtnatError("a focal point needs --country with an ISO3 code, e.g. AZE")
    users = load_users(root)
    if name in users and not users[name].get("revoked"):
        raise CtnatError(f"user '{name}' exists; revoke them first to issue a new code")
    uid = secrets.token_hex(4)
    secret = secrets.token_urlsafe(18)
    salt = secrets.token_bytes(16)
    users[name] = {"id": uid, "country": country.upper() if country else None, "role": role, "salt": salt.hex(),
                   "hash": _hash(secret, salt), "revoked": False,
                   "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    _save(users, root)
    return f"{uid}-{secret}"


def revoke_user(name: str, root=None) -> None:
    users = load_users(root)
    if name not in users:
        raise CtnatError(f"no user named '{name}'")
    users[name]["revoked"] = True
    _save(users, root)


def authenticate(code: str, root=None) -> dict | None:
    """The user a code belongs to, or None (wrong, unknown or revoked)."""
    m = re.fullmatch(r"([0-9a-f]{8})-([\w-]{10,64})", (code or "").strip())
    if not m:
        return None
    for name, u in load_users(root).items():
        if u["id"] == m.group(1):
            ok = hmac.compare_digest(u["hash"], _hash(m.group(2), bytes.fromhex(u["salt"])))
            if ok and not u.get("revoked"):
                return {"name": name, "country": u["country"], "role": u["role"]}
            return None
    return None


def may_access(user: dict, country: str) -> bool:
    """Researchers see every country; a focal point only their own."""
    return user["role"] == "researcher" or user.get("country") == country.upper()
