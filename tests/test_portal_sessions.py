"""Portal sessions end when they should, sign-in throttling cannot lock out the
innocent, bad parameters never answer 500, and uploads are checked off the request
threads (issue 13)."""

import hashlib
import io
import json
import re
import socket
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from ctnat.portal import add_user, create_app, revoke_user
from ctnat.portal.app import SID_COOKIE
from ctnat.portal.users import authenticate, load_users
from tests.conftest import copy_country


@pytest.fixture
def portal(project):
    copy_country(project, "AZE")
    codes = {"aze": add_user("Aze Focal", "AZE", "focal-point", root=project),
             "geo": add_user("Geo Focal", "GEO", "focal-point", root=project),
             "res": add_user("Nino", None, "researcher", root=project)}
    return codes, project


def csrf(client, url="/login", **kw):
    html = client.get(url, **kw).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, code, addr="127.0.0.1", headers=None):
    env = {"REMOTE_ADDR": addr}
    token = csrf(client, environ_base=env, headers=headers or {})
    return client.post("/login", data={"code": code, "csrf_token": token}, environ_base=env, headers=headers or {})


def cookies(client) -> dict:
    return {c.key: c.value for c in client._cookies.values()}


def replay(app, jar: dict):
    """A fresh browser that carries only the copied cookies."""
    c = app.test_client()
    for k, v in jar.items():
        c.set_cookie(k, v)
    return c


def test_the_cookie_holds_only_a_random_id(portal):
    codes, root = portal
    app = create_app(root, {"TESTING": True})
    c = app.test_client()
    sign_in(c, codes["aze"])
    jar = cookies(c)
    assert SID_COOKIE in jar
    everything = " ".join(jar.values())
    for leak in ("Aze", "AZE", "focal", "researcher"):
        assert leak not in everything
    db = sqlite3.connect(root / "data/portal/portal.sqlite")
    stored = [r[0] for r in db.execute("SELECT sid_hash FROM sessions")]
    assert stored == [hashlib.sha256(jar[SID_COOKIE].encode()).hexdigest()]  # only a hash of the id is kept


def test_a_cookie_copied_before_sign_out_opens_nothing(portal):
    codes, root = portal
    app = create_app(root, {"TESTING": True})
    c = app.test_client()
    sign_in(c, codes["aze"])
    token = csrf(c, "/country/AZE")
    stolen = cookies(c)
    assert replay(app, stolen).get("/country/AZE").status_code == 200  # the copy works while signed in
    c.post("/logout", data={"csrf_token": token})
    thief = replay(app, stolen)
    r = thief.get("/country/AZE")
    assert r.status_code == 302 and r.headers["Location"].endswith("/login")
    r = thief.post("/country/AZE/upload", content_type="multipart/form-data",
                   data={"csrf_token": token, "file": (io.BytesIO(b"respondent_code,q1_2\nAZEsur77,x\n"), "s.csv")})
    assert r.status_code in (302, 400)
    assert not (root / "data/raw/AZE/surveys/s.csv").exists()
    assert thief.get("/country/AZE/download/template.csv").status_code == 302


def test_a_revoked_users_cookie_opens_nothing_and_a_re_added_name_starts_fresh(portal):
    codes, root = portal
    app = create_app(root, {"TESTING": True})
    c = app.test_client()
    sign_in(c, codes["res"])
    token = csrf(c, "/country/AZE")
    stolen = cookies(c)
    assert replay(app, stolen).get("/country/GEO").status_code == 200
    revoke_user("Nino", root=root)
    db = sqlite3.connect(root / "data/portal/portal.sqlite")
    assert db.execute("SELECT COUNT(*) FROM sessions WHERE user_name = 'Nino'").fetchone()[0] == 0
    assert replay(app, stolen).get("/country/GEO").status_code == 302
    # the same name comes back as an AZE focal point: the old cookie is still nothing
    new_code = add_user("Nino", "AZE", "focal-point", root=root)
    old = replay(app, stolen)
    assert old.get("/country/GEO").status_code == 302
    assert old.get("/country/AZE").status_code == 302
    assert old.post("/country/GEO/build", data={"csrf_token": token}).status_code in (302, 400)
    # and the new holder of the name has only the new role
    fresh = app.test_client()
    sign_in(fresh, new_code)
    assert fresh.get("/country/GEO").status_code == 403
    assert fresh.get("/country/AZE").status_code == 200


