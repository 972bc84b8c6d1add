"""The upload portal's security guarantees, each with a test (Flask test client)."""

import io
import re
import zipfile

import openpyxl
import pytest

from ctnat.portal import add_user, create_app, revoke_user
from tests.conftest import copy_country


@pytest.fixture
def portal(project):
    copy_country(project, "AZE")
    codes = {"aze": add_user("Aze Focal", "AZE", "focal-point", root=project),
             "geo": add_user("Geo Focal", "GEO", "focal-point", root=project),
             "res": add_user("Researcher", None, "researcher", root=project)}
    app = create_app(project, {"TESTING": True})
    return app, codes, project


def csrf(client, url="/login"):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, code):
    return client.post("/login", data={"code": code, "csrf_token": csrf(client)})


def test_only_a_hash_of_the_code_is_stored(portal):
    app, codes, root = portal
    text = (root / "data/portal/users.json").read_text()
    assert codes["aze"].split("-", 1)[1] not in text and "hash" in text


def test_wrong_and_revoked_codes_are_refused(portal):
    app, codes, root = portal
    c = app.test_client()
    assert sign_in(c, "deadbeef-not-a-real-code-at-all").status_code == 401
    revoke_user("Geo Focal", root=root)
    r = sign_in(c, codes["geo"])
    assert r.status_code == 401 and "not valid" in r.get_data(as_text=True)


def test_sign_in_attempts_are_limited(portal):
    app, codes, _ = portal
    c = app.test_client()
    for _ in range(5):
        assert sign_in(c, "deadbeef-wrong-wrong-wrong").status_code == 401
    r = sign_in(c, codes["aze"])  # even the right code waits during the lock-out
    assert r.status_code == 429 and "Too many wrong codes" in r.get_data(as_text=True)


def test_cookies_are_httponly_and_samesite(portal):
    app, codes, _ = portal
    c = app.test_client()
    r = sign_in(c, codes["aze"])
    cookie = r.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forms_need_the_csrf_token(portal):
    app, codes, _ = portal
    c = app.test_client()
    assert c.post("/login", data={"code": codes["aze"]}).status_code == 400
    sign_in(c, codes["aze"])
    r = c.post("/country/AZE/upload", data={"file": (io.BytesIO(b"respondent_code\n"), "x.csv")},
               content_type="multipart/form-data")
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)


def test_a_focal_point_cannot_read_upload_to_or_build_another_country(portal):
    app, codes, _ = portal
    c = app.test_client()
    sign_in(c, codes["aze"])
    token = csrf(c, "/country/AZE")
    assert c.get("/country/GEO").status_code == 403
    assert c.get("/country/geo").status_code == 403
    assert c.get("/country/GEO/download/template.csv").status_code == 403
    r = c.post("/country/GEO/upload", data={"csrf_token": token, "file": (io.BytesIO(b"a"), "a.csv")},
               content_type="multipart/form-data")
    assert r.status_code == 403
    assert c.post("/country/GEO/build", data={"csrf_token": token}).status_code == 403
    assert c.post("/country/AZE/build", data={"csrf_token": token}).status_code == 403  # researchers only
    assert c.get("/country/AZE").status_code == 200


def _upload(c, name, data, country="AZE"):
    token = csrf(c, f"/country/{country}")
    return c.post(f"/country/{country}/upload", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                  content_type="multipart/form-data")


def test_uploads_above_the_size_limit_are_refused(portal):
    app, codes, _ = portal
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    c = app.test_client()
    sign_in(c, codes["aze"])
    r = _upload(c, "big.csv", b"respondent_code\n" + b"AZEsur1\n" * 20_000)
    assert r.status_code == 413 and "larger than" in r.get_data(as_text=True)


def test_file_names_cannot_escape_the_country_folder(portal):
    app, codes, root = portal
    c = app.test_client()
    sign_in(c, codes["aze"])
    good = (root / "data/raw/AZE/surveys/AZE_esurvey_responses.csv").read_bytes().replace(b"AZEsur", b"AZEsur1")
    r = _upload(c, "../../../GEO/surveys/evil.csv", good)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert (root / "data/raw/AZE/surveys/evil.csv").exists()
    assert not (root / "data/raw/GEO").exists()
    assert not list(root.rglob("*evil*"))[0].relative_to(root).as_posix().startswith("data/raw/GEO")


