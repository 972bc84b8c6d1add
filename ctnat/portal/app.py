"""The focal-point upload portal (Flask, server-rendered HTML, no JavaScript).

``create_app(root, config)`` builds the app over a project root. State lives in
files: ``data/portal/users.json`` (hashed access codes), ``data/portal/portal.sqlite``
(server-side sessions and failed sign-ins, see :mod:`.state`),
``data/portal/audit.jsonl`` (sign-ins, uploads, builds — no respondent data).
Uploads are checked in a separate process with a time limit (:mod:`.checks`) and,
when they can be ingested, stored append-only with
:func:`ctnat.ingest.store_received_file`.

Settings (``config`` keys, also options of ``ctnat serve``):

- ``SESSION_LIFETIME`` (seconds, default 8 h) and ``SESSION_IDLE`` (default 30 min):
  a session ends at whichever comes first.
- ``SIGNIN_PER_ADDRESS`` (5), ``SIGNIN_PER_USER`` (20), ``SIGNIN_GLOBAL`` (100),
  ``SIGNIN_WINDOW`` (15 min): wrong codes counted per address, per user id (the
  first part of a code) and over all addresses. An address is refused once it
  reaches its limit; a user id once it reaches its limit; above the global ceiling
  every address that has made a wrong attempt in the window is refused, while
  addresses that have not can still sign in.
- ``TRUSTED_PROXIES`` (0): how many reverse proxies in front of the portal set
  ``X-Forwarded-For``/``-Proto``; with 0 those headers are ignored (werkzeug ProxyFix).
- ``CHECK_SLOTS`` (2) and ``CHECK_TIMEOUT`` (60 s): uploads checked at once, and the
  time a check may take.
- ``TIME_ZONE`` ("UTC"): the IANA time zone in which pages give times (and name it).

Languages: every page, message and file-check problem is written with
:mod:`ctnat.messages` (``_``/``ngettext``, also in the templates) in the page's
language, one of :data:`LANGUAGES`: ``?lang=ru`` on any page chooses it (and is
remembered: in the user's record in ``users.json`` when signed in, and in a
``ctnat_lang`` cookie), else the remembered choice, else the browser's
``Accept-Language``, else English. Every page has an EN / RU switch.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import tempfile
import threading
import time
from functools import wraps
from pathlib import Path
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import (
    Flask,
    abort,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import catalogue
from ..messages import N_, _, format_datetime, format_number, language, ngettext
from ..ingest import store_received_file
from ..ingest.readers import READABLE_KINDS, sniff
from ..paths import raw_dir
from ..problems import UsageError
from .checks import CheckBusy, CheckTimeout, FileChecker, check_upload
from .safe_files import escape_csv_bytes, escape_xlsx
from .state import PortalState
from .users import authenticate, code_user_id, current_user, may_access, portal_dir, set_user_language

MAX_UPLOAD = 20 * 1024 * 1024
ALLOWED_KINDS = READABLE_KINDS  # one registry: what validate and ingest read, the portal takes
SID_COOKIE = "ctnat_session"
LANG_COOKIE = "ctnat_lang"
#: the portal's languages, as the switch on every page names them
LANGUAGES = {"en": "EN", "ru": "RU"}
#: the words for the states the pages show (a file's status, a build step's state, a role)
WORDS = {"accepted": N_("accepted"), "stored": N_("stored"), "duplicate": N_("already received"),
         "found": N_("placed by hand"), "refused": N_("refused"), "received": N_("received"),
         "withdrawn": N_("withdrawn"), "superseded": N_("superseded"), "partly superseded": N_("partly superseded"),
         "survey": N_("survey"), "interview": N_("interview"), "running": N_("running"), "done": N_("done"),
         "failed": N_("failed"), "focal-point": N_("focal point"), "researcher": N_("researcher")}
#: what a researcher downloads: the name in the link → the catalogue's table
DOWNLOADS = {"report": "assessment_report", "handout": "workshop_handout", "slides": "workshop_slides",
             "worksheet": "workshop_worksheet"}
DEFAULTS = {"SESSION_LIFETIME": 8 * 3600, "SESSION_IDLE": 30 * 60, "SIGNIN_PER_ADDRESS": 5, "SIGNIN_PER_USER": 20,
            "SIGNIN_GLOBAL": 100, "SIGNIN_WINDOW": 15 * 60, "TRUSTED_PROXIES": 0, "CHECK_SLOTS": 2,
            "CHECK_TIMEOUT": 60, "CHECK_FUNCTION": check_upload, "TIME_ZONE": "UTC"}


def audit(root, user: str | None, action: str, **detail) -> None:
    d = portal_dir(root)
    d.mkdir(parents=True, exist_ok=True)
    rec = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "user": user, "action": action,
           **detail}
    with open(d / "audit.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _secret_key(root) -> bytes:
    p = portal_dir(root) / "secret_key"
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(secrets.token_bytes(32))
        p.chmod(0o600)
    return p.read_bytes()


def create_app(root=None, config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret_key(root), MAX_CONTENT_LENGTH=MAX_UPLOAD, SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=False, CTNAT_ROOT=root, LOCK=threading.Lock(),
        **DEFAULTS,
    )
    app.config.update(config or {})
    cfg = app.config
    try:  # an unknown zone stops the start, not a page
        ZoneInfo(str(cfg["TIME_ZONE"]))
    except (ValueError, ZoneInfoNotFoundError):
        raise UsageError(_("'{zone}' is not a time zone: give an IANA name such as UTC or Asia/Baku",
                           zone=cfg["TIME_ZONE"])) from None
    if int(cfg["TRUSTED_PROXIES"]) > 0:
        n = int(cfg["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    state = PortalState(portal_dir(root))
    checker = FileChecker(int(cfg["CHECK_SLOTS"]), float(cfg["CHECK_TIMEOUT"]), cfg["CHECK_FUNCTION"])
    jobs: dict[str, dict] = {}

    # ---------------------------------------------------------------- helpers
    def user():
        """The signed-in user, role and country as the user store says now."""
        return g.get("user")

    @app.before_request
    def load_session():
        # The browser's cookie carries only a random session id; the server looks it
        # up, and the user record is re-read on every request (revoked, re-added or
        # changed users lose the session at once).
        g.user = g.sess = None
        sid = request.cookies.get(SID_COOKIE, "")
        sess = state.session(sid, float(cfg["SESSION_LIFETIME"]), float(cfg["SESSION_IDLE"])) if sid else None
        if sess:
            u = current_user(sess["name"], sess["id"], root)
            if u is None:
                state.end_session(sid)
            else:
                g.user, g.sess = u, sess
        if sid and g.user is None:
            g.clear_sid = True

    @app.before_request
    def choose_language():
        # ?lang= chooses (except on a download, where it is the language of the form asked for),
        # then the user's remembered choice, then the cookie, then the browser's languages
        asked = request.args.get("lang", "") if request.endpoint != "download" else ""
        u = g.user
        if asked in LANGUAGES:
            lang = asked
            if request.cookies.get(LANG_COOKIE) != lang:
                g.new_lang = lang
            if u and u.get("lang") != lang:
                with app.config["LOCK"]:
                    set_user_language(u["name"], u["id"], lang, root)
        elif u and u.get("lang") in LANGUAGES:
            lang = u["lang"]
        elif request.cookies.get(LANG_COOKIE) in LANGUAGES:
            lang = request.cookies[LANG_COOKIE]
        else:
            lang = request.accept_languages.best_match(list(LANGUAGES), default="en")
        g.lang = lang
        g.lang_block = language(lang)
        g.lang_block.__enter__()

    @app.teardown_request
    def leave_language(exc):
        block = g.pop("lang_block", None)
        if block is not None:
            block.__exit__(None, None, None)

    @app.after_request
    def session_cookie(resp):
        if g.get("new_sid"):
            resp.set_cookie(SID_COOKIE, g.new_sid, max_age=int(cfg["SESSION_LIFETIME"]), httponly=True,
                            samesite="Lax", secure=bool(cfg["SESSION_COOKIE_SECURE"]))
        elif g.get("clear_sid"):
            resp.delete_cookie(SID_COOKIE, httponly=True, samesite="Lax", secure=bool(cfg["SESSION_COOKIE_SECURE"]))
        if g.get("new_lang"):
            resp.set_cookie(LANG_COOKIE, g.new_lang, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                            secure=bool(cfg["SESSION_COOKIE_SECURE"]))
        return resp

    def login_required(view):
        @wraps(view)
        def wrapped(*a, **kw):
            if user() is None:
                return redirect(url_for("login"))
            return view(*a, **kw)
        return wrapped

    def country_or_403(country: str) -> str:
        country = (country or "").upper()
        if not (len(country) == 3 and country.isalpha()):
            abort(404)
        if not may_access(user(), country):
            audit(root, user()["name"], "refused", country=country)
            abort(403)
        return country

    def csrf_token() -> str:
        # signed in: the token lives in the server-side session; before sign-in in
        # Flask's signed cookie (which then holds nothing else)
        if g.get("sess"):
            return g.sess["csrf"]
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        return session["csrf"]

    @app.before_request
    def check_csrf():
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            expected = g.sess["csrf"] if g.get("sess") else session.get("csrf", "")
            if not sent or not expected or not secrets.compare_digest(sent, expected):
                abort(400, _("The form has expired or did not come from this site (missing CSRF token). "
                             "Reload the page and try again."))

    @app.after_request
    def headers(resp):
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'self'; img-src 'self'; "
                                                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        return resp

    app.jinja_env.globals["csrf_token"] = csrf_token

    def switch_url(lang: str) -> str:
        """This page in ``lang``; a page that answered a form links to the page the form was on."""
        if request.method == "GET" and request.endpoint != "download":
            args = {k: v for k, v in request.args.items(multi=True) if k != "lang"}
            # one leading slash: a path like //host/x must not become a link to another site
            return "/" + quote(request.path.lstrip("/")) + "?" + urlencode([*args.items(), ("lang", lang)])
        country = (request.view_args or {}).get("country", "")
        if user() is None:
            return url_for("login", lang=lang)
        if len(country) == 3 and country.isalpha():
            return url_for("country_page", country=country.upper(), lang=lang)
        return url_for("home", lang=lang)

    app.jinja_env.globals.update(
        _=_, ngettext=ngettext, languages=LANGUAGES, switch_url=switch_url,
        page_lang=lambda: g.get("lang", "en"), number=format_number,
        when=lambda value: format_datetime(value, str(cfg["TIME_ZONE"])) if value else "")
    app.jinja_env.filters["word"] = lambda value: _(WORDS[value]) if value in WORDS else value

    @app.errorhandler(413)
    def too_large(e):
        return render_template("message.html", title=_("File too large"), user=user(),
                               message=_("The file is larger than {mb} MB. Split it or remove unused sheets and try "
                                         "again.", mb=MAX_UPLOAD // 1024 // 1024)), 413

    @app.errorhandler(403)
    def forbidden(e):
        from werkzeug.exceptions import Forbidden

        custom = e.description if e.description != Forbidden.description else None
        return render_template("message.html", title=_("Not allowed"), user=user(),
                               message=custom or _("Your access code does not give access to this country.")), 403

    @app.errorhandler(400)
    def bad_request(e):
        from werkzeug.exceptions import BadRequest

        custom = e.description if e.description != BadRequest.description else None
        return render_template("message.html", title=_("Request refused"), user=user(),
                               message=custom or _("The request could not be understood.")), 400

    @app.errorhandler(404)
    def not_found(e):
        custom = e.description if e.description != NotFound.description else None
        return render_template("message.html", title=_("Not found"), user=user(),
                               message=custom or _("There is no such page or file.")), 404

    @app.errorhandler(HTTPException)
    def other_http(e):
        return render_template("message.html", title=_("Request refused"), user=user(),
                               message=_("The portal cannot answer this request ({code} {name}).", code=e.code,
                                         name=e.name)), e.code

    @app.errorhandler(Exception)
    def unexpected(e):
        app.logger.error("unexpected error on %s %s: %s", request.method, request.path, type(e).__name__)
        return render_template("message.html", title=_("Something went wrong"), user=user(),
                               message=_("The portal could not answer this request. Nothing was changed; try again, "
                                         "and tell the research team if it happens again.")), 500

    # ---------------------------------------------------------------- routes
    @app.get("/login")
    def login():
        return render_template("login.html", user=None, error=None)

    def signin_refused(ip: str, uid: str | None) -> bool:
        window = float(cfg["SIGNIN_WINDOW"])
        by_ip = state.failures("ip:" + ip, window)
        if by_ip >= int(cfg["SIGNIN_PER_ADDRESS"]):
            return True
        if uid and state.failures("user:" + uid, window) >= int(cfg["SIGNIN_PER_USER"]):
            return True
        return by_ip > 0 and state.failures("global", window) >= int(cfg["SIGNIN_GLOBAL"])

    @app.post("/login")
    def login_post():
        ip = request.remote_addr or "?"
        code = request.form.get("code", "")
        uid = code_user_id(code)
        if signin_refused(ip, uid):
            audit(root, None, "sign-in locked", ip=ip)
            minutes = int(cfg["SIGNIN_WINDOW"]) // 60
            return render_template("login.html", user=None,
                                   error=ngettext("Too many wrong codes. Try again in {n} minute.",
                                                  "Too many wrong codes. Try again in {n} minutes.", minutes)), 429
        u = authenticate(code, root)
        if u is None:
            state.record_failure("ip:" + ip, "global", *(["user:" + uid] if uid else []))
            audit(root, None, "sign-in failed", ip=ip)
            return render_template("login.html", user=None, error=_("This access code is not valid.")), 401
        state.clear_failures("ip:" + ip)
        state.purge(float(cfg["SESSION_LIFETIME"]), float(cfg["SESSION_IDLE"]), float(cfg["SIGNIN_WINDOW"]))
        if request.cookies.get(SID_COOKIE):
            state.end_session(request.cookies[SID_COOKIE])
        session.clear()
        g.new_sid = state.new_session(u["name"], u["id"])
        chosen = request.cookies.get(LANG_COOKIE)
        if not u.get("lang") and chosen in LANGUAGES:  # the language chosen before signing in is remembered
            with app.config["LOCK"]:
                set_user_language(u["name"], u["id"], chosen, root)
        audit(root, u["name"], "sign-in")
        return redirect(url_for("home"))

    @app.post("/logout")
    def logout():
        u = user()
        state.end_session(request.cookies.get(SID_COOKIE, ""))
        session.clear()
        g.clear_sid = True
        if u:
            audit(root, u["name"], "sign-out")
        return redirect(url_for("login"))

    @app.get("/")
    @login_required
    def home():
        u = user()
        if u["role"] == "focal-point":
            return redirect(url_for("country_page", country=u["country"]))
        base = raw_dir("XXX", root).parent
        countries = sorted(p.name for p in base.iterdir() if p.is_dir() and len(p.name) == 3) if base.exists() else []
        return render_template("home.html", user=u, countries=countries)

    def _received(country):
        log = raw_dir(country, root) / "received.jsonl"
        rows = []
        if log.exists():
            for line in log.read_text(encoding="utf-8").splitlines():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    continue
        return list(reversed(rows))

    def _counts(country):
        d = raw_dir(country, root)
        surveys = len([p for p in (d / "surveys").glob("*") if p.is_file()]) if (d / "surveys").exists() else 0
        interviews = len([p for p in (d / "interviews").glob("*") if p.is_file()]) if (d / "interviews").exists() else 0
        resp = None
        processed = catalogue.path("manifest", country, root)
        if processed.exists():
            m = json.loads(processed.read_text(encoding="utf-8"))
            resp = sum(i.get("rows", 0) or 0 for i in m.get("inputs", []) if i.get("kind") == "survey")
        return {"survey_files": surveys, "interview_files": interviews, "responses": resp}

    def _outputs(country):
        paths = {k: catalogue.path(t, country, root) for k, t in DOWNLOADS.items()}
        return {k: p.name for k, p in paths.items() if p.exists()}

    @app.get("/country/<country>")
    @login_required
    def country_page(country):
        country = country_or_403(country)
        return render_template("country.html", user=user(), country=country, received=_received(country),
                               counts=_counts(country), outputs=_outputs(country), job=jobs.get(country))

    def researcher_or_403(what: str, message: str) -> None:
        if user()["role"] != "researcher":
            audit(root, user()["name"], "refused", what=what)
            abort(403, message)

    def files_page(country, error=None, error_file=None, reason="", code=200):
        from ..ingest.registry import MAX_REASON, received_overview

        files = received_overview(country, root)
        done = request.args.get("withdrawn", "")
        done = next((f for f in files if f["file"] == done and f["status"] == "withdrawn"), None)
        return render_template("files.html", user=user(), country=country, files=files, done=done, error=error,
                               error_file=error_file, reason=reason, max_reason=MAX_REASON), code

    @app.get("/country/<country>/files")
    @login_required
    def received_files_page(country):
        country = country_or_403(country)
        researcher_or_403("see the list of received files", _("Only researchers can see the list of received files."))
        return files_page(country)

    @app.post("/country/<country>/files/withdraw")
    @login_required
    def withdraw(country):
        from ..ingest.registry import data_files, withdraw_file
        from ..problems import CtnatError

        country = country_or_403(country)
        researcher_or_403("withdraw a received file", _("Only researchers can withdraw a received file."))
        d = raw_dir(country, root)
        rel = request.form.get("file", "")
        if rel not in {p.relative_to(d).as_posix() for p in data_files(country, root)}:
            abort(404, _("There is no such received file of this country."))
        reason = request.form.get("reason", "")
        try:
            with app.config["LOCK"]:  # two clicks at once: one withdrawal
                entry = withdraw_file(d / rel, country, reason, root=root, by=user()["name"])
        except CtnatError as exc:
            p = exc.problems[0] if exc.problems else None
            why = (p.message + (_(" (expected: {expected})", expected=p.expected) if p.expected else "")) if p \
                else str(exc)
            return files_page(country, error=_("{file} was not withdrawn: {why}.", file=rel, why=why),
                              error_file=rel, reason=reason, code=400)
        audit(root, user()["name"], "withdraw", country=country, file=rel, sha256=entry["sha256"][:10])
        return redirect(url_for("received_files_page", country=country, withdrawn=rel))

    @app.post("/country/<country>/upload")
    @login_required
    def upload(country):
        country = country_or_403(country)
        u = user()
        f = request.files.get("file")
        if f is None or not f.filename:
            return render_template("message.html", title=_("No file"), user=u,
                                   message=_("Choose a file to upload.")), 400
        from ..ingest.store import safe_name

        name = safe_name(f.filename)
        data = f.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            abort(413)
        kind = sniff(data)
        result = None
        refused = None
        if not data.strip():
            refused = _("The file is empty.")
        elif kind not in ALLOWED_KINDS:
            looks = {"pdf": N_("a PDF document"), "ole": N_("an old Excel/Word file"), "zip": N_("a zip archive"),
                     "": N_("a binary file")}
            refused = _("This is not a file CT-NAT can read (it looks like {kind}). Send a CSV, XLSX, SPSS, Stata, "
                        "Word form or Markdown file.", kind=_(looks.get(kind or "", looks[""])))
        if refused is None:
            try:
                result = checker.run(data, name, country, root, MAX_UPLOAD, lang=g.lang)
            except CheckBusy:
                audit(root, u["name"], "upload", country=country, file=name, status="busy")
                return render_template("message.html", title=_("Busy"), user=u,
                                       message=_("Other files are being checked right now. Nothing was stored; "
                                                 "upload the file again in a minute.")), 503
            except CheckTimeout:
                refused = ngettext(
                    "checking the file took longer than {n} second and was stopped. Nothing was stored. Remove "
                    "unused sheets, very long cells or formatting and try again, or send the file to the research "
                    "team.",
                    "checking the file took longer than {n} seconds and was stopped. Nothing was stored. Remove "
                    "unused sheets, very long cells or formatting and try again, or send the file to the research "
                    "team.", int(cfg["CHECK_TIMEOUT"]))
        if refused is None:
            kind_dir = "interviews" if result.kind == "interview" else "surveys"
            stored = None
            if result.can_ingest:
                stored = store_received_file(data, country, kind_dir, name, root=root, uploaded_by=u["name"],
                                             status="accepted", rows=result.rows)
        status = "refused" if refused or not result.can_ingest else ("duplicate" if stored.duplicate else "stored")
        audit(root, u["name"], "upload", country=country, file=name, status=status,
              rows=result.rows if result else 0, problems=len(result.problems) if result else 1)
        return render_template("upload_result.html", user=u, country=country, name=name, refused=refused,
                               result=result, status=status), (200 if status != "refused" else 422)

    @app.get("/country/<country>/download/<what>")
    @login_required
    def download(country, what):
        country = country_or_403(country)
        from ..instruments import load_instruments
        from ..instruments.template import write_template
        from ..instruments.word_forms import write_interview_guide, write_survey_form
        from ..instruments.xlsform import write_xlsform
        from ..paths import instruments_dir

        lang = request.args.get("lang", "en")
        inst = load_instruments(instruments_dir(root))
        langs = inst.guide.languages if what == "interview_guide.docx" else inst.survey.languages
        if lang not in langs:
            abort(404, _("There is no {file} in the language '{lang}'. Available: {available}.", file=what,
                         lang=lang[:10], available=", ".join(langs)))
        makers = {
            "template.csv": lambda p: write_template(p, country)[0],
            "template.xlsx": lambda p: write_template(p, country)[0],
            "survey_form.docx": lambda p: write_survey_form(p, country, lang),
            "interview_guide.docx": lambda p: write_interview_guide(p, country, lang),
            "xlsform.xlsx": lambda p: write_xlsform(p, country),
        }
        outputs = _outputs(country)
        if what in makers:
            with tempfile.TemporaryDirectory() as tmp:
                path = makers[what](Path(tmp) / f"{country}_{what}")
                data = path.read_bytes()
            filename = f"CT-NAT_{country}_{what}"
        elif what in outputs and user()["role"] == "researcher":
            data = catalogue.path(DOWNLOADS[what], country, root).read_bytes()
            filename = outputs[what]
        else:
            abort(404)
        if filename.endswith(".csv"):
            data = escape_csv_bytes(data)
        elif filename.endswith(".xlsx"):
            data = escape_xlsx(data)
        audit(root, user()["name"], "download", country=country, file=filename)
        return send_file(io.BytesIO(data), as_attachment=True, download_name=filename,
                         mimetype="application/octet-stream")

    @app.post("/country/<country>/build")
    @login_required
    def build(country):
        country = country_or_403(country)
        u = user()
        researcher_or_403("run the build", _("Only researchers can run the build."))
        with app.config["LOCK"]:
            if jobs.get(country, {}).get("state") == "running":
                return redirect(url_for("country_page", country=country))
            job = {"state": "running", "steps": [], "started": time.time(), "error": None}
            jobs[country] = job
        audit(root, u["name"], "build", country=country)
        from .jobs import run_build

        threading.Thread(target=run_build, args=(country, root, job, tuple(LANGUAGES)), daemon=True).start()
        return redirect(url_for("build_status", country=country))

    @app.get("/country/<country>/build")
    @login_required
    def build_status(country):
        country = country_or_403(country)
        return render_template("build.html", user=user(), country=country, job=jobs.get(country),
                               outputs=_outputs(country))

    return app
