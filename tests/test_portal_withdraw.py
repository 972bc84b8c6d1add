"""The portal's "Received files" page: researchers see every received file with
its number, date, SHA-256 and status, and withdraw one with a reason — through
the same function as ``ctnat withdraw``. Focal points cannot see or use it."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from tests.conftest import minimal_country
from ctnat.ingest import ingest_country, store_received_file
from ctnat.portal import add_user, create_app

HEADER = "respondent_code,q3_1_4,q5_1_9,q8_3\n"


@pytest.fixture
def portal(project):
    minimal_country(project, all_interviews=False)
    store_received_file((HEADER + "AZEsur1,Adequate,Agree,\nAZEsur2,Inadequate,Agree,\n").encode(), "AZE",
                        "surveys", "kobo_2016-01-20.csv", root=project, uploaded_by="Aze Focal", status="accepted")
    store_received_file((HEADER + "AZEsur1,Adequate,Agree,\nAZEsur2,Inadequate,Agree,\nAZEsur3,Adequate,Agree,\n")
                        .encode(), "AZE", "surveys", "kobo_2016-01-31.csv", root=project, uploaded_by="Aze Focal",
                        status="accepted")
    store_received_file((HEADER + "AZEsur9,Adequate,Agree,\n").encode(), "AZE", "surveys", "test_upload.csv",
                        root=project, uploaded_by="Aze Focal", status="accepted")
    ingest_country("AZE", root=project)
    codes = {"aze": add_user("Aze Focal", "AZE", "focal-point", root=project),
             "res": add_user("Researcher", None, "researcher", root=project)}
    return create_app(project, {"TESTING": True}), codes, project


def csrf(client, url="/login"):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(app, code):
    c = app.test_client()
    c.post("/login", data={"code": code, "csrf_token": csrf(c)})
    return c


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _withdrawals(root) -> list[dict]:
    log = root / "data/raw/AZE/withdrawals.jsonl"
    return [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def _withdraw(client, reason: str, file: str = "surveys/test_upload.csv"):
    """Post the Received files page's withdraw form (with its CSRF token) as the signed-in user."""
    return client.post("/country/AZE/files/withdraw", data={"csrf_token": csrf(client, "/country/AZE/files"),
                                                          "file": file, "reason": reason})


def test_a_researcher_sees_every_received_file_with_number_date_sha_and_status(portal):
    app, codes, root = portal
    c = signed_in(app, codes["res"])
    assert "Received files: status, withdrawals" in c.get("/country/AZE").get_data(as_text=True)
    r = c.get("/country/AZE/files")
    assert r.status_code == 200
    text = _text(r.get_data(as_text=True))
    sha = hashlib.sha256((root / "data/raw/AZE/surveys/test_upload.csv").read_bytes()).hexdigest()[:10]
    # in order of receipt: the hand-placed interview recorded by the first ingest comes after the uploads
    rows = re.findall(r"(\d) (surveys/\S+|interviews/\S+) (survey|interview)", text)
    assert [(n, f) for n, f, _ in rows] == [("1", "surveys/kobo_2016-01-20.csv"), ("2", "surveys/kobo_2016-01-31.csv"),
                                            ("3", "surveys/test_upload.csv"), ("4", "interviews/AZEint1.md")]
    assert "surveys/kobo_2016-01-20.csv survey · by Aze Focal" in text
    assert re.search(r"kobo_2016-01-20\.csv survey · by Aze Focal \d{1,2} \w+ \d{4}, \d\d:\d\d \(UTC\) [0-9a-f]{10} 2 "
                     r"superseded every record replaced by a later file", text)
    assert "test_upload.csv survey · by Aze Focal" in text and f"{sha} 1 received" in text
    assert "interviews/AZEint1.md interview · placed by hand" in text
    assert text.count("Withdraw file") == 4
    (root / "data/raw/AZE/surveys/late.csv").write_text(HEADER + "AZEsur7,Adequate,Agree,\n", encoding="utf-8")
    text = _text(c.get("/country/AZE/files").get_data(as_text=True))
    assert "5 surveys/late.csv survey · placed by hand not yet recorded: the next build records it" in text