def test_the_file_type_is_judged_by_content(portal):
    app, codes, root = portal
    c = app.test_client()
    sign_in(c, codes["aze"])
    r = _upload(c, "responses.csv", b"%PDF-1.4 fake pdf\n")
    assert r.status_code == 422 and "PDF" in r.get_data(as_text=True)
    assert not (root / "data/raw/AZE/surveys/responses.csv").exists()


def test_a_spreadsheet_bomb_is_refused(portal):
    app, codes, _ = portal
    c = app.test_client()
    sign_in(c, codes["aze"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (250 * 1024 * 1024))
    r = _upload(c, "bomb.xlsx", buf.getvalue())
    assert r.status_code == 422 and "would expand to" in r.get_data(as_text=True)


def test_uploaded_content_is_never_served_back_as_html(portal):
    app, codes, _ = portal
    c = app.test_client()
    sign_in(c, codes["aze"])
    r = _upload(c, "<script>alert(1)</script>.csv", b"respondent_code,q3_1_4\nAZEsur9,<script>alert(2)</script>\n")
    html = r.get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]


def test_served_spreadsheets_cannot_start_a_cell_with_a_formula(portal):
    app, codes, _ = portal
    c = app.test_client()
    sign_in(c, codes["aze"])
    r = c.get("/country/AZE/download/template.csv")
    assert r.headers["Content-Disposition"].startswith("attachment")
    import csv
    rows = list(csv.reader(io.StringIO(r.get_data().decode("utf-8-sig"))))
    assert rows[0][0] == "respondent_code"
    from ctnat.portal.safe_files import escape_csv_bytes, escape_xlsx, neutralise
    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and neutralise("-1") == "'-1"
    evil = escape_csv_bytes(b"a,b\n=1+1,@SUM(A1)\n+x,-y\n").decode("utf-8-sig")
    assert "\n'=1+1,'@SUM(A1)\n'+x,'-y" in evil
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=cmd|' /C calc'!A0"
    buf = io.BytesIO()
    wb.save(buf)
    cleaned = openpyxl.load_workbook(io.BytesIO(escape_xlsx(buf.getvalue()))).active["A1"].value
    assert cleaned.startswith("'=")
    x = c.get("/country/AZE/download/template.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(x.get_data()))
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, str) and v[:1] in "=+-@")


def test_upload_of_a_good_file_is_stored_once_and_audited_without_respondent_data(portal):
    app, codes, root = portal
    c = app.test_client()
    sign_in(c, codes["aze"])
    good = b"respondent_code,q1_2,q3_1_4\nAZEsur21,Law enforcement \xe2\x80\x93 police,Adequate\n"
    r1 = _upload(c, "new.csv", good)
    assert r1.status_code == 200 and "Accepted and stored" in r1.get_data(as_text=True)
    r2 = _upload(c, "new again.csv", good)
    assert "already received" in r2.get_data(as_text=True)
    assert len(list((root / "data/raw/AZE/surveys").glob("new*"))) == 1
    audit = (root / "data/portal/audit.jsonl").read_text()
    assert '"action": "upload"' in audit and "AZEsur21" not in audit and "Adequate" not in audit
    page = c.get("/country/AZE").get_data(as_text=True)
    assert "new.csv" in page and "Aze Focal" in page


def test_a_researcher_builds_in_the_background(portal):
    app, codes, root = portal
    c = app.test_client()
    sign_in(c, codes["res"])
    token = csrf(c, "/country/AZE")
    r = c.post("/country/AZE/build", data={"csrf_token": token})
    assert r.status_code == 302
    import time
    for _ in range(240):
        page = c.get("/country/AZE/build").get_data(as_text=True)
        if "Done." in page or "The build stopped" in page:
            break
        time.sleep(0.5)
    assert "Done." in page, page
    assert "AZE_assessment_report.docx" in page
    d = c.get("/country/AZE/download/report")
    assert d.status_code == 200 and d.data[:2] == b"PK"
