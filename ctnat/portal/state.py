"""The portal's server-side state in one SQLite file, ``data/portal/portal.sqlite``:
sessions and failed sign-ins. Both survive a restart of the portal.

A session is a random id (32 bytes from :mod:`secrets`) sent to the browser in an
HttpOnly cookie; the server keeps only its SHA-256, the user's name, the user
record's id (a name that is revoked and added again gets a new id, so an old
session never matches the new record), the CSRF token and two times (created,
last seen). The user's role and countries are NOT kept here: they are read from
``users.json`` on every request.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

from ..paths import portal_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
  sid_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, user_id TEXT NOT NULL, csrf TEXT NOT NULL,
  created REAL NOT NULL, last_seen REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_name);
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_key ON failures(key, at);
"""


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


class PortalState:
    """Sessions and sign-in failures in ``<portal dir>/portal.sqlite``."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "portal.sqlite"
        self._lock = threading.Lock()
        with closing(self._connect()) as db, db:
            db.executescript(SCHEMA)
        try:
            self.path.chmod(0o600)
        except OSError:
            pass

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def _run(self, sql: str, args=()) -> list:
        with self._lock, closing(self._connect()) as db:
            return db.execute(sql, args).fetchall()

    # ------------------------------------------------------------- sessions
    def new_session(self, user_name: str, user_id: str) -> str:
        """Start a session and return its id (only its hash is stored)."""
        sid = secrets.token_urlsafe(32)
        now = time.time()
        self._run("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
                  (_hash(sid), user_name, user_id, secrets.token_urlsafe(24), now, now))
        return sid

    def session(self, sid: str, lifetime: float, idle: float) -> dict | None:
        """The live session ``sid`` (name, user id, csrf), refreshed; None (and
        deleted) when it is unknown, older than ``lifetime`` or idle longer than
        ``idle`` seconds."""
        if not sid:
            return None
        h = _hash(sid)
        rows = self._run("SELECT user_name, user_id, csrf, created, last_seen FROM sessions WHERE sid_hash = ?", (h,))
        if not rows:
            return None
        name, uid, csrf, created, last_seen = rows[0]
        now = time.time()
        if now - created > lifetime or now - last_seen > idle:
            self._run("DELETE FROM sessions WHERE sid_hash = ?", (h,))
            return None
        self._run("UPDATE sessions SET last_seen = ? WHERE sid_hash = ?", (now, h))
        return {"name": name, "id": uid, "csrf": csrf}

    def end_session(self, sid: str) -> None:
        self._run("DELETE FROM sessions WHERE sid_hash = ?", (_hash(sid or ""),))

    def end_user_sessions(self, user_name: str) -> int:
        """End every session of ``user_name``; returns how many there were."""
        n = self._run("SELECT COUNT(*) FROM sessions WHERE user_name = ?", (user_name,))[0][0]
        self._run("DELETE FROM sessions WHERE user_name = ?", (user_name,))
        return n

    def purge(self, lifetime: float, idle: float, window: float) -> None:
        now = time.time()
        self._run("DELETE FROM sessions WHERE created < ? OR last_seen < ?", (now - lifetime, now - idle))
        self._run("DELETE FROM failures WHERE at < ?", (now - window,))

    # ------------------------------------------------------------- sign-in failures
    def record_failure(self, *keys: str) -> None:
        now = time.time()
        with self._lock, closing(self._connect()) as db:
            db.executemany("INSERT INTO failures VALUES (?, ?)", [(k, now) for k in keys])

    def failures(self, key: str, window: float) -> int:
        return self._run("SELECT COUNT(*) FROM failures WHERE key = ? AND at >= ?", (key, time.time() - window))[0][0]

    def clear_failures(self, key: str) -> None:
        self._run("DELETE FROM failures WHERE key = ?", (key,))


def state_for(root) -> PortalState:

    return PortalState(portal_dir(root))