def test_a_researcher_withdraws_a_file_which_is_kept_logged_and_left_out_of_the_next_ingest(portal):
    app, codes, root = portal
    c = signed_in(app, codes["res"])
    path = root / "data/raw/AZE/surveys/test_upload.csv"
    before = path.read_bytes()
    r = _withdraw(c, "a test upload by the focal point")
    assert r.status_code == 302
    page = c.get(r.headers["Location"])
    text = _text(page.get_data(as_text=True))
    assert ("Withdrawn: surveys/test_upload.csv (a test upload by the focal point). The file is kept. Run the build "
            "to leave it out of the report.") in text
    assert re.search(r"test_upload\.csv survey · by Aze Focal .* withdrawn \d{1,2} \w+ \d{4}, \d\d:\d\d \(UTC\) a test "
                     r"upload by the focal "
                     r"point", text)
    assert path.read_bytes() == before  # byte-identical
    [entry] = _withdrawals(root)
    assert (entry["file"], entry["reason"], entry["by"], entry["sha256"]) == (
        "surveys/test_upload.csv", "a test upload by the focal point", "Researcher",
        hashlib.sha256(before).hexdigest())
    audit = (root / "data/portal/audit.jsonl").read_text(encoding="utf-8")
    assert '"action": "withdraw"' in audit and "a test upload" not in audit
    m = ingest_country("AZE", root=root)
    assert [w["file"] for w in m["withdrawn"]] == ["surveys/test_upload.csv"]
    respondents = (root / "data/processed/AZE/respondents.csv").read_text(encoding="utf-8")
    assert "AZEsur9" not in respondents and "AZEsur3" in respondents


def test_a_focal_point_cannot_see_or_use_the_withdrawal(portal):
    app, codes, root = portal
    c = signed_in(app, codes["aze"])
    token = csrf(c, "/country/AZE")
    assert "Received files: status" not in c.get("/country/AZE").get_data(as_text=True)
    r = c.get("/country/AZE/files")
    assert r.status_code == 403 and "Only researchers can see the list of received files." in r.get_data(as_text=True)
    r = c.post("/country/AZE/files/withdraw", data={"csrf_token": token, "file": "surveys/test_upload.csv",
                                                     "reason": "not mine to withdraw"})
    assert r.status_code == 403
    assert _withdrawals(root) == []


def test_a_missing_reason_is_shown_and_nothing_is_logged(portal):
    app, codes, root = portal
    c = signed_in(app, codes["res"])
    r = _withdraw(c, "   ")
    assert r.status_code == 400
    assert ("surveys/test_upload.csv was not withdrawn: no reason given (expected: a reason, in words, why the file "
            "is withdrawn).") in _text(r.get_data(as_text=True))
    assert _withdrawals(root) == []


def test_a_reason_longer_than_the_annex_takes_is_refused(portal):
    app, codes, root = portal
    c = signed_in(app, codes["res"])
    r = _withdraw(c, "x" * 1001)
    assert r.status_code == 400
    assert "was not withdrawn: the reason has 1001 characters (expected: at most 1000 characters" in \
        _text(r.get_data(as_text=True))
    assert _withdrawals(root) == []


def test_a_withdrawal_without_the_csrf_token_is_refused(portal):
    app, codes, root = portal
    c = signed_in(app, codes["res"])
    r = c.post("/country/AZE/files/withdraw", data={"file": "surveys/test_upload.csv", "reason": "a test"})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    r = c.post("/country/AZE/files/withdraw", data={"csrf_token": "forged", "file": "surveys/test_upload.csv",
                                                     "reason": "a test"})
    assert r.status_code == 400
    assert _withdrawals(root) == []


def test_withdrawing_an_already_withdrawn_file_says_so(portal):
    app, codes, root = portal
    c = signed_in(app, codes["res"])
    token = csrf(c, "/country/AZE/files")
    form = {"csrf_token": token, "file": "surveys/test_upload.csv", "reason": "a test upload"}
    assert c.post("/country/AZE/files/withdraw", data=form).status_code == 302
    r = c.post("/country/AZE/files/withdraw", data=dict(form, reason="again"))
    assert r.status_code == 400
    assert re.search(r"surveys/test_upload\.csv was not withdrawn: the file is already withdrawn \(since "
                     r"\d{4}-\d\d-\d\d: a test upload\)\.", _text(r.get_data(as_text=True)))
    assert len(_withdrawals(root)) == 1


@pytest.mark.parametrize("name", ["surveys/nope.csv", "../GEO/surveys/x.csv", "/etc/passwd", "desk_review.yaml",
                                  "surveys/../desk_review.yaml", ""])
def test_only_a_listed_received_file_can_be_withdrawn(portal, name):
    app, codes, root = portal
    c = signed_in(app, codes["res"])
    r = _withdraw(c, "a test", file=name)
    assert r.status_code == 404 and "There is no such received file of this country." in r.get_data(as_text=True)
    assert _withdrawals(root) == []
