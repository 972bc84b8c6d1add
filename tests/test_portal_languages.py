"""The portal speaks the reader's language (issue 26): ``?lang=ru`` gives Russian on every
page, so does a browser that prefers Russian, every page has an EN / RU switch that keeps
the page, a choice is remembered for the user (and beats the browser's header), file-check
problems come back in Russian naming file, row and column, and times are written the
reader's way with their zone."""

from __future__ import annotations

import re

import pytest

from ctnat.ingest import ingest_country, store_received_file
from ctnat.messages import extract, format_datetime, language
from ctnat.portal import add_user, create_app
from ctnat.problems import UsageError
from tests.conftest import REPO, minimal_country

HEADER = "respondent_code,q3_1_4,q5_1_9,q8_3\n"
# what may stay Latin on a Russian page's headings: names, codes, formats and products
NAMES = r"CT-NAT|AZE|SHA-256|CSV|Excel|Word|XLSForm|KoboToolbox|ODK|bad_answers\.csv|Aze Focal|Researcher|EN|RU"


@pytest.fixture
def portal(project):
    minimal_country(project, all_interviews=False)
    store_received_file((HEADER + "AZEsur1,Adequate,Agree,\n").encode(), "AZE", "surveys", "kobo.csv",
                        root=project, uploaded_by="Aze Focal", status="accepted")
    ingest_country("AZE", root=project)
    codes = {"aze": add_user("Aze Focal", "AZE", "focal-point", root=project),
             "res": add_user("Researcher", None, "researcher", root=project)}
    return create_app(project, {"TESTING": True}), codes, project


def token(client, url="/login", **kw):
    html = client.get(url, **kw).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(app, code, **kw):
    c = app.test_client()
    c.post("/login", data={"code": code, "csrf_token": token(c, **kw)}, **kw)
    return c


def headings(html: str) -> list[str]:
    """The page's title, headings, table headers, buttons and labels, as text."""
    found = re.findall(r"<(title|h1|h2|th|button|label|summary)[^>]*>(.*?)</\1>", html, re.S)
    return [t for t in (" ".join(re.sub(r"<[^>]+>", " ", inner).split()) for _tag, inner in found) if t]


def english_left(text: str) -> list[str]:
    """Latin words of three letters or more once names and codes are taken out."""
    return re.findall(r"[A-Za-z]{3,}", re.sub(NAMES, "", text))


def upload(client, path, name, lang_query=""):
    with open(path, "rb") as fh:
        return client.post("/country/AZE/upload" + lang_query, content_type="multipart/form-data",
                           data={"csrf_token": token(client, "/country/AZE"), "file": (fh, name)})


def pages(app, codes):
    """(name, response) of every page a researcher and a focal point see, asked for in Russian."""
    res = signed_in(app, codes["res"])
    fp = signed_in(app, codes["aze"])
    out = [("login", app.test_client().get("/login?lang=ru")),
           ("countries", res.get("/?lang=ru")),
           ("country", res.get("/country/AZE?lang=ru")),
           ("received files", res.get("/country/AZE/files?lang=ru")),
           ("build", res.get("/country/AZE/build?lang=ru")),
           ("not found", res.get("/country/AZE/nothing?lang=ru")),
           ("not allowed", fp.get("/country/GEO?lang=ru"))]
    out.append(("upload result", upload(fp, REPO / "tests/fixtures/malformed/05_unknown_answer_value.csv",
                                        "bad_answers.csv")))
    return out


def test_every_page_has_russian_headings_with_lang_ru(portal):
    app, codes, _root = portal
    for name, r in pages(app, codes):
        html = r.get_data(as_text=True)
        assert '<html lang="ru">' in html, name
        heads = headings(html)
        assert heads, name
        for h in heads:
            assert not english_left(h), (name, h)
        assert any(re.search("[А-Яа-яЁё]", h) for h in heads), name


def test_a_browser_that_prefers_russian_gets_russian(portal):
    app, _codes, _root = portal
    ru = app.test_client().get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert "<h1>Вход</h1>" in ru.get_data(as_text=True)
    en = app.test_client().get("/login", headers={"Accept-Language": "en-GB,en;q=0.9,ru;q=0.5"})
    assert "<h1>Sign in</h1>" in en.get_data(as_text=True)
    de = app.test_client().get("/login", headers={"Accept-Language": "de"})
    assert "<h1>Sign in</h1>" in de.get_data(as_text=True)


def switch_links(html: str) -> dict[str, str]:
    return dict((lang, href.replace("&amp;", "&")) for href, lang in
                re.findall(r'<a href="([^"]+)" lang="(en|ru)" hreflang="\2">', html))