def test_a_session_cannot_outlive_its_user_record(portal):
    """Even a session the store still holds is refused when the user record no
    longer matches it (a name re-added by editing users.json directly)."""
    codes, root = portal
    app = create_app(root, {"TESTING": True})
    c = app.test_client()
    sign_in(c, codes["res"])
    users = load_users(root)
    users["Nino"]["id"] = "0badcafe"
    (root / "data/portal/users.json").write_text(json.dumps(users))
    assert c.get("/country/GEO").status_code == 302


def test_role_and_country_are_read_from_the_user_store_on_every_request(portal):
    codes, root = portal
    app = create_app(root, {"TESTING": True})
    c = app.test_client()
    sign_in(c, codes["res"])
    assert c.get("/country/GEO").status_code == 200
    users = load_users(root)
    users["Nino"].update(role="focal-point", country="AZE")
    (root / "data/portal/users.json").write_text(json.dumps(users))
    assert c.get("/country/GEO").status_code == 403
    assert c.get("/country/AZE").status_code == 200


def test_sessions_end_after_their_lifetime_and_when_idle(portal):
    codes, root = portal
    defaults = create_app(root).config
    assert (defaults["SESSION_LIFETIME"], defaults["SESSION_IDLE"]) == (8 * 3600, 30 * 60)
    assert (defaults["SIGNIN_PER_ADDRESS"], defaults["SIGNIN_PER_USER"], defaults["SIGNIN_GLOBAL"],
            defaults["SIGNIN_WINDOW"], defaults["CHECK_SLOTS"], defaults["CHECK_TIMEOUT"]) == (5, 20, 100, 900, 2, 60)
    app = create_app(root, {"TESTING": True, "SESSION_LIFETIME": 3600, "SESSION_IDLE": 600})
    db = sqlite3.connect(root / "data/portal/portal.sqlite", isolation_level=None)
    idle, old = app.test_client(), app.test_client()
    sign_in(idle, codes["aze"])
    sign_in(old, codes["res"])
    assert idle.get("/country/AZE").status_code == 200 and old.get("/country/AZE").status_code == 200
    now = time.time()
    db.execute("UPDATE sessions SET last_seen = ? WHERE user_name = 'Aze Focal'", (now - 601,))
    db.execute("UPDATE sessions SET created = ? WHERE user_name = 'Nino'", (now - 3601,))
    assert idle.get("/country/AZE").status_code == 302
    assert old.get("/country/AZE").status_code == 302


def test_a_lock_out_from_one_address_does_not_lock_out_another(portal):
    codes, root = portal
    app = create_app(root, {"TESTING": True})
    bad, good = app.test_client(), app.test_client()
    for _ in range(5):
        assert sign_in(bad, "deadbeef-wrong-wrong-wrong", "10.0.0.1").status_code == 401
    assert sign_in(bad, codes["aze"], "10.0.0.1").status_code == 429
    assert sign_in(good, codes["geo"], "10.0.0.2").status_code == 302
    # the lock-out survives a restart of the portal
    again = create_app(root, {"TESTING": True}).test_client()
    assert sign_in(again, codes["aze"], "10.0.0.1").status_code == 429


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(portal):
    codes, root = portal
    direct = create_app(root, {"TESTING": True}).test_client()
    # without a trusted proxy a forged X-Forwarded-For does not escape the lock-out
    for i in range(5):
        sign_in(direct, "deadbeef-wrong-wrong-wrong", "10.0.0.9", {"X-Forwarded-For": f"192.0.2.{i}"})
    assert sign_in(direct, codes["aze"], "10.0.0.9", {"X-Forwarded-For": "192.0.2.77"}).status_code == 429
    # behind one trusted proxy (every request comes from the proxy's address), the
    # client address in X-Forwarded-For is what is counted
    proxied = create_app(root, {"TESTING": True, "TRUSTED_PROXIES": 1}).test_client()
    for _ in range(5):
        sign_in(proxied, "deadbeef-wrong-wrong-wrong", "10.0.0.254", {"X-Forwarded-For": "198.51.100.1"})
    assert sign_in(proxied, codes["aze"], "10.0.0.254", {"X-Forwarded-For": "198.51.100.1"}).status_code == 429
    assert sign_in(proxied, codes["geo"], "10.0.0.254", {"X-Forwarded-For": "198.51.100.2"}).status_code == 302


