"""Portal users and their personal access codes.

A code is shown once when the user is added; only a salted scrypt hash is kept
(``data/portal/users.json``), written by :func:`werkzeug.security.generate_password_hash`
as a self-describing string (``scrypt:32768:8:1$<salt>$<hash>``: method, cost and
salt travel with the hash, so a later change of cost keeps old hashes verifiable).
Hashes written by CT-NAT before that (hex scrypt N=2^14 with a separate ``salt``)
are still accepted and rewritten in the new form at the user's next sign-in.
Codes look like ``<user id>-<secret>`` so the right hash is found without trying
every user. The user id changes whenever a name is added again, which ends
every session of the earlier holder of that name. A user's chosen page language
(``lang``, set with the portal's EN / RU switch) is kept in the same record, so the
choice follows them to their next sign-in and to another browser.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from ..atomic import write_text
from ..paths import portal_dir
from ..problems import UsageError

ROLES = ("focal-point", "researcher")


def _path(root) -> Path:
    return portal_dir(root) / "users.json"


def load_users(root=None) -> dict:
    p = _path(root)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def _save(users: dict, root) -> None:
    write_text(_path(root), json.dumps(users, indent=1, ensure_ascii=False))


HASH_METHOD = "scrypt"  # werkzeug's default cost: N=2^15, r=8, p=1
CODE_RX = re.compile(r"([0-9a-f]{8})-([\w-]{10,64})")


def _legacy_hash(secret: str, salt: bytes) -> str:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=2 ** 14, r=8, p=1, dklen=32).hex()


def _verify(record: dict, secret: str) -> bool:
    stored = record.get("hash", "")
    if "$" in stored:
        return check_password_hash(stored, secret)
    return hmac.compare_digest(stored, _legacy_hash(secret, bytes.fromhex(record.get("salt", ""))))


def code_user_id(code: str) -> str | None:
    """The user-id part of an access code (None when it is not shaped like one)."""
    m = CODE_RX.fullmatch((code or "").strip())
    return m.group(1) if m else None


def add_user(name: str, country: str | None, role: str, root=None) -> str:
    """Create a user and return their access code (shown once, never stored)."""
    if role not in ROLES:
        raise UsageError(f"unknown role '{role}': use one of {', '.join(ROLES)}")
    if not re.fullmatch(r"[\w .@-]{2,60}", name):
        raise UsageError("a user name has 2 to 60 letters, digits, spaces, dots, dashes or @")
    if role == "focal-point" and not (country and len(country) == 3 and country.isalpha()):
        raise UsageError("a focal point needs --country with an ISO3 code, e.g. AZE")
    users = load_users(root)
    if name in users and not users[name].get("revoked"):
        raise UsageError(f"user '{name}' exists; revoke them first to issue a new code")
    uid = secrets.token_hex(4)
    secret = secrets.token_urlsafe(18)
    users[name] = {"id": uid, "country": country.upper() if country else None, "role": role,
                   "hash": generate_password_hash(secret, method=HASH_METHOD), "revoked": False,
                   "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    _save(users, root)
    return f"{uid}-{secret}"


def revoke_user(name: str, root=None) -> None:
    users = load_users(root)
    if name not in users:
        raise UsageError(f"no user named '{name}'")
    users[name]["revoked"] = True
    _save(users, root)
    from .state import state_for

    state_for(root).end_user_sessions(name)


def authenticate(code: str, root=None) -> dict | None:
    """The user a code belongs to, or None (wrong, unknown or revoked)."""
    m = CODE_RX.fullmatch((code or "").strip())
    if not m:
        return None
    users = load_users(root)
    for name, u in users.items():
        if u["id"] == m.group(1):
            if u.get("revoked") or not _verify(u, m.group(2)):
                return None
            if "$" not in u.get("hash", ""):  # migrate a legacy hash now that the code is known
                u["hash"] = generate_password_hash(m.group(2), method=HASH_METHOD)
                u.pop("salt", None)
                _save(users, root)
            return {"name": name, "id": u["id"], "country": u["country"], "role": u["role"], "lang": u.get("lang")}
    return None


def current_user(name: str, uid: str, root=None) -> dict | None:
    """The user ``name`` as the user store says now — role and country included —
    or None when they are revoked, removed, or the name was added again (another
    user id)."""
    u = load_users(root).get(name)
    if not u or u.get("revoked") or u.get("id") != uid:
        return None
    return {"name": name, "id": uid, "country": u["country"], "role": u["role"], "lang": u.get("lang")}


def set_user_language(name: str, uid: str, lang: str, root=None) -> None:
    """Remember ``lang`` as the page language of user ``name`` (of user id ``uid``)."""
    users = load_users(root)
    u = users.get(name)
    if u and u.get("id") == uid and u.get("lang") != lang:
        u["lang"] = lang
        _save(users, root)


def may_access(user: dict, country: str) -> bool:
    """Researchers see every country; a focal point only their own."""
    return user["role"] == "researcher" or user.get("country") == country.upper()
