"""End to end in headless Chromium (Playwright driving Debian's /usr/bin/chromium):
an AZE focal point signs in, downloads the template, uploads a malformed file
and sees its row errors, uploads a good one and sees it listed, and is refused
the GEO page. The test starts the portal itself on a free local port."""

import shutil
import socket
import threading
from pathlib import Path

import pytest

from ctnat.portal import add_user, create_app
from tests.conftest import REPO, copy_country

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture
def server(project):
    from waitress.server import create_server

    copy_country(project, "AZE")
    code = add_user("Aze Focal", "AZE", "focal-point", root=project)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = create_server(create_app(project), host="127.0.0.1", port=port, threads=2)
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{port}", code, project
    srv.close()


def test_focal_point_journey(server, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed for this test: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    url, code, project = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(accept_downloads=True)
        page.goto(url + "/")
        page.fill("input[name=code]", code)
        page.click("button[type=submit]")
        assert page.url.endswith("/country/AZE")
        assert page.inner_text("h1") == "AZE"

        with page.expect_download() as dl:
            page.click("text=CSV upload template")
        saved = tmp_path / "template.csv"
        dl.value.save_as(saved)
        assert saved.read_text(encoding="utf-8-sig").startswith("respondent_code,q1_1,")

        page.set_input_files("input[type=file]", str(REPO / "tests/fixtures/malformed/05_unknown_answer_value.csv"))
        page.click("text=Upload and check")
        assert "cannot be used yet" in page.inner_text(".banner")
        row = page.locator("tr.error").first.inner_text()
        assert "3" in row and "q3_1_4" in row and "Very good" in row and "is not an answer to 3.1.4" in row
        page.screenshot(path=str(tmp_path / "upload_result.png"), full_page=True)

        good = tmp_path / "AZE_new_responses.csv"
        good.write_text("respondent_code,q1_2,q3_1_4\nAZEsur30,Law enforcement – police,Adequate\n", encoding="utf-8")
        page.goto(url + "/country/AZE")
        page.set_input_files("input[type=file]", str(good))
        page.click("text=Upload and check")
        assert "Accepted and stored" in page.inner_text(".banner")
        page.click("text=Back to AZE")
        assert "AZE_new_responses.csv" in page.inner_text("table")

        resp = page.goto(url + "/country/GEO")
        assert resp.status == 403 and "does not give access" in page.content()
        browser.close()
    assert (project / "data/raw/AZE/surveys/AZE_new_responses.csv").exists()