def test_every_page_has_a_switch_that_keeps_the_page(portal):
    app, codes, _root = portal
    for name, r in pages(app, codes):
        html = r.get_data(as_text=True)
        links = switch_links(html)
        assert set(links) == {"en"}, name  # the page is Russian: its switch offers English
        assert '<strong lang="ru" aria-current="true">RU</strong>' in html, name
        path = r.request.path
        expected = "/country/AZE?lang=en" if r.request.method == "POST" else f"{path}?lang=en"
        assert links["en"] == expected, name
    res = signed_in(app, codes["res"])
    english = res.get("/country/AZE/files?x=1&lang=en").get_data(as_text=True)
    assert switch_links(english) == {"ru": "/country/AZE/files?x=1&lang=ru"}
    # a path that starts with two slashes stays a path of this site
    odd = res.get("/", environ_overrides={"PATH_INFO": "//example.org/x"}).get_data(as_text=True)
    assert switch_links(odd)["ru"].startswith("/example.org/x?")


def test_a_remembered_choice_beats_the_browsers_language(portal):
    app, codes, root = portal
    first = signed_in(app, codes["aze"])
    first.get("/country/AZE?lang=ru")
    # another browser, which prefers English, with no cookie of the first
    other = signed_in(app, codes["aze"], headers={"Accept-Language": "en"})
    page = other.get("/country/AZE", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h2>Отправить файл</h2>" in page
    # switching back is remembered too
    other.get("/country/AZE?lang=en")
    page = signed_in(app, codes["aze"], headers={"Accept-Language": "ru"}).get(
        "/country/AZE", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "<h2>Send a file</h2>" in page
    # before signing in, the choice lives in a cookie, and is kept for the user who then signs in
    browser = app.test_client()
    browser.get("/login?lang=ru")
    assert "<h1>Вход</h1>" in browser.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    from ctnat.portal.users import load_users

    browser.post("/login", data={"code": codes["res"], "csrf_token": token(browser)})
    assert load_users(root)["Researcher"]["lang"] == "ru"


def test_the_language_of_a_download_is_not_the_page_language(portal):
    app, codes, root = portal
    c = signed_in(app, codes["aze"])
    r = c.get("/country/AZE/download/survey_form.docx?lang=ru")
    assert r.status_code == 200
    assert "<h2>Send a file</h2>" in c.get("/country/AZE").get_data(as_text=True)


def test_a_file_check_error_in_russian_names_file_row_and_column(portal):
    app, codes, _root = portal
    c = signed_in(app, codes["aze"])
    c.get("/country/AZE?lang=ru")
    r = upload(c, REPO / "tests/fixtures/malformed/05_unknown_answer_value.csv", "bad_answers.csv")
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Этот файл пока нельзя использовать: нужно исправить 1 ошибку." in html
    assert "<th>Файл</th><th>Строка</th><th>Столбец</th>" in html
    row = re.search(r'<tr class="error">(.*?)</tr>', html, re.S).group(1)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[:5] == ["Ошибка", "bad_answers.csv", "3", "q3_1_4", "Very good"]
    assert cells[5].startswith("«Very good» — не вариант ответа на вопрос 3.1.4")
    assert cells[6].startswith("одно из: ")
    # the same file checked for an English page says it in English
    en = signed_in(app, codes["res"])
    html = upload(en, REPO / "tests/fixtures/malformed/05_unknown_answer_value.csv", "bad_answers.csv").get_data(
        as_text=True)
    assert "&#39;Very good&#39; is not an answer to 3.1.4" in html


def test_times_are_written_the_readers_way_with_their_zone(portal):
    assert format_datetime("2026-12-07T10:05:00+00:00") == "7 December 2026, 10:05 (UTC)"
    with language("ru"):
        assert format_datetime("2026-12-07T10:05:00+00:00") == "7 декабря 2026\u202fг., 10:05 (UTC)"
        assert format_datetime("2026-12-07T10:05:00+00:00", "Asia/Baku") == \
            "7 декабря 2026\u202fг., 14:05 (Asia/Baku, UTC+04:00)"
    app, codes, root = portal
    html = signed_in(app, codes["res"]).get("/country/AZE/files?lang=ru").get_data(as_text=True)
    assert re.search(r"\d{1,2} [а-я]+ \d{4}\s?г\., \d\d:\d\d \(UTC\)", html)
    assert not re.search(r"\d{4}-\d\d-\d\dT?\s?\d\d:\d\d", html)  # no ISO times left
    baku = create_app(root, {"TESTING": True, "TIME_ZONE": "Asia/Baku"})
    assert "(Asia/Baku, UTC+04:00)" in signed_in(baku, codes["res"]).get("/country/AZE").get_data(as_text=True)
    with pytest.raises(UsageError, match="'Mars/Base' is not a time zone"):
        create_app(root, {"TESTING": True, "TIME_ZONE": "Mars/Base"})


def test_the_catalogue_holds_the_templates_messages():
    found = {m.id: [loc for loc, _n in m.locations] for m in extract() if m.id}
    assert "ctnat/portal/templates/country.html" in found["Upload and check"]
    assert "ctnat/portal/templates/upload_result.html" in found[
        ("This file cannot be used yet: {n} problem must be fixed. Nothing was stored. Correct the file and upload "
         "it again.", "This file cannot be used yet: {n} problems must be fixed. Nothing was stored. Correct the file "
         "and upload it again.")]
