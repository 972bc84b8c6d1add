"""The focal-point upload portal (Flask, server-rendered HTML, no JavaScript).

``create_app(root)`` builds the app over a project root. State lives in files:
``data/portal/users.json`` (hashed access codes), ``data/portal/audit.jsonl``
(sign-ins, uploads, builds — no respondent data), ``data/portal/jobs/`` (build
progress). Uploads are validated with :func:`ctnat.ingest.validate_file` and, when
they can be ingested, stored append-only with
:func:`ctnat.ingest.store_received_file`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import tempfile
import threading
import time
from collections import defaultdict
from functools import wraps
from pathlib import Path

from flask import Flask, abort, redirect, render_template, request, send_file, session, url_for

from ..ingest import store_received_file, validate_file
from ..ingest.readers import READABLE_KINDS, sniff
from ..paths import analysis_dir, raw_dir
from .safe_files import escape_csv_bytes, escape_xlsx
from .users import authenticate, load_users, may_access, portal_dir

MAX_UPLOAD = 20 * 1024 * 1024
ALLOWED_KINDS = READABLE_KINDS  # one registry: what validate and ingest read, the portal takes
ATTEMPTS, WINDOW, LOCKOUT = 5, 15 * 60, 15 * 60


def audit(root, user: str | None, action: str, **detail) -> None:
    d = portal_dir(root)
    d.mkdir(parents=True, exist_ok=True)
    rec = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "user": user, "action": action,
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
        SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=False, PERMANENT_SESSION_LIFETIME=8 * 3600,
        CTNAT_ROOT=root, LOCK=threading.Lock(),
    )
    app.config.update(config or {})
    failures: dict[str, list[float]] = defaultdict(list)
    jobs: dict[str, dict] = {}

    # ---------------------------------------------------------------- helpers
    def user():
        u = session.get("user")
        if not u:
            return None
        fresh = load_users(root).get(u["name"])
        if not fresh or fresh.get("revoked"):
            session.clear()
            return None
        return u

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
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        return session["csrf"]

    @app.before_request
    def check_csrf():
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
                abort(400, "The form has expired or did not come from this site (missing CSRF token). "
                           "Reload the page and try again.")

    @app.after_request
    def headers(resp):
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'self'; img-src 'self'; "
                                                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        return resp

    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.errorhandler(413)
    def too_large(e):
        return render_template("message.html", title="File too large", user=user(),
                               message=f"The file is larger than {MAX_UPLOAD // 1024 // 1024} MB. Split it or "
                                       "remove unused sheets and try again."), 413

    @app.errorhandler(403)
    def forbidden(e):
        return render_template("message.html", title="Not allowed", user=user(),
                               message="Your access code does not give access to this country."), 403

    @app.errorhandler(400)
    def bad_request(e):
        return render_template("message.html", title="Request refused", user=user(), message=e.description), 400

    # ---------------------------------------------------------------- routes
    @app.get("/login")
    def login():
        return render_template("login.html", user=None, error=None)

    @app.post("/login")
    def login_post():
        ip = request.remote_addr or "?"
        now = time.time()
        recent = [t for t in failures[ip] if now - t < WINDOW]
        failures[ip] = recent
        if len(recent) >= ATTEMPTS:
            audit(root, None, "sign-in locked", ip=ip)
            return render_template("login.html", user=None,
                                   error=f"Too many wrong codes. Try again in {LOCKOUT // 60} minutes."), 429
        u = authenticate(request.form.get("code", ""), root)
        if u is None:
            failures[ip].append(now)
            audit(root, None, "sign-in failed", ip=ip)
            return render_template("login.html", user=None, error="This access code is not valid."), 401
        failures.pop(ip, None)
        session.clear()
        session["user"] = u
        session.permanent = True
        audit(root, u["name"], "sign-in")
        return redirect(url_for("home"))

    @app.post("/logout")
    def logout():
        u = user()
        session.clear()
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
        processed = d.parent.parent / "processed" / country / "manifest.json"
        if processed.exists():
            m = json.loads(processed.read_text(encoding="utf-8"))
            resp = sum(i.get("rows", 0) or 0 for i in m.get("inputs", []) if i.get("kind") == "survey")
        return {"survey_files": surveys, "interview_files": interviews, "responses": resp}

    def _outputs(country):
        out = analysis_dir(country, root)
        names = {"report": f"{country}_assessment_report.docx", "handout": f"{country}_workshop_handout.docx",
                 "slides": f"{country}_workshop_slides.pptx", "worksheet": f"{country}_workshop_worksheet.docx"}
        return {k: v for k, v in names.items() if (out / v).exists()}

    @app.get("/country/<country>")
    @login_required
    def country_page(country):
        country = country_or_403(country)
        return render_template("country.html", user=user(), country=country, received=_received(country),
                               counts=_counts(country), outputs=_outputs(country), job=jobs.get(country))

    @app.post("/country/<country>/upload")
    @login_required
    def upload(country):
        country = country_or_403(country)
        u = user()
        f = request.files.get("file")
        if f is None or not f.filename:
            return render_template("message.html", title="No file", user=u, message="Choose a file to upload."), 400
        from ..ingest.store import safe_name

        name = safe_name(f.filename)
        data = f.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            abort(413)
        kind = sniff(data)
        result = None
        refused = None
        if not data.strip():
            refused = "The file is empty."
        elif kind not in ALLOWED_KINDS:
            refused = ("This is not a file CT-NAT can read (it looks like a "
                       f"{ {'pdf': 'PDF document', 'ole': 'old Excel/Word file', 'zip': 'zip archive'}.get(kind, 'binary file') }). "
                       "Send a CSV, XLSX, SPSS, Stata, Word form or Markdown file.")
        if refused is None:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / name
                path.write_bytes(data)
                result = validate_file(path, country, root=root, max_bytes=MAX_UPLOAD, display_name=name)
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
        from ..instruments.template import write_template
        from ..instruments.word_forms import write_interview_guide, write_survey_form
        from ..instruments.xlsform import write_xlsform

        makers = {
            "template.csv": lambda p: write_template(p, country)[0],
            "template.xlsx": lambda p: write_template(p, country)[0],
            "survey_form.docx": lambda p: write_survey_form(p, country, request.args.get("lang", "en")),
            "interview_guide.docx": lambda p: write_interview_guide(p, country, request.args.get("lang", "en")),
            "xlsform.xlsx": lambda p: write_xlsform(p, country),
        }
        outputs = _outputs(country)
        if what in makers:
            with tempfile.TemporaryDirectory() as tmp:
                path = makers[what](Path(tmp) / f"{country}_{what}")
                data = path.read_bytes()
            filename = f"CT-NAT_{country}_{what}"
        elif what in outputs and user()["role"] == "researcher":
            data = (analysis_dir(country, root) / outputs[what]).read_bytes()
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
        if u["role"] != "researcher":
            abort(403)
        with app.config["LOCK"]:
            if jobs.get(country, {}).get("state") == "running":
                return redirect(url_for("country_page", country=country))
            job = {"state": "running", "steps": [], "started": time.time(), "error": None}
            jobs[country] = job
        audit(root, u["name"], "build", country=country)
        from .jobs import run_build

        threading.Thread(target=run_build, args=(country, root, job), daemon=True).start()
        return redirect(url_for("build_status", country=country))

    @app.get("/country/<country>/build")
    @login_required
    def build_status(country):
        country = country_or_403(country)
        return render_template("build.html", user=user(), country=country, job=jobs.get(country),
                               outputs=_outputs(country))

    return app