def test_per_user_and_global_ceilings(portal):
    codes, root = portal
    aze_id = codes["aze"].split("-")[0]
    app = create_app(root, {"TESTING": True, "SIGNIN_PER_USER": 3, "SIGNIN_GLOBAL": 6})
    c = app.test_client()
    for i in range(3):  # someone who knows AZE's user id guesses from three addresses
        assert sign_in(c, f"{aze_id}-wrong-wrong-wrong", f"10.1.0.{i}").status_code == 401
    assert sign_in(c, codes["aze"], "10.1.0.50").status_code == 429  # that user id is paused
    assert sign_in(app.test_client(), codes["geo"], "10.1.0.50").status_code == 302  # nobody else is
    for i in range(3):
        sign_in(c, "deadbeef-wrong-wrong-wrong", f"10.2.0.{i}")
    # above the global ceiling an address that guessed wrong is refused even with a right code...
    assert sign_in(app.test_client(), codes["geo"], "10.2.0.0").status_code == 429
    # ...and an address that did not can still sign in
    assert sign_in(app.test_client(), codes["res"], "10.3.0.1").status_code == 302


def test_bad_parameters_answer_404_or_400_never_500(portal):
    codes, root = portal
    app = create_app(root, {"TESTING": True})
    c = app.test_client()
    sign_in(c, codes["res"])
    for url in ("/country/AZE/download/survey_form.docx?lang=xx",
                "/country/AZE/download/interview_guide.docx?lang=%00",
                "/country/AZE/download/nothing.exe", "/country/A1/download/template.csv", "/country/AZEE",
                "/nowhere"):
        r = c.get(url)
        assert r.status_code == 404, url
        assert "Traceback" not in r.get_data(as_text=True)
    assert "Available: en, ru" in c.get("/country/AZE/download/survey_form.docx?lang=xx").get_data(as_text=True)
    assert c.get("/country/AZE/download/survey_form.docx?lang=ru").status_code == 200
    assert c.post("/country/AZE/upload", data={}).status_code == 400  # no CSRF token
    assert c.put("/login").status_code == 405


def test_an_unexpected_error_shows_a_plain_page_and_logs_no_content(portal, monkeypatch, caplog):
    import ctnat.portal.app as portal_app

    def broken(*a, **kw):
        raise RuntimeError("secret cell content AZEsur71")

    codes, root = portal
    monkeypatch.setattr(portal_app, "store_received_file", broken)
    app = create_app(root, {"CHECK_FUNCTION": accept_check})
    c = app.test_client()
    sign_in(c, codes["aze"])
    token = csrf(c, "/country/AZE")
    r = c.post("/country/AZE/upload", content_type="multipart/form-data",
               data={"csrf_token": token, "file": (io.BytesIO(b"respondent_code,q1_2\nAZEsur71,x\n"), "e.csv")})
    body = r.get_data(as_text=True)
    assert r.status_code == 500 and "Something went wrong" in body
    assert "Traceback" not in body and "AZEsur71" not in body and "AZEsur71" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_a_legacy_hash_still_signs_in_and_is_migrated(portal):
    from ctnat.portal.users import _legacy_hash

    codes, root = portal
    users = load_users(root)
    uid, secret = codes["aze"].split("-", 1)
    salt = b"0123456789abcdef"
    users["Aze Focal"].update(hash=_legacy_hash(secret, salt), salt=salt.hex())
    (root / "data/portal/users.json").write_text(json.dumps(users))
    assert authenticate(codes["aze"], root)["name"] == "Aze Focal"
    stored = load_users(root)["Aze Focal"]
    assert stored["hash"].startswith("scrypt:32768:8:1$") and "salt" not in stored
    assert authenticate(codes["aze"], root)["name"] == "Aze Focal"
    assert authenticate(f"{uid}-not-the-secret-at-all", root) is None


# ------------------------------------------------------------------ file checks off the request threads
def slow_check(data, name, country, root, max_bytes):
    """A stand-in for a hostile file: the check runs until the test lets it go."""
    from pathlib import Path

    from ctnat.ingest.result import ValidationResult

    release = Path(root) / "release"
    for _ in range(600):
        if release.exists():
            break
        time.sleep(0.05)
    return ValidationResult(name, "survey", [], rows=0)


def accept_check(data, name, country, root, max_bytes):
    from ctnat.ingest.result import ValidationResult

    return ValidationResult(name, "survey", [], rows=1)


def never_ending_check(data, name, country, root, max_bytes):
    time.sleep(3600)


@pytest.fixture
def served(portal):
    from waitress.server import create_server

    codes, root = portal
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(root, {"CHECK_FUNCTION": slow_check, "CHECK_SLOTS": 2})
    srv = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=srv.run, daemon=True).start()
    yield f"http://127.0.0.1:{port}", codes, root
    (root / "release").touch()
    srv.close()


class Browser:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                                  NoRedirect())

    def get(self, path, timeout=30):
        try:
            with self.opener.open(self.base + path, timeout=timeout) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def token(self, path="/login"):
        return re.search(r'name="csrf_token" value="([^"]+)"', self.get(path)[1]).group(1)

    def post(self, path, fields=None, files=None, timeout=30):
        boundary = "ctnat-boundary"
        body = b""
        for k, v in (fields or {}).items():
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, (fname, data) in (files or {}).items():
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{fname}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        req = urllib.request.Request(self.base + path, data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def test_the_portal_answers_sign_in_while_slow_uploads_are_checked(served):
    base, codes, root = served
    uploader = Browser(base)
    uploader.post("/login", {"code": codes["aze"], "csrf_token": uploader.token()})
    token = uploader.token("/country/AZE")
    results = []

    def upload(i):
        results.append(uploader.post("/country/AZE/upload", {"csrf_token": token},
                                     {"file": (f"hostile{i}.csv", b"respondent_code,q1_2\n" + b"9 " * 100_000)}))

    # as many uploads as the server has threads (the attack in issue 13)
    threads = [threading.Thread(target=upload, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    deadline = time.time() + 20
    while len(results) < 2 and time.time() < deadline:
        time.sleep(0.05)  # the uploads beyond the two check slots are refused at once
    assert sorted(r[0] for r in results) == [503, 503]
    other = Browser(base)
    started = time.time()
    status, _ = other.post("/login", {"code": codes["geo"], "csrf_token": other.token()}, timeout=10)
    answered = time.time() - started
    assert status == 302
    assert other.get("/country/GEO")[0] == 200
    assert len(results) == 2, "the two slow checks were still running while sign-in was answered"
    print(f"sign-in answered in {answered:.2f} s while two uploads were being checked")
    (root / "release").touch()
    for t in threads:
        t.join(30)
    assert sorted(r[0] for r in results) == [200, 200, 503, 503]


def test_a_check_that_takes_too_long_is_stopped_and_nothing_is_stored(portal):
    codes, root = portal
    app = create_app(root, {"TESTING": True, "CHECK_FUNCTION": never_ending_check, "CHECK_TIMEOUT": 1})
    c = app.test_client()
    sign_in(c, codes["aze"])
    token = csrf(c, "/country/AZE")
    r = c.post("/country/AZE/upload", content_type="multipart/form-data",
               data={"csrf_token": token, "file": (io.BytesIO(b"respondent_code,q1_2\nAZEsur70,x\n"), "slow.csv")})
    assert r.status_code == 422 and "took longer than 1 second and was stopped" in r.get_data(as_text=True)
    assert not (root / "data/raw/AZE/surveys/slow.csv").exists()
